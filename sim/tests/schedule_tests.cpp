// The model takes exactly the cycles of its documented schedule (hw/edqa_schedule.h, docs/performance.md): for
// every N in [2, 8], m in [1, N], direct and important records and many L (0, 1, 49 and 4096 among them), each
// stage counter and the START-to-last-beat total equal the closed forms. What the encoder's build depends on (used
// symbols, sort shifts, repair rounds) is computed here from a reference of spec §2.3 and §3.1, not from the model.
// The schedule table of docs/performance.md lists the same II and depth for every loop.
#include <gtest/gtest.h>

#include <cstdio>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "edqa_bit_packing.h"
#include "edqa_numerics.h"
#include "edqa_schedule.h"
#include "edqa_sim.h"
#include "job_runner.h"

namespace {

namespace schedule = edqa_hw::schedule;

// An eDQA counter by its register's port (hw/edqa_registers.h): the C ABI gives the counters in table order.
uint64_t counter(const edqa_cycle_counts& counts, const char* port) {
  const std::vector<std::string> names = edqa_jobs::counter_names(edqa_jobs::Accelerator::kEdqa);
  const size_t index = static_cast<size_t>(std::find(names.begin(), names.end(), port) - names.begin());
  if (index == names.size()) {
    ADD_FAILURE() << "no counter " << port;
    return 0;
  }
  EXPECT_LT(index, counts.count) << port;
  return counts.value[index];
}

// Spec §2.3: the shifting errors of an important record.
std::vector<uint32_t> shifting_errors(const std::vector<float>& values, float inv, int n, int m) {
  const float wide = inv * static_cast<float>(1 << m);
  const float lo = -static_cast<float>(1 << (n + m - 1));
  const float hi = static_cast<float>((1 << (n + m - 1)) - 1);
  std::vector<uint32_t> errors;
  for (float x : values) {
    const float product = x * wide;
    float t = std::nearbyint(product);
    t = std::min(std::max(t, lo), hi);
    errors.push_back(static_cast<uint32_t>(static_cast<int32_t>(t)) & ((1u << m) - 1u));
  }
  return errors;
}

// Spec §3.1 steps 1-5, as far as the schedule needs them: used symbols, insertion-sort shifts, repair rounds.
schedule::CodeShape code_shape(const std::vector<uint32_t>& errors, int m, uint64_t payload_bits) {
  const int alphabet = 1 << m;
  std::vector<uint64_t> count(alphabet, 0);
  for (uint32_t e : errors) ++count[e];
  std::vector<int> used;
  uint64_t inversions = 0;
  for (int s = 0; s < alphabet; ++s) {
    if (count[s] == 0) continue;
    for (int t : used) inversions += count[t] > count[s] ? 1 : 0;
    used.push_back(s);
  }
  std::stable_sort(used.begin(), used.end(), [&](int a, int b) { return count[a] < count[b]; });
  const int n = static_cast<int>(used.size());
  uint64_t rounds = 0;
  if (n >= 2) {
    // Two queues, the leaf first on a tie; depths by a backward pass over the parents.
    std::vector<uint64_t> weight(2 * n - 1);
    std::vector<int> parent(2 * n - 1, 0);
    for (int i = 0; i < n; ++i) weight[i] = count[used[i]];
    int leaf = 0, node = n;
    for (int created = n; created < 2 * n - 1; ++created) {
      int picks[2];
      for (int& pick : picks) {
        const bool take_leaf = leaf < n && (node >= created || weight[leaf] <= weight[node]);
        pick = take_leaf ? leaf++ : node++;
      }
      weight[created] = weight[picks[0]] + weight[picks[1]];
      parent[picks[0]] = parent[picks[1]] = created;
    }
    std::vector<int> depth(2 * n - 1, 0);
    for (int k = 2 * n - 3; k >= 0; --k) depth[k] = depth[parent[k]] + 1;
    uint64_t kraft = 0;
    for (int i = 0; i < n; ++i) kraft += uint64_t{1} << (8 - std::min(depth[i], 8));
    rounds = kraft > 256 ? kraft - 256 : 0;
  }
  return {static_cast<uint64_t>(n), inversions, rounds, payload_bits};
}

std::vector<float> channel(uint32_t length, int kind, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<float> values(length);
  for (uint32_t i = 0; i < length; ++i) {
    switch (kind) {
      case 0:
        values[i] = std::uniform_real_distribution<float>(-2.0f, 2.0f)(rng);
        break;
      case 1:
        values[i] = rng() % 2 == 0 ? 0.0f : std::exponential_distribution<float>(1.0f)(rng);
        break;    // post-ReLU
      default: {  // errors of a steep geometric law: long codes, the L_max repair
        int k = 0;
        while (std::uniform_real_distribution<float>(0.0f, 1.0f)(rng) < 0.6f && k < 255) ++k;
        values[i] = i == 0 ? 1.0f : static_cast<float>(k) / 32768.0f;
      }
    }
  }
  return values;
}

class Schedule : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(EDQA_OK, edqa_sim_create(nullptr, &sim_)) << edqa_sim_last_error(); }
  void TearDown() override { edqa_sim_destroy(sim_); }

  // Quantizes and de-quantizes one record and checks every counter against the closed forms.
  void check(uint32_t n, uint32_t m, bool important, const std::vector<float>& values) {
    const uint32_t length = static_cast<uint32_t>(values.size());
    float max = 0.0f;
    for (float v : values) max = std::max(max, std::fabs(v));
    if (max < 1e-19f) max = 0.0f;
    const float inv = max == 0.0f ? 0.0f : static_cast<float>(1 << (n - 1)) / max;
    const float delta = max == 0.0f ? 0.0f : max * (1.0f / static_cast<float>(1 << (n - 1)));
    const edqa_record_descriptor config{n, m, important ? 1u : 0u, length, inv, delta, 0, 0, 0};
    if (length == 0 && !important) return;  // nothing crosses the streams; the driver starts nothing
    std::string where = "N=" + std::to_string(n) + " m=" + std::to_string(m) + " L=" + std::to_string(length) +
                        (important ? " important" : " direct");
    uint32_t capacity = 0;
    ASSERT_EQ(EDQA_OK, edqa_sim_record_capacity(&config, &capacity));
    std::vector<uint32_t> record(capacity);
    uint32_t words = 0;
    edqa_cycle_counts q{};
    ASSERT_EQ(EDQA_OK, edqa_sim_quantize(sim_, &config, values.data(), length, record.data(), capacity, &words, &q))
        << where << ": " << edqa_sim_last_error();
    const uint64_t code_words = schedule::words(uint64_t{length} * n);
    const uint64_t payload_bits =
        important ? (record[code_words] & edqa_hw::kPayloadFieldMask) : 0;  // H's P (adaptive)
    const schedule::CodeShape shape =
        important ? code_shape(shifting_errors(values, inv, static_cast<int>(n), static_cast<int>(m)),
                               static_cast<int>(m), payload_bits)
                  : schedule::CodeShape{0, 0, 0, 0};
    EXPECT_EQ(schedule::quantizer_cycles(length, n), counter(q, "cycles_quantizer")) << where;
    EXPECT_EQ(schedule::encoder_cycles(length, n, m, important, shape), counter(q, "cycles_encoder")) << where;
    EXPECT_EQ(schedule::quantize_total_cycles(length, n, m, important, shape), q.value[0]) << where;

    std::vector<float> output(length + 1);
    edqa_cycle_counts d{};
    ASSERT_EQ(EDQA_OK, edqa_sim_dequantize(sim_, &config, record.data(), words, output.data(), length + 1, &d))
        << where << ": " << edqa_sim_last_error();
    EXPECT_EQ(schedule::decoder_cycles(length, n, m, important), counter(d, "cycles_decoder")) << where;
    EXPECT_EQ(schedule::dequantizer_cycles(length, n, m, important), counter(d, "cycles_dequantizer")) << where;
    EXPECT_EQ(schedule::dequantize_total_cycles(length, n, m, important), d.value[0]) << where;
  }

  // A one-record quantize layer of code coding static (the record loads the codes' static code, and the layer's
  // static code of m = 1 when one is given): the record's status must be OK; its output words in `out`.
  void quantize_coded(edqa_layer_record& record, const std::vector<float>& values, const uint32_t* static_code,
                      const std::vector<uint32_t>& code_words, std::vector<uint32_t>& out, edqa_cycle_counts& q,
                      const std::string& where) {
    const uint32_t length = record.descriptor.length;
    record.input_words = length;
    uint32_t capacity = 0;
    ASSERT_EQ(EDQA_OK, edqa_sim_layer_capacity(0, &record, 1, &capacity)) << where;
    out.assign(capacity, 0);
    ASSERT_EQ(EDQA_OK, edqa_sim_run_layer(sim_, 0, &record, 1, reinterpret_cast<const uint32_t*>(values.data()), length,
                                          static_code != nullptr ? 1u : 0u, static_code,
                                          static_code != nullptr ? 1u : 0u, record.descriptor.bits, code_words.data(),
                                          static_cast<uint32_t>(code_words.size()), out.data(), capacity, &q))
        << where << ": " << edqa_sim_last_error();
    ASSERT_EQ(EDQA_OK, record.status) << where << ": " << edqa_sim_record_message(0);
  }

  edqa_sim* sim_ = nullptr;
};

