// The C ABI of sim/include/edqa_sim.h. Every entry point runs its body through guarded(): arguments are validated,
// every exception (DriverError, SystemC's sc_report, std::bad_alloc, anything) becomes a status code and a
// thread-local message, and nothing unwinds into the caller.
#if !defined(EDQA_BOARD)
#include <systemc.h>
#endif

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <mutex>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "accelerator_driver.h"
#include "channel_checks.h"
#include "driver_error.h"
#include "edqa_hw_config.h"
#include "edqa_numerics.h"
#include "edqa_schedule.h"
#include "edqa_sim.h"
#include "file_io.h"
#include "job_runner.h"
#include "job_stream.h"
#include "platform.h"
#include "register_map.h"

namespace {

using edqa_harness::DriverError;

static_assert(edqa_hw::kMaxLength == EDQA_SIM_MAX_LENGTH, "the C header publishes the hardware's buffer length");

// The NoisyQuant baseline needs about 19.7 million cycles to quantize a 56 x 56 channel (the model's figure, spec §8);
// eDQA about 6,400.
constexpr uint64_t kDefaultTimeoutCycles = 50000000;

thread_local std::vector<std::string> t_record_messages;

thread_local std::string t_last_error;
thread_local std::vector<uint8_t> t_results;  // the result stream of the last edqa_sim_run_jobs, until taken

// One kernel per process: every call that touches it holds this lock.
std::mutex g_lock;

// The live handle is an id, not a pointer into memory: a stale or forged handle is recognised without ever being
// dereferenced. Ids are never reused.
uint64_t g_live_id = 0;
uint64_t g_next_id = 1;
uint64_t g_timeout_cycles = kDefaultTimeoutCycles;

edqa_sim* handle_of(uint64_t id) { return reinterpret_cast<edqa_sim*>(static_cast<uintptr_t>(id)); }

void require(const void* pointer, const char* name) {
  if (pointer == nullptr) throw DriverError(EDQA_ERROR_NULL_POINTER, std::string(name) + " is NULL");
}

// A buffer the caller sized: too small is its own status, naming the parameter, its size and what it must hold.
void require_capacity(const char* name, uint32_t capacity, uint32_t needed, const std::string& what_is_needed) {
  if (capacity < needed) {
    throw DriverError(EDQA_ERROR_BUFFER_TOO_SMALL,
                      std::string(name) + " " + std::to_string(capacity) + " is below " + what_is_needed);
  }
}

edqa_harness::HardwareAccess& live_model(edqa_sim* simulator) {
  require(simulator, "simulator");
  if (g_live_id == 0 || simulator != handle_of(g_live_id)) {
    throw DriverError(EDQA_ERROR_STATE, "the simulator handle is not the live one (destroyed, or never created)");
  }
  return edqa_harness::open_platform("", 0);
}

// locked = false only for a body that itself calls the ABI's entry points (each of which takes the lock).
template <class Body>
edqa_status guarded(Body body, bool locked = true) {
  try {
    std::unique_lock<std::mutex> lock(g_lock, std::defer_lock);
    if (locked) lock.lock();
    body();
    t_last_error.clear();
    return EDQA_OK;
  } catch (const DriverError& e) {
    t_last_error = e.what();
    return e.status();
#if !defined(EDQA_BOARD)
  } catch (const sc_core::sc_report& e) {
    t_last_error = std::string("SystemC: ") + e.what();
    return EDQA_ERROR_INTERNAL;
#endif
  } catch (const std::bad_alloc&) {
    t_last_error = "out of memory";
    return EDQA_ERROR_INTERNAL;
  } catch (const std::logic_error& e) {
    t_last_error = e.what();
    return EDQA_ERROR_STATE;
  } catch (const std::exception& e) {
    t_last_error = e.what();
    return EDQA_ERROR_INTERNAL;
  } catch (...) {
    t_last_error = "unknown C++ exception";
    return EDQA_ERROR_INTERNAL;
  }
}

// The register table of an accelerator, or a usage error.
template <typename Row>
void with_register_table(uint32_t accelerator, Row row) {
  if (accelerator == EDQA_ACCELERATOR_EDQA) {
    row(edqa_harness::kEdqaRegisters);
  } else if (accelerator == EDQA_ACCELERATOR_NOISYQUANT) {
    row(edqa_harness::kNoisyQuantRegisters);
  } else {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                      "accelerator " + std::to_string(accelerator) +
                          " is neither EDQA_ACCELERATOR_EDQA (0) nor EDQA_ACCELERATOR_NOISYQUANT (1)");
  }
}

}  // namespace

