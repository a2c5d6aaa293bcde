// The eDQA accelerator (the paper's Figure 5, replicated): `units` channel units (hw/edqa_unit.sc.h: Quantizer ->
// Huffman Encoder, Huffman Decoder -> Dequantizer) behind one stream of `lanes` words a beat. One START runs a
// layer: RECORDS records back to back on the stream, each a descriptor and its input (docs/spec.md §7); out come,
// per record in order, its output and a trailer (its size, error and cycles). The router hands record r to unit
// r mod units; the merger takes the outputs back in the same order. Within a unit the stages are free-running:
// each takes the next record's configuration from its FIFO when done with the last, so records overlap (the
// Quantizer and collector on record k + 1 while the coder emits record k), and units overlap whole records.
//
//                 +------------------------------ EdqaAcceleratorT<units, lanes> -------------------------+
//   registers --> | control: latch OP and RECORDS, start router and merger, STATUS, DONE                 |
//   (AXI-Lite)    | cycle counters: each stage's busy cycles (any unit), START to the last output beat    |
//                 |                                                                                      |
//   din  --------+--> InputRouter --config, values, record--> unit 0 .. unit units-1 --+                  |
//   (lanes words) |      +--ticket/verdict------------------------> OutputMerger <------+--> dout          |
//                 +--------------------------------------------------------------------------------------+
//
// Every thread talks only through its own ports; the structure below is plain SC_MODULEs bound by sc_fifo and
// sc_signal channels, all owned here (SECDA's VMM_vars form): the units (unit0 .. unit3), the router's and the merger's
// per-unit ports and the FIFOs between them are written out by name, one slot per unit (hw/edqa_slots.h), a slot past
// `units` absent; each end FIFO of a unit is bound to the unit's port and to the router's or the merger's. Under HLS
// the registers of hw/edqa_registers.h become two AXI-Lite slaves (ctrl, counters) and din/dout AXI-Stream with TDATA,
// TKEEP (two lanes) and TLAST (port_map), for an AXI DMA. Every thread resets from the reset port alone. SOFT_RESET is
// not an internal reset: it drives the reset_request output, which the block design wires to the Processor System Reset
// that drives this IP's reset (and its DMA's), so a soft reset clears FIFOs and AXI adapters as a hard one does
// (hw/hls/README.md). The synthesized tops are plain modules, one per configuration, with this template as their child
// (hw/edqa_tops.sc.h).
#ifndef EDQA_ACCELERATOR_SC_H
#define EDQA_ACCELERATOR_SC_H

#include <systemc.h>

#include "edqa_hw_config.h"
#include "edqa_registers.h"
#include "edqa_slots.h"
#include "edqa_stream.h"
#include "edqa_types.h"
#include "edqa_unit.sc.h"
#include "stream_router.sc.h"
#if !defined(__SYNTHESIS__)
#include "edqa_waveform.h"
#endif

// A register as a port: W registers are inputs of the accelerator (the host writes them), R registers outputs.
#define EDQA_REGISTER_PORT_W(port, width) sc_in<sc_uint<width> > port;
#define EDQA_REGISTER_PORT_R(port, width) sc_out<sc_uint<width> > port;
#define EDQA_REGISTER_PORT(NAME, port, dir, bundle, width, description) EDQA_REGISTER_PORT_##dir(port, width)

// Its AXI-Lite pragma under HLS: the bundle from the table.
#define EDQA_BUNDLE_ctrl "-bus_bundle ctrl"
#define EDQA_BUNDLE_counters "-bus_bundle counters"
#define EDQA_REGISTER_PRAGMA(NAME, port, dir, bundle, width, description) \
  HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = EDQA_BUNDLE_##bundle variable = port)

