// The memory a simulated AXI DMA sees (sim/systemc/dma_model.h): plain numbers, so that the C ABI and the board
// build share them without SystemC.
#ifndef EDQA_MEMORY_SETTINGS_H
#define EDQA_MEMORY_SETTINGS_H

#include <cstdint>

namespace edqa_harness {

// What a cycle of the accelerator's clock buys from memory: the DDR's peak and its efficiency, the fabric clock and
// the DMA's clock (edqa_sim_options, edqa-sim --ddr-mbps, --ddr-efficiency, --clock-mhz, --dma-mhz). A board
// measurement (hw/hls/README.md, "DMA loopback") replaces the first two: --ddr-mbps twice its MB/s, efficiency 100.
struct MemorySettings {
  static constexpr uint32_t kDefaultDdrMegabytesPerSecond = 2100;  // DDR3, 16 bits at 1050 MT/s
  static constexpr uint32_t kDefaultEfficiencyPercent = 75;        // UG585 §22.3.2
  static constexpr uint32_t kDefaultClockMHz = 150;      // the clock the evidence supports (docs/performance.md)
  static constexpr uint32_t kDmaCharacterizedMHz = 150;  // PG022: the DataMover on a -1 Zynq-7000

  uint32_t ddr_megabytes_per_second = kDefaultDdrMegabytesPerSecond;  // 0: unlimited
  uint32_t efficiency_percent = kDefaultEfficiencyPercent;
  uint32_t clock_mhz = kDefaultClockMHz;
  uint32_t dma_mhz = 0;  // 0: min(clock_mhz, kDmaCharacterizedMHz)

  uint32_t effective_dma_mhz() const {
    return dma_mhz != 0 ? dma_mhz : (clock_mhz < kDmaCharacterizedMHz ? clock_mhz : kDmaCharacterizedMHz);
  }
  // Thousandths of a byte of DDR per accelerator cycle (0: unlimited).
  uint64_t ddr_milli_bytes_per_cycle() const {
    return static_cast<uint64_t>(ddr_megabytes_per_second) * efficiency_percent * 10 / clock_mhz;
  }
  // Thousandths of a beat each DMA direction moves per accelerator cycle (at most 1000: one beat).
  uint64_t dma_milli_beats_per_cycle() const {
    const uint64_t beats = static_cast<uint64_t>(effective_dma_mhz()) * 1000 / clock_mhz;
    return beats > 1000 ? 1000 : beats;
  }
};

}  // namespace edqa_harness

#endif  // EDQA_MEMORY_SETTINGS_H
