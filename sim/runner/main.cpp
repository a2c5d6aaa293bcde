// edqa-sim: the standalone runner. It reads a job stream, runs every job on the accelerator and writes the result
// stream (docs/spec.md §11): nothing else. Every file format of the host (.npy, .edqa, rank files) is the C#
// side's; a hardware engineer re-runs any case with a job file that `edqa ... --save-jobs` wrote.
//
//   edqa-sim run JOBS RESULTS [--cycles CYCLES.csv] [--vcd WAVES.vcd] [--job K [--record R]] [--timeout-cycles N]
//                             [--ddr-mbps B] [--ddr-efficiency P] [--clock-mhz F] [--dma-mhz F] [--units U]
//                             [--lanes L]
//
// Built twice from this one source: against the SystemC model (edqa-sim, which can write a waveform) and against
// the PYNQ-Z1 board (edqa-board-runner, -DEDQA_BOARD, cross-compiled by `make board-runner`).
//
// Exit codes, the same as edqa's (README, "Exit codes"): 0 every record succeeded; 2 usage; 3 a bad input file (a
// malformed job stream: nothing is written) or records the accelerator refused as bad input (results written,
// statuses inside); 4 an internal error; 5 the target failed (a timeout, no device; results written where possible).
// RESULTS and CYCLES are written by edqa's rules (sim/jobs/file_io.h): links followed, devices and FIFOs written
// through, regular files replaced only when everything was written (fsync'ed, keeping their permissions), never left
// half-written; every output is judged before any is written, and an output that is the job stream or another
// output (the same device and inode) is a usage error. Inputs must be regular files (exit 3 otherwise).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "edqa_sim.h"
#include "file_io.h"
#include "job_runner.h"
#if defined(EDQA_BOARD)
#include <memory>

#include "board_access.h"
#include "driver_error.h"
#include "fake_board.h"
#include "platform.h"
#else
#include <sysc/kernel/sc_externs.h>
#endif
#include "job_stream.h"

