// The eDQA accelerator (the paper's Figure 5): Quantizer -> Huffman Encoder for quantization, Huffman Decoder ->
// Dequantizer for de-quantization. One START runs a layer: RECORDS records back to back on one stream, each a
// descriptor and its input (docs/spec.md §7); out come, per record, its output and a trailer (its size, error and
// cycles). The stages are free-running: each takes the next record's configuration from its FIFO when done with
// the last, so records overlap (the Quantizer and collector on record k + 1 while the coder emits record k).
//
//                 +-------------------------------- EdqaAccelerator -------------------------------------+
//   registers --> | control: latch OP and RECORDS, start router and merger, STATUS, DONE                 |
//   (AXI-Lite)    | cycle counters: every stage's busy cycles, START to the last output beat             |
//                 |                                                                                      |
//   din  (Beat) --+--> InputRouter --values--> Quantizer --> HuffmanCollector ==> HuffmanCoder --+          |
//                 |      |         --record--> HuffmanDecoder --(q, e)--> Dequantizer ------+    |          |
//                 |      +--config to every stage, ticket/verdict--> OutputMerger <---------+----+--> dout  |
//                 +--------------------------------------------------------------------------------------+
//
// Every thread talks only through its own ports; the structure below is plain SC_MODULEs bound by sc_fifo and
// sc_signal channels (==> marks the FIFOs that hold a whole record). Under HLS the registers of
// hw/edqa_registers.h become two AXI-Lite slaves (ctrl, counters) and din/dout AXI-Stream with TDATA and TLAST
// (port_map), for an AXI DMA. SOFT_RESET holds every stage in reset.
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
  HuffmanCollector collector;
  HuffmanCoder coder;
  HuffmanDecoder decoder;
  Dequantizer dequantizer;
  OutputMerger merger;

  SC_CTOR(EdqaAccelerator)
      : router("router"),
        quantizer("quantizer"),
        collector("collector"),
        coder("coder"),
        decoder("decoder"),
        dequantizer("dequantizer"),
        merger("merger"),
        quantizer_config_("quantizer_config", kConfigFifoDepth),
        collector_config_("collector_config", kConfigFifoDepth),
        coder_config_("coder_config", kConfigFifoDepth),
        decoder_config_("decoder_config", kConfigFifoDepth),
        dequantizer_config_("dequantizer_config", kConfigFifoDepth),
        tickets_("tickets", kConfigFifoDepth),
        verdicts_("verdicts", kConfigFifoDepth),
        decoder_status_("decoder_status", kConfigFifoDepth),
        values_("values", kStageFifoDepth),
        codes_("codes", kStageFifoDepth),
        errors_("errors", kStageFifoDepth),
        collected_codes_("collected_codes", kCodeFifoDepth),
        collected_errors_("collected_errors", kErrorFifoDepth),
        counts_("counts", kCountFifoDepth),
        encoded_("encoded", kStageFifoDepth),
        record_("record", kStageFifoDepth),
        elements_("elements", kStageFifoDepth),
        decoded_("decoded", kStageFifoDepth),
        coder_static_code_("coder_static_code", kStaticCodeFifoDepth),
        decoder_static_code_("decoder_static_code", kStaticCodeFifoDepth) {
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
    router.dequantize(cfg_dequantize_);
    router.records(cfg_records_);
    router.din(din);
    router.quantizer_config(quantizer_config_);
    router.collector_config(collector_config_);
    router.coder_config(coder_config_);
    router.decoder_config(decoder_config_);
    router.dequantizer_config(dequantizer_config_);
    router.tickets(tickets_);
    router.verdicts(verdicts_);
    router.values_out(values_);
    router.record_out(record_);
    router.coder_static_code(coder_static_code_);
    router.decoder_static_code(decoder_static_code_);

    quantizer.clk(clk);
    quantizer.reset(stage_reset_);
    quantizer.busy(quantizer_busy_);
    quantizer.config_in(quantizer_config_);
    quantizer.values_in(values_);
    quantizer.codes_out(codes_);
    quantizer.errors_out(errors_);

    collector.clk(clk);
    collector.reset(stage_reset_);
    collector.busy(collector_busy_);
    collector.config_in(collector_config_);
    collector.codes_in(codes_);
    collector.errors_in(errors_);
    collector.codes_out(collected_codes_);
    collector.errors_out(collected_errors_);
    collector.counts_out(counts_);

    coder.clk(clk);
    coder.reset(stage_reset_);
    coder.busy(coder_busy_);
    coder.config_in(coder_config_);
    coder.codes_in(collected_codes_);
    coder.errors_in(collected_errors_);
    coder.counts_in(counts_);
    coder.static_code_in(coder_static_code_);
    coder.record_out(encoded_);

    decoder.clk(clk);
    decoder.reset(stage_reset_);
    decoder.busy(decoder_busy_);
    decoder.config_in(decoder_config_);
    decoder.status_out(decoder_status_);
    decoder.record_in(record_);
    decoder.static_code_in(decoder_static_code_);
    decoder.elements_out(elements_);

    dequantizer.clk(clk);
    dequantizer.reset(stage_reset_);
    dequantizer.busy(dequantizer_busy_);
    dequantizer.config_in(dequantizer_config_);
    dequantizer.elements_in(elements_);
    dequantizer.values_out(decoded_);

    merger.clk(clk);
    merger.reset(stage_reset_);
    merger.start(route_start_);
    merger.busy(merger_busy_);
    merger.done(merger_done_);
    merger.output_complete(output_complete_);
    merger.layer_error(layer_error_);
    merger.dequantize(cfg_dequantize_);
    merger.records(cfg_records_);
    merger.elapsed(elapsed_);
    merger.tickets(tickets_);
    merger.verdicts(verdicts_);
    merger.decoder_status(decoder_status_);
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
    sc_trace(file, cfg_records_, c + "cfg_records");
    sc_trace(file, layer_error_, c + "layer_error");
    sc_trace(file, cycles_total, c + "cycles_total");
    const struct {
      const char* name;
      const sc_signal<bool>& busy;
    } stages[] = {
        {"router", router_busy_},   {"quantizer", quantizer_busy_}, {"collector", collector_busy_},       {"coder", coder_busy_},
        {"decoder", decoder_busy_}, {"dequantizer", dequantizer_busy_}, {"merger", merger_busy_},
    };
    for (const auto& stage : stages) sc_trace(file, stage.busy, scope + "." + stage.name + ".busy");
    sc_trace(file, route_start_, scope + ".router.start");
    sc_trace(file, router_done_, scope + ".router.done");
    sc_trace(file, merger_done_, scope + ".merger.done");
    sc_trace(file, coder.loop_row(), scope + ".coder.loop");
    sc_trace(file, decoder.loop_row(), scope + ".decoder.loop");
    sc_trace(file, output_complete_, scope + ".merger.output_complete");
    const std::string f = scope + ".fifo.";
    sc_trace(file, level_values_, f + "values_level");
    sc_trace(file, level_codes_, f + "codes_level");
    sc_trace(file, level_errors_, f + "errors_level");
    sc_trace(file, level_collected_codes_, f + "collected_codes_level");
    sc_trace(file, level_collected_errors_, f + "collected_errors_level");
    sc_trace(file, level_encoded_, f + "encoded_level");
    sc_trace(file, level_record_, f + "record_level");
    sc_trace(file, level_elements_, f + "elements_level");
    sc_trace(file, level_decoded_, f + "decoded_level");
    levels_traced_ = true;
  }
