// The arithmetic of docs/spec.md §2.3 in synthesizable form: float32 bit access, round-half-to-even with
// clamping done on the bit pattern (an integer shifter, no floating-point adder), exact power-of-two scaling by
// exponent arithmetic, and two's-complement helpers.
#ifndef EDQA_NUMERICS_H
#define EDQA_NUMERICS_H

#include <cstdint>

#include "edqa_hw_config.h"

namespace edqa_hw {

union FloatBits {
  float value;
  uint32_t bits;
};

inline uint32_t float_to_bits(float value) {
  FloatBits u;
  u.value = value;
  return u.bits;
}

inline float bits_to_float(uint32_t bits) {
  FloatBits u;
  u.bits = bits;
  return u.value;
}

// value * 2^shift for a float32 that is +0 or normal and stays normal (docs/spec.md §2.2 guarantees both for inv
// and delta): an add to the exponent field, exact.
inline uint32_t scale_by_power_of_two(uint32_t bits, int shift) {
  if ((bits & 0x7FFFFFFFu) == 0) return bits;
  return static_cast<uint32_t>(static_cast<int32_t>(bits) + shift * (1 << 23));
}

// clamp(rne(v), lo, hi) for a float32 v, computed on its bits: v = mantissa * 2^(exponent - 150).
// |v| < 0.5 gives 0; |v| >= 2^20 saturates (every clamp range here is within +-2^15); otherwise the mantissa is
// shifted right and rounded half to even. Non-finite values saturate (the host never sends them).
inline int32_t round_clamp(float v, int32_t lo, int32_t hi) {
  const uint32_t bits = float_to_bits(v);
  const bool negative = (bits >> 31) != 0;
  const int32_t exponent = static_cast<int32_t>((bits >> 23) & 0xFFu);
  const uint32_t mantissa = (bits & 0x7FFFFFu) | 0x800000u;
  int32_t magnitude;
  if (exponent < 126) {
    magnitude = 0;  // below 0.5 (subnormals and zero included)
  } else if (exponent >= 127 + 20) {
    magnitude = 1 << 20;  // saturate: far outside every clamp range
  } else {
    const int shift = 150 - exponent;  // 4..24
    const uint32_t integer = mantissa >> shift;
    const uint32_t remainder = mantissa & ((1u << shift) - 1u);
    const uint32_t half = 1u << (shift - 1);
    const bool round_up = remainder > half || (remainder == half && (integer & 1u) != 0);
    magnitude = static_cast<int32_t>(integer + (round_up ? 1u : 0u));
  }
  const int32_t rounded = negative ? -magnitude : magnitude;
  return rounded < lo ? lo : (rounded > hi ? hi : rounded);
}

// The low `width` bits of a two's-complement value, and back.
inline uint32_t to_field(int32_t value, int width) { return static_cast<uint32_t>(value) & ((1u << width) - 1u); }

inline int32_t from_field(uint32_t field, int width) {
  return static_cast<int32_t>(field << (32 - width)) >> (32 - width);
}

// Words of a bit string of `bits` bits.
inline uint32_t words_for_bits(uint32_t bits) { return (bits + kBeatBits - 1) / kBeatBits; }

// A record's sections in words (docs/spec.md §4.2), the native side's one definition (C#: RecordLayout): the packed
// N-bit codes of L elements, a codebook (or static code) of 2^m 4-bit lengths, an important record's sections before
// its payload (codes, H, and adaptive's codebook), and the whole important record.
inline uint32_t code_section_words(uint32_t length, uint32_t bits) { return words_for_bits(length * bits); }
inline uint32_t codebook_section_words(uint32_t extra_bits) {
  return words_for_bits((1u << extra_bits) * kCodeLengthFieldBits);
}
// The codes' static code of N (docs/spec.md §3.8, §7): 2^N + 15 lengths of 4 bits.
inline uint32_t code_static_code_section_words(uint32_t bits) {
  return words_for_bits(static_cast<uint32_t>(code_alphabet(static_cast<int>(bits))) * kCodeLengthFieldBits);
}
// In a layer of code coding static (§3.8, §4.2) the codes section is the code mode bit and then the coded codes,
// Q bits, when Q < L N (code mode 1), else the packed codes.
inline bool codes_coded(uint32_t length, uint32_t bits, uint32_t coded_bits) { return coded_bits < length * bits; }
inline uint32_t coded_code_section_words(uint32_t length, uint32_t bits, uint32_t coded_bits) {
  return words_for_bits(1 + (codes_coded(length, bits, coded_bits) ? coded_bits : length * bits));
}
// An important record's sections after its codes: H, adaptive's codebook, the payload.
inline uint32_t important_tail_words(uint32_t extra_bits, uint32_t mode, uint32_t payload_bits) {
  return 1 + (mode == kModeAdaptive ? codebook_section_words(extra_bits) : 0u) + words_for_bits(payload_bits);
}
inline uint32_t important_header_words(uint32_t length, uint32_t bits, uint32_t extra_bits, uint32_t mode) {
  return code_section_words(length, bits) + 1 + (mode == kModeAdaptive ? codebook_section_words(extra_bits) : 0u);
}
inline uint32_t important_record_words(uint32_t length, uint32_t bits, uint32_t extra_bits, uint32_t mode,
                                       uint32_t payload_bits) {
  return code_section_words(length, bits) + important_tail_words(extra_bits, mode, payload_bits);
}

}  // namespace edqa_hw

#endif  // EDQA_NUMERICS_H
