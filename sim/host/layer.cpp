#include "layer.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "crc32c.h"
#include "edqa_hw_config.h"
#include "edqa_numerics.h"
#include "host_error.h"

namespace edqa_host {

namespace {

constexpr uint16_t kVersion = 1;
constexpr uint32_t kMaxRank = 4;

void put_u32(std::vector<uint8_t>& bytes, uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<uint8_t>(value >> (8 * i)));
}

uint32_t code_words(uint32_t length, uint32_t bits) { return edqa_hw::words_for_bits(length * bits); }

uint32_t important_header_words(uint32_t length, uint32_t bits, uint32_t extra_bits) {
  return code_words(length, bits) + edqa_hw::words_for_bits((1u << extra_bits) * edqa_hw::kCodeLengthFieldBits) + 1;
}

// Bounds-checked little-endian reading: running off the end is a "truncated" input error.
class Cursor {
 public:
  Cursor(const std::vector<uint8_t>& data, std::string where) : data_(data), where_(std::move(where)) {}
  size_t offset() const { return offset_; }
  void seek(size_t offset) { offset_ = offset; }
  void require(uint64_t count, const std::string& what) const {
    if (data_.size() < offset_ || data_.size() - offset_ < count) {
      throw InputError(where_ + ": truncated: " + what + " need " + std::to_string(count) + " bytes at offset " + std::to_string(offset_) + ", the file has " + std::to_string(data_.size()));
    }
  }
  uint8_t u8() {
    require(1, "1 byte");
    return data_[offset_++];
  }
  uint32_t u32() {
    require(4, "4 bytes");
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value |= static_cast<uint32_t>(data_[offset_ + i]) << (8 * i);
    offset_ += 4;
    return value;
  }

 private:
  const std::vector<uint8_t>& data_;
  std::string where_;
  size_t offset_ = 0;
};

}  // namespace

int default_channel_axis(size_t rank) { return rank <= 2 ? 0 : 1; }

Layout make_layout(const std::vector<uint64_t>& shape, int channel_axis, const std::string& what) {
  if (shape.empty() || shape.size() > kMaxRank) throw InputError(what + ": tensor rank " + std::to_string(shape.size()) + " is not in [1, 4]");
  if (channel_axis < 0 || static_cast<size_t>(channel_axis) >= shape.size()) {
    throw InputError(what + ": channel axis " + std::to_string(channel_axis) + " is outside a tensor of rank " + std::to_string(shape.size()));
  }
  Layout layout;
  layout.channel_axis = static_cast<uint32_t>(channel_axis);
  uint64_t outer = 1, inner = 1, total = 1;
  for (size_t axis = 0; axis < shape.size(); ++axis) {
    if (shape[axis] > 0x7FFFFFFFull) throw InputError(what + ": dimension " + std::to_string(axis) + " is too large");
    layout.shape.push_back(static_cast<uint32_t>(shape[axis]));
    total *= shape[axis];
    if (total > (1ull << 31)) throw InputError(what + ": more than 2^31 elements");
    if (static_cast<int>(axis) < channel_axis) outer *= shape[axis];
    if (static_cast<int>(axis) > channel_axis) inner *= shape[axis];
  }
  if (outer * shape[channel_axis] > (1ull << 31)) throw InputError(what + ": more than 2^31 records");
  if (inner > (1u << 24)) throw InputError(what + ": channel length " + std::to_string(inner) + " exceeds the format's 2^24");
  layout.outer = static_cast<uint32_t>(outer);
  layout.channels = static_cast<uint32_t>(shape[channel_axis]);
  layout.length = static_cast<uint32_t>(inner);
  return layout;
}

GroupScale group_scale(float max, uint32_t bits) {
  if (!(max >= std::ldexp(1.0f, -64))) return GroupScale{0.0f, 0.0f, 0.0f};  // flushed or zero (spec §2.2)
  const float levels = static_cast<float>(1u << (bits - 1));
  return GroupScale{max, levels / max, max * (1.0f / levels)};
}

