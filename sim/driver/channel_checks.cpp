#include "channel_checks.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "driver_error.h"
#include "edqa_hw_config.h"
#include "edqa_numerics.h"

namespace edqa_harness {

namespace {

std::string text(float value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.9g", static_cast<double>(value));
  return buffer;
}

bool is_zero_or_normal_positive(float value) {
  return value == 0.0f ? !std::signbit(value) : (std::isnormal(value) && value > 0.0f);
}

uint32_t code_words(const edqa_record_descriptor& config) {
  return edqa_hw::code_section_words(config.length, config.bits);
}

}  // namespace

void check_descriptor(const edqa_record_descriptor& config) {
  using edqa_hw::kMaxBits;
  using edqa_hw::kMinBits;
  if (config.bits < kMinBits || config.bits > kMaxBits) {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                      "bits (N) is " + std::to_string(config.bits) + "; it must be in [2, 8]");
  }
  if (config.extra_bits < 1 || config.extra_bits > config.bits) {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "extra_bits (m) is " + std::to_string(config.extra_bits) +
                                                       "; it must be in [1, N = " + std::to_string(config.bits) + "]");
  }
  if (config.important > 1) {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                      "important is " + std::to_string(config.important) + "; it must be 0 or 1");
  }
  if (config.coding > edqa_hw::kCodingSmallest) {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "coding is " + std::to_string(config.coding) +
                                                       "; it must be 0 (adaptive), 1 (static) or 2 (smallest)");
  }
  if (config.grid > 1) {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                      "grid is " + std::to_string(config.grid) + "; it must be 0 (signed) or 1 (unsigned)");
  }
  if (config.code_coding > 1) {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                      "code_coding is " + std::to_string(config.code_coding) + "; it must be 0 (packed) or 1 (static)");
  }
  if (config.length > static_cast<uint32_t>(edqa_hw::kMaxLength)) {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "length " + std::to_string(config.length) +
                                                       " exceeds the accelerator's " +
                                                       std::to_string(edqa_hw::kMaxLength));
  }
  if (!is_zero_or_normal_positive(config.inv) || !is_zero_or_normal_positive(config.delta)) {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "inv = " + text(config.inv) + ", delta = " + text(config.delta) +
                                                       ": each must be +0 or a positive normal float32 (spec §2.2)");
  }
  if ((config.inv == 0.0f) != (config.delta == 0.0f)) {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "inv = " + text(config.inv) + " and delta = " + text(config.delta) +
                                                       ": both are 0 (the zero group) or neither is");
  }
  const float wide_inv = std::ldexp(config.inv, static_cast<int>(config.extra_bits));
  const float fine_step = std::ldexp(config.delta, -static_cast<int>(config.extra_bits));
  if (config.inv != 0.0f && (!std::isnormal(wide_inv) || !std::isnormal(fine_step))) {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                      "inv * 2^m = " + text(wide_inv) + " or delta * 2^-m = " + text(fine_step) +
                          " leaves the normal float32 range; flush such a group (M < 2^-64) to zero (spec §2.2)");
  }
}

uint32_t record_capacity(const edqa_record_descriptor& config) {
  check_descriptor(config);
  // Code coding static: the code mode bit and at most the packed codes behind it (spec §4.2).
  const uint32_t codes =
      config.code_coding != 0 ? edqa_hw::words_for_bits(1 + config.length * config.bits) : code_words(config);
  if (config.important == 0) return codes;
  // Adaptive's largest: every coding's records are at most that (static and raw have no codebook, raw P = L m).
  return codes + edqa_hw::important_tail_words(config.extra_bits, edqa_hw::kModeAdaptive,
                                               config.length * edqa_hw::kMaxCodeLength);
}

void check_values(const float* values, uint32_t count) {
  for (uint32_t i = 0; i < count; ++i) {
    if (!std::isfinite(values[i])) {
      throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "values[" + std::to_string(i) + "] is " + text(values[i]) +
                                                         "; only finite values are quantized");
    }
  }
}

