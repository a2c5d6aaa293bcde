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
// In a layer of code coding static (docs/spec.md §3.8, §4.2) the same loop builds the record's codes section both
// ways as the codes leave: the packed codes to the collector as ever (the coder puts the mode bit 0 in front), and
// the coded section (the mode bit 1, then the codes as symbols of the codes' static code) straight to the coder, only
// while within the packed codes' words. Q, the coded bits, follows the record; the coder then sends one section and
// drops the other, a word a cycle as it forwards packed codes, so a direct record costs it no more than in the
// paper's layout.
#ifndef EDQA_QUANTIZER_SC_H
#define EDQA_QUANTIZER_SC_H

#include <systemc.h>

#include "edqa_bit_packing.h"
#include "edqa_hw_config.h"
#include "edqa_numerics.h"
#include "edqa_rtl_trace.h"
#include "edqa_schedule.h"
#include "edqa_static_code.h"
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
  sc_fifo_out<Word> coded_out;            // code coding static: the coded codes section's words, to the coder
  sc_fifo_out<CodedBits> coded_bits_out;  // code coding static: each record's Q, to the coder

  SC_CTOR(Quantizer) {
    SC_CTHREAD(run, clk.pos());
    reset_signal_is(reset, true);
    // At most 271 x 12 bits each: LUT RAM, read once per element; the zero runs' codes and the length counters
    // are registers.
    HLS_PRAGMA(RESOURCE variable = code_symbol_lengths_ core = RAM_2P_LUTRAM)
    HLS_PRAGMA(RESOURCE variable = code_symbol_codes_ core = RAM_2P_LUTRAM)
    HLS_PRAGMA(ARRAY_PARTITION variable = codes_length_counts_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = run_codes_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = run_code_lengths_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = codes_next_code_ complete)
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
  PipelineOutput<Word> coded_pending_;
  // The codes' static code (docs/spec.md §3.8): each symbol's length and canonical code, and while they are built
  // the twelve lengths' counts and next codes.
  CodesCodeLength code_symbol_lengths_[kMaxCodeAlphabet];
  CodesCodeBits code_symbol_codes_[kMaxCodeAlphabet];
  sc_uint<bits_for(kMaxCodeAlphabet)> codes_length_counts_[kMaxCodesCodeLength + 1];
  CodesCodeBits codes_next_code_[kMaxCodesCodeLength + 1];
  // A run of r = 1 .. 16 zeros' code and length (the zero code's for r = 1) at r - 1, in registers: QUANTIZE reads
  // a run's and a code's code in the same step.
  CodesCodeBits run_codes_[kMaxZeroRun];
  CodesCodeLength run_code_lengths_[kMaxZeroRun];

  void tick() {
    stream_tick(codes_out, codes_pending_, errors_out, errors_pending_, coded_out, coded_pending_, clock_);
  }

  // After a pipelined loop: its flush states (depth - II cycles), which HLS schedules itself.
  void drain(int flush) {
    stream_drain(codes_out, codes_pending_, errors_out, errors_pending_, coded_out, coded_pending_, clock_, flush);
  }

  void run() {
    busy.write(false);
    drain_on_reset(config_in);
    drain_on_reset(values_in);
    drain_on_reset(code_static_code_in);
#if !defined(__SYNTHESIS__)
    codes_pending_.clear();
    errors_pending_.clear();
    coded_pending_.clear();
#endif
    wait();
    while (true) {
      const StageDescriptor config = await_record(config_in, busy);
      if (config.loads_code_static_code) load_code_static_code(static_cast<int>(config.bits));
      quantize_record(config);
      busy.write(false);
    }
  }

  // QUANTIZE's steps: L values, and with code coding static two more that take none.
  static constexpr int kMaxQuantizeSteps = kMaxLength + 2;

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
    // With code coding static the loop runs two steps more, which take no value: they finish the coded section (its
    // last code's join, then its append, coded_step), and the first of them sends the padded last word.
    WordPacker packer;
    uint32_t word;
    const bool coding = config.code_coding;
    const uint32_t trips = coding ? count + 2 : count;
    CodedSection coded;
    coded.start(count, n);
    enter_loop();
  QUANTIZE:
    for (int i = 0; i < kMaxQuantizeSteps; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 4098)
      if (static_cast<uint32_t>(i) == trips) break;
      const bool takes = static_cast<uint32_t>(i) < count;
      uint32_t field = 0;
      int32_t t = 0;
      bool full = false;
      if (takes) {
        const float x = bits_to_float(stream_read(values_in).to_uint());
        const float product = x * multiplier;
        EDQA_RTL_TRACE("float_multiply", this, (float_to_bits(x), float_to_bits(multiplier)), (float_to_bits(product)));
        t = round_clamp(product, lo, hi);
        EDQA_RTL_TRACE("round_clamp", this, (float_to_bits(product), lo, hi), (t));
        const int32_t q = t >> shift;  // arithmetic shift: floor
        EDQA_WAVE(wave_.t, t), EDQA_WAVE(wave_.q, q);
        field = to_field(q, n);
        full = packer.append(field, n, word);
        EDQA_RTL_TRACE("word_packer", this, (i == 0, field, n), (full, full ? word : 0u));
      } else if (static_cast<uint32_t>(i) == count) {
        full = packer.flush(word);
      }
      if (full) stream_output(codes_out, codes_pending_, clock_, Word(word), depth);
      if (coding) coded_step(coded, takes, i == 0, static_cast<uint32_t>(i) + 1 == count, field, depth);
      if (wide && takes)
        stream_output(errors_out, errors_pending_, clock_, Symbol(static_cast<uint32_t>(t) & error_mask), depth);
      tick();
    }
    if (trips > 0) drain();
    if (!coding) {
      if (packer.flush(word)) {
        stream_output(codes_out, codes_pending_, clock_, Word(word), 1);
        tick();
      }
      return;
    }
    // The coded section's padded last word while within the packed codes' words, and Q: one cycle.
    const uint32_t coded_bits = coded.bits();
    uint32_t coded_word;
    if (coded.packer.flush(coded_word) && coded.words < coded.cap)
      stream_output(coded_out, coded_pending_, clock_, Word(coded_word), 1);
    stream_write(coded_bits_out, CodedBits(coded_bits));
    tick();
  }

  // The coded codes section of a record as QUANTIZE builds it: a code's symbols decided in the element's step
  // (hw/rtl/code_symbols.v) and their two codes read; joined into one append of at most 25 bits (the mode bit in front
  // of the record's first) a step later; packed (hw/rtl/word_packer.v) the step after.
  struct CodedSection {
    WordPacker packer;
    bool fresh;         // no append yet: the packer's first (its registers' entry values)
    sc_uint<4> run;     // zero codes not yet emitted, < 16
    sc_uint<11> words;  // whole words so far, sent or past the cap: at most (1 + 12 L) / 32
    sc_uint<11> cap;    // the packed codes' words: a chosen coded section (Q < L N) is never longer
    // Step 1 -> 2: the run's code and the code's, and whether the record's mode bit goes in front; step 2 -> 3: the
    // joined append.
    uint32_t run_bits, code_bits;
    sc_uint<4> run_length, code_length;
    bool lead1;
    uint32_t join_bits;
    sc_uint<5> join_length;
    void start(uint32_t count, int n) {
      packer = WordPacker();
      fresh = true;
      run = 0;
      words = 0;
      cap = code_section_words(count, static_cast<uint32_t>(n));
      run_bits = code_bits = 0;
      run_length = code_length = 0;
      lead1 = false;
      // An empty record's section: the mode bit alone (then Q = 0 chooses packed).
      join_bits = count == 0 ? 1u : 0u;
      join_length = count == 0 ? 1 : 0;
    }
    // Q: the bits after the mode bit.
    uint32_t bits() const {
      return (words.to_uint() << 5) + static_cast<uint32_t>(packer.pending_bits) - 1;  // 32 bits a word
    }
  };

  // One step of the coded section: the append of the element two steps back, the join of the one before, and (when
  // `takes`) this element's symbols; a word that fills goes to the coder while within the cap.
  void coded_step(CodedSection & c, bool takes, bool first, bool last, uint32_t field, int depth) {
    HLS_PRAGMA(INLINE)
    uint32_t word = 0;
    const int join_length = static_cast<int>(c.join_length);
    const bool full = c.packer.append(c.join_bits, join_length, word);
    EDQA_RTL_TRACE_AT("word_packer", this, "coded", (c.fresh, c.join_bits, join_length), (full, full ? word : 0u));
    c.fresh = false;
    if (full) {
      if (c.words < c.cap) stream_output(coded_out, coded_pending_, clock_, Word(word), depth);
      ++c.words;
    }
    const int run_length = static_cast<int>(c.run_length);
    const int code_length = static_cast<int>(c.code_length);
    c.join_bits = (c.lead1 ? 1u << (run_length + code_length) : 0u) | (c.run_bits << code_length) | c.code_bits;
    c.join_length = (c.lead1 ? 1 : 0) + run_length + code_length;
    c.run_bits = c.code_bits = 0;
    c.run_length = c.code_length = 0;
    c.lead1 = false;
    if (!takes) return;
    // The symbol machine: a zero extends the run, and the sixteenth or the record's last zero emits it; any other
    // code emits the run it ends (one symbol: a run of 2 .. 15 or the zero code) and itself.
    const sc_uint<4> run_in = first ? sc_uint<4>(0) : c.run;
    bool emits_run = false;
    bool emits_code = false;
    sc_uint<5> zeros = 0;
    if (field == 0) {
      zeros = run_in + 1;
      emits_run = run_in == 15 || last;
      c.run = emits_run ? sc_uint<4>(0) : sc_uint<4>(run_in + 1);
    } else {
      zeros = run_in;
      emits_run = run_in != 0;
      emits_code = true;
      c.run = 0;
    }
    EDQA_RTL_TRACE("code_symbols", this, (first, last, field),
                   (emits_run, zeros.to_uint(), emits_code, c.run.to_uint()));
    c.lead1 = first;
    if (emits_run) {
      c.run_length = run_code_lengths_[zeros - 1];
      c.run_bits = run_codes_[zeros - 1].to_uint();
    }
    if (emits_code) {
      c.code_length = code_symbol_lengths_[field];
      c.code_bits = code_symbol_codes_[field].to_uint();
    }
  }

  // The codes' static code of N behind a record's descriptor (the router has checked it and refuses every record of
  // CODE_CODING while no legal one is loaded, so no table is used unless legal): one length a cycle into the lengths
  // RAM, counted; the first code of each of the twelve lengths; then each symbol's canonical code (spec §3.5).
  // Once per START, before the record's first value.
  void load_code_static_code(int n) {
    const int alphabet = code_alphabet(n);
  CLEAR_CODES_COUNTS:
    for (int l = 0; l <= kMaxCodesCodeLength; ++l) {
      HLS_PRAGMA(UNROLL)
      codes_length_counts_[l] = 0;
    }
    enter_loop();
    uint32_t word = 0;
  LOAD_CODE_STATIC_CODE:
    for (int s = 0; s < kMaxCodeAlphabet; ++s) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (s == alphabet) break;
      if ((s & 7) == 0) word = stream_read(code_static_code_in).to_uint();
      code_symbol_lengths_[s] = count_length(this, s, word, codes_length_counts_);
      tick();
    }
    drain(schedule::kLoadCodeStaticCodeFlush);
    uint32_t code = 0;
  CODES_FIRST_CODES:
    for (int l = 1; l <= kMaxCodesCodeLength; ++l) {
      HLS_PRAGMA(UNROLL)
      code = (code + (l == 1 ? 0u : static_cast<uint32_t>(codes_length_counts_[l - 1]))) << 1;
      codes_next_code_[l] = code;
    }
    tick();
