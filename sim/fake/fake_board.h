// The board runner's self-test board: an in-memory register file and DMA pair that answers each record (an eDQA
// layer's records, each found by its descriptor and input) with the result a golden result stream holds for it, and
// checks the protocol the AcceleratorDriver must follow on a real Zynq, recording every breach:
//   - configuration registers are written only while the accelerator is idle (START low, DONE low);
//   - the input is loaded, then a barrier, then the DMA is armed for exactly the loaded words, then START;
//   - START falls only after DONE was read high; DONE falls when START falls;
//   - a barrier separates DONE from reading the output, and no more than the received words are read;
//   - after a record that never raises DONE (hang_next()): START low, an IP reset pulse (the reset GPIO, not
//     SOFT_RESET, which leaves the FIFOs and adapters as they were) and a completed DMA reset before the next START;
//   - a DMA reset is awaited: DMACR.Reset reads 1 for some cycles, and the DMA is not armed until it was read 0;
//   - after a DMA error (overflow_next(): an S2MM overflow, DMASR DMAIntErr and Err_Irq) the DMA is reset and its
//     errors cleared before it is armed again;
//   - an accelerator the bitstream lacks (remove()) is never touched: any access to it is an external abort.
// Time is a counter: every register read costs one cycle, idle(n) n cycles. A record's DONE rises a fixed latency
// after START, so the driver's polling loops run.
#ifndef EDQA_FAKE_BOARD_H
#define EDQA_FAKE_BOARD_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hardware_access.h"
#include "job_stream.h"

namespace edqa_harness {

class FakeBoard : public HardwareAccess {
 public:
  // Every record of `jobs` answered with its result in `expected` (same order, same sizes).
  FakeBoard(const std::vector<edqa_jobs::Job>& jobs, const std::vector<edqa_jobs::JobResult>& expected);

  // The next record started on `dma` never raises DONE.
  void hang_next(Dma dma) { accelerator(dma).hang_next = true; }
  // The next transfer on `dma` ends in an S2MM overflow: more words than its buffer, DMASR's errors set.
  void overflow_next(Dma dma) { accelerator(dma).overflow_next = true; }
  // The next DMA reset of `dma` never completes (DMACR.Reset stays 1).
  void stick_next_reset(Dma dma) { accelerator(dma).stick_next_reset = true; }
  // A bitstream without this accelerator: has_accelerator() says so, and any access to it is a violation.
  void remove(Dma dma) { accelerator(dma).present = false; }

  const std::vector<std::string>& violations() const { return violations_; }
  uint32_t records_started() const { return records_started_; }  // records walked (an eDQA layer counts each)
  uint32_t ip_resets() const { return ip_resets_; }              // IP reset pulses (asserted, then released)
  uint32_t dma_resets() const { return dma_resets_; }            // DMA resets seen complete by the driver
  uint32_t barriers() const { return barriers_; }

  void write_register(uint32_t offset, uint32_t value) override;
  uint32_t read_register(uint32_t offset) override;
  void load_input(Dma dma, const uint32_t* in, uint32_t words) override;
  uint32_t max_transfer_words() override { return 1u << 24; }
  void start_transfer(Dma dma, uint32_t in_words, uint32_t out_capacity) override;
  bool transfer_idle(Dma dma) override;
  uint32_t received_words(Dma dma) override;
  bool receive_overflowed(Dma dma) override;
  void fetch_output(Dma dma, uint32_t* out, uint32_t words) override;
  void barrier() override;
  void idle(uint32_t cycles) override { clock_ += cycles; }
  uint64_t elapsed_cycles() override { return clock_; }
  bool has_accelerator(Dma dma) override { return accelerator(dma).present; }
  void request_dma_reset(Dma dma) override;
  bool dma_resetting(Dma dma) override;
  uint32_t dma_errors(Dma dma) override;
  void clear_dma_errors(Dma dma) override;
  void set_accelerator_reset(Dma dma, bool asserted) override;

 private:
  // One accelerator and its DMA, as the protocol sees them.
  struct Accelerator {
    const char* name;
    std::map<uint32_t, uint32_t> registers;  // by logical offset
    std::vector<uint32_t> input;             // the DMA's input buffer
    bool loaded_since_barrier = false;       // input written and no barrier since
    bool armed = false;
    uint32_t armed_words = 0, out_capacity = 0;
    bool running = false;         // START high
    bool done = false;            // DONE high
    bool done_seen = false;       // the driver read DONE high
    bool output_visible = false;  // a barrier after done_seen
    uint64_t done_at = 0;
    bool present = true;
    bool hang_next = false, hung = false;
    bool ip_reset_held = false, ip_reset_since_hang = false, dma_reset_since_hang = false;
    bool dma_reset_pending = false;  // DMACR.Reset written and not yet read 0
    bool stick_next_reset = false, reset_stuck = false;
    uint64_t dma_reset_until = 0;
    bool overflow_next = false;
    uint32_t dma_errors = 0;       // DMASR's error bits, MM2S low, S2MM high
    std::vector<uint32_t> output;  // what the DMA wrote back
  };

  Accelerator& accelerator(Dma dma) { return dma == Dma::kEdqa ? edqa_ : noisy_; }
  // The accelerator of `dma`, or nullptr (and a violation) when the bitstream lacks it.
  Accelerator* touch(Dma dma, const char* what);
  Accelerator& owner(uint32_t offset);
  void violation(const Accelerator& a, const std::string& what);
  void start(Accelerator& a, Dma dma);
  void start_layer(Accelerator& a, const std::vector<uint32_t>& input);
  void update(Accelerator& a);

  std::map<std::vector<uint32_t>, const edqa_jobs::RecordResult*> answers_;  // key: dma, op, registers, input
  Accelerator edqa_, noisy_;
  std::vector<std::string> violations_;
  uint64_t clock_ = 0;
  uint32_t records_started_ = 0, ip_resets_ = 0, dma_resets_ = 0, barriers_ = 0;
};

}  // namespace edqa_harness

#endif  // EDQA_FAKE_BOARD_H
