// Huffman Decoder: reads a channel record (docs/spec.md §4.2), rebuilds the canonical code from the codebook and
// hands (q, e) pairs to the Dequantizer, one element per cycle.
//
//   record_in --> codes -----> code buffer -------------------------------> q --+
//             --> codebook --> counts, first codes, symbols in code order      +--> (q, e) --> elements_out
//             --> P, payload (straight from the stream) --> code match --> e --+
//
// A code is found in one cycle from the next L_max = 8 payload bits by eight parallel comparators against the
// left-aligned limits first[l] + count[l] (the JPEG MAXCODE form). Damaged records set an error code but are
// still consumed word for word, so the accelerator never hangs on bad data.
#ifndef EDQA_HUFFMAN_DECODER_SC_H
#define EDQA_HUFFMAN_DECODER_SC_H

#include <systemc.h>

#include "edqa_bit_packing.h"
#include "edqa_hw_config.h"
#include "edqa_numerics.h"
#include "edqa_stage.h"
#include "edqa_stream.h"

namespace edqa_hw {

// One decoded element: q (two's complement) in bits 15..8, e in bits 7..0.
inline uint16_t pack_element(int32_t q, uint32_t e) { return static_cast<uint16_t>((to_field(q, 8) << 8) | (e & 0xFFu)); }
inline int32_t element_code(uint16_t element) { return from_field(element >> 8, 8); }
inline uint32_t element_error(uint16_t element) { return element & 0xFFu; }

struct HuffmanDecoder : public StageModule<HuffmanDecoder> {
  sc_out<uint32_t> record_status;  // an ErrorCode, kErrorNone when the record was sound

  sc_in<uint32_t> bits;
  sc_in<uint32_t> extra_bits;
  sc_in<bool> important;
  sc_in<uint32_t> length;

  sc_fifo_in<uint32_t> record_in;
  sc_fifo_out<uint16_t> elements_out;

  SC_HAS_PROCESS(HuffmanDecoder);
  explicit HuffmanDecoder(sc_module_name name) : StageModule<HuffmanDecoder>(name) {
    EDQA_STAGE_THREAD();
    // The code match compares against all eight lengths at once: registers, not a RAM.
    HLS_PRAGMA(ARRAY_PARTITION variable = count_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = first_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = offset_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = limit_ complete)
  }

  void on_reset() {
    record_status.write(kErrorNone);
    drain_on_reset(record_in);
  }

 private:
  uint32_t code_buffer_[kMaxCodeWords];
  uint8_t code_lengths_[kMaxAlphabet];
  uint8_t symbols_in_code_order_[kMaxAlphabet];
  uint16_t count_[kMaxCodeLength + 1];
  uint16_t first_[kMaxCodeLength + 1];   // first code of each length
  uint16_t offset_[kMaxCodeLength + 1];  // index of that code's symbol in symbols_in_code_order_
  uint16_t limit_[kMaxCodeLength + 1];   // (first + count) << (L_max - length): codes below it have this length or less
  uint32_t status_;

  void fail(uint32_t code) {
    if (status_ == kErrorNone) status_ = code;
  }

 public:
  // One channel (StageModule calls it between start and done); the record's soundness goes to `error`.
  void process(uint32_t& busy) {
    status_ = kErrorNone;
    decode_record(busy);
    record_status.write(status_);
  }

 private:
  void decode_record(uint32_t& busy) {
    const int n = static_cast<int>(bits.read());
    const int m = static_cast<int>(extra_bits.read());
    const uint32_t count = length.read();
    const uint32_t code_words = words_for_bits(count * n);
    if (!important.read()) {
      decode_direct(n, count, busy);
      return;
    }

  READ_CODES:
    for (int w = 0; w < kMaxCodeWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (static_cast<uint32_t>(w) == code_words) break;
      code_buffer_[w] = stream_pop(record_in, busy);
      tick(busy);
    }
    if ((count * n) % kBeatBits != 0 && (code_buffer_[code_words - 1] << ((count * n) % kBeatBits)) != 0) fail(kErrorPadding);

    const int alphabet = 1 << m;
    read_codebook(alphabet, busy);
    const uint32_t used = build_tables(alphabet, busy);
    if ((used == 0) != (count == 0)) fail(kErrorCodebook);

    const uint32_t payload_bits = stream_pop(record_in, busy);
    tick(busy);
    const uint32_t payload_words = words_for_bits(payload_bits);
    if (payload_bits > count * kMaxCodeLength) {
      // Without a trustworthy P the record's end is unknown: emit zeros, read nothing more.
      fail(kErrorPayloadBits);
      emit_zeros(count, busy);
      return;
    }
    decode_important(n, count, payload_bits, payload_words, busy);
  }

  void decode_direct(int n, uint32_t count, uint32_t& busy) {
    WordUnpacker codes;
  DIRECT_LOOP:
    for (int i = 0; i < kMaxLength; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 4096)
      if (static_cast<uint32_t>(i) == count) break;
      if (codes.needs_word(n)) codes.feed(stream_pop(record_in, busy));
      stream_push(elements_out, pack_element(from_field(codes.take(n), n), 0), busy);
      tick(busy);
    }
    if (!codes.rest_is_zero()) fail(kErrorPadding);
  }

