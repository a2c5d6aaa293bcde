#include "simulation_model.h"

#include <stdexcept>

#include "register_map.h"

namespace edqa_harness {

namespace {
SimulationModel* g_model = nullptr;
}  // namespace

SimulationModel& SimulationModel::instance(const std::string& vcd_path) {
  if (g_model == nullptr) {
    // Deliberately never deleted: see the class comment.
    g_model = new SimulationModel(vcd_path);
    g_model->reset_accelerator();
  } else if (!vcd_path.empty()) {
    throw std::logic_error("a VCD waveform can only be requested by the first simulator of a process (SystemC traces are set up before elaboration ends)");
  }
  return *g_model;
}

SimulationModel::SimulationModel(const std::string& vcd_path)
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
  accelerator_.start(start_);
  accelerator_.done(done_);
  accelerator_.status(status_);
  accelerator_.op(op_);
  accelerator_.bits(bits_);
  accelerator_.extra_bits(extra_bits_);
  accelerator_.important(important_);
  accelerator_.length(length_);
  accelerator_.inv_bits(inv_);
  accelerator_.delta_bits(delta_);
  accelerator_.cycles_total(cycles_total_);
  accelerator_.cycles_quantizer(cycles_quantizer_);
  accelerator_.cycles_encoder(cycles_encoder_);
  accelerator_.cycles_decoder(cycles_decoder_);
  accelerator_.cycles_dequantizer(cycles_dequantizer_);
  accelerator_.din(to_accelerator_);
  accelerator_.dout(from_accelerator_);
  dma_.clk(clk_);
  dma_.reset(reset_);
  dma_.to_accelerator(to_accelerator_);
  dma_.from_accelerator(from_accelerator_);
  noisy_.clk(clk_);
  noisy_.reset(reset_);
  noisy_.start(noisy_start_);
  noisy_.done(noisy_done_);
  noisy_.status(noisy_status_);
  noisy_.op(noisy_op_);
  noisy_.bits(noisy_bits_);
  noisy_.side(noisy_side_);
  noisy_.cycles_total(noisy_cycles_);
  noisy_.din(to_noisy_);
  noisy_.dout(from_noisy_);
  noisy_dma_.clk(clk_);
  noisy_dma_.reset(reset_);
  noisy_dma_.to_accelerator(to_noisy_);
  noisy_dma_.from_accelerator(from_noisy_);

  if (!vcd_path.empty()) {
    std::string base = vcd_path;
    if (base.size() > 4 && base.compare(base.size() - 4, 4, ".vcd") == 0) base.resize(base.size() - 4);
    trace_file_ = sc_create_vcd_trace_file(base.c_str());
    trace_file_->set_time_unit(1, SC_NS);
    sc_trace(trace_file_, clk_, "clk");
    sc_trace(trace_file_, reset_, "reset");
    sc_trace(trace_file_, start_, "start");
    sc_trace(trace_file_, done_, "done");
    sc_trace(trace_file_, status_, "status");
    sc_trace(trace_file_, op_, "op");
    sc_trace(trace_file_, bits_, "bits");
    sc_trace(trace_file_, extra_bits_, "extra_bits");
    sc_trace(trace_file_, important_, "important");
    sc_trace(trace_file_, length_, "length");
    sc_trace(trace_file_, inv_, "inv");
    sc_trace(trace_file_, delta_, "delta");
    sc_trace(trace_file_, cycles_total_, "cycles_total");
    sc_trace(trace_file_, cycles_quantizer_, "cycles_quantizer");
    sc_trace(trace_file_, cycles_encoder_, "cycles_encoder");
    sc_trace(trace_file_, cycles_decoder_, "cycles_decoder");
    sc_trace(trace_file_, cycles_dequantizer_, "cycles_dequantizer");
    sc_trace(trace_file_, dma_.sent_words, "dma.sent_words");
    sc_trace(trace_file_, dma_.stored_words, "dma.stored_words");
    sc_trace(trace_file_, noisy_start_, "noisy.start");
    sc_trace(trace_file_, noisy_done_, "noisy.done");
    sc_trace(trace_file_, noisy_cycles_, "noisy.cycles_total");
    accelerator_.trace(trace_file_);
  }
}

