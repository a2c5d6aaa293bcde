// The elaborated simulation: clock, reset, the register signals, both accelerators and their DMA models. SystemC
// allows one elaboration per process, so there is exactly one SimulationModel, created on first use and never
// destroyed (destroying SystemC objects leaves dangling kernel events behind).
#ifndef EDQA_SIMULATION_MODEL_H
#define EDQA_SIMULATION_MODEL_H

#include <systemc.h>

#include <cstdint>
#include <string>
#include <vector>

#include "accelerator.sc.h"
#include "dma_model.h"
#include "hardware_access.h"
#include "noisyquant_accelerator.sc.h"
#include "register_map.h"

namespace edqa_harness {

// Which accelerators a waveform shows (edqa_sim_options.trace).
enum TraceMask : uint32_t { kTraceEdqa = 1u << 0, kTraceNoisyQuant = 1u << 1 };

class SimulationModel : public HardwareAccess {
 public:
  // The process's model; elaborated by the first call, which alone may ask for a VCD waveform ("" for none) of the
  // accelerators in `trace_mask`.
  static SimulationModel& instance(const std::string& vcd_path, uint32_t trace_mask);

  // HardwareAccess: registers are signals, each write takes one clock cycle.
  void write_register(uint32_t offset, uint32_t value) override;
  uint32_t read_register(uint32_t offset) override;
  void load_input(Dma dma, const uint32_t* in, uint32_t words) override;
  void set_memory_bandwidth(uint32_t megabytes_per_second) {
    dma_.set_bandwidth(megabytes_per_second);
    noisy_dma_.set_bandwidth(megabytes_per_second);
  }
  uint32_t max_transfer_words() override { return 1u << 24; }
  void start_transfer(Dma dma, uint32_t in_words, uint32_t out_capacity) override;
  bool transfer_idle(Dma dma) override;
  uint32_t received_words(Dma dma) override;
  bool receive_overflowed(Dma dma) override;
  void fetch_output(Dma dma, uint32_t* out, uint32_t words) override;
  void barrier() override {}
  void idle(uint32_t cycles) override;
  uint64_t elapsed_cycles() override { return simulated_cycles(); }
  void reset_dma(Dma dma) override;
  void reset_accelerator() override;

  uint64_t simulated_cycles() const;

 private:
  SimulationModel(const std::string& vcd_path, uint32_t trace_mask);

  sc_clock clk_;
  sc_signal<bool> reset_;

#define EDQA_REGISTER_SIGNAL(NAME, port, dir, bundle, width, description) sc_signal<sc_uint<width> > edqa_##port##_;
  EDQA_ACCELERATOR_REGISTERS(EDQA_REGISTER_SIGNAL)
#undef EDQA_REGISTER_SIGNAL
#define EDQA_REGISTER_SIGNAL(NAME, port, dir, bundle, width, description) sc_signal<sc_uint<width> > noisy_##port##_;
  EDQA_NOISYQUANT_REGISTERS(EDQA_REGISTER_SIGNAL)
#undef EDQA_REGISTER_SIGNAL

  sc_fifo<edqa_hw::Beat> to_accelerator_;
  sc_fifo<edqa_hw::Beat> from_accelerator_;
  edqa_hw::EdqaAccelerator accelerator_;
  DmaModel dma_;

  // The NoisyQuant baseline, beside it with its own registers, streams and DMA.
  sc_fifo<edqa_hw::Beat> to_noisy_;
  sc_fifo<edqa_hw::Beat> from_noisy_;
  edqa_hw::NoisyQuantAccelerator noisy_;
  DmaModel noisy_dma_;

  // The DMA buffers in "memory": what the host loads and the DMA reads, and what the DMA writes.
  std::vector<uint32_t> in_buffer_[2];
  std::vector<uint32_t> out_buffer_[2];

  DmaModel& dma(Dma which) { return which == Dma::kEdqa ? dma_ : noisy_dma_; }
  sc_trace_file* trace_file_ = nullptr;

  // The processes of each accelerator (and its DMA). The host drives one accelerator at a time, between whole
  // operations; the other's processes are disabled meanwhile, so its idle threads do not wake at every edge of a
  // run they take no part in (a NoisyQuant channel runs for millions of cycles). Simulation speed only: an idle
  // thread polls start, and a disabled one resumes polling at the next edge after it is enabled.
  std::vector<sc_process_handle> edqa_processes_;
  std::vector<sc_process_handle> noisy_processes_;
  int active_ = -1;  // the accelerator whose processes run (-1: both)
  void activate(int accelerator);
};

}  // namespace edqa_harness

#endif  // EDQA_SIMULATION_MODEL_H
