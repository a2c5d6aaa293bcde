// The PYNQ-Z1 board as a HardwareAccess: the accelerators' AXI-Lite registers and two AXI DMAs mapped through
// /dev/mem, DMA buffers in physically contiguous memory the kernel does not use, memory barriers between the CPU's
// and the DMA's accesses, and waits measured in real time.
//
// The map (all physical addresses) comes from, in order: the defaults (the authors' design, eDQA control at
// 0x43C00000 and counters at 0x43C10000), a file of NAME=VALUE lines named by EDQA_BOARD_MAP (what
// `edqa board map --from x<top>_hw.h` writes, with the register offsets Vivado HLS assigned), and environment
// variables of the same names. A value is 0x and hexadecimal digits or decimal digits (a leading 0 is refused: C
// would read 010 as octal), a CRLF line reads as its LF line: the rules of `edqa board map`'s C# reader
// (parse_number in board_access.cpp); a bad entry is refused with its file and line.
//
// DMA buffers: either a u-dma-buf device (EDQA_BOARD_UDMABUF=udmabuf0: its physical address and size are read
// from /sys/class/u-dma-buf/udmabuf0/, the buffer is mapped through /dev/udmabuf0), or a region reserved in the
// device tree (EDQA_BOARD_BUFFERS, EDQA_BOARD_BUFFER_BYTES), which is refused unless /proc/iomem shows that no
// part of it is System RAM: a fixed address the kernel also hands out would corrupt memory.
#ifndef EDQA_BOARD_ACCESS_H
#define EDQA_BOARD_ACCESS_H

#include <cstddef>
#include <cstdint>
#include <string>

#include "hardware_access.h"
#include "register_map.h"

namespace edqa_harness {

struct BoardMap {
  uint64_t edqa_control = 0x43C00000;    // EDQA_BOARD_EDQA_CONTROL: the eDQA ctrl bundle
  uint64_t edqa_counters = 0x43C10000;   // EDQA_BOARD_EDQA_COUNTERS: its counters bundle
  uint64_t noisy_control = 0x43C20000;   // EDQA_BOARD_NOISY_CONTROL
  uint64_t noisy_counters = 0x43C30000;  // EDQA_BOARD_NOISY_COUNTERS
  uint64_t edqa_dma = 0x40400000;        // EDQA_BOARD_EDQA_DMA: AXI DMA (simple mode) of the eDQA accelerator
  uint64_t noisy_dma = 0x40410000;       // EDQA_BOARD_NOISY_DMA
  uint64_t noisyquant = 1;  // EDQA_BOARD_NOISYQUANT: 1 if the bitstream has NoisyQuant and its DMA, 0 if not (a
                            // 4 x 2 design leaves no room): then nothing of it is mapped or touched
  uint64_t reset_gpio = 0x41200000;    // EDQA_BOARD_RESET_GPIO: the AXI GPIO whose outputs drive the IPs' resets
  uint64_t edqa_reset_mask = 0x1;      // EDQA_BOARD_EDQA_RESET_MASK: its channel-1 bits wired to the eDQA IP's
  uint64_t noisy_reset_mask = 0x2;     // EDQA_BOARD_NOISY_RESET_MASK: ... and to NoisyQuant's
  uint64_t reset_active_low = 1;       // EDQA_BOARD_RESET_ACTIVE_LOW: 1 for ap_rst_n (0 asserts), 0 active high
  uint64_t buffers = 0x1F000000;       // EDQA_BOARD_BUFFERS: a reserved region for the DMA buffers
  uint64_t buffer_bytes = 0x00400000;  // EDQA_BOARD_BUFFER_BYTES: its size (four buffers: in and out of each DMA)
  uint64_t dma_length_bits = 14;  // EDQA_BOARD_DMA_LENGTH_BITS: width of the AXI DMA's buffer length register (8..26)
  std::string udmabuf;            // EDQA_BOARD_UDMABUF: a u-dma-buf device name instead of the region
  std::string memory_device = "/dev/mem";  // EDQA_BOARD_MEMORY
  std::string iomem = "/proc/iomem";       // EDQA_BOARD_IOMEM (tests point it at a fixture)

  // Offset of every register within its bundle, by the logical register index: the logical layout (4 bytes a
  // row) unless the map gives Vivado HLS's (EDQA_BOARD_REG_<NAME>, EDQA_BOARD_NOISY_REG_<NAME>).
  uint32_t edqa_offsets[reg::kEdqaCount];
  uint32_t noisy_offsets[reg::noisy::kNoisyQuantCount];

  BoardMap();
  static BoardMap from_environment();

  // Every entry as a NAME=VALUE line, in the form from_environment() reads (`edqa-board-runner show-map`).
  std::string describe() const;

  // The largest transfer the DMA's length register can hold, in bytes.
  uint64_t max_transfer_bytes() const { return (uint64_t{1} << dma_length_bits) - 1; }
};

// Throws DriverError unless [start, start + bytes) is free of "System RAM" in an /proc/iomem listing.
void check_reserved(const std::string& iomem_text, uint64_t start, uint64_t bytes);

class BoardAccess : public HardwareAccess {
 public:
  explicit BoardAccess(const BoardMap& map);  // throws DriverError when the device cannot be mapped
  ~BoardAccess() override;
  BoardAccess(const BoardAccess&) = delete;
  BoardAccess& operator=(const BoardAccess&) = delete;

  void write_register(uint32_t offset, uint32_t value) override;
  uint32_t read_register(uint32_t offset) override;
  void load_input(Dma dma, const uint32_t* in, uint32_t words) override;
  uint32_t max_transfer_words() override;
  void start_transfer(Dma dma, uint32_t in_words, uint32_t out_capacity) override;
  bool transfer_idle(Dma dma) override;
  uint32_t received_words(Dma dma) override;
  bool receive_overflowed(Dma dma) override;
  void fetch_output(Dma dma, uint32_t* out, uint32_t words) override;
  void barrier() override;
  void idle(uint32_t cycles) override;
  uint64_t elapsed_cycles() override;
  bool has_accelerator(Dma dma) override { return dma == Dma::kEdqa || map_.noisyquant != 0; }
  void request_dma_reset(Dma dma) override;
  bool dma_resetting(Dma dma) override;
  uint32_t dma_errors(Dma dma) override;
  void clear_dma_errors(Dma dma) override;
  void set_accelerator_reset(Dma dma, bool asserted) override;

 private:
  struct Mapping {
    volatile uint32_t* words = nullptr;
    void* base = nullptr;
    size_t bytes = 0;
  };

  struct Channel {
    Mapping registers;
    uint64_t in_physical = 0;
    uint64_t out_physical = 0;
    volatile uint32_t* in_buffer = nullptr;
    volatile uint32_t* out_buffer = nullptr;
    bool receiving = false;
  };

  void release();  // unmaps every mapping and closes the devices (idempotent)
  Mapping map_region(int device, uint64_t physical, size_t bytes, const char* what);
  void unmap(Mapping& mapping);
  volatile uint32_t& register_at(uint32_t offset);
  Channel& channel(Dma dma) { return dma == Dma::kEdqa ? edqa_ : noisy_; }

  BoardMap map_;
  int device_ = -1;
  int buffer_device_ = -1;
  uint64_t buffer_quarter_bytes_ = 0;
  Channel& present(Dma dma);
  Mapping edqa_control_, edqa_counters_, noisy_control_, noisy_counters_, buffers_, reset_gpio_;
  uint32_t reset_gpio_value_ = 0;
  Channel edqa_, noisy_;
};

}  // namespace edqa_harness

#endif  // EDQA_BOARD_ACCESS_H
