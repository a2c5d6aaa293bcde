// Writes the vectors of the C/RTL co-simulation (hw/hls/cosim_testbench.cpp) in the plain text that testbench
// reads, so it needs none of this C++17 code: every eDQA job of the golden vectors as one START of the 1x1 top.
//
// The input stream is the one the driver sends (AcceleratorDriver::run_call: per record its stream descriptor, the
// layer's static code behind the first record that uses it, its input words). The expected output words and status
// are the golden model's (tests/vectors/golden.results, the C# reference of docs/spec.md), never the hardware
// model's. The one exception: each trailer's cycles. The golden model has no clock, so they are taken from the
// SystemC model run here through the C ABI (its schedule, hw/edqa_schedule.h), which is what a co-simulation of
// the RTL checks; the testbench reports a difference there apart from the data (and fails on it with
// --exact-cycles). That run also tells which records the host-side checks refuse (their cycles are 0): the driver
// never sends those, so neither does the vectors file. NoisyQuant jobs are skipped.
//
// Format (one START per block; `#` starts a comment):
//   start OP RECORDS            OP 0 quantize, 1 de-quantize
//   in HEX ...                  the input words in order; TLAST on the last one
//   record ok WORDS CYCLES      a sound record: WORDS output words follow on `out` lines
//   out HEX ...
//   record fail CODE CYCLES     a failed record: CODE 1 (a descriptor refused: config) or r (any other ErrorCode)
//   end
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "accelerator_driver.h"
#include "edqa_sim.h"
#include "job_runner.h"
#include "job_stream.h"

