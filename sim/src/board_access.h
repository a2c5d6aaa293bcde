// The PYNQ-Z1 board as a HardwareAccess: the accelerators' AXI-Lite registers and two AXI DMAs mapped through
// /dev/mem, DMA buffers in a reserved, physically contiguous memory region, bounded waits. The address map is
// configurable (defaults: the authors' design, eDQA control at 0x43C00000 and counters at 0x43C10000).
#ifndef EDQA_BOARD_ACCESS_H
#define EDQA_BOARD_ACCESS_H

#include <cstddef>
#include <cstdint>
#include <string>

#include "hardware_access.h"

namespace edqa_harness {

// Physical addresses of the design. Each can be overridden by an environment variable of the same name,
// e.g. EDQA_BOARD_EDQA_CONTROL=0x43C00000 (hex or decimal), or by a file of NAME=VALUE lines named by
// EDQA_BOARD_MAP.
struct BoardMap {
  uint64_t edqa_control = 0x43C00000;    // EDQA_BOARD_EDQA_CONTROL: registers of sim/src/register_map.h below 0x10000
  uint64_t edqa_counters = 0x43C10000;   // EDQA_BOARD_EDQA_COUNTERS: the cycle counters (offsets 0x10000..)
  uint64_t noisy_control = 0x43C20000;   // EDQA_BOARD_NOISY_CONTROL
  uint64_t noisy_counters = 0x43C30000;  // EDQA_BOARD_NOISY_COUNTERS
  uint64_t edqa_dma = 0x40400000;        // EDQA_BOARD_EDQA_DMA: AXI DMA (simple mode) of the eDQA accelerator
  uint64_t noisy_dma = 0x40410000;       // EDQA_BOARD_NOISY_DMA
  uint64_t buffers = 0x1F000000;         // EDQA_BOARD_BUFFERS: reserved, contiguous memory for DMA buffers
  uint64_t buffer_bytes = 0x00400000;    // EDQA_BOARD_BUFFER_BYTES: its size (two directions x two DMAs)
  std::string memory_device = "/dev/mem";  // EDQA_BOARD_MEMORY

  static BoardMap from_environment();
};

class BoardAccess : public HardwareAccess {
 public:
  explicit BoardAccess(const BoardMap& map);  // throws DriverError when the device cannot be mapped
  ~BoardAccess() override;
  BoardAccess(const BoardAccess&) = delete;
  BoardAccess& operator=(const BoardAccess&) = delete;

  void write_register(uint32_t offset, uint32_t value) override;
  uint32_t read_register(uint32_t offset) override;
  void start_transfer(Dma dma, const uint32_t* in, uint32_t in_words, uint32_t* out, uint32_t out_capacity) override;
  bool transfer_idle(Dma dma) override;
  uint32_t received_words(Dma dma) override;
  bool receive_overflowed(Dma dma) override;
  void idle(uint32_t cycles) override;
  void reset_accelerator() override;

 private:
  struct Mapping {
    volatile uint32_t* words = nullptr;
    void* base = nullptr;
    size_t bytes = 0;
  };

  struct Channel {
    Mapping registers;
    uint32_t* out = nullptr;
    uint32_t out_capacity = 0;
    uint64_t in_physical = 0;
    uint64_t out_physical = 0;
    uint32_t* in_buffer = nullptr;
    uint32_t* out_buffer = nullptr;
  };

  Mapping map_region(uint64_t physical, size_t bytes, const char* what);
  void unmap(Mapping& mapping);
  volatile uint32_t& register_at(uint32_t offset);
  Channel& channel(Dma dma) { return dma == Dma::kEdqa ? edqa_ : noisy_; }

  int device_ = -1;
  Mapping edqa_control_, edqa_counters_, noisy_control_, noisy_counters_, buffers_;
  Channel edqa_, noisy_;
};

}  // namespace edqa_harness

#endif  // EDQA_BOARD_ACCESS_H