// The stream ports' AXI-Stream signals: TDATA and TLAST of a Beat (one lane), or TDATA, TKEEP and TLAST of a
// WideBeat (two lanes). The plain tops (hw/edqa_tops.sc.h) carry them.
#define EDQA_STREAM_PRAGMAS_1                                                   \
  HLS_PRAGMA(RESOURCE variable = din core = AXI4Stream metadata =               \
                 "-bus_bundle S_AXIS" port_map = {{din_0 TDATA} {din_1 TLAST}}) \
  HLS_PRAGMA(RESOURCE variable = dout core = AXI4Stream metadata =              \
                 "-bus_bundle M_AXIS" port_map = {{dout_0 TDATA} {dout_1 TLAST}})
#define EDQA_STREAM_PRAGMAS_2                                                                 \
  HLS_PRAGMA(RESOURCE variable = din core = AXI4Stream metadata =                             \
                 "-bus_bundle S_AXIS" port_map = {{din_0 TDATA} {din_1 TKEEP} {din_2 TLAST}}) \
  HLS_PRAGMA(RESOURCE variable = dout core = AXI4Stream metadata =                            \
                 "-bus_bundle M_AXIS" port_map = {{dout_0 TDATA} {dout_1 TKEEP} {dout_2 TLAST}})

namespace edqa_hw {

template <int kUnits, int kLanes>
struct EdqaAcceleratorT : public sc_module {
  static_assert(kUnits >= 1 && kUnits <= kMaxUnits, "1 to kMaxUnits units");
  static_assert(kLanes == 1 || kLanes == 2, "one or two lanes");
  typedef typename LaneBeat<kLanes>::type StreamBeat;
  typedef EdqaUnit<kLanes, (kUnits > 1)> Unit;

  sc_in<bool> clk;
  sc_in<bool> reset;

  EDQA_ACCELERATOR_REGISTERS(EDQA_REGISTER_PORT)

  // SOFT_RESET as a wire (ap_none): to the Processor System Reset's aux_reset_in in the block design.
  sc_out<bool> reset_request;

  // Data streams (AXI-Stream).
  sc_fifo_in<StreamBeat> din;
  sc_fifo_out<StreamBeat> dout;

  typedef UnitFifoDepths<kLanes, (kUnits > 1)> Depths;
  // The end FIFOs' depths, named outside the slot macros (where the hw lint's resource count reads them).
  static const int kValuesDepth = Depths::kValues;  // per lane
  static const int kRecordDepth = Depths::kRecord;
  static const int kEncodedDepth = Depths::kEncoded;
  static const int kDecodedDepth = Depths::kDecoded;  // per lane

  InputRouterT<kUnits, kLanes> router;

// A slot's unit and its end FIFOs (router -> unit: the five configurations, the values per lane, the record, the
// static codes; unit -> merger: the encoded record, the values per lane, the decoder's status).
#define EDQA_UNIT_SLOT(n)                                                                 \
  typename Present<(n < kUnits), Unit>::type unit##n;                                     \
  typename Present<(n < kUnits), sc_fifo<StageDescriptor> >::type quantizer_config##n;    \
  typename Present<(n < kUnits), sc_fifo<StageDescriptor> >::type collector_config##n;    \
  typename Present<(n < kUnits), sc_fifo<StageDescriptor> >::type coder_config##n;        \
  typename Present<(n < kUnits), sc_fifo<StageDescriptor> >::type decoder_config##n;      \
  typename Present<(n < kUnits), sc_fifo<StageDescriptor> >::type dequantizer_config##n;  \
  typename Present<(n < kUnits), sc_fifo<Word> >::type values##n##_lane0;                 \
  typename Present<(n < kUnits && kLanes == 2), sc_fifo<Word> >::type values##n##_lane1;  \
  typename Present<(n < kUnits), sc_fifo<Beat> >::type record##n;                         \
  typename Present<(n < kUnits), sc_fifo<Word> >::type quantizer_static_code##n;          \
  typename Present<(n < kUnits), sc_fifo<Word> >::type coder_static_code##n;              \
  typename Present<(n < kUnits), sc_fifo<Word> >::type decoder_static_code##n;            \
  typename Present<(n < kUnits), sc_fifo<Beat> >::type encoded##n;                        \
  typename Present<(n < kUnits), sc_fifo<Beat> >::type decoded##n##_lane0;                \
  typename Present<(n < kUnits && kLanes == 2), sc_fifo<Beat> >::type decoded##n##_lane1; \
  typename Present<(n < kUnits), sc_fifo<ErrorField> >::type decoder_status##n;
  EDQA_FOR_EACH_SLOT(EDQA_UNIT_SLOT)
#undef EDQA_UNIT_SLOT