namespace {

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw edqa_jobs::StreamError(path + ": cannot open");
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void put_words(std::FILE* out, const char* tag, const std::vector<uint32_t>& words) {
  for (size_t i = 0; i < words.size(); i += 8) {
    std::fputs(tag, out);
    for (size_t k = i; k < words.size() && k < i + 8; ++k) std::fprintf(out, " %08x", words[k]);
    std::fputc('\n', out);
  }
}

struct Counts {
  size_t starts = 0, records = 0, words = 0, skipped = 0;
};

// One START of `job`'s records (a golden job, or a layer of several jobs' records, `golden` their results in
// order): run on the model for the trailers' cycles, then written as the driver would stream it. False when the
// model's call fails.
bool write_start(std::FILE* out, edqa_sim* sim, const edqa_jobs::Job& job,
                 const std::vector<const edqa_jobs::RecordResult*>& golden, const std::string& label, Counts& counts) {
  // The model's run: the trailers' cycles, and which records reach the accelerator at all.
  std::vector<edqa_layer_record> layer(job.records.size());
  std::vector<uint32_t> inputs;
  uint32_t capacity = 0;
  for (size_t r = 0; r < job.records.size(); ++r) {
    layer[r] = edqa_layer_record{};
    layer[r].descriptor = edqa_jobs::record_descriptor(job.records[r]);
    layer[r].input_offset = static_cast<uint32_t>(inputs.size());
    layer[r].input_words = static_cast<uint32_t>(job.records[r].input.size());
    inputs.insert(inputs.end(), job.records[r].input.begin(), job.records[r].input.end());
    capacity += edqa_harness::AcceleratorDriver::output_capacity(job.op, layer[r].descriptor);
  }
  std::vector<uint32_t> outputs(capacity + 1);
  if (edqa_sim_run_layer(sim, job.op, layer.data(), static_cast<uint32_t>(layer.size()), inputs.data(),
                         static_cast<uint32_t>(inputs.size()), job.static_code_bits, job.static_code.data(),
                         static_cast<uint32_t>(job.static_code.size()), job.code_static_code_bits,
                         job.code_static_code.data(), static_cast<uint32_t>(job.code_static_code.size()),
                         outputs.data(), static_cast<uint32_t>(outputs.size()), nullptr) != EDQA_OK) {
    std::fprintf(stderr, "cosim_vectors: %s: %s\n", label.c_str(), edqa_sim_last_error());
    return false;
  }
  // The START as AcceleratorDriver::run_call lays it out (one START: the golden jobs are far below the DMA's limit).
  std::vector<uint32_t> stream;
  std::vector<size_t> sent;
  bool code_loaded = false;
  bool codes_code_loaded = false;
  for (size_t r = 0; r < job.records.size(); ++r) {
    if (layer[r].cycles == 0) {
      ++counts.skipped;  // refused on the host: never streamed
      continue;
    }
    const edqa_jobs::JobRecord& record = job.records[r];
    const uint32_t input_words = static_cast<uint32_t>(record.input.size());
    const edqa_hw::RecordDescriptor plain =
        edqa_harness::AcceleratorDriver::stream_descriptor(job.op, layer[r].descriptor, input_words, false);
    const bool loads =
        !code_loaded && !job.static_code.empty() &&
        edqa_harness::AcceleratorDriver::uses_static_code(job.op, plain, record.input.data(), job.static_code_bits);
    const bool loads_codes = !codes_code_loaded && !job.code_static_code.empty() &&
                             edqa_harness::AcceleratorDriver::uses_code_static_code(plain, job.code_static_code_bits);
    code_loaded = code_loaded || loads;
    codes_code_loaded = codes_code_loaded || loads_codes;
    uint32_t descriptor[edqa_hw::kDescriptorWords];
    edqa_hw::RecordDescriptor d =
        edqa_harness::AcceleratorDriver::stream_descriptor(job.op, layer[r].descriptor, input_words, loads);
    d.loads_code_static_code = loads_codes;
    d.pack(descriptor);
    stream.insert(stream.end(), descriptor, descriptor + edqa_hw::kDescriptorWords);
    if (loads) stream.insert(stream.end(), job.static_code.begin(), job.static_code.end());
    if (loads_codes) stream.insert(stream.end(), job.code_static_code.begin(), job.code_static_code.end());
    stream.insert(stream.end(), record.input.begin(), record.input.end());
    sent.push_back(r);
  }
  if (sent.empty()) return true;
  std::fprintf(out, "# %s\nstart %u %zu\n", label.c_str(), job.op, sent.size());
  put_words(out, "in", stream);
  for (size_t r : sent) {
    const edqa_jobs::RecordResult& expected = *golden[r];
    if (expected.status == EDQA_OK) {
      std::fprintf(out, "record ok %zu %u\n", expected.output.size(), layer[r].cycles);
      put_words(out, "out", expected.output);
      counts.words += expected.output.size();
    } else {
      // The driver's reading of a trailer's ErrorCode (c_api.cpp): 1 is an invalid argument, any other an invalid
      // record.
      std::fprintf(out, "record fail %s %u\n", expected.status == EDQA_ERROR_INVALID_ARGUMENT ? "1" : "r",
                   layer[r].cycles);
    }
    ++counts.records;
  }
  std::fputs("end\n", out);
  ++counts.starts;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  // --layers K: after one START per job, the eDQA jobs again as layers of up to K records (consecutive jobs of one
  // op and one static code in one START, as vectors_testbench --layers does), so the bench walks many trailers.
  size_t layer_records = 0;
  if (argc == 6 && std::string(argv[4]) == "--layers") {
    layer_records = std::strtoul(argv[5], nullptr, 10);
    argc -= 2;
  }
  if (argc != 4) {
    std::fputs("usage: cosim_vectors GOLDEN_JOBS GOLDEN_RESULTS OUTPUT [--layers K]\n", stderr);
    return 2;
  }
  std::vector<edqa_jobs::Job> jobs;
  std::vector<edqa_jobs::JobResult> golden;
  try {
    jobs = edqa_jobs::read_jobs(read_bytes(argv[1]), argv[1]);
    golden = edqa_jobs::read_results(read_bytes(argv[2]), argv[2]);
  } catch (const edqa_jobs::StreamError& e) {
    std::fprintf(stderr, "cosim_vectors: %s\n", e.what());
    return 3;
  }
  if (golden.size() != jobs.size()) {
    std::fprintf(stderr, "cosim_vectors: %zu results for %zu jobs\n", golden.size(), jobs.size());
    return 3;
  }
  edqa_sim* sim = nullptr;
  const edqa_sim_options options{sizeof(edqa_sim_options), 0, nullptr, 0, 0, 1, 1, 0, 0, 0, 0};
  if (edqa_sim_create(&options, &sim) != EDQA_OK) {
    std::fprintf(stderr, "cosim_vectors: %s\n", edqa_sim_last_error());
    return 1;
  }
  std::FILE* out = std::fopen(argv[3], "w");
  if (out == nullptr) {
    std::fprintf(stderr, "cosim_vectors: cannot write %s\n", argv[3]);
    return 1;
  }
  std::fprintf(out,
               "# eDQA 1x1 co-simulation vectors from %s and %s (written by sim/tests/cosim_vectors.cpp).\n"
               "# Output words and status: the golden model's. Trailer cycles: the SystemC model's schedule.\n",
               argv[1], argv[2]);
  Counts counts;
  bool ok = true;
  for (size_t j = 0; j < jobs.size() && ok; ++j) {
    const edqa_jobs::Job& job = jobs[j];
    if (job.accelerator != edqa_jobs::Accelerator::kEdqa) continue;
    std::vector<const edqa_jobs::RecordResult*> expected;
    for (const edqa_jobs::RecordResult& result : golden[j].records) expected.push_back(&result);
    ok = write_start(out, sim, job, expected, "job " + std::to_string(j) + ": " + job.label, counts);
  }
  const size_t singles = counts.starts;
  const std::vector<std::vector<size_t>> groups = edqa_jobs::layer_groups(jobs, layer_records);
  for (size_t g = 0; g < groups.size() && ok && layer_records > 1; ++g) {
    if (groups[g].size() < 2) continue;
    edqa_jobs::Job layer = jobs[groups[g].front()];
    layer.records.clear();
    std::vector<const edqa_jobs::RecordResult*> expected;
    std::string members;
    for (size_t j : groups[g]) {
      layer.records.insert(layer.records.end(), jobs[j].records.begin(), jobs[j].records.end());
      for (const edqa_jobs::RecordResult& result : golden[j].records) expected.push_back(&result);
      members += " " + std::to_string(j);
    }
    ok = write_start(out, sim, layer, expected, "layer of jobs" + members, counts);
  }
  std::fclose(out);
  edqa_sim_destroy(sim);
  if (!ok) return 1;
  std::printf(
      "cosim_vectors: %zu STARTs (%zu of one job, %zu layers), %zu records, %zu expected output words (%zu records "
      "refused on the host)\n",
      counts.starts, singles, counts.starts - singles, counts.records, counts.words, counts.skipped);
  return counts.starts > 0 ? 0 : 1;
}