TEST_F(Schedule, EveryWidthAndLengthTakesTheCyclesOfTheSchedule) {
  const uint32_t lengths[] = {0, 1, 2, 7, 31, 32, 33, 49, 100, 196, 784};
  uint32_t seed = 1;
  for (uint32_t n = 2; n <= 8; ++n) {
    for (uint32_t m = 1; m <= n; ++m) {
      for (uint32_t length : lengths) {
        for (bool important : {true, false}) {
          check(n, m, important, channel(length, static_cast<int>(seed % 2), seed));
          ++seed;
          if (HasFailure()) return;
        }
      }
    }
  }
}

TEST_F(Schedule, TheLongestRecordsAndTheLengthRepairTakeTheCyclesOfTheSchedule) {
  for (bool important : {true, false}) {
    check(3, 3, important, channel(3136, 1, 7));
    check(3, 3, important, channel(4096, 0, 8));
    check(8, 8, important, channel(4096, 1, 9));
  }
  // Steeply skewed errors at m = 8: codes beyond L_max before the repair (spec §3.1 step 5).
  const std::vector<float> skewed = channel(3000, 2, 11);
  check(8, 8, true, skewed);
  EXPECT_GT(code_shape(shifting_errors(skewed, 128.0f, 8, 8), 8, 0).repair_rounds, 0u)
      << "the skewed case no longer exercises the repair";
}

