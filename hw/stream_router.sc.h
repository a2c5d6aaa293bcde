// The two ends of the accelerator's AXI-Streams, each a thread of its own that talks only through its ports. One
// START runs a layer: RECORDS records back to back on one stream (docs/spec.md §7).
//
//   din  --> InputRouter --config--> every stage of OP's path on unit r mod units (one configuration per record)
//                        --values--> its Quantizer      (quantize: L float32 values per record, lanes a cycle)
//                        --record--> its HuffmanDecoder (de-quantize: W record words, TLAST on the W-th)
//                        --ticket, verdict--> OutputMerger
//   HuffmanCoder --encoded--> OutputMerger --> dout     (per record, in order, its output words, then its trailer;
//   Dequantizer  --decoded--/                             TLAST on the layer's last trailer word)
//
// The stream carries 32-bit words, one (lanes = 1) or two (lanes = 2, a 64-bit AXI-Stream with TKEEP) a beat; the
// router reads beats into a small word window, the merger pairs words into beats, so records need no alignment.
//
// Which path runs is the OP register, latched by the control: explicit branches, no channel chosen by reference.
// A record's descriptor says how many input words follow (W), so the router always knows where the next record
// starts: a bad descriptor refuses that record only (its W words are skipped), an input that ends early (TLAST)
// refuses the records it did not hold, words after the last record are discarded up to TLAST; nothing hangs.
#ifndef EDQA_STREAM_ROUTER_SC_H
#define EDQA_STREAM_ROUTER_SC_H

#include <systemc.h>

#include "edqa_bit_packing.h"
#include "edqa_descriptor.h"
#include "edqa_hw_config.h"
#include "edqa_rtl_trace.h"
#include "edqa_schedule.h"
#include "edqa_slots.h"
#include "edqa_stream.h"
#include "edqa_types.h"