void SimulationModel::write_register(uint32_t offset, uint32_t value) {
  switch (offset) {
    case reg::kStart: start_.write(value != 0); break;
    case reg::kOp: op_.write(value); break;
    case reg::kBits: bits_.write(value); break;
    case reg::kExtraBits: extra_bits_.write(value); break;
    case reg::kImportant: important_.write(value); break;
    case reg::kLength: length_.write(value); break;
    case reg::kInv: inv_.write(value); break;
    case reg::kDelta: delta_.write(value); break;
    case reg::kNoisyStart: noisy_start_.write(value != 0); break;
    case reg::kNoisyOp: noisy_op_.write(value); break;
    case reg::kNoisyBits: noisy_bits_.write(value); break;
    case reg::kNoisySide: noisy_side_.write(value); break;
    default: throw std::invalid_argument("write to a read-only or unmapped register offset " + std::to_string(offset));
  }
  idle(1);
}

uint32_t SimulationModel::read_register(uint32_t offset) {
  switch (offset) {
    case reg::kStart: return start_.read() ? 1u : 0u;
    case reg::kDone: return done_.read() ? 1u : 0u;
    case reg::kStatus: return status_.read();
    case reg::kOp: return op_.read();
    case reg::kBits: return bits_.read();
    case reg::kExtraBits: return extra_bits_.read();
    case reg::kImportant: return important_.read();
    case reg::kLength: return length_.read();
    case reg::kInv: return inv_.read();
    case reg::kDelta: return delta_.read();
    case reg::kCyclesTotal: return cycles_total_.read();
    case reg::kCyclesQuantizer: return cycles_quantizer_.read();
    case reg::kCyclesEncoder: return cycles_encoder_.read();
    case reg::kCyclesDecoder: return cycles_decoder_.read();
    case reg::kCyclesDequantizer: return cycles_dequantizer_.read();
    case reg::kNoisyStart: return noisy_start_.read() ? 1u : 0u;
    case reg::kNoisyDone: return noisy_done_.read() ? 1u : 0u;
    case reg::kNoisyStatus: return noisy_status_.read();
    case reg::kNoisyOp: return noisy_op_.read();
    case reg::kNoisyBits: return noisy_bits_.read();
    case reg::kNoisySide: return noisy_side_.read();
    case reg::kNoisyCyclesTotal: return noisy_cycles_.read();
    default: throw std::invalid_argument("read of an unmapped register offset " + std::to_string(offset));
  }
}

void SimulationModel::start_transfer(Dma which, const uint32_t* in, uint32_t in_words, uint32_t* out, uint32_t out_capacity) {
  dma(which).start(in, in_words, out, out_capacity);
}

bool SimulationModel::transfer_idle(Dma which) {
  const bool streams_empty = which == Dma::kEdqa
                                 ? to_accelerator_.num_available() == 0 && from_accelerator_.num_available() == 0
                                 : to_noisy_.num_available() == 0 && from_noisy_.num_available() == 0;
  return dma(which).send_finished() && streams_empty;
}

uint32_t SimulationModel::received_words(Dma which) { return dma(which).received(); }

bool SimulationModel::receive_overflowed(Dma which) { return dma(which).overflowed(); }

void SimulationModel::idle(uint32_t cycles) {
  if (cycles > 0) sc_start(clk_.period() * static_cast<double>(cycles));
}

void SimulationModel::reset_accelerator() {
  // Every clocked thread restarts (and empties the FIFOs it reads) on each cycle reset is held.
  start_.write(false);
  noisy_start_.write(false);
  dma_.start(nullptr, 0, nullptr, 0);
  noisy_dma_.start(nullptr, 0, nullptr, 0);
  reset_.write(true);
  idle(4);
  reset_.write(false);
  idle(1);
}

uint64_t SimulationModel::simulated_cycles() const {
  return sc_time_stamp().value() / clk_.period().value();
}

}  // namespace edqa_harness
