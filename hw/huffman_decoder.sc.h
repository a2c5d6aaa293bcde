// Huffman Decoder: reads a record (docs/spec.md §4.2), checks its codebook (§3.3) before it touches the payload,
// and hands (q, e) pairs to the Dequantizer, one element per cycle.
//
//   record_in --> codes -----> set-aside FIFO ---------------------------------------> q --+
//             --> H (MODE, P)                                                           |
//             --> codebook --> check (Kraft, used symbols, P) --> symbols in code order +--> elements_out
//             --> payload (straight from the stream) --> code match, or m raw bits --> e+
//   static_code_in (once per START) --> the static code's tables (docs/spec.md §3.7)
//
// In a layer of code coding static (§3.8) the codes section starts with its code mode bit, and DECODE_CODES reads
// it at one code a cycle (a second cycle for a code longer than 8 bits), with the layer's codes' static code (its
// tables built when it was loaded) or, behind mode bit 0, as packed N-bit fields. A direct record's codes go
// straight out. An important record's codes come last (§4.2): H, the codebook, its payload into the set-aside FIFO,
// then DECODE_CODES decodes each code from the stream beside its error from the FIFO (DECODE's recurrence), so the
// record takes about L cycles, not 2 L. The set-aside FIFO is the unit's, bound to both of the decoder's ports.
//
// An important record's mode (§4.2) picks the code: its own codebook (adaptive), the layer's static code (static:
// its tables were built when it was loaded), or none (raw: each error is m bits).
// It never hangs on a damaged record. It reads words only up to the record's TLAST (set by the router on the W-th
// word of the record's descriptor) (a word the header announces
// beyond TLAST reads as 0) and discards words after the announced ones up to TLAST; an illegal codebook or P
// skips decoding; in every case exactly L elements leave (zeros for a refused record), every word set aside is read
// back, and status_out names the first problem. So a refused record costs at most max(L, its words) + O(2^m)
// cycles. Schedule: edqa_schedule.h.
#ifndef EDQA_HUFFMAN_DECODER_SC_H
#define EDQA_HUFFMAN_DECODER_SC_H

#include <systemc.h>

#include "edqa_bit_packing.h"
#include "edqa_hw_config.h"
#include "edqa_numerics.h"
#include "edqa_rtl_trace.h"
#include "edqa_schedule.h"
#include "edqa_stream.h"
#include "edqa_types.h"

