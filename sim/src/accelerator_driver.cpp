#include "accelerator_driver.h"

#include <cstdio>
#include <string>

#include "driver_error.h"
#include "edqa_hw_config.h"
#include "edqa_numerics.h"
#include "edqa_schedule.h"
#include "register_map.h"

namespace edqa_harness {

namespace {

// Polling granularity while an operation runs: coarse enough that polling costs little simulation time (each poll
// is an sc_start call), fine enough to add little latency. The cycle counts come from the hardware counters, not
// from polling. The handshake's tail is polled cycle by cycle.
constexpr uint32_t kRunPollCycles = 64;
constexpr uint32_t kHandshakePollCycles = 1;

// Cycles SOFT_RESET is held: every stage thread sees it and empties the FIFOs it reads.
constexpr uint32_t kSoftResetCycles = 4;

std::string hex(uint32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%08X", value);
  return buffer;
}

const char* describe_error(uint32_t code) {
  switch (code) {
    case edqa_hw::kErrorBadConfig: return "configuration registers out of range";
    case edqa_hw::kErrorCodeLength: return "a codebook length above L_max = 8";
    case edqa_hw::kErrorCodebook: return "an illegal codebook (Kraft sum or used-symbol count)";
    case edqa_hw::kErrorPayloadBits: return "a payload bit count above L * 8";
    case edqa_hw::kErrorInvalidCode: return "a payload bit pattern that no code starts";
    case edqa_hw::kErrorPayloadLength: return "a payload whose codes do not add up to its bit count";
    case edqa_hw::kErrorPadding: return "non-zero padding bits";
    case edqa_hw::kErrorRecordLength: return "a record whose TLAST came before or after the words its header announces";
    case edqa_hw::kErrorInputLength: return "an input whose TLAST came before or after LENGTH values";
    default: return "an unknown error code";
  }
}

}  // namespace

AcceleratorDriver::AcceleratorDriver(HardwareAccess& hardware, uint64_t timeout_cycles)
    : hardware_(hardware), timeout_cycles_(timeout_cycles) {}

uint32_t AcceleratorDriver::quantize(const edqa_record_config& config, const float* values, uint32_t* record,
                                     uint32_t record_capacity, edqa_cycle_counts* cycles) {
  static_assert(sizeof(float) == sizeof(uint32_t), "float32 travels as its bit pattern");
  return run_edqa(edqa_hw::kOpQuantize, config, reinterpret_cast<const uint32_t*>(values), config.length, record,
                  record_capacity, cycles);
}

void AcceleratorDriver::dequantize(const edqa_record_config& config, const uint32_t* record, uint32_t record_words,
                                   float* values, edqa_cycle_counts* cycles) {
  const uint32_t received = run_edqa(edqa_hw::kOpDequantize, config, record, record_words,
                                     reinterpret_cast<uint32_t*>(values), config.length, cycles);
  if (received != config.length) {
    throw DriverError(EDQA_ERROR_INTERNAL, "the accelerator returned " + std::to_string(received) + " values for a channel of " + std::to_string(config.length));
  }
}

uint32_t AcceleratorDriver::noisyquant_quantize(const edqa_noisyquant_config& config, const float* values,
                                                uint32_t* record, uint32_t record_capacity, edqa_cycle_counts* cycles) {
  return run_noisyquant(edqa_hw::kOpQuantize, config, reinterpret_cast<const uint32_t*>(values), config.side * config.side,
                        record, record_capacity, cycles);
}

void AcceleratorDriver::noisyquant_dequantize(const edqa_noisyquant_config& config, const uint32_t* record,
                                              uint32_t record_words, float* values, edqa_cycle_counts* cycles) {
  const uint32_t length = config.side * config.side;
  const uint32_t received = run_noisyquant(edqa_hw::kOpDequantize, config, record, record_words,
                                           reinterpret_cast<uint32_t*>(values), length, cycles);
  if (received != length) {
    throw DriverError(EDQA_ERROR_INTERNAL, "the NoisyQuant accelerator returned " + std::to_string(received) + " values for a channel of " + std::to_string(length));
  }
}

uint32_t AcceleratorDriver::run_edqa(uint32_t operation, const edqa_record_config& config, const uint32_t* in,
                                     uint32_t in_words, uint32_t* out, uint32_t out_capacity, edqa_cycle_counts* cycles) {
  if (config.length == 0 && config.important == 0) {
    // An empty direct channel has an empty record and no values: nothing would cross either stream, and a DMA
    // waiting for a TLAST that never comes is what the board must not do.
    if (cycles != nullptr) *cycles = edqa_cycle_counts{0, 0, 0, 0, 0};
    return 0;
  }
  hardware_.write_register(reg::kOP, operation);
  hardware_.write_register(reg::kBITS, config.bits);
  hardware_.write_register(reg::kEXTRA_BITS, config.extra_bits);
  hardware_.write_register(reg::kIMPORTANT, config.important);
  hardware_.write_register(reg::kLENGTH, config.length);
  hardware_.write_register(reg::kINV, edqa_hw::float_to_bits(config.inv));
  hardware_.write_register(reg::kDELTA, edqa_hw::float_to_bits(config.delta));
  const Device device{"eDQA accelerator", reg::kSTART, reg::kDONE, reg::kSTATUS, reg::kSOFT_RESET, Dma::kEdqa};
  const uint32_t received = execute(device, in, in_words, out, out_capacity);
  if (cycles != nullptr) {
    const bool quantizing = operation == edqa_hw::kOpQuantize;
    cycles->total = hardware_.read_register(reg::kCYCLES_TOTAL);
    cycles->quantizer = quantizing ? hardware_.read_register(reg::kCYCLES_QUANTIZER) : 0;
    cycles->encoder = quantizing ? hardware_.read_register(reg::kCYCLES_ENCODER) : 0;
    cycles->decoder = quantizing ? 0 : hardware_.read_register(reg::kCYCLES_DECODER);
    cycles->dequantizer = quantizing ? 0 : hardware_.read_register(reg::kCYCLES_DEQUANTIZER);
  }
  return received;
}

uint32_t AcceleratorDriver::run_noisyquant(uint32_t operation, const edqa_noisyquant_config& config, const uint32_t* in,
                                           uint32_t in_words, uint32_t* out, uint32_t out_capacity, edqa_cycle_counts* cycles) {
  hardware_.write_register(reg::kNoisyOP, operation);
  hardware_.write_register(reg::kNoisyBITS, config.bits);
  hardware_.write_register(reg::kNoisySIDE, config.side);
  const Device device{"NoisyQuant accelerator", reg::kNoisySTART, reg::kNoisyDONE, reg::kNoisySTATUS, reg::kNoisySOFT_RESET, Dma::kNoisyQuant};
  const uint32_t received = execute(device, in, in_words, out, out_capacity);
  if (cycles != nullptr) {
    *cycles = edqa_cycle_counts{hardware_.read_register(reg::kNoisyCYCLES_TOTAL), 0, 0, 0, 0};
  }
  return received;
}

uint32_t AcceleratorDriver::execute(const Device& device, const uint32_t* in, uint32_t in_words, uint32_t* out,
                                    uint32_t out_capacity) {
  if (in_words > 0) hardware_.load_input(device.dma, in, in_words);
  hardware_.barrier();  // the input is in memory before the DMA reads it
  hardware_.start_transfer(device.dma, in_words, out_capacity);
  hardware_.write_register(device.start, 1);
  wait_until(device, &AcceleratorDriver::done_raised, "raise DONE", kRunPollCycles);
  hardware_.write_register(device.start, 0);
  wait_until(device, &AcceleratorDriver::done_lowered, "lower DONE", kHandshakePollCycles);
  wait_until(device, &AcceleratorDriver::transfer_drained, "drain its output stream", kHandshakePollCycles);
  hardware_.barrier();  // the DMA's writes are visible before the CPU reads the output
  const uint32_t status = hardware_.read_register(device.status);
  if ((status & edqa_hw::kStatusError) != 0) {
    const uint32_t code = (status >> 8) & 0xFFu;
    throw DriverError(code == edqa_hw::kErrorBadConfig ? EDQA_ERROR_INVALID_ARGUMENT : EDQA_ERROR_INVALID_RECORD,
                      std::string("the ") + device.name + " reported " + describe_error(code) + " (STATUS " + hex(status) + ")");
  }
  const uint32_t received = hardware_.received_words(device.dma);
  if (hardware_.receive_overflowed(device.dma) || received > out_capacity) {
    throw DriverError(EDQA_ERROR_BUFFER_TOO_SMALL, "the " + std::string(device.name) + " produced " + std::to_string(received) + " words for a buffer of " + std::to_string(out_capacity));
  }
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
      soft_reset(device);
      throw DriverError(EDQA_ERROR_TIMEOUT, std::string("the ") + device.name + " did not " + what + " within " + std::to_string(timeout_cycles_) + " cycles; it was soft-reset");
    }
    hardware_.idle(poll_cycles);
  }
}

// Returns every stage to idle (its FIFOs emptied) and the DMA with it: a stage blocked mid-record would otherwise
// stay blocked, whatever the DMA does.
void AcceleratorDriver::soft_reset(const Device& device) {
  hardware_.write_register(device.start, 0);
  hardware_.write_register(device.soft_reset, 1);
  hardware_.idle(kSoftResetCycles);
  hardware_.write_register(device.soft_reset, 0);
  hardware_.reset_dma(device.dma);
  hardware_.idle(edqa_hw::schedule::kResetRecoveryCycles);
}

bool AcceleratorDriver::done_raised(const Device& device) { return hardware_.read_register(device.done) != 0; }

bool AcceleratorDriver::done_lowered(const Device& device) { return hardware_.read_register(device.done) == 0; }

bool AcceleratorDriver::transfer_drained(const Device& device) { return hardware_.transfer_idle(device.dma); }

}  // namespace edqa_harness