  OutputMergerT<kUnits, kLanes> merger;

  SC_HAS_PROCESS(EdqaAcceleratorT);
  explicit EdqaAcceleratorT(sc_module_name name)
      : sc_module(name),
        router("router"),
#define EDQA_UNIT_SLOT_NAMES(n)                                                                                       \
  unit##n("unit" #n), quantizer_config##n("quantizer_config" #n, kConfigFifoDepth),                                   \
      collector_config##n("collector_config" #n, kConfigFifoDepth),                                                   \
      coder_config##n("coder_config" #n, kConfigFifoDepth), decoder_config##n("decoder_config" #n, kConfigFifoDepth), \
      dequantizer_config##n("dequantizer_config" #n, kConfigFifoDepth),                                               \
      values##n##_lane0("values" #n "_lane0", kValuesDepth), values##n##_lane1("values" #n "_lane1", kValuesDepth),   \
      record##n("record" #n, kRecordDepth),                                                                           \
      quantizer_static_code##n("quantizer_static_code" #n, kCodeStaticCodeFifoDepth),                                 \
      coder_static_code##n("coder_static_code" #n, kCoderStaticCodeFifoDepth),                                        \
      decoder_static_code##n("decoder_static_code" #n, kDecoderStaticCodeFifoDepth),                                  \
      encoded##n("encoded" #n, kEncodedDepth), decoded##n##_lane0("decoded" #n "_lane0", kDecodedDepth),              \
      decoded##n##_lane1("decoded" #n "_lane1", kDecodedDepth),                                                       \
      decoder_status##n("decoder_status" #n, kConfigFifoDepth),
        EDQA_FOR_EACH_SLOT(EDQA_UNIT_SLOT_NAMES)
#undef EDQA_UNIT_SLOT_NAMES
            merger("merger"),
        tickets_("tickets", kTicketFifoDepth),
        verdicts_("verdicts", kTicketFifoDepth) {
    SC_METHOD(request_reset);
    sensitive << soft_reset;
    SC_CTHREAD(control, clk.pos());
    reset_signal_is(reset, true);
    SC_CTHREAD(count_cycles, clk.pos());
    reset_signal_is(reset, true);

    router.clk(clk);
    router.reset(reset);
    router.start(route_start_);
    router.busy(router_busy_);
    router.done(router_done_);
    router.dequantize(cfg_dequantize_);
    router.records(cfg_records_);
    router.din(din);
    router.tickets(tickets_);
    router.verdicts(verdicts_);

    merger.clk(clk);
    merger.reset(reset);
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
    merger.dout(dout);

    // Each slot's end FIFOs to the router's ports, the unit's ports and the merger's ports (nothing in an absent
    // slot).
#define EDQA_BIND_UNIT_SLOT(n)                                                                                \
  router.quantizer_config##n(quantizer_config##n);                                                            \
  router.collector_config##n(collector_config##n);                                                            \
  router.coder_config##n(coder_config##n);                                                                    \
  router.decoder_config##n(decoder_config##n);                                                                \
  router.dequantizer_config##n(dequantizer_config##n);                                                        \
  router.values##n##_lane0(values##n##_lane0);                                                                \
  router.values##n##_lane1(values##n##_lane1);                                                                \
  router.record##n(record##n);                                                                                \
  router.quantizer_static_code##n(quantizer_static_code##n);                                                  \
  router.coder_static_code##n(coder_static_code##n);                                                          \
  router.decoder_static_code##n(decoder_static_code##n);                                                      \
  merger.decoder_status##n(decoder_status##n);                                                                \
  merger.encoded##n(encoded##n);                                                                              \
  merger.decoded##n##_lane0(decoded##n##_lane0);                                                              \
  merger.decoded##n##_lane1(decoded##n##_lane1);                                                              \
  bind_unit(unit##n, n, quantizer_config##n, collector_config##n, coder_config##n, decoder_config##n,         \
            dequantizer_config##n, values##n##_lane0, values##n##_lane1, record##n, quantizer_static_code##n, \
            coder_static_code##n, decoder_static_code##n, encoded##n, decoded##n##_lane0, decoded##n##_lane1, \
            decoder_status##n);
    EDQA_FOR_EACH_SLOT(EDQA_BIND_UNIT_SLOT)
#undef EDQA_BIND_UNIT_SLOT

#if !defined(__SYNTHESIS__)
    // One waveform process: the levels at rising edges, the values on the watched FIFOs' events, the strobes between
    // edges; never again without a waveform.
    SC_METHOD(sample_fifo_levels);
    sensitive << clk.pos() << clk.neg() << tickets_.data_written_event() << tickets_.data_read_event();
    watch_fifos();
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
    sc_trace(file, reset_request, c + "reset_request");
    sc_trace(file, running_, c + "running");
    sc_trace(file, cfg_dequantize_, c + "cfg_dequantize");
    sc_trace(file, cfg_records_, c + "cfg_records");
    sc_trace(file, layer_error_, c + "layer_error");
    sc_trace(file, cycles_total, c + "cycles_total");
    sc_trace(file, router_busy_, scope + ".router.busy");
    sc_trace(file, merger_busy_, scope + ".merger.busy");
    sc_trace(file, route_start_, scope + ".router.start");
    sc_trace(file, router_done_, scope + ".router.done");
    sc_trace(file, merger_done_, scope + ".merger.done");
    sc_trace(file, output_complete_, scope + ".merger.output_complete");
    static const char* const kLevels[kFifoLevels] = {"values",           "codes",   "errors",   "collected_codes",
                                                     "collected_errors", "encoded", "record",   "elements",
                                                     "decoded",          "coded",   "set_aside"};
    for (int u = 0; u < kUnits; ++u) {
      // One unit keeps the first wave's names (edqa.quantizer.busy, edqa.fifo.values_level); several are unit0..
      const std::string s = kUnits == 1 ? scope : scope + ".unit" + std::to_string(u);
      const struct {
        const char* name;
        const sc_signal<bool>& busy;
      } stages[] = {
          {"quantizer", quantizer_busy_[u]}, {"collector", collector_busy_[u]},     {"coder", coder_busy_[u]},
          {"decoder", decoder_busy_[u]},     {"dequantizer", dequantizer_busy_[u]},
      };
      for (const auto& stage : stages) sc_trace(file, stage.busy, s + "." + stage.name + ".busy");
      sc_trace(file, views_[u].unit->coder.loop_row(), s + ".coder.loop");
      sc_trace(file, views_[u].unit->decoder.loop_row(), s + ".decoder.loop");
      for (int k = 0; k < kFifoLevels; ++k) sc_trace(file, levels_[u][k], s + ".fifo." + kLevels[k] + "_level");
      // The datapath: x as the quantizer reads it, the packed N-bit codes and the errors e it writes, the code
      // words the coder sends, the record words the decoder reads, its decoded q and e, and x-hat (reals: float32).
      const UnitTaps& t = taps_[u];
      t.values.trace(file, s + ".fifo.values", false, true);
      t.codes.trace(file, s + ".fifo.codes", true, false);
      t.errors.trace(file, s + ".fifo.errors", true, false);
      t.encoded.trace(file, s + ".fifo.encoded", true, false);
      t.record.trace(file, s + ".fifo.record", false, true);
      t.decoded_q.trace(file, s + ".fifo.elements_q", true, false);
      t.decoded_e.trace(file, s + ".fifo.elements_e", true, false);
      t.dequantized.trace(file, s + ".fifo.x_hat", true, false);
      // Per element inside the stages: the quantizer's t and q, the coder's payload symbol with its code.
      const Quantizer::Wave& qw = views_[u].unit->quantizer.wave();
      sc_trace(file, qw.t, s + ".quantizer.t");
      sc_trace(file, qw.q, s + ".quantizer.q");
      const HuffmanCoder::Wave& cw = views_[u].unit->coder.wave();
      sc_trace(file, cw.symbol, s + ".coder.symbol");
      sc_trace(file, cw.code_length, s + ".coder.code_length");
      sc_trace(file, cw.code_word, s + ".coder.code_word");
    }
    sc_trace(file, records_routed_, c + "records_routed");
    sc_trace(file, records_merged_, c + "records_merged");
    levels_traced_ = true;
  }
#endif

 private:
  // OP and RECORDS latched at START, held during the layer.
  sc_signal<bool> cfg_dequantize_;
  sc_signal<RecordCount> cfg_records_;

  // Handshakes and state: the router and the merger run per START, the units' stages per record.
  sc_signal<bool> route_start_;
  sc_signal<bool> router_busy_, merger_busy_;
  sc_signal<bool> quantizer_busy_[kUnits], collector_busy_[kUnits], coder_busy_[kUnits], decoder_busy_[kUnits],
      dequantizer_busy_[kUnits];
  sc_signal<bool> router_done_, merger_done_;
  sc_signal<ErrorField> layer_error_;
  sc_signal<bool> output_complete_;
  sc_signal<bool> running_;
  sc_signal<bool> clear_counters_;
  sc_signal<Counter> elapsed_;

  // Per record: the merger's ticket and verdict (the units' FIFOs carry the rest).
  sc_fifo<RecordTicket> tickets_;
  sc_fifo<ErrorField> verdicts_;

  typedef typename Present<kLanes == 2, sc_fifo<Word> >::type SecondValuesLane;
  typedef typename Present<kLanes == 2, sc_fifo<Beat> >::type SecondDecodedLane;

#if !defined(__SYNTHESIS__)
  // A unit and its end FIFOs, for a waveform's FIFO levels (simulation only).
  struct UnitView {
    const Unit* unit;
    const sc_fifo<Word>* values0;
    const SecondValuesLane* values1;
    const sc_fifo<Beat>* record;
    const sc_fifo<Beat>* encoded;
    const sc_fifo<Beat>* decoded0;
    const SecondDecodedLane* decoded1;
  };
  UnitView views_[kUnits];
#endif

  // A slot's unit: its clock, reset and busy signals, and its ports to the slot's end FIFOs.
  void bind_unit(Unit& unit, int n, sc_fifo<StageDescriptor>& quantizer_config,
                 sc_fifo<StageDescriptor>& collector_config, sc_fifo<StageDescriptor>& coder_config,
                 sc_fifo<StageDescriptor>& decoder_config, sc_fifo<StageDescriptor>& dequantizer_config,
                 sc_fifo<Word>& values_lane0, SecondValuesLane& values_lane1, sc_fifo<Beat>& record,
                 sc_fifo<Word>& quantizer_static_code, sc_fifo<Word>& coder_static_code,
                 sc_fifo<Word>& decoder_static_code, sc_fifo<Beat>& encoded, sc_fifo<Beat>& decoded_lane0,
                 SecondDecodedLane& decoded_lane1, sc_fifo<ErrorField>& decoder_status) {
    unit.clk(clk);
    unit.reset(reset);
    unit.quantizer_busy(quantizer_busy_[n]);
    unit.collector_busy(collector_busy_[n]);
    unit.coder_busy(coder_busy_[n]);
    unit.decoder_busy(decoder_busy_[n]);
    unit.dequantizer_busy(dequantizer_busy_[n]);
    unit.quantizer_config(quantizer_config);
    unit.collector_config(collector_config);
    unit.coder_config(coder_config);
    unit.decoder_config(decoder_config);
    unit.dequantizer_config(dequantizer_config);
    unit.values_lane0(values_lane0);
    unit.values_lane1(values_lane1);
    unit.record(record);
    unit.quantizer_static_code(quantizer_static_code);
    unit.coder_static_code(coder_static_code);
    unit.decoder_static_code(decoder_static_code);
    unit.encoded(encoded);
    unit.decoded_lane0(decoded_lane0);
    unit.decoded_lane1(decoded_lane1);
    unit.decoder_status(decoder_status);
#if !defined(__SYNTHESIS__)
    const UnitView view = {&unit, &values_lane0, &values_lane1, &record, &encoded, &decoded_lane0, &decoded_lane1};
    views_[n] = view;
#endif
  }
  // An absent slot: nothing to bind.
  void bind_unit(Absent&, int, Absent&, Absent&, Absent&, Absent&, Absent&, Absent&, Absent&, Absent&, Absent&, Absent&,
                 Absent&, Absent&, Absent&, Absent&, Absent&) {}

  // SOFT_RESET leaves the IP as a wire to the board's reset logic, which drives the reset port (and the DMA's).
  void request_reset() { reset_request.write(soft_reset.read() != 0); }

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

  // The hardware counters (SECDA's HWC): each stage's busy cycles (a cycle counts when the stage is busy in any
  // unit), and the cycles from START to the last output
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
        bool quantizing = false, encoding = false, decoding = false, dequantizing = false;
      ANY_UNIT:
        for (int u = 0; u < kUnits; ++u) {
          HLS_PRAGMA(UNROLL)
          quantizing = quantizing || quantizer_busy_[u].read();
          encoding = encoding || collector_busy_[u].read() || coder_busy_[u].read();
          decoding = decoding || decoder_busy_[u].read();
          dequantizing = dequantizing || dequantizer_busy_[u].read();
        }
        if (quantizing) ++quantizer_cycles;
        if (encoding) ++encoder_cycles;
        if (decoding) ++decoder_cycles;
        if (dequantizing) ++dequantizer_cycles;
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
  // The FIFO levels a waveform shows per unit (kLevels in trace): the unit's inner ones (EdqaUnit::level) and its end
  // FIFOs.
  static constexpr int kFifoLevels = 11;
  sc_signal<int> levels_[kUnits][kFifoLevels];
  mutable bool levels_traced_ = false;  // sampled only for a waveform
  sc_event never_;

  // What the waveform shows of each unit's FIFOs' values, and the record counts of the layer running (the index of
  // the record the router and the merger are on).
  struct UnitTaps {
    FifoTap<Word, double> values;
    FifoTap<Word, uint32_t> codes;
    FifoTap<Symbol, uint32_t> errors;
    FifoTap<Beat, uint32_t> encoded, record;
    FifoTap<DecodedElement, int32_t> decoded_q;
    FifoTap<DecodedElement, uint32_t> decoded_e;
    FifoTap<Beat, double> dequantized;
  };
  UnitTaps taps_[kUnits];
  sc_signal<uint32_t> records_routed_, records_merged_;

  // The stage FIFOs whose events sample_fifo_values takes (with one lane the quantizer reads the slot's FIFO and
  // the de-quantizer writes it: no serializer, no splitter).
  void watch_fifos() {
    for (int u = 0; u < kUnits; ++u) {
      const Unit& unit = *views_[u].unit;
      const sc_fifo<Word>& values = kLanes == 1 ? *views_[u].values0 : unit.values_fifo();
      const sc_fifo<Beat>& dequantized = kLanes == 1 ? *views_[u].decoded0 : unit.dequantized_fifo();
      // Both events of each: a value is taken from the buffer when written (a read clears its slot).
      watch(values), watch(unit.codes_fifo()), watch(unit.errors_fifo()), watch(*views_[u].encoded);
      watch(*views_[u].record), watch(unit.elements_fifo()), watch(dequantized);
    }
  }

  template <class T>
  void watch(const sc_fifo<T>& fifo) {
    sensitive << fifo.data_written_event() << fifo.data_read_event();
  }

  static double word_float(const Word& w) { return float_bits(w.to_uint()); }
  static uint32_t word_bits(const Word& w) { return w.to_uint(); }
  static uint32_t symbol(const Symbol& e) { return e.to_uint(); }
  static uint32_t beat_bits(const Beat& b) { return b.data.to_uint(); }
  static double beat_float(const Beat& b) { return float_bits(b.data.to_uint()); }
  static int32_t element_q(const DecodedElement& d) { return d.code.to_int(); }
  static uint32_t element_e(const DecodedElement& d) { return d.error.to_uint(); }

  void sample_fifo_values() {
    const bool between_edges = clk.negedge();
    for (int u = 0; u < kUnits; ++u) {
      const Unit& unit = *views_[u].unit;
      UnitTaps& t = taps_[u];
      // With one lane the quantizer reads the slot's FIFO and the de-quantizer writes it (no serializer, no splitter).
      t.values.observe(kLanes == 1 ? *views_[u].values0 : unit.values_fifo(), word_float);
      t.codes.observe(unit.codes_fifo(), word_bits);
      t.errors.observe(unit.errors_fifo(), symbol);
      t.encoded.observe(*views_[u].encoded, beat_bits);
      t.record.observe(*views_[u].record, beat_bits);
      t.decoded_q.observe(unit.elements_fifo(), element_q);
      t.decoded_e.observe(unit.elements_fifo(), element_e);
      t.dequantized.observe(kLanes == 1 ? *views_[u].decoded0 : unit.dequantized_fifo(), beat_float);
      if (between_edges) {
        t.values.strobe(), t.codes.strobe(), t.errors.strobe(), t.encoded.strobe(), t.record.strobe();
        t.decoded_q.strobe(), t.decoded_e.strobe(), t.dequantized.strobe();
      }
    }
    // A ticket per record: written when the router starts it, read when the merger takes it.
    const bool layer = running_.read();
    const uint32_t routed = records_routed_.read() + (tickets_.data_written_event().triggered() ? 1 : 0);
    const uint32_t merged = records_merged_.read() + (tickets_.data_read_event().triggered() ? 1 : 0);
    records_routed_.write(layer ? routed : 0);
    records_merged_.write(layer ? merged : 0);
  }

  void sample_fifo_levels() {
    if (!levels_traced_) {
      next_trigger(never_);  // no waveform: never again
      return;
    }
    sample_fifo_values();
    if (!clk.posedge()) return;
    for (int u = 0; u < kUnits; ++u) {
      const UnitView& view = views_[u];
      for (int k = 0; k < kFifoLevels; ++k) {
        int level = view.unit->level(k);
        if (k == 0) level = fifo_level(*view.values0) + fifo_level(*view.values1);
        if (k == 5) level = fifo_level(*view.encoded);
        if (k == 6) level = fifo_level(*view.record);
        if (k == 8) level = fifo_level(*view.decoded0) + fifo_level(*view.decoded1);
        levels_[u][k].write(level);
      }
    }
  }
#endif
};

// The paper's configuration: one unit, a 32-bit stream.
typedef EdqaAcceleratorT<1, 1> EdqaAccelerator;

}  // namespace edqa_hw

#endif  // EDQA_ACCELERATOR_SC_H
