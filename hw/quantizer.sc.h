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
//
// In a layer of code coding static (docs/spec.md §3.8) the same loop prices each code under the codes' static code
// as it leaves (hw/rtl/code_cost.v), so that the coder knows the record's coded bits Q, and with them its code
// mode, when the record's codes reach it: the coder codes them in one pass, with no histogram and no second look.
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
  sc_fifo_in<Word> code_static_code_in;  // the codes' static code, when a record's configuration loads one
  sc_fifo_out<Word> codes_out;
  sc_fifo_out<Symbol> errors_out;
  sc_fifo_out<CodedBits> coded_bits_out;  // code coding static: each record's Q, to the coder

  SC_CTOR(Quantizer) {
    SC_CTHREAD(run, clk.pos());
    reset_signal_is(reset, true);
    // 256 x 4 bits: LUT RAM, read once per element; the zero runs' lengths are registers.
    HLS_PRAGMA(RESOURCE variable = code_lengths_ core = RAM_2P_LUTRAM)
    HLS_PRAGMA(ARRAY_PARTITION variable = run_lengths_ complete)
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
  // The codes' static code's lengths (docs/spec.md §3.8): a code's by its N-bit field; a run of r = 1 .. 16 zeros'
  // (the zero code's for r = 1) in registers at r - 1, which price a run's leftover, one symbol.
  CodesCodeLength code_lengths_[1 << kMaxBits];
  CodesCodeLength run_lengths_[kMaxZeroRun];

  void tick() { stream_tick(codes_out, codes_pending_, errors_out, errors_pending_, clock_); }

  void run() {
    busy.write(false);
    drain_on_reset(config_in);
    drain_on_reset(values_in);
    drain_on_reset(code_static_code_in);
#if !defined(__SYNTHESIS__)
    codes_pending_.clear();
    errors_pending_.clear();
#endif
    wait();
    while (true) {
      const StageDescriptor config = await_record(config_in, busy);
      if (config.loads_code_static_code) load_code_lengths(static_cast<int>(config.bits));
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
    // Code coding static: Q so far, and the zero codes since the last symbol, mod 16 (a run of 16 is its symbol).
    const bool pricing = config.code_coding;
    CodedBits coded_bits = 0;
    sc_uint<4> run = 0;
    sc_uint<6> cost = 0;  // the last code's price, added to Q a step later
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
      if (pricing) price_code(i == 0, field, run, cost, coded_bits);
      if (wide)
        stream_output(errors_out, errors_pending_, clock_, Symbol(static_cast<uint32_t>(t) & error_mask), depth);
      tick();
    }
    if (count > 0) drain();
    if (packer.flush(word)) {
      stream_output(codes_out, codes_pending_, clock_, Word(word), 1);
      tick();
    }
    if (pricing) {
      // The last run's leftover priced, then added, and Q to the coder: two cycles.
      close_price(count == 0, run, cost, coded_bits);
      tick();
      stream_write(coded_bits_out, coded_bits);
      tick();
    }
  }

  // The codes' static code of N behind a record's descriptor (the router has checked it and refuses every record
  // of CODE_CODING while no legal one is loaded): one 4-bit length a cycle, a code's into the lengths RAM, a zero
  // run's and the zero code's into registers. Once per START.
  void load_code_lengths(int n) {
    const int codes = 1 << n;
    const int alphabet = code_alphabet(n);
    uint32_t word = 0;
    enter_loop();
  LOAD_CODE_LENGTHS:
    for (int s = 0; s < kMaxCodeAlphabet; ++s) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (s == alphabet) break;
      if ((s & 7) == 0) word = stream_read(code_static_code_in).to_uint();
      const uint32_t field = (word >> (28 - 4 * (s & 7))) & 0xFu;
      if (s < codes) {
        code_lengths_[s] = field;
      } else {
        run_lengths_[s - codes + 1] = field;
      }
      if (s == 0) run_lengths_[0] = field;
      tick();
    }
    stream_drain(codes_out, codes_pending_, errors_out, errors_pending_, clock_, schedule::kLoadCodeLengthsFlush);
  }

  // The bits of a run's leftover r < 16 zero codes: one symbol, a run of r or the zero code (spec §3.8).
  uint32_t leftover_bits(const sc_uint<4>& r) const {
    HLS_PRAGMA(INLINE)
    return r == 0 ? 0u : run_lengths_[r - 1].to_uint();
  }

  // One code priced (hw/rtl/code_cost.v): a zero extends the run and the sixteenth costs a run of 16; any other
  // code costs its length and the leftover of the run it ends. The cost is registered before Q's add, so Q takes
  // the step before's.
  void price_code(bool first, uint32_t field, sc_uint<4>& run, sc_uint<6>& cost, CodedBits& coded_bits) {
    HLS_PRAGMA(INLINE)
    if (first) run = 0, cost = 0, coded_bits = 0;
    const uint32_t length = code_lengths_[field].to_uint();
    const bool zero = field == 0;
    coded_bits = coded_bits + cost;
    cost = zero ? (run == 15 ? run_lengths_[kMaxZeroRun - 1].to_uint() : 0u) : length + leftover_bits(run);
    run = zero ? sc_uint<4>(run + 1) : sc_uint<4>(0);
    trace_price(first, false, zero, length, run, coded_bits);
  }

  // After the last code: the last run's leftover priced, then added with the cost before it (two steps).
  void close_price(bool empty, sc_uint<4>& run, sc_uint<6>& cost, CodedBits& coded_bits) {
    HLS_PRAGMA(INLINE)
    if (empty) run = 0, cost = 0, coded_bits = 0;
  CLOSE_PRICE:
    for (int step = 0; step < 2; ++step) {
      HLS_PRAGMA(UNROLL)
      coded_bits = coded_bits + cost;
      cost = leftover_bits(run);
      run = 0;
      trace_price(empty && step == 0, true, false, 0, run, coded_bits);
    }
  }

  // The trace of hw/rtl/code_cost.v: the iteration's inputs, and the run and Q it leaves.
  void trace_price(bool first, bool close, bool zero, uint32_t length, const sc_uint<4>& run,
                   const CodedBits& coded_bits) {
#if !defined(__SYNTHESIS__)
    // The lengths' field is built only for a trace: this runs for every priced code.
    if (!rtl_trace::Sink::instance().enabled()) return;
    uint64_t lengths = 0;
    for (int r = 0; r < kMaxZeroRun; ++r) lengths |= static_cast<uint64_t>(run_lengths_[r].to_uint()) << (4 * r);
    EDQA_RTL_TRACE("code_cost", this, (first, close, zero, length, lengths), (run.to_uint(), coded_bits.to_uint()));
#else
    (void)first, (void)close, (void)zero, (void)length, (void)run, (void)coded_bits;
#endif
  }

  void drain() {
    stream_drain(codes_out, codes_pending_, errors_out, errors_pending_, clock_, schedule::kQuantizeFlush);
  }

  // A loop's entry and exit states (schedule::kLoopEntryExitCycles), charged where it starts: HLS builds them.
  void enter_loop() { stream_enter_loop(codes_out, codes_pending_, errors_out, errors_pending_, clock_); }
};

}  // namespace edqa_hw

#endif  // EDQA_QUANTIZER_SC_H
