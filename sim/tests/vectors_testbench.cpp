// Self-checking testbench: every golden vector through the cycle-level accelerator, both directions.
// Quantize: the record must equal the golden model's word for word. De-quantize (of the golden record): every
// output float must equal the golden model's bit for bit. Integers (codes, codebook, payload) are compared as the
// record words that hold them; the first difference names the case, the field and both values.
#include <cstdio>
#include <string>
#include <vector>

#include "edqa_sim.h"
#include "golden_vectors.h"

namespace {

std::string hex(uint32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%08x", value);
  return buffer;
}

// Names the record section a word index falls in (spec §4.2).
std::string field_of(const edqa_channel_config& config, size_t word) {
  const uint32_t codes = edqa_hw::words_for_bits(config.length * config.bits);
  const uint32_t codebook = edqa_hw::words_for_bits((1u << config.extra_bits) * 4);
  if (word < codes) return "codes";
  if (config.important == 0) return "beyond the codes";
  if (word < codes + codebook) return "codebook";
  if (word == codes + codebook) return "payload bit count";
  return "payload";
}

int check(edqa_sim* sim, const edqa_tests::ChannelVector& v) {
  uint32_t capacity = 0;
  if (edqa_sim_record_capacity(&v.config, &capacity) != EDQA_OK) {
    std::printf("FAIL %s: capacity: %s\n", v.name.c_str(), edqa_sim_last_error());
    return 1;
  }
  std::vector<uint32_t> record(capacity + 1);
  uint32_t words = 0;
  if (edqa_sim_quantize(sim, &v.config, v.input.data(), v.config.length, record.data(), capacity + 1, &words, nullptr) != EDQA_OK) {
    std::printf("FAIL %s: quantize: %s\n", v.name.c_str(), edqa_sim_last_error());
    return 1;
  }
  for (size_t i = 0; i < std::max<size_t>(words, v.record.size()); ++i) {
    const bool have = i < words;
    const bool want = i < v.record.size();
    if (!have || !want || record[i] != v.record[i]) {
      std::printf("FAIL %s: record word %zu (%s): expected %s, got %s\n", v.name.c_str(), i, field_of(v.config, i).c_str(),
                  want ? hex(v.record[i]).c_str() : "(end)", have ? hex(record[i]).c_str() : "(end)");
      return 1;
    }
  }
  std::vector<float> output(v.config.length + 1);
  if (edqa_sim_dequantize(sim, &v.config, v.record.data(), static_cast<uint32_t>(v.record.size()), output.data(), v.config.length + 1, nullptr) != EDQA_OK) {
    std::printf("FAIL %s: dequantize: %s\n", v.name.c_str(), edqa_sim_last_error());
    return 1;
  }
  for (uint32_t i = 0; i < v.config.length; ++i) {
    const uint32_t got = edqa_hw::float_to_bits(output[i]);
    if (got != v.output[i]) {
      std::printf("FAIL %s: output element %u: expected %.9g (0x%08x), got %.9g (0x%08x)\n", v.name.c_str(), i,
                  static_cast<double>(edqa_hw::bits_to_float(v.output[i])), v.output[i], static_cast<double>(output[i]), got);
      return 1;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: vectors_testbench tests/vectors/channels.txt\n");
    return 2;
  }
  const std::vector<edqa_tests::ChannelVector> vectors = edqa_tests::read_golden_vectors(argv[1]);
  edqa_sim* sim = nullptr;
  if (edqa_sim_create(nullptr, &sim) != EDQA_OK) {
    std::printf("FAIL: create: %s\n", edqa_sim_last_error());
    return 1;
  }
  int failures = 0;
  for (const auto& v : vectors) failures += check(sim, v);
  edqa_sim_destroy(sim);
  std::printf("%zu golden vectors, %d failed\n", vectors.size(), failures);
  return failures == 0 && !vectors.empty() ? 0 : 1;
}
