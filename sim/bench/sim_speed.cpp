// Simulation speed of the whole accelerator: simulated clock cycles per wall-clock second while it quantizes and
// de-quantizes important 3136-element channels (N = 3, m = 3), driven through the C API like every user does.
// Also prints the cycle counts of the paper's Table 3 sizes. Run by `make bench`.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "edqa_sim.h"

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
  edqa_sim* sim = nullptr;
  if (edqa_sim_create(nullptr, &sim) != EDQA_OK) {
    std::fprintf(stderr, "create: %s\n", edqa_sim_last_error());
    return 1;
  }
  std::printf(
      "| L | quantize + encode (cycles) | decode + de-quantize (cycles) | direct quantize (cycles) "
      "|\n|---:|---:|---:|---:|\n");
  for (uint32_t length : {49u, 196u, 784u, 3136u, 4096u}) {
    std::vector<float> values(length);
    for (uint32_t i = 0; i < length; ++i) values[i] = static_cast<float>((i * 7919u) % 1000u) / 500.0f - 1.0f;
    edqa_record_descriptor config{3, 3, 1, length, 4.0f, 0.25f, 0, 0, 0};
    std::vector<uint32_t> record(8192);
    std::vector<float> output(length);
    uint32_t words = 0;
    edqa_cycle_counts q{}, d{}, direct{};
    edqa_sim_quantize(sim, &config, values.data(), length, record.data(), 8192, &words, &q);
    edqa_sim_dequantize(sim, &config, record.data(), words, output.data(), length, &d);
    config.important = 0;
    edqa_sim_quantize(sim, &config, values.data(), length, record.data(), 8192, &words, &direct);
    std::printf("| %u | %llu | %llu | %llu |\n", length, static_cast<unsigned long long>(q.value[0]),
                static_cast<unsigned long long>(d.value[0]), static_cast<unsigned long long>(direct.value[0]));
  }

  const uint32_t length = 3136;
  std::vector<float> values(length);
  for (uint32_t i = 0; i < length; ++i) values[i] = static_cast<float>((i * 7919u) % 1000u) / 500.0f - 1.0f;
  const edqa_record_descriptor config{3, 3, 1, length, 4.0f, 0.25f, 0, 0, 0};
  std::vector<uint32_t> record(8192);
  std::vector<float> output(length);
  uint64_t start_cycles = 0;
  edqa_sim_simulated_cycles(sim, &start_cycles);
  const auto start = std::chrono::steady_clock::now();
  uint64_t channels = 0;
  double elapsed = 0;
  while (elapsed < seconds) {
    uint32_t words = 0;
    if (edqa_sim_quantize(sim, &config, values.data(), length, record.data(), 8192, &words, nullptr) != EDQA_OK ||
        edqa_sim_dequantize(sim, &config, record.data(), words, output.data(), length, nullptr) != EDQA_OK) {
      std::fprintf(stderr, "run: %s\n", edqa_sim_last_error());
      return 1;
    }
    ++channels;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  uint64_t end_cycles = 0;
  edqa_sim_simulated_cycles(sim, &end_cycles);
  std::printf(
      "\nsimulation speed: %.2f M simulated cycles/s (%llu round trips of a 3136-element important channel in %.2f "
      "s)\n",
      (end_cycles - start_cycles) / elapsed / 1e6, static_cast<unsigned long long>(channels), elapsed);
  edqa_sim_destroy(sim);
  return 0;
}
