#include "job_runner.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>

namespace edqa_jobs {

namespace {

float as_float(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// Whether a record's input can be its channel, as the library's host-side checks judge it (a necessary condition):
// L float32 values to quantize; at least the L codes of N bits to de-quantize (packed codes).
bool input_can_be_channel(uint32_t op, const edqa_layer_record& record) {
  const edqa_record_descriptor& d = record.descriptor;
  if (op == 0) return record.input_words == d.length;
  if (d.bits > 32) return false;
  if (d.code_coding != 0) return record.input_words > 0;  // coded codes: at least the word of their mode bit
  return static_cast<uint64_t>(record.input_words) * 32 >= static_cast<uint64_t>(d.length) * d.bits;
}

// An eDQA job is one layer: every record in one edqa_sim_run_layer call, which the accelerator walks itself (many
// records per START). Per record: its status, output and the cycles its trailer gives; the stages' busy cycles
// and the host time belong to the whole layer and are reported on its last sound record, so sums over a job are
// right. Output buffers are sized by the library, which judges every configuration first.
void run_edqa_layer(edqa_sim* simulator, const Job& job, JobResult& result) {
  std::vector<edqa_layer_record> records(job.records.size());
  std::vector<uint32_t> inputs;
  for (size_t i = 0; i < job.records.size(); ++i) {
    edqa_layer_record& record = records[i];
    record = edqa_layer_record{};
    record.descriptor = record_descriptor(job.records[i]);
    record.input_offset = static_cast<uint32_t>(inputs.size());
    record.input_words = static_cast<uint32_t>(job.records[i].input.size());
    inputs.insert(inputs.end(), job.records[i].input.begin(), job.records[i].input.end());
  }
  // A record whose configuration the library refuses needs no output space, and neither does one whose input cannot
  // be its channel (the library refuses it before anything runs): the output space is bounded by the input the
  // stream carries (a quantize record's capacity by its L input words, a de-quantize record's L by its codes), never
  // by registers alone (200,000 records of L = 4096 and no input would ask for gigabytes).
  uint64_t capacity = 0;
  for (const edqa_layer_record& record : records) {
    if (!input_can_be_channel(job.op, record)) continue;
    uint32_t words = 0;
    if (edqa_sim_layer_capacity(job.op, &record, 1, &words) == EDQA_OK) capacity += words;
  }
  std::vector<uint32_t> outputs(static_cast<size_t>(capacity));
  edqa_cycle_counts cycles{};
  const auto started = std::chrono::steady_clock::now();
  const edqa_status status =
      edqa_sim_run_layer(simulator, job.op, records.data(), static_cast<uint32_t>(records.size()), inputs.data(),
                         static_cast<uint32_t>(inputs.size()), job.static_code_bits, job.static_code.data(),
                         static_cast<uint32_t>(job.static_code.size()), job.code_static_code_bits,
                         job.code_static_code.data(), static_cast<uint32_t>(job.code_static_code.size()),
                         outputs.data(), static_cast<uint32_t>(outputs.size()), &cycles);
  const uint64_t host_ns = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started).count());
  if (status != EDQA_OK) {
    // The call itself failed (a timeout, a state error): every record says so.
    const std::string message = edqa_sim_last_error();
    for (RecordResult& record : result.records) {
      record.status = static_cast<uint32_t>(status);
      record.message = message;
    }
    return;
  }
  int last_sound = -1;
  for (size_t i = 0; i < records.size(); ++i) {
    RecordResult& record = result.records[i];
    record.status = records[i].status;
    if (record.status != EDQA_OK) {
      record.message = edqa_sim_record_message(static_cast<uint32_t>(i));
      continue;
    }
    record.output.assign(outputs.begin() + records[i].output_offset,
                         outputs.begin() + records[i].output_offset + records[i].output_words);
    if (!record.counters.empty()) record.counters[0] = records[i].cycles;  // none if the table could not be read
    last_sound = static_cast<int>(i);
  }
  if (last_sound >= 0) {
    // The hardware counters are 32-bit registers (summed over the layer's STARTs); the total stays the record's.
    RecordResult& record = result.records[static_cast<size_t>(last_sound)];
    for (uint32_t c = 1; c < result.counters && c < cycles.count; ++c)
      record.counters[c] = static_cast<uint32_t>(cycles.value[c]);
    record.host_ns = host_ns;
  }
}

// One NoisyQuant record. `scratch` is the job's one output buffer: a record keeps only the words it produced, so a
// stream of records without input asks for no memory beyond what it carries. A record without input words passes
// a pointer to nothing (not NULL), so the library judges its size as the golden model does (invalid argument to
// quantize, an invalid record to de-quantize), never "values is NULL".
edqa_status run_noisyquant(edqa_sim* simulator, uint32_t op, const JobRecord& record, RecordResult& result,
                           edqa_cycle_counts& cycles, std::vector<uint32_t>& scratch) {
  static const uint32_t kNoInput = 0;
  const edqa_noisyquant_config config{record.values[0], record.values[1]};
  uint32_t words = 0;
  const edqa_status status = edqa_sim_noisyquant_record_words(&config, &words);
  if (status != EDQA_OK) return status;
  const uint32_t input_words = static_cast<uint32_t>(record.input.size());
  const uint32_t* input = record.input.empty() ? &kNoInput : record.input.data();
  const uint32_t length = config.side * config.side;
  if (scratch.size() < std::max(words, length)) scratch.resize(std::max(words, length));
  if (op == 0) {
    uint32_t written = 0;
    const edqa_status quantized =
        edqa_sim_noisyquant_quantize(simulator, &config, reinterpret_cast<const float*>(input), input_words,
                                     scratch.data(), words, &written, &cycles);
    if (quantized == EDQA_OK) result.output.assign(scratch.begin(), scratch.begin() + written);
    return quantized;
  }
  const edqa_status dequantized = edqa_sim_noisyquant_dequantize(
      simulator, &config, input, input_words, reinterpret_cast<float*>(scratch.data()), length, &cycles);
  if (dequantized == EDQA_OK) result.output.assign(scratch.begin(), scratch.begin() + length);
  return dequantized;
}

}  // namespace

