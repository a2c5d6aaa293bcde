#include "accelerator_driver.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "channel_checks.h"
#include "driver_error.h"
#include "edqa_descriptor.h"
#include "edqa_hw_config.h"
#include "edqa_numerics.h"
#include "edqa_schedule.h"
#include "register_map.h"

static_assert(edqa_harness::kEdqaCounters <= EDQA_MAX_COUNTERS &&
                  edqa_harness::kNoisyQuantCounters <= EDQA_MAX_COUNTERS,
              "edqa_cycle_counts holds every counter row");

namespace edqa_harness {

namespace {

// Polling granularity while an operation runs: coarse enough that polling costs little simulation time (each poll
// is an sc_start call), fine enough to add little latency. The cycle counts come from the hardware counters, not
// from polling. The handshake's tail is polled cycle by cycle.
constexpr uint32_t kRunPollCycles = 64;
constexpr uint32_t kHandshakePollCycles = 1;

// Cycles the IP reset is held: every stage thread sees it and empties the FIFOs it reads.
constexpr uint32_t kIpResetCycles = 16;
// Polling granularity while a DMA reset completes (PG021: a few cycles once both stream sides are quiet).
constexpr uint32_t kDmaResetPollCycles = 16;

const char* dma_name(Dma dma) { return dma == Dma::kEdqa ? "eDQA accelerator" : "NoisyQuant accelerator"; }

std::string hex(uint32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%08X", value);
  return buffer;
}

}  // namespace

const char* describe_error(uint32_t code) {
  switch (code) {
    case edqa_hw::kErrorBadConfig:
      return "a record descriptor (eDQA) or configuration register (NoisyQuant) out of range";
    case edqa_hw::kErrorCodeLength:
      return "a codebook length above L_max = 8";
    case edqa_hw::kErrorCodebook:
      return "an illegal codebook (Kraft sum or used-symbol count)";
    case edqa_hw::kErrorPayloadBits:
      return "a payload bit count above L * 8";
    case edqa_hw::kErrorInvalidCode:
      return "a payload bit pattern that no code starts";
    case edqa_hw::kErrorPayloadLength:
      return "a payload whose codes do not add up to its bit count";
    case edqa_hw::kErrorPadding:
      return "non-zero padding bits";
    case edqa_hw::kErrorRecordLength:
      return "a record whose TLAST came before or after the words its header announces";
    case edqa_hw::kErrorInputLength:
      return "an input whose TLAST came before or after LENGTH values";
    case edqa_hw::kErrorStaticCode:
      return "no legal static code of the record's m (or codes' static code of its N) in this START";
    case edqa_hw::kErrorRecordMode:
      return "a coding word with the reserved MODE 3 or bits 29..28 set";
    case edqa_hw::kErrorZeroRun:
      return "coded codes with a zero run past the record's last element";
    default:
      return "an unknown error code";
  }
}

AcceleratorDriver::AcceleratorDriver(HardwareAccess& hardware, uint64_t timeout_cycles)
    : hardware_(hardware), timeout_cycles_(timeout_cycles) {}

void AcceleratorDriver::require_present(Dma dma) {
  if (!hardware_.has_accelerator(dma)) {
    throw DriverError(EDQA_ERROR_STATE, std::string("this bitstream has no ") + dma_name(dma) +
                                            " (its board map sets EDQA_BOARD_NOISYQUANT=0): nothing was sent to it");
  }
}

void AcceleratorDriver::reset_all() {
  for (const Dma dma : {Dma::kEdqa, Dma::kNoisyQuant}) {
    if (hardware_.has_accelerator(dma)) reset(dma);
  }
}

// The IP reset clears what the RTL's reset port clears (threads, FIFOs, AXI adapters); the DMA is reset while the
// IP holds its stream still, so neither side is left mid-beat.
void AcceleratorDriver::reset(Dma dma) {
  require_present(dma);
  hardware_.write_register(dma == Dma::kEdqa ? reg::kSTART : reg::kNoisySTART, 0);
  hardware_.set_accelerator_reset(dma, true);
  hardware_.idle(kIpResetCycles);
  reset_dma(dma);
  hardware_.set_accelerator_reset(dma, false);
  hardware_.idle(edqa_hw::schedule::kResetRecoveryCycles);
}

// DMACR.Reset self-clears when the DMA is done (PG021); until then the DMA ignores its registers, so arming it
// early would lose the transfer. A reset clears DMASR's halting errors; Err_Irq is cleared by writing 1.
void AcceleratorDriver::reset_dma(Dma dma) {
  hardware_.request_dma_reset(dma);
  const uint64_t started = hardware_.elapsed_cycles();
  while (hardware_.dma_resetting(dma)) {
    if (hardware_.elapsed_cycles() - started >= kDmaResetLimitCycles) {
      throw DriverError(EDQA_ERROR_TIMEOUT, std::string("the ") + dma_name(dma) +
                                                "'s AXI DMA did not leave reset within " +
                                                std::to_string(kDmaResetLimitCycles) +
                                                " cycles (DMACR.Reset stayed 1, PG021): check the DMA's clocks and "
                                                "resets in the block design, or power-cycle the board");
    }
    hardware_.idle(kDmaResetPollCycles);
  }
  hardware_.clear_dma_errors(dma);
  const uint32_t errors = hardware_.dma_errors(dma);
  if (errors != 0) {
    throw DriverError(EDQA_ERROR_TIMEOUT, std::string("the ") + dma_name(dma) +
                                              "'s AXI DMA still reports DMASR errors " + hex(errors) +
                                              " (MM2S low half, S2MM high) after a reset");
  }
}

// Whether a record uses the layer's static code: one of its m to quantize with coding static or smallest, or an
// important record of its m whose coding word says static to de-quantize. A code no record needs is never loaded, so
// an illegal one fails exactly the records that use it, whatever the START boundaries (the golden model's answer).
// The fake board keys its answers by the same rule.
bool AcceleratorDriver::uses_static_code(uint32_t operation, const edqa_hw::RecordDescriptor& d, const uint32_t* input,
                                         uint32_t static_code_bits) {
  if (d.extra_bits != static_code_bits) return false;
  if (operation == edqa_hw::kOpQuantize) return d.coding != edqa_hw::kCodingAdaptive;
  if (!d.important) return false;
  // H follows the codes, or opens the record when its codes come last (code coding static, spec §4.2).
  const uint32_t codes = d.code_coding ? 0u : edqa_hw::code_section_words(d.length, d.bits);
  return codes < d.words && (input[codes] >> edqa_hw::kModeShift) == static_cast<uint32_t>(edqa_hw::kModeStatic);
}

bool AcceleratorDriver::needs_static_code(uint32_t operation, const LayerRecord& record, const StaticCode* code) {
  return code != nullptr &&
         uses_static_code(operation, stream_descriptor(operation, record.descriptor, record.input_words, false),
                          record.input, code->bits);
}

bool AcceleratorDriver::needs_code_static_code(uint32_t operation, const LayerRecord& record, const StaticCode* code) {
  return code != nullptr &&
         uses_code_static_code(stream_descriptor(operation, record.descriptor, record.input_words, false), code->bits);
}

uint32_t AcceleratorDriver::output_capacity(uint32_t operation, const edqa_record_descriptor& config) {
  return operation == edqa_hw::kOpDequantize ? config.length : record_capacity(config);
}

edqa_hw::RecordDescriptor AcceleratorDriver::stream_descriptor(uint32_t operation,
                                                               const edqa_record_descriptor& descriptor,
                                                               uint32_t input_words, bool loads_static_code) {
  edqa_hw::RecordDescriptor d;
  d.bits = descriptor.bits;
  d.extra_bits = descriptor.extra_bits;
  d.important = descriptor.important != 0;
  d.coding = descriptor.coding;
  d.unsigned_grid = descriptor.grid != 0;
  d.code_coding = descriptor.code_coding != 0;
  d.loads_static_code = loads_static_code;
  d.length = descriptor.length;
  d.scale = edqa_hw::float_to_bits(operation == edqa_hw::kOpQuantize ? descriptor.inv : descriptor.delta);
  d.words = input_words;
  return d;
}

uint32_t AcceleratorDriver::quantize(const edqa_record_descriptor& config, const float* values, uint32_t* record,
                                     uint32_t record_capacity, edqa_cycle_counts* cycles) {
  static_assert(sizeof(float) == sizeof(uint32_t), "float32 travels as its bit pattern");
  RecordOutcome outcome{};
  run_single(edqa_hw::kOpQuantize, config, reinterpret_cast<const uint32_t*>(values), config.length, record,
             record_capacity, outcome, cycles);
  return outcome.words;
}

void AcceleratorDriver::dequantize(const edqa_record_descriptor& config, const uint32_t* record, uint32_t record_words,
                                   float* values, edqa_cycle_counts* cycles) {
  RecordOutcome outcome{};
  run_single(edqa_hw::kOpDequantize, config, record, record_words, reinterpret_cast<uint32_t*>(values), config.length,
             outcome, cycles);
  if (outcome.words != config.length) {
    throw DriverError(EDQA_ERROR_INTERNAL, "the accelerator returned " + std::to_string(outcome.words) +
                                               " values for a channel of " + std::to_string(config.length));
  }
}

void AcceleratorDriver::run_single(uint32_t operation, const edqa_record_descriptor& config, const uint32_t* in,
                                   uint32_t in_words, uint32_t* out, uint32_t out_capacity, RecordOutcome& outcome,
                                   edqa_cycle_counts* cycles) {
  const LayerRecord record{config, in, in_words};
  run_layer(operation, &record, 1, nullptr, out, out_capacity, &outcome, cycles);
  if (outcome.error != edqa_hw::kErrorNone) {
    throw DriverError(
        outcome.error == edqa_hw::kErrorBadConfig ? EDQA_ERROR_INVALID_ARGUMENT : EDQA_ERROR_INVALID_RECORD,
        std::string("the eDQA accelerator reported ") + describe_error(outcome.error));
  }
}

void AcceleratorDriver::run_layer(uint32_t operation, const LayerRecord* records, uint32_t count,
                                  const StaticCode* static_code, uint32_t* out, uint32_t out_capacity,
                                  RecordOutcome* outcomes, edqa_cycle_counts* cycles,
                                  const StaticCode* code_static_code) {
  if (cycles != nullptr) *cycles = edqa_cycle_counts{};
  const uint64_t limit = hardware_.max_transfer_words();
  uint32_t first = 0;
  uint32_t out_base = 0;
  while (first < count) {
    // As many records as one transfer holds each way: descriptors and inputs in, outputs and trailers out.
    uint64_t in_words = 0, out_words = 0, reserved = 0;
    uint32_t end = first;
    bool code_loaded = false;
    bool codes_code_loaded = false;
    while (end < count && end - first < static_cast<uint32_t>(edqa_hw::kMaxLayerRecords)) {
      const bool loads = !code_loaded && needs_static_code(operation, records[end], static_code);
      const bool loads_codes = !codes_code_loaded && needs_code_static_code(operation, records[end], code_static_code);
      const uint64_t in_next = in_words + edqa_hw::kDescriptorWords + (loads ? static_code->word_count : 0) +
                               (loads_codes ? code_static_code->word_count : 0) + records[end].input_words;
      const uint32_t capacity = output_capacity(operation, records[end].descriptor);
      const uint64_t out_next = out_words + capacity + edqa_hw::kTrailerWords;
      if ((in_next > limit || out_next > limit) && end > first) break;
      if (in_next > limit || out_next > limit) {
        throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "record " + std::to_string(end) + " needs a transfer of " +
                                                           std::to_string(4 * std::max(in_next, out_next)) +
                                                           " bytes, more than the DMA's " + std::to_string(4 * limit) +
                                                           " (EDQA_BOARD_DMA_LENGTH_BITS)");
      }
      in_words = in_next;
      out_words = out_next;
      code_loaded = code_loaded || loads;
      codes_code_loaded = codes_code_loaded || loads_codes;
      reserved += capacity;
      ++end;
    }
    if (out_base + reserved > out_capacity) {
      throw DriverError(EDQA_ERROR_BUFFER_TOO_SMALL,
                        "an output buffer of " + std::to_string(out_capacity) + " words is too small for the layer");
    }
    edqa_cycle_counts call{};
    run_call(operation, records + first, end - first, static_code, code_static_code, out, outcomes + first, out_base,
             &call);
    for (uint32_t r = first; r < end; ++r) out_base = std::max(out_base, outcomes[r].offset + outcomes[r].words);
    if (cycles != nullptr) {
      cycles->count = call.count;
      for (uint32_t c = 0; c < call.count; ++c) cycles->value[c] += call.value[c];
    }
    first = end;
  }
}

