// GoogleTest suite of the simulation library: every exported function with bad arguments (a status and a message,
// never a crash), the handle's lifecycle, recovery from a timeout and from a damaged record, and the cycle model.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "edqa_sim.h"
#include "job_runner.h"
#include "job_stream.h"

namespace {

const edqa_record_descriptor kImportant{3, 3, 1, 8, 2.0f, 0.5f, 0, 0, 0};  // M = 2, as in the spec's examples
const float kValues[8] = {2.0f, 0.7f, -0.3f, 0.09375f, 0.0f, 1.0f, -2.0f, 0.5f};
const std::vector<uint32_t> kRecord = {0x6780A100u, 14u, 0x10320003u, 0xF5800000u};  // codes, H, codebook, payload

class Simulator : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(EDQA_OK, edqa_sim_create(nullptr, &sim_)) << edqa_sim_last_error(); }
  void TearDown() override { edqa_sim_destroy(sim_); }

  edqa_status quantize(const edqa_record_descriptor& config, const float* values, uint32_t count,
                       std::vector<uint32_t>& record) {
    uint32_t words = 0;
    const edqa_status status = edqa_sim_quantize(sim_, &config, values, count, record.data(),
                                                 static_cast<uint32_t>(record.size()), &words, nullptr);
    record.resize(status == EDQA_OK ? words : record.size());
    return status;
  }

  edqa_sim* sim_ = nullptr;
};

std::string last_error() { return edqa_sim_last_error(); }

TEST(Library, ReportsItsVersionAndLimits) {
  EXPECT_EQ(EDQA_SIM_ABI_VERSION, edqa_sim_abi_version());
  EXPECT_NE(std::string(edqa_sim_version()).find("SystemC"), std::string::npos);
  EXPECT_EQ(4096u, edqa_sim_max_length());
  // Before a simulator asks otherwise, the memory model's default fabric clock.
  EXPECT_EQ(150u, edqa_sim_clock_mhz());
}

// The memory settings reach the DMA model: at 200 MHz the DMA (characterized to 150 MHz, PG022) moves 3 beats in 4
// cycles, so a one-lane channel takes at least L / 0.75 cycles to stream in; at 150 MHz one beat a cycle. Bad
// settings are refused by name.
TEST(Memory, TheClockAndEfficiencyReachTheDmaModel) {
  std::vector<float> values(3136, 0.25f);
  const edqa_record_descriptor config{3, 3, 1, 3136, 4.0f, 0.25f, 0, 0, 0};
  std::vector<uint32_t> record(5000);
  uint64_t totals[2] = {};
  const uint32_t clocks[2] = {150, 200};
  for (int c = 0; c < 2; ++c) {
    edqa_sim* sim = nullptr;
    edqa_sim_options options{sizeof(edqa_sim_options), 0, nullptr, 0, 0, 1, 1, 0, clocks[c], 0, 0};
    ASSERT_EQ(EDQA_OK, edqa_sim_create(&options, &sim)) << last_error();
    EXPECT_EQ(clocks[c], edqa_sim_clock_mhz());
    uint32_t words = 0;
    edqa_cycle_counts cycles{};
    ASSERT_EQ(EDQA_OK, edqa_sim_quantize(sim, &config, values.data(), 3136, record.data(), 5000, &words, &cycles))
        << last_error();
    totals[c] = cycles.value[0];
    edqa_sim_destroy(sim);
  }
  EXPECT_GT(totals[1], totals[0] + 3136u / 4) << "200 MHz: the DMA at 150 MHz streams the channel in slower";

  edqa_sim* sim = nullptr;
  edqa_sim_options bad{sizeof(edqa_sim_options), 0, nullptr, 0, 0, 0, 0, 101, 0, 0, 0};
  EXPECT_EQ(EDQA_ERROR_INVALID_ARGUMENT, edqa_sim_create(&bad, &sim));
  EXPECT_NE(last_error().find("ddr_efficiency_percent 101"), std::string::npos) << last_error();
  bad = {sizeof(edqa_sim_options), 0, nullptr, 0, 0, 0, 0, 0, 20, 0, 0};
  EXPECT_EQ(EDQA_ERROR_INVALID_ARGUMENT, edqa_sim_create(&bad, &sim));
  EXPECT_NE(last_error().find("clock_mhz 20"), std::string::npos) << last_error();
  bad = {sizeof(edqa_sim_options), 0, nullptr, 0, 0, 0, 0, 0, 0, 400, 0};
  EXPECT_EQ(EDQA_ERROR_INVALID_ARGUMENT, edqa_sim_create(&bad, &sim));
  EXPECT_NE(last_error().find("dma_mhz 400"), std::string::npos) << last_error();
}

TEST(Library, RecordCapacityValidatesItsArguments) {
  uint32_t words = 0;
  EXPECT_EQ(EDQA_ERROR_NULL_POINTER, edqa_sim_record_capacity(nullptr, &words));
  EXPECT_EQ(EDQA_ERROR_NULL_POINTER, edqa_sim_record_capacity(&kImportant, nullptr));
  EXPECT_EQ(EDQA_OK, edqa_sim_record_capacity(&kImportant, &words));
  EXPECT_EQ(1u + 1u + 1u + 2u, words);  // codes, codebook, P, payload of up to 8 * 8 bits
  edqa_record_descriptor bad = kImportant;
  bad.bits = 9;
  EXPECT_EQ(EDQA_ERROR_INVALID_ARGUMENT, edqa_sim_record_capacity(&bad, &words));
  EXPECT_NE(last_error().find("bits (N) is 9"), std::string::npos) << last_error();
}