// A legal static code (docs/spec.md §3.7) for any m: symbol 0 one bit, symbol 1 m bits, the rest m + 1 (Kraft
// 1/2 + 2^-m + (2^m - 2) 2^-(m+1) = 1); all 8 bits at m = 8. Records get static where their errors are mostly 0,
// raw elsewhere.
std::vector<uint32_t> skewed_static_code(uint32_t m) {
  std::vector<uint32_t> words(schedule::static_code_words(m), 0);
  for (uint32_t s = 0; s < (1u << m); ++s) {
    const uint32_t length = m == 8 ? 8 : (s == 0 ? 1 : (s == 1 ? m : m + 1));
    words[s / 8] |= length << (28 - 4 * (s % 8));
  }
  return words;
}

// Coding static (docs/spec.md §4.2), the record loading the layer's static code: the quantize and de-quantize
// counters against the closed forms, for static and raw records.
TEST_F(Schedule, StaticCodingTakesTheCyclesOfTheSchedule) {
  const uint32_t lengths[] = {0, 1, 7, 32, 49, 196, 784};
  uint32_t seed = 100;
  int modes_seen[3] = {0, 0, 0};
  for (uint32_t n = 2; n <= 8; ++n) {
    for (uint32_t m = 1; m <= n; ++m) {
      const std::vector<uint32_t> code = skewed_static_code(m);
      for (uint32_t length : lengths) {
        const std::vector<float> values = channel(length, static_cast<int>(seed % 3), seed);
        ++seed;
        float max = 0.0f;
        for (float v : values) max = std::max(max, std::fabs(v));
        const float inv = max == 0.0f ? 0.0f : static_cast<float>(1 << (n - 1)) / max;
        const float delta = max == 0.0f ? 0.0f : max * (1.0f / static_cast<float>(1 << (n - 1)));
        const std::string where =
            "N=" + std::to_string(n) + " m=" + std::to_string(m) + " L=" + std::to_string(length) + " coding static";
        edqa_layer_record record{};
        record.descriptor = edqa_record_descriptor{n, m, 1, length, inv, delta, edqa_hw::kCodingStatic, 0, 0};
        record.input_words = length;
        uint32_t capacity = 0;
        ASSERT_EQ(EDQA_OK, edqa_sim_layer_capacity(0, &record, 1, &capacity)) << where;
        std::vector<uint32_t> out(capacity);
        edqa_cycle_counts q{};
        ASSERT_EQ(EDQA_OK, edqa_sim_run_layer(sim_, 0, &record, 1, reinterpret_cast<const uint32_t*>(values.data()),
                                              length, m, code.data(), static_cast<uint32_t>(code.size()), 0, nullptr, 0,
                                              out.data(), capacity, &q))
            << where << ": " << edqa_sim_last_error();
        ASSERT_EQ(EDQA_OK, record.status) << where << ": " << edqa_sim_record_message(0);
        const uint32_t coding_word = out[schedule::words(uint64_t{length} * n)];
        const uint64_t mode = coding_word >> edqa_hw::kModeShift;
        ASSERT_NE(mode, edqa_hw::kModeAdaptive) << where;
        ++modes_seen[mode];
        EXPECT_EQ(schedule::static_encoder_cycles(length, n, m, coding_word & edqa_hw::kPayloadFieldMask, true),
                  counter(q, "cycles_encoder"))
            << where;
        EXPECT_EQ(schedule::static_quantize_total_cycles(length, n, m, coding_word & edqa_hw::kPayloadFieldMask, true),
                  q.value[0])
            << where;

        edqa_layer_record back = record;
        back.descriptor.coding = edqa_hw::kCodingAdaptive;
        back.input_words = record.output_words;
        std::vector<float> decoded(length + 1);
        edqa_cycle_counts d{};
        ASSERT_EQ(EDQA_OK, edqa_sim_run_layer(sim_, 1, &back, 1, out.data(), record.output_words, m, code.data(),
                                              static_cast<uint32_t>(code.size()), 0, nullptr, 0,
                                              reinterpret_cast<uint32_t*>(decoded.data()), length + 1, &d))
            << where << ": " << edqa_sim_last_error();
        ASSERT_EQ(EDQA_OK, back.status) << where << ": " << edqa_sim_record_message(0);
        // The driver loads the static code only behind a record that uses it (a static-mode record).
        const schedule::DecodeShape shape{mode, mode == edqa_hw::kModeStatic, false, 0, false, 0};
        EXPECT_EQ(schedule::decoder_cycles(length, n, m, true, shape), counter(d, "cycles_decoder")) << where;
        EXPECT_EQ(schedule::dequantizer_cycles(length, n, m, true, shape), counter(d, "cycles_dequantizer")) << where;
        EXPECT_EQ(schedule::dequantize_total_cycles(length, n, m, true, shape), d.value[0]) << where;
        if (HasFailure() && std::getenv("ALL") == nullptr) return;
      }
    }
  }
  EXPECT_GT(modes_seen[edqa_hw::kModeStatic], 0) << "no record took the static code";
  EXPECT_GT(modes_seen[edqa_hw::kModeRaw], 0) << "no record went raw";
}