extern "C" {

uint32_t edqa_sim_abi_version(void) { return EDQA_SIM_ABI_VERSION; }

const char* edqa_sim_version(void) {
  static const std::string version = std::string("1.0.0 (") + edqa_harness::platform_name() + ")";
  return version.c_str();
}

const char* edqa_sim_last_error(void) { return t_last_error.c_str(); }

uint32_t edqa_sim_max_length(void) { return static_cast<uint32_t>(edqa_hw::kMaxLength); }

uint32_t edqa_sim_clock_mhz(void) { return edqa_harness::platform_clock_mhz(); }

edqa_status edqa_sim_record_capacity(const edqa_record_descriptor* descriptor, uint32_t* words) {
  return guarded([&] {
    require(descriptor, "descriptor");
    require(words, "words");
    *words = edqa_harness::record_capacity(*descriptor);
  });
}

edqa_status edqa_sim_register_count(uint32_t accelerator, uint32_t* count) {
  return guarded([&] {
    require(count, "count");
    with_register_table(accelerator, [&](const auto& table) { *count = static_cast<uint32_t>(std::size(table)); });
  });
}

edqa_status edqa_sim_register(uint32_t accelerator, uint32_t index, edqa_register_info* info) {
  return guarded([&] {
    require(info, "info");
    with_register_table(accelerator, [&](const auto& table) {
      if (index >= std::size(table)) {
        throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "register index " + std::to_string(index) +
                                                           " is past the table's " + std::to_string(std::size(table)) +
                                                           " rows");
      }
      const edqa_harness::RegisterInfo& row = table[index];
      *info = edqa_register_info{edqa_harness::offset_of(table, static_cast<int>(index), 0),
                                 static_cast<uint32_t>(row.width),
                                 row.host_writes ? 1u : 0u,
                                 row.counters ? 1u : 0u,
                                 row.name,
                                 row.port,
                                 row.description};
    });
  });
}

edqa_status edqa_sim_loop_count(uint32_t* count) {
  return guarded([&] {
    require(count, "count");
    *count = static_cast<uint32_t>(edqa_hw::schedule::kLoopCount);
  });
}

edqa_status edqa_sim_loop(uint32_t index, edqa_loop_info* info) {
  return guarded([&] {
    require(info, "info");
    if (index >= static_cast<uint32_t>(edqa_hw::schedule::kLoopCount)) {
      throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "loop index " + std::to_string(index) +
                                                         " is past the schedule's " +
                                                         std::to_string(edqa_hw::schedule::kLoopCount) + " rows");
    }
    const edqa_hw::schedule::Loop& loop = edqa_hw::schedule::kLoops[index];
    *info = edqa_loop_info{static_cast<uint32_t>(loop.ii), static_cast<uint32_t>(loop.depth), loop.label, loop.trip,
                           loop.reason};
  });
}

