// Self-checking testbench: every golden vector through the cycle-level accelerator. The vectors are a job stream
// (tests/vectors/golden.jobs: per case a quantize job and a de-quantize job of the golden record) and the result
// stream the C# golden model computed for it from docs/spec.md (tests/vectors/golden.results), never a hardware
// model's own output. Every record's status and output words must equal the golden ones; cycle counters are not
// compared (the golden model has no clock). A failure names the job, its label and the first differing word, and
// prints the one command that re-runs exactly that job with a waveform.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "edqa_sim.h"
#include "job_runner.h"
#include "job_stream.h"

namespace {

const char* kUsage =
    "usage: vectors_testbench JOBS EXPECTED_RESULTS [ACTUAL_RESULTS] [--units U] [--lanes L] [--layers K]\n"
    "  Runs every job of JOBS on the SystemC accelerator (or reads ACTUAL_RESULTS, e.g. what edqa-sim run wrote) and\n"
    "  compares each record's status and output words with EXPECTED_RESULTS (the golden model's). --units and --lanes\n"
    "  select the accelerator's configuration (1, 2 or 4 units; 1 or 2 lanes; default 1 and 1). --layers K also runs\n"
    "  the eDQA jobs as layers of up to K records (consecutive jobs of one op and one static code, back to back in "
    "one\n"
    "  START, so records spread over the units and share the stream's beats): each record must still give its own\n"
    "  job's golden result. Exit 0 when all\n"
    "  agree, 1 when any differs, 2 on bad usage, 3 when a file is malformed.\n"
    "  e.g. vectors_testbench tests/vectors/golden.jobs tests/vectors/golden.results --units 2 --lanes 2\n";

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw edqa_jobs::StreamError(
        path + ": cannot open (regenerate with build/bin/edqa golden-vectors --output tests/vectors)");
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  uint32_t units = 0, lanes = 0, layer_records = 0;
  while (argc >= 5 && argv[argc - 2][0] == '-') {
    const std::string option = argv[argc - 2];
    const uint32_t value = static_cast<uint32_t>(std::strtoul(argv[argc - 1], nullptr, 10));
    if (option == "--units") {
      units = value;
    } else if (option == "--lanes") {
      lanes = value;
    } else if (option == "--layers") {
      layer_records = value;
    } else {
      std::fputs(kUsage, stderr);
      return 2;
    }
    argc -= 2;
  }
  if (argc != 3 && argc != 4) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::vector<edqa_jobs::Job> jobs;
  std::vector<edqa_jobs::JobResult> expected;
  std::vector<edqa_jobs::JobResult> given;
  try {
    jobs = edqa_jobs::read_jobs(read_file(argv[1]), argv[1]);
    expected = edqa_jobs::read_results(read_file(argv[2]), argv[2]);
    if (argc == 4) given = edqa_jobs::read_results(read_file(argv[3]), argv[3]);
  } catch (const edqa_jobs::StreamError& e) {
    std::printf("FAIL: %s\n", e.what());
    return 3;
  }
  if (expected.size() != jobs.size() || (argc == 4 && given.size() != jobs.size())) {
    std::printf("FAIL: %zu expected and %zu given results for %zu jobs\n", expected.size(), given.size(), jobs.size());
    return 3;
  }
  edqa_sim* sim = nullptr;
  // A job that hangs the accelerator fails here as a timeout naming it (status 5), within about a second, instead
  // of after the driver's default of 50 M cycles. Every golden job and layer of seven finishes within 100 k cycles
  // in every configuration (a run with that budget passes), so 1 M is a tenfold margin.
  constexpr uint64_t kBudget = 1000000;
  const edqa_sim_options options{sizeof(edqa_sim_options), 0, nullptr, kBudget, 0, units, lanes, 0, 0, 0, 0};
  if (argc == 3 && edqa_sim_create(&options, &sim) != EDQA_OK) {
    std::printf("FAIL: create: %s\n", edqa_sim_last_error());
    return 1;
  }
  int failures = 0;
  for (size_t j = 0; j < jobs.size(); ++j) {
    const edqa_jobs::JobResult actual =
        argc == 4 ? given[j] : edqa_jobs::run_job(sim, jobs[j], static_cast<uint32_t>(j));
    const std::string difference = edqa_jobs::first_difference(expected[j], actual);
    if (difference.empty()) continue;
    ++failures;
    std::printf("FAIL job %zu (%s): %s\n", j, jobs[j].label.c_str(), difference.c_str());
    std::printf(
        "  re-run it with a waveform: build/bin/edqa-sim run %s /tmp/edqa-job-%zu.results --job %zu --vcd "
        "/tmp/edqa-job-%zu.vcd\n",
        argv[1], j, j, j);
  }
  size_t layers = 0;
  if (sim != nullptr && layer_records > 1) {
    const std::vector<std::vector<size_t>> groups = edqa_jobs::layer_groups(jobs, layer_records);
    for (const std::vector<size_t>& group : groups) {
      if (group.size() < 2) continue;
      edqa_jobs::Job layer = jobs[group.front()];
      edqa_jobs::JobResult want;
      want.job_index = static_cast<uint32_t>(group.front());
      want.accelerator = layer.accelerator;
      want.op = layer.op;
      layer.records.clear();
      for (size_t j : group) {
        layer.records.insert(layer.records.end(), jobs[j].records.begin(), jobs[j].records.end());
        want.records.insert(want.records.end(), expected[j].records.begin(), expected[j].records.end());
      }
      const std::string difference = edqa_jobs::first_difference(want, edqa_jobs::run_job(sim, layer, want.job_index));
      ++layers;
      if (!difference.empty()) {
        ++failures;
        std::string members;
        for (size_t j : group) members += " " + std::to_string(j);
        std::printf("FAIL layer of jobs%s: %s\n", members.c_str(), difference.c_str());
      }
    }
  }
  if (sim != nullptr) edqa_sim_destroy(sim);
  std::printf("%zu golden jobs and %zu layers of them, %d failed (%u units, %u lanes)\n", jobs.size(), layers, failures,
              units == 0 ? 1u : units, lanes == 0 ? 1u : lanes);
  return failures == 0 && !jobs.empty() ? 0 : 1;
}