namespace edqa_hw {

// DECODE's payload window (hw/rtl/decode.v): at most 15 bits left when a word arrives, so 47 bits are ever valid.
constexpr int kWindowBits = 48;
constexpr uint64_t kWindowMask = (uint64_t{1} << kWindowBits) - 1;
constexpr int kPayloadWordsBits = bits_for(kMaxPayloadWords);
// DECODE_CODES' window (docs/spec.md §3.8: codes up to 12 bits): refilled when fewer than 24 bits remain, so at most
// 55 bits are ever valid and every cycle's peek finds 12.
constexpr int kCodesWindowBits = 56;
constexpr uint64_t kCodesWindowMask = (uint64_t{1} << kCodesWindowBits) - 1;
constexpr int kCodesRefillBits = 2 * kMaxCodesCodeLength;

SC_MODULE(HuffmanDecoder) {
  sc_in<bool> clk;
  sc_in<bool> reset;
  sc_out<bool> busy;

  sc_fifo_in<StageDescriptor> config_in;
  sc_fifo_out<ErrorField> status_out;  // per record an ErrorCode, kErrorNone when the record was sound
  sc_fifo_in<Beat> record_in;
  sc_fifo_in<Word> static_code_in;  // the layer's static code, when a record's configuration loads one
  sc_fifo_out<DecodedElement> elements_out;
  // The words an important record sets aside to decode them beside later ones (SET_ASIDE writes them): in the paper's
  // layout its packed codes, for DECODE beside the payload; with its codes last (docs/spec.md §4.2) its payload, for
  // DECODE_CODES beside the codes. Both ports bind the unit's one FIFO (kSetAsideWords deep).
  sc_fifo_out<Word> set_aside_out;
  sc_fifo_in<Word> set_aside_in;

#if !defined(__SYNTHESIS__)
  const sc_signal<int>& loop_row() const { return loop_.row; }
#endif

  SC_CTOR(HuffmanDecoder) {
    SC_CTHREAD(run, clk.pos());
    reset_signal_is(reset, true);
    // The code match compares against all eight lengths at once: registers, not a RAM.
    HLS_PRAGMA(ARRAY_PARTITION variable = count_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = first_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = offset_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = limit_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = next_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = code_lengths_ cyclic factor = 8)
    HLS_PRAGMA(ARRAY_PARTITION variable = static_count_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = static_first_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = static_offset_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = static_limit_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = codes_count_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = codes_first_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = codes_offset_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = codes_next_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = run_code_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = run_mask_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = codes_lengths_ cyclic factor = 8)
    // At most 2.5 kbit each: LUT RAM (Yosys: 32-101 LUTs) rather than a RAMB18 apiece; pinned, so what HLS builds is
    // what the estimate counts (docs/performance.md, "Resources"). The read latency stays 1 cycle.
    HLS_PRAGMA(RESOURCE variable = code_lengths_ core = RAM_2P_LUTRAM)
    HLS_PRAGMA(RESOURCE variable = symbols_in_code_order_ core = RAM_2P_LUTRAM)
    HLS_PRAGMA(RESOURCE variable = static_symbols_ core = RAM_2P_LUTRAM)
    HLS_PRAGMA(RESOURCE variable = codes_lengths_ core = RAM_2P_LUTRAM)
    HLS_PRAGMA(RESOURCE variable = codes_symbols_ core = RAM_2P_LUTRAM)
  }

 private:
  CodeLength code_lengths_[kMaxAlphabet];
  Symbol symbols_in_code_order_[kMaxAlphabet];
  Length count_[kMaxCodeLength + 1];
  CodeBits first_[kMaxCodeLength + 1];                     // first code of each length
  Symbol offset_[kMaxCodeLength + 1];                      // index of that code's symbol in symbols_in_code_order_
  sc_uint<kMaxCodeLength + 1> limit_[kMaxCodeLength + 1];  // (first + count) << (L_max - length)
  Symbol next_[kMaxCodeLength + 1];
  // The static code's match tables, built once per START; a static record copies the registers in one cycle and
  // looks its symbols up in static_symbols_.
  Symbol static_symbols_[kMaxAlphabet];
  Length static_count_[kMaxCodeLength + 1];
  CodeBits static_first_[kMaxCodeLength + 1];
  Symbol static_offset_[kMaxCodeLength + 1];
  sc_uint<kMaxCodeLength + 1> static_limit_[kMaxCodeLength + 1];
  // The codes' static code (docs/spec.md §3.8), built once per START from the router's words: its lengths, per
  // length the count, first code and first slot, the symbols in code order, and each zero run's code left-aligned
  // to 12 bits with the mask of its length (DECODE_CODES knows a run from the peek alone, before the symbol read).
  CodesCodeLength codes_lengths_[kMaxCodeAlphabet];
  CodeSymbol codes_symbols_[kMaxCodeAlphabet];
  sc_uint<bits_for(kMaxCodeAlphabet)> codes_count_[kMaxCodesCodeLength + 1];
  CodesCodeBits codes_first_[kMaxCodesCodeLength + 1];
  CodeSymbol codes_offset_[kMaxCodesCodeLength + 1];
  sc_uint<bits_for(kMaxCodeAlphabet)> codes_next_[kMaxCodesCodeLength + 1];
  CodesCodeBits run_code_[kZeroRunSymbols];
  CodesCodeBits run_mask_[kZeroRunSymbols];
  uint32_t status_;
  bool ended_;  // the record's TLAST has been read
  // DECODE_CODES may read one word past the codes section (its window refills ahead); that word is the next
  // section's first, and next_word() returns it first.
  bool held_;
  uint32_t held_word_;

  PipelineClock clock_;
  PipelineOutput<DecodedElement> pending_;
  LoopMarker loop_;

  void tick() { stream_tick(elements_out, pending_, clock_); }

  void drain(int flush) { stream_drain(elements_out, pending_, clock_, flush); }

  // A loop's entry and exit states (schedule::kLoopEntryExitCycles), charged where it starts: HLS builds them.
  void enter_loop(const schedule::Loop& row) {
    loop_.enter(row);
    stream_enter_loop(elements_out, pending_, clock_);
  }

  // The first problem of a record (or of one side of it) is the one reported.
  static void report(uint32_t & status, uint32_t code) {
    if (status == kErrorNone) status = code;
  }
  void fail(uint32_t code) { report(status_, code); }

  // The next word of the record, or 0 once its TLAST has passed (a record shorter than its header says).
  uint32_t next_word() {
    if (held_) {
      held_ = false;
      return held_word_;
    }
    if (ended_) {
      fail(kErrorRecordLength);
      return 0;
    }
    const Beat beat = stream_read(record_in);
    ended_ = beat.last;
    return beat.data.to_uint();
  }

  void emit(int32_t q, uint32_t e, int depth) {
    stream_output(elements_out, pending_, clock_, DecodedElement(q, e), depth);
  }

  void run() {
    busy.write(false);
    drain_on_reset(config_in);
    drain_on_reset(record_in);
    drain_on_reset(static_code_in);
    drain_on_reset(set_aside_in);
#if !defined(__SYNTHESIS__)
    pending_.clear();
#endif
    wait();
    while (true) {
      const StageDescriptor config = await_record(config_in, busy);
      status_ = kErrorNone;
      ended_ = config.words == 0;  // an empty record has no words, and no TLAST
      held_ = false;
      if (config.loads_static_code) load_static_code(1 << static_cast<int>(config.extra_bits));
      if (config.loads_code_static_code) load_code_static_code(static_cast<int>(config.bits));
      decode_record(config);
      loop_.leave();
      stream_write(status_out, ErrorField(status_));
      busy.write(false);
    }
  }

  void decode_record(const StageDescriptor& config) {
    const int n = static_cast<int>(config.bits);
    const int m = static_cast<int>(config.extra_bits);
    const uint32_t count = config.length;
    uint32_t code_words = code_section_words(count, n);
    const uint32_t words = static_cast<uint32_t>(config.words);
    // The record's size is checked where the golden model checks it (docs/spec.md §4.5, ChannelCodec.Decode): each
    // size H and P fix before the fields it covers, so a record both cut short (or too long) and damaged reports
    // its size; the status then does not hang on when a read past TLAST falls due.
    if (!config.important) {
      if (config.code_coding) {
        // The section's length is known only once its codes are decoded (docs/spec.md §4.2).
        uint32_t none = 0;
        if (words != decode_codes(n, count, words, false, kModeRaw, 1, 0, none)) fail(kErrorRecordLength);
      } else {
        if (words != code_words) fail(kErrorRecordLength);
        decode_direct(n, count);
      }
      discard_to_end(0);
      return;
    }

    // With code coding static the codes come last (docs/spec.md §4.2): H opens the record, and at least the codes'
    // mode word follows the payload.
    const bool codes_last = config.code_coding;
    if (codes_last) {
      code_words = 0;
      if (words < 2) fail(kErrorRecordLength);
    } else {
      if (words < code_words + 1) fail(kErrorRecordLength);
      const uint32_t last = set_aside(code_words);
      if ((count * n) % kBeatBits != 0 && (last << ((count * n) % kBeatBits)) != 0) fail(kErrorPadding);
    }

    const int alphabet = 1 << m;
    const uint32_t codebook_words = words_for_bits(static_cast<uint32_t>(alphabet) * kCodeLengthFieldBits);
    const uint32_t coding_word = next_word();
    tick();
    const uint32_t mode = coding_word >> kModeShift;
    const uint32_t payload_bits = coding_word & kPayloadFieldMask;
    bool decodable = true;
    if (mode > kModeRaw || (coding_word & ~(kPayloadFieldMask | (3u << kModeShift))) != 0) {
      fail(kErrorRecordMode);
      decodable = false;
    } else if (mode == kModeAdaptive) {
      if (words < code_words + 1 + codebook_words + (codes_last ? 1u : 0u)) fail(kErrorRecordLength);
      read_codebook(alphabet);
      decodable = check_codebook(count, payload_bits);
    } else if (mode == kModeStatic) {
      decodable = use_static_code(config.static_code_ready, count, payload_bits);
    } else if (payload_bits != count * static_cast<uint32_t>(m)) {
      fail(kErrorPayloadBits);
      decodable = false;
    }
    // The size P implies, in the same state as the check of P (a compare, no cycle of its own); with the codes last,
    // at least their mode word after the payload.
    const uint32_t tail_words = 1 + (mode == kModeAdaptive ? codebook_words : 0u) + words_for_bits(payload_bits);
    if (decodable && (codes_last ? words < tail_words + 1 : words != code_words + tail_words)) fail(kErrorRecordLength);
    if (decodable && status_ == kErrorNone && mode == kModeAdaptive) place_symbols(alphabet, symbols_in_code_order_);
    if (decodable && status_ == kErrorNone) {
      uint32_t left = 0;  // set-aside words the decode did not take (a damaged record)
      if (codes_last) {
        // The payload set aside, then each code decoded beside its error (DECODE_CODES' errors side).
        (void)set_aside(words_for_bits(payload_bits));
        const uint32_t section_words = decode_codes(n, count, words - tail_words, true, mode, m, payload_bits, left);
        if (words != tail_words + section_words) fail(kErrorRecordLength);
      } else {
        decode_important(n, m, mode, count, payload_bits);
      }
      discard_to_end(left);
    } else {
      refuse(count, code_words);
    }
  }

  // SET_ASIDE: an important record's words the decode takes beside later ones, into the set-aside FIFO: its packed
  // codes (the paper's layout, for DECODE), or with its codes last its payload (docs/spec.md §4.2, for
  // DECODE_CODES' errors side). A word past TLAST is set aside as 0 (the record is refused for its length).
  // Returns the last word (the packed codes' padding is checked on it).
  uint32_t set_aside(uint32_t words) {
    uint32_t word = 0;
    enter_loop(schedule::kSetAside);
  SET_ASIDE:
    for (int w = 0; w < kSetAsideWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (static_cast<uint32_t>(w) == words) break;
      word = next_word();
      stream_write(set_aside_out, Word(word));
      tick();
    }
    drain(schedule::kSetAsideFlush);
    return word;
  }

  // The static code behind a record's descriptor (the router has checked it): eight lengths per word, counted per
  // length as they pass; then the first codes, offsets and limits; then each symbol into its slot. Once per START.
  void load_static_code(int alphabet) {
    const int words = static_cast<int>(words_for_bits(static_cast<uint32_t>(alphabet) * kCodeLengthFieldBits));
    const uint32_t valid = length_fields(alphabet);
  CLEAR_STATIC_COUNTS:
    for (int l = 0; l <= kMaxCodeLength; ++l) {
      HLS_PRAGMA(UNROLL)
      static_count_[l] = 0;
    }
    enter_loop(schedule::kReadStaticCode);
  READ_STATIC_CODE:
    for (int w = 0; w < kMaxCodebookWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (w == words) break;
      const uint32_t word = stream_read(static_code_in).to_uint();
      const uint32_t lengths = unpack_lengths(w == 0, word, valid, static_count_);
    STORE_STATIC_LENGTHS:
      for (int f = 0; f < 8; ++f) {
        HLS_PRAGMA(UNROLL)
        if (((valid >> f) & 1u) != 0) code_lengths_[w * 8 + f] = (lengths >> (28 - 4 * f)) & 0xFu;
      }
      tick();
    }
    drain(schedule::kReadStaticCodeFlush);
    uint32_t code = 0;
    uint32_t offset = 0;
  STATIC_FIRST_CODES:
    for (int l = 1; l <= kMaxCodeLength; ++l) {
      HLS_PRAGMA(UNROLL)
      code = (code + (l == 1 ? 0u : static_cast<uint32_t>(static_count_[l - 1]))) << 1;
      static_first_[l] = code;
      static_offset_[l] = offset;
      next_[l] = offset;
      offset += static_count_[l];
      static_limit_[l] = (code + static_count_[l]) << (kMaxCodeLength - l);
    }
    tick();
    place_symbols(alphabet, static_symbols_);
  }

  // A static record: the static code's match registers copied in one cycle, and P checked. False when the
  // payload must not be decoded.
  bool use_static_code(bool ready, uint32_t count, uint32_t payload_bits) {
    if (!ready) {
      fail(kErrorStaticCode);
      return false;
    }
  USE_STATIC_CODE:
    for (int l = 0; l <= kMaxCodeLength; ++l) {
      HLS_PRAGMA(UNROLL)
      count_[l] = static_count_[l];
      first_[l] = static_first_[l];
      offset_[l] = static_offset_[l];
      limit_[l] = static_limit_[l];
    }
    tick();
    if (payload_bits > count * kMaxCodeLength) {
      fail(kErrorPayloadBits);
      return false;
    }
    return true;
  }

  // The codes' static code of N behind a record's descriptor (the router has checked it, docs/spec.md §3.8, and
  // refuses every record of CODE_CODING while no legal one is loaded, so no table is used unless legal): eight
  // lengths per word into the lengths RAM's banks, counted per length; then the first codes and slots of the
  // twelve lengths in one cycle; then each symbol into its slot, a zero run's code kept aside. Once per START.
  void load_code_static_code(int n) {
    const int alphabet = code_alphabet(n);
    const int words = static_cast<int>(code_static_code_section_words(static_cast<uint32_t>(n)));
    const uint32_t last_mask = n == 2 ? 0x07u : 0x7Fu;  // the fields of the last word: (2^N + 15) mod 8
  CLEAR_CODES_COUNTS:
    for (int l = 0; l <= kMaxCodesCodeLength; ++l) {
      HLS_PRAGMA(UNROLL)
      codes_count_[l] = 0;
    }
    enter_loop(schedule::kReadCodeStaticCode);
  READ_CODE_STATIC_CODE:
    for (int w = 0; w < kMaxCodeStaticCodeWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (w == words) break;
      const uint32_t word = stream_read(static_code_in).to_uint();
      const uint32_t valid = w + 1 == words ? last_mask : 0xFFu;
      const uint32_t lengths = unpack_lengths(w == 0, word, valid, codes_count_);
    STORE_CODES_LENGTHS:
      for (int f = 0; f < 8; ++f) {
        HLS_PRAGMA(UNROLL)
        if (((valid >> f) & 1u) != 0) codes_lengths_[w * 8 + f] = (lengths >> (28 - 4 * f)) & 0xFu;
      }
      tick();
    }
    drain(schedule::kReadCodeStaticCodeFlush);
    uint32_t code = 0;
    uint32_t offset = 0;
  CODES_FIRST_CODES:
    for (int l = 1; l <= kMaxCodesCodeLength; ++l) {
      HLS_PRAGMA(UNROLL)
      code = (code + (l == 1 ? 0u : static_cast<uint32_t>(codes_count_[l - 1]))) << 1;
      codes_first_[l] = code;
      codes_offset_[l] = offset;
      codes_next_[l] = offset;
      offset += codes_count_[l];
    }
    tick();
#if !defined(__SYNTHESIS__)
    const rtl_trace::Fields starts = slot_starts(codes_next_);
#endif
    enter_loop(schedule::kPlaceCodeSymbols);
  PLACE_CODE_SYMBOLS:
    for (int s = 0; s < kMaxCodeAlphabet; ++s) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (s == alphabet) break;
      const int l = codes_lengths_[s];
#if !defined(__SYNTHESIS__)
      uint64_t banks = 0;  // the row of s in each of the eight banks of codes_lengths_ (past the alphabet: 0)
      for (int b = 0; b < 8; ++b) {
        const int index = (s & ~7) + b;
        if (index < alphabet) banks |= static_cast<uint64_t>(codes_lengths_[index].to_uint()) << (4 * b);
      }
      EDQA_RTL_TRACE("length_select", this, (banks, s & 7), (l));
      EDQA_RTL_TRACE("place_code_symbols", this, (place_inputs(s == 0, starts, l)),
                     (l != 0, l != 0 ? codes_next_[l].to_uint() : 0u, s));
#endif
      if (l != 0) {
        const uint32_t slot = codes_next_[l].to_uint();
        codes_symbols_[slot] = static_cast<uint32_t>(s);
        codes_next_[l] = slot + 1;
        // A zero run (the last fifteen symbols): its code, left-aligned to 12 bits, and its length's mask.
        if (s >= (1 << n)) {
          const int r = s - (1 << n);
          run_code_[r] =
              ((static_cast<uint32_t>(codes_first_[l]) + slot - codes_offset_[l]) << (kMaxCodesCodeLength - l)) &
              ((1u << kMaxCodesCodeLength) - 1u);
          run_mask_[r] = ((1u << kMaxCodesCodeLength) - 1u) & ~((1u << (kMaxCodesCodeLength - l)) - 1u);
        }
      }
      tick();
    }
    drain(schedule::kPlaceCodeSymbolsFlush);
  }

