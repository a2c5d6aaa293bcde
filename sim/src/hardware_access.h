// What the accelerator driver needs from a platform: register access, one DMA transfer each way, and a way to let
// time pass. The SystemC model implements it (SimulationModel); so does the board (BoardAccess, /dev/mem), as in SECDA.
#ifndef EDQA_HARDWARE_ACCESS_H
#define EDQA_HARDWARE_ACCESS_H

#include <cstdint>

namespace edqa_harness {

// The accelerators' clock: the authors' PYNQ-Z1 build runs at 200 MHz (5 ns); the model simulates the same.
constexpr uint32_t kClockMHz = 200;

// The two accelerators of the design, each behind its own AXI DMA.
enum class Dma { kEdqa = 0, kNoisyQuant = 1 };

class HardwareAccess {
 public:
  virtual ~HardwareAccess() = default;

  virtual void write_register(uint32_t offset, uint32_t value) = 0;
  virtual uint32_t read_register(uint32_t offset) = 0;

  // Arms both channels of a DMA: `in` streams to the accelerator (TLAST on the last word), the accelerator's
  // output lands in `out` (at most `out_capacity` words).
  virtual void start_transfer(Dma dma, const uint32_t* in, uint32_t in_words, uint32_t* out, uint32_t out_capacity) = 0;

  // True once every input word was sent and the output stream is drained.
  virtual bool transfer_idle(Dma dma) = 0;

  // Words received so far, and whether more arrived than fit.
  virtual uint32_t received_words(Dma dma) = 0;
  virtual bool receive_overflowed(Dma dma) = 0;

  // Lets `cycles` accelerator clock cycles pass.
  virtual void idle(uint32_t cycles) = 0;

  // Puts the accelerator and DMA back into their reset state (after a timeout).
  virtual void reset_accelerator() = 0;
};

}  // namespace edqa_harness

#endif  // EDQA_HARDWARE_ACCESS_H
