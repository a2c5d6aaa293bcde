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

// The error bits of an AXI DMA channel's status register DMASR (PG021, MM2S_DMASR 0x04 and S2MM_DMASR 0x34):
// DMAIntErr (an S2MM packet longer than its LENGTH: an overflow), DMASlvErr, DMADecErr halt the channel and only a
// reset clears them; Err_Irq is latched and cleared by writing 1. dma_errors() puts MM2S's in the low half, S2MM's
// in the high half.
constexpr uint32_t kDmaInternalError = 1u << 4;
constexpr uint32_t kDmaSlaveError = 1u << 5;
constexpr uint32_t kDmaDecodeError = 1u << 6;
constexpr uint32_t kDmaErrorInterrupt = 1u << 14;
constexpr uint32_t kDmaHaltingErrors = kDmaInternalError | kDmaSlaveError | kDmaDecodeError;
constexpr uint32_t kDmaErrorBits = kDmaHaltingErrors | kDmaErrorInterrupt;
constexpr int kDmaS2mmShift = 16;

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

  // Whether the platform has this accelerator and its DMA: a board's bitstream may lack NoisyQuant (its board map
  // says so). The driver never touches an absent one: on the board that access is an external abort.
  virtual bool has_accelerator(Dma dma) = 0;

  // A DMA's soft reset (PG021 DMACR.Reset, both channels): requested here, complete once dma_resetting() reads
  // false (the bit self-clears). It returns the DMA to idle, forgets its transfer and clears DMASR's errors.
  virtual void request_dma_reset(Dma dma) = 0;
  virtual bool dma_resetting(Dma dma) = 0;

  // DMASR's kDmaErrorBits of both channels (MM2S low, S2MM << kDmaS2mmShift), and the write-1-to-clear of the
  // latched ones (Err_Irq).
  virtual uint32_t dma_errors(Dma dma) = 0;
  virtual void clear_dma_errors(Dma dma) = 0;

  // The accelerator IP's reset input, held while asserted: it clears the threads, FIFOs and AXI adapters, as the
  // RTL's reset port does (the board drives it from a GPIO its board map names, the model drives its reset port).
  virtual void set_accelerator_reset(Dma dma, bool asserted) = 0;
};

}  // namespace edqa_harness

#endif  // EDQA_HARDWARE_ACCESS_H