#endif

 private:
  sc_signal<bool> stage_reset_;

  // OP and RECORDS latched at START, held during the layer.
  sc_signal<bool> cfg_dequantize_;
  sc_signal<RecordCount> cfg_records_;

  // Handshakes and state: the router and the merger run per START, the stages between them per record.
  sc_signal<bool> route_start_;
  sc_signal<bool> router_busy_, quantizer_busy_, collector_busy_, coder_busy_, decoder_busy_, dequantizer_busy_, merger_busy_;
  sc_signal<bool> router_done_, merger_done_;
  sc_signal<ErrorField> layer_error_;
  sc_signal<bool> output_complete_;
  sc_signal<bool> running_;
  sc_signal<bool> clear_counters_;
  sc_signal<Counter> elapsed_;

  // Per record: a configuration for every stage, the merger's ticket and verdict, the decoder's status.
  sc_fifo<RecordConfig> quantizer_config_;
  sc_fifo<RecordConfig> collector_config_;
  sc_fifo<RecordConfig> coder_config_;
  sc_fifo<RecordConfig> decoder_config_;
  sc_fifo<RecordConfig> dequantizer_config_;
  sc_fifo<RecordTicket> tickets_;
  sc_fifo<ErrorField> verdicts_;
  sc_fifo<ErrorField> decoder_status_;

  // Streams between the stages.
  sc_fifo<Word> values_;
  sc_fifo<Word> codes_;
  sc_fifo<Symbol> errors_;
  sc_fifo<Word> collected_codes_;
  sc_fifo<Symbol> collected_errors_;
  sc_fifo<Length> counts_;
  sc_fifo<Beat> encoded_;
  sc_fifo<Beat> record_;
  sc_fifo<DecodedElement> elements_;
  sc_fifo<Beat> decoded_;
  // A layer's static code, router to the coder or the decoder (once per START).
  sc_fifo<Word> coder_static_code_;
  sc_fifo<Word> decoder_static_code_;

  // A soft reset is a reset of every stage, the control and the counters (the registers keep their values).
  void combine_resets() { stage_reset_.write(reset.read() || soft_reset.read() != 0); }

  void control() {
    done.write(0);
    status.write(kStatusOk);
    route_start_.write(false);
    running_.write(false);
    clear_counters_.write(false);
    wait();
    while (true) {
      wait_until_set(start);
      const uint32_t error = run_layer();
      status.write(error == kErrorNone ? kStatusOk : (kStatusError | (error << 8)));
      complete_handshake(start, done);
    }
  }

  // Runs one layer; returns the first record's ErrorCode (kErrorNone when every record was sound).
  uint32_t run_layer() {
    const uint32_t count = records.read();
    clear_counters_.write(true);
    if (count == 0) {
      wait();
      clear_counters_.write(false);
      return kErrorBadConfig;
    }
    // The router and the merger sample OP, RECORDS and their start on the same clock edge.
    cfg_dequantize_.write(op.read() == kOpDequantize);
    cfg_records_.write(count);
    route_start_.write(true);
    running_.write(true);
    wait();
    clear_counters_.write(false);
    // The merger finishes last (the last trailer leaves after every record's output), the router before it.
  WAIT_LAYER:
    do {
      wait_until_set(merger_done_);
    } while (!router_done_.read());
    running_.write(false);
    route_start_.write(false);
  WAIT_IDLE:
    do {
      wait();
    } while (router_done_.read() || merger_done_.read());
    return layer_error_.read();
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
        if (collector_busy_.read() || coder_busy_.read()) ++encoder_cycles;
        if (decoder_busy_.read()) ++decoder_cycles;
        if (dequantizer_busy_.read()) ++dequantizer_cycles;
      }
      elapsed_.write(total);
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
  sc_signal<int> level_values_, level_codes_, level_errors_, level_collected_codes_, level_collected_errors_, level_encoded_, level_record_,
      level_elements_, level_decoded_;
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
    level_collected_codes_.write(collected_codes_.num_available());
    level_collected_errors_.write(collected_errors_.num_available());
    level_encoded_.write(encoded_.num_available());
    level_record_.write(record_.num_available());
    level_elements_.write(elements_.num_available());
    level_decoded_.write(decoded_.num_available());
  }
#endif
};

}  // namespace edqa_hw

#endif  // EDQA_ACCELERATOR_SC_H
