// The bit strings of docs/spec.md §4.1 in hardware: values packed most significant bit first into 32-bit words,
// and unpacked again. A 64-bit register holds the pending bits; at most one word leaves (or enters) per value, so
// a pipelined loop that packs one value per cycle also emits at most one beat per cycle.
#ifndef EDQA_BIT_PACKING_H
#define EDQA_BIT_PACKING_H

#include <cstdint>

#include "edqa_hw_config.h"

namespace edqa_hw {

struct WordPacker {
  uint64_t pending = 0;
  int pending_bits = 0;

  // Appends the low `width` bits of `value` (width <= 32); returns true with `word` when a word is complete.
  bool append(uint32_t value, int width, uint32_t& word) {
    pending = (pending << width) | value;
    pending_bits += width;
    if (pending_bits < kBeatBits) return false;
    pending_bits -= kBeatBits;
    word = static_cast<uint32_t>(pending >> pending_bits);
    return true;
  }

  // The last, zero-padded word, if any bits are pending.
  bool flush(uint32_t& word) {
    if (pending_bits == 0) return false;
    word = static_cast<uint32_t>(pending << (kBeatBits - pending_bits));
    pending_bits = 0;
    return true;
  }
};

struct WordUnpacker {
  uint64_t pending = 0;
  int pending_bits = 0;

  bool needs_word(int width) const { return pending_bits < width; }

  void feed(uint32_t word) {
    pending = (pending << kBeatBits) | word;
    pending_bits += kBeatBits;
  }

  // The next `width` bits (the caller fed enough words).
  uint32_t take(int width) {
    pending_bits -= width;
    return static_cast<uint32_t>(pending >> pending_bits) & ((1u << width) - 1u);
  }

  // The next `width` bits without consuming them.
  uint32_t peek(int width) const {
    return static_cast<uint32_t>(pending >> (pending_bits - width)) & ((1u << width) - 1u);
  }

  void skip(int width) { pending_bits -= width; }

  // True when the bits not yet taken are all zero (the padding of a section's last word).
  bool rest_is_zero() const { return (pending & ((1ull << pending_bits) - 1ull)) == 0; }
};

}  // namespace edqa_hw

#endif  // EDQA_BIT_PACKING_H
