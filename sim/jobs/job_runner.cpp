#include "job_runner.h"

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

// Output buffers are sized only after the library has validated the registers (it answers capacity queries for
// valid configurations only), so a forged LENGTH never allocates anything.
edqa_status run_edqa(edqa_sim* simulator, uint32_t op, const JobRecord& record, RecordResult& result, edqa_cycle_counts& cycles) {
  const std::vector<uint32_t>& r = record.registers;
  const edqa_record_config config{r[0], r[1], r[2], r[3], as_float(r[4]), as_float(r[5])};
  uint32_t capacity = 0;
  const edqa_status status = edqa_sim_record_capacity(&config, &capacity);
  if (status != EDQA_OK) return status;
  const uint32_t input_words = static_cast<uint32_t>(record.input.size());
  if (op == 0) {
    result.output.assign(capacity, 0);
    uint32_t words = 0;
    const edqa_status quantized = edqa_sim_quantize(simulator, &config, reinterpret_cast<const float*>(record.input.data()),
                                                    input_words, result.output.data(), capacity, &words, &cycles);
    result.output.resize(quantized == EDQA_OK ? words : 0);
    return quantized;
  }
  result.output.assign(config.length, 0);
  const edqa_status dequantized = edqa_sim_dequantize(simulator, &config, record.input.data(), input_words,
                                                      reinterpret_cast<float*>(result.output.data()), config.length, &cycles);
  if (dequantized != EDQA_OK) result.output.clear();
  return dequantized;
}

edqa_status run_noisyquant(edqa_sim* simulator, uint32_t op, const JobRecord& record, RecordResult& result, edqa_cycle_counts& cycles) {
  const edqa_noisyquant_config config{record.registers[0], record.registers[1]};
  uint32_t words = 0;
  const edqa_status status = edqa_sim_noisyquant_record_words(&config, &words);
  if (status != EDQA_OK) return status;
  const uint32_t input_words = static_cast<uint32_t>(record.input.size());
  if (op == 0) {
    result.output.assign(words, 0);
    uint32_t written = 0;
    const edqa_status quantized = edqa_sim_noisyquant_quantize(simulator, &config, reinterpret_cast<const float*>(record.input.data()),
                                                               input_words, result.output.data(), words, &written, &cycles);
    result.output.resize(quantized == EDQA_OK ? written : 0);
    return quantized;
  }
  const uint32_t length = config.side * config.side;
  result.output.assign(length, 0);
  const edqa_status dequantized = edqa_sim_noisyquant_dequantize(simulator, &config, record.input.data(), input_words,
                                                                 reinterpret_cast<float*>(result.output.data()), length, &cycles);
  if (dequantized != EDQA_OK) result.output.clear();
  return dequantized;
}

}  // namespace

JobResult run_job(edqa_sim* simulator, const Job& job, uint32_t job_index) {
  JobResult result;
  result.job_index = job_index;
  result.accelerator = job.accelerator;
  result.op = job.op;
  result.records.resize(job.records.size());
  for (size_t i = 0; i < job.records.size(); ++i) {
    RecordResult& record = result.records[i];
    edqa_cycle_counts cycles{};
    const auto started = std::chrono::steady_clock::now();
    const edqa_status status = job.accelerator == Accelerator::kEdqa ? run_edqa(simulator, job.op, job.records[i], record, cycles)
                                                                     : run_noisyquant(simulator, job.op, job.records[i], record, cycles);
    record.host_ns = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started).count());
    record.status = static_cast<uint32_t>(status);
    if (status != EDQA_OK) {
      record.message = edqa_sim_last_error();
      record.output.clear();
      continue;
    }
    // The hardware counters are 32-bit registers.
    const uint64_t counters[5] = {cycles.total, cycles.quantizer, cycles.encoder, cycles.decoder, cycles.dequantizer};
    for (int c = 0; c < 5; ++c) record.cycles[c] = static_cast<uint32_t>(counters[c]);
  }
  return result;
}

}  // namespace edqa_jobs
