// The elaborated simulation: clock, reset, the register signals, the accelerators and their DMA models (every eDQA
// configuration of kConfigurations, and NoisyQuant). SystemC allows one elaboration per process, so there is
// exactly one SimulationModel, created on first use and never destroyed (destroying SystemC objects leaves
// dangling kernel events behind).
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

// The eDQA configurations the model elaborates side by side (units x lanes, EdqaAcceleratorT's parameters); a
// simulator runs one of them (edqa_sim_options.units, .lanes).
struct Configuration {
  int units;
  int lanes;
};
constexpr Configuration kConfigurations[] = {{1, 1}, {2, 1}, {4, 1}, {1, 2}, {2, 2}, {4, 2}};
constexpr int kConfigurationCount = static_cast<int>(sizeof(kConfigurations) / sizeof(kConfigurations[0]));

// One elaborated eDQA configuration: its register signals, its streams, the accelerator and its DMA.
class EdqaInstance {
 public:
  virtual ~EdqaInstance() = default;
  virtual void write_register(uint32_t offset, uint32_t value) = 0;
  virtual bool has_register(uint32_t offset) const = 0;
  virtual uint32_t read_register(uint32_t offset) const = 0;
  virtual DmaControl& dma() = 0;
  virtual bool streams_empty() const = 0;
  virtual void trace(sc_trace_file* file, const std::string& scope) const = 0;
  virtual void collect_processes(std::vector<sc_process_handle>& processes) = 0;
  virtual void hold_start_low() = 0;
};

// The board's reset logic for one accelerator and its DMA (the block design's Processor System Reset, fed by the
// IP's reset_request, hw/hls/README.md): both are held in reset while the platform's reset or reset_request is
// high and for kBoardResetHoldCycles after, so a SOFT_RESET clears what a hard reset clears (threads, FIFOs,
// stream adapters, the DMA), nothing more and nothing less.
SC_MODULE(BoardReset) {
  sc_in<bool> clk;
  sc_in<bool> reset_in;
  sc_in<bool> request;
  sc_out<bool> reset_out;

  SC_CTOR(BoardReset) {
    SC_METHOD(update);
    sensitive << clk.pos() << reset_in << request;
  }

 private:
  int hold_ = 0;

  void update() {
    if (reset_in.read() || request.read()) {
      hold_ = edqa_hw::schedule::kBoardResetHoldCycles;
    } else if (clk.posedge() && hold_ > 0) {
      --hold_;
    }
    reset_out.write(reset_in.read() || request.read() || hold_ > 0);
  }
};

class SimulationModel : public HardwareAccess {
 public:
  // The process's model; elaborated by the first call, which alone may ask for a VCD waveform ("" for none) of the
  // accelerators in `trace_mask`.
  // `units` and `lanes` select the eDQA configuration the next operations run on (and the first call's is the one
  // a waveform shows); 0 and 0 keep the selected one (at first the paper's, 1 and 1). Throws
  // std::invalid_argument for a configuration kConfigurations does not hold.
  static SimulationModel& instance(const std::string& vcd_path, uint32_t trace_mask, uint32_t units = 0,
                                   uint32_t lanes = 0);
  // Whether the first call has elaborated the model.
  static bool exists();

  // HardwareAccess: registers are signals, each write takes one clock cycle.
  void write_register(uint32_t offset, uint32_t value) override;
  uint32_t read_register(uint32_t offset) override;
  void load_input(Dma dma, const uint32_t* in, uint32_t words) override;
  void set_memory(const MemorySettings& memory) {
    memory_ = memory;
    for (EdqaInstance* edqa : edqa_) edqa->dma().set_memory(memory);
    noisy_dma_.set_memory(memory);
  }
  const MemorySettings& memory() const { return memory_; }
  uint32_t max_transfer_words() override { return 1u << 24; }
  void start_transfer(Dma dma, uint32_t in_words, uint32_t out_capacity) override;
  bool transfer_idle(Dma dma) override;
  uint32_t received_words(Dma dma) override;
  bool receive_overflowed(Dma dma) override;
  void fetch_output(Dma dma, uint32_t* out, uint32_t words) override;
  void barrier() override {}
  void idle(uint32_t cycles) override;
  uint64_t elapsed_cycles() override { return simulated_cycles(); }
  bool has_accelerator(Dma) override { return true; }
  void request_dma_reset(Dma dma) override;
  bool dma_resetting(Dma) override { return false; }  // the model's reset takes effect at once
  uint32_t dma_errors(Dma dma) override;
  void clear_dma_errors(Dma) override {}  // nothing latches: the next transfer starts clean
  void set_accelerator_reset(Dma dma, bool asserted) override;

  // Power-on reset of every configuration, NoisyQuant and their DMAs (before a new simulator handle).
  void reset_accelerator();

  uint64_t simulated_cycles() const;

 private:
  SimulationModel(const std::string& vcd_path, uint32_t trace_mask, int selected);

  sc_clock clk_;
  sc_signal<bool> reset_;
  MemorySettings memory_;

  // Every eDQA configuration (never destroyed, like the model), and the one selected.
  EdqaInstance* edqa_[kConfigurationCount];
  int selected_;

  // The NoisyQuant baseline, beside it with its own registers, streams and DMA.
#define EDQA_REGISTER_SIGNAL(NAME, port, dir, bundle, width, description) sc_signal<sc_uint<width> > noisy_##port##_;
  EDQA_NOISYQUANT_REGISTERS(EDQA_REGISTER_SIGNAL)
#undef EDQA_REGISTER_SIGNAL
  sc_fifo<edqa_hw::Beat> to_noisy_;
  sc_fifo<edqa_hw::Beat> from_noisy_;
  edqa_hw::NoisyQuantAccelerator noisy_;
  DmaModel noisy_dma_;
  sc_signal<bool> noisy_reset_request_, noisy_reset_;
  BoardReset noisy_board_reset_;

  // The DMA buffers in "memory": what the host loads and the DMA reads, and what the DMA writes.
  std::vector<uint32_t> in_buffer_[2];
  std::vector<uint32_t> out_buffer_[2];

  DmaControl& dma(Dma which) {
    return which == Dma::kEdqa ? edqa_[selected_]->dma() : static_cast<DmaControl&>(noisy_dma_);
  }
  sc_trace_file* trace_file_ = nullptr;
  static void write_loop_names(const std::string& path);

  // The processes of each accelerator (and its DMA). The host drives one accelerator at a time, between whole
  // operations; the others' processes are disabled meanwhile, so their idle threads do not wake at every edge of
  // a run they take no part in (a NoisyQuant channel runs for millions of cycles). Simulation speed only: an idle
  // thread polls start, and a disabled one resumes polling at the next edge after it is enabled.
  std::vector<sc_process_handle> processes_[kConfigurationCount + 1];  // the eDQA configurations, then NoisyQuant
  int active_ = -1;                                                    // the accelerator whose processes run (-1: all)
  void activate(int accelerator);
};

}  // namespace edqa_harness

#endif  // EDQA_SIMULATION_MODEL_H
