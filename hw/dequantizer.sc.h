// Dequantizer: (q, e) pairs in, float32 activations out, one element per cycle (docs/spec.md §2.3):
//
//   direct:     x^ = float32(q) * delta
//   important:  x^ = float32(q * 2^m + e) * (delta * 2^-m)
//
// delta * 2^-m is an exponent subtract (exact); the only arithmetic unit is one int-to-float conversion and one
// float multiply. (The authors' hardware added e without the 2^-m scale: [0, 1, 2] came back as [0, 1, 5].)
#ifndef EDQA_DEQUANTIZER_SC_H
#define EDQA_DEQUANTIZER_SC_H

#include <systemc.h>

#include "edqa_hw_config.h"
#include "edqa_numerics.h"
#include "edqa_stage.h"
#include "edqa_stream.h"
#include "huffman_decoder.sc.h"

namespace edqa_hw {

struct Dequantizer : public StageModule<Dequantizer> {
  sc_in<uint32_t> extra_bits;
  sc_in<bool> important;
  sc_in<uint32_t> length;
  sc_in<uint32_t> delta_bits;

  sc_fifo_in<uint16_t> elements_in;
  sc_fifo_out<Beat> values_out;

  SC_HAS_PROCESS(Dequantizer);
  explicit Dequantizer(sc_module_name name) : StageModule<Dequantizer>(name) {
    EDQA_STAGE_THREAD();
  }

  void on_reset() {
    drain_on_reset(elements_in);
  }

  // One channel (StageModule calls it between start and done).
  void process(uint32_t& busy) {
    const bool wide = important.read();
    const int shift = wide ? static_cast<int>(extra_bits.read()) : 0;
    const float step = bits_to_float(scale_by_power_of_two(delta_bits.read(), -shift));
    const uint32_t count = length.read();
  DEQUANTIZE_LOOP:
    for (int i = 0; i < kMaxLength; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 4096)
      if (static_cast<uint32_t>(i) == count) break;
      const uint16_t element = stream_pop(elements_in, busy);
      const int32_t t = element_code(element) * (1 << shift) + static_cast<int32_t>(element_error(element));
      const float value = static_cast<float>(t) * step;
      stream_push(values_out, Beat(float_to_bits(value), static_cast<uint32_t>(i) + 1 == count), busy);
      tick(busy);
    }
  }
};

}  // namespace edqa_hw

#endif  // EDQA_DEQUANTIZER_SC_H