// A legal codes' static code (docs/spec.md §3.8) of 2^N + 15 symbols with long codes: code s of length s + 1 (1 ..
// 2^N bits), then the zero runs share the rest of the Kraft sum, each the shortest length that leaves every run
// after it at least 2^-12 (N = 3: runs of 11 and 12 bits, codes longer than 8; N = 2: runs of 5 to 12 bits).
struct LongRunsCodesCode {
  uint32_t bits;
  std::vector<uint32_t> lengths, codes;
  explicit LongRunsCodesCode(uint32_t n) : bits(n) {
    const uint32_t codes_count = 1u << n;
    uint32_t budget = 1u << (12 - codes_count);  // in units of 2^-12, after the codes' unary lengths
    for (uint32_t s = 0; s < codes_count; ++s) lengths.push_back(s + 1);
    for (uint32_t r = 0; r < static_cast<uint32_t>(edqa_hw::kZeroRunSymbols); ++r) {
      const uint32_t after = static_cast<uint32_t>(edqa_hw::kZeroRunSymbols) - r - 1;
      uint32_t l = 12;
      while (l > 1 && (1u << (12 - (l - 1))) <= budget - after) --l;
      lengths.push_back(l);
      budget -= 1u << (12 - l);
    }
    // Canonical codes (spec §3.5): by length, then symbol.
    uint32_t code = 0;
    codes.assign(lengths.size(), 0);
    for (uint32_t l = 1; l <= 12; ++l) {
      for (uint32_t s = 0; s < lengths.size(); ++s)
        if (lengths[s] == l) codes[s] = code++;
      code <<= 1;
    }
  }
  uint32_t alphabet() const { return static_cast<uint32_t>(lengths.size()); }
  uint32_t length(uint32_t s) const { return lengths[s]; }
  uint32_t code(uint32_t s) const { return codes[s]; }
  std::vector<uint32_t> words() const {
    std::vector<uint32_t> w(schedule::code_static_code_words(bits), 0);
    for (uint32_t s = 0; s < alphabet(); ++s) w[s / 8] |= length(s) << (28 - 4 * (s % 8));
    return w;
  }
};