// One START: the records' descriptors and inputs as one stream; per record its output and trailer come back,
// found from the end (each trailer names its record's output words).
void AcceleratorDriver::run_call(uint32_t operation, const LayerRecord* records, uint32_t count,
                                 const StaticCode* static_code, const StaticCode* code_static_code, uint32_t* out,
                                 RecordOutcome* outcomes, uint32_t out_base, edqa_cycle_counts* cycles) {
  stream_.clear();
  uint32_t capacity = 0;
  bool code_loaded = false;
  bool codes_code_loaded = false;
  for (uint32_t r = 0; r < count; ++r) {
    const edqa_record_descriptor& c = records[r].descriptor;
    // The static code rides behind the descriptor of the START's first record that needs it (docs/spec.md §7), the
    // codes' static code behind it on the first record of code coding static.
    const bool loads = !code_loaded && needs_static_code(operation, records[r], static_code);
    const bool loads_codes = !codes_code_loaded && needs_code_static_code(operation, records[r], code_static_code);
    code_loaded = code_loaded || loads;
    codes_code_loaded = codes_code_loaded || loads_codes;
    uint32_t words[edqa_hw::kDescriptorWords];
    edqa_hw::RecordDescriptor d = stream_descriptor(operation, c, records[r].input_words, loads);
    d.loads_code_static_code = loads_codes;
    d.pack(words);
    stream_.insert(stream_.end(), words, words + edqa_hw::kDescriptorWords);
    if (loads) stream_.insert(stream_.end(), static_code->words, static_code->words + static_code->word_count);
    if (loads_codes)
      stream_.insert(stream_.end(), code_static_code->words, code_static_code->words + code_static_code->word_count);
    stream_.insert(stream_.end(), records[r].input, records[r].input + records[r].input_words);
    capacity += output_capacity(operation, c) + edqa_hw::kTrailerWords;
  }
  received_.assign(capacity, 0);
  require_present(Dma::kEdqa);
  hardware_.write_register(reg::kOP, operation);
  hardware_.write_register(reg::kRECORDS, count);
  const Device device{"eDQA accelerator", reg::kSTART, reg::kDONE, reg::kSTATUS, Dma::kEdqa};
  uint32_t position =
      execute(device, stream_.data(), static_cast<uint32_t>(stream_.size()), received_.data(), capacity, true);
  if (cycles != nullptr) read_counters(0, kEdqaCounters, *cycles);
  for (uint32_t r = count; r-- > 0;) {
    if (position < static_cast<uint32_t>(edqa_hw::kTrailerWords)) {
      throw DriverError(EDQA_ERROR_INTERNAL,
                        "the accelerator's output ended before record " + std::to_string(r) + "'s trailer");
    }
    position -= edqa_hw::kTrailerWords;
    const edqa_hw::RecordTrailer trailer = edqa_hw::RecordTrailer::parse(&received_[position]);
    const uint32_t words = trailer.output_words;
    if (words > position || words > output_capacity(operation, records[r].descriptor) || trailer.reserved != 0) {
      throw DriverError(EDQA_ERROR_INTERNAL, "record " + std::to_string(r) + "'s trailer " + hex(received_[position]) +
                                                 " does not fit the accelerator's output");
    }
    position -= words;
    outcomes[r] = RecordOutcome{trailer.error, position, words, trailer.cycles};
  }
  if (position != 0)
    throw DriverError(EDQA_ERROR_INTERNAL,
                      "the accelerator sent " + std::to_string(position) + " words before its first record");
  // Outputs back to back from out_base, in record order (the trailers are left behind).
  uint32_t next = out_base;
  for (uint32_t r = 0; r < count; ++r) {
    for (uint32_t w = 0; w < outcomes[r].words; ++w) out[next + w] = received_[outcomes[r].offset + w];
    outcomes[r].offset = next;
    next += outcomes[r].words;
  }
}

