// Writes the generated fixtures of the runner tests (sim/tests/runner_test.sh, board_runner_test.sh):
//   make_streams amplify OUT N       an eDQA job of N records (N = m = 8, L = 4096, no input words) and a NoisyQuant
//                                    job of N records (b = 8, S = 56, no input words): 32 bytes a record that
//                                    once made the runner allocate kilobytes a record
//   make_streams label OUT           one job whose label holds terminal escapes, with a record the accelerator refuses
//   make_streams bad-utf8 OUT        one sound job whose label is not UTF-8 (an overlong NUL)
//   make_streams first-result IN OUT the result stream IN cut to its first job
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "job_stream.h"
#include "stream_builder.h"

namespace {

void write(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

edqa_test::BuiltJob sound_job(const std::string& label) {
  edqa_test::BuiltJob job;
  job.label = label;
  edqa_test::BuiltRecord record;
  record.values = edqa_test::edqa_values(3, 3, 1, 8, 2.0f, 0.5f, 0);
  for (float v : {2.0f, 0.7f, -0.3f, 0.09375f, 0.0f, 1.0f, -2.0f, 0.5f})
    record.input.push_back(edqa_test::float_bits(v));
  job.records.push_back(record);
  return job;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string command = argc > 1 ? argv[1] : "";
    if (command == "amplify" && argc == 4) {
      const size_t n = std::stoul(argv[3]);
      edqa_test::BuiltJob edqa;
      edqa.label = "amplify-edqa";
      edqa.records.assign(n, edqa_test::BuiltRecord{edqa_test::edqa_values(8, 8, 1, 4096, 1.0f, 1.0f, 0), {}});
      edqa_test::BuiltJob noisy;
      noisy.accelerator = 1;
      noisy.label = "amplify-noisyquant";
      noisy.records.assign(n, edqa_test::BuiltRecord{{8, 56}, {}});
      write(argv[2], edqa_test::job_stream({edqa, noisy}));
    } else if (command == "label" && argc == 3) {
      edqa_test::BuiltJob job = sound_job(
          "evil\x1b]0;pwned\x07\x1b[2J\r\nedqa-sim: forged \xc2\x9b"
          "31m");
      job.records[0].input.pop_back();  // 7 input words for L = 8: refused
      write(argv[2], edqa_test::job_stream({job}));
    } else if (command == "bad-utf8" && argc == 3) {
      write(argv[2], edqa_test::job_stream({sound_job(std::string("bad\xc0\x80", 5))}));
    } else if (command == "first-result" && argc == 4) {
      std::ifstream in(argv[2], std::ios::binary);
      const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::vector<edqa_jobs::JobResult> results = edqa_jobs::read_results(bytes, argv[2]);
      results.resize(1);
      write(argv[3], edqa_jobs::write_results(results));
    } else {
      std::fprintf(stderr, "usage: make_streams amplify OUT N | label OUT | bad-utf8 OUT | first-result IN OUT\n");
      return 2;
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_streams: %s\n", e.what());
    return 1;
  }
}
