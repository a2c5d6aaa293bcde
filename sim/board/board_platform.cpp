// The PYNQ-Z1 board as the platform of the C ABI (libedqa_board.so and the board runner).
#include <memory>
#include <stdexcept>

#include "accelerator_driver.h"
#include "board_access.h"
#include "driver_error.h"
#include "platform.h"

namespace edqa_harness {

namespace {
std::unique_ptr<HardwareAccess> g_board;
}  // namespace

HardwareAccess& open_platform(const std::string& vcd_path, uint32_t, uint32_t units, uint32_t lanes) {
  if (!vcd_path.empty()) throw std::logic_error("a VCD waveform exists only in simulation; the board has none");
  if ((units > 1) || (lanes > 1)) {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                      "the board runs its bitstream's units and lanes; leave edqa_sim_options.units and .lanes 0");
  }
  if (!g_board) g_board = std::make_unique<BoardAccess>(BoardMap::from_environment());
  return *g_board;
}

void install_platform(std::unique_ptr<HardwareAccess> hardware) {
  if (g_board) throw std::logic_error("install_platform after the board was opened");
  g_board = std::move(hardware);
}

void set_memory(const MemorySettings&) {}

uint32_t platform_clock_mhz() { return kClockMHz; }

// The driver's reset of every accelerator the board map names, awaited; an absent one is never touched.
void reset_platform() {
  constexpr uint64_t kResetTimeoutCycles = 1000000;
  AcceleratorDriver(open_platform("", 0), kResetTimeoutCycles).reset_all();
}

uint64_t platform_cycles() {
  throw DriverError(EDQA_ERROR_STATE, "the board has no simulated clock; read the accelerator's cycle counters");
}

const char* platform_name() { return "PYNQ-Z1 board"; }

}  // namespace edqa_harness