namespace {

// The exit codes of sw/Edqa.Core/ExitCodes.cs.
constexpr int kExitSuccess = 0;
constexpr int kExitMismatch = 1;
constexpr int kExitUsage = 2;
constexpr int kExitBadInput = 3;
constexpr int kExitInternal = 4;
constexpr int kExitTargetFailure = 5;

struct UsageError : std::runtime_error {
  explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

struct TargetError : std::runtime_error {
  explicit TargetError(const std::string& message) : std::runtime_error(message) {}
};

const char* kUsage =
    "usage: edqa-sim run JOBS RESULTS [--cycles CYCLES.csv] [--vcd WAVES.vcd] [--job K [--record R]] "
    "[--timeout-cycles N]\n"
    "                    [--ddr-mbps B] [--ddr-efficiency P] [--clock-mhz F] [--dma-mhz F] [--units U] [--lanes L]\n"
    "  Runs the jobs of a job stream (docs/spec.md §11) on the accelerator and writes their result stream. A job "
    "labelled\n"
    "  'expected refusal: ...' (the golden vectors' damaged records) is meant to be refused: its refusals are reported "
    "as\n"
    "  expected, and a record of it that runs is a difference (exit 1).\n"
    "  --cycles F          also write every record's cycle counters as CSV (named columns, status by name):\n"
    "                      cycles_total is the record's own; an eDQA layer's stage counters and host_us are the "
    "layer's,\n"
    "                      on its last sound record (scope 'layer'), empty on its other records (scope 'record')\n"
    "  --vcd F             write a waveform of the run (simulation only): to F when it ends in .vcd, else to F.vcd\n"
    "                      (SystemC's rule); a directory, or a device or FIFO not named *.vcd, is refused\n"
    "  --job K             run only job K of the stream (its result keeps the index K)\n"
    "  --record R          with --job K: run only record R of job K (the result holds that record alone)\n"
    "  --timeout-cycles N  cycle budget per START (default 50,000,000)\n"
    "  --ddr-mbps B        the DDR's peak bandwidth both DMA directions share, MB/s (default 2100, the PYNQ-Z1's; "
    "simulation only,\n"
    "                      as the three below; a DMA loopback measurement M MB/s: --ddr-mbps 2M --ddr-efficiency "
    "100)\n"
    "  --ddr-efficiency P  the share of the peak the DDR controller delivers, 1..100 % (default 75, UG585 §22.3.2)\n"
    "  --clock-mhz F       the fabric clock, 50..300 MHz (default 150): a cycle's share of the DDR and the DMA\n"
    "  --dma-mhz F         the AXI DMA's clock, 50..300 MHz (default min(F, 150), PG022's characterized limit)\n"
    "  --units U           parallel channel units of the eDQA accelerator: 1, 2 or 4 (default 1; simulation only)\n"
    "  --lanes L           words per stream beat: 1 (32-bit stream) or 2 (64-bit) (default 1; simulation only)\n"
    "       edqa-sim --version\n"
#if defined(EDQA_BOARD)
    "       edqa-board-runner self-test JOBS EXPECTED_RESULTS   the runner and driver against a protocol-checking "
    "fake\n"
    "       edqa-board-runner show-map                          the board map in use (EDQA_BOARD_MAP, EDQA_BOARD_*)\n"
#endif
    ;

uint64_t parse_number(const std::string& option, const std::string& text) {
  if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos) {
    throw UsageError(option + ": '" + text + "' is not a non-negative integer");
  }
  return std::stoull(text);
}

std::vector<uint8_t> read_file(const std::string& path, edqa_io::FileId* id = nullptr) {
  return edqa_io::read_input(path, edqa_io::kMaxInputBytes, id);
}

std::string cycles_csv(const std::vector<edqa_jobs::JobResult>& results) {
  std::ostringstream csv;
  // A column per counter of either accelerator (its register's port), eDQA's first; empty where a job has none.
  // cycles_total is every record's own. An eDQA job is a layer whose stage counters and host time the accelerator
  // counts for the layer as a whole (job_runner.cpp): they sit on its last sound record, scope "layer", and are
  // empty on the others (scope "record"); a NoisyQuant record is one START, every counter its own. A refused record
  // has no counters.
  const std::vector<std::string> edqa = edqa_jobs::counter_names(edqa_jobs::Accelerator::kEdqa);
  const std::vector<std::string> noisyquant = edqa_jobs::counter_names(edqa_jobs::Accelerator::kNoisyQuant);
  std::vector<std::string> columns = edqa;
  for (const std::string& name : noisyquant) {
    if (std::find(columns.begin(), columns.end(), name) == columns.end()) columns.push_back(name);
  }
  csv << "job,record,accelerator,op,status,scope";
  for (const std::string& column : columns) csv << ',' << column;
  csv << ",host_us\n";
  for (const auto& job : results) {
    const bool edqa_job = job.accelerator == edqa_jobs::Accelerator::kEdqa;
    const std::vector<std::string>& names = edqa_job ? edqa : noisyquant;
    size_t last_sound = job.records.size();
    for (size_t r = 0; r < job.records.size(); ++r)
      if (job.records[r].status == EDQA_OK) last_sound = r;
    for (size_t r = 0; r < job.records.size(); ++r) {
      const auto& record = job.records[r];
      const bool whole = !edqa_job || r == last_sound;  // this row carries the stage counters and host time
      csv << job.job_index << ',' << r << ',' << (edqa_job ? "edqa" : "noisyquant") << ','
          << (job.op == 0 ? "quantize" : "dequantize") << ',' << edqa_jobs::status_name(record.status) << ','
          << (edqa_job && whole ? "layer" : "record");
      for (const std::string& column : columns) {
        const size_t c = static_cast<size_t>(std::find(names.begin(), names.end(), column) - names.begin());
        csv << ',';
        if (record.status == EDQA_OK && c < record.counters.size() && (c == 0 || whole)) csv << record.counters[c];
      }
      if (whole) {
        char host[32];
        std::snprintf(host, sizeof host, ",%.3f", static_cast<double>(record.host_ns) / 1000.0);
        csv << host;
      } else {
        csv << ',';
      }
      csv << '\n';
    }
  }
  return csv.str();
}

class Simulator {
 public:
  // `trace`: the EDQA_TRACE_* bits of the accelerators the waveform shows.
  // `memory`: ddr_megabytes_per_second, ddr_efficiency_percent, clock_mhz and dma_mhz as edqa_sim_options has them
  // (0 for each default).
  Simulator(const std::string& vcd_path, uint32_t trace, uint64_t timeout_cycles, const edqa_sim_options& memory,
            uint32_t units, uint32_t lanes) {
    edqa_sim_options options = memory;
    options.struct_size = sizeof(edqa_sim_options);
    options.trace = trace;
    options.vcd_path = vcd_path.empty() ? nullptr : vcd_path.c_str();
    options.timeout_cycles = timeout_cycles;
    options.units = units;
    options.lanes = lanes;
    options.reserved = 0;
    const edqa_status status = edqa_sim_create(&options, &handle_);
    if (status == EDQA_ERROR_INVALID_ARGUMENT) throw UsageError(edqa_sim_last_error());
    if (status == EDQA_ERROR_STATE) throw TargetError(edqa_sim_last_error());  // no device, or a waveform on the board
    if (status != EDQA_OK) throw std::runtime_error(edqa_sim_last_error());
  }
  ~Simulator() { edqa_sim_destroy(handle_); }
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;
  edqa_sim* handle() const { return handle_; }

