// Quantizer: float32 activations in, N-bit codes (packed into words) and m-bit shifting errors out, one element
// per cycle (docs/spec.md §2.3).
//
//   values_in (float32 bits) --> [ x * inv' -> rne -> clamp -> t ] --> q = t >> m --> pack N bits --> codes_out
//                                                                 \--> e = t & (2^m - 1) ------------> errors_out
//
// For a direct record inv' = inv and t is the code itself; for an important one inv' = inv * 2^m (an exponent
// add, exact) and t has N + m bits. UNSIGNED changes only the clamp bounds, set before the loop (t >= 0 then, and
// its low N bits are the code either way). No division and no floating-point rounding unit: one float multiply, then
// round_clamp on the product's bits. Schedule: QUANTIZE in edqa_schedule.h.
#ifndef EDQA_QUANTIZER_SC_H
#define EDQA_QUANTIZER_SC_H

#include <systemc.h>

#include "edqa_bit_packing.h"
#include "edqa_hw_config.h"
#include "edqa_numerics.h"
#include "edqa_rtl_trace.h"
#include "edqa_schedule.h"
#include "edqa_stream.h"
#include "edqa_types.h"
#include "edqa_waveform.h"

namespace edqa_hw {

SC_MODULE(Quantizer) {
  sc_in<bool> clk;
  sc_in<bool> reset;
  sc_out<bool> busy;

  sc_fifo_in<StageDescriptor> config_in;  // one per record, from the router
  sc_fifo_in<Word> values_in;
  sc_fifo_out<Word> codes_out;
  sc_fifo_out<Symbol> errors_out;

  SC_CTOR(Quantizer) {
    SC_CTHREAD(run, clk.pos());
    reset_signal_is(reset, true);
  }

#if !defined(__SYNTHESIS__)
  // The element in flight, for a waveform: t (x on the grid: N + m bits for an important record, else N) and q.
  struct Wave {
    sc_signal<int32_t> t, q;
  };
  const Wave& wave() const { return wave_; }
#endif

 private:
#if !defined(__SYNTHESIS__)
  Wave wave_;
#endif
  PipelineClock clock_;
  PipelineOutput<Word> codes_pending_;
  PipelineOutput<Symbol> errors_pending_;

  void tick() { stream_tick(codes_out, codes_pending_, errors_out, errors_pending_, clock_); }

  void run() {
    busy.write(false);
    drain_on_reset(config_in);
    drain_on_reset(values_in);
#if !defined(__SYNTHESIS__)
    codes_pending_.clear();
    errors_pending_.clear();
#endif
    wait();
    while (true) {
      const StageDescriptor config = await_record(config_in, busy);
      quantize_record(config);
      busy.write(false);
    }
  }

  void quantize_record(const StageDescriptor& config) {
    const int n = static_cast<int>(config.bits);
    const int m = static_cast<int>(config.extra_bits);
    const bool wide = config.important;
    const uint32_t count = config.length;
    const int value_bits = wide ? n + m : n;
    // The grid's range, chosen once per record (spec §2.3): signed [-2^(b-1), 2^(b-1) - 1], unsigned [0, 2^b - 1].
    const int32_t lo = config.unsigned_grid ? 0 : -(1 << (value_bits - 1));
    const int32_t hi = config.unsigned_grid ? (1 << value_bits) - 1 : (1 << (value_bits - 1)) - 1;
    const int shift = wide ? m : 0;
    const uint32_t error_mask = (1u << m) - 1u;
    const float multiplier = bits_to_float(scale_by_power_of_two(config.scale.to_uint(), shift));
    const int depth = schedule::kQuantizeDepth;

    // Codes are packed most significant bit first (spec §4.1); at most 31 bits wait for the next word. The
    // zero-padded partial word leaves one cycle after the loop (FLUSH_CODES), so the FIFO takes one word a cycle.
    WordPacker packer;
    uint32_t word;
    enter_loop();
  QUANTIZE:
    for (int i = 0; i < kMaxLength; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 4096)
      if (static_cast<uint32_t>(i) == count) break;
      const float x = bits_to_float(stream_read(values_in).to_uint());
      const float product = x * multiplier;
      EDQA_RTL_TRACE("float_multiply", this, (float_to_bits(x), float_to_bits(multiplier)), (float_to_bits(product)));
      const int32_t t = round_clamp(product, lo, hi);
      EDQA_RTL_TRACE("round_clamp", this, (float_to_bits(product), lo, hi), (t));
      const int32_t q = t >> shift;  // arithmetic shift: floor
      EDQA_WAVE(wave_.t, t), EDQA_WAVE(wave_.q, q);
      const uint32_t field = to_field(q, n);
      const bool full = packer.append(field, n, word);
      EDQA_RTL_TRACE("word_packer", this, (i == 0, field, n), (full, full ? word : 0u));
      if (full) stream_output(codes_out, codes_pending_, clock_, Word(word), depth);
      if (wide)
        stream_output(errors_out, errors_pending_, clock_, Symbol(static_cast<uint32_t>(t) & error_mask), depth);
      tick();
    }
    if (count > 0) drain();
    if (packer.flush(word)) {
      stream_output(codes_out, codes_pending_, clock_, Word(word), 1);
      tick();
    }
  }

  void drain() {
    stream_drain(codes_out, codes_pending_, errors_out, errors_pending_, clock_, schedule::kQuantizeFlush);
  }

  // QUANTIZE's entry and exit states (schedule::kLoopEntryExitCycles), charged where it starts: HLS builds them.
  void enter_loop() { stream_enter_loop(codes_out, codes_pending_, errors_out, errors_pending_, clock_); }
};

}  // namespace edqa_hw

#endif  // EDQA_QUANTIZER_SC_H
