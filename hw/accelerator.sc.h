// The eDQA accelerator (the paper's Figure 5): Quantizer -> Huffman Encoder for quantization, Huffman Decoder ->
// Dequantizer for de-quantization, one record per START.
//
//                 +-------------------------------- EdqaAccelerator -----------------------------------+
//   registers --> | control: latch the configuration, start the stages of OP, STATUS, DONE             |
//   (AXI-Lite)    | cycle counters: every stage's busy cycles, START to the last output beat           |
//                 |                                                                                    |
//   din  (Beat) --+--> InputRouter --values--> Quantizer --codes/errors--> HuffmanEncoder --+            |
//                 |                --record--> HuffmanDecoder --(q, e)--> Dequantizer ---+  +            |
//                 |                                                  OutputMerger <------+--+--> dout (Beat)
//                 +------------------------------------------------------------------------------------+
//
// Every thread talks only through its own ports; the structure below is plain SC_MODULEs bound by sc_fifo and
// sc_signal channels. Under HLS the registers of hw/edqa_registers.h become two AXI-Lite slaves (ctrl, counters)
// and din/dout AXI-Stream with TDATA and TLAST (port_map), for an AXI DMA. SOFT_RESET holds every stage in reset.
#ifndef EDQA_ACCELERATOR_SC_H
#define EDQA_ACCELERATOR_SC_H

#include <systemc.h>

#include "dequantizer.sc.h"
#include "edqa_hw_config.h"
#include "edqa_registers.h"
#include "edqa_stream.h"
#include "edqa_types.h"
#include "huffman_decoder.sc.h"
#include "huffman_encoder.sc.h"
#include "quantizer.sc.h"
#include "stream_router.sc.h"

// A register as a port: W registers are inputs of the accelerator (the host writes them), R registers outputs.
#define EDQA_REGISTER_PORT_W(port, width) sc_in<sc_uint<width> > port;
#define EDQA_REGISTER_PORT_R(port, width) sc_out<sc_uint<width> > port;
#define EDQA_REGISTER_PORT(NAME, port, dir, bundle, width, description) EDQA_REGISTER_PORT_##dir(port, width)

// Its AXI-Lite pragma under HLS: the bundle from the table.
#define EDQA_BUNDLE_ctrl "-bus_bundle ctrl"
#define EDQA_BUNDLE_counters "-bus_bundle counters"
#define EDQA_REGISTER_PRAGMA(NAME, port, dir, bundle, width, description) \
  HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = EDQA_BUNDLE_##bundle variable = port)