std::vector<float> group_maxima(const std::vector<float>& data, const Layout& layout, Granularity granularity,
                                const std::string& what) {
  std::vector<float> maxima(granularity == Granularity::kLayer ? 1 : layout.channels, 0.0f);
  for (uint64_t record = 0; record < layout.records(); ++record) {
    const size_t group = granularity == Granularity::kLayer ? 0 : record % layout.channels;
    for (uint32_t i = 0; i < layout.length; ++i) {
      const uint64_t index = record * layout.length + i;
      const float x = data[index];
      if (!std::isfinite(x)) {
        char value[32];
        std::snprintf(value, sizeof value, "%g", static_cast<double>(x));
        throw InputError(what + ": element " + std::to_string(index) + " (sample " + std::to_string(record / layout.channels) + ", channel " + std::to_string(record % layout.channels) + ", element " + std::to_string(i) + ") is " + value + "; eDQA quantizes finite values only");
      }
      maxima[group] = std::fmax(maxima[group], std::fabs(x));
    }
  }
  for (float& max : maxima) max = group_scale(max, edqa_hw::kMaxBits).max;
  return maxima;
}

std::vector<uint8_t> to_edqa_bytes(const QuantizedLayer& layer) {
  std::vector<uint8_t> bytes = {'E', 'D', 'Q', 'A', kVersion & 0xFF, kVersion >> 8,
                                static_cast<uint8_t>(layer.bits), static_cast<uint8_t>(layer.extra_bits),
                                static_cast<uint8_t>(layer.granularity), static_cast<uint8_t>(layer.layout.shape.size()),
                                static_cast<uint8_t>(layer.layout.channel_axis), 0};
  for (uint32_t dim : layer.layout.shape) put_u32(bytes, dim);
  for (float scale : layer.scales) put_u32(bytes, edqa_hw::float_to_bits(scale));
  std::vector<uint32_t> bitmap((layer.layout.channels + 31) / 32, 0);
  for (uint32_t c = 0; c < layer.layout.channels; ++c) {
    if (layer.important[c] != 0) bitmap[c / 32] |= 1u << (c % 32);
  }
  for (uint32_t word : bitmap) put_u32(bytes, word);
  for (const auto& record : layer.records) put_u32(bytes, static_cast<uint32_t>(record.size()));
  put_u32(bytes, crc32c(bytes.data(), bytes.size()));
  for (const auto& record : layer.records) {
    const size_t start = bytes.size();
    for (uint32_t word : record) put_u32(bytes, word);
    put_u32(bytes, crc32c(bytes.data() + start, bytes.size() - start));
  }
  return bytes;
}

void write_edqa(const std::string& path, const QuantizedLayer& layer) {
  const std::vector<uint8_t> bytes = to_edqa_bytes(layer);
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw InputError(path + ": cannot write");
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) throw InputError(path + ": cannot write");
}