// A record's code mode and its codes section's bits after the mode bit (Q, or L N packed).
struct CodeCodingShape {
  bool coded;
  uint64_t section_bits;
};

// The codes of a direct record (spec §2.3) priced under a codes' static code (§3.8): Q, the code mode, and the
// codes section's bits after the mode bit. Per maximal zero run of z codes: z / 16 runs of 16, then one symbol for
// the z mod 16 left (a run, or the zero code for one).
template <class Code>
CodeCodingShape code_coding_shape(const std::vector<float>& values, float inv, uint32_t n, const Code& code) {
  const int32_t lo = -(1 << (n - 1)), hi = (1 << (n - 1)) - 1;
  uint64_t q_bits = 0, run = 0;
  const auto close_run = [&] {
    q_bits += (run / 16) * code.length((1u << n) + 14);
    const uint64_t left = run % 16;
    if (left == 1) q_bits += code.length(0);
    if (left >= 2) q_bits += code.length((1u << n) + static_cast<uint32_t>(left) - 2);
    run = 0;
  };
  for (float v : values) {
    const int32_t t = edqa_hw::round_clamp(v * inv, lo, hi);
    const uint32_t field = edqa_hw::to_field(t, static_cast<int>(n));
    if (field == 0) {
      ++run;
      continue;
    }
    close_run();
    q_bits += code.length(field);
  }
  close_run();
  const bool coded = q_bits < values.size() * n;
  return CodeCodingShape{coded, coded ? q_bits : values.size() * n};
}

// Code coding static (docs/spec.md §3.8), the record loading the codes' static code: random symbols of that code
// (codes and zero runs) as a direct record and as an important raw one; the de-quantized values and the counters
// against the closed forms, whose DECODE_CODES trips are L plus the codes longer than 8 bits.
TEST_F(Schedule, CodedCodesTakeTheCyclesOfTheSchedule) {
  uint64_t long_codes_seen = 0;
  for (uint32_t n : {2u, 3u}) {
    const LongRunsCodesCode code{n};
    const std::vector<uint32_t> code_words = code.words();
    for (uint32_t length : {0u, 1u, 2u, 17u, 49u, 300u, 3136u}) {
      // Direct; important raw; important static (the layer's static code of m = 1, lengths 1 and 1, loaded by the
      // record: its load comes before the codes' static code's).
      for (int kind = 0; kind < 3; ++kind) {
        const bool important = kind != 0;
        const bool static_mode = kind == 2;
        std::mt19937 rng(length * 4 + n * 2 + static_cast<uint32_t>(kind));
        std::vector<uint32_t> record;
        edqa_hw::WordPacker packer;
        uint32_t word = 0;
        auto put = [&](uint32_t value, int width) {
          if (packer.append(value, width, word)) record.push_back(word);
        };
        put(1, 1);  // the code mode: coded
        std::vector<float> expected;
        uint64_t long_codes = 0;
        while (expected.size() < length) {
          uint32_t s = rng() % code.alphabet();
          const uint32_t zeros = s >= (1u << n) ? s - (1u << n) + 2 : 0u;
          if (expected.size() + zeros > length) s = rng() % (1u << n);
          put(code.code(s), static_cast<int>(code.length(s)));
          if (code.length(s) > 8) ++long_codes;
          if (s >= (1u << n)) {
            expected.insert(expected.end(), s - (1u << n) + 2, 0.0f);
          } else {
            const int q = static_cast<int>(s << (32 - n)) >> (32 - n);
            expected.push_back(static_cast<float>(q) * 0.5f);
          }
        }
        long_codes_seen += long_codes;
        const uint64_t trips = length + long_codes;  // one code out a cycle, and a second cycle per long code
        if (packer.flush(word)) record.push_back(word);
        if (important) {
          // Raw, m = 1, random errors, then the codes (they come last, docs/spec.md §4.2): each code out with its
          // own error, across long codes and runs.
          std::vector<uint32_t> front{
              ((static_mode ? edqa_hw::kModeStatic : edqa_hw::kModeRaw) << edqa_hw::kModeShift) | length};
          edqa_hw::WordPacker errors;
          uint32_t error_word = 0;
          for (float& value : expected) {
            const uint32_t e = rng() & 1u;
            if (errors.append(e, 1, error_word)) front.push_back(error_word);
            value = value + static_cast<float>(e) * 0.25f;  // t * delta / 2 = q * 0.5 + e * 0.25
          }
          if (errors.flush(error_word)) front.push_back(error_word);
          record.insert(record.begin(), front.begin(), front.end());
        }
        const std::string where = "N=" + std::to_string(n) + " L=" + std::to_string(length) +
                                  (important ? (static_mode ? " important static" : " important raw") : " direct") +
                                  ", code coding static";
        const uint32_t static_code[] = {0x11000000u};  // m = 1: both errors 1 bit long
        edqa_layer_record back{};
        back.descriptor = edqa_record_descriptor{n, 1, important ? 1u : 0u, length, 2.0f, 0.5f, 0, 0, 1};
        back.input_words = static_cast<uint32_t>(record.size());
        std::vector<float> decoded(length + 1);
        edqa_cycle_counts d{};
        ASSERT_EQ(EDQA_OK, edqa_sim_run_layer(sim_, 1, &back, 1, record.data(), back.input_words, static_mode ? 1u : 0u,
                                              static_mode ? static_code : nullptr, static_mode ? 1u : 0u, n,
                                              code_words.data(), static_cast<uint32_t>(code_words.size()),
                                              reinterpret_cast<uint32_t*>(decoded.data()), length + 1, &d))
            << where << ": " << edqa_sim_last_error();
        ASSERT_EQ(EDQA_OK, back.status) << where << ": " << edqa_sim_record_message(0);
        decoded.resize(length);
        EXPECT_EQ(expected, decoded) << where;
        const schedule::DecodeShape shape{static_mode ? edqa_hw::kModeStatic : edqa_hw::kModeRaw,
                                          static_mode,
                                          true,
                                          trips,
                                          true,
                                          important ? length : 0u};
        EXPECT_EQ(schedule::decoder_cycles(length, n, 1, important, shape), counter(d, "cycles_decoder")) << where;
        EXPECT_EQ(schedule::dequantizer_cycles(length, n, 1, important, shape), counter(d, "cycles_dequantizer"))
            << where;
        EXPECT_EQ(schedule::dequantize_total_cycles(length, n, 1, important, shape), d.value[0]) << where;
        if (HasFailure() && std::getenv("ALL") == nullptr) return;
      }
    }
  }
  EXPECT_GT(long_codes_seen, 0u) << "no code longer than 8 bits";
}

