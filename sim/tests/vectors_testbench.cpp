// Self-checking testbench: every golden vector through the cycle-level accelerator. The vectors are a job stream
// (tests/vectors/golden.jobs: per case a quantize job and a de-quantize job of the golden record) and the result
// stream the C# golden model computed for it from docs/spec.md (tests/vectors/golden.results), never a hardware
// model's own output. Every record's status and output words must equal the golden ones; cycle counters are not
// compared (the golden model has no clock). A failure names the job, its label and the first differing word, and
// prints the one command that re-runs exactly that job with a waveform.
#include <cstdio>
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
    "usage: vectors_testbench JOBS EXPECTED_RESULTS [ACTUAL_RESULTS]\n"
    "  Runs every job of JOBS on the SystemC accelerator (or reads ACTUAL_RESULTS, e.g. what edqa-sim run wrote) and\n"
    "  compares each record's status and output words with EXPECTED_RESULTS (the golden model's). Exit 0 when all\n"
    "  agree, 1 when any differs, 2 on bad usage, 3 when a file is malformed.\n"
    "  e.g. vectors_testbench tests/vectors/golden.jobs tests/vectors/golden.results\n";

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw edqa_jobs::StreamError(path + ": cannot open (regenerate with build/bin/edqa golden-vectors --output tests/vectors)");
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    std::fputs(kUsage, stdout);
    return 0;
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
  if (argc == 3 && edqa_sim_create(nullptr, &sim) != EDQA_OK) {
    std::printf("FAIL: create: %s\n", edqa_sim_last_error());
    return 1;
  }
  int failures = 0;
  for (size_t j = 0; j < jobs.size(); ++j) {
    const edqa_jobs::JobResult actual = argc == 4 ? given[j] : edqa_jobs::run_job(sim, jobs[j], static_cast<uint32_t>(j));
    const std::string difference = edqa_jobs::first_difference(expected[j], actual);
    if (difference.empty()) continue;
    ++failures;
    std::printf("FAIL job %zu (%s): %s\n", j, jobs[j].label.c_str(), difference.c_str());
    std::printf("  re-run it with a waveform: build/bin/edqa-sim run %s /tmp/edqa-job-%zu.results --job %zu --vcd /tmp/edqa-job-%zu.vcd\n",
                argv[1], j, j, j);
  }
  if (sim != nullptr) edqa_sim_destroy(sim);
  std::printf("%zu golden jobs, %d failed\n", jobs.size(), failures);
  return failures == 0 && !jobs.empty() ? 0 : 1;
}