 private:
  edqa_sim* handle_ = nullptr;
};

int run(int argc, char** argv) {
  if (argc < 4) throw UsageError("run needs a job stream and a result stream path");
  const std::string jobs_path = argv[2];
  const std::string results_path = argv[3];
  std::string cycles_path;
  std::string vcd_path;
  int64_t only_job = -1;
  int64_t only_record = -1;
  uint64_t timeout_cycles = 0;
  edqa_sim_options memory{};
  uint32_t units = 0, lanes = 0;
  for (int i = 4; i < argc; i += 2) {
    const std::string option = argv[i];
    if (i + 1 >= argc) throw UsageError("option " + option + " needs a value");
    const std::string value = argv[i + 1];
    if (option == "--cycles") {
      cycles_path = value;
    } else if (option == "--vcd") {
      vcd_path = value;
    } else if (option == "--job") {
      only_job = static_cast<int64_t>(parse_number(option, value));
    } else if (option == "--record") {
      only_record = static_cast<int64_t>(parse_number(option, value));
    } else if (option == "--timeout-cycles") {
      timeout_cycles = parse_number(option, value);
      if (timeout_cycles == 0) throw UsageError("--timeout-cycles must be at least 1");
    } else if (option == "--ddr-mbps") {
      const uint64_t mbps = parse_number(option, value);
      if (mbps < 100 || mbps > 100000) throw UsageError("--ddr-mbps must be in 100..100000 MB/s");
      memory.ddr_megabytes_per_second = static_cast<uint32_t>(mbps);
    } else if (option == "--ddr-efficiency") {
      const uint64_t percent = parse_number(option, value);
      if (percent < 1 || percent > 100) throw UsageError("--ddr-efficiency must be a percentage in 1..100");
      memory.ddr_efficiency_percent = static_cast<uint32_t>(percent);
    } else if (option == "--clock-mhz" || option == "--dma-mhz") {
      const uint64_t mhz = parse_number(option, value);
      if (mhz < 50 || mhz > 300) throw UsageError(option + " must be in 50..300 MHz");
      (option == "--clock-mhz" ? memory.clock_mhz : memory.dma_mhz) = static_cast<uint32_t>(mhz);
    } else if (option == "--units") {
      units = static_cast<uint32_t>(parse_number(option, value));
      if (units != 1 && units != 2 && units != 4) throw UsageError("--units must be 1, 2 or 4");
    } else if (option == "--lanes") {
      lanes = static_cast<uint32_t>(parse_number(option, value));
      if (lanes != 1 && lanes != 2) throw UsageError("--lanes must be 1 or 2");
    } else {
      throw UsageError("unknown option '" + option + "'");
    }
  }
  // Every output judged before anything runs or is written; files compared by device and inode, not by name.
  edqa_io::FileId jobs_id;
  const std::vector<uint8_t> jobs_bytes = read_file(jobs_path, &jobs_id);
  std::vector<edqa_io::OutputTarget> targets = {edqa_io::resolve_output(results_path)};
  if (!cycles_path.empty()) targets.push_back(edqa_io::resolve_output(cycles_path));
  // A waveform that cannot be written is bad output (exit 3) on either runner, before the board says it has none.
  if (!vcd_path.empty()) targets.push_back(edqa_io::resolve_waveform(vcd_path));
#if defined(EDQA_BOARD)
  if (!vcd_path.empty()) throw UsageError("--vcd: the board has no waveform; re-run the job stream with edqa-sim");
#endif
  try {
    edqa_io::check_distinct(targets, {{"job stream " + jobs_path, jobs_id}});
  } catch (const edqa_io::ClashError& e) {
    throw UsageError(e.what());
  }

  std::vector<edqa_jobs::Job> jobs = edqa_jobs::read_jobs(jobs_bytes, jobs_path);
  if (only_job >= static_cast<int64_t>(jobs.size())) {
    throw UsageError("--job " + std::to_string(only_job) + ": the stream has " + std::to_string(jobs.size()) + " jobs");
  }
  if (only_record >= 0) {
    if (only_job < 0) throw UsageError("--record needs --job: a record is counted within its job");
    std::vector<edqa_jobs::JobRecord>& records = jobs[static_cast<size_t>(only_job)].records;
    if (only_record >= static_cast<int64_t>(records.size())) {
      throw UsageError("--record " + std::to_string(only_record) + ": job " + std::to_string(only_job) + " has " +
                       std::to_string(records.size()) + " records");
    }
    records = {records[static_cast<size_t>(only_record)]};
  }

  // A waveform shows only the accelerators the selected jobs use.
  uint32_t trace = 0;
  for (size_t j = 0; j < jobs.size(); ++j) {
    if (only_job >= 0 && static_cast<int64_t>(j) != only_job) continue;
    trace |= jobs[j].accelerator == edqa_jobs::Accelerator::kEdqa ? EDQA_TRACE_EDQA : EDQA_TRACE_NOISYQUANT;
  }
  Simulator simulator(vcd_path, trace, timeout_cycles, memory, units, lanes);
  std::vector<edqa_jobs::JobResult> results;
  int code = kExitSuccess;
  size_t records = 0, expected_refusals = 0;
  uint64_t total_cycles = 0;
  for (size_t j = 0; j < jobs.size(); ++j) {
    if (only_job >= 0 && static_cast<int64_t>(j) != only_job) continue;
    results.push_back(edqa_jobs::run_job(simulator.handle(), jobs[j], static_cast<uint32_t>(j)));
    for (size_t r = 0; r < results.back().records.size(); ++r) {
      const edqa_jobs::RecordResult& record = results.back().records[r];
      ++records;
      if (!record.counters.empty()) total_cycles += record.counters[0];
      const size_t shown = only_record >= 0 ? static_cast<size_t>(only_record) : r;  // the record's own index
      const bool refusal = record.status == EDQA_ERROR_INVALID_ARGUMENT || record.status == EDQA_ERROR_INVALID_RECORD ||
                           record.status == EDQA_ERROR_BUFFER_TOO_SMALL;
      if (edqa_jobs::expects_refusal(jobs[j].label)) {
        if (refusal) {
          ++expected_refusals;
          continue;
        }
        std::fprintf(stderr, "edqa-sim: job %zu (%s), record %zu: expected a refusal, got %s\n", j,
                     edqa_io::printable(jobs[j].label).c_str(), shown, edqa_jobs::status_name(record.status));
        if (code == kExitSuccess) code = kExitMismatch;
        if (record.status == EDQA_OK) continue;
      }
      if (record.status == EDQA_OK) continue;
      std::fprintf(stderr, "edqa-sim: job %zu (%s), record %zu: %s\n", j, edqa_io::printable(jobs[j].label).c_str(),
                   shown, edqa_io::printable(record.message).c_str());
      const int record_code = record.status == EDQA_ERROR_TIMEOUT ? kExitTargetFailure
                              : refusal                           ? kExitBadInput
                                                                  : kExitInternal;
      if (code == kExitSuccess || code == kExitMismatch || record_code > code) code = record_code;
    }
  }

  const std::vector<uint8_t> bytes = edqa_jobs::write_results(results);
  std::vector<edqa_io::Output> outputs = {{results_path, std::string(bytes.begin(), bytes.end())}};
  if (!cycles_path.empty()) outputs.push_back({cycles_path, cycles_csv(results)});
  edqa_io::write_outputs(outputs);
  std::printf("ran %zu jobs, %zu records, %llu accelerator cycles (%.1f us at %u MHz); wrote %s\n", results.size(),
              records, static_cast<unsigned long long>(total_cycles),
              static_cast<double>(total_cycles) / edqa_sim_clock_mhz(), edqa_sim_clock_mhz(),
              edqa_io::printable(results_path).c_str());
  if (expected_refusals > 0) {
    std::printf("%zu records of jobs labelled 'expected refusal' were refused, as expected\n", expected_refusals);
  }
  return code;
}

#if defined(EDQA_BOARD)
// The runner's own check, runnable anywhere (under qemu-arm for the ARM build): the job and result streams parse
// and re-serialize byte for byte on this machine (endianness, CRCs), and every job runs through the real driver
// against a FakeBoard that answers with the expected results and checks the protocol, including a record that
// never finishes (the driver must pulse the IP reset and await the DMA's reset), an S2MM overflow (the DMA reset and
// its errors cleared), a DMA reset that never completes (a bounded wait, a clear error) and a bitstream without
// NoisyQuant (never touched); after each the next record must be exact.
int self_test(int argc, char** argv) {
  if (argc != 4) throw UsageError("self-test needs a job stream and its expected result stream");
  const std::vector<uint8_t> jobs_bytes = read_file(argv[2]);
  const std::vector<uint8_t> expected_bytes = read_file(argv[3]);
  const std::vector<edqa_jobs::Job> jobs = edqa_jobs::read_jobs(jobs_bytes, argv[2]);
  const std::vector<edqa_jobs::JobResult> expected = edqa_jobs::read_results(expected_bytes, argv[3]);
  std::vector<std::string> failures;
  if (expected.size() != jobs.size())
    failures.push_back(std::to_string(expected.size()) + " results for " + std::to_string(jobs.size()) + " jobs");
  if (edqa_jobs::write_results(expected) != expected_bytes)
    failures.push_back("the result stream does not re-serialize byte for byte on this machine");

  auto owned = std::make_unique<edqa_harness::FakeBoard>(jobs, expected);
  edqa_harness::FakeBoard& board = *owned;
  edqa_harness::install_platform(std::move(owned));
  size_t records = 0;
  {
    Simulator simulator("", 0, 100000, edqa_sim_options{}, 0, 0);
    for (size_t j = 0; j < jobs.size() && j < expected.size(); ++j) {
      const std::string difference = edqa_jobs::first_difference(
          expected[j], edqa_jobs::run_job(simulator.handle(), jobs[j], static_cast<uint32_t>(j)));
      if (!difference.empty())
        failures.push_back("job " + std::to_string(j) + " (" + edqa_io::printable(jobs[j].label) + "): " + difference);
      records += jobs[j].records.size();
    }
  }
  // The driver's recovery, each on an eDQA record that has an output: after each the same record must be exact.
  // Only jobs that have an expected result (a short EXPECTED_RESULTS is a failure above, never a read past it).
  const size_t answered = std::min(jobs.size(), expected.size());
  size_t probe = 0;
  while (probe < answered &&
         (jobs[probe].accelerator != edqa_jobs::Accelerator::kEdqa || jobs[probe].records.empty() ||
          expected[probe].records[0].status != EDQA_OK || expected[probe].records[0].output.empty())) {
    ++probe;
  }
  if (probe == answered) {
    failures.push_back("no eDQA job with a sound first record to probe the driver's recovery with");
  } else {
    edqa_jobs::Job one = jobs[probe];
    one.records.resize(1);
    edqa_jobs::JobResult want = expected[probe];
    want.records.resize(1);
    const auto exact = [&](edqa_sim* handle, const std::string& after) {
      const std::string difference = edqa_jobs::first_difference(want, edqa_jobs::run_job(handle, one, 0));
      if (!difference.empty()) failures.push_back("the record after " + after + ": " + difference);
    };
    // One record's failure, checked for its status and for a phrase of its message.
    const auto expect_failure = [&](edqa_sim* handle, edqa_status status, const char* phrase, const std::string& what) {
      const edqa_jobs::JobResult got = edqa_jobs::run_job(handle, one, 0);
      const edqa_jobs::RecordResult& record = got.records[0];
      if (record.status != status || record.message.find(phrase) == std::string::npos) {
        failures.push_back(what + " gave status " + std::to_string(record.status) + " (" + record.message + "), not " +
                           std::to_string(status) + " naming '" + phrase + "'");
      }
    };
    {
      Simulator simulator("", 0, 100000, edqa_sim_options{}, 0, 0);
      // A record that never raises DONE: a timeout, the IP reset pulsed once, the DMA's reset awaited.
      uint32_t ip_resets = board.ip_resets(), dma_resets = board.dma_resets();
      board.hang_next(edqa_harness::Dma::kEdqa);
      expect_failure(simulator.handle(), EDQA_ERROR_TIMEOUT, "reset", "a record that never finished");
      if (board.ip_resets() != ip_resets + 1)
        failures.push_back("the driver did not pulse the accelerator's IP reset once after a timeout");
      if (board.dma_resets() != dma_resets + 1)
        failures.push_back("the driver did not await the DMA's reset after a timeout");
      exact(simulator.handle(), "a timeout");
      // An S2MM overflow: reported, the DMA reset and its errors cleared (the fake refuses to be armed otherwise).
      dma_resets = board.dma_resets();
      board.overflow_next(edqa_harness::Dma::kEdqa);
      expect_failure(simulator.handle(), EDQA_ERROR_BUFFER_TOO_SMALL, "overflow", "an S2MM overflow");
      if (board.dma_resets() != dma_resets + 1)
        failures.push_back("the driver did not reset the DMA after an S2MM overflow");
      exact(simulator.handle(), "an S2MM overflow");
      // A DMA whose reset never completes: a bounded wait and an error that names DMACR.Reset.
      board.stick_next_reset(edqa_harness::Dma::kEdqa);
      board.overflow_next(edqa_harness::Dma::kEdqa);
      expect_failure(simulator.handle(), EDQA_ERROR_TIMEOUT, "DMACR.Reset", "a DMA reset that never completed");
    }
    {
      // A new handle resets every accelerator again, this time to completion.
      Simulator simulator("", 0, 100000, edqa_sim_options{}, 0, 0);
      exact(simulator.handle(), "a stuck DMA reset and a new handle");
    }
    // A bitstream without NoisyQuant (a 4 x 2 design): opening a handle and running eDQA never touch it (the fake
    // records any access as an external abort), and a NoisyQuant job is refused before anything is sent.
    board.remove(edqa_harness::Dma::kNoisyQuant);
    {
      Simulator simulator("", 0, 100000, edqa_sim_options{}, 0, 0);
      exact(simulator.handle(), "opening a handle on a bitstream without NoisyQuant");
      size_t noisy = 0;
      while (noisy < jobs.size() &&
             (jobs[noisy].accelerator != edqa_jobs::Accelerator::kNoisyQuant || jobs[noisy].records.empty()))
        ++noisy;
      if (noisy == jobs.size()) {
        failures.push_back("no NoisyQuant job to run on a bitstream without NoisyQuant");
      } else {
        edqa_jobs::Job absent = jobs[noisy];
        absent.records.resize(1);
        const edqa_jobs::RecordResult got = edqa_jobs::run_job(simulator.handle(), absent, 0).records[0];
        if (got.status != EDQA_ERROR_STATE || got.message.find("no NoisyQuant") == std::string::npos)
          failures.push_back("a NoisyQuant job on a bitstream without it gave status " + std::to_string(got.status) +
                             " (" + got.message + "), not a refusal naming the missing accelerator");
      }
    }
  }
  for (const std::string& v : board.violations()) failures.push_back("protocol: " + v);

  // The buffer check against an /proc/iomem listing: a reserved region passes, one the kernel also uses does not.
  const std::string iomem =
      "00000000-1fefffff : System RAM\n  00008000-00afffff : Kernel code\n1ff00000-1fffffff : reserved\n"
      "40400000-4040ffff : /amba_pl/dma@40400000\n";
  try {
    edqa_harness::check_reserved(iomem, 0x1FF00000u, 0x00100000u);
  } catch (const std::exception& e) {
    failures.push_back(std::string("a reserved buffer region was refused: ") + e.what());
  }
  try {
    edqa_harness::check_reserved(iomem, 0x1F000000u, 0x00400000u);
    failures.push_back("a buffer region inside System RAM was accepted");
  } catch (const std::exception&) {
  }
  if (board.barriers() == 0) failures.push_back("protocol: the driver never called barrier()");
  for (const std::string& f : failures) std::printf("FAIL %s\n", f.c_str());
  std::printf(
      "self-test (%s, %s): %zu jobs, %zu records, %u started on the fake board, %u barriers, %u IP reset(s), %u DMA "
      "reset(s): %s\n",
      edqa_sim_version(), sizeof(void*) == 4 ? "32-bit" : "64-bit", jobs.size(), records, board.records_started(),
      board.barriers(), board.ip_resets(), board.dma_resets(), failures.empty() ? "passed" : "FAILED");
  return failures.empty() ? kExitSuccess : 1;
}

// The board map this process would use (defaults, EDQA_BOARD_MAP, environment), as NAME=VALUE lines.
// A map that cannot be read or has a bad entry is bad input (exit 3); the message names the file and line, or the
// variable.
int show_map() {
  edqa_harness::BoardMap map;
  try {
    map = edqa_harness::BoardMap::from_environment();
  } catch (const edqa_harness::DriverError& e) {
    std::fprintf(stderr, "edqa-sim: the board map: %s\n", e.what());
    return kExitBadInput;
  }
  std::fputs(map.describe().c_str(), stdout);
  return kExitSuccess;
}
#endif

int main_guarded(int argc, char** argv) {
  try {
    const std::string command = argc < 2 ? "" : argv[1];
    if (command == "--help" || command == "-h") {
      std::fputs(kUsage, stdout);
      return kExitSuccess;
    }
    if (command == "--version") {
      std::printf("%s, ABI %u, records up to %u elements, %u MHz\n", edqa_sim_version(), edqa_sim_abi_version(),
                  edqa_sim_max_length(), edqa_sim_clock_mhz());
      return kExitSuccess;
    }
#if defined(EDQA_BOARD)
    if (command == "self-test") return self_test(argc, argv);
    if (command == "show-map") return show_map();
#endif
    if (command != "run") throw UsageError(command.empty() ? "no command" : "unknown command '" + command + "'");
    return run(argc, argv);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "edqa-sim: %s\nRun 'edqa-sim --help' for usage.\n", e.what());
    return kExitUsage;
  } catch (const edqa_io::FileError& e) {
    std::fprintf(stderr, "edqa-sim: %s\n", e.what());
    return kExitBadInput;
  } catch (const edqa_io::ClashError& e) {
    std::fprintf(stderr, "edqa-sim: %s\nRun 'edqa-sim --help' for usage.\n", e.what());
    return kExitUsage;
  } catch (const edqa_jobs::StreamError& e) {
    std::fprintf(stderr, "edqa-sim: %s\n", e.what());
    return kExitBadInput;
  } catch (const TargetError& e) {
    std::fprintf(stderr, "edqa-sim: %s\n", e.what());
    return kExitTargetFailure;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "edqa-sim: internal error: %s\n", e.what());
    return kExitInternal;
  }
}

}  // namespace

#if defined(EDQA_BOARD)
int main(int argc, char** argv) { return main_guarded(argc, argv); }
#else
// libsystemc's main() would print SystemC's banner before sc_main runs unless SYSTEMC_DISABLE_COPYRIGHT_MESSAGE is
// set: this main (the executable's, taking precedence over the library's) sets it, then elaborates as that one does.
extern "C" int sc_main(int argc, char** argv) { return main_guarded(argc, argv); }

int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
#endif