// A post-ReLU channel of L values: each zero with probability sparsity / 5, else uniform in [0.3, 2).
std::vector<float> post_relu_values(uint32_t length, int sparsity, std::mt19937& rng) {
  std::vector<float> values(length);
  for (float& v : values)
    v = rng() % 5 < static_cast<uint32_t>(sparsity) ? 0.0f : std::uniform_real_distribution<float>(0.3f, 2.0f)(rng);
  return values;
}

// Code coding static to quantize (docs/spec.md §3.8, §7), the direct record loading the codes' static code: post-ReLU
// channels (zero runs of every length; the code's long codes send some records to code mode 0); the counters against
// the closed forms, in which the Quantizer codes the codes as they leave and the coder forwards the packed section's
// words either way. (An important record: CodesLastQuantizesInTheCyclesOfTheSchedule.)
TEST_F(Schedule, CodeCodingQuantizesInTheCyclesOfTheSchedule) {
  int modes_seen[2] = {0, 0};
  for (uint32_t n : {2u, 3u}) {
    const LongRunsCodesCode code{n};
    const std::vector<uint32_t> code_words = code.words();
    for (uint32_t length : {0u, 1u, 2u, 17u, 49u, 300u, 3136u}) {
      for (int sparsity : {1, 4}) {
        std::mt19937 rng(length * 8 + n * 2 + static_cast<uint32_t>(sparsity));
        const std::vector<float> values = post_relu_values(length, sparsity, rng);
        const float inv = static_cast<float>(1 << (n - 1)) / 2.0f;
        const CodeCodingShape shape = code_coding_shape(values, inv, n, code);
        ++modes_seen[shape.coded ? 1 : 0];
        const std::string where = "N=" + std::to_string(n) + " L=" + std::to_string(length) + " sparsity " +
                                  std::to_string(sparsity) + (shape.coded ? " coded" : " packed");
        edqa_layer_record record{};
        record.descriptor = edqa_record_descriptor{n, 1, 0, length, inv, 1.0f / inv, 0, 0, 1};
        std::vector<uint32_t> out;
        edqa_cycle_counts q{};
        quantize_coded(record, values, nullptr, code_words, out, q, where);
        if (HasFatalFailure()) return;
        ASSERT_EQ(schedule::words(1 + shape.section_bits), record.output_words) << where;
        EXPECT_EQ(schedule::quantizer_code_coding_cycles(length, n), counter(q, "cycles_quantizer")) << where;
        EXPECT_EQ(schedule::code_coding_encoder_cycles(length, n), counter(q, "cycles_encoder")) << where;
        EXPECT_EQ(schedule::code_coding_quantize_total_cycles(length, n), q.value[0]) << where;
        if (HasFailure() && std::getenv("ALL") == nullptr) return;
      }
    }
  }
  EXPECT_GT(modes_seen[0], 0) << "no record in code mode 0";
  EXPECT_GT(modes_seen[1], 0) << "no record in code mode 1";
}