edqa_status edqa_sim_create(const edqa_sim_options* options, edqa_sim** simulator) {
  return guarded([&] {
    require(simulator, "simulator");
    *simulator = nullptr;
    std::string vcd_path;
    uint64_t timeout = kDefaultTimeoutCycles;
    uint32_t trace = 0;
    edqa_harness::MemorySettings memory;
    uint32_t units = 1, lanes = 1;
    if (options != nullptr) {
      if (options->struct_size != sizeof(edqa_sim_options) ||
          (options->trace & ~(EDQA_TRACE_EDQA | EDQA_TRACE_NOISYQUANT)) != 0) {
        throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "options->struct_size must be sizeof(edqa_sim_options) = " +
                                                           std::to_string(sizeof(edqa_sim_options)) +
                                                           " and trace a combination of EDQA_TRACE_*");
      }
      if (options->vcd_path != nullptr) vcd_path = options->vcd_path;
      if (options->timeout_cycles != 0) timeout = options->timeout_cycles;
      if (options->ddr_megabytes_per_second != 0) memory.ddr_megabytes_per_second = options->ddr_megabytes_per_second;
      if (options->ddr_efficiency_percent > 100) {
        throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "options->ddr_efficiency_percent " +
                                                           std::to_string(options->ddr_efficiency_percent) +
                                                           " is not a share of the peak, 1..100 (0 for 75)");
      }
      if (options->ddr_efficiency_percent != 0) memory.efficiency_percent = options->ddr_efficiency_percent;
      for (const auto& [value, name] : {std::pair<uint32_t, const char*>{options->clock_mhz, "clock_mhz"},
                                        std::pair<uint32_t, const char*>{options->dma_mhz, "dma_mhz"}}) {
        if (value != 0 && (value < 50 || value > 300)) {
          throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, std::string("options->") + name + " " + std::to_string(value) +
                                                             " MHz is outside 50..300 (0 for the default)");
        }
      }
      if (options->clock_mhz != 0) memory.clock_mhz = options->clock_mhz;
      memory.dma_mhz = options->dma_mhz;
      if (options->reserved != 0) throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "options->reserved must be 0");
      if (options->units != 0 && options->units != 1 && options->units != 2 && options->units != 4) {
        throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                          "options->units " + std::to_string(options->units) + " is not 1, 2 or 4 (0 for 1)");
      }
      if (options->lanes > 2)
        throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                          "options->lanes " + std::to_string(options->lanes) + " is not 1 or 2 (0 for 1)");
      units = options->units == 0 ? 1 : options->units;
      lanes = options->lanes == 0 ? 1 : options->lanes;
      trace = options->trace;
    }
    if (g_live_id != 0) {
      throw DriverError(EDQA_ERROR_STATE,
                        "a simulator is already live in this process (SystemC elaborates once); destroy it first");
    }
#if !defined(EDQA_BOARD)
    // The waveform's file is judged before SystemC elaborates anything: a path it could not open would fail half-way
    // through the model's construction and leave this process unable to create any simulator.
    if (!vcd_path.empty()) {
      try {
        edqa_io::resolve_waveform(vcd_path);
      } catch (const edqa_io::FileError& e) {
        throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, std::string("options->vcd_path: ") + e.what());
      }
    }
#endif
    edqa_harness::open_platform(vcd_path, trace, units, lanes);
    edqa_harness::set_memory(memory);
    edqa_harness::reset_platform();
    g_timeout_cycles = timeout;
    g_live_id = g_next_id++;
    *simulator = handle_of(g_live_id);
  });
}

edqa_status edqa_sim_destroy(edqa_sim* simulator) {
  return guarded([&] {
    live_model(simulator);
    g_live_id = 0;
  });
}

edqa_status edqa_sim_quantize(edqa_sim* simulator, const edqa_record_descriptor* descriptor, const float* values,
                              uint32_t value_count, uint32_t* record, uint32_t record_capacity, uint32_t* record_words,
                              edqa_cycle_counts* cycles) {
  return guarded([&] {
    edqa_harness::HardwareAccess& model = live_model(simulator);
    require(descriptor, "descriptor");
    require(record_words, "record_words");
    *record_words = 0;
    edqa_harness::check_descriptor(*descriptor);
    if (value_count != descriptor->length) {
      throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "value_count " + std::to_string(value_count) +
                                                         " differs from descriptor->length " +
                                                         std::to_string(descriptor->length));
    }
    if (descriptor->coding != edqa_hw::kCodingAdaptive || descriptor->code_coding != 0) {
      throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "coding " + std::to_string(descriptor->coding) +
                                                         " or code coding " + std::to_string(descriptor->code_coding) +
                                                         " needs the layer's static codes: use edqa_sim_run_layer");
    }
    if (descriptor->length > 0) require(values, "values");
    edqa_harness::check_values(values, value_count);
    const uint32_t needed = edqa_harness::record_capacity(*descriptor);
    if (needed > 0) require(record, "record");
    require_capacity("record_capacity", record_capacity, needed,
                     "the " + std::to_string(needed) + " words this descriptor may need");
    edqa_harness::AcceleratorDriver driver(model, g_timeout_cycles);
    *record_words = driver.quantize(*descriptor, values, record, record_capacity, cycles);
  });
}

