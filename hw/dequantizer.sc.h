// Dequantizer: (q, e) pairs in, float32 activations out, one element per cycle (docs/spec.md §2.3):
//
//   direct:     x^ = float32(q) * delta
//   important:  x^ = float32(q * 2^m + e) * (delta * 2^-m)
//
// q is the decoder's sign-extended code, or on the unsigned grid (UNSIGNED) its N bits zero-extended.
//
// delta * 2^-m is an exponent subtract (exact); the arithmetic is one int-to-float conversion and one float
// multiply. (The authors' hardware added e without the 2^-m scale: [0, 1, 2] came back as [0, 1, 5].) The last
// value carries TLAST. Schedule: DEQUANTIZE in edqa_schedule.h.
#ifndef EDQA_DEQUANTIZER_SC_H
#define EDQA_DEQUANTIZER_SC_H

#include <systemc.h>

#include "edqa_hw_config.h"
#include "edqa_numerics.h"
#include "edqa_rtl_trace.h"
#include "edqa_schedule.h"
#include "edqa_stream.h"
#include "edqa_types.h"

namespace edqa_hw {

SC_MODULE(Dequantizer) {
  sc_in<bool> clk;
  sc_in<bool> reset;
  sc_out<bool> busy;

  sc_fifo_in<StageDescriptor> config_in;
  sc_fifo_in<DecodedElement> elements_in;
  sc_fifo_out<Beat> values_out;

  SC_CTOR(Dequantizer) {
    SC_CTHREAD(run, clk.pos());
    reset_signal_is(reset, true);
  }

 private:
  PipelineClock clock_;
  PipelineOutput<Beat> pending_;

  void tick() { stream_tick(values_out, pending_, clock_); }

  void run() {
    busy.write(false);
    drain_on_reset(config_in);
    drain_on_reset(elements_in);
#if !defined(__SYNTHESIS__)
    pending_.clear();
#endif
    wait();
    while (true) {
      const StageDescriptor config = await_record(config_in, busy);
      dequantize_record(config);
      busy.write(false);
    }
  }

  void dequantize_record(const StageDescriptor& config) {
    const bool wide = config.important;
    const int n = static_cast<int>(config.bits);
    const bool unsigned_grid = config.unsigned_grid;
    const int shift = wide ? static_cast<int>(config.extra_bits) : 0;
    const float step = bits_to_float(scale_by_power_of_two(config.scale.to_uint(), -shift));
    const uint32_t count = config.length;
    // DEQUANTIZE's entry and exit states (schedule::kLoopEntryExitCycles), charged where it starts: HLS builds them.
    stream_enter_loop(values_out, pending_, clock_);
  DEQUANTIZE:
    for (int i = 0; i < kMaxLength; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 4096)
      if (static_cast<uint32_t>(i) == count) break;
      const DecodedElement element = stream_read(elements_in);
      // The decoder sign-extends every code; an unsigned one is its N bits again (a mux, before the shift).
      const int32_t code = element.code.to_int();
      const int32_t q = unsigned_grid ? static_cast<int32_t>(to_field(code, n)) : code;
      const int32_t t = q * (1 << shift) + static_cast<int32_t>(element.error.to_uint());
      const float converted = static_cast<float>(t);
      const float value = converted * step;
      EDQA_RTL_TRACE("int_to_float", this, (static_cast<uint32_t>(t)), (float_to_bits(converted)));
      EDQA_RTL_TRACE("float_multiply", this, (float_to_bits(converted), float_to_bits(step)), (float_to_bits(value)));
      stream_output(values_out, pending_, clock_, Beat(float_to_bits(value), static_cast<uint32_t>(i) + 1 == count),
                    schedule::kDequantizeDepth);
      tick();
    }
    if (count > 0) stream_drain(values_out, pending_, clock_, schedule::kDequantizeFlush);
  }
};

}  // namespace edqa_hw

#endif  // EDQA_DEQUANTIZER_SC_H