std::vector<std::string> counter_names(Accelerator accelerator) {
  std::vector<std::string> names;
  uint32_t rows = 0;
  if (edqa_sim_register_count(static_cast<uint32_t>(accelerator), &rows) != EDQA_OK) return names;
  for (uint32_t i = 0; i < rows; ++i) {
    edqa_register_info info{};
    if (edqa_sim_register(static_cast<uint32_t>(accelerator), i, &info) == EDQA_OK && info.counters != 0)
      names.emplace_back(info.port);
  }
  return names;
}

JobResult run_job(edqa_sim* simulator, const Job& job, uint32_t job_index) {
  JobResult result;
  result.job_index = job_index;
  result.accelerator = job.accelerator;
  result.op = job.op;
  result.counters = static_cast<uint32_t>(counter_names(job.accelerator).size());
  result.records.resize(job.records.size());
  for (RecordResult& record : result.records) record.counters.assign(result.counters, 0);
  if (job.accelerator == Accelerator::kEdqa) {
    run_edqa_layer(simulator, job, result);
    return result;
  }
  // The NoisyQuant baseline takes one channel per START.
  std::vector<uint32_t> scratch;
  for (size_t i = 0; i < job.records.size(); ++i) {
    RecordResult& record = result.records[i];
    edqa_cycle_counts cycles{};
    const auto started = std::chrono::steady_clock::now();
    const edqa_status status = run_noisyquant(simulator, job.op, job.records[i], record, cycles, scratch);
    record.host_ns = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started).count());
    record.status = static_cast<uint32_t>(status);
    if (status != EDQA_OK) {
      record.message = edqa_sim_last_error();
      record.output.clear();
      continue;
    }
    // The hardware counters are 32-bit registers.
    for (uint32_t c = 0; c < result.counters && c < cycles.count; ++c)
      record.counters[c] = static_cast<uint32_t>(cycles.value[c]);
  }
  return result;
}

edqa_record_descriptor record_descriptor(const JobRecord& record) {
  const std::vector<uint32_t>& v = record.values;
  return edqa_record_descriptor{v[0], v[1], v[2], v[3], as_float(v[4]), as_float(v[5]), v[6], v[7], v[8]};
}

std::vector<std::vector<size_t>> layer_groups(const std::vector<Job>& jobs, size_t layer_records) {
  std::vector<std::vector<size_t>> groups;
  for (size_t j = 0; j < jobs.size(); ++j) {
    if (jobs[j].accelerator != Accelerator::kEdqa) continue;
    std::vector<size_t>* group = nullptr;
    for (std::vector<size_t>& g : groups) {
      const Job& head = jobs[g.front()];
      if (g.size() < layer_records && head.op == jobs[j].op && head.static_code_bits == jobs[j].static_code_bits &&
          head.static_code == jobs[j].static_code && head.code_static_code_bits == jobs[j].code_static_code_bits &&
          head.code_static_code == jobs[j].code_static_code) {
        group = &g;
        break;
      }
    }
    if (group == nullptr) {
      groups.emplace_back();
      group = &groups.back();
    }
    group->push_back(j);
  }
  return groups;
}

}  // namespace edqa_jobs