// Code coding static to quantize an important record (coding static with a static code of m = 1 whose two codes
// are 1 bit, so the record is raw, P = L): its codes last (docs/spec.md §4.2), in either code mode, against the
// closed form.
TEST_F(Schedule, CodesLastQuantizesInTheCyclesOfTheSchedule) {
  const uint32_t static_code[] = {0x11000000u};
  int modes_seen[2] = {0, 0};
  for (uint32_t n : {2u, 3u}) {
    const LongRunsCodesCode code{n};
    const std::vector<uint32_t> code_words = code.words();
    for (uint32_t length : {1u, 17u, 49u, 300u, 3136u}) {
      for (int sparsity : {1, 4}) {
        std::mt19937 rng(length * 8 + n + static_cast<uint32_t>(sparsity) * 4096);
        const std::vector<float> values = post_relu_values(length, sparsity, rng);
        const float inv = static_cast<float>(1 << (n - 1)) / 2.0f;
        const std::string where =
            "N=" + std::to_string(n) + " L=" + std::to_string(length) + " sparsity " + std::to_string(sparsity);
        edqa_layer_record record{};
        record.descriptor = edqa_record_descriptor{n, 1, 1, length, inv, 1.0f / inv, edqa_hw::kCodingStatic, 0, 1};
        std::vector<uint32_t> out;
        edqa_cycle_counts q{};
        quantize_coded(record, values, static_code, code_words, out, q, where);
        if (HasFatalFailure()) return;
        // H, the payload, then the codes section (an important record's codes are its wide codes shifted by m, so
        // the section is read off the record): its mode bit first.
        const uint32_t payload_bits = out[record.output_offset] & edqa_hw::kPayloadFieldMask;
        ASSERT_EQ(length, payload_bits) << where;
        const uint32_t codes_at = 1 + static_cast<uint32_t>(schedule::words(payload_bits));
        ASSERT_LT(codes_at, record.output_words) << where;
        ++modes_seen[out[record.output_offset + codes_at] >> 31];
        EXPECT_EQ(schedule::quantizer_code_coding_cycles(length, n), counter(q, "cycles_quantizer")) << where;
        EXPECT_EQ(schedule::codes_last_encoder_cycles(length, n, 1, payload_bits), counter(q, "cycles_encoder"))
            << where;
        EXPECT_EQ(schedule::codes_last_quantize_total_cycles(length, n, 1, payload_bits), q.value[0]) << where;
        if (HasFailure() && std::getenv("ALL") == nullptr) return;
      }
    }
  }
  EXPECT_GT(modes_seen[0], 0) << "no record in code mode 0";
  EXPECT_GT(modes_seen[1], 0) << "no record in code mode 1";
}

TEST_F(Schedule, NoisyQuantTakesTheCyclesOfTheSchedule) {
  for (uint32_t side : {1u, 2u, 7u, 14u}) {
    for (uint32_t bits : {2u, 3u, 8u}) {
      const std::vector<float> values = channel(side * side, 0, side * 10 + bits);
      const edqa_noisyquant_config config{bits, side};
      uint32_t words = 0;
      ASSERT_EQ(EDQA_OK, edqa_sim_noisyquant_record_words(&config, &words));
      std::vector<uint32_t> record(words);
      uint32_t written = 0;
      edqa_cycle_counts q{}, d{};
      ASSERT_EQ(EDQA_OK, edqa_sim_noisyquant_quantize(sim_, &config, values.data(), side * side, record.data(), words,
                                                      &written, &q))
          << edqa_sim_last_error();
      EXPECT_EQ(schedule::noisyquant_quantize_cycles(side, bits, false), q.value[0]) << "S=" << side << " b=" << bits;
      std::vector<float> output(side * side);
      ASSERT_EQ(EDQA_OK,
                edqa_sim_noisyquant_dequantize(sim_, &config, record.data(), written, output.data(), side * side, &d))
          << edqa_sim_last_error();
      EXPECT_EQ(schedule::noisyquant_dequantize_cycles(side, bits), d.value[0]) << "S=" << side << " b=" << bits;
    }
  }
  const std::vector<float> zero(9, 0.0f);
  const edqa_noisyquant_config config{3, 3};
  std::vector<uint32_t> record(8);
  uint32_t written = 0;
  edqa_cycle_counts q{};
  ASSERT_EQ(EDQA_OK, edqa_sim_noisyquant_quantize(sim_, &config, zero.data(), 9, record.data(), 8, &written, &q));
  EXPECT_EQ(schedule::noisyquant_quantize_cycles(3, 3, true), q.value[0]);
}

