// Programs the accelerators for one record: writes the registers, loads and arms the DMA (with barriers between
// the CPU's buffer accesses and the DMA's), raises START, waits for DONE within a cycle budget, completes the
// handshake, and reads STATUS and the cycle counters. On a timeout it soft-resets the accelerator (SOFT_RESET) and
// its DMA, so the next record starts clean. Written once against HardwareAccess: the same code drives the SystemC
// model, the board, and the board runner's protocol-checking fake.
#ifndef EDQA_ACCELERATOR_DRIVER_H
#define EDQA_ACCELERATOR_DRIVER_H

#include <cstdint>

#include "edqa_sim.h"
#include "hardware_access.h"

namespace edqa_harness {

class AcceleratorDriver {
 public:
  AcceleratorDriver(HardwareAccess& hardware, uint64_t timeout_cycles);

  // Returns the record's size in words. The caller has validated the arguments (channel_checks.h).
  uint32_t quantize(const edqa_record_config& config, const float* values, uint32_t* record, uint32_t record_capacity,
                    edqa_cycle_counts* cycles);

  void dequantize(const edqa_record_config& config, const uint32_t* record, uint32_t record_words, float* values,
                  edqa_cycle_counts* cycles);

  // The NoisyQuant baseline accelerator (docs/spec.md §8).
  uint32_t noisyquant_quantize(const edqa_noisyquant_config& config, const float* values, uint32_t* record,
                               uint32_t record_capacity, edqa_cycle_counts* cycles);

  void noisyquant_dequantize(const edqa_noisyquant_config& config, const uint32_t* record, uint32_t record_words,
                             float* values, edqa_cycle_counts* cycles);

 private:
  // The registers and DMA of one accelerator, as the common part of an operation needs them.
  struct Device {
    const char* name;
    uint32_t start;
    uint32_t done;
    uint32_t status;
    uint32_t soft_reset;
    Dma dma;
  };

  uint32_t execute(const Device& device, const uint32_t* in, uint32_t in_words, uint32_t* out, uint32_t out_capacity);
  void wait_until(const Device& device, bool (AcceleratorDriver::*condition)(const Device&), const char* what, uint32_t poll_cycles);
  bool done_raised(const Device& device);
  bool done_lowered(const Device& device);
  bool transfer_drained(const Device& device);
  void soft_reset(const Device& device);
  uint32_t run_edqa(uint32_t operation, const edqa_record_config& config, const uint32_t* in, uint32_t in_words,
                    uint32_t* out, uint32_t out_capacity, edqa_cycle_counts* cycles);
  uint32_t run_noisyquant(uint32_t operation, const edqa_noisyquant_config& config, const uint32_t* in,
                          uint32_t in_words, uint32_t* out, uint32_t out_capacity, edqa_cycle_counts* cycles);

  HardwareAccess& hardware_;
  uint64_t timeout_cycles_;
};

}  // namespace edqa_harness

#endif  // EDQA_ACCELERATOR_DRIVER_H
