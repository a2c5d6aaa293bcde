#include "simulation_model.h"

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
}  // namespace

SimulationModel& SimulationModel::instance(const std::string& vcd_path, uint32_t trace_mask) {
  if (g_model == nullptr) {
    // Deliberately never deleted: see the class comment.
    g_model = new SimulationModel(vcd_path, trace_mask);
    g_model->reset_accelerator();
  } else if (!vcd_path.empty()) {
    throw std::logic_error("a VCD waveform can only be requested by the first simulator of a process (SystemC traces are set up before elaboration ends)");
  }
  return *g_model;
}

SimulationModel::SimulationModel(const std::string& vcd_path, uint32_t trace_mask)
    : clk_("clk", sc_time(1000.0 / kClockMHz, SC_NS)),
      reset_("reset"),
      to_accelerator_("to_accelerator", edqa_hw::kStageFifoDepth),
      from_accelerator_("from_accelerator", edqa_hw::kStageFifoDepth),
      accelerator_("edqa"),
      dma_("dma"),
      to_noisy_("to_noisy", edqa_hw::kStageFifoDepth),
      from_noisy_("from_noisy", edqa_hw::kStageFifoDepth),
      noisy_("noisyquant"),
      noisy_dma_("noisy_dma") {
  accelerator_.clk(clk_);
  accelerator_.reset(reset_);
#define EDQA_BIND(NAME, port, dir, bundle, width, description) accelerator_.port(edqa_##port##_);
  EDQA_ACCELERATOR_REGISTERS(EDQA_BIND)
#undef EDQA_BIND
  accelerator_.din(to_accelerator_);
  accelerator_.dout(from_accelerator_);
  dma_.clk(clk_);
  dma_.reset(reset_);
  dma_.to_accelerator(to_accelerator_);
  dma_.from_accelerator(from_accelerator_);

  noisy_.clk(clk_);
  noisy_.reset(reset_);
#define EDQA_BIND(NAME, port, dir, bundle, width, description) noisy_.port(noisy_##port##_);
  EDQA_NOISYQUANT_REGISTERS(EDQA_BIND)
#undef EDQA_BIND
  noisy_.din(to_noisy_);
  noisy_.dout(from_noisy_);
  noisy_dma_.clk(clk_);
  noisy_dma_.reset(reset_);
  noisy_dma_.to_accelerator(to_noisy_);
  noisy_dma_.from_accelerator(from_noisy_);

  collect_processes(&accelerator_, edqa_processes_);
  collect_processes(&dma_, edqa_processes_);
  collect_processes(&noisy_, noisy_processes_);
  collect_processes(&noisy_dma_, noisy_processes_);

  if (!vcd_path.empty()) {
    std::string base = vcd_path;
    if (base.size() > 4 && base.compare(base.size() - 4, 4, ".vcd") == 0) base.resize(base.size() - 4);
    trace_file_ = sc_create_vcd_trace_file(base.c_str());
    // 100 ps: the 5 ns clock's edges at 0, 2.5, 5 ns ... fall on whole units.
    trace_file_->set_time_unit(100, SC_PS);
    sc_trace(trace_file_, clk_, "clk");
    sc_trace(trace_file_, reset_, "reset");
    if ((trace_mask & kTraceEdqa) != 0) {
      accelerator_.trace(trace_file_, "edqa");
      dma_.trace(trace_file_, "edqa.dma");
    }
    if ((trace_mask & kTraceNoisyQuant) != 0) {
      noisy_.trace(trace_file_, "noisyquant");
      noisy_dma_.trace(trace_file_, "noisyquant.dma");
    }
  }
}

void SimulationModel::activate(int accelerator) {
  if (accelerator == active_) return;
  for (int side = 0; side < 2; ++side) {
    for (sc_process_handle& process : side == 0 ? edqa_processes_ : noisy_processes_) {
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
  activate(offset >= reg::kNoisySTART ? 1 : 0);
  switch (offset) {
#define EDQA_WRITE_W(NAME, port) \
  case reg::k##NAME: edqa_##port##_.write(value); break;
#define EDQA_WRITE_R(NAME, port)
#define EDQA_WRITE(NAME, port, dir, bundle, width, description) EDQA_WRITE_##dir(NAME, port)
    EDQA_ACCELERATOR_REGISTERS(EDQA_WRITE)
#undef EDQA_WRITE_W
#define EDQA_WRITE_W(NAME, port) \
  case reg::kNoisy##NAME: noisy_##port##_.write(value); break;
    EDQA_NOISYQUANT_REGISTERS(EDQA_WRITE)
#undef EDQA_WRITE
#undef EDQA_WRITE_W
#undef EDQA_WRITE_R
    default: unmapped("write to a read-only or unmapped", offset);
  }
  idle(1);
}

uint32_t SimulationModel::read_register(uint32_t offset) {
  switch (offset) {
#define EDQA_READ(NAME, port, dir, bundle, width, description) \
  case reg::k##NAME: return edqa_##port##_.read().to_uint();
    EDQA_ACCELERATOR_REGISTERS(EDQA_READ)
#undef EDQA_READ
#define EDQA_READ(NAME, port, dir, bundle, width, description) \
  case reg::kNoisy##NAME: return noisy_##port##_.read().to_uint();
    EDQA_NOISYQUANT_REGISTERS(EDQA_READ)
#undef EDQA_READ
    default: unmapped("read of an unmapped", offset);
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
  const bool streams_empty = which == Dma::kEdqa
                                 ? to_accelerator_.num_available() == 0 && from_accelerator_.num_available() == 0
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

void SimulationModel::reset_dma(Dma which) { dma(which).abort(); }

void SimulationModel::reset_accelerator() {
  // Every clocked thread restarts (and empties the FIFOs it reads) on each cycle reset is held.
  activate(-1);
  edqa_start_.write(0);
  noisy_start_.write(0);
  dma_.abort();
  noisy_dma_.abort();
  reset_.write(true);
  idle(4);
  reset_.write(false);
  idle(edqa_hw::schedule::kResetRecoveryCycles);
}

uint64_t SimulationModel::simulated_cycles() const { return sc_time_stamp().value() / clk_.period().value(); }

}  // namespace edqa_harness
