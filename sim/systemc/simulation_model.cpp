#include "simulation_model.h"

#include <fstream>
#include <stdexcept>

namespace edqa_harness {

namespace {
SimulationModel* g_model = nullptr;

// Every process below `object` (its modules' threads and methods).
void collect_processes(sc_object* object, std::vector<sc_process_handle>& processes) {
  for (sc_object* child : object->get_child_objects()) {
    sc_process_handle handle(child);
    if (handle.valid()) {
      processes.push_back(handle);
    } else {
      collect_processes(child, processes);
    }
  }
}

[[noreturn]] void unmapped(const char* what, uint32_t offset) {
  throw std::invalid_argument(std::string(what) + " register offset " + std::to_string(offset));
}

// The index of (units, lanes) in kConfigurations.
int configuration_index(uint32_t units, uint32_t lanes) {
  for (int c = 0; c < kConfigurationCount; ++c) {
    if (static_cast<uint32_t>(kConfigurations[c].units) == units &&
        static_cast<uint32_t>(kConfigurations[c].lanes) == lanes)
      return c;
  }
  std::string choices;
  for (const Configuration& c : kConfigurations)
    choices += (choices.empty() ? "" : ", ") + std::to_string(c.units) + "x" + std::to_string(c.lanes);
  throw std::invalid_argument("no eDQA configuration of " + std::to_string(units) + " units and " +
                              std::to_string(lanes) + " lanes is elaborated (units x lanes: " + choices + ")");
}

// One configuration, EdqaAcceleratorT<kUnits, kLanes>, with its register signals, streams and DMA. The paper's
// (1 x 1) is named "edqa" as before; the others "edqa_<units>x<lanes>".
template <int kUnits, int kLanes>
class EdqaInstanceT : public EdqaInstance {
 public:
  typedef typename edqa_hw::LaneBeat<kLanes>::type StreamBeat;

  EdqaInstanceT(sc_clock& clk, sc_signal<bool>& reset)
      : to_accelerator_(name("to_accelerator").c_str(), edqa_hw::kStageFifoDepth),
        from_accelerator_(name("from_accelerator").c_str(), edqa_hw::kStageFifoDepth),
        accelerator_(name("").c_str()),
        dma_(name("_dma").c_str()),
        board_reset_(name("_board_reset").c_str()) {
    board_reset_.clk(clk);
    board_reset_.reset_in(reset);
    board_reset_.request(reset_request_);
    board_reset_.reset_out(instance_reset_);
    accelerator_.clk(clk);
    accelerator_.reset(instance_reset_);
    accelerator_.reset_request(reset_request_);
#define EDQA_BIND(NAME, port, dir, bundle, width, description) accelerator_.port(port##_);
    EDQA_ACCELERATOR_REGISTERS(EDQA_BIND)
#undef EDQA_BIND
    accelerator_.din(to_accelerator_);
    accelerator_.dout(from_accelerator_);
    dma_.clk(clk);
    dma_.reset(instance_reset_);
    dma_.to_accelerator(to_accelerator_);
    dma_.from_accelerator(from_accelerator_);
  }

  void write_register(uint32_t offset, uint32_t value) override {
    switch (offset) {
#define EDQA_WRITE_W(NAME, port) \
  case reg::k##NAME:             \
    port##_.write(value);        \
    break;
#define EDQA_WRITE_R(NAME, port)
#define EDQA_WRITE(NAME, port, dir, bundle, width, description) EDQA_WRITE_##dir(NAME, port)
      EDQA_ACCELERATOR_REGISTERS(EDQA_WRITE)
#undef EDQA_WRITE
#undef EDQA_WRITE_W
#undef EDQA_WRITE_R
      default:
        unmapped("write to a read-only or unmapped", offset);
    }
  }

  bool has_register(uint32_t offset) const override {
    switch (offset) {
#define EDQA_HAS(NAME, port, dir, bundle, width, description) case reg::k##NAME:
      EDQA_ACCELERATOR_REGISTERS(EDQA_HAS)
#undef EDQA_HAS
      return true;
      default:
        return false;
    }
  }