void check_record_size(const edqa_record_descriptor& config, const uint32_t* record, uint32_t record_words) {
  // Coded codes: the codes section's length follows only from decoding them (spec §4.2), so a direct record is the
  // accelerator's to judge; an important one opens with H (its codes come last), checked below, then at least the
  // codes' mode word.
  if (config.code_coding != 0 && config.important == 0) return;
  const uint32_t codes = config.code_coding != 0 ? 0u : code_words(config);
  if (config.important == 0) {
    if (record_words != codes) {
      throw DriverError(EDQA_ERROR_INVALID_RECORD, "a direct record of " + std::to_string(config.length) +
                                                       " elements has " + std::to_string(codes) + " words, not " +
                                                       std::to_string(record_words));
    }
    return;
  }
  if (record_words < codes + 1) {
    throw DriverError(EDQA_ERROR_INVALID_RECORD, "an important record of " + std::to_string(config.length) +
                                                     " elements has at least " + std::to_string(codes + 1) +
                                                     " words, not " + std::to_string(record_words));
  }
  // The coding word H (spec §4.2): MODE in bits 31..30, P in 27..0; adaptive's codebook follows it.
  const uint32_t coding_word = record[codes];
  const uint32_t mode = coding_word >> edqa_hw::kModeShift;
  if (mode > edqa_hw::kModeRaw || (coding_word & ~(edqa_hw::kPayloadFieldMask | (3u << edqa_hw::kModeShift))) != 0) {
    throw DriverError(EDQA_ERROR_INVALID_RECORD,
                      "coding word " + std::to_string(coding_word) + ": MODE 3 is reserved and bits 29..28 must be 0");
  }
  const uint32_t payload_bits = coding_word & edqa_hw::kPayloadFieldMask;
  if (payload_bits > config.length * static_cast<uint32_t>(edqa_hw::kMaxCodeLength)) {
    throw DriverError(EDQA_ERROR_INVALID_RECORD,
                      "payload bit count " + std::to_string(payload_bits) +
                          " exceeds L * 8 = " + std::to_string(config.length * edqa_hw::kMaxCodeLength));
  }
  if (config.code_coding != 0) {
    // H, codebook and payload, then a codes section of at least one word (its length the accelerator's to judge,
    // as a direct record's).
    const uint32_t tail = edqa_hw::important_tail_words(config.extra_bits, mode, payload_bits);
    if (record_words < tail + 1) {
      throw DriverError(EDQA_ERROR_INVALID_RECORD, "the record's payload of " + std::to_string(payload_bits) +
                                                       " bits and its codes make it at least " +
                                                       std::to_string(tail + 1) + " words, not " +
                                                       std::to_string(record_words));
    }
    return;
  }
  const uint32_t expected =
      edqa_hw::important_record_words(config.length, config.bits, config.extra_bits, mode, payload_bits);
  if (record_words != expected) {
    throw DriverError(EDQA_ERROR_INVALID_RECORD, "the record's payload of " + std::to_string(payload_bits) +
                                                     " bits makes it " + std::to_string(expected) + " words, not " +
                                                     std::to_string(record_words));
  }
}

void check_noisyquant_config(const edqa_noisyquant_config& config) {
  if (config.bits < static_cast<uint32_t>(edqa_hw::kMinBits) ||
      config.bits > static_cast<uint32_t>(edqa_hw::kMaxBits)) {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "bits (b) is " + std::to_string(config.bits) + "; it must be in [" +
                                                       std::to_string(edqa_hw::kMinBits) + ", " +
                                                       std::to_string(edqa_hw::kMaxBits) + "]");
  }
  if (config.side < 1 || config.side > static_cast<uint32_t>(edqa_hw::kNoisyMaxSide)) {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "side (S) is " + std::to_string(config.side) +
                                                       "; a NoisyQuant channel is S x S with S in [1, " +
                                                       std::to_string(edqa_hw::kNoisyMaxSide) + "]");
  }
}

uint32_t noisyquant_record_words(const edqa_noisyquant_config& config) {
  check_noisyquant_config(config);
  return edqa_hw::words_for_bits(config.side * config.side * config.bits) + 2;
}

void check_noisyquant_record(const edqa_noisyquant_config& config, const uint32_t* record, uint32_t record_words) {
  const uint32_t expected = noisyquant_record_words(config);
  if (record_words != expected) {
    throw DriverError(EDQA_ERROR_INVALID_RECORD, "a NoisyQuant record of " + std::to_string(config.side * config.side) +
                                                     " codes has " + std::to_string(expected) + " words, not " +
                                                     std::to_string(record_words));
  }
  const float step = edqa_hw::bits_to_float(record[expected - 2]);
  const uint32_t indices = record[expected - 1];
  if (!is_zero_or_normal_positive(step) || (indices >> 8) > static_cast<uint32_t>(edqa_hw::kNoisyClipCandidates) ||
      (indices & 0xFFu) >= static_cast<uint32_t>(edqa_hw::kNoisyNoiseCandidates)) {
    throw DriverError(EDQA_ERROR_INVALID_RECORD, "a NoisyQuant record's step " + text(step) + " or indices " +
                                                     std::to_string(indices) + " are out of range");
  }
}

}  // namespace edqa_harness
