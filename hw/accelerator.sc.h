// The eDQA accelerator (the paper's Figure 5): Quantizer -> Huffman Encoder for quantization, Huffman Decoder ->
// Dequantizer for de-quantization, one channel at a time.
//
//                 +------------------------------- EdqaAccelerator ------------------------------+
//   registers --> | control: latch config, start stages, route streams, count cycles, raise done |
//                 |                                                                              |
//   din  (Beat) --+--> values --> Quantizer --codes--> HuffmanEncoder --record--+                |
//                 |                          --errors->                         +--> dout (Beat) |
//                 +--> record --> HuffmanDecoder --(q, e)--> Dequantizer --values+               |
//                 +------------------------------------------------------------------------------+
//
// Registers are plain ports; under HLS they are bundled into two AXI-Lite slaves (ctrl and counters, by the
// RESOURCE pragmas in the constructor), the streams become AXI-Stream. The host programs OP, BITS, EXTRA_BITS,
// IMPORTANT, LENGTH, INV and DELTA (float32 bit patterns computed as docs/spec.md §2.2 says), raises START, waits for DONE, lowers START and reads STATUS and the
// cycle counters (SECDA-style hardware counters).
#ifndef EDQA_ACCELERATOR_SC_H
#define EDQA_ACCELERATOR_SC_H

#include <systemc.h>

#include "dequantizer.sc.h"
#include "edqa_hw_config.h"
#include "edqa_stream.h"
#include "huffman_decoder.sc.h"
#include "huffman_encoder.sc.h"
#include "quantizer.sc.h"

namespace edqa_hw {

SC_MODULE(EdqaAccelerator) {
  sc_in<bool> clk;
  sc_in<bool> reset;

  // Control registers (AXI-Lite).
  sc_in<bool> start;
  sc_out<bool> done;
  sc_out<uint32_t> status;
  sc_in<uint32_t> op;
  sc_in<uint32_t> bits;
  sc_in<uint32_t> extra_bits;
  sc_in<uint32_t> important;
  sc_in<uint32_t> length;
  sc_in<uint32_t> inv_bits;
  sc_in<uint32_t> delta_bits;

  // Hardware cycle counters of the last operation (AXI-Lite, read-only).
  sc_out<uint32_t> cycles_total;
  sc_out<uint32_t> cycles_quantizer;
  sc_out<uint32_t> cycles_encoder;
  sc_out<uint32_t> cycles_decoder;
  sc_out<uint32_t> cycles_dequantizer;

  // Data streams (AXI-Stream).
  sc_fifo_in<Beat> din;
  sc_fifo_out<Beat> dout;

  Quantizer quantizer;
  HuffmanEncoder encoder;
  HuffmanDecoder decoder;
  Dequantizer dequantizer;

  SC_CTOR(EdqaAccelerator)
      : quantizer("quantizer"),
        encoder("encoder"),
        decoder("decoder"),
        dequantizer("dequantizer"),
        values_("values", kStageFifoDepth),
        codes_("codes", kStageFifoDepth),
        errors_("errors", kStageFifoDepth),
        encoded_("encoded", kStageFifoDepth),
        record_("record", kStageFifoDepth),
        elements_("elements", kStageFifoDepth),
        decoded_("decoded", kStageFifoDepth) {
    SC_CTHREAD(control, clk.pos());
    reset_signal_is(reset, true);

    // Under HLS: registers and counters become the AXI-Lite slaves ctrl and counters, the streams AXI-Stream (SECDA's form).
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle ctrl" variable = start)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle ctrl" variable = done)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle ctrl" variable = status)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle ctrl" variable = op)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle ctrl" variable = bits)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle ctrl" variable = extra_bits)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle ctrl" variable = important)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle ctrl" variable = length)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle ctrl" variable = inv_bits)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle ctrl" variable = delta_bits)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle counters" variable = cycles_total)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle counters" variable = cycles_quantizer)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle counters" variable = cycles_encoder)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle counters" variable = cycles_decoder)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle counters" variable = cycles_dequantizer)
    HLS_PRAGMA(RESOURCE core = AXI4Stream variable = din)
    HLS_PRAGMA(RESOURCE core = AXI4Stream variable = dout)

    quantizer.clk(clk);
    quantizer.reset(reset);
    quantizer.start(quantize_start_);
    quantizer.done(quantizer_done_);
    quantizer.cycles(cycles_quantizer);
    quantizer.bits(cfg_bits_);
    quantizer.extra_bits(cfg_extra_bits_);
    quantizer.important(cfg_important_);
    quantizer.length(cfg_length_);
    quantizer.inv_bits(cfg_inv_bits_);
    quantizer.values_in(values_);
    quantizer.codes_out(codes_);
    quantizer.errors_out(errors_);

    encoder.clk(clk);
    encoder.reset(reset);
    encoder.start(quantize_start_);
    encoder.done(encoder_done_);
    encoder.cycles(cycles_encoder);
    encoder.bits(cfg_bits_);
    encoder.extra_bits(cfg_extra_bits_);
    encoder.important(cfg_important_);
    encoder.length(cfg_length_);
    encoder.codes_in(codes_);
    encoder.errors_in(errors_);
    encoder.record_out(encoded_);

    decoder.clk(clk);
    decoder.reset(reset);
    decoder.start(dequantize_start_);
    decoder.done(decoder_done_);
    decoder.cycles(cycles_decoder);
    decoder.record_status(decoder_status_);
    decoder.bits(cfg_bits_);
    decoder.extra_bits(cfg_extra_bits_);
    decoder.important(cfg_important_);
    decoder.length(cfg_length_);
    decoder.record_in(record_);
    decoder.elements_out(elements_);

    dequantizer.clk(clk);
    dequantizer.reset(reset);
    dequantizer.start(dequantize_start_);
    dequantizer.done(dequantizer_done_);
    dequantizer.cycles(cycles_dequantizer);
    dequantizer.extra_bits(cfg_extra_bits_);
    dequantizer.important(cfg_important_);
    dequantizer.length(cfg_length_);
    dequantizer.delta_bits(cfg_delta_bits_);
    dequantizer.elements_in(elements_);
    dequantizer.values_out(decoded_);
  }