#if !defined(__SYNTHESIS__)
    const rtl_trace::Fields starts =
        rtl_trace::Sink::instance().enabled() ? rtl_trace::from_one(codes_next_code_) : rtl_trace::Fields();
#endif
    enter_loop();
  CODE_CANONICAL_CODES:
    for (int s = 0; s < kMaxCodeAlphabet; ++s) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (s == alphabet) break;
      const int l = code_symbol_lengths_[s];
      CodesCodeBits symbol_code = 0;
      if (l != 0) {
        symbol_code = codes_next_code_[l];
        code_symbol_codes_[s] = symbol_code;
        codes_next_code_[l] = codes_next_code_[l] + 1;
      }
      if (s == 0 || s >= (1 << n)) {
        const int r = s == 0 ? 0 : s - (1 << n) + 1;
        run_codes_[r] = symbol_code;
        run_code_lengths_[r] = l;
      }
      EDQA_RTL_TRACE("code_canonical_codes", this, (rtl_trace::around(s == 0, starts, l)),
                     (l != 0, symbol_code.to_uint()));
      tick();
    }
    drain(schedule::kCodeCanonicalCodesFlush);
  }

  void drain() { drain(schedule::kQuantizeFlush); }

  // A loop's entry and exit states (schedule::kLoopEntryExitCycles), charged where it starts: HLS builds them.
  void enter_loop() { drain(schedule::kLoopEntryExitCycles); }
};

}  // namespace edqa_hw

#endif  // EDQA_QUANTIZER_SC_H
