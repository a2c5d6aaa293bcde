// Programs the accelerators: for eDQA a layer per START (as many records as one DMA transfer holds, each a
// descriptor and its input, docs/spec.md §7), for NoisyQuant one channel; writes the registers, loads and arms the DMA
// (with barriers between the CPU's buffer accesses and the DMA's), raises START, waits for DONE within a cycle budget,
// completes the handshake, and reads STATUS and the cycle counters. On a timeout it resets the accelerator through
// its IP reset (set_accelerator_reset: threads, FIFOs and adapters) and its DMA (DMACR.Reset, awaited), and after a
// DMA error (an S2MM overflow) it clears DMASR and resets the DMA, so the next record starts clean. It never touches
// an accelerator the platform lacks (has_accelerator). Written once against HardwareAccess: the same code drives
// the SystemC model, the board, and the board runner's protocol-checking fake.
#ifndef EDQA_ACCELERATOR_DRIVER_H
#define EDQA_ACCELERATOR_DRIVER_H

#include <cstdint>
#include <vector>

#include "edqa_descriptor.h"
#include "edqa_sim.h"
#include "hardware_access.h"

namespace edqa_harness {

// One record of a layer: its descriptor and its input (L float32 bit patterns, or the record's words).
struct LayerRecord {
  edqa_record_descriptor descriptor;
  const uint32_t* input;
  uint32_t input_words;
};

// A layer's static code (docs/spec.md §3.7): its m and its ceil(2^m * 4 / 32) words, loaded behind the
// descriptor of each START's first record of that m. Also a layer's codes' static code (§3.8): its N and its
// ceil((2^N + 15) * 4 / 32) words, behind the static code of each START's first record of code coding static of
// that N.
struct StaticCode {
  uint32_t bits;  // m, or N for the codes' static code
  const uint32_t* words;
  uint32_t word_count;
};

// What came back for a record: its trailer (the accelerator's ErrorCode and the cycles the layer spent on it) and
// where its output words landed.
struct RecordOutcome {
  uint32_t error;
  uint32_t offset;
  uint32_t words;
  uint32_t cycles;
};

// What an accelerator ErrorCode (hw/edqa_hw_config.h) means, in words. Static strings.
const char* describe_error(uint32_t code);

class AcceleratorDriver {
 public:
  AcceleratorDriver(HardwareAccess& hardware, uint64_t timeout_cycles);

  // The most cycles a DMA reset may take before the driver gives up on the DMA (DMACR.Reset never self-clears).
  static constexpr uint64_t kDmaResetLimitCycles = 1000000;

  // Returns one accelerator and its DMA to their reset state: START low, the IP reset held, the DMA reset and
  // awaited, errors cleared. Throws DriverError (EDQA_ERROR_TIMEOUT) when the DMA does not leave reset or still
  // reports errors.
  void reset(Dma dma);

  // reset() of every accelerator the platform has (before a new simulator handle is handed out).
  void reset_all();

  // The most output words a record can produce: its record capacity (quantize) or L (de-quantize).
  static uint32_t output_capacity(uint32_t operation, const edqa_record_descriptor& config);

  // A record's descriptor as the stream carries it (docs/spec.md §7): the scale of the operation, W its input
  // words, and whether the layer's static code follows it.
  static edqa_hw::RecordDescriptor stream_descriptor(uint32_t operation, const edqa_record_descriptor& descriptor,
                                                     uint32_t input_words, bool loads_static_code);

  // Whether a record (its stream descriptor, W = d.words input words) uses a static code of m = static_code_bits;
  // the driver loads the layer's code behind the first record in a START that does.
  static bool uses_static_code(uint32_t operation, const edqa_hw::RecordDescriptor& d, const uint32_t* input,
                               uint32_t static_code_bits);
  // Whether a record uses the codes' static code of N = code_bits (docs/spec.md §3.8).
  static bool uses_code_static_code(const edqa_hw::RecordDescriptor& d, uint32_t code_bits) {
    return d.code_coding && d.bits == code_bits;
  }

  // Runs `count` records of one operation on the eDQA accelerator, as few STARTs as the DMA allows; their outputs
  // land back to back in `out` (at least the sum of output_capacity), a failed record's with no words. `cycles`
  // sums the counters of every START. The caller has validated every record (channel_checks.h).
  // `static_code` may be null (no record may then have a coding other than adaptive), and so may
  // `code_static_code` (no record may then have code coding static).
  void run_layer(uint32_t operation, const LayerRecord* records, uint32_t count, const StaticCode* static_code,
                 uint32_t* out, uint32_t out_capacity, RecordOutcome* outcomes, edqa_cycle_counts* cycles,
                 const StaticCode* code_static_code = nullptr);

  // One record as a layer of one; a failed record throws. Returns the record's size in words.
  uint32_t quantize(const edqa_record_descriptor& config, const float* values, uint32_t* record,
                    uint32_t record_capacity, edqa_cycle_counts* cycles);

  void dequantize(const edqa_record_descriptor& config, const uint32_t* record, uint32_t record_words, float* values,
                  edqa_cycle_counts* cycles);

  // The NoisyQuant baseline accelerator (docs/spec.md §8).
  uint32_t noisyquant_quantize(const edqa_noisyquant_config& config, const float* values, uint32_t* record,
                               uint32_t record_capacity, edqa_cycle_counts* cycles);

  void noisyquant_dequantize(const edqa_noisyquant_config& config, const uint32_t* record, uint32_t record_words,
                             float* values, edqa_cycle_counts* cycles);

 private:
  static bool needs_static_code(uint32_t operation, const LayerRecord& record, const StaticCode* code);
  static bool needs_code_static_code(uint32_t operation, const LayerRecord& record, const StaticCode* code);
  // The registers and DMA of one accelerator, as the common part of an operation needs them.
  struct Device {
    const char* name;
    uint32_t start;
    uint32_t done;
    uint32_t status;
    Dma dma;
  };

  uint32_t execute(const Device& device, const uint32_t* in, uint32_t in_words, uint32_t* out, uint32_t out_capacity,
                   bool status_per_record);
  void run_call(uint32_t operation, const LayerRecord* records, uint32_t count, const StaticCode* static_code,
                const StaticCode* code_static_code, uint32_t* out, RecordOutcome* outcomes, uint32_t out_base,
                edqa_cycle_counts* cycles);
  void run_single(uint32_t operation, const edqa_record_descriptor& config, const uint32_t* in, uint32_t in_words,
                  uint32_t* out, uint32_t out_capacity, RecordOutcome& outcome, edqa_cycle_counts* cycles);
  void read_counters(uint32_t base, uint32_t count, edqa_cycle_counts& cycles);
  void wait_until(const Device& device, bool (AcceleratorDriver::*condition)(const Device&), const char* what,
                  uint32_t poll_cycles);
  bool done_raised(const Device& device);
  bool done_lowered(const Device& device);
  bool transfer_drained(const Device& device);
  void reset_dma(Dma dma);
  void require_present(Dma dma);
  void recover_from_dma_error(const Device& device, uint32_t errors, uint32_t received, uint32_t out_capacity);
  uint32_t run_noisyquant(uint32_t operation, const edqa_noisyquant_config& config, const uint32_t* in,
                          uint32_t in_words, uint32_t* out, uint32_t out_capacity, edqa_cycle_counts* cycles);

  HardwareAccess& hardware_;
  uint64_t timeout_cycles_;
  std::vector<uint32_t> stream_, received_;
};

}  // namespace edqa_harness

#endif  // EDQA_ACCELERATOR_DRIVER_H