  // DECODE_CODES: a record's codes section in a layer of code coding static (docs/spec.md §3.8, §4.2), its code
  // mode bit, then L codes, one a cycle: the 56-bit window's top 8 bits matched against the bounds of lengths 1..8
  // (the errors' DECODE match), a second cycle for a code longer than 8 bits (in a canonical code its first 8 bits
  // lie above every shorter code's, so "no match in 8" says "long"), and a zero run of k codes out over k cycles
  // (the run is known from fifteen masked compares of the peek with the runs' codes, beside the length match, so the
  // next cycle's choice does not wait for the symbol read). Behind mode bit 0 the same loop reads packed N-bit
  // fields (bounds: every N-bit pattern a code of length N, no runs, no long codes). A direct record's codes go
  // out as elements. An important record's codes come last (§4.2), its payload already in the set-aside FIFO: the
  // errors side decodes error i beside code i (DECODE's recurrence, hw/rtl/decode.v, on the FIFO), advancing in a
  // cycle after one that emitted (a register: the codes' match does not reach the errors' window), so the error a
  // code goes out with is the last one decoded. Returns the section's words;
  // a word read past it is held for next_word(). Never more than W words are read, and every cycle emits a code
  // or is the first of a long code's two, so the loop ends after at most 2 L trips.
  uint32_t decode_codes(int n, uint32_t count, uint32_t words, bool important, uint32_t mode, int m,
                        uint32_t payload_bits, uint32_t& set_aside_left) {
    uint32_t low[kMaxCodeLength + 1];  // lengths 1..8 on the 8-bit peek's scale, 9 bits
    uint32_t high[kMaxCodeLength + 1];
    uint32_t long_low[kMaxCodesCodeLength + 1];  // lengths 9..12 on the 12-bit peek's scale, 13 bits
    uint32_t long_high[kMaxCodesCodeLength + 1];
    HLS_PRAGMA(ARRAY_PARTITION variable = low complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = high complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = long_low complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = long_high complete)
    sc_uint<kInputWordsBits> words_left = words;
    // The load cycle: the section's first word, its top bit the code mode; the bounds by mode.
    const bool takes = words_left != 0;
    const uint32_t first_word = takes ? next_word() : 0u;
    if (takes) --words_left;
    const bool coded = (first_word >> 31) != 0;
    bool has_long = false;
  CODES_BOUNDS:
    for (int l = 1; l <= kMaxCodesCodeLength; ++l) {
      HLS_PRAGMA(UNROLL)
      const uint32_t lower = static_cast<uint32_t>(codes_first_[l]) << (kMaxCodesCodeLength - l);
      const uint32_t upper = (static_cast<uint32_t>(codes_first_[l]) + codes_count_[l]) << (kMaxCodesCodeLength - l);
      const bool used = coded && codes_count_[l] != 0 && lower < (1u << kMaxCodesCodeLength);
      if (l <= kMaxCodeLength) {
        const int shift = kMaxCodesCodeLength - kMaxCodeLength;
        low[l] = coded ? (lower >> shift) & 0xFFu : 0u;
        high[l] = coded ? (used ? upper >> shift : 0u) : (l == n ? 1u << kMaxCodeLength : 0u);
      } else {
        long_low[l] = lower & ((1u << kMaxCodesCodeLength) - 1u);
        long_high[l] = used ? upper : 0u;
        if (used) has_long = true;
      }
    }
    trace_decode_codes(true, first_word, words, count, coded, has_long, low, high, long_low, long_high, 0, 0, takes, 0,
                       false, count == 0);
    // The errors side: DECODE's window on the set-aside FIFO, loaded in the same cycle.
    uint32_t error_low[kMaxCodeLength + 1];
    uint32_t error_high[kMaxCodeLength + 1];
    HLS_PRAGMA(ARRAY_PARTITION variable = error_low complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = error_high complete)
    const uint32_t payload_words = words_for_bits(payload_bits);
    sc_uint<kPayloadWordsBits> payload_left = payload_words;
    uint64_t error_window = 0;
    int error_fill = 0;
    uint32_t error_consumed = 0;
    uint32_t error = 0;                    // the last error decoded: the next code goes out with it
    uint32_t payload_status = kErrorNone;  // the errors side's first problem, kept apart from the codes side's
    bool errors_advance = true;            // the last cycle emitted a code (registered), or the loop begins
    if (important && count > 0) {
      match_bounds(mode, m, error_low, error_high);
      const bool loads = payload_left != 0;
      const uint32_t word = loads ? stream_read(set_aside_in).to_uint() : 0u;
      trace_decode(true, true, word, payload_words, error_low, error_high, 0, 0, loads);
      error_window = static_cast<uint64_t>(word) << (kWindowBits - kBeatBits);
      error_fill = kBeatBits;
      if (loads) --payload_left;
    }
    uint64_t window = (static_cast<uint64_t>(first_word) << (kCodesWindowBits - kBeatBits + 1)) & kCodesWindowMask;
    int fill = kBeatBits - 1;
    uint32_t consumed = 1;  // the section's bits, its mode bit first
    uint32_t emitted = 0;
    uint32_t zeros_left = 0;  // of a zero run, the codes still to emit (at most 15)
    bool long_pending = false;
    tick();
    enter_loop(schedule::kDecodeCodes);
  DECODE_CODES:
    for (int c = 0; c < 2 * kMaxLength; ++c) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 8192)
      if (emitted == count) break;
      const bool refill = fill < kCodesRefillBits;
      const bool reads = refill && words_left != 0;
      const uint32_t word = reads ? next_word() : 0u;
      if (reads) --words_left;
      const uint32_t peek = static_cast<uint32_t>(window >> (kCodesWindowBits - kMaxCodesCodeLength));
      const uint32_t peek8 = peek >> (kMaxCodesCodeLength - kMaxCodeLength);
      int code_length = 0;
      if (zeros_left == 0 && !long_pending) {
      SHORT_COMPARE:
        for (int l = kMaxCodeLength; l >= 1; --l) {
          HLS_PRAGMA(UNROLL)
          if (low[l] <= peek8 && peek8 < high[l]) code_length = l;
        }
      } else if (long_pending) {
      LONG_COMPARE:
        for (int l = kMaxCodesCodeLength; l > kMaxCodeLength; --l) {
          HLS_PRAGMA(UNROLL)
          if (long_low[l] <= peek && peek < long_high[l]) code_length = l;
        }
      }
      uint32_t run = 0;  // the zero codes of a matched run symbol, 0 for none
    RUN_COMPARE:
      for (int r = 0; r < kZeroRunSymbols; ++r) {
        HLS_PRAGMA(UNROLL)
        if (coded && zeros_left == 0 && long_pending == (((run_mask_[r] >> 3) & 1u) != 0) &&
            (peek & run_mask_[r]) == run_code_[r])
          run = static_cast<uint32_t>(r) + 2u;
      }
      const bool starts_long = zeros_left == 0 && !long_pending && code_length == 0 && has_long;
      // No code: a pattern no code starts (impossible under a legal complete code, kept so that nothing hangs):
      // one bit consumed, a zero code out.
      const bool invalid = zeros_left == 0 && code_length == 0 && !starts_long;
      const int consume = code_length != 0 ? code_length : (invalid ? 1 : 0);
      // Later stages: the symbol (a slot from the peek, a RAM read), or the peek's N bits behind mode bit 0.
      uint32_t value = 0;
      if (invalid) {
        fail(kErrorInvalidCode);
      } else if (code_length != 0 && run == 0) {
        if (coded) {
          const uint32_t slot =
              codes_offset_[code_length] + (peek >> (kMaxCodesCodeLength - code_length)) - codes_first_[code_length];
          value = codes_symbols_[slot];
        } else {
          value = peek8 >> (kMaxCodeLength - n);
        }
      }
      const bool emits = !starts_long;
      trace_decode_codes(false, word, words, count, coded, has_long, low, high, long_low, long_high, code_length, peek,
                         reads, run, emits, emitted + (emits ? 1u : 0u) == count);
      if (important) {
        // DECODE's iteration (hw/rtl/decode.v) on the set-aside FIFO, its registers and read enabled by
        // errors_advance: refill from the registered fill, match the peek, shift out the code; the symbol lookup
        // in a later stage.
        const bool refill = error_fill < 2 * kMaxCodeLength;
        const bool loads = errors_advance && refill && payload_left != 0;
        const uint32_t payload_word = loads ? stream_read(set_aside_in).to_uint() : 0u;
        if (loads) --payload_left;
        const uint32_t error_peek = window_peek(error_window);
        const int error_length = match_length(error_peek, error_low, error_high);
        const int error_consume = error_length != 0 ? error_length : 1;  // an invalid code consumes one bit
        trace_decode(false, errors_advance, payload_word, payload_words, error_low, error_high, error_length,
                     error_peek, loads);
        if (errors_advance) {
          if (error_length == 0) report(payload_status, kErrorInvalidCode);
          error = error_of(error_length, error_peek, mode, m);
          shift_window(error_window, error_fill, refill, payload_word, error_consume);
          error_consumed += static_cast<uint32_t>(error_consume);
        }
      }
      errors_advance = emits;
      if (run != 0) {
        // The run's first zero now, the rest over the next cycles; one past element L - 1 is a format error.
        if (emitted + run > count) fail(kErrorZeroRun);
        zeros_left = run - 1;  // the loop ends after L codes, so a run past the end is not cut
      } else if (zeros_left != 0) {
        --zeros_left;
      }
      long_pending = starts_long;
      const uint64_t merged =
          refill ? window | (static_cast<uint64_t>(word) << (kCodesWindowBits - kBeatBits - fill)) : window;
      window = (merged << consume) & kCodesWindowMask;
      // Below 0 only once the record's words ran out under its codes (refused below): no read or refill then.
      fill += (reads ? kBeatBits : 0) - consume;
      consumed += static_cast<uint32_t>(consume);
      if (emits) {
        ++emitted;
        emit(from_field(value, n), error, schedule::kDecodeCodesDepth);
      }
      tick();
    }
    if (count > 0) drain(schedule::kDecodeCodesFlush);
    if (important) {
      // DECODE's checks after its loop: exactly P bits and zero padding. The payload comes before the codes in the
      // record, so its first problem is the record's (the golden model's order), whatever the codes side found.
      if (error_consumed != payload_bits) report(payload_status, kErrorPayloadLength);
      if (payload_left == 0 && error_consumed <= payload_bits && error_window != 0)
        report(payload_status, kErrorPadding);
    }
    set_aside_left = payload_left.to_uint();
    if (payload_status != kErrorNone) status_ = payload_status;
    // The section ends at the word boundary after its bits: its padding must be zero, a word read past it is the
    // next section's, and bits beyond the words read mean the record ended inside its codes.
    const uint32_t section_words = words_for_bits(consumed);
    const uint32_t read = words - words_left.to_uint();
    const int pad = static_cast<int>(section_words * kBeatBits - consumed);
    if (section_words > read) {
      fail(kErrorRecordLength);
    } else {
      if (pad > 0 && (window >> (kCodesWindowBits - pad)) != 0) fail(kErrorPadding);
      if (read > section_words) {
        held_ = true;
        held_word_ = static_cast<uint32_t>(window >> (kCodesWindowBits - pad - kBeatBits));
      }
    }
    return section_words;
  }

  void trace_decode_codes(bool load, uint32_t word, uint32_t words, uint32_t count, bool coded, bool has_long,
                          const uint32_t(&low)[kMaxCodeLength + 1], const uint32_t(&high)[kMaxCodeLength + 1],
                          const uint32_t(&long_low)[kMaxCodesCodeLength + 1],
                          const uint32_t(&long_high)[kMaxCodesCodeLength + 1], int code_length, uint32_t peek,
                          bool takes, uint32_t run, bool emits, bool ends) {
#if !defined(__SYNTHESIS__)
    // The bounds' and runs' fields are built only for a trace: this runs every DECODE_CODES cycle.
    if (!rtl_trace::Sink::instance().enabled()) return;
    uint64_t lows = 0, highs = 0, long_lows = 0, long_highs = 0;
    uint32_t tops = 0;
    for (int l = 1; l <= kMaxCodeLength; ++l) {
      lows |= static_cast<uint64_t>(low[l]) << (8 * (l - 1));
      highs |= static_cast<uint64_t>(high[l] & 0xFFu) << (8 * (l - 1));
      tops |= (high[l] >> 8) << (l - 1);
    }
    for (int l = kMaxCodeLength + 1; l <= kMaxCodesCodeLength; ++l) {
      long_lows |= static_cast<uint64_t>(long_low[l]) << (12 * (l - 9));
      long_highs |= static_cast<uint64_t>(long_high[l]) << (13 * (l - 9));
    }
    // The runs' codes and masks, five to a 60-bit field (the kernel's ports are 180 bits wide).
    uint64_t run_codes[3] = {0, 0, 0}, run_masks[3] = {0, 0, 0};
    for (int r = 0; r < kZeroRunSymbols; ++r) {
      run_codes[r / 5] |= static_cast<uint64_t>(run_code_[r].to_uint()) << (12 * (r % 5));
      run_masks[r / 5] |= static_cast<uint64_t>(run_mask_[r].to_uint()) << (12 * (r % 5));
    }
    EDQA_RTL_TRACE("decode_codes", this,
                   (load, word, words, count, coded, has_long, lows, highs, tops, long_lows, long_highs, run_codes[0],
                    run_codes[1], run_codes[2], run_masks[0], run_masks[1], run_masks[2]),
                   (code_length, peek, takes, run, emits, ends));
#endif
  }

  void decode_direct(int n, uint32_t count) {
    WordUnpacker codes;
    enter_loop(schedule::kDecodeDirect);
  DECODE_DIRECT:
    for (int i = 0; i < kMaxLength; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 4096)
      if (static_cast<uint32_t>(i) == count) break;
      const bool needs = codes.needs_word(n);
      const uint32_t word = needs ? next_word() : 0u;
      if (needs) codes.feed(word);
      const uint32_t value = codes.take(n);
      EDQA_RTL_TRACE("word_unpacker", this, (i == 0, word, n), (needs, value));
      emit(from_field(value, n), 0, schedule::kDecodeDirectDepth);
      tick();
    }
    if (count > 0) drain(schedule::kDecodeDirectFlush);
    if (!codes.rest_is_zero()) fail(kErrorPadding);
  }

  // Which of a codebook word's eight fields are lengths (bit f: field f, the rest must be zero): the alphabet 2^m
  // is 1, 2 or 4 fields of its only word or whole words, so every word has the same mask, fixed before the loop;
  // the loops then compare no symbol index with the alphabet (hw/rtl/unpack_lengths.v).
  static uint32_t length_fields(int alphabet) { return alphabet >= 8 ? 0xFFu : (1u << alphabet) - 1u; }

  // A codebook word's eight 4-bit fields (the first in the top bits), each 0 above the longest length (L_max, or 12
  // for the codes' static code: the counters' array says which) and 0 outside `valid`, and per length the valid
  // fields of that length added to its counter: eight compares and their sum, then one add per counter
  // (hw/rtl/unpack_lengths.v, and its instance code_unpack_lengths.v for the codes' static code; counting them one
  // field after another would chain eight adds). `first`: the loop's first word (trace only: the counters' entry
  // values are the cleared ones).
  // The trace tells the two rows' kernels apart by the counters' array.
  static_assert(kMaxCodeLength != kMaxCodesCodeLength, "unpack_lengths' trace names its kernel by its counters");
  template <int kCounters, class Count>
  uint32_t unpack_lengths(bool first, uint32_t word, uint32_t valid, Count(&counts)[kCounters]) {
    HLS_PRAGMA(INLINE)
    uint32_t lengths = 0;
  CLAMP_FIELDS:
    for (int f = 0; f < 8; ++f) {
      HLS_PRAGMA(UNROLL)
      const uint32_t field = (word >> (28 - 4 * f)) & 0xFu;
      // counts[0] counts nothing: the longest length is kCounters - 1
      if (((valid >> f) & 1u) != 0 && field < static_cast<uint32_t>(kCounters)) lengths |= field << (28 - 4 * f);
    }
  COUNT_FIELDS:
    for (int l = 1; l < kCounters; ++l) {
      HLS_PRAGMA(UNROLL)
      uint32_t hits = 0;
    MATCH_FIELDS:
      for (int f = 0; f < 8; ++f) {
        HLS_PRAGMA(UNROLL)
        if (((valid >> f) & 1u) != 0 && ((word >> (28 - 4 * f)) & 0xFu) == static_cast<uint32_t>(l)) ++hits;
      }
      counts[l] = counts[l] + hits;
    }
#if !defined(__SYNTHESIS__)
    rtl_trace::Fields outputs(1, lengths);
    for (int l = 1; l < kCounters; ++l) outputs.push_back(counts[l].to_uint());
    EDQA_RTL_TRACE(kCounters == kMaxCodesCodeLength + 1 ? "code_unpack_lengths" : "unpack_lengths", this,
                   (first, word, valid), (outputs));
#else
    static_cast<void>(first);
#endif
    return lengths;
  }

  // Unpacks the 4-bit length fields, eight per word, and counts them per length as they pass. The golden model's
  // order: the codebook's padding before its lengths.
  void read_codebook(int alphabet) {
    const int words = static_cast<int>(words_for_bits(static_cast<uint32_t>(alphabet) * kCodeLengthFieldBits));
    const uint32_t valid = length_fields(alphabet);
  CLEAR_COUNTS:
    for (int l = 0; l <= kMaxCodeLength; ++l) {
      HLS_PRAGMA(UNROLL)
      count_[l] = 0;
    }
    bool over = false;     // a length above L_max
    bool padding = false;  // a non-zero field past the alphabet
    enter_loop(schedule::kReadCodebook);
  READ_CODEBOOK:
    for (int w = 0; w < kMaxCodebookWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (w == words) break;
      const uint32_t word = next_word();
      const uint32_t lengths = unpack_lengths(w == 0, word, valid, count_);
    UNPACK_FIELDS:
      for (int f = 0; f < 8; ++f) {
        HLS_PRAGMA(UNROLL)
        const uint32_t field = (word >> (28 - 4 * f)) & 0xFu;
        if (((valid >> f) & 1u) != 0) {
          code_lengths_[w * 8 + f] = (lengths >> (28 - 4 * f)) & 0xFu;
          if (field > kMaxCodeLength) over = true;
        } else if (field != 0) {
          padding = true;
        }
      }
      tick();
    }
    drain(schedule::kReadCodebookFlush);
    if (padding) fail(kErrorPadding);
    if (over) fail(kErrorCodeLength);
  }

  // In one cycle, from the counts READ_CODEBOOK took, the legality of spec §3.3 (Kraft sum, used symbols against
  // L) and of P, with the first codes, offsets and limits the match needs. False when the payload must not be
  // decoded.
  bool check_codebook(uint32_t count, uint32_t payload_bits) {
    uint32_t used = 0;
    uint32_t kraft = 0;
    uint32_t code = 0;
    uint32_t offset = 0;
  FIRST_CODES:
    for (int l = 1; l <= kMaxCodeLength; ++l) {
      HLS_PRAGMA(UNROLL)
      used += count_[l];
      kraft += static_cast<uint32_t>(count_[l]) << (kMaxCodeLength - l);
      code = (code + (l == 1 ? 0u : static_cast<uint32_t>(count_[l - 1]))) << 1;
      first_[l] = code;
      offset_[l] = offset;
      next_[l] = offset;
      offset += count_[l];
      limit_[l] = (code + count_[l]) << (kMaxCodeLength - l);
    }
    tick();
    const bool single = used == 1 && count_[1] == 1;
    const bool complete = used >= 2 && kraft == (1u << kMaxCodeLength);
    if ((used != 0 && !single && !complete) || ((used == 0) != (count == 0))) {
      fail(kErrorCodebook);
      return false;
    }
    if (payload_bits > count * kMaxCodeLength) {
      fail(kErrorPayloadBits);
      return false;
    }
    return true;
  }

