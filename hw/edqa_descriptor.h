// The words that frame a record on the eDQA accelerator's streams (docs/spec.md §7): the record descriptor in front
// of its input and the record trailer behind its output. One definition with named fields, packed and parsed here
// only: the router and merger (hw/stream_router.sc.h), the driver, the fake board and the testbenches all use it.
// SystemC-free, so the board runner builds it without SystemC; the stages take the hardware-width form
// (StageDescriptor, edqa_types.h).
#ifndef EDQA_DESCRIPTOR_H
#define EDQA_DESCRIPTOR_H

#include <cstdint>

#include "edqa_hw_config.h"

namespace edqa_hw {

// A bit field of a 32-bit word (MatchLib's slice accessors, in plain C++): lowest bit and width, width < 32.
// constexpr, so every shift and mask below is a constant whether or not HLS inlines the call.
struct WordField {
  int low;
  int width;

  constexpr uint32_t mask() const { return ((1u << width) - 1u) << low; }
  constexpr uint32_t get(uint32_t word) const { return (word >> low) & ((1u << width) - 1u); }
  constexpr uint32_t put(uint32_t value) const { return (value & ((1u << width) - 1u)) << low; }
};

// Descriptor word 0 (docs/spec.md §7); every other bit is reserved and 0.
constexpr WordField kDescriptorBits = {0, 4};                  // N
constexpr WordField kDescriptorExtraBits = {4, 4};             // m
constexpr WordField kDescriptorImportant = {8, 1};             // IMPORTANT
constexpr WordField kDescriptorCoding = {9, 2};                // CODING (Coding); 0 to de-quantize
constexpr WordField kDescriptorLoadsStaticCode = {11, 1};      // LOAD_STATIC_CODE: the static code follows word 2
constexpr WordField kDescriptorUnsigned = {12, 1};             // UNSIGNED: codes on the unsigned grid (spec §2.3)
constexpr WordField kDescriptorCodeCoding = {13, 1};           // CODE_CODING: 1 static (spec §3.8), 0 packed
constexpr WordField kDescriptorLoadsCodeStaticCode = {14, 1};  // LOAD_CODE_STATIC_CODE: the codes' static code follows
constexpr WordField kDescriptorLength = {16, 13};              // L, 0..kMaxLength

// Trailer word 0: the record's output words and its ErrorCode; bits 31..24 reserved. Word 1: its cycles.
constexpr WordField kTrailerOutputWords = {0, 16};
constexpr WordField kTrailerError = {16, 8};

// A record's descriptor as it travels: word 0 the fields above, word 1 the scale of the layer's operation (inv to
// quantize, delta to de-quantize, float32 bits), word 2 W, the input words that follow (after the static code when
// loads_static_code, then the codes' static code when loads_code_static_code).
struct RecordDescriptor {
  uint32_t bits;        // N
  uint32_t extra_bits;  // m
  bool important;
  uint32_t coding;
  bool loads_static_code;
  bool unsigned_grid;  // UNSIGNED
  bool code_coding;    // CODE_CODING: the codes section starts with its code mode bit (spec §3.8, §4.2)
  bool loads_code_static_code;
  uint32_t length;    // L
  uint32_t scale;     // INV or DELTA
  uint32_t words;     // W
  uint32_t reserved;  // word 0's bits outside every field, 0 in a legal descriptor

  RecordDescriptor()
      : bits(0),
        extra_bits(0),
        important(false),
        coding(0),
        loads_static_code(false),
        unsigned_grid(false),
        code_coding(false),
        loads_code_static_code(false),
        length(0),
        scale(0),
        words(0),
        reserved(0) {}

  static RecordDescriptor parse(const uint32_t word[kDescriptorWords]) {
    HLS_PRAGMA(INLINE)  // the fields at their widths in the router's loop, not a 32-bit sub-module's ports
    RecordDescriptor d;
    d.bits = kDescriptorBits.get(word[0]);
    d.extra_bits = kDescriptorExtraBits.get(word[0]);
    d.important = kDescriptorImportant.get(word[0]) != 0;
    d.coding = kDescriptorCoding.get(word[0]);
    d.loads_static_code = kDescriptorLoadsStaticCode.get(word[0]) != 0;
    d.unsigned_grid = kDescriptorUnsigned.get(word[0]) != 0;
    d.code_coding = kDescriptorCodeCoding.get(word[0]) != 0;
    d.loads_code_static_code = kDescriptorLoadsCodeStaticCode.get(word[0]) != 0;
    d.length = kDescriptorLength.get(word[0]);
    d.reserved =
        word[0] & ~(kDescriptorBits.mask() | kDescriptorExtraBits.mask() | kDescriptorImportant.mask() |
                    kDescriptorCoding.mask() | kDescriptorLoadsStaticCode.mask() | kDescriptorUnsigned.mask() |
                    kDescriptorCodeCoding.mask() | kDescriptorLoadsCodeStaticCode.mask() | kDescriptorLength.mask());
    d.scale = word[1];
    d.words = word[2];
    return d;
  }

  void pack(uint32_t word[kDescriptorWords]) const {
    word[0] = kDescriptorBits.put(bits) | kDescriptorExtraBits.put(extra_bits) |
              kDescriptorImportant.put(important ? 1u : 0u) | kDescriptorCoding.put(coding) |
              kDescriptorLoadsStaticCode.put(loads_static_code ? 1u : 0u) |
              kDescriptorUnsigned.put(unsigned_grid ? 1u : 0u) | kDescriptorCodeCoding.put(code_coding ? 1u : 0u) |
              kDescriptorLoadsCodeStaticCode.put(loads_code_static_code ? 1u : 0u) | kDescriptorLength.put(length) |
              reserved;
    word[1] = scale;
    word[2] = words;
  }

  // Within the accelerator's range: no reserved bit, 2 <= N <= 8, 1 <= m <= N, L <= kMaxLength, a known CODING,
  // W = L to quantize and no CODING to de-quantize. (The static code and W's bound are the router's to judge.)
  bool in_range(bool dequantizing) const {
    HLS_PRAGMA(INLINE)
    return reserved == 0 && bits >= static_cast<uint32_t>(kMinBits) && bits <= static_cast<uint32_t>(kMaxBits) &&
           extra_bits >= 1 && extra_bits <= bits && length <= static_cast<uint32_t>(kMaxLength) &&
           coding <= kCodingSmallest && (dequantizing ? coding == kCodingAdaptive : words == length);
  }
};

// A record's trailer (docs/spec.md §7).
struct RecordTrailer {
  uint32_t output_words;
  uint32_t error;     // ErrorCode, kErrorNone when the record was sound
  uint32_t cycles;    // the cycles the layer spent on the record, to the end of this trailer
  uint32_t reserved;  // word 0's bits 31..24, 0 in a well-formed trailer

  RecordTrailer() : output_words(0), error(0), cycles(0), reserved(0) {}

  static uint32_t status_word(uint32_t output_words, uint32_t error) {
    return kTrailerOutputWords.put(output_words) | kTrailerError.put(error);
  }

  static RecordTrailer parse(const uint32_t word[kTrailerWords]) {
    RecordTrailer t;
    t.output_words = kTrailerOutputWords.get(word[0]);
    t.error = kTrailerError.get(word[0]);
    t.reserved = word[0] & ~(kTrailerOutputWords.mask() | kTrailerError.mask());
    t.cycles = word[1];
    return t;
  }

  void pack(uint32_t word[kTrailerWords]) const {
    word[0] = status_word(output_words, error) | reserved;
    word[1] = cycles;
  }
};

}  // namespace edqa_hw

#endif  // EDQA_DESCRIPTOR_H