  uint32_t read_register(uint32_t offset) const override {
    switch (offset) {
#define EDQA_READ(NAME, port, dir, bundle, width, description) \
  case reg::k##NAME:                                           \
    return port##_.read().to_uint();
      EDQA_ACCELERATOR_REGISTERS(EDQA_READ)
#undef EDQA_READ
      default:
        unmapped("read of an unmapped", offset);
    }
  }

  DmaControl& dma() override { return dma_; }
  bool streams_empty() const override {
    return to_accelerator_.num_available() == 0 && from_accelerator_.num_available() == 0;
  }
  void trace(sc_trace_file* file, const std::string& scope) const override {
    accelerator_.trace(file, scope);
    dma_.trace(file, scope + ".dma");
  }
  void collect_processes(std::vector<sc_process_handle>& processes) override {
    edqa_harness::collect_processes(&accelerator_, processes);
    edqa_harness::collect_processes(&dma_, processes);
  }
  void hold_start_low() override { start_.write(0); }

 private:
  static std::string name(const char* suffix) {
    const std::string base =
        kUnits == 1 && kLanes == 1 ? "edqa" : "edqa_" + std::to_string(kUnits) + "x" + std::to_string(kLanes);
    return base + (suffix[0] == '\0' || suffix[0] == '_' ? "" : "_") + suffix;
  }

#define EDQA_REGISTER_SIGNAL(NAME, port, dir, bundle, width, description) sc_signal<sc_uint<width> > port##_;
  EDQA_ACCELERATOR_REGISTERS(EDQA_REGISTER_SIGNAL)
#undef EDQA_REGISTER_SIGNAL
  sc_fifo<StreamBeat> to_accelerator_;
  sc_fifo<StreamBeat> from_accelerator_;
  sc_signal<bool> reset_request_;   // the IP's SOFT_RESET wire to the board's reset logic
  sc_signal<bool> instance_reset_;  // what the board's reset logic drives into the IP and its DMA
  edqa_hw::EdqaAcceleratorT<kUnits, kLanes> accelerator_;
  DmaModelT<kLanes> dma_;
  BoardReset board_reset_;
};

EdqaInstance* elaborate(int index, sc_clock& clk, sc_signal<bool>& reset) {
  switch (index) {
    case 0:
      return new EdqaInstanceT<1, 1>(clk, reset);
    case 1:
      return new EdqaInstanceT<2, 1>(clk, reset);
    case 2:
      return new EdqaInstanceT<4, 1>(clk, reset);
    case 3:
      return new EdqaInstanceT<1, 2>(clk, reset);
    case 4:
      return new EdqaInstanceT<2, 2>(clk, reset);
    default:
      return new EdqaInstanceT<4, 2>(clk, reset);
  }
}
static_assert(kConfigurationCount == 6 && kConfigurations[5].units == 4 && kConfigurations[5].lanes == 2,
              "elaborate() follows kConfigurations");
}  // namespace

SimulationModel& SimulationModel::instance(const std::string& vcd_path, uint32_t trace_mask, uint32_t units,
                                           uint32_t lanes) {
  const bool keep = units == 0 && lanes == 0;
  const int selected = keep ? (g_model != nullptr ? g_model->selected_ : 0) : configuration_index(units, lanes);
  if (g_model == nullptr) {
    // Deliberately never deleted: see the class comment.
    g_model = new SimulationModel(vcd_path, trace_mask, selected);
    g_model->reset_accelerator();
  } else if (!vcd_path.empty()) {
    throw std::logic_error(
        "a VCD waveform can only be requested by the first simulator of a process (SystemC traces are set up before "
        "elaboration ends)");
  }
  g_model->selected_ = selected;
  return *g_model;
}

bool SimulationModel::exists() { return g_model != nullptr; }

SimulationModel::SimulationModel(const std::string& vcd_path, uint32_t trace_mask, int selected)
    : clk_("clk", sc_time(1000.0 / kClockMHz, SC_NS)),
      reset_("reset"),
      selected_(selected),
      to_noisy_("to_noisy", edqa_hw::kStageFifoDepth),
      from_noisy_("from_noisy", edqa_hw::kStageFifoDepth),
      noisy_("noisyquant"),
      noisy_dma_("noisy_dma"),
      noisy_board_reset_("noisy_board_reset") {
  for (int c = 0; c < kConfigurationCount; ++c) {
    edqa_[c] = elaborate(c, clk_, reset_);
    edqa_[c]->collect_processes(processes_[c]);
  }

  noisy_board_reset_.clk(clk_);
  noisy_board_reset_.reset_in(reset_);
  noisy_board_reset_.request(noisy_reset_request_);
  noisy_board_reset_.reset_out(noisy_reset_);
  noisy_.clk(clk_);
  noisy_.reset(noisy_reset_);
  noisy_.reset_request(noisy_reset_request_);
#define EDQA_BIND(NAME, port, dir, bundle, width, description) noisy_.port(noisy_##port##_);
  EDQA_NOISYQUANT_REGISTERS(EDQA_BIND)
#undef EDQA_BIND
  noisy_.din(to_noisy_);
  noisy_.dout(from_noisy_);
  noisy_dma_.clk(clk_);
  noisy_dma_.reset(noisy_reset_);
  noisy_dma_.to_accelerator(to_noisy_);
  noisy_dma_.from_accelerator(from_noisy_);
  collect_processes(&noisy_, processes_[kConfigurationCount]);
  collect_processes(&noisy_dma_, processes_[kConfigurationCount]);

  if (!vcd_path.empty()) {
    std::string base = vcd_path;
    if (base.size() > 4 && base.compare(base.size() - 4, 4, ".vcd") == 0) base.resize(base.size() - 4);
    trace_file_ = sc_create_vcd_trace_file(base.c_str());
    // 100 ps: the 5 ns clock's edges at 0, 2.5, 5 ns ... fall on whole units.
    trace_file_->set_time_unit(100, SC_PS);
    sc_trace(trace_file_, clk_, "clk");
    sc_trace(trace_file_, reset_, "reset");
    // The waveform shows the configuration the first simulator selected, as "edqa" whatever its units and lanes.
    if ((trace_mask & kTraceEdqa) != 0) edqa_[selected]->trace(trace_file_, "edqa");
    if ((trace_mask & kTraceNoisyQuant) != 0) {
      noisy_.trace(trace_file_, "noisyquant");
      noisy_dma_.trace(trace_file_, "noisyquant.dma");
    }
    write_loop_names(base + ".loops.txt");
  }
}

// The *.loop signals hold a row of the schedule (hw/edqa_schedule.h's kLoops), -1 outside every loop (idle, or a
// one-cycle state between loops): GTKWave shows them by name with this file (the signal's Data Format: Signed
// Decimal, then Translate Filter File). A waveform sent to a device has no file beside it; one that cannot be
// written is skipped (the waveform is the output asked for, this file an aid).
void SimulationModel::write_loop_names(const std::string& path) {
  if (path.rfind("/dev/", 0) == 0) return;
  std::ofstream names(path);
  names << "-1 (no loop)\n";
  for (int row = 0; row < edqa_hw::schedule::kLoopCount; ++row)
    names << row << ' ' << edqa_hw::schedule::kLoops[row].label << '\n';
}

void SimulationModel::activate(int accelerator) {
  if (accelerator == active_) return;
  for (int side = 0; side <= kConfigurationCount; ++side) {
    for (sc_process_handle& process : processes_[side]) {
      if (accelerator < 0 || accelerator == side) {
        process.enable();
      } else {
        process.disable();
      }
    }
  }
  active_ = accelerator;
}

void SimulationModel::write_register(uint32_t offset, uint32_t value) {
  if (offset >= reg::kNoisySTART) {
    activate(kConfigurationCount);
    switch (offset) {
#define EDQA_WRITE_W(NAME, port)  \
  case reg::kNoisy##NAME:         \
    noisy_##port##_.write(value); \
    break;
#define EDQA_WRITE_R(NAME, port)
#define EDQA_WRITE(NAME, port, dir, bundle, width, description) EDQA_WRITE_##dir(NAME, port)
      EDQA_NOISYQUANT_REGISTERS(EDQA_WRITE)
#undef EDQA_WRITE
#undef EDQA_WRITE_W
#undef EDQA_WRITE_R
      default:
        unmapped("write to a read-only or unmapped", offset);
    }
  } else {
    activate(selected_);
    edqa_[selected_]->write_register(offset, value);
  }
  idle(1);
}

uint32_t SimulationModel::read_register(uint32_t offset) {
  if (edqa_[selected_]->has_register(offset)) return edqa_[selected_]->read_register(offset);
  switch (offset) {
#define EDQA_READ(NAME, port, dir, bundle, width, description) \
  case reg::kNoisy##NAME:                                      \
    return noisy_##port##_.read().to_uint();
    EDQA_NOISYQUANT_REGISTERS(EDQA_READ)
#undef EDQA_READ
    default:
      unmapped("read of an unmapped", offset);
  }
}

void SimulationModel::load_input(Dma which, const uint32_t* in, uint32_t words) {
  in_buffer_[static_cast<int>(which)].assign(in, in + words);
}

void SimulationModel::start_transfer(Dma which, uint32_t in_words, uint32_t out_capacity) {
  std::vector<uint32_t>& in = in_buffer_[static_cast<int>(which)];
  std::vector<uint32_t>& out = out_buffer_[static_cast<int>(which)];
  if (in.size() < in_words) in.resize(in_words, 0);
  out.assign(out_capacity, 0);
  dma(which).start(in.data(), in_words, out.data(), out_capacity);
}

bool SimulationModel::transfer_idle(Dma which) {
  const bool streams_empty = which == Dma::kEdqa ? edqa_[selected_]->streams_empty()
                                                 : to_noisy_.num_available() == 0 && from_noisy_.num_available() == 0;
  return dma(which).send_finished() && streams_empty;
}

uint32_t SimulationModel::received_words(Dma which) { return dma(which).received(); }

bool SimulationModel::receive_overflowed(Dma which) { return dma(which).overflowed(); }

void SimulationModel::fetch_output(Dma which, uint32_t* out, uint32_t words) {
  const std::vector<uint32_t>& buffer = out_buffer_[static_cast<int>(which)];
  for (uint32_t i = 0; i < words && i < buffer.size(); ++i) out[i] = buffer[i];
}

void SimulationModel::idle(uint32_t cycles) {
  if (cycles > 0) sc_start(clk_.period() * static_cast<double>(cycles));
}

void SimulationModel::request_dma_reset(Dma which) { dma(which).abort(); }

// An overflow is what the AXI DMA's S2MM reports as DMAIntErr (with Err_Irq).
uint32_t SimulationModel::dma_errors(Dma which) {
  return dma(which).overflowed() ? (kDmaInternalError | kDmaErrorInterrupt) << kDmaS2mmShift : 0u;
}

// The model has one reset port for every accelerator (the RTL's ap_rst_n): asserting it resets them all, which the
// driver allows (it runs one accelerator at a time). Every process runs while it is held, so each one sees it.
void SimulationModel::set_accelerator_reset(Dma, bool asserted) {
  if (asserted) activate(-1);
  reset_.write(asserted);
  idle(1);
}

void SimulationModel::reset_accelerator() {
  // Every clocked thread restarts (and empties the FIFOs it reads) on each cycle reset is held.
  activate(-1);
  for (EdqaInstance* edqa : edqa_) {
    edqa->hold_start_low();
    edqa->dma().abort();
  }
  noisy_start_.write(0);
  noisy_dma_.abort();
  reset_.write(true);
  idle(4);
  reset_.write(false);
  idle(edqa_hw::schedule::kResetRecoveryCycles);
}

uint64_t SimulationModel::simulated_cycles() const { return sc_time_stamp().value() / clk_.period().value(); }

}  // namespace edqa_harness