TEST(Lifecycle, OneLiveSimulatorPerProcessAndStaleHandlesAreRefused) {
  edqa_sim* first = nullptr;
  ASSERT_EQ(EDQA_OK, edqa_sim_create(nullptr, &first));
  edqa_sim* second = nullptr;
  EXPECT_EQ(EDQA_ERROR_STATE, edqa_sim_create(nullptr, &second));
  EXPECT_EQ(nullptr, second);
  EXPECT_EQ(EDQA_OK, edqa_sim_destroy(first));
  EXPECT_EQ(EDQA_ERROR_STATE, edqa_sim_destroy(first));  // twice
  uint64_t cycles = 0;
  EXPECT_EQ(EDQA_ERROR_STATE, edqa_sim_simulated_cycles(first, &cycles));  // after destroy
  edqa_sim* forged = reinterpret_cast<edqa_sim*>(static_cast<uintptr_t>(0xDEADBEEF));
  EXPECT_EQ(EDQA_ERROR_STATE, edqa_sim_simulated_cycles(forged, &cycles));
  EXPECT_EQ(EDQA_ERROR_NULL_POINTER, edqa_sim_destroy(nullptr));
  EXPECT_EQ(EDQA_ERROR_NULL_POINTER, edqa_sim_create(nullptr, nullptr));

  edqa_sim* again = nullptr;
  ASSERT_EQ(EDQA_OK, edqa_sim_create(nullptr, &again));  // the model is reused
  EXPECT_NE(first, again);
  EXPECT_EQ(EDQA_ERROR_STATE, edqa_sim_simulated_cycles(first, &cycles));
  EXPECT_EQ(EDQA_OK, edqa_sim_simulated_cycles(again, &cycles));
  EXPECT_EQ(EDQA_ERROR_NULL_POINTER, edqa_sim_simulated_cycles(again, nullptr));
  EXPECT_EQ(EDQA_OK, edqa_sim_destroy(again));
}

