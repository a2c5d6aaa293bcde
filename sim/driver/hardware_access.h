// What the accelerator driver needs from a platform: register access, the DMA's buffers and transfers, memory
// barriers, and time. The SystemC model implements it (SimulationModel); so does the board (BoardAccess, /dev/mem),
// as in SECDA; so does the protocol-checking fake of the board runner's self-test (fake_board.h).
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

  // The logical offsets of sim/driver/register_map.h.
  virtual void write_register(uint32_t offset, uint32_t value) = 0;
  virtual uint32_t read_register(uint32_t offset) = 0;

  // Copies the input into the DMA's input buffer (before barrier() and start_transfer()).
  virtual void load_input(Dma dma, const uint32_t* in, uint32_t words) = 0;

  // Arms both channels of a DMA: `in_words` of the input buffer stream to the accelerator (TLAST on the last
  // word), its output lands in the output buffer (at most `out_capacity` words).
  virtual void start_transfer(Dma dma, uint32_t in_words, uint32_t out_capacity) = 0;

  // The most words one transfer may carry each way (the DMA's length register, the buffers): the driver splits a
  // layer into calls that fit.
  virtual uint32_t max_transfer_words() = 0;
  // True once every input word was sent and the output stream is drained.
  virtual bool transfer_idle(Dma dma) = 0;

  // Words received, and whether more arrived than fit.
  virtual uint32_t received_words(Dma dma) = 0;
  virtual bool receive_overflowed(Dma dma) = 0;

  // Copies the first `words` words of the output buffer out (after barrier()).
  virtual void fetch_output(Dma dma, uint32_t* out, uint32_t words) = 0;

  // A full memory barrier between the CPU's buffer accesses and the DMA's (dmb/dsb on the Cortex-A9; nothing in
  // simulation, where the DMA is a model).
  virtual void barrier() = 0;

  // Lets up to `cycles` accelerator cycles pass (the board polls without sleeping: a Linux sleep of a few hundred
  // nanoseconds lasts tens of microseconds).
  virtual void idle(uint32_t cycles) = 0;

  // Cycles of the accelerator's clock since some fixed moment: simulated cycles, or real time at 200 MHz. The
  // driver's timeouts are measured on it.
  virtual uint64_t elapsed_cycles() = 0;

  // Returns a DMA to idle and forgets its transfer (after a timeout).
  virtual void reset_dma(Dma dma) = 0;

  // Puts the accelerators and DMAs back into their reset state (before a new simulator handle is handed out).
  virtual void reset_accelerator() = 0;
};

}  // namespace edqa_harness

#endif  // EDQA_HARDWARE_ACCESS_H