edqa_status edqa_sim_dequantize(edqa_sim* simulator, const edqa_record_descriptor* descriptor, const uint32_t* record,
                                uint32_t record_words, float* values, uint32_t value_capacity,
                                edqa_cycle_counts* cycles) {
  return guarded([&] {
    edqa_harness::HardwareAccess& model = live_model(simulator);
    require(descriptor, "descriptor");
    edqa_harness::check_descriptor(*descriptor);
    if (descriptor->code_coding != 0) {
      throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                        "code coding static needs the layer's codes' static code: use edqa_sim_run_layer");
    }
    if (record_words > 0) require(record, "record");
    if (descriptor->length > 0) require(values, "values");
    require_capacity("value_capacity", value_capacity, descriptor->length,
                     "the channel length " + std::to_string(descriptor->length));
    edqa_harness::check_record_size(*descriptor, record, record_words);
    edqa_harness::AcceleratorDriver driver(model, g_timeout_cycles);
    driver.dequantize(*descriptor, record, record_words, values, cycles);
  });
}

namespace {

// The record's configuration and input size, as the host-side checks judge them before anything runs.
void check_layer_record(uint32_t op, const edqa_layer_record& record, const uint32_t* inputs, uint32_t input_word_count,
                        uint32_t static_bits, uint32_t code_bits) {
  edqa_harness::check_descriptor(record.descriptor);
  if (op == edqa_hw::kOpDequantize && record.descriptor.coding != edqa_hw::kCodingAdaptive) {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "coding " + std::to_string(record.descriptor.coding) +
                                                       " on a de-quantize record (a record says its own mode)");
  }
  if (record.descriptor.code_coding != 0 && code_bits != record.descriptor.bits) {
    throw DriverError(
        EDQA_ERROR_INVALID_ARGUMENT,
        "code coding static needs the layer's codes' static code of N = " + std::to_string(record.descriptor.bits) +
            (code_bits == 0 ? std::string(" and the layer has none") : ", not N = " + std::to_string(code_bits)));
  }
  if (record.descriptor.coding != edqa_hw::kCodingAdaptive && static_bits != record.descriptor.extra_bits) {
    throw DriverError(
        EDQA_ERROR_INVALID_ARGUMENT,
        "coding " + std::to_string(record.descriptor.coding) +
            " needs the layer's static code of m = " + std::to_string(record.descriptor.extra_bits) +
            (static_bits == 0 ? std::string(" and the layer has none") : ", not m = " + std::to_string(static_bits)));
  }
  if (static_cast<uint64_t>(record.input_offset) + record.input_words > input_word_count) {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "its input (words " + std::to_string(record.input_offset) + " + " +
                                                       std::to_string(record.input_words) +
                                                       ") runs past input_word_count " +
                                                       std::to_string(input_word_count));
  }
  const uint32_t* input = inputs + record.input_offset;
  if (op == edqa_hw::kOpQuantize) {
    if (record.input_words != record.descriptor.length) {
      throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "input_words " + std::to_string(record.input_words) +
                                                         " differs from config.length " +
                                                         std::to_string(record.descriptor.length));
    }
    edqa_harness::check_values(reinterpret_cast<const float*>(input), record.input_words);
  } else {
    edqa_harness::check_record_size(record.descriptor, input, record.input_words);
  }
}

}  // namespace

