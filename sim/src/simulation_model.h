// The elaborated simulation: clock, reset, the register signals, the accelerator and the DMA model. SystemC allows
// one elaboration per process, so there is exactly one SimulationModel, created on first use and never destroyed
// (destroying SystemC objects leaves dangling kernel events behind).
#ifndef EDQA_SIMULATION_MODEL_H
#define EDQA_SIMULATION_MODEL_H

#include <systemc.h>

#include <cstdint>
#include <string>

#include "accelerator.sc.h"
#include "dma_model.h"
#include "hardware_access.h"
#include "noisyquant_accelerator.sc.h"

namespace edqa_harness {

class SimulationModel : public HardwareAccess {
 public:
  // The process's model; elaborated by the first call, which alone may ask for a VCD waveform ("" for none).
  static SimulationModel& instance(const std::string& vcd_path);

  // HardwareAccess: registers are signals, each write takes one clock cycle.
  void write_register(uint32_t offset, uint32_t value) override;
  uint32_t read_register(uint32_t offset) override;
  void start_transfer(Dma dma, const uint32_t* in, uint32_t in_words, uint32_t* out, uint32_t out_capacity) override;
  bool transfer_idle(Dma dma) override;
  uint32_t received_words(Dma dma) override;
  bool receive_overflowed(Dma dma) override;
  void idle(uint32_t cycles) override;
  void reset_accelerator() override;

  uint64_t simulated_cycles() const;

 private:
  explicit SimulationModel(const std::string& vcd_path);

  sc_clock clk_;
  sc_signal<bool> reset_;
  sc_signal<bool> start_;
  sc_signal<bool> done_;
  sc_signal<uint32_t> status_;
  sc_signal<uint32_t> op_;
  sc_signal<uint32_t> bits_;
  sc_signal<uint32_t> extra_bits_;
  sc_signal<uint32_t> important_;
  sc_signal<uint32_t> length_;
  sc_signal<uint32_t> inv_;
  sc_signal<uint32_t> delta_;
  sc_signal<uint32_t> cycles_total_;
  sc_signal<uint32_t> cycles_quantizer_;
  sc_signal<uint32_t> cycles_encoder_;
  sc_signal<uint32_t> cycles_decoder_;
  sc_signal<uint32_t> cycles_dequantizer_;
  sc_fifo<edqa_hw::Beat> to_accelerator_;
  sc_fifo<edqa_hw::Beat> from_accelerator_;
  edqa_hw::EdqaAccelerator accelerator_;
  DmaModel dma_;

  // The NoisyQuant baseline, beside it with its own registers, streams and DMA.
  sc_signal<bool> noisy_start_;
  sc_signal<bool> noisy_done_;
  sc_signal<uint32_t> noisy_status_;
  sc_signal<uint32_t> noisy_op_;
  sc_signal<uint32_t> noisy_bits_;
  sc_signal<uint32_t> noisy_side_;
  sc_signal<uint32_t> noisy_cycles_;
  sc_fifo<edqa_hw::Beat> to_noisy_;
  sc_fifo<edqa_hw::Beat> from_noisy_;
  edqa_hw::NoisyQuantAccelerator noisy_;
  DmaModel noisy_dma_;

  DmaModel& dma(Dma which) { return which == Dma::kEdqa ? dma_ : noisy_dma_; }
  sc_trace_file* trace_file_ = nullptr;
};

}  // namespace edqa_harness

#endif  // EDQA_SIMULATION_MODEL_H