#if !defined(__SYNTHESIS__)
  // Adds the internal handshakes and latched configuration to a waveform (simulation only).
  void trace(sc_trace_file* file) const {
    sc_trace(file, cfg_bits_, "acc.cfg_bits");
    sc_trace(file, cfg_extra_bits_, "acc.cfg_extra_bits");
    sc_trace(file, cfg_important_, "acc.cfg_important");
    sc_trace(file, cfg_length_, "acc.cfg_length");
    sc_trace(file, quantize_start_, "acc.quantize_start");
    sc_trace(file, quantizer_done_, "acc.quantizer_done");
    sc_trace(file, encoder_done_, "acc.encoder_done");
    sc_trace(file, dequantize_start_, "acc.dequantize_start");
    sc_trace(file, decoder_done_, "acc.decoder_done");
    sc_trace(file, dequantizer_done_, "acc.dequantizer_done");
    sc_trace(file, decoder_status_, "acc.decoder_error");
  }
#endif

 private:
  // Configuration latched at START, held for the stages during the operation.
  sc_signal<uint32_t> cfg_bits_;
  sc_signal<uint32_t> cfg_extra_bits_;
  sc_signal<bool> cfg_important_;
  sc_signal<uint32_t> cfg_length_;
  sc_signal<uint32_t> cfg_inv_bits_;
  sc_signal<uint32_t> cfg_delta_bits_;

  // Stage handshakes.
  sc_signal<bool> quantize_start_;
  sc_signal<bool> quantizer_done_;
  sc_signal<bool> encoder_done_;
  sc_signal<bool> dequantize_start_;
  sc_signal<bool> decoder_done_;
  sc_signal<bool> dequantizer_done_;
  sc_signal<uint32_t> decoder_status_;

  // Streams between the control's router and the stages.
  sc_fifo<uint32_t> values_;
  sc_fifo<uint32_t> codes_;
  sc_fifo<uint8_t> errors_;
  sc_fifo<Beat> encoded_;
  sc_fifo<uint32_t> record_;
  sc_fifo<uint16_t> elements_;
  sc_fifo<Beat> decoded_;

  void control() {
    done.write(false);
    status.write(kStatusOk);
    cycles_total.write(0);
    quantize_start_.write(false);
    dequantize_start_.write(false);
    drain_on_reset(din);
    drain_on_reset_local(encoded_);
    drain_on_reset_local(decoded_);
    wait();
    while (true) {
      await_start(start);
      uint32_t total = 0;
      const uint32_t error = run_operation(total);
      status.write(error == kErrorNone ? kStatusOk : (kStatusError | (error << 8)));
      cycles_total.write(total);
      finish_handshake(start, done);
    }
  }

  // Runs one operation; `total` counts the cycles from START to the last output beat leaving through dout.
  uint32_t run_operation(uint32_t& total) {
    const uint32_t operation = op.read();
    const uint32_t n = bits.read();
    const uint32_t m = extra_bits.read();
    const bool config_ok = operation <= kOpDequantize && n >= kMinBits && n <= kMaxBits && m >= 1 && m <= n &&
                           length.read() <= static_cast<uint32_t>(kMaxLength);
    if (!config_ok) return kErrorBadConfig;
    // The stages sample their configuration and their start on the same clock edge.
    cfg_bits_.write(n);
    cfg_extra_bits_.write(m);
    cfg_important_.write(important.read() != 0);
    cfg_length_.write(length.read());
    cfg_inv_bits_.write(inv_bits.read());
    cfg_delta_bits_.write(delta_bits.read());
    const bool quantize = operation == kOpQuantize;
    sc_signal<bool>& stage_start = quantize ? quantize_start_ : dequantize_start_;
    stage_start.write(true);
  ROUTE_LOOP:
    while (true) {
      HLS_PRAGMA(PIPELINE II = 1)
      const bool last_beat_out = route(quantize);
      tick(total);
      // The result is complete when the beat with TLAST has left (an empty record has none: then when the
      // stages are done and nothing is pending).
      if (last_beat_out || (stages_done(quantize) && (quantize ? encoded_ : decoded_).num_available() == 0)) break;
    }
    // Returning the stages to idle overlaps with the host's end of the handshake: not counted.
  WAIT_STAGES_DONE:
    while (true) {
      if (stages_done(quantize)) break;
      wait();
    }
    stage_start.write(false);
  WAIT_STAGES_IDLE:
    do {
      wait();
    } while (quantize ? (quantizer_done_.read() || encoder_done_.read())
                      : (decoder_done_.read() || dequantizer_done_.read()));
    return quantize ? kErrorNone : decoder_status_.read();
  }

  bool stages_done(bool quantize) const {
    return quantize ? (quantizer_done_.read() && encoder_done_.read()) : (decoder_done_.read() && dequantizer_done_.read());
  }

  // One beat each way per cycle: din to the active pipeline's input, its output to dout. Returns true when the
  // beat sent out carried TLAST.
  bool route(bool quantize) {
    Beat in;
    sc_fifo<uint32_t>& input = quantize ? values_ : record_;
    if (input.num_free() > 0 && din.nb_read(in)) input.nb_write(in.data);
    sc_fifo<Beat>& output = quantize ? encoded_ : decoded_;
    Beat out;
    if (dout.num_free() > 0 && output.nb_read(out)) {
      dout.nb_write(out);
      return out.last;
    }
    return false;
  }

  template <class T>
  static void drain_on_reset_local(sc_fifo<T>& fifo) {
#if !defined(__SYNTHESIS__)
    T discarded;
    while (fifo.nb_read(discarded)) {
    }
#else
    (void)fifo;
#endif
  }
};

}  // namespace edqa_hw

#endif  // EDQA_ACCELERATOR_SC_H