edqa_status edqa_sim_layer_capacity(uint32_t op, const edqa_layer_record* records, uint32_t record_count,
                                    uint32_t* words) {
  return guarded([&] {
    require(words, "words");
    *words = 0;
    if (op > 1)
      throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                        "op " + std::to_string(op) + " is neither 0 (quantize) nor 1 (de-quantize)");
    if (record_count > 0) require(records, "records");
    uint64_t total = 0;
    for (uint32_t r = 0; r < record_count; ++r) {
      edqa_harness::check_descriptor(records[r].descriptor);
      total += edqa_harness::AcceleratorDriver::output_capacity(op, records[r].descriptor);
    }
    if (total > UINT32_MAX) throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "the layer's outputs exceed 2^32 words");
    *words = static_cast<uint32_t>(total);
  });
}

edqa_status edqa_sim_run_jobs(edqa_sim* simulator, const uint8_t* jobs, uint32_t job_bytes, uint32_t* result_bytes) {
  t_results.clear();
  std::vector<edqa_jobs::Job> parsed;
  const edqa_status checked = guarded([&] {
    live_model(simulator);
    require(result_bytes, "result_bytes");
    *result_bytes = 0;
    if (job_bytes > 0) require(jobs, "jobs");
    try {
      parsed = edqa_jobs::read_jobs(std::vector<uint8_t>(jobs, jobs + job_bytes), "the job stream");
    } catch (const edqa_jobs::StreamError& e) {
      throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, e.what());
    }
  });
  if (checked != EDQA_OK) return checked;
  // The jobs run as the runners run them (sim/jobs/job_runner.cpp), through this ABI's own entry points.
  return guarded(
      [&] {
        std::vector<edqa_jobs::JobResult> results;
        for (size_t j = 0; j < parsed.size(); ++j)
          results.push_back(edqa_jobs::run_job(simulator, parsed[j], static_cast<uint32_t>(j)));
        std::vector<uint8_t> bytes = edqa_jobs::write_results(results);
        if (bytes.size() > UINT32_MAX)
          throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "the result stream exceeds 4 GiB; run fewer jobs at a time");
        t_results = std::move(bytes);
        *result_bytes = static_cast<uint32_t>(t_results.size());
      },
      false);
}

edqa_status edqa_sim_take_results(uint8_t* results, uint32_t capacity) {
  return guarded([&] {
    const uint32_t size = static_cast<uint32_t>(t_results.size());
    if (size > 0) require(results, "results");
    require_capacity("capacity", capacity, size, "the " + std::to_string(size) + " bytes of the result stream");
    std::copy(t_results.begin(), t_results.end(), results);
    t_results.clear();
  });
}

