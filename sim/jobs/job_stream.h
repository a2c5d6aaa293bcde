// The job and result streams of docs/spec.md §11: the only files the native runners read and write. The host
// (C#, sw/Edqa.Core/Jobs) writes job streams and reads result streams; this is the native side: it reads job
// streams and writes result streams (and reads result streams back for the self-checking testbench).
//
//   job stream:     "EDQJ" | version u16 = 4 (3 read: no CODE_CODING; 2: no GRID either) | reserved u16 = 0
//                   | jobs u32 | CRC-32C
//     per job:      accelerator | op | label | static code: m (0 none), K words
//                   | codes' static code (version 4): N (0 none), K' words | records R
//                   | R x (descriptor values..., input words W) | inputs | CRC-32C
//   result stream:  "EDQR" | version u16 = 3 | reserved u16 = 0 | jobs u32 | CRC-32C
//     per job:      job index | accelerator | op | records R | counters C
//                   | R x (status | C counters | host ns low, high | output words W | message) | outputs | CRC-32C
//   (version 2 results, still read, have no C and five counters a record)
//
// Every field is a little-endian 32-bit word; a text is a byte count and UTF-8 bytes zero-padded to whole words.
// A reader checks every field before it allocates anything a field sized, and reports the first problem as a
// StreamError naming the job, record and field.
#ifndef EDQA_JOBS_JOB_STREAM_H
#define EDQA_JOBS_JOB_STREAM_H

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace edqa_jobs {

enum class Accelerator : uint32_t { kEdqa = 0, kNoisyQuant = 1 };

// Values per record (docs/spec.md §11.2): an eDQA record's descriptor (BITS, EXTRA_BITS, IMPORTANT, LENGTH, INV,
// DELTA, CODING, GRID, CODE_CODING: edqa_record_descriptor) or a NoisyQuant record's registers (BITS, SIDE). A
// version 3 job stream has no CODE_CODING, a version 2 one no GRID either; the reader appends 0 (packed, signed), so
// a record in memory always has kEdqaDescriptorValues.
constexpr uint32_t kEdqaDescriptorValues = 9;
constexpr uint32_t kEdqaVersion3DescriptorValues = 8;
constexpr uint32_t kEdqaVersion2DescriptorValues = 7;
constexpr uint32_t kNoisyQuantRegisterValues = 2;
inline uint32_t value_count(Accelerator accelerator) {
  return accelerator == Accelerator::kEdqa ? kEdqaDescriptorValues : kNoisyQuantRegisterValues;
}

constexpr uint32_t kMaxLabelBytes = 255;

// How a job's label starts when its records are meant to be refused (the golden vectors' damaged records): the
// runner reports their refusals as expected, not as errors (sw/Edqa.Core/Jobs/AcceleratorJob.cs has the same text).
constexpr char kExpectedRefusal[] = "expected refusal: ";
inline bool expects_refusal(const std::string& label) { return label.rfind(kExpectedRefusal, 0) == 0; }

// A record status by name (edqa_status: 0 ok, 1 null-pointer, ... 7 internal), as `edqa jobs inspect` names it.
inline const char* status_name(uint32_t status) {
  static const char* const kNames[] = {
      "ok", "null-pointer", "invalid-argument", "buffer-too-small", "invalid-record", "timeout", "state", "internal"};
  return status < sizeof(kNames) / sizeof(kNames[0]) ? kNames[status] : "unknown";
}
constexpr uint32_t kMaxMessageBytes = 1023;
constexpr uint32_t kMaxRecordsPerJob = 1u << 24;

struct StreamError : std::runtime_error {
  explicit StreamError(const std::string& message) : std::runtime_error(message) {}
};

struct JobRecord {
  std::vector<uint32_t> values;  // value_count() of them
  std::vector<uint32_t> input;
};

struct Job {
  Accelerator accelerator = Accelerator::kEdqa;
  uint32_t op = 0;  // edqa_hw::Operation
  std::string label;
  uint32_t static_code_bits = 0;           // m of the layer's static code (docs/spec.md §3.7), 0 for none
  std::vector<uint32_t> static_code;       // its ceil(2^m * 4 / 32) words
  uint32_t code_static_code_bits = 0;      // N of the layer's codes' static code (docs/spec.md §3.8), 0 for none
  std::vector<uint32_t> code_static_code;  // its ceil((2^N + 15) * 4 / 32) words
  std::vector<JobRecord> records;
};

// Counters a record result may carry: the accelerator's counters bundle (edqa_sim.h's EDQA_MAX_COUNTERS).
constexpr uint32_t kMaxCounters = 8;

struct RecordResult {
  uint32_t status = 0;             // edqa_status
  std::vector<uint32_t> counters;  // the job's counters: its accelerator's counter rows, counters[0] the total
  uint64_t host_ns = 0;            // wall-clock time of the record on the machine that ran it
  std::vector<uint32_t> output;
  std::string message;  // empty when status is EDQA_OK
};

struct JobResult {
  uint32_t job_index = 0;
  Accelerator accelerator = Accelerator::kEdqa;
  uint32_t op = 0;
  uint32_t counters = 0;  // C: counters per record (0 for a runner without a clock)
  std::vector<RecordResult> records;
};

// `what` names the stream in messages (its file name).
std::vector<Job> read_jobs(const std::vector<uint8_t>& bytes, const std::string& what);
std::vector<uint8_t> write_results(const std::vector<JobResult>& results);
std::vector<JobResult> read_results(const std::vector<uint8_t>& bytes, const std::string& what);

// The first difference of status or output words between two results of one job ("" when they agree); cycle
// counters, host times and messages are not compared (a golden model has no clock and words its messages its way).
std::string first_difference(const JobResult& expected, const JobResult& actual);

}  // namespace edqa_jobs

#endif  // EDQA_JOBS_JOB_STREAM_H