// The schedule table of docs/performance.md: one row per loop, its II and depth as edqa_schedule.h has them.
// The two NoisyQuant designs the paper did not build are schedules only (no model to hold them to): these are the
// properties their closed forms must have.
TEST(NoisyQuantAlternatives, AreNeverFasterThanTheirBounds) {
  for (uint64_t side : {1u, 3u, 7u, 14u, 28u, 56u, 64u}) {
    const uint64_t length = side * side;
    const uint64_t faithful = schedule::noisyquant_quantize_cycles(side, 3, false);
    uint64_t previous = schedule::noisyquant_parallel_quantize_cycles(side, 3, 1);
    if (side >= static_cast<uint64_t>(schedule::kFaddLatency)) {
      EXPECT_LE(previous, faithful) << "S=" << side;  // interleaving alone wins once S fills the adder
    }
    for (uint64_t macs = 2; macs <= 64; macs *= 2) {
      const uint64_t cycles = schedule::noisyquant_parallel_quantize_cycles(side, 3, macs);
      EXPECT_LE(cycles, previous) << "S=" << side << " K=" << macs;
      // 21 product passes of S^3 multiply-accumulates on `macs` units; 20 candidates' errors, S^2 additions each on
      // one chain of the adder's latency.
      EXPECT_GE(cycles, 21 * side * side * side / macs) << "S=" << side << " K=" << macs;
      EXPECT_GE(cycles, 20 * length * static_cast<uint64_t>(schedule::kFaddLatency)) << "S=" << side << " K=" << macs;
      previous = cycles;
    }
    // Calibration-time NoisyQuant reads every value once.
    EXPECT_GE(schedule::noisyquant_calibrated_quantize_cycles(side, 3), length);
    EXPECT_LT(schedule::noisyquant_calibrated_quantize_cycles(side, 3), previous);
  }
  EXPECT_GE(schedule::kNoisyParallelMacs, 1u);
}

// Spec §8's NoisyQuant cycle model is the schedule's (it once said 21 S^3 + 22 S^2, 3.76 million at S = 56).
TEST(ScheduleTable, TheSpecsNoisyQuantFigureIsTheModels) {
  std::ifstream in(std::string(EDQA_DOCS_DIR) + "/spec.md");
  ASSERT_TRUE(in) << "docs/spec.md";
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  EXPECT_NE(doc.find("105 S^3 + 386 S^2 + 12 S + 950 cycles to quantize"), std::string::npos);
  for (const uint64_t side : {8u, 16u, 32u, 56u}) {
    EXPECT_EQ(105 * side * side * side + 386 * side * side + 12 * side + 950,
              schedule::noisyquant_quantize_cycles(side, 3, false))
        << "S=" << side;
  }
  char figure[64];
  std::snprintf(figure, sizeof figure, "%.2f million for S = 56",
                static_cast<double>(schedule::noisyquant_quantize_cycles(56, 3, false)) / 1e6);
  EXPECT_NE(doc.find(figure), std::string::npos) << "spec §8 does not say " << figure;
}

TEST(ScheduleTable, TheDocumentedTableIsTheModelsSchedule) {
  std::ifstream in(std::string(EDQA_DOCS_DIR) + "/performance.md");
  ASSERT_TRUE(in) << "docs/performance.md";
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  for (const schedule::Loop& loop : schedule::kLoops) {
    const std::string row =
        "| `" + std::string(loop.label) + "` | " + std::to_string(loop.ii) + " | " + std::to_string(loop.depth) + " | ";
    EXPECT_NE(doc.find(row), std::string::npos)
        << "docs/performance.md has no row starting " << row << " (regenerate with build/native/print_schedule)";
  }
}

}  // namespace