edqa_status edqa_sim_run_layer(edqa_sim* simulator, uint32_t op, edqa_layer_record* records, uint32_t record_count,
                               const uint32_t* inputs, uint32_t input_word_count, uint32_t static_code_extra_bits,
                               const uint32_t* static_code, uint32_t static_code_words, uint32_t code_static_code_bits,
                               const uint32_t* code_static_code, uint32_t code_static_code_words, uint32_t* outputs,
                               uint32_t output_capacity, edqa_cycle_counts* cycles) {
  t_record_messages.clear();
  return guarded([&] {
    edqa_harness::HardwareAccess& model = live_model(simulator);
    if (op > 1)
      throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                        "op " + std::to_string(op) + " is neither 0 (quantize) nor 1 (de-quantize)");
    if (record_count > 0) require(records, "records");
    if (input_word_count > 0) require(inputs, "inputs");
    const uint32_t expected_words =
        static_code_extra_bits == 0 || static_code_extra_bits > static_cast<uint32_t>(edqa_hw::kMaxExtraBits)
            ? 0u
            : edqa_hw::codebook_section_words(static_code_extra_bits);
    if (static_code_extra_bits > static_cast<uint32_t>(edqa_hw::kMaxExtraBits) || static_code_words != expected_words) {
      throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                        "a static code of m = " + std::to_string(static_code_extra_bits) + " in " +
                            std::to_string(static_code_words) +
                            " words (m in [0, 8], ceil(2^m * 4 / 32) words, none for m = 0)");
    }
    if (static_code_words > 0) require(static_code, "static_code");
    const edqa_harness::StaticCode layer_code{static_code_extra_bits, static_code, static_code_words};
    const bool codes_code_fits =
        code_static_code_bits == 0
            ? code_static_code_words == 0
            : code_static_code_bits >= static_cast<uint32_t>(edqa_hw::kMinBits) &&
                  code_static_code_bits <= static_cast<uint32_t>(edqa_hw::kMaxBits) &&
                  code_static_code_words == edqa_hw::code_static_code_section_words(code_static_code_bits);
    if (!codes_code_fits) {
      throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                        "a codes' static code of N = " + std::to_string(code_static_code_bits) + " in " +
                            std::to_string(code_static_code_words) +
                            " words (N in [2, 8], ceil((2^N + 15) * 4 / 32) words; none for N = 0)");
    }
    if (code_static_code_words > 0) require(code_static_code, "code_static_code");
    const edqa_harness::StaticCode codes_code{code_static_code_bits, code_static_code, code_static_code_words};
    t_record_messages.assign(record_count, std::string());
    // Records the host-side checks refuse fail alone; the rest run as one layer.
    std::vector<edqa_harness::LayerRecord> layer;
    std::vector<uint32_t> index;
    uint64_t needed = 0;
    for (uint32_t r = 0; r < record_count; ++r) {
      edqa_layer_record& record = records[r];
      record.status = EDQA_OK;
      record.output_offset = record.output_words = record.cycles = 0;
      try {
        check_layer_record(op, record, inputs, input_word_count, static_code_extra_bits, code_static_code_bits);
      } catch (const DriverError& e) {
        record.status = e.status();
        t_record_messages[r] = e.what();
        continue;
      }
      layer.push_back(edqa_harness::LayerRecord{record.descriptor, inputs + record.input_offset, record.input_words});
      index.push_back(r);
      needed += edqa_harness::AcceleratorDriver::output_capacity(op, record.descriptor);
    }
    if (needed > 0) require(outputs, "outputs");
    require_capacity("output_capacity", output_capacity, static_cast<uint32_t>(std::min<uint64_t>(needed, UINT32_MAX)),
                     "the " + std::to_string(needed) + " words these records may need (edqa_sim_layer_capacity)");
    if (cycles != nullptr) *cycles = edqa_cycle_counts{};
    if (layer.empty()) return;
    std::vector<edqa_harness::RecordOutcome> outcomes(layer.size());
    edqa_harness::AcceleratorDriver driver(model, g_timeout_cycles);
    try {
      driver.run_layer(op, layer.data(), static_cast<uint32_t>(layer.size()),
                       static_code_words > 0 ? &layer_code : nullptr, outputs, output_capacity, outcomes.data(), cycles,
                       code_static_code_words > 0 ? &codes_code : nullptr);
    } catch (const DriverError& e) {
      // The call failed (a timeout, a DMA error): no record that was sent is left saying OK.
      for (const uint32_t r : index) {
        records[r].status = e.status();
        t_record_messages[r] = e.what();
      }
      throw;
    } catch (const std::exception& e) {
      for (const uint32_t r : index) {
        records[r].status = EDQA_ERROR_INTERNAL;
        t_record_messages[r] = e.what();
      }
      throw;
    }
    for (size_t k = 0; k < layer.size(); ++k) {
      edqa_layer_record& record = records[index[k]];
      const edqa_harness::RecordOutcome& outcome = outcomes[k];
      record.cycles = outcome.cycles;
      if (outcome.error != edqa_hw::kErrorNone) {
        record.status =
            outcome.error == edqa_hw::kErrorBadConfig ? EDQA_ERROR_INVALID_ARGUMENT : EDQA_ERROR_INVALID_RECORD;
        t_record_messages[index[k]] =
            std::string("the eDQA accelerator reported ") + edqa_harness::describe_error(outcome.error);
        continue;
      }
      record.output_offset = outcome.offset;
      record.output_words = outcome.words;
    }
  });
}

