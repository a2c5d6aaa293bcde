// Job streams (docs/spec.md §11.2) built in a test, byte by byte: the fixtures of the hardening tests are generated
// here, never committed as binary files. The native side only reads job streams, so this writer is the tests' own.
#ifndef EDQA_TESTS_STREAM_BUILDER_H
#define EDQA_TESTS_STREAM_BUILDER_H

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "crc32c.h"

namespace edqa_test {

struct BuiltRecord {
  std::vector<uint32_t> values;  // 7 for eDQA (N, m, IMPORTANT, L, INV, DELTA, CODING: version 2), 2 for NoisyQuant
  std::vector<uint32_t> input;
};

struct BuiltJob {
  uint32_t accelerator = 0;
  uint32_t op = 0;
  std::string label;  // raw bytes: any, valid UTF-8 or not
  uint32_t static_bits = 0;
  std::vector<uint32_t> static_code;
  std::vector<BuiltRecord> records;
};

class StreamBytes {
 public:
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  void crc_from(size_t start) { u32(edqa_jobs::crc32c(bytes.data() + start, bytes.size() - start)); }
  std::vector<uint8_t> bytes;
};

// Version 2, the oldest a reader takes (no GRID: every eDQA record signed), so these tests keep it read.
inline std::vector<uint8_t> job_stream(const std::vector<BuiltJob>& jobs, uint32_t count_override = 0) {
  StreamBytes s;
  const char magic[4] = {'E', 'D', 'Q', 'J'};
  s.bytes.insert(s.bytes.end(), magic, magic + 4);
  s.u32(2);
  s.u32(count_override != 0 ? count_override : static_cast<uint32_t>(jobs.size()));
  s.crc_from(0);
  for (const BuiltJob& job : jobs) {
    const size_t start = s.bytes.size();
    s.u32(job.accelerator);
    s.u32(job.op);
    s.u32(static_cast<uint32_t>(job.label.size()));
    s.bytes.insert(s.bytes.end(), job.label.begin(), job.label.end());
    while (s.bytes.size() % 4 != 0) s.bytes.push_back(0);
    s.u32(job.static_bits);
    for (uint32_t w : job.static_code) s.u32(w);
    s.u32(static_cast<uint32_t>(job.records.size()));
    for (const BuiltRecord& r : job.records) {
      for (uint32_t v : r.values) s.u32(v);
      s.u32(static_cast<uint32_t>(r.input.size()));
    }
    for (const BuiltRecord& r : job.records) {
      for (uint32_t w : r.input) s.u32(w);
    }
    s.crc_from(start);
  }
  return s.bytes;
}

inline uint32_t float_bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

// An eDQA record's values: N, m, IMPORTANT, L, INV, DELTA, CODING.
inline std::vector<uint32_t> edqa_values(uint32_t bits, uint32_t extra, uint32_t important, uint32_t length, float inv,
                                         float delta, uint32_t coding) {
  return {bits, extra, important, length, float_bits(inv), float_bits(delta), coding};
}

}  // namespace edqa_test

#endif  // EDQA_TESTS_STREAM_BUILDER_H