uint32_t AcceleratorDriver::noisyquant_quantize(const edqa_noisyquant_config& config, const float* values,
                                                uint32_t* record, uint32_t record_capacity, edqa_cycle_counts* cycles) {
  return run_noisyquant(edqa_hw::kOpQuantize, config, reinterpret_cast<const uint32_t*>(values),
                        config.side * config.side, record, record_capacity, cycles);
}

void AcceleratorDriver::noisyquant_dequantize(const edqa_noisyquant_config& config, const uint32_t* record,
                                              uint32_t record_words, float* values, edqa_cycle_counts* cycles) {
  const uint32_t length = config.side * config.side;
  const uint32_t received = run_noisyquant(edqa_hw::kOpDequantize, config, record, record_words,
                                           reinterpret_cast<uint32_t*>(values), length, cycles);
  if (received != length) {
    throw DriverError(EDQA_ERROR_INTERNAL, "the NoisyQuant accelerator returned " + std::to_string(received) +
                                               " values for a channel of " + std::to_string(length));
  }
}

uint32_t AcceleratorDriver::run_noisyquant(uint32_t operation, const edqa_noisyquant_config& config, const uint32_t* in,
                                           uint32_t in_words, uint32_t* out, uint32_t out_capacity,
                                           edqa_cycle_counts* cycles) {
  require_present(Dma::kNoisyQuant);
  hardware_.write_register(reg::kNoisyOP, operation);
  hardware_.write_register(reg::kNoisyBITS, config.bits);
  hardware_.write_register(reg::kNoisySIDE, config.side);
  const Device device{"NoisyQuant accelerator", reg::kNoisySTART, reg::kNoisyDONE, reg::kNoisySTATUS, Dma::kNoisyQuant};
  const uint32_t received = execute(device, in, in_words, out, out_capacity, false);
  if (cycles != nullptr) read_counters(kNoisyQuantBase, kNoisyQuantCounters, *cycles);
  return received;
}