const char* edqa_sim_record_message(uint32_t index) {
  return index < t_record_messages.size() ? t_record_messages[index].c_str() : "";
}

edqa_status edqa_sim_noisyquant_record_words(const edqa_noisyquant_config* config, uint32_t* words) {
  return guarded([&] {
    require(config, "config");
    require(words, "words");
    *words = edqa_harness::noisyquant_record_words(*config);
  });
}

edqa_status edqa_sim_noisyquant_alternatives(const edqa_noisyquant_config* config, uint32_t macs,
                                             uint64_t* parallel_quantize_cycles, uint64_t* calibrated_quantize_cycles,
                                             uint32_t* budget_macs) {
  return guarded([&] {
    require(config, "config");
    (void)edqa_harness::noisyquant_record_words(*config);  // validates b and S
    if (macs > 1024) throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "macs " + std::to_string(macs) + " is above 1024");
    const uint64_t units = macs == 0 ? edqa_hw::schedule::kNoisyParallelMacs : macs;
    if (parallel_quantize_cycles != nullptr)
      *parallel_quantize_cycles =
          edqa_hw::schedule::noisyquant_parallel_quantize_cycles(config->side, config->bits, units);
    if (calibrated_quantize_cycles != nullptr)
      *calibrated_quantize_cycles =
          edqa_hw::schedule::noisyquant_calibrated_quantize_cycles(config->side, config->bits);
    if (budget_macs != nullptr) *budget_macs = static_cast<uint32_t>(edqa_hw::schedule::kNoisyParallelMacs);
  });
}

edqa_status edqa_sim_noisyquant_quantize(edqa_sim* simulator, const edqa_noisyquant_config* config, const float* values,
                                         uint32_t value_count, uint32_t* record, uint32_t record_capacity,
                                         uint32_t* record_words, edqa_cycle_counts* cycles) {
  return guarded([&] {
    edqa_harness::HardwareAccess& model = live_model(simulator);
    require(config, "config");
    require(values, "values");
    require(record, "record");
    require(record_words, "record_words");
    *record_words = 0;
    const uint32_t needed = edqa_harness::noisyquant_record_words(*config);
    if (value_count != config->side * config->side) {
      throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "value_count " + std::to_string(value_count) + " is not S * S = " +
                                                         std::to_string(config->side * config->side));
    }
    edqa_harness::check_values(values, value_count);
    require_capacity("record_capacity", record_capacity, needed,
                     "the " + std::to_string(needed) + " words of a NoisyQuant record");
    edqa_harness::AcceleratorDriver driver(model, g_timeout_cycles);
    *record_words = driver.noisyquant_quantize(*config, values, record, record_capacity, cycles);
  });
}

edqa_status edqa_sim_noisyquant_dequantize(edqa_sim* simulator, const edqa_noisyquant_config* config,
                                           const uint32_t* record, uint32_t record_words, float* values,
                                           uint32_t value_capacity, edqa_cycle_counts* cycles) {
  return guarded([&] {
    edqa_harness::HardwareAccess& model = live_model(simulator);
    require(config, "config");
    require(record, "record");
    require(values, "values");
    edqa_harness::check_noisyquant_config(*config);
    require_capacity("value_capacity", value_capacity, config->side * config->side,
                     "S * S = " + std::to_string(config->side * config->side));
    edqa_harness::check_noisyquant_record(*config, record, record_words);
    edqa_harness::AcceleratorDriver driver(model, g_timeout_cycles);
    driver.noisyquant_dequantize(*config, record, record_words, values, cycles);
  });
}

edqa_status edqa_sim_simulated_cycles(edqa_sim* simulator, uint64_t* cycles) {
  return guarded([&] {
    live_model(simulator);
    require(cycles, "cycles");
    *cycles = edqa_harness::platform_cycles();
  });
}

}  // extern "C"