  // Unpacks the 4-bit length fields, eight per word.
  void read_codebook(int alphabet, uint32_t& busy) {
    const int words = (alphabet * kCodeLengthFieldBits + kBeatBits - 1) / kBeatBits;
  CODEBOOK_LOOP:
    for (int w = 0; w < kMaxCodebookWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (w == words) break;
      const uint32_t word = stream_pop(record_in, busy);
    UNPACK_FIELDS:
      for (int f = 0; f < 8; ++f) {
        HLS_PRAGMA(UNROLL)
        const int s = w * 8 + f;
        const uint32_t field = (word >> (28 - 4 * f)) & 0xFu;
        if (s < alphabet) {
          code_lengths_[s] = static_cast<uint8_t>(field);
          if (field > kMaxCodeLength) fail(kErrorCodeLength);
        } else if (field != 0) {
          fail(kErrorPadding);
        }
      }
      tick(busy);
    }
  }

  // Counts per length, Kraft check, first codes and limits, then the symbols in code order (a counting sort by
  // length). Returns the number of used symbols.
  uint32_t build_tables(int alphabet, uint32_t& busy) {
  CLEAR_COUNTS:
    for (int l = 0; l <= kMaxCodeLength; ++l) {
      HLS_PRAGMA(UNROLL)
      count_[l] = 0;
    }
  COUNT_LOOP:
    for (int s = 0; s < kMaxAlphabet; ++s) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (s == alphabet) break;
      const int l = code_lengths_[s] > kMaxCodeLength ? 0 : code_lengths_[s];
      if (l != 0) count_[l] = static_cast<uint16_t>(count_[l] + 1);
      tick(busy);
    }
    uint32_t used = 0;
    uint32_t kraft = 0;
    uint16_t code = 0;
    uint16_t offset = 0;
  FIRST_CODES:
    for (int l = 1; l <= kMaxCodeLength; ++l) {
      HLS_PRAGMA(UNROLL)
      used += count_[l];
      kraft += static_cast<uint32_t>(count_[l]) << (kMaxCodeLength - l);
      code = static_cast<uint16_t>((code + count_[l - 1]) << 1);
      first_[l] = code;
      offset_[l] = offset;
      offset = static_cast<uint16_t>(offset + count_[l]);
      limit_[l] = static_cast<uint16_t>((code + count_[l]) << (kMaxCodeLength - l));
    }
    tick(busy);
    const bool single_ok = used == 1 && count_[1] == 1;
    const bool complete = used >= 2 && kraft == (1u << kMaxCodeLength);
    if (used != 0 && !single_ok && !complete) fail(kErrorCodebook);

    uint16_t next[kMaxCodeLength + 1];
  COPY_OFFSETS:
    for (int l = 0; l <= kMaxCodeLength; ++l) {
      HLS_PRAGMA(UNROLL)
      next[l] = offset_[l];
    }
  PLACE_SYMBOLS:
    for (int s = 0; s < kMaxAlphabet; ++s) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (s == alphabet) break;
      const int l = code_lengths_[s] > kMaxCodeLength ? 0 : code_lengths_[s];
      if (l != 0) symbols_in_code_order_[next[l]++] = static_cast<uint8_t>(s);
      tick(busy);
    }
    return used;
  }

  // Finds the code that `peek` (the next 8 payload bits) starts with: the shortest length whose limit exceeds
  // it. Returns false when none does.
  bool match_code(uint32_t peek, uint32_t& symbol, int& code_length) const {
    code_length = 0;
  COMPARE:
    for (int l = kMaxCodeLength; l >= 1; --l) {
      HLS_PRAGMA(UNROLL)
      if (count_[l] != 0 && peek < limit_[l] && peek >= (static_cast<uint32_t>(first_[l]) << (kMaxCodeLength - l))) code_length = l;
    }
    if (code_length == 0) return false;
    const uint32_t index = offset_[code_length] + (peek >> (kMaxCodeLength - code_length)) - first_[code_length];
    symbol = symbols_in_code_order_[index];
    return true;
  }

  void decode_important(int n, uint32_t count, uint32_t payload_bits, uint32_t payload_words, uint32_t& busy) {
    WordUnpacker payload;  // straight from the stream
    WordUnpacker codes;    // from the code buffer
    uint32_t words_read = 0;
    uint32_t consumed = 0;
    uint32_t code_word = 0;
  DECODE_LOOP:
    for (int i = 0; i < kMaxLength; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 4096)
      if (static_cast<uint32_t>(i) == count) break;
      // A code has at most 8 bits, so one word per cycle keeps at least 8 bits ready (zeros past the end).
      if (payload.needs_word(kMaxCodeLength)) {
        const bool more = words_read < payload_words;
        payload.feed(more ? stream_pop(record_in, busy) : 0u);
        if (more) ++words_read;
      }
      uint32_t symbol = 0;
      int code_length = 1;
      if (!match_code(payload.peek(kMaxCodeLength), symbol, code_length)) {
        fail(kErrorInvalidCode);
        code_length = 1;
      }
      payload.skip(code_length);
      consumed += static_cast<uint32_t>(code_length);

      if (codes.needs_word(n)) codes.feed(code_buffer_[code_word++]);
      stream_push(elements_out, pack_element(from_field(codes.take(n), n), symbol), busy);
      tick(busy);
    }
    if (consumed != payload_bits) fail(kErrorPayloadLength);
    if (words_read == payload_words && consumed <= payload_bits && !payload.rest_is_zero()) fail(kErrorPadding);
  DRAIN_LOOP:
    for (int w = 0; w < kMaxPayloadWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (words_read + static_cast<uint32_t>(w) >= payload_words) break;
      (void)stream_pop(record_in, busy);
      tick(busy);
    }
  }

  void emit_zeros(uint32_t count, uint32_t& busy) {
  ZERO_LOOP:
    for (int i = 0; i < kMaxLength; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (static_cast<uint32_t>(i) == count) break;
      stream_push(elements_out, pack_element(0, 0), busy);
      tick(busy);
    }
  }
};

}  // namespace edqa_hw

#endif  // EDQA_HUFFMAN_DECODER_SC_H