TEST(Lifecycle, OptionsAreValidatedAndLateWaveformsRefused) {
  edqa_sim* sim = nullptr;
  edqa_sim_options options{sizeof(edqa_sim_options) - 1, 0, nullptr, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(EDQA_ERROR_INVALID_ARGUMENT, edqa_sim_create(&options, &sim));
  // Only the configurations the model elaborates: 1, 2 or 4 units, 1 or 2 lanes.
  for (const uint32_t units : {3u, 5u, 8u}) {
    options = {sizeof(edqa_sim_options), 0, nullptr, 0, 0, units, 1, 0, 0, 0, 0};
    EXPECT_EQ(EDQA_ERROR_INVALID_ARGUMENT, edqa_sim_create(&options, &sim)) << units;
    EXPECT_NE(last_error().find("units"), std::string::npos) << last_error();
  }
  options = {sizeof(edqa_sim_options), 0, nullptr, 0, 0, 2, 3, 0, 0, 0, 0};
  EXPECT_EQ(EDQA_ERROR_INVALID_ARGUMENT, edqa_sim_create(&options, &sim));
  EXPECT_NE(last_error().find("lanes"), std::string::npos) << last_error();
  options = {sizeof(edqa_sim_options), 0, "late.vcd", 0, 0, 0, 0, 0, 0, 0, 0};
  // The model was elaborated by an earlier test, so a waveform can no longer be set up.
  EXPECT_EQ(EDQA_ERROR_STATE, edqa_sim_create(&options, &sim));
  EXPECT_NE(last_error().find("VCD"), std::string::npos) << last_error();
}

TEST_F(Simulator, QuantizeRejectsEveryBadArgument) {
  std::vector<uint32_t> record(16);
  uint32_t words = 0;
  EXPECT_EQ(EDQA_ERROR_NULL_POINTER, edqa_sim_quantize(sim_, nullptr, kValues, 8, record.data(), 16, &words, nullptr));
  EXPECT_EQ(EDQA_ERROR_NULL_POINTER,
            edqa_sim_quantize(sim_, &kImportant, nullptr, 8, record.data(), 16, &words, nullptr));
  EXPECT_EQ(EDQA_ERROR_NULL_POINTER, edqa_sim_quantize(sim_, &kImportant, kValues, 8, nullptr, 16, &words, nullptr));
  EXPECT_EQ(EDQA_ERROR_NULL_POINTER,
            edqa_sim_quantize(sim_, &kImportant, kValues, 8, record.data(), 16, nullptr, nullptr));
  EXPECT_EQ(EDQA_ERROR_NULL_POINTER,
            edqa_sim_quantize(nullptr, &kImportant, kValues, 8, record.data(), 16, &words, nullptr));
  EXPECT_EQ(EDQA_ERROR_INVALID_ARGUMENT,
            edqa_sim_quantize(sim_, &kImportant, kValues, 7, record.data(), 16, &words, nullptr));
  EXPECT_EQ(EDQA_ERROR_BUFFER_TOO_SMALL,
            edqa_sim_quantize(sim_, &kImportant, kValues, 8, record.data(), 4, &words, nullptr));

  struct Case {
    const char* what;
    edqa_record_descriptor config;
    const char* message;
  };
  const float inf = std::numeric_limits<float>::infinity();
  const Case cases[] = {
      {"N = 1", {1, 1, 1, 8, 2.0f, 0.5f, 0, 0, 0}, "bits (N)"},
      {"N = 9", {9, 3, 1, 8, 2.0f, 0.5f, 0, 0, 0}, "bits (N)"},
      {"m = 0", {3, 0, 1, 8, 2.0f, 0.5f, 0, 0, 0}, "extra_bits (m)"},
      {"m > N", {3, 4, 1, 8, 2.0f, 0.5f, 0, 0, 0}, "extra_bits (m)"},
      {"important = 2", {3, 3, 2, 8, 2.0f, 0.5f, 0, 0, 0}, "important"},
      {"grid = 2", {3, 3, 1, 8, 2.0f, 0.5f, 0, 2, 0}, "grid"},
      {"length over the maximum", {3, 3, 1, 4097, 2.0f, 0.5f, 0, 0, 0}, "exceeds"},
      {"negative inv", {3, 3, 1, 8, -2.0f, 0.5f, 0, 0, 0}, "positive normal"},
      {"infinite inv", {3, 3, 1, 8, inf, 0.5f, 0, 0, 0}, "positive normal"},
      {"NaN delta", {3, 3, 1, 8, 2.0f, std::nanf(""), 0, 0, 0}, "positive normal"},
      {"subnormal delta", {3, 3, 1, 8, 2.0f, 1e-40f, 0, 0, 0}, "positive normal"},
      {"negative zero", {3, 3, 1, 8, -0.0f, -0.0f, 0, 0, 0}, "positive normal"},
      {"only one of inv, delta zero", {3, 3, 1, 8, 0.0f, 0.5f, 0, 0, 0}, "neither is"},
      {"inv * 2^m overflows", {8, 8, 1, 8, 3e38f, 1e-30f, 0, 0, 0}, "normal float32 range"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(EDQA_ERROR_INVALID_ARGUMENT,
              edqa_sim_quantize(sim_, &c.config, kValues, c.config.length > 8 ? 8 : c.config.length, record.data(), 16,
                                &words, nullptr))
        << c.what;
    EXPECT_NE(last_error().find(c.message), std::string::npos) << c.what << ": " << last_error();
  }

  float with_nan[8] = {1.0f, std::nanf(""), 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
  EXPECT_EQ(EDQA_ERROR_INVALID_ARGUMENT,
            edqa_sim_quantize(sim_, &kImportant, with_nan, 8, record.data(), 16, &words, nullptr));
  EXPECT_NE(last_error().find("values[1]"), std::string::npos) << last_error();
  with_nan[1] = -inf;
  EXPECT_EQ(EDQA_ERROR_INVALID_ARGUMENT,
            edqa_sim_quantize(sim_, &kImportant, with_nan, 8, record.data(), 16, &words, nullptr));

  // After all that, the accelerator still computes the spec's example exactly.
  ASSERT_EQ(EDQA_OK, quantize(kImportant, kValues, 8, record)) << last_error();
  EXPECT_EQ(kRecord, record);
  EXPECT_EQ(std::string(), last_error());
}

TEST_F(Simulator, DequantizeRejectsBadArgumentsAndDamagedRecords) {
  float output[8];
  EXPECT_EQ(EDQA_ERROR_NULL_POINTER, edqa_sim_dequantize(sim_, nullptr, kRecord.data(), 4, output, 8, nullptr));
  EXPECT_EQ(EDQA_ERROR_NULL_POINTER, edqa_sim_dequantize(sim_, &kImportant, nullptr, 4, output, 8, nullptr));
  EXPECT_EQ(EDQA_ERROR_NULL_POINTER, edqa_sim_dequantize(sim_, &kImportant, kRecord.data(), 4, nullptr, 8, nullptr));
  EXPECT_EQ(EDQA_ERROR_BUFFER_TOO_SMALL, edqa_sim_dequantize(sim_, &kImportant, kRecord.data(), 4, output, 7, nullptr));
  EXPECT_EQ(EDQA_ERROR_INVALID_RECORD, edqa_sim_dequantize(sim_, &kImportant, kRecord.data(), 3, output, 8, nullptr));
  EXPECT_EQ(EDQA_ERROR_INVALID_RECORD, edqa_sim_dequantize(sim_, &kImportant, kRecord.data(), 2, output, 8, nullptr));
  std::vector<uint32_t> lying = kRecord;
  lying[1] = 65;  // P above L * 8 = 64
  EXPECT_EQ(EDQA_ERROR_INVALID_RECORD, edqa_sim_dequantize(sim_, &kImportant, lying.data(), 4, output, 8, nullptr));
  EXPECT_NE(last_error().find("exceeds"), std::string::npos) << last_error();

  // Damage that only the accelerator can see: it reports it in STATUS and consumes the record anyway.
  struct Damage {
    const char* what;
    size_t word;
    uint32_t value;
    const char* message;
  };
  const Damage damages[] = {
      {"a length of 9", 2, 0x90320003u, "above L_max"},
      {"an over-subscribed code", 2, 0x11320003u, "illegal codebook"},
      {"an incomplete code", 2, 0x10330003u, "illegal codebook"},
      {"a payload that decodes to more bits than P", 1, 13u, "do not add up"},
      {"non-zero payload padding", 3, 0xF5800001u, "padding"},
      {"non-zero code padding", 0, 0x6780A101u, "padding"},
  };
  for (const Damage& d : damages) {
    std::vector<uint32_t> damaged = kRecord;
    damaged[d.word] = d.value;
    EXPECT_EQ(EDQA_ERROR_INVALID_RECORD, edqa_sim_dequantize(sim_, &kImportant, damaged.data(), 4, output, 8, nullptr))
        << d.what;
    EXPECT_NE(last_error().find(d.message), std::string::npos) << d.what << ": " << last_error();
  }
  const edqa_record_descriptor one_symbol{3, 3, 1, 2, 2.0f, 0.5f, 0, 0, 0};
  const uint32_t invalid_code[] = {0u, 2u, 0x10000000u, 0x40000000u};  // one 1-bit code "0", then a "1"
  EXPECT_EQ(EDQA_ERROR_INVALID_RECORD, edqa_sim_dequantize(sim_, &one_symbol, invalid_code, 4, output, 8, nullptr));
  EXPECT_NE(last_error().find("no code starts"), std::string::npos) << last_error();

  // The damaged records left nothing behind: the next call is exact.
  ASSERT_EQ(EDQA_OK, edqa_sim_dequantize(sim_, &kImportant, kRecord.data(), 4, output, 8, nullptr)) << last_error();
  const float expected[8] = {1.9375f, 0.6875f, -0.3125f, 0.125f, 0.0f, 1.0f, -2.0f, 0.5f};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(expected[i], output[i]) << i;
}

// Codes last (docs/spec.md §4.2): a damaged record's first problem is its payload's when both its payload and its
// codes are damaged (the golden model reads the payload first, though the decoder meets the codes' problem first),
// and the set-aside words it leaves do not reach the next record, §4.4's adaptive record with §3.8's example code.
TEST_F(Simulator, ACodesLastRecordReportsItsPayloadFirstAndLeavesNothingBehind) {
  const uint32_t code[] = {0x23466664u, 0x36456656u, 0x66666650u};
  // Raw, L = 12, P = 36, a 1 in the payload's padding; the codes are §3.8's direct record, whose run of 8 zeros
  // passes element 11.
  const uint32_t damaged[] = {0x80000024u, 0u, 1u, 0xD95E0000u};
  const uint32_t sound[] = {0x0000000Eu, 0x10320003u, 0xF5800000u, 0x33C05080u};
  edqa_layer_record records[2]{};
  records[0].descriptor = edqa_record_descriptor{3, 3, 1, 12, 2.0f, 0.5f, 0, 0, 1};
  records[0].input_words = 4;
  records[1].descriptor = edqa_record_descriptor{3, 3, 1, 8, 2.0f, 0.5f, 0, 0, 1};
  records[1].input_offset = 4;
  records[1].input_words = 4;
  uint32_t inputs[8];
  std::copy(damaged, damaged + 4, inputs);
  std::copy(sound, sound + 4, inputs + 4);
  float output[20];
  ASSERT_EQ(EDQA_OK, edqa_sim_run_layer(sim_, 1, records, 2, inputs, 8, 0, nullptr, 0, 3, code, 3,
                                        reinterpret_cast<uint32_t*>(output), 20, nullptr))
      << last_error();
  EXPECT_EQ(EDQA_ERROR_INVALID_RECORD, records[0].status);
  EXPECT_NE(std::string(edqa_sim_record_message(0)).find("padding"), std::string::npos) << edqa_sim_record_message(0);
  ASSERT_EQ(EDQA_OK, records[1].status) << edqa_sim_record_message(1);
  const float expected[8] = {1.9375f, 0.6875f, -0.3125f, 0.125f, 0.0f, 1.0f, -2.0f, 0.5f};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(expected[i], output[records[1].output_offset + i]) << i;
}

TEST(Recovery, ATimeoutResetsTheAcceleratorAndTheNextCallIsExact) {
  edqa_sim* sim = nullptr;
  edqa_sim_options options{
      sizeof(edqa_sim_options), 0, nullptr, 100, 0, 0, 0, 0, 0, 0, 0};  // too few cycles for 3136 elements
  ASSERT_EQ(EDQA_OK, edqa_sim_create(&options, &sim));
  std::vector<float> values(3136, 0.25f);
  const edqa_record_descriptor config{3, 3, 1, 3136, 4.0f, 0.25f, 0, 0, 0};
  std::vector<uint32_t> record(5000);
  uint32_t words = 0;
  EXPECT_EQ(EDQA_ERROR_TIMEOUT,
            edqa_sim_quantize(sim, &config, values.data(), 3136, record.data(), 5000, &words, nullptr));
  EXPECT_NE(last_error().find("IP reset"), std::string::npos) << last_error();
  ASSERT_EQ(EDQA_OK, edqa_sim_destroy(sim));

  ASSERT_EQ(EDQA_OK, edqa_sim_create(nullptr, &sim));
  ASSERT_EQ(EDQA_OK, edqa_sim_quantize(sim, &kImportant, kValues, 8, record.data(), 5000, &words, nullptr))
      << last_error();
  EXPECT_EQ(kRecord, std::vector<uint32_t>(record.begin(), record.begin() + words));
  edqa_sim_destroy(sim);
}

// A bit string (spec §4.1): the first bit in the most significant bit of the first word, the last word zero-padded.
class BitString {
 public:
  void append(uint32_t value, uint32_t bits) {
    for (uint32_t b = bits; b-- > 0;) {
      if (size_ % 32 == 0) words_.push_back(0);
      words_.back() |= ((value >> b) & 1u) << (31 - size_ % 32);
      ++size_;
    }
  }
  uint32_t size() const { return size_; }
  const std::vector<uint32_t>& words() const { return words_; }

 private:
  std::vector<uint32_t> words_;
  uint32_t size_ = 0;
};

// The decoder never hangs: for every N and m, records of random words, records with a legal codebook over a random
// payload, and sound records (random codes and a legal codebook, the payload encoded with its canonical codes,
// spec §3.5) all reach the accelerator (their sizes agree with their headers) and each ends within a timeout of a
// few thousand cycles: the sound ones exactly, the others as reported invalid records, none as a timeout.
TEST(Recovery, TheDecoderEndsOnEveryRecord) {
  edqa_sim* sim = nullptr;
  edqa_sim_options options{
      sizeof(edqa_sim_options), 0, nullptr, 20000, 0, 0, 0, 0, 0, 0, 0};  // the longest record here needs < 3000
  ASSERT_EQ(EDQA_OK, edqa_sim_create(&options, &sim));
  uint32_t state = 12345u;
  const auto next = [&state] {  // xorshift32: the same records on every platform
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
  };
  int refused = 0;
  for (int trial = 0; trial < 600; ++trial) {
    const int kind = trial % 3;  // 0: random words, 1: legal codebook over a random payload, 2: sound
    const uint32_t n = 2 + next() % 7;
    const uint32_t m = 1 + next() % n;
    const uint32_t length = 1 + next() % 300;
    const uint32_t alphabet = 1u << m;
    const float delta = 0.5f;

    std::vector<int32_t> codes(length);
    BitString code_bits;
    for (int32_t& q : codes) {
      q = static_cast<int32_t>(next() % (1u << n)) - (1 << (n - 1));
      code_bits.append(static_cast<uint32_t>(q) & ((1u << n) - 1u), n);
    }
    // A complete prefix code: split leaves until there are enough (at most L), lengths at most 8, distinct symbols.
    std::vector<uint32_t> depths = {0};
    const uint32_t wanted = 1 + next() % std::min(alphabet, length);
    while (depths.size() < wanted) {
      const size_t leaf = next() % depths.size();
      if (depths[leaf] == 8) break;
      depths.push_back(++depths[leaf]);
    }
    if (depths.size() == 1) depths[0] = 1;  // a lone symbol gets the 1-bit code "0"
    std::vector<uint32_t> lengths(alphabet, 0);
    for (uint32_t depth : depths) {
      uint32_t symbol = next() % alphabet;
      while (lengths[symbol] != 0) symbol = (symbol + 1) % alphabet;
      lengths[symbol] = depth;
    }
    BitString codebook;
    for (uint32_t l : lengths) codebook.append(l, 4);
    // Canonical codes (spec §3.5) and a payload of random used symbols.
    uint32_t count[9] = {}, next_code[9] = {};
    for (uint32_t l : lengths) count[l] += l > 0;
    for (uint32_t l = 1, code = 0; l <= 8; ++l) next_code[l] = code = (code + count[l - 1] * (l > 1)) << (l > 1);
    std::vector<uint32_t> canonical(alphabet), used;
    for (uint32_t symbol = 0; symbol < alphabet; ++symbol) {
      if (lengths[symbol] == 0) continue;
      canonical[symbol] = next_code[lengths[symbol]]++;
      used.push_back(symbol);
    }
    std::vector<uint32_t> errors(length);
    BitString payload;
    for (uint32_t& e : errors) {
      e = used[next() % used.size()];
      payload.append(canonical[e], lengths[e]);
    }

    const uint32_t payload_bits = kind == 2 ? payload.size() : next() % (length * 8 + 1);
    std::vector<uint32_t> record = code_bits.words();
    record.push_back(payload_bits);  // H: adaptive, P
    record.insert(record.end(), codebook.words().begin(), codebook.words().end());
    if (kind == 2) {
      record.insert(record.end(), payload.words().begin(), payload.words().end());
    } else {
      record.resize(record.size() + (payload_bits + 31) / 32);
      for (size_t w = kind == 0 ? 0 : record.size() - (payload_bits + 31) / 32; w < record.size(); ++w) {
        if (w != code_bits.words().size()) record[w] = next();
      }
    }

    const edqa_record_descriptor config{n, m, 1, length, 2.0f, delta, 0, 0, 0};
    std::vector<float> output(length);
    const edqa_status status = edqa_sim_dequantize(sim, &config, record.data(), static_cast<uint32_t>(record.size()),
                                                   output.data(), length, nullptr);
    ASSERT_NE(EDQA_ERROR_TIMEOUT, status)
        << "N=" << n << " m=" << m << " L=" << length << " P=" << payload_bits << ": " << last_error();
    if (kind == 2) {
      ASSERT_EQ(EDQA_OK, status) << "a sound record, N=" << n << " m=" << m << " L=" << length << ": " << last_error();
      for (uint32_t i = 0; i < length; ++i) {
        const float expected =
            static_cast<float>(codes[i] * static_cast<int32_t>(alphabet) + static_cast<int32_t>(errors[i])) *
            std::ldexp(delta, -static_cast<int>(m));
        ASSERT_EQ(expected, output[i]) << "element " << i << " of a sound record, N=" << n << " m=" << m;
      }
    } else {
      ASSERT_TRUE(status == EDQA_OK || status == EDQA_ERROR_INVALID_RECORD) << status << ": " << last_error();
      refused += status == EDQA_ERROR_INVALID_RECORD;
    }
  }
  EXPECT_GT(refused, 300);  // nearly every damaged record is refused, not just survived
  uint32_t words = 0;
  std::vector<uint32_t> record(16);
  ASSERT_EQ(EDQA_OK, edqa_sim_quantize(sim, &kImportant, kValues, 8, record.data(), 16, &words, nullptr))
      << last_error();
  EXPECT_EQ(kRecord, std::vector<uint32_t>(record.begin(), record.begin() + words));
  edqa_sim_destroy(sim);
}

// A layer of many records in one call (the accelerator walks them, many per START): every record's output is the
// one it gets alone, a record refused on the host or by the decoder fails alone, and the records' cycles add up to
// the layer's total.
TEST_F(Simulator, ALayerRunsEveryRecordAsItRunsAloneAndFailuresStayWithTheirRecord) {
  std::vector<edqa_layer_record> records;
  std::vector<uint32_t> inputs;
  std::vector<std::vector<uint32_t>> alone;
  uint32_t seed = 12345;
  for (uint32_t r = 0; r < 24; ++r) {
    const uint32_t length = r % 5 == 4 ? 0 : (r * 97) % 700;
    std::vector<float> values(length);
    for (float& v : values) {
      seed = seed * 1664525u + 1013904223u;
      v = static_cast<float>(seed >> 8) / 16777216.0f * 4.0f - 2.0f;
    }
    edqa_layer_record record{};
    record.descriptor = edqa_record_descriptor{2 + r % 7, 1 + r % 2, r % 3 == 0 ? 1u : 0u, length, 1.0f, 1.0f, 0, 0, 0};
    if (r == 7) record.descriptor.extra_bits = 9;  // refused on the host
    record.input_offset = static_cast<uint32_t>(inputs.size());
    record.input_words = length;
    const uint32_t* bits = reinterpret_cast<const uint32_t*>(values.data());
    inputs.insert(inputs.end(), bits, bits + length);
    records.push_back(record);
    std::vector<uint32_t> single(length * 2 + 64);
    if (r != 7) {
      ASSERT_EQ(EDQA_OK, quantize(record.descriptor, values.data(), length, single)) << last_error();
    }
    alone.push_back(single);
  }
  uint32_t capacity = 0;
  edqa_cycle_counts cycles{};
  EXPECT_EQ(EDQA_ERROR_INVALID_ARGUMENT, edqa_sim_layer_capacity(0, records.data(), 24, &capacity));  // record 7
  std::vector<uint32_t> outputs(24 * (700 * 2 + 64));
  ASSERT_EQ(EDQA_OK, edqa_sim_run_layer(sim_, 0, records.data(), 24, inputs.data(),
                                        static_cast<uint32_t>(inputs.size()), 0, nullptr, 0, 0, nullptr, 0,
                                        outputs.data(), static_cast<uint32_t>(outputs.size()), &cycles))
      << last_error();
  uint64_t record_cycles = 0;
  for (uint32_t r = 0; r < 24; ++r) {
    const edqa_layer_record& record = records[r];
    record_cycles += record.cycles;
    if (r == 7) {
      EXPECT_EQ(EDQA_ERROR_INVALID_ARGUMENT, record.status);
      EXPECT_NE(std::string(edqa_sim_record_message(r)).find("extra_bits"), std::string::npos)
          << edqa_sim_record_message(r);
      continue;
    }
    ASSERT_EQ(EDQA_OK, record.status) << "record " << r << ": " << edqa_sim_record_message(r);
    const std::vector<uint32_t> got(outputs.begin() + record.output_offset,
                                    outputs.begin() + record.output_offset + record.output_words);
    EXPECT_EQ(alone[r], got) << "record " << r;
  }
  EXPECT_EQ(cycles.value[0], record_cycles);

  // De-quantize the sound records as one layer, with record 3's codebook damaged: it fails alone.
  std::vector<edqa_layer_record> back;
  std::vector<uint32_t> words;
  for (uint32_t r = 0; r < 24; ++r) {
    if (r == 7) continue;
    edqa_layer_record record = records[r];
    record.input_offset = static_cast<uint32_t>(words.size());
    record.input_words = records[r].output_words;
    words.insert(words.end(), alone[r].begin(), alone[r].end());
    if (r == 3)
      words[record.input_offset + (record.descriptor.length * record.descriptor.bits + 31) / 32] = 0xFFFFFFFFu;
    back.push_back(record);
  }
  std::vector<uint32_t> values(24 * 700);
  ASSERT_EQ(EDQA_OK, edqa_sim_run_layer(sim_, 1, back.data(), static_cast<uint32_t>(back.size()), words.data(),
                                        static_cast<uint32_t>(words.size()), 0, nullptr, 0, 0, nullptr, 0,
                                        values.data(), static_cast<uint32_t>(values.size()), &cycles))
      << last_error();
  for (size_t k = 0; k < back.size(); ++k) {
    const bool damaged = k == 3;
    EXPECT_EQ(damaged ? EDQA_ERROR_INVALID_RECORD : EDQA_OK, back[k].status)
        << "record " << k << ": " << edqa_sim_record_message(static_cast<uint32_t>(k));
    if (!damaged) {
      EXPECT_EQ(back[k].descriptor.length, back[k].output_words) << "record " << k;
    }
  }
}

// The counters a call fills in are the rows of the accelerator's counters bundle, in table order: the register
// table is their one definition, so a new row is a new counter here with no other change.
TEST_F(Simulator, CycleCountersAreTheRegisterTablesCounterRows) {
  for (uint32_t accelerator : {EDQA_ACCELERATOR_EDQA, EDQA_ACCELERATOR_NOISYQUANT}) {
    const std::vector<std::string> counters =
        edqa_jobs::counter_names(static_cast<edqa_jobs::Accelerator>(accelerator));
    ASSERT_FALSE(counters.empty());
    EXPECT_EQ("cycles_total", counters[0]);
    edqa_cycle_counts cycles{};
    if (accelerator == EDQA_ACCELERATOR_EDQA) {
      std::vector<uint32_t> record(64);
      uint32_t words = 0;
      ASSERT_EQ(EDQA_OK, edqa_sim_quantize(sim_, &kImportant, kValues, 8, record.data(), 64, &words, &cycles))
          << last_error();
    } else {
      const edqa_noisyquant_config config{3, 2};
      std::vector<uint32_t> record(16);
      uint32_t words = 0;
      ASSERT_EQ(EDQA_OK, edqa_sim_noisyquant_quantize(sim_, &config, kValues, 4, record.data(), 16, &words, &cycles))
          << last_error();
    }
    EXPECT_EQ(counters.size(), cycles.count);
    EXPECT_GT(cycles.value[0], 0u);
    for (uint32_t c = cycles.count; c < EDQA_MAX_COUNTERS; ++c) EXPECT_EQ(0u, cycles.value[c]) << "counter " << c;
  }
}

// docs/spec.md §11.5: the result stream's worked example in version 3 reads and writes back byte for byte, and the
// same answer in version 2 (five fixed counters) is still read.
TEST(ResultStream, ReadsTheSpecsVersion3AndVersion2Examples) {
  std::ifstream in(EDQA_DOCS_DIR "/spec.md");
  const std::string spec((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto block = [&spec](const std::string& name) {
    const size_t start = spec.find("```hex " + name + "\n");
    EXPECT_NE(std::string::npos, start) << name;
    const size_t end = spec.find("```", start + 8);
    std::istringstream text(spec.substr(start + 8 + name.size(), end - start - 8 - name.size()));
    std::vector<uint8_t> bytes;
    std::string token;
    while (text >> token) {
      const uint32_t word = static_cast<uint32_t>(std::stoul(token, nullptr, 16));
      for (int b = 0; b < 4; ++b) bytes.push_back(static_cast<uint8_t>(word >> (8 * b)));
    }
    return bytes;
  };
  const std::vector<uint8_t> current = block("result-stream");
  const std::vector<edqa_jobs::JobResult> v3 = edqa_jobs::read_results(current, "v3");
  ASSERT_EQ(1u, v3.size());
  EXPECT_EQ(0u, v3[0].counters);
  EXPECT_EQ(kRecord, v3[0].records[0].output);
  EXPECT_EQ(current, edqa_jobs::write_results(v3));
  const std::vector<edqa_jobs::JobResult> v2 = edqa_jobs::read_results(block("result-stream-v2"), "v2");
  ASSERT_EQ(1u, v2.size());
  EXPECT_EQ(5u, v2[0].counters);
  EXPECT_EQ(std::vector<uint32_t>(5, 0u), v2[0].records[0].counters);
  EXPECT_EQ(kRecord, v2[0].records[0].output);
}

}  // namespace

namespace {

// Issue 26 item 9: a waveform path SystemC could not open is refused before anything elaborates, so the process can
// still create a simulator (ctest runs this suite alone too, where this is the process's first create).
TEST(Waveform, AnUnwritablePathIsRefusedAndTheNextCreateWorks) {
  edqa_sim* sim = nullptr;
  for (const char* bad : {"/no/such/dir/w.vcd", "/tmp", "/dev/full"}) {
    edqa_sim_options options{sizeof(edqa_sim_options), 0, bad, 0, 0, 0, 0, 0, 0, 0, 0};
    EXPECT_EQ(EDQA_ERROR_INVALID_ARGUMENT, edqa_sim_create(&options, &sim)) << bad;
    EXPECT_NE(last_error().find(bad), std::string::npos) << last_error();
  }
  ASSERT_EQ(EDQA_OK, edqa_sim_create(nullptr, &sim)) << last_error();
  EXPECT_EQ(EDQA_OK, edqa_sim_destroy(sim));
}

// Issue 26 item 5: an illegal static code that no record uses fails no record (the golden model's answer, whatever
// the START boundaries); a record that uses it is refused.
TEST_F(Simulator, AStaticCodeNoRecordNeedsIsNeverLoaded) {
  std::vector<edqa_layer_record> records(3);
  std::vector<uint32_t> inputs;
  for (size_t r = 0; r < records.size(); ++r) {
    records[r] = edqa_layer_record{};
    records[r].descriptor = kImportant;
    records[r].descriptor.coding = r == 2 ? 1u : 0u;  // the last record static: it needs the code
    records[r].input_offset = static_cast<uint32_t>(inputs.size());
    records[r].input_words = 8;
    for (const float v : kValues) {
      uint32_t bits;
      std::memcpy(&bits, &v, sizeof bits);
      inputs.push_back(bits);
    }
  }
  const uint32_t illegal_code[1] = {0};  // m = 3: one word, every length 0
  std::vector<uint32_t> outputs(200);
  ASSERT_EQ(EDQA_OK, edqa_sim_run_layer(sim_, 0, records.data(), 3, inputs.data(), static_cast<uint32_t>(inputs.size()),
                                        3, illegal_code, 1, 0, nullptr, 0, outputs.data(), 200, nullptr))
      << last_error();
  for (size_t r = 0; r < 2; ++r) {
    ASSERT_EQ(EDQA_OK, records[r].status) << r << ": " << edqa_sim_record_message(static_cast<uint32_t>(r));
    EXPECT_EQ(kRecord, std::vector<uint32_t>(outputs.begin() + records[r].output_offset,
                                             outputs.begin() + records[r].output_offset + records[r].output_words));
  }
  EXPECT_EQ(EDQA_ERROR_INVALID_RECORD, records[2].status) << edqa_sim_record_message(2);
}

// Issue 26 item 5: a NoisyQuant record without input words is judged by its size (invalid argument to quantize, an
// invalid record to de-quantize, as the golden model has them), never "values is NULL"; so is an eDQA one.
TEST_F(Simulator, RecordsWithoutInputAreJudgedByTheirSize) {
  for (const uint32_t op : {0u, 1u}) {
    edqa_jobs::Job noisy;
    noisy.accelerator = edqa_jobs::Accelerator::kNoisyQuant;
    noisy.op = op;
    noisy.records.push_back({{3, 3}, {}});
    const edqa_jobs::JobResult got = edqa_jobs::run_job(sim_, noisy, 0);
    EXPECT_EQ(op == 0 ? EDQA_ERROR_INVALID_ARGUMENT : EDQA_ERROR_INVALID_RECORD, got.records[0].status)
        << got.records[0].message;
    edqa_jobs::Job edqa;
    edqa.op = op;
    edqa.records.push_back({{3, 3, 1, 8, 0x40000000u, 0x3F000000u, 0}, {}});
    const edqa_jobs::JobResult layer = edqa_jobs::run_job(sim_, edqa, 0);
    EXPECT_EQ(op == 0 ? EDQA_ERROR_INVALID_ARGUMENT : EDQA_ERROR_INVALID_RECORD, layer.records[0].status)
        << layer.records[0].message;
  }
}

// Issue 26 item 5: a layer that times out leaves no record saying OK.
TEST(Recovery, ATimedOutLayerLeavesNoRecordOk) {
  edqa_sim* sim = nullptr;
  edqa_sim_options options{sizeof(edqa_sim_options), 0, nullptr, 100, 0, 0, 0, 0, 0, 0, 0};
  ASSERT_EQ(EDQA_OK, edqa_sim_create(&options, &sim));
  std::vector<float> values(2 * 3136, 0.25f);
  std::vector<edqa_layer_record> records(2);
  for (uint32_t r = 0; r < 2; ++r) {
    records[r] = edqa_layer_record{};
    records[r].descriptor = edqa_record_descriptor{3, 3, 1, 3136, 4.0f, 0.25f, 0, 0, 0};
    records[r].input_offset = 3136 * r;
    records[r].input_words = 3136;
  }
  uint32_t capacity = 0;
  ASSERT_EQ(EDQA_OK, edqa_sim_layer_capacity(0, records.data(), 2, &capacity));
  std::vector<uint32_t> outputs(capacity);
  EXPECT_EQ(EDQA_ERROR_TIMEOUT,
            edqa_sim_run_layer(sim, 0, records.data(), 2, reinterpret_cast<const uint32_t*>(values.data()), 2 * 3136, 0,
                               nullptr, 0, 0, nullptr, 0, outputs.data(), capacity, nullptr));
  for (uint32_t r = 0; r < 2; ++r) {
    EXPECT_EQ(EDQA_ERROR_TIMEOUT, records[r].status) << r;
    EXPECT_NE(std::string(edqa_sim_record_message(r)).find("reset"), std::string::npos) << edqa_sim_record_message(r);
  }
  edqa_sim_destroy(sim);
}

}  // namespace
