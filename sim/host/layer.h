// A quantized layer on the host side (the content of an .edqa file, docs/spec.md §4.3) and the scale arithmetic
// of §2.2. The C# golden model defines both; this is the C++ twin the runner and the board tools use, tested
// byte for byte against it.
#ifndef EDQA_HOST_LAYER_H
#define EDQA_HOST_LAYER_H

#include <cstdint>
#include <string>
#include <vector>

namespace edqa_host {

enum class Granularity : uint8_t { kLayer = 0, kChannel = 1 };

struct Layout {
  std::vector<uint32_t> shape;
  uint32_t channel_axis = 0;
  uint32_t outer = 0;     // product of the dimensions before the channel axis
  uint32_t channels = 0;  // C
  uint32_t length = 0;    // L, product of the dimensions after it
  uint64_t records() const { return static_cast<uint64_t>(outer) * channels; }
  uint64_t elements() const { return records() * length; }
};

// Validates rank (1..4), axis and sizes; throws InputError with `what` as the subject.
Layout make_layout(const std::vector<uint64_t>& shape, int channel_axis, const std::string& what);
int default_channel_axis(size_t rank);

struct QuantizedLayer {
  uint32_t bits = 0;
  uint32_t extra_bits = 0;
  Granularity granularity = Granularity::kLayer;
  Layout layout;
  std::vector<float> scales;        // M per group
  std::vector<uint8_t> important;   // per channel
  std::vector<std::vector<uint32_t>> records;
};

// The scale factors of one group (spec §2.2): M < 2^-64 flushes to the zero group.
struct GroupScale {
  float max;
  float inv;
  float delta;
};
GroupScale group_scale(float max, uint32_t bits);

// M per group over a C-order tensor. Throws InputError naming the first non-finite element.
std::vector<float> group_maxima(const std::vector<float>& data, const Layout& layout, Granularity granularity,
                                const std::string& what);

std::vector<uint8_t> to_edqa_bytes(const QuantizedLayer& layer);
void write_edqa(const std::string& path, const QuantizedLayer& layer);

// Reads and validates header, sizes and every CRC (record contents are checked when decoded).
QuantizedLayer read_edqa(const std::string& path);

}  // namespace edqa_host

#endif  // EDQA_HOST_LAYER_H
