// Quantizer: float32 activations in, N-bit codes (packed into words) and m-bit shifting errors out, one element
// per cycle (docs/spec.md §2.3).
//
//   values_in (float32 bits) --> [ x * inv' -> rne -> clamp -> t ] --> q = t >> m --> pack N bits --> codes_out
//                                                                 \--> e = t & (2^m - 1) ------------> errors_out
//
// For a direct channel inv' = inv and t is the code itself; for an important one inv' = inv * 2^m (an exponent
// add, exact) and t has N + m bits. No division and no floating-point rounding unit: one float multiply, then
// round_clamp on the product's bits.
#ifndef EDQA_QUANTIZER_SC_H
#define EDQA_QUANTIZER_SC_H

#include <systemc.h>

#include "edqa_bit_packing.h"
#include "edqa_hw_config.h"
#include "edqa_numerics.h"
#include "edqa_stage.h"
#include "edqa_stream.h"

namespace edqa_hw {

struct Quantizer : public StageModule<Quantizer> {
  // Configuration, held stable by the control while start is high.
  sc_in<uint32_t> bits;
  sc_in<uint32_t> extra_bits;
  sc_in<bool> important;
  sc_in<uint32_t> length;
  sc_in<uint32_t> inv_bits;

  sc_fifo_in<uint32_t> values_in;
  sc_fifo_out<uint32_t> codes_out;
  sc_fifo_out<uint8_t> errors_out;

  SC_HAS_PROCESS(Quantizer);
  explicit Quantizer(sc_module_name name) : StageModule<Quantizer>(name) {
    EDQA_STAGE_THREAD();
  }

  void on_reset() {
    drain_on_reset(values_in);
  }

  // One channel (StageModule calls it between start and done).
  void process(uint32_t& busy) {
    const int n = static_cast<int>(bits.read());
    const int m = static_cast<int>(extra_bits.read());
    const bool wide = important.read();
    const uint32_t count = length.read();
    const int value_bits = wide ? n + m : n;
    const int32_t lo = -(1 << (value_bits - 1));
    const int32_t hi = (1 << (value_bits - 1)) - 1;
    const int shift = wide ? m : 0;
    const uint32_t error_mask = (1u << m) - 1u;
    const float multiplier = bits_to_float(scale_by_power_of_two(inv_bits.read(), shift));

    // Codes are packed most significant bit first (spec §4.1); at most 31 bits wait for the next word, and the
    // last element also sends the zero-padded partial word, in the same cycle.
    WordPacker packer;
    uint32_t word;
  QUANTIZE_LOOP:
    for (int i = 0; i < kMaxLength; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 4096)
      if (static_cast<uint32_t>(i) == count) break;
      const float x = bits_to_float(stream_pop(values_in, busy));
      const int32_t t = round_clamp(x * multiplier, lo, hi);
      const int32_t q = t >> shift;  // arithmetic shift: floor
      if (packer.append(to_field(q, n), n, word)) stream_push(codes_out, word, busy);
      if (static_cast<uint32_t>(i) + 1 == count && packer.flush(word)) stream_push(codes_out, word, busy);
      if (wide) stream_push(errors_out, static_cast<uint8_t>(static_cast<uint32_t>(t) & error_mask), busy);
      tick(busy);
    }
  }
};

}  // namespace edqa_hw

#endif  // EDQA_QUANTIZER_SC_H