#if !defined(__SYNTHESIS__)
  // The trace of hw/rtl/place_symbols.v (both its rows): the slots' entry values, one field per length, and an
  // iteration's inputs (first, the entry values, the length).
  template <class Slot, int kSlots>
  static rtl_trace::Fields slot_starts(const Slot(&next)[kSlots]) {
    rtl_trace::Fields starts;
    for (int l = 1; l < kSlots; ++l) starts.push_back(next[l].to_uint());
    return starts;
  }
  static rtl_trace::Fields place_inputs(bool first, const rtl_trace::Fields& starts, int length) {
    rtl_trace::Fields inputs(1, first);
    inputs.insert(inputs.end(), starts.begin(), starts.end());
    inputs.push_back(static_cast<uint64_t>(length));
    return inputs;
  }
#endif

  // A counting sort by length: each symbol into the next slot of its length, in the record's own table or the
  // static code's (two call sites, each its own fixed array). The length's bank select after the lengths RAM is
  // registered (hw/rtl/length_select.v), the slot and its increment follow (hw/rtl/place_symbols.v).
  void place_symbols(int alphabet, Symbol(&slots)[kMaxAlphabet]) {
    HLS_PRAGMA(INLINE)
#if !defined(__SYNTHESIS__)
    const rtl_trace::Fields starts = slot_starts(next_);
#endif
    enter_loop(schedule::kPlaceSymbols);
  PLACE_SYMBOLS:
    for (int s = 0; s < kMaxAlphabet; ++s) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (s == alphabet) break;
      const int l = code_lengths_[s];
#if !defined(__SYNTHESIS__)
      const uint32_t slot = l != 0 ? next_[l].to_uint() : 0u;  // the write address, for the trace
#endif
      if (l != 0) {
        slots[next_[l]] = static_cast<uint32_t>(s);
        next_[l] = next_[l] + 1;
      }
#if !defined(__SYNTHESIS__)
      uint64_t banks = 0;  // the row of s in each of the eight banks of code_lengths_
      for (int b = 0; b < 8; ++b) banks |= static_cast<uint64_t>(code_lengths_[(s & ~7) + b].to_uint()) << (4 * b);
      EDQA_RTL_TRACE("length_select", this, (banks, s & 7), (l));
      EDQA_RTL_TRACE("place_symbols", this, (place_inputs(s == 0, starts, l)), (l != 0, slot, s));
#endif
      tick();
    }
    drain(schedule::kPlaceSymbolsFlush);
  }

  // The bounds the DECODE recurrence compares its peek against, fixed per record before the loop: code length l
  // matches when low[l] <= peek < high[l] (the shortest such l wins, none is an invalid code). They are the limits
  // of the record's code (a length without codes, or whose first code lies past 8 bits, gets high 0: never), or, for
  // a raw record, 0 <= peek < 256 at length m alone; so the loop holds two compares per length and no mode select.
  void match_bounds(uint32_t mode, int m, uint32_t(&low)[kMaxCodeLength + 1], uint32_t(&high)[kMaxCodeLength + 1]) {
    HLS_PRAGMA(INLINE)
  MATCH_BOUNDS:
    for (int l = 1; l <= kMaxCodeLength; ++l) {
      HLS_PRAGMA(UNROLL)
      const uint32_t lower = static_cast<uint32_t>(first_[l]) << (kMaxCodeLength - l);
      if (mode == kModeRaw) {
        low[l] = 0;
        high[l] = l == m ? 1u << kMaxCodeLength : 0u;
      } else {
        low[l] = lower & ((1u << kMaxCodeLength) - 1u);
        high[l] = count_[l] != 0 && lower < (1u << kMaxCodeLength) ? static_cast<uint32_t>(limit_[l]) : 0u;
      }
    }
  }

  // The next payload word read ahead of need (DECODE refills a cycle early): as next_word(), but a read past the
  // record's TLAST is reported by the caller when the word falls due, so the status stays the first problem in
  // the order the bits are used.
  uint32_t next_word_ahead(bool& past_end) {
    past_end = ended_;
    if (ended_) return 0;
    const Beat beat = stream_read(record_in);
    ended_ = beat.last;
    return beat.data.to_uint();
  }

  // DECODE's recurrence (hw/rtl/decode.v) keeps the payload in a left-aligned 48-bit window: bit 47 is the next
  // payload bit, `fill` bits are valid and the rest are zero. The peek is the window's top 8 bits (no shifter in
  // front of the compares); a word is read when fewer than 16 bits remain, decided from the registered fill, and
  // placed below the valid bits, so the next peek never waits for the word read in the same cycle (a code takes at
  // most 8 bits: fill stays in [8, 47]). One cycle before the loop loads the first word.
  void decode_important(int n, int m, uint32_t mode, uint32_t count, uint32_t payload_bits) {
    const uint32_t payload_words = words_for_bits(payload_bits);
    uint32_t low[kMaxCodeLength + 1];
    uint32_t high[kMaxCodeLength + 1];
    HLS_PRAGMA(ARRAY_PARTITION variable = low complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = high complete)
    uint64_t window = 0;
    int fill = 0;
    // P <= L L_max was checked, so at most kMaxPayloadWords words: 11 bits.
    sc_uint<kPayloadWordsBits> words_left = payload_words;
    // The payload word read ahead of the lazy order (a word is due when fewer than 8 bits stand before it), and
    // whether it lay past TLAST: the old order's status, kept bit-exact.
    bool ahead = false;
    bool ahead_past_end = false;
    WordUnpacker codes;  // from the set-aside FIFO
    uint32_t consumed = 0;
    if (count > 0) {
      match_bounds(mode, m, low, high);
      const bool takes = words_left != 0;
      const uint32_t word = takes ? next_word() : 0u;
      trace_decode(true, true, word, payload_words, low, high, 0, 0, takes);
      window = static_cast<uint64_t>(word) << (kWindowBits - kBeatBits);
      fill = kBeatBits;
      if (takes) --words_left;
      tick();
    }
    enter_loop(schedule::kDecode);
  DECODE:
    for (int i = 0; i < kMaxLength; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 4096)
      if (static_cast<uint32_t>(i) == count) break;
      if (ahead && fill < kBeatBits + kMaxCodeLength) {
        if (ahead_past_end) fail(kErrorRecordLength);
        ahead = false;
      }
      const bool refill = fill < 2 * kMaxCodeLength;
      const bool takes = refill && words_left != 0;
      uint32_t word = 0;
      if (takes) {
        word = next_word_ahead(ahead_past_end);
        ahead = true;
        --words_left;
      }
      const uint32_t peek = window_peek(window);
      const int code_length = match_length(peek, low, high);
      const int consume = code_length != 0 ? code_length : 1;  // an invalid code consumes one bit
      trace_decode(false, true, word, payload_words, low, high, code_length, peek, takes);
      // Later stages: the symbol (a slot from the peek, a RAM read) and the code's N bits.
      if (code_length == 0) fail(kErrorInvalidCode);
      const uint32_t symbol = error_of(code_length, peek, mode, m);
      shift_window(window, fill, refill, word, consume);
      // Not in the recurrence: an adder on the code length, a stage later.
      consumed += static_cast<uint32_t>(consume);
      const bool needs = codes.needs_word(n);
      const uint32_t code = needs ? stream_read(set_aside_in).to_uint() : 0u;
      if (needs) codes.feed(code);
      const uint32_t value = codes.take(n);
      EDQA_RTL_TRACE("word_unpacker", this, (i == 0, code, n), (needs, value));
      emit(from_field(value, n), symbol, schedule::kDecodeDepth);
      tick();
    }
    if (count > 0) drain(schedule::kDecodeFlush);
    if (consumed != payload_bits) fail(kErrorPayloadLength);
    // The padding check of the lazy order: every word read and due, and the bits left all zero.
    if (words_left == 0 && !ahead && consumed <= payload_bits && window != 0) fail(kErrorPadding);
    // The lazy order would read the word read ahead only now.
    if (ahead && ahead_past_end) fail(kErrorRecordLength);
    // The payload words the codes did not need (a damaged record): read them, the record's length is P's.
    // Entered only then (a branch around the loop, no states of its own when not taken).
    if (words_left > 0) {
      enter_loop(schedule::kSkipPayload);
    SKIP_PAYLOAD:
      for (int w = 0; w < kMaxPayloadWords; ++w) {
        HLS_PRAGMA(PIPELINE II = 1)
        if (static_cast<uint32_t>(w) >= words_left.to_uint()) break;
        (void)next_word();
        tick();
      }
    }
  }

  // DECODE's iteration (hw/rtl/decode.v), shared by DECODE and DECODE_CODES' errors side. The peek: the window's
  // top 8 bits.
  static uint32_t window_peek(uint64_t window) {
    HLS_PRAGMA(INLINE)
    return static_cast<uint32_t>(window >> (kWindowBits - kMaxCodeLength));
  }

  // The code's length: two compares per length against the record's bounds, the shortest match; 0 for none.
  static int match_length(uint32_t peek, const uint32_t(&low)[kMaxCodeLength + 1],
                          const uint32_t(&high)[kMaxCodeLength + 1]) {
    HLS_PRAGMA(INLINE)
    int length = 0;
  COMPARE:
    for (int l = kMaxCodeLength; l >= 1; --l) {
      HLS_PRAGMA(UNROLL)
      if (low[l] <= peek && peek < high[l]) length = l;
    }
    return length;
  }

  // The window after the cycle: a refill's word placed below the valid bits, then the code shifted out.
  static void shift_window(uint64_t & window, int& fill, bool refill, uint32_t word, int consume) {
    HLS_PRAGMA(INLINE)
    const uint64_t merged = refill ? window | (static_cast<uint64_t>(word) << (2 * kMaxCodeLength - fill)) : window;
    window = (merged << consume) & kWindowMask;
    fill += (refill ? kBeatBits : 0) - consume;
  }

  // The error a code stands for (a later stage): m raw bits, or its symbol (a slot from the peek, a RAM read of the
  // record's or the static code's table); 0 for an invalid code (length 0; the caller reports it).
  uint32_t error_of(int length, uint32_t peek, uint32_t mode, int m) {
    HLS_PRAGMA(INLINE)
    if (length == 0) return 0;
    if (mode == kModeRaw) return peek >> (kMaxCodeLength - m);
    const uint32_t slot = offset_[length] + (peek >> (kMaxCodeLength - length)) - first_[length];
    return mode == kModeStatic ? static_symbols_[slot].to_uint() : symbols_in_code_order_[slot].to_uint();
  }

  void trace_decode(bool load, bool advance, uint32_t word, uint32_t payload_words,
                    const uint32_t(&low)[kMaxCodeLength + 1], const uint32_t(&high)[kMaxCodeLength + 1],
                    int code_length, uint32_t peek, bool takes) {
#if !defined(__SYNTHESIS__)
    if (!rtl_trace::Sink::instance().enabled()) return;  // the bounds' fields are built only for a trace
    uint64_t lows = 0;
    uint64_t highs = 0;  // the low 8 bits of each 9-bit bound; their top bits in `tops`
    uint32_t tops = 0;
    for (int l = 1; l <= kMaxCodeLength; ++l) {
      lows |= static_cast<uint64_t>(low[l]) << (8 * (l - 1));
      highs |= static_cast<uint64_t>(high[l] & 0xFFu) << (8 * (l - 1));
      tops |= (high[l] >> 8) << (l - 1);
    }
    EDQA_RTL_TRACE("decode", this, (load, advance, word, payload_words, lows, highs, tops), (code_length, peek, takes));
#endif
  }

  // A record whose codebook or P cannot be trusted: L zero elements, its words read up to TLAST and its set-aside
  // words (at most its words) out of the FIFO, in max(L, words) iterations.
  void refuse(uint32_t count, uint32_t set_aside_left) {
    uint32_t emitted = 0;
    enter_loop(schedule::kDrainRecord);
  DRAIN_RECORD:
    for (int c = 0; c < kMaxRefuseIterations; ++c) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (emitted == count && ended_ && set_aside_left == 0) break;
      if (emitted < count) {
        emit(0, 0, schedule::kDrainRecordDepth);
        ++emitted;
      }
      if (!ended_) ended_ = stream_read(record_in).last;
      if (set_aside_left != 0) {
        (void)stream_read(set_aside_in);
        --set_aside_left;
      }
      tick();
    }
    drain(schedule::kDrainRecordFlush);
  }

  // Words after the ones the header announced, up to TLAST: the record is longer than it says; and set-aside words
  // the decode did not take (a damaged record whose codes come last). Entered only then (a branch around the loop,
  // no states of its own when not taken).
  void discard_to_end(uint32_t set_aside_left) {
    if (ended_ && set_aside_left == 0) return;
    enter_loop(schedule::kDiscardToTlast);
  DISCARD_TO_TLAST:
    for (int w = 0; w < kMaxInputWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (ended_ && set_aside_left == 0) break;
      if (!ended_) {
        ended_ = stream_read(record_in).last;
        fail(kErrorRecordLength);
      }
      if (set_aside_left != 0) {
        (void)stream_read(set_aside_in);
        --set_aside_left;
      }
      tick();
    }
  }
};

}  // namespace edqa_hw

#endif  // EDQA_HUFFMAN_DECODER_SC_H