// Every row of the accelerator's counters bundle, in table order (every counter is reset by START, so a stage
// that did not run reads 0).
void AcceleratorDriver::read_counters(uint32_t base, uint32_t count, edqa_cycle_counts& cycles) {
  cycles = edqa_cycle_counts{};
  cycles.count = count;
  for (uint32_t c = 0; c < count; ++c) cycles.value[c] = hardware_.read_register(counter_offset(base, c));
}

// status_per_record: the eDQA accelerator reports each record's error in its trailer (STATUS only says that one
// failed); the NoisyQuant accelerator's STATUS is its one channel's.
uint32_t AcceleratorDriver::execute(const Device& device, const uint32_t* in, uint32_t in_words, uint32_t* out,
                                    uint32_t out_capacity, bool status_per_record) {
  if (in_words > 0) hardware_.load_input(device.dma, in, in_words);
  hardware_.barrier();  // the input is in memory before the DMA reads it
  hardware_.start_transfer(device.dma, in_words, out_capacity);
  hardware_.write_register(device.start, 1);
  wait_until(device, &AcceleratorDriver::done_raised, "raise DONE", kRunPollCycles);
  hardware_.write_register(device.start, 0);
  wait_until(device, &AcceleratorDriver::done_lowered, "lower DONE", kHandshakePollCycles);
  wait_until(device, &AcceleratorDriver::transfer_drained, "drain its output stream", kHandshakePollCycles);
  hardware_.barrier();  // the DMA's writes are visible before the CPU reads the output
  // A DMA error halts the channel until a reset (PG021): recover it before anything else can throw.
  const uint32_t errors = hardware_.dma_errors(device.dma);
  if (errors != 0 || hardware_.receive_overflowed(device.dma)) {
    recover_from_dma_error(device, errors, hardware_.received_words(device.dma), out_capacity);
  }
  const uint32_t status = hardware_.read_register(device.status);
  if ((status & edqa_hw::kStatusError) != 0 && !status_per_record) {
    const uint32_t code = (status >> 8) & 0xFFu;
    throw DriverError(
        code == edqa_hw::kErrorBadConfig ? EDQA_ERROR_INVALID_ARGUMENT : EDQA_ERROR_INVALID_RECORD,
        std::string("the ") + device.name + " reported " + describe_error(code) + " (STATUS " + hex(status) + ")");
  }
  const uint32_t received = hardware_.received_words(device.dma);
  if (received > out_capacity) recover_from_dma_error(device, 0, received, out_capacity);
  if (received > 0) hardware_.fetch_output(device.dma, out, received);
  return received;
}