namespace edqa_hw {

SC_MODULE(EdqaAccelerator) {
  sc_in<bool> clk;
  sc_in<bool> reset;

  EDQA_ACCELERATOR_REGISTERS(EDQA_REGISTER_PORT)

  // Data streams (AXI-Stream).
  sc_fifo_in<Beat> din;
  sc_fifo_out<Beat> dout;

  InputRouter router;
  Quantizer quantizer;
  HuffmanEncoder encoder;
  HuffmanDecoder decoder;
  Dequantizer dequantizer;
  OutputMerger merger;

  SC_CTOR(EdqaAccelerator)
      : router("router"),
        quantizer("quantizer"),
        encoder("encoder"),
        decoder("decoder"),
        dequantizer("dequantizer"),
        merger("merger"),
        values_("values", kStageFifoDepth),
        codes_("codes", kStageFifoDepth),
        errors_("errors", kStageFifoDepth),
        encoded_("encoded", kStageFifoDepth),
        record_("record", kStageFifoDepth),
        elements_("elements", kStageFifoDepth),
        decoded_("decoded", kStageFifoDepth) {
    SC_METHOD(combine_resets);
    sensitive << reset << soft_reset;
    SC_CTHREAD(control, clk.pos());
    reset_signal_is(stage_reset_, true);
    SC_CTHREAD(count_cycles, clk.pos());
    reset_signal_is(stage_reset_, true);

    EDQA_ACCELERATOR_REGISTERS(EDQA_REGISTER_PRAGMA)
    HLS_PRAGMA(RESOURCE variable = din core = AXI4Stream metadata = "-bus_bundle S_AXIS" port_map = {{din_0 TDATA} {din_1 TLAST}})
    HLS_PRAGMA(RESOURCE variable = dout core = AXI4Stream metadata = "-bus_bundle M_AXIS" port_map = {{dout_0 TDATA} {dout_1 TLAST}})
    HLS_PRAGMA(RESET variable = reset)

    router.clk(clk);
    router.reset(stage_reset_);
    router.start(route_start_);
    router.busy(router_busy_);
    router.done(router_done_);
    router.status(router_status_);
    router.dequantize(cfg_dequantize_);
    router.length(cfg_length_);
    router.din(din);
    router.values_out(values_);
    router.record_out(record_);

    quantizer.clk(clk);
    quantizer.reset(stage_reset_);
    quantizer.start(quantize_start_);
    quantizer.busy(quantizer_busy_);
    quantizer.done(quantizer_done_);
    quantizer.bits(cfg_bits_);
    quantizer.extra_bits(cfg_extra_bits_);
    quantizer.important(cfg_important_);
    quantizer.length(cfg_length_);
    quantizer.inv_bits(cfg_inv_bits_);
    quantizer.values_in(values_);
    quantizer.codes_out(codes_);
    quantizer.errors_out(errors_);

    encoder.clk(clk);
    encoder.reset(stage_reset_);
    encoder.start(quantize_start_);
    encoder.busy(encoder_busy_);
    encoder.done(encoder_done_);
    encoder.bits(cfg_bits_);
    encoder.extra_bits(cfg_extra_bits_);
    encoder.important(cfg_important_);
    encoder.length(cfg_length_);
    encoder.codes_in(codes_);
    encoder.errors_in(errors_);
    encoder.record_out(encoded_);

    decoder.clk(clk);
    decoder.reset(stage_reset_);
    decoder.start(dequantize_start_);
    decoder.busy(decoder_busy_);
    decoder.done(decoder_done_);
    decoder.record_status(decoder_status_);
    decoder.bits(cfg_bits_);
    decoder.extra_bits(cfg_extra_bits_);
    decoder.important(cfg_important_);
    decoder.length(cfg_length_);
    decoder.record_in(record_);
    decoder.elements_out(elements_);

    dequantizer.clk(clk);
    dequantizer.reset(stage_reset_);
    dequantizer.start(dequantize_start_);
    dequantizer.busy(dequantizer_busy_);
    dequantizer.done(dequantizer_done_);
    dequantizer.extra_bits(cfg_extra_bits_);
    dequantizer.important(cfg_important_);
    dequantizer.length(cfg_length_);
    dequantizer.delta_bits(cfg_delta_bits_);
    dequantizer.elements_in(elements_);
    dequantizer.values_out(decoded_);

    merger.clk(clk);
    merger.reset(stage_reset_);
    merger.start(route_start_);
    merger.busy(merger_busy_);
    merger.done(merger_done_);
    merger.output_complete(output_complete_);
    merger.dequantize(cfg_dequantize_);
    merger.length(cfg_length_);
    merger.encoded_in(encoded_);
    merger.decoded_in(decoded_);
    merger.dout(dout);

#if !defined(__SYNTHESIS__)
    SC_METHOD(sample_fifo_levels);
    sensitive << clk.pos();
#endif
  }

#if !defined(__SYNTHESIS__)
  // A waveform of the accelerator, one scope per stage: handshakes, busy, the latched configuration, the FIFO
  // levels between the stages and the external streams' beats. Simulation only.
  void trace(sc_trace_file* file, const std::string& scope) const {
    const std::string c = scope + ".control.";
    sc_trace(file, start, c + "start");
    sc_trace(file, done, c + "done");
    sc_trace(file, status, c + "status");
    sc_trace(file, soft_reset, c + "soft_reset");
    sc_trace(file, stage_reset_, c + "stage_reset");
    sc_trace(file, running_, c + "running");
    sc_trace(file, cfg_dequantize_, c + "cfg_dequantize");
    sc_trace(file, cfg_bits_, c + "cfg_bits");
    sc_trace(file, cfg_extra_bits_, c + "cfg_extra_bits");
    sc_trace(file, cfg_important_, c + "cfg_important");
    sc_trace(file, cfg_length_, c + "cfg_length");
    sc_trace(file, cfg_inv_bits_, c + "cfg_inv");
    sc_trace(file, cfg_delta_bits_, c + "cfg_delta");
    sc_trace(file, cycles_total, c + "cycles_total");
    const struct {
      const char* name;
      const sc_signal<bool>& start;
      const sc_signal<bool>& busy;
      const sc_signal<bool>& done;
    } stages[] = {
        {"router", route_start_, router_busy_, router_done_},       {"quantizer", quantize_start_, quantizer_busy_, quantizer_done_},
        {"encoder", quantize_start_, encoder_busy_, encoder_done_}, {"decoder", dequantize_start_, decoder_busy_, decoder_done_},
        {"dequantizer", dequantize_start_, dequantizer_busy_, dequantizer_done_}, {"merger", route_start_, merger_busy_, merger_done_},
    };
    for (const auto& stage : stages) {
      const std::string s = scope + "." + stage.name + ".";
      sc_trace(file, stage.start, s + "start");
      sc_trace(file, stage.busy, s + "busy");
      sc_trace(file, stage.done, s + "done");
    }
    sc_trace(file, encoder.loop_row(), scope + ".encoder.loop");
    sc_trace(file, decoder.loop_row(), scope + ".decoder.loop");
    sc_trace(file, router_status_, scope + ".router.status");
    sc_trace(file, decoder_status_, scope + ".decoder.record_status");
    sc_trace(file, output_complete_, scope + ".merger.output_complete");
    const std::string f = scope + ".fifo.";
    sc_trace(file, level_values_, f + "values_level");
    sc_trace(file, level_codes_, f + "codes_level");
    sc_trace(file, level_errors_, f + "errors_level");
    sc_trace(file, level_encoded_, f + "encoded_level");
    sc_trace(file, level_record_, f + "record_level");
    sc_trace(file, level_elements_, f + "elements_level");
    sc_trace(file, level_decoded_, f + "decoded_level");
    levels_traced_ = true;
  }
#endif

 private:
  sc_signal<bool> stage_reset_;

  // Configuration latched at START, held for the stages during the operation.
  sc_signal<bool> cfg_dequantize_;
  sc_signal<BitWidth> cfg_bits_;
  sc_signal<BitWidth> cfg_extra_bits_;
  sc_signal<bool> cfg_important_;
  sc_signal<Length> cfg_length_;
  sc_signal<Word> cfg_inv_bits_;
  sc_signal<Word> cfg_delta_bits_;

  // Stage handshakes and state.
  sc_signal<bool> route_start_, quantize_start_, dequantize_start_;
  sc_signal<bool> router_busy_, quantizer_busy_, encoder_busy_, decoder_busy_, dequantizer_busy_, merger_busy_;
  sc_signal<bool> router_done_, quantizer_done_, encoder_done_, decoder_done_, dequantizer_done_, merger_done_;
  sc_signal<ErrorField> router_status_, decoder_status_;
  sc_signal<bool> output_complete_;
  sc_signal<bool> running_;
  sc_signal<bool> clear_counters_;

  // Streams between the stages.
  sc_fifo<Word> values_;
  sc_fifo<Word> codes_;
  sc_fifo<Symbol> errors_;
  sc_fifo<Beat> encoded_;
  sc_fifo<Beat> record_;
  sc_fifo<DecodedElement> elements_;
  sc_fifo<Beat> decoded_;

  // A soft reset is a reset of every stage, the control and the counters (the registers keep their values).
  void combine_resets() { stage_reset_.write(reset.read() || soft_reset.read() != 0); }

  void control() {
    done.write(0);
    status.write(kStatusOk);
    route_start_.write(false);
    quantize_start_.write(false);
    dequantize_start_.write(false);
    running_.write(false);
    clear_counters_.write(false);
    wait();
    while (true) {
      wait_until_set(start);
      const uint32_t error = run_operation();
      status.write(error == kErrorNone ? kStatusOk : (kStatusError | (error << 8)));
      complete_handshake(start, done);
    }
  }

  // Runs one operation; returns its ErrorCode.
  uint32_t run_operation() {
    const uint32_t operation = op.read();
    const uint32_t n = bits.read();
    const uint32_t m = extra_bits.read();
    const bool config_ok = n >= static_cast<uint32_t>(kMinBits) && n <= static_cast<uint32_t>(kMaxBits) && m >= 1 && m <= n &&
                           length.read() <= static_cast<uint32_t>(kMaxLength);
    clear_counters_.write(true);
    if (!config_ok) {
      wait();
      clear_counters_.write(false);
      return kErrorBadConfig;
    }
    const bool dequantizing = operation == kOpDequantize;
    // The stages sample their configuration and their start on the same clock edge.
    cfg_dequantize_.write(dequantizing);
    cfg_bits_.write(n);
    cfg_extra_bits_.write(m);
    cfg_important_.write(important.read() != 0);
    cfg_length_.write(length.read().to_uint());
    cfg_inv_bits_.write(inv_bits.read().to_uint());
    cfg_delta_bits_.write(delta_bits.read().to_uint());
    route_start_.write(true);
    if (dequantizing) {
      dequantize_start_.write(true);
    } else {
      quantize_start_.write(true);
    }
    running_.write(true);
    wait();
    clear_counters_.write(false);
    // The merger finishes last (the last output beat), but every stage of the path must be done.
  WAIT_STAGES:
    do {
      wait_until_set(merger_done_);
    } while (!(router_done_.read() && (dequantizing ? decoder_done_.read() && dequantizer_done_.read() : quantizer_done_.read() && encoder_done_.read())));
    running_.write(false);
    route_start_.write(false);
    quantize_start_.write(false);
    dequantize_start_.write(false);
  WAIT_STAGES_IDLE:
    do {
      wait();
    } while (router_done_.read() || merger_done_.read() || quantizer_done_.read() || encoder_done_.read() || decoder_done_.read() ||
             dequantizer_done_.read());
    const uint32_t routed = router_status_.read();
    return routed != kErrorNone ? routed : (dequantizing ? static_cast<uint32_t>(decoder_status_.read()) : kErrorNone);
  }

  // The hardware counters (SECDA's HWC): each stage's busy cycles, and the cycles from START to the last output
  // beat. The same counting in simulation and synthesis: it is this thread. The registers show the counts of the
  // last operation: they are published when it ends (running falls), so the host reads them after DONE.
  void count_cycles() {
    Counter total = 0, quantizer_cycles = 0, encoder_cycles = 0, decoder_cycles = 0, dequantizer_cycles = 0;
    bool was_running = false;
    cycles_total.write(0);
    cycles_quantizer.write(0);
    cycles_encoder.write(0);
    cycles_decoder.write(0);
    cycles_dequantizer.write(0);
    wait();
    while (true) {
      const bool running = running_.read();
      if (clear_counters_.read()) {
        total = quantizer_cycles = encoder_cycles = decoder_cycles = dequantizer_cycles = 0;
        cycles_total.write(0);
        cycles_quantizer.write(0);
        cycles_encoder.write(0);
        cycles_decoder.write(0);
        cycles_dequantizer.write(0);
      } else {
        if (running && !output_complete_.read()) ++total;
        if (quantizer_busy_.read()) ++quantizer_cycles;
        if (encoder_busy_.read()) ++encoder_cycles;
        if (decoder_busy_.read()) ++decoder_cycles;
        if (dequantizer_busy_.read()) ++dequantizer_cycles;
      }
      if (was_running && !running) {
        cycles_total.write(total);
        cycles_quantizer.write(quantizer_cycles);
        cycles_encoder.write(encoder_cycles);
        cycles_decoder.write(decoder_cycles);
        cycles_dequantizer.write(dequantizer_cycles);
      }
      // Between operations nothing counts: sleep until the next one clears the counters.
      if (!running && !clear_counters_.read()) {
        wait_until_set(clear_counters_);
        was_running = false;
        continue;
      }
      was_running = running;
      wait();
    }
  }

#if !defined(__SYNTHESIS__)
  sc_signal<int> level_values_, level_codes_, level_errors_, level_encoded_, level_record_, level_elements_, level_decoded_;
  mutable bool levels_traced_ = false;  // sampled only for a waveform
  sc_event never_;

  void sample_fifo_levels() {
    if (!levels_traced_) {
      next_trigger(never_);  // no waveform: never again
      return;
    }
    level_values_.write(values_.num_available());
    level_codes_.write(codes_.num_available());
    level_errors_.write(errors_.num_available());
    level_encoded_.write(encoded_.num_available());
    level_record_.write(record_.num_available());
    level_elements_.write(elements_.num_available());
    level_decoded_.write(decoded_.num_available());
  }
#endif
};

}  // namespace edqa_hw

#endif  // EDQA_ACCELERATOR_SC_H