namespace edqa_hw {

// A value to one unit's port `port##n` of the slots written out by name: one branch per slot, each a static port
// (no port chosen at run time); an absent slot's write is a no-op that never runs. One braced statement, so that an
// `if` in front governs all four branches.
#define EDQA_WRITE_TO_SLOT(n, port, unit, value) \
  if (n < kUnits && (unit) == n) stream_write(port##n, value);
#define EDQA_WRITE_TO_UNIT(port, unit, value) \
  {                                           \
    EDQA_WRITE_TO_SLOT(0, port, unit, value)  \
    EDQA_WRITE_TO_SLOT(1, port, unit, value)  \
    EDQA_WRITE_TO_SLOT(2, port, unit, value)  \
    EDQA_WRITE_TO_SLOT(3, port, unit, value)  \
  }

// A slot's ports of the router: every stage's configuration, the values (one FIFO per lane), the record and the
// static codes. Absent past the configuration's units (and lane 1 with one lane).
#define EDQA_ROUTER_SLOT_PORTS(n)                                                            \
  typename Present<(n < kUnits), sc_fifo_out<StageDescriptor> >::type quantizer_config##n;   \
  typename Present<(n < kUnits), sc_fifo_out<StageDescriptor> >::type collector_config##n;   \
  typename Present<(n < kUnits), sc_fifo_out<StageDescriptor> >::type coder_config##n;       \
  typename Present<(n < kUnits), sc_fifo_out<StageDescriptor> >::type decoder_config##n;     \
  typename Present<(n < kUnits), sc_fifo_out<StageDescriptor> >::type dequantizer_config##n; \
  typename Present<(n < kUnits), sc_fifo_out<Word> >::type values##n##_lane0;                \
  typename Present<(n < kUnits && kLanes == 2), sc_fifo_out<Word> >::type values##n##_lane1; \
  typename Present<(n < kUnits), sc_fifo_out<Beat> >::type record##n;                        \
  typename Present<(n < kUnits), sc_fifo_out<Word> >::type quantizer_static_code##n;         \
  typename Present<(n < kUnits), sc_fifo_out<Word> >::type coder_static_code##n;             \
  typename Present<(n < kUnits), sc_fifo_out<Word> >::type decoder_static_code##n;

// A slot's ports of the merger: the decoder's status, the encoded record and the de-quantized values per lane.
#define EDQA_MERGER_SLOT_PORTS(n)                                                  \
  typename Present<(n < kUnits), sc_fifo_in<ErrorField> >::type decoder_status##n; \
  typename Present<(n < kUnits), sc_fifo_in<Beat> >::type encoded##n;              \
  typename Present<(n < kUnits), sc_fifo_in<Beat> >::type decoded##n##_lane0;      \
  typename Present<(n < kUnits && kLanes == 2), sc_fifo_in<Beat> >::type decoded##n##_lane1;

template <int kUnits, int kLanes>
struct InputRouterT : public sc_module {
  typedef typename LaneBeat<kLanes>::type StreamBeat;

  sc_in<bool> clk;
  sc_in<bool> reset;
  sc_in<bool> start;
  sc_out<bool> busy;
  sc_out<bool> done;

  sc_in<bool> dequantize;  // the latched OP register
  sc_in<RecordCount> records;

  sc_fifo_in<StreamBeat> din;
  sc_fifo_out<RecordTicket> tickets;  // before a record's input: what the merger forwards
  sc_fifo_out<ErrorField> verdicts;   // after it: kErrorNone, kErrorBadConfig or kErrorInputLength
  // Per unit n, by name: quantize path, the Quantizer, the encoder's collector and coder; de-quantize path, the
  // decoder and the Dequantizer (each gets the configuration of every record its unit runs); the unit's values,
  // alternately into its lanes (values0_lane0, values0_lane1); its record; a static code loaded by a descriptor
  // (docs/spec.md §3.7, §7) to its coder (quantize) or its decoder.
  EDQA_FOR_EACH_SLOT(EDQA_ROUTER_SLOT_PORTS)

  SC_HAS_PROCESS(InputRouterT);
  explicit InputRouterT(sc_module_name name) : sc_module(name) {
    SC_CTHREAD(run, clk.pos());
    reset_signal_is(reset, true);
    HLS_PRAGMA(ARRAY_PARTITION variable = window_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = lane_parity_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = static_sent_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = code_static_sent_ complete)
  }

 private:
  PipelineClock clock_;
  // Per slot (simulation only: HLS builds the registers).
  PipelineOutput<Word> values_pending_[kMaxUnits][2];
  PipelineOutput<Beat> record_pending_[kMaxUnits];
  // The input as words: a beat's words wait here until taken (at most one word more than a beat holds).
  uint32_t window_[kLanes + 1];
  int window_count_;
  bool ended_;            // the stream's TLAST has passed (its words may still wait in the window)
  bool lost_;             // a descriptor's W was out of range: where the next record starts is unknown
  uint32_t static_bits_;  // m of the static code loaded in this START, 0 for none
  bool static_legal_;     // that code is legal (§3.7)
  // With several units every unit needs the static code: the router keeps it and sends it to a unit ahead of the
  // unit's first record after the load (RESEND_STATIC_CODE).
  uint32_t static_words_[kUnits > 1 ? kMaxCodebookWords : 1];
  bool static_sent_[kUnits];
  // The codes' static code (docs/spec.md §3.8) loaded in this START: its N (0 for none) and its legality; it goes on
  // to the decoders, or to the Quantizers (kept for the other units, as the static code).
  uint32_t code_static_bits_;
  bool code_static_legal_;
  uint32_t code_static_words_[kUnits > 1 ? kMaxCodeStaticCodeWords : 1];
  bool code_static_sent_[kUnits];
  bool lane_parity_[kUnits];  // the lane a unit's next value goes to

  void tick() {
#if !defined(__SYNTHESIS__)
    bool released = false;
    while (!released) {
      released = true;
#define EDQA_RELEASE_SLOT(n)                                                                    \
  released = release_pending(values_pending_[n][0], values##n##_lane0, clock_.now) && released; \
  released = release_pending(values_pending_[n][1], values##n##_lane1, clock_.now) && released; \
  released = release_pending(record_pending_[n], record##n, clock_.now) && released;
      EDQA_FOR_EACH_SLOT(EDQA_RELEASE_SLOT)
#undef EDQA_RELEASE_SLOT
      if (!released) wait();
    }
#endif
    wait();
    ++clock_.now;
  }

  void run() {
    busy.write(false);
    done.write(false);
    drain_on_reset(din);
#if !defined(__SYNTHESIS__)
    for (int u = 0; u < kMaxUnits; ++u) {
      for (int l = 0; l < 2; ++l) values_pending_[u][l].clear();
      record_pending_[u].clear();
    }
#endif
    for (int u = 0; u < kUnits; ++u) lane_parity_[u] = false;
    wait();
    while (true) {
      await_start(start, busy);
      route_layer(records.read().to_uint(), dequantize.read());
      finish_handshake(start, busy, done);
    }
  }

  // No input word is left: TLAST has passed and the window is empty.
  bool exhausted() const { return ended_ && window_count_ == 0; }

  // Reads a beat into the window when it holds fewer than `needed` words and the stream has not ended; true when
  // it did (the beat's words, its first two and TLAST into the trace fields).
  bool refill(int needed, int& words, uint32_t& first, uint32_t& second, bool& last) {
    if (window_count_ >= needed || ended_) return false;
    const StreamBeat beat = stream_read(din);
    words = beat_words(beat);
  FILL_WINDOW:
    for (int k = 0; k < kLanes; ++k) {
      HLS_PRAGMA(UNROLL)
      if (k < words) window_[window_count_ + k] = beat_word(beat, k);
    }
    first = beat_word(beat, 0);
    second = kLanes == 2 ? beat_word(beat, 1) : 0u;
    last = beat.last;
    window_count_ += words;
    ended_ = beat.last;
    return true;
  }

  // The next input word, or 0 once the input is exhausted.
  uint32_t take_word() {
    if (window_count_ == 0) return 0;
    const uint32_t word = window_[0];
  SHIFT_WINDOW:
    for (int k = 0; k < kLanes; ++k) {
      HLS_PRAGMA(UNROLL)
      window_[k] = window_[k + 1];
    }
    --window_count_;
    return word;
  }

  // One cycle of the window (RTL: hw/rtl/word_window.v): a beat in when fewer than `needed` words wait, then
  // `takes` (at most needed) words out; true when fewer than `takes` words were there (the input ended).
  bool window_step(int needed, int takes, uint32_t& first, uint32_t& second) {
    int words = 0;
    uint32_t in0 = 0, in1 = 0;
    bool last = false;
    const bool reads = refill(needed, words, in0, in1, last);
    const bool short_input = window_count_ < takes;
    first = takes > 0 ? take_word() : 0u;
    second = takes > 1 ? take_word() : 0u;
    EDQA_RTL_TRACE("word_window", this, (false, needed, takes, words, in0, in1, last),
                   (reads, first, second, window_count_, ended_, short_input));
    return short_input;
  }

  uint32_t next_word() {
    uint32_t word = 0, none = 0;
    (void)window_step(1, 1, word, none);
    return word;
  }

  void route_layer(uint32_t count, bool dequantizing) {
    ended_ = false;
    lost_ = false;
    window_count_ = 0;
    EDQA_RTL_TRACE("word_window", this, (true, 0, 0, 0, 0, 0, false), (false, 0, 0, 0, false, false));
    static_bits_ = 0;
    static_legal_ = false;
    code_static_bits_ = 0;
    code_static_legal_ = false;
    for (int u = 0; u < kUnits; ++u) {
      static_sent_[u] = true;
      code_static_sent_[u] = true;
    }
    int unit = 0;  // record r runs on unit r mod kUnits
  ROUTE_LAYER:
    for (int r = 0; r < kMaxLayerRecords; ++r) {
      if (static_cast<uint32_t>(r) == count) break;
      const bool last_record = static_cast<uint32_t>(r) + 1 == count;
      ErrorField verdict = kErrorNone;
      uint32_t descriptor[kDescriptorWords] = {0, 0, 0};
      const bool held = !exhausted() && !lost_;  // the stream still holds this record
      enter_loop();
    READ_DESCRIPTOR:
      for (int k = 0; k < kDescriptorWords; ++k) {
        HLS_PRAGMA(PIPELINE II = 1)
        if (held) descriptor[k] = next_word();
        tick();
      }
      const RecordDescriptor parsed = RecordDescriptor::parse(descriptor);
      EDQA_RTL_TRACE("descriptor_parse", this, (descriptor[0], descriptor[1], descriptor[2], dequantizing),
                     (parsed.bits, parsed.extra_bits, parsed.important, parsed.coding, parsed.loads_static_code,
                      parsed.unsigned_grid, parsed.code_coding, parsed.loads_code_static_code, parsed.length,
                      parsed.scale, parsed.words, parsed.reserved, parsed.in_range(dequantizing)));
      const uint32_t input_words = parsed.words;
      const uint32_t m = parsed.extra_bits;
      const bool loads = held && parsed.loads_static_code;
      uint32_t forwarded_bits = 0;  // m of the static-code words this record's stages take, 0 for none
      if (loads && (m < 1 || m > static_cast<uint32_t>(kMaxExtraBits))) {
        lost_ = true;  // the static code's length is unknown, and with it where the input starts
      } else if (loads) {
        static_legal_ = load_static_code(m, dequantizing, unit);
        static_bits_ = m;
        forwarded_bits = m;
      } else if (kUnits > 1 && static_legal_ && !static_sent_[unit] && m == static_bits_) {
        // (only to a record of the code's m: its stages take the words by the record's own m)
        resend_static_code(dequantizing, unit);
        forwarded_bits = static_bits_;
      }
      // The codes' static code follows the static code (docs/spec.md §7): checked as it passes and its legality
      // kept; it goes on to the record's decoder, or to its Quantizer (and later to each other unit's).
      const uint32_t n = parsed.bits;
      const bool loads_codes = held && !lost_ && parsed.loads_code_static_code;
      uint32_t code_forwarded_bits = 0;  // N of the codes' static-code words this record's stages take
      if (loads_codes && (n < static_cast<uint32_t>(kMinBits) || n > static_cast<uint32_t>(kMaxBits))) {
        lost_ = true;  // the code's length is unknown, and with it where the input starts
      } else if (loads_codes) {
        code_static_legal_ = check_code_static_code(n, dequantizing, unit);
        code_static_bits_ = n;
        code_forwarded_bits = n;
      } else if (kUnits > 1 && code_static_legal_ && !code_static_sent_[unit] && n == code_static_bits_) {
        // (only to a record of the code's N, as the static code)
        resend_code_static_code(dequantizing, unit);
        code_forwarded_bits = code_static_bits_;
      }
      StageDescriptor config(parsed);
      if (!held || (exhausted() && input_words > 0)) {
        verdict = kErrorInputLength;
      } else if (input_words > static_cast<uint32_t>(kMaxInputWords) || lost_) {
        verdict = kErrorBadConfig;
        lost_ = true;
      } else if (!parsed.in_range(dequantizing)) {
        verdict = kErrorBadConfig;
      } else if ((loads && !static_legal_) ||
                 (parsed.coding != kCodingAdaptive && !(static_bits_ == m && static_legal_)) ||
                 (loads_codes && !code_static_legal_) ||
                 (parsed.code_coding && !(code_static_bits_ == n && code_static_legal_))) {
        verdict = kErrorStaticCode;
      }
      config.static_code_ready = static_bits_ == m && static_legal_;
      // A refused record is an empty direct one for the stages: one configuration per record reaches every stage
      // of its unit (with the static code's m when it brought one, so that its stage takes those words off its
      // FIFO).
      if (verdict != kErrorNone) {
        config = StageDescriptor();
        config.bits = code_forwarded_bits != 0 ? code_forwarded_bits : static_cast<uint32_t>(kMinBits);
        config.extra_bits = forwarded_bits != 0 ? forwarded_bits : 1u;
      }
      config.loads_static_code = forwarded_bits != 0;
      config.loads_code_static_code = code_forwarded_bits != 0;
      RecordTicket ticket;
      ticket.error = verdict;
      // An encoded record's length is known ahead only for packed direct codes; otherwise the coder marks its last.
      const bool to_last = !dequantizing && (config.important || config.code_coding);
      ticket.words = dequantizing ? static_cast<uint32_t>(config.length)
                                  : (to_last ? 0u : code_section_words(config.length, config.bits));
      ticket.to_last = to_last;
      hand_out(config, ticket, dequantizing, unit);
      const uint32_t routed = verdict == kErrorNone ? input_words : 0;
      const uint32_t skipped = verdict != kErrorNone && verdict != kErrorInputLength && !lost_ ? input_words : 0;
      bool short_input = false;
      if (dequantizing) {
        short_input = route_record(routed, unit);
      } else {
        short_input = route_values(routed, unit);
      }
      skip_words(skipped);
      if (short_input) verdict = kErrorInputLength;
      // The stream ends with the last record: TLAST came early on a record's last word (the next records are
      // refused), or words follow it (discarded here, and the last record reports them).
      if (last_record && !exhausted()) {
        drain_to_tlast();
        verdict = kErrorInputLength;
      }
      stream_write(verdicts, verdict);
      unit = unit + 1 == kUnits ? 0 : unit + 1;
    }
  }

  void send_static_word(uint32_t word, bool dequantizing, int unit) {
    if (dequantizing) {
      EDQA_WRITE_TO_UNIT(decoder_static_code, unit, Word(word))
    } else {
      EDQA_WRITE_TO_UNIT(coder_static_code, unit, Word(word))
    }
  }

  // A word of the codes' static code: to the decoder, or to the Quantizer, which codes the codes.
  void send_code_static_word(uint32_t word, bool dequantizing, int unit) {
    if (dequantizing) {
      EDQA_WRITE_TO_UNIT(decoder_static_code, unit, Word(word))
    } else {
      EDQA_WRITE_TO_UNIT(quantizer_static_code, unit, Word(word))
    }
  }

  // One word of a static code (the layer's, docs/spec.md §3.7, or the codes', §3.8): its eight 4-bit fields, those
  // in `mask` a symbol's length in [1, kLongest] and the others zero (else `legal` is cleared), and the sum of the
  // Kraft terms 2^(kLongest - length) of the valid ones, at most 8 x 2^(kLongest - 1) (hw/rtl/kraft_sum.v).
  template <int kLongest>
  static uint32_t kraft_terms(uint32_t word, uint32_t mask, bool& legal) {
    HLS_PRAGMA(INLINE)
    uint32_t terms = 0;
  CHECK_FIELDS:
    for (int f = 0; f < 8; ++f) {
      HLS_PRAGMA(UNROLL)
      const uint32_t field = (word >> (28 - 4 * f)) & 0xFu;
      if (((mask >> f) & 1u) != 0) {
        if (field < 1 || field > static_cast<uint32_t>(kLongest))
          legal = false;
        else
          terms += 1u << (kLongest - field);
      } else if (field != 0) {
        legal = false;
      }
    }
    return terms;
  }

  // The static code behind a descriptor: ceil(2^m 4 / 32) words on to the record's unit, each checked as it passes
  // (every symbol's length in [1, L_max], zero fields past 2^m, Kraft sum exactly 1: docs/spec.md §3.7) and kept
  // for the other units.
  bool load_static_code(uint32_t m, bool dequantizing, int unit) {
    const int alphabet = 1 << m;
    const int words = static_cast<int>(codebook_section_words(m));
    // The fields in the alphabet: word 0's first 2^m for m < 3 (one word), every field of each of the 2^(m - 3)
    // words for m >= 3. Loop-invariant, so no field compares against w.
    const uint32_t field_mask = alphabet >= 8 ? 0xFFu : (1u << alphabet) - 1u;
    bool legal = true;
    uint16_t kraft = 0;  // at most 2^m 2^(L_max - 1) = 2^15: 16 bits keep the recurrence's add short
    enter_loop();
    // Two stages (RTL: hw/rtl/kraft_sum.v): the fields' checks and terms, then kraft += their sum.
  CHECK_STATIC_CODE:
    for (int w = 0; w < kMaxCodebookWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (w == words) break;
      const uint32_t word = next_word();
      kraft = static_cast<uint16_t>(kraft + kraft_terms<kMaxCodeLength>(word, field_mask, legal));
      EDQA_RTL_TRACE("kraft_sum", this, (w == 0, field_mask, word), (legal, kraft));
      if (kUnits > 1) static_words_[w] = word;
      send_static_word(word, dequantizing, unit);
      tick();
    }
    drain(schedule::kCheckStaticCodeFlush);
    for (int u = 0; u < kUnits; ++u) static_sent_[u] = u == unit;
    return legal && kraft == (1u << kMaxCodeLength);
  }

  // The codes' static code behind a descriptor (after the static code): ceil((2^N + 15) 4 / 32) words, each checked
  // as it passes: every one of the 2^N + 15 lengths in [1, 12], zero fields past them, Kraft sum exactly 1
  // (docs/spec.md §3.8).
  bool check_code_static_code(uint32_t n, bool dequantizing, int unit) {
    const int words = static_cast<int>(code_static_code_section_words(n));
    // 2^N + 15 fields: whole words, and of the last word the first seven for N >= 3 ((2^N + 15) mod 8 = 7), the
    // first three for N = 2. A compare of w with the last word, no field index against the alphabet.
    const uint32_t last_mask = n == 2 ? 0x07u : 0x7Fu;
    bool legal = true;
    sc_uint<20> kraft = 0;  // at most 271 x 2^11 < 2^20, in units of 2^-12
    enter_loop();
    // Three stages (RTL: hw/rtl/code_kraft_sum.v): the fields' checks and terms, their sum, then kraft += it.
  CHECK_CODE_STATIC_CODE:
    for (int w = 0; w < kMaxCodeStaticCodeWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 2)
      if (w == words) break;
      const uint32_t word = next_word();
      const uint32_t field_mask = w + 1 == words ? last_mask : 0xFFu;
      kraft = kraft + kraft_terms<kMaxCodesCodeLength>(word, field_mask, legal);
      EDQA_RTL_TRACE("code_kraft_sum", this, (w == 0, field_mask, word), (legal, kraft.to_uint()));
      if (kUnits > 1) code_static_words_[w] = word;
      send_code_static_word(word, dequantizing, unit);
      // II 2 (the schedule row): in simulation its cycles, under synthesis the iteration's one clock boundary.
#if !defined(__SYNTHESIS__)
      for (int c = 1; c < schedule::kCheckCodeStaticCodeII; ++c) tick();
#endif
      tick();
    }
    drain(schedule::kCheckCodeStaticCodeFlush);
    for (int u = 0; u < kUnits; ++u) code_static_sent_[u] = u == unit;
    return legal && kraft == (1u << kMaxCodesCodeLength);
  }

  // Several units: the kept codes' static code to a unit that has not had it since the load.
  void resend_code_static_code(bool dequantizing, int unit) {
    const int words = static_cast<int>(code_static_code_section_words(code_static_bits_));
    enter_loop();
  RESEND_CODE_STATIC_CODE:
    for (int w = 0; w < kMaxCodeStaticCodeWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (w == words) break;
      send_code_static_word(code_static_words_[kUnits > 1 ? w : 0], dequantizing, unit);
      tick();
    }
    code_static_sent_[unit] = true;
  }

  // Several units: the kept static code to a unit that has not had it since the load.
  void resend_static_code(bool dequantizing, int unit) {
    const int words = static_cast<int>(codebook_section_words(static_bits_));
    enter_loop();
  RESEND_STATIC_CODE:
    for (int w = 0; w < kMaxCodebookWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (w == words) break;
      send_static_word(static_words_[kUnits > 1 ? w : 0], dequantizing, unit);
      tick();
    }
    static_sent_[unit] = true;
  }

  // One cycle: the configuration into the FIFO of every stage of the path on the record's unit, the ticket to the
  // merger.
  void hand_out(const StageDescriptor& config, const RecordTicket& ticket, bool dequantizing, int unit) {
    if (dequantizing) {
      EDQA_WRITE_TO_UNIT(decoder_config, unit, config)
      EDQA_WRITE_TO_UNIT(dequantizer_config, unit, config)
    } else {
      EDQA_WRITE_TO_UNIT(quantizer_config, unit, config)
      EDQA_WRITE_TO_UNIT(collector_config, unit, config)
      EDQA_WRITE_TO_UNIT(coder_config, unit, config)
    }
    stream_write(tickets, ticket);
    tick();
  }

  // L values to the unit's Quantizer, kLanes a cycle (zeros once the input is exhausted); true when the input
  // ended before the L-th.
  bool route_values(uint32_t count, int unit) {
    bool short_input = false;
    uint32_t sent = 0;
    bool lane = lane_parity_[unit];
    enter_loop();
  ROUTE_VALUES:
    for (int i = 0; i < kMaxLength; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 4096)
      if (sent == count) break;
      const int take = count - sent >= static_cast<uint32_t>(kLanes) ? kLanes : static_cast<int>(count - sent);
      // Two fixed writes a cycle: lane 0 and lane 1 take the pair, swapped when the unit's parity says the first
      // value belongs to lane 1 (a port is never chosen at run time).
      uint32_t first = 0, second = 0;
      short_input = window_step(take, take, first, second) || short_input;
      const bool swap = kLanes == 2 && lane;
      route_values_to_unit(unit, take > 1 || !swap, swap ? second : first, take > 1 || swap, swap ? first : second);
      if (kLanes == 2 && take == 1) lane = !lane;
      sent += static_cast<uint32_t>(take);
      EDQA_RTL_TRACE("lane_count", this, (i == 0, count), (take, sent));  // RTL: hw/rtl/lane_count.v
      tick();
    }
    lane_parity_[unit] = lane;
    drain(schedule::kRouteValuesFlush);
    return short_input;
  }

  // One cycle's values to the unit's lane FIFOs: lane 0's port, then (two lanes) lane 1's, each a fixed port.
  void route_values_to_unit(int unit, bool to_lane0, uint32_t lane0, bool to_lane1, uint32_t lane1) {
#define EDQA_VALUES_TO_SLOT(n)                                                                                 \
  if (n < kUnits && unit == n && to_lane0)                                                                     \
    stream_output(values##n##_lane0, values_pending_[n][0], clock_, Word(lane0), schedule::kRouteValuesDepth); \
  if (kLanes == 2 && n < kUnits && unit == n && to_lane1)                                                      \
    stream_output(values##n##_lane1, values_pending_[n][1], clock_, Word(lane1), schedule::kRouteValuesDepth);
    EDQA_FOR_EACH_SLOT(EDQA_VALUES_TO_SLOT)
#undef EDQA_VALUES_TO_SLOT
  }

  // W record words to the unit's Huffman Decoder, TLAST on the W-th (or where the input's TLAST came early); true
  // when the input ended before the W-th.
  bool route_record(uint32_t count, int unit) {
    bool sent_last = false;
    enter_loop();
  ROUTE_RECORD:
    for (int w = 0; w < kMaxInputWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (static_cast<uint32_t>(w) == count || sent_last) break;
      const uint32_t word = next_word();
      sent_last = exhausted() || static_cast<uint32_t>(w) + 1 == count;
#define EDQA_RECORD_TO_SLOT(n) \
  if (n < kUnits && unit == n) \
    stream_output(record##n, record_pending_[n], clock_, Beat(word, sent_last), schedule::kRouteRecordDepth);
      EDQA_FOR_EACH_SLOT(EDQA_RECORD_TO_SLOT)
#undef EDQA_RECORD_TO_SLOT
      tick();
    }
    drain(schedule::kRouteRecordFlush);
    return count > 0 && exhausted() && !sent_last;
  }

  // A refused record's input words.
  void skip_words(uint32_t count) {
    enter_loop();
  SKIP_INPUT:
    for (int w = 0; w < kMaxInputWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (static_cast<uint32_t>(w) == count || exhausted()) break;
      (void)next_word();
      tick();
    }
  }

  void drain_to_tlast() {
    enter_loop();
  DRAIN_INPUT:
    for (int w = 0; w < kMaxInputWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (exhausted()) break;
      (void)next_word();
      tick();
    }
  }

  // A loop's last results leave `flush` (depth - II) cycles after its last iteration began: in hardware the
  // pipeline's own flush states (HLS schedules them; nothing to compile).
  void drain(int flush) {
#if !defined(__SYNTHESIS__)
    for (int c = 0; c < flush; ++c) tick();
#else
    (void)flush;
#endif
  }

  // A loop's entry and exit states (schedule::kLoopEntryExitCycles), charged where it starts: HLS builds them.
  void enter_loop() { drain(schedule::kLoopEntryExitCycles); }
};

template <int kUnits, int kLanes>
struct OutputMergerT : public sc_module {
  typedef typename LaneBeat<kLanes>::type StreamBeat;

  sc_in<bool> clk;
  sc_in<bool> reset;
  sc_in<bool> start;
  sc_out<bool> busy;
  sc_out<bool> done;
  sc_out<bool> output_complete;    // the last output beat has left (held until start falls)
  sc_out<ErrorField> layer_error;  // the first record's error of the layer, kErrorNone when every record was sound

  sc_in<bool> dequantize;
  sc_in<RecordCount> records;
  sc_in<Counter> elapsed;  // cycles since START (the total counter)

  sc_fifo_in<RecordTicket> tickets;
  sc_fifo_in<ErrorField> verdicts;
  // Per unit n, by name: its decoder's status, its encoded record, its values alternately from its lanes.
  EDQA_FOR_EACH_SLOT(EDQA_MERGER_SLOT_PORTS)
  sc_fifo_out<StreamBeat> dout;

  SC_HAS_PROCESS(OutputMergerT);
  explicit OutputMergerT(sc_module_name name) : sc_module(name) {
    SC_CTHREAD(run, clk.pos());
    reset_signal_is(reset, true);
    HLS_PRAGMA(ARRAY_PARTITION variable = lane_parity_ complete)
  }

 private:
  PipelineClock clock_;
  PipelineOutput<StreamBeat> pending_;
  // Two lanes: a word waiting for the second word of its beat.
  uint32_t held_word_;
  bool holding_;
  bool lane_parity_[kUnits];  // the lane a unit's next value comes from

  void tick() { stream_tick(dout, pending_, clock_); }

  void run() {
    busy.write(false);
    done.write(false);
    output_complete.write(false);
    layer_error.write(kErrorNone);
    drain_on_reset(tickets);
    drain_on_reset(verdicts);
#define EDQA_RESET_SLOT(n)            \
  drain_on_reset(decoder_status##n);  \
  drain_on_reset(encoded##n);         \
  drain_on_reset(decoded##n##_lane0); \
  drain_on_reset(decoded##n##_lane1);
    EDQA_FOR_EACH_SLOT(EDQA_RESET_SLOT)
#undef EDQA_RESET_SLOT
  RESET_UNITS:
    for (int u = 0; u < kUnits; ++u) {
      HLS_PRAGMA(UNROLL)
      lane_parity_[u] = false;
    }
#if !defined(__SYNTHESIS__)
    pending_.clear();
#endif
    wait();
    while (true) {
      await_start(start, busy);
      layer_error.write(merge_layer(records.read().to_uint(), dequantize.read()));
      output_complete.write(true);
      finish_handshake(start, busy, done);
      output_complete.write(false);
    }
  }

  // Up to kLanes words of this cycle onto the stream: one word a beat with one lane; with two, words pair up
  // across records and trailers (the held word waits for the next), and the layer's last word leaves at once.
  void emit(uint32_t first, uint32_t second, int words, bool last, int depth) {
    StreamBeat beat;
    if (kLanes == 1) {
      make_beat(beat, first, 0, 1, last);
      stream_output(dout, pending_, clock_, beat, depth);
      return;
    }
    if (holding_) {
      // `last` comes with a single word (the trailer's), so nothing is held after it.
      make_beat(beat, held_word_, first, 2, last);
      stream_output(dout, pending_, clock_, beat, depth);
      holding_ = words == 2;
      held_word_ = second;
    } else if (words == 2) {
      make_beat(beat, first, second, 2, last);
      stream_output(dout, pending_, clock_, beat, depth);
    } else if (last) {
      make_beat(beat, first, 0, 1, true);
      stream_output(dout, pending_, clock_, beat, depth);
    } else {
      held_word_ = first;
      holding_ = true;
    }
  }

  ErrorField merge_layer(uint32_t count, bool dequantizing) {
    ErrorField first_error = kErrorNone;
    uint32_t previous = 0;
    holding_ = false;
    held_word_ = 0;
    int unit = 0;  // record r comes from unit r mod kUnits
  MERGE_LAYER:
    for (int r = 0; r < kMaxLayerRecords; ++r) {
      if (static_cast<uint32_t>(r) == count) break;
      const RecordTicket ticket = stream_read(tickets);
      uint32_t words = 0;
      if (dequantizing) {
        words = forward_values(ticket.words, unit);
      } else if (ticket.to_last) {
        words = forward_to_last(unit);
      } else {
        words = forward_words(ticket.words, unit);
      }
      const ErrorField verdict = stream_read(verdicts);
      ErrorField decoded = kErrorNone;
      if (dequantizing) {
#define EDQA_STATUS_FROM_SLOT(n) \
  if (n < kUnits && unit == n) stream_read_into(decoder_status##n, decoded);
        EDQA_FOR_EACH_SLOT(EDQA_STATUS_FROM_SLOT)
#undef EDQA_STATUS_FROM_SLOT
      }
      const ErrorField error = verdict != kErrorNone ? verdict : decoded;
      if (first_error == kErrorNone) first_error = error;
      // The trailer: the record's output words and error, then the cycles the layer spent on it, counted to the
      // end of this trailer (kTrailerWords cycles from now; the counter reads one cycle late), so that the
      // records' cycles add up to CYCLES_TOTAL.
      const uint32_t end = elapsed.read().to_uint() + kTrailerWords + 1;
      emit(RecordTrailer::status_word(words, error.to_uint()), 0, 1, false, 1);
      tick();
      emit(end - previous, 0, 1, static_cast<uint32_t>(r) + 1 == count, 1);
      tick();
      previous = end;
      unit = unit + 1 == kUnits ? 0 : unit + 1;
    }
    return first_error;
  }

  // A de-quantized record's L values, kLanes a cycle.
  uint32_t forward_values(uint32_t count, int unit) {
    uint32_t sent = 0;
    bool lane = lane_parity_[unit];
    enter_loop();
  MERGE_WORDS:
    for (int w = 0; w < kMaxLength; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 4096)
      if (sent == count) break;
      const int take = count - sent >= static_cast<uint32_t>(kLanes) ? kLanes : static_cast<int>(count - sent);
      // Two fixed reads a cycle (lane 0's port, lane 1's), swapped into stream order by the unit's parity.
      const bool swap = kLanes == 2 && lane;
      uint32_t lane0 = 0, lane1 = 0;
      read_values_from_unit(unit, take > 1 || !swap, lane0, take > 1 || swap, lane1);
      if (kLanes == 2 && take == 1) lane = !lane;
      const uint32_t first = swap ? lane1 : lane0;
      const uint32_t second = swap ? lane0 : lane1;
      emit(first, second, take, false, schedule::kMergeWordsDepth);
      sent += static_cast<uint32_t>(take);
      EDQA_RTL_TRACE("lane_count", this, (w == 0, count), (take, sent));  // RTL: hw/rtl/lane_count.v
      tick();
    }
    lane_parity_[unit] = lane;
    drain(schedule::kMergeWordsFlush);
    return count;
  }

  // Lane 0's port, then (two lanes) lane 1's of the unit, each a fixed port.
  void read_values_from_unit(int unit, bool from_lane0, uint32_t& lane0, bool from_lane1, uint32_t& lane1) {
#define EDQA_VALUES_FROM_SLOT(n)                                                          \
  if (n < kUnits && unit == n && from_lane0) stream_read_word(decoded##n##_lane0, lane0); \
  if (kLanes == 2 && n < kUnits && unit == n && from_lane1) stream_read_word(decoded##n##_lane1, lane1);
    EDQA_FOR_EACH_SLOT(EDQA_VALUES_FROM_SLOT)
#undef EDQA_VALUES_FROM_SLOT
  }

  Beat read_encoded(int unit) {
    Beat beat;
#define EDQA_ENCODED_FROM_SLOT(n) \
  if (n < kUnits && unit == n) stream_read_into(encoded##n, beat);
    EDQA_FOR_EACH_SLOT(EDQA_ENCODED_FROM_SLOT)
#undef EDQA_ENCODED_FROM_SLOT
    return beat;
  }

  // A direct record's ceil(L N / 32) code words.
  uint32_t forward_words(uint32_t count, int unit) {
    enter_loop();
  MERGE_CODES:
    for (int w = 0; w < kMaxLength; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 1024)
      if (static_cast<uint32_t>(w) == count) break;
      emit(read_encoded(unit).data.to_uint(), 0, 1, false, schedule::kMergeCodesDepth);
      tick();
    }
    drain(schedule::kMergeCodesFlush);
    return count;
  }

  // An important record: up to the coder's last word.
  uint32_t forward_to_last(int unit) {
    bool last = false;
    uint32_t words = 0;
    enter_loop();
  MERGE_RECORD:
    for (int w = 0; w < kMaxRecordWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (last) break;
      const Beat beat = read_encoded(unit);
      last = beat.last;
      ++words;
      emit(beat.data.to_uint(), 0, 1, false, schedule::kMergeRecordDepth);
      tick();
    }
    drain(schedule::kMergeRecordFlush);
    return words;
  }

  void drain(int flush) { stream_drain(dout, pending_, clock_, flush); }

  // A loop's entry and exit states (schedule::kLoopEntryExitCycles), charged where it starts: HLS builds them.
  void enter_loop() { stream_enter_loop(dout, pending_, clock_); }
};

// The one-unit, one-lane router and merger (the paper's configuration; the stage testbenches drive these).
typedef InputRouterT<1, 1> InputRouter;
typedef OutputMergerT<1, 1> OutputMerger;

}  // namespace edqa_hw

#endif  // EDQA_STREAM_ROUTER_SC_H
