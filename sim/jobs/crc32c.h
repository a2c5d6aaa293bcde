// CRC-32C (Castagnoli), as docs/spec.md §4.3 and §11 define it: reflected polynomial 0x82F63B78, initial value
// and final XOR 0xFFFFFFFF; check value 0xE3069283 for "123456789".
#ifndef EDQA_JOBS_CRC32C_H
#define EDQA_JOBS_CRC32C_H

#include <array>
#include <cstddef>
#include <cstdint>

namespace edqa_jobs {

inline uint32_t crc32c(const uint8_t* data, size_t size) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t crc = i;
      for (int bit = 0; bit < 8; ++bit) crc = (crc & 1u) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
      t[i] = crc;
    }
    return t;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < size; ++i) crc = table[(crc ^ data[i]) & 0xFFu] ^ (crc >> 8);
  return ~crc;
}

}  // namespace edqa_jobs

#endif  // EDQA_JOBS_CRC32C_H