// The timeout is measured on the platform's clock (simulated cycles, or real time at the accelerator's clock on
// the board), so a budget of N cycles means N cycles, whatever a poll costs.
void AcceleratorDriver::wait_until(const Device& device, bool (AcceleratorDriver::*condition)(const Device&),
                                   const char* what, uint32_t poll_cycles) {
  const uint64_t started = hardware_.elapsed_cycles();
  while (!(this->*condition)(device)) {
    if (hardware_.elapsed_cycles() - started >= timeout_cycles_) {
      reset(device.dma);
      throw DriverError(EDQA_ERROR_TIMEOUT, std::string("the ") + device.name + " did not " + what + " within " +
                                                std::to_string(timeout_cycles_) +
                                                " cycles; it was reset (IP reset and DMA reset)");
    }
    hardware_.idle(poll_cycles);
  }
}

// An S2MM overflow (more output than the buffer: DMAIntErr) or a bus error: the channel has halted, so the DMA is
// reset (which clears the halting bits) and Err_Irq cleared before the error is reported; the accelerator finished
// its START, so it needs no reset.
void AcceleratorDriver::recover_from_dma_error(const Device& device, uint32_t errors, uint32_t received,
                                               uint32_t out_capacity) {
  hardware_.clear_dma_errors(device.dma);
  reset_dma(device.dma);
  const uint32_t s2mm = errors >> kDmaS2mmShift;
  if ((errors & ~(kDmaInternalError << kDmaS2mmShift) & ~(kDmaErrorInterrupt << kDmaS2mmShift)) == 0 &&
      ((s2mm & kDmaInternalError) != 0 || errors == 0)) {
    throw DriverError(EDQA_ERROR_BUFFER_TOO_SMALL, "the " + std::string(device.name) + " produced " +
                                                       std::to_string(received) + " words for a buffer of " +
                                                       std::to_string(out_capacity) + " (an S2MM overflow, DMASR " +
                                                       hex(errors) + "); its DMA was reset and its errors cleared");
  }
  throw DriverError(EDQA_ERROR_INTERNAL, "the " + std::string(device.name) + "'s AXI DMA reported DMASR errors " +
                                             hex(errors) +
                                             " (MM2S low half, S2MM high; PG021: DMAIntErr, DMASlvErr, DMADecErr)"
                                             "; it was reset and its errors cleared");
}

bool AcceleratorDriver::done_raised(const Device& device) { return hardware_.read_register(device.done) != 0; }

bool AcceleratorDriver::done_lowered(const Device& device) { return hardware_.read_register(device.done) == 0; }

bool AcceleratorDriver::transfer_drained(const Device& device) { return hardware_.transfer_idle(device.dma); }

}  // namespace edqa_harness
