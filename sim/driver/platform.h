// The hardware the C ABI drives: the SystemC model (sim_platform.cpp, libedqa_sim) or the PYNQ-Z1 board
// (board_platform.cpp, libedqa_board and the board runner). Exactly one is linked into each binary.
#ifndef EDQA_PLATFORM_H
#define EDQA_PLATFORM_H

#include <cstdint>
#include <memory>
#include <string>

#include "hardware_access.h"
#include "memory_settings.h"

namespace edqa_harness {

// The process's hardware, opened on first use. `vcd_path` asks the simulation for a waveform of the accelerators
// in `trace_mask` (edqa_sim_options.trace; first call only); the board refuses one. `units` and `lanes` select
// the eDQA configuration the simulation runs from now on (edqa_sim_options; 0 and 0 keep the selected one); the
// board runs its bitstream's and refuses any other request than 1 x 1 (the driver needs to know nothing of it).
HardwareAccess& open_platform(const std::string& vcd_path, uint32_t trace_mask, uint32_t units = 0, uint32_t lanes = 0);

// Board builds only: makes `hardware` the process's platform instead of /dev/mem (the board runner's self-test
// installs its FakeBoard before the first simulator handle).
void install_platform(std::unique_ptr<HardwareAccess> hardware);

// The memory the simulated DMAs see (edqa_sim_options: DDR bandwidth and efficiency, fabric and DMA clocks); the
// board has its own DDR and clocks and ignores it.
void set_memory(const MemorySettings& memory);

// The clock the cycle counts are converted at, in MHz: the simulation's fabric clock setting, or the board's.
uint32_t platform_clock_mhz();

// Puts the accelerators back into their reset state before a new simulator handle is handed out.
void reset_platform();

// Clock cycles that have passed on the platform (simulated time; the board has no such clock and throws).
uint64_t platform_cycles();

// "SystemC 2.3.4" or "PYNQ-Z1 board": for edqa_sim_version().
const char* platform_name();

}  // namespace edqa_harness

#endif  // EDQA_PLATFORM_H