QuantizedLayer read_edqa(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": no such file");
  const std::vector<uint8_t> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Cursor cursor(file, path + ": header");
  const uint8_t magic[4] = {cursor.u8(), cursor.u8(), cursor.u8(), cursor.u8()};
  if (std::memcmp(magic, "EDQA", 4) != 0) throw InputError(path + ": header: magic is not \"EDQA\"; this is not an .edqa file");
  const uint32_t version = cursor.u8() | (cursor.u8() << 8);
  if (version != kVersion) throw InputError(path + ": header: version " + std::to_string(version) + " is not supported");
  QuantizedLayer layer;
  layer.bits = cursor.u8();
  layer.extra_bits = cursor.u8();
  const uint8_t granularity = cursor.u8();
  const uint32_t rank = cursor.u8();
  const uint32_t axis = cursor.u8();
  const uint8_t reserved = cursor.u8();
  if (layer.bits < 2 || layer.bits > 8 || layer.extra_bits < 1 || layer.extra_bits > layer.bits) {
    throw InputError(path + ": header: N = " + std::to_string(layer.bits) + ", m = " + std::to_string(layer.extra_bits) + " out of range");
  }
  if (granularity > 1 || reserved != 0 || rank < 1 || rank > kMaxRank || axis >= rank) {
    throw InputError(path + ": header: granularity, rank, channel axis or reserved byte out of range");
  }
  layer.granularity = static_cast<Granularity>(granularity);
  std::vector<uint64_t> shape;
  for (uint32_t i = 0; i < rank; ++i) shape.push_back(cursor.u32());
  layer.layout = make_layout(shape, static_cast<int>(axis), path + ": header: shape");
  const Layout& layout = layer.layout;
  const uint64_t scale_count = layer.granularity == Granularity::kLayer ? 1 : layout.channels;
  cursor.require(4 * (scale_count + (layout.channels + 31) / 32 + layout.records() + 1), "the scale, importance and record-size tables");
  for (uint64_t g = 0; g < scale_count; ++g) {
    const float max = edqa_hw::bits_to_float(cursor.u32());
    if (!(max == 0.0f && !std::signbit(max)) && !(std::isfinite(max) && max >= std::ldexp(1.0f, -64))) {
      throw InputError(path + ": header: scale M of group " + std::to_string(g) + " must be +0 or finite and >= 2^-64");
    }
    layer.scales.push_back(max);
  }
  layer.important.assign(layout.channels, 0);
  for (uint32_t word = 0; word < (layout.channels + 31) / 32; ++word) {
    const uint32_t bits = cursor.u32();
    for (uint32_t bit = 0; bit < 32; ++bit) {
      const uint32_t channel = word * 32 + bit;
      const bool set = ((bits >> bit) & 1u) != 0;
      if (channel < layout.channels) {
        layer.important[channel] = set ? 1 : 0;
      } else if (set) {
        throw InputError(path + ": header: importance bitmap marks channel " + std::to_string(channel) + " of " + std::to_string(layout.channels));
      }
    }
  }
  std::vector<uint32_t> sizes;
  const uint32_t direct = code_words(layout.length, layer.bits);
  const uint32_t minimum = important_header_words(layout.length, layer.bits, layer.extra_bits);
  const uint32_t maximum = minimum + edqa_hw::words_for_bits(layout.length * edqa_hw::kMaxCodeLength);
  for (uint64_t r = 0; r < layout.records(); ++r) {
    const uint32_t words = cursor.u32();
    const bool important = layer.important[r % layout.channels] != 0;
    if (important ? (words < minimum || words > maximum) : words != direct) {
      throw InputError(path + ": header: size of record " + std::to_string(r) + " is " + std::to_string(words) + " words, impossible for its channel");
    }
    sizes.push_back(words);
  }
  const size_t header_end = cursor.offset();
  if (cursor.u32() != crc32c(file.data(), header_end)) throw InputError(path + ": header: CRC-32C mismatch; the header is corrupted");
  for (uint64_t r = 0; r < layout.records(); ++r) {
    const std::string where = path + ": record " + std::to_string(r) + " (sample " + std::to_string(r / layout.channels) + ", channel " + std::to_string(r % layout.channels) + ")";
    Cursor record_cursor(file, where);
    record_cursor.seek(cursor.offset());
    record_cursor.require(4ull * sizes[r] + 4, "the record and its CRC");
    std::vector<uint32_t> words;
    for (uint32_t w = 0; w < sizes[r]; ++w) words.push_back(record_cursor.u32());
    if (record_cursor.u32() != crc32c(file.data() + cursor.offset(), 4ull * sizes[r])) throw InputError(where + ": CRC-32C mismatch; the record is corrupted");
    cursor.seek(record_cursor.offset());
    layer.records.push_back(std::move(words));
  }
  if (cursor.offset() != file.size()) throw InputError(path + ": file: followed by extra bytes");
  return layer;
}

}  // namespace edqa_host
