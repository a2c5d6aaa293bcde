// One channel unit of the eDQA accelerator: both record paths of the paper's Figure 5 (Quantizer -> collector ==>
// coder; Huffman Decoder -> Dequantizer) with ports at its two ends, bound to FIFOs the accelerator owns (SECDA's
// VMM_vars form: the parent owns every channel between its children), which the router fills and the merger drains.
// EdqaAcceleratorT puts `units` of them behind one stream, unit0 .. unit3 by name; each handles one element a cycle.
//
//   router --config x5, static codes--------------------------------------------------------+
//   router --values (lane FIFOs)--[LaneSerializer]--> Quantizer --> Collector ==> Coder --encoded--> merger
//                                                              \--Q (coded codes' bits)-----^
//   router --record--> HuffmanDecoder --> Dequantizer --[LaneSplitter]--decoded (lane FIFOs)--> merger
//                                     \--status-------------------------------------------------> merger
//
// With two lanes the router writes a record's values two a cycle, alternately into the unit's two value FIFOs,
// and the serializer takes them back one a cycle in the same alternation; the splitter does the reverse for the
// de-quantized values, so the merger can send two a cycle. The alternation runs across records (the router and
// the merger keep the parity per unit), so no thread needs a record's length. With more than one unit the end
// FIFOs hold a whole record (`kBuffered`): the router fills unit u's and goes on to unit u + 1 while u works, and
// a unit finishes its record while the merger still sends another unit's (ping-pong in stream form; block RAM).
#ifndef EDQA_UNIT_SC_H
#define EDQA_UNIT_SC_H

#include <systemc.h>

#include "dequantizer.sc.h"
#include "edqa_hw_config.h"
#include "edqa_schedule.h"
#include "edqa_slots.h"
#include "edqa_stream.h"
#include "edqa_types.h"
#include "huffman_decoder.sc.h"
#include "huffman_encoder.sc.h"
#include "quantizer.sc.h"

namespace edqa_hw {

// Depths of a unit's end FIFOs (the accelerator's): a whole record when several units share the stream, two beats
// otherwise.
template <int kLanes, bool kBuffered>
struct UnitFifoDepths {
  static const int kValues = kBuffered ? kMaxLength / kLanes : kStageFifoDepth;  // per lane
  static const int kRecord = kBuffered ? kMaxRecordWords : kStageFifoDepth;
  static const int kEncoded = kBuffered ? kMaxRecordWords : kStageFifoDepth;
  static const int kDecoded = kBuffered ? kMaxLength / kLanes : kStageFifoDepth;  // per lane
  static const int kSecondLane = kLanes == 2 ? kValues : 1;                       // unused with one lane
  static const int kSecondDecodedLane = kLanes == 2 ? kDecoded : 1;
};

// Two lanes: one value a cycle to the Quantizer, alternately from lane 0 and lane 1 (schedule SERIALIZE_LANES).
SC_MODULE(LaneSerializer) {
  sc_in<bool> clk;
  sc_in<bool> reset;
  sc_fifo_in<Word> lane0_in;
  sc_fifo_in<Word> lane1_in;
  sc_fifo_out<Word> values_out;

  SC_CTOR(LaneSerializer) {
    SC_CTHREAD(run, clk.pos());
    reset_signal_is(reset, true);
  }

 private:
  void run() {
    drain_on_reset(lane0_in);
    drain_on_reset(lane1_in);
    bool lane = false;
    wait();
  SERIALIZE_LANES:
    while (true) {
      HLS_PRAGMA(PIPELINE II = 1)
      const Word value = lane ? stream_read(lane1_in) : stream_read(lane0_in);
      stream_write(values_out, value);
      lane = !lane;
      wait();
    }
  }
};

// Two lanes: the Dequantizer's values alternately into lane 0 and lane 1 (schedule SPLIT_LANES).
SC_MODULE(LaneSplitter) {
  sc_in<bool> clk;
  sc_in<bool> reset;
  sc_fifo_in<Beat> values_in;
  sc_fifo_out<Beat> lane0_out;
  sc_fifo_out<Beat> lane1_out;

  SC_CTOR(LaneSplitter) {
    SC_CTHREAD(run, clk.pos());
    reset_signal_is(reset, true);
  }

 private:
  void run() {
    drain_on_reset(values_in);
    bool lane = false;
    wait();
  SPLIT_LANES:
    while (true) {
      HLS_PRAGMA(PIPELINE II = 1)
      const Beat value = stream_read(values_in);
      if (lane) {
        stream_write(lane1_out, value);
      } else {
        stream_write(lane0_out, value);
      }
      lane = !lane;
      wait();
    }
  }
};

// A unit's lane adapters: none with one lane (the router and the merger meet the Quantizer and the Dequantizer
// directly, and the second lane's ports are absent), a serializer and a splitter with two.
template <int kLanes>
struct LaneAdapters {
  void bind(sc_in<bool>&, sc_in<bool>&, sc_fifo_in<Word>&, Absent&, sc_fifo<Word>&, sc_fifo<Beat>&, sc_fifo_out<Beat>&,
            Absent&) {}
};
template <>
struct LaneAdapters<2> {
  LaneSerializer serializer;
  LaneSplitter splitter;
  LaneAdapters() : serializer("serializer"), splitter("splitter") {}
  void bind(sc_in<bool>& clk, sc_in<bool>& reset, sc_fifo_in<Word>& lane0, sc_fifo_in<Word>& lane1,
            sc_fifo<Word>& values, sc_fifo<Beat>& dequantized, sc_fifo_out<Beat>& decoded0,
            sc_fifo_out<Beat>& decoded1) {
    serializer.clk(clk);
    serializer.reset(reset);
    serializer.lane0_in(lane0);
    serializer.lane1_in(lane1);
    serializer.values_out(values);
    splitter.clk(clk);
    splitter.reset(reset);
    splitter.values_in(dequantized);
    splitter.lane0_out(decoded0);
    splitter.lane1_out(decoded1);
  }
};

template <int kLanes, bool kBuffered>
struct EdqaUnit : public sc_module {
  sc_in<bool> clk;
  sc_in<bool> reset;
  sc_out<bool> quantizer_busy;
  sc_out<bool> collector_busy;
  sc_out<bool> coder_busy;
  sc_out<bool> decoder_busy;
  sc_out<bool> dequantizer_busy;

  // The unit's input end: FIFOs the accelerator owns (hw/accelerator.sc.h), the router's ports bound to them too.
  sc_fifo_in<StageDescriptor> quantizer_config;
  sc_fifo_in<StageDescriptor> collector_config;
  sc_fifo_in<StageDescriptor> coder_config;
  sc_fifo_in<StageDescriptor> decoder_config;
  sc_fifo_in<StageDescriptor> dequantizer_config;
  sc_fifo_in<Word> values_lane0;  // with one lane: the Quantizer's input
  typename Present<kLanes == 2, sc_fifo_in<Word> >::type values_lane1;
  sc_fifo_in<Beat> record;
  sc_fifo_in<Word> quantizer_static_code;  // the codes' static code (the Quantizer codes the codes)
  sc_fifo_in<Word> coder_static_code;
  sc_fifo_in<Word> decoder_static_code;
  // The output end: FIFOs the accelerator owns, the merger's ports bound to them too.
  sc_fifo_out<Beat> encoded;
  sc_fifo_out<Beat> decoded_lane0;  // with one lane: the Dequantizer's output
  typename Present<kLanes == 2, sc_fifo_out<Beat> >::type decoded_lane1;
  sc_fifo_out<ErrorField> decoder_status;

  Quantizer quantizer;
  HuffmanCollector collector;
  HuffmanCoder coder;
  HuffmanDecoder decoder;
  Dequantizer dequantizer;

  explicit EdqaUnit(sc_module_name name)
      : sc_module(name),
        values_lane1("values_lane1"),
        decoded_lane1("decoded_lane1"),
        quantizer("quantizer"),
        collector("collector"),
        coder("coder"),
        decoder("decoder"),
        dequantizer("dequantizer"),
        values_("values", kStageFifoDepth),
        codes_("codes", kStageFifoDepth),
        errors_("errors", kStageFifoDepth),
        collected_codes_("collected_codes", kCodeFifoDepth),
        collected_errors_("collected_errors", kErrorFifoDepth),
        counts_("counts", kCountFifoDepth),
        coded_("coded", kCodedFifoDepth),
        coded_bits_("coded_bits", kCodeBitsFifoDepth),
        elements_("elements", kStageFifoDepth),
        set_aside_("set_aside", kSetAsideWords),
        dequantized_("dequantized", kStageFifoDepth) {
    quantizer.clk(clk);
    quantizer.reset(reset);
    quantizer.busy(quantizer_busy);
    quantizer.config_in(quantizer_config);
    if (kLanes == 2) {
      quantizer.values_in(values_);
    } else {
      quantizer.values_in(values_lane0);
    }
    quantizer.code_static_code_in(quantizer_static_code);
    quantizer.codes_out(codes_);
    quantizer.errors_out(errors_);
    quantizer.coded_out(coded_);
    quantizer.coded_bits_out(coded_bits_);

    collector.clk(clk);
    collector.reset(reset);
    collector.busy(collector_busy);
    collector.config_in(collector_config);
    collector.codes_in(codes_);
    collector.errors_in(errors_);
    collector.codes_out(collected_codes_);
    collector.errors_out(collected_errors_);
    collector.counts_out(counts_);

    coder.clk(clk);
    coder.reset(reset);
    coder.busy(coder_busy);
    coder.config_in(coder_config);
    coder.codes_in(collected_codes_);
    coder.errors_in(collected_errors_);
    coder.counts_in(counts_);
    coder.coded_in(coded_);
    coder.coded_bits_in(coded_bits_);
    coder.static_code_in(coder_static_code);
    coder.record_out(encoded);

    decoder.clk(clk);
    decoder.reset(reset);
    decoder.busy(decoder_busy);
    decoder.config_in(decoder_config);
    decoder.status_out(decoder_status);
    decoder.record_in(record);
    decoder.static_code_in(decoder_static_code);
    decoder.elements_out(elements_);
    decoder.set_aside_out(set_aside_);
    decoder.set_aside_in(set_aside_);

    dequantizer.clk(clk);
    dequantizer.reset(reset);
    dequantizer.busy(dequantizer_busy);
    dequantizer.config_in(dequantizer_config);
    dequantizer.elements_in(elements_);
    if (kLanes == 2) {
      dequantizer.values_out(dequantized_);
    } else {
      dequantizer.values_out(decoded_lane0);
    }

    adapters_.bind(clk, reset, values_lane0, values_lane1, values_, dequantized_, decoded_lane0, decoded_lane1);
  }

#if !defined(__SYNTHESIS__)
  // The levels of the unit's inner FIFOs for a waveform (the accelerator samples them, and adds its end FIFOs': 0
  // values, 5 encoded, 6 record, 8 decoded; 9 is the coded section's FIFO, 10 the decoder's set-aside FIFO).
  int level(int which) const {
    switch (which) {
      case 1:
        return codes_.num_available();
      case 2:
        return errors_.num_available();
      case 3:
        return collected_codes_.num_available();
      case 4:
        return collected_errors_.num_available();
      case 7:
        return elements_.num_available();
      case 9:
        return coded_.num_available();
      case 10:
        return set_aside_.num_available();
      default:
        return 0;
    }
  }
  // The inner FIFOs whose values a waveform shows (edqa_waveform.h).
  const sc_fifo<Word>& values_fifo() const { return values_; }
  const sc_fifo<Word>& codes_fifo() const { return codes_; }
  const sc_fifo<Symbol>& errors_fifo() const { return errors_; }
  const sc_fifo<DecodedElement>& elements_fifo() const { return elements_; }
  const sc_fifo<Beat>& dequantized_fifo() const { return dequantized_; }
#endif

 private:
  sc_fifo<Word> values_;  // two lanes: serializer -> Quantizer
  sc_fifo<Word> codes_;
  sc_fifo<Symbol> errors_;
  sc_fifo<Word> collected_codes_;
  sc_fifo<Symbol> collected_errors_;
  sc_fifo<Length> counts_;
  sc_fifo<Word> coded_;            // code coding static: the coded codes section, Quantizer -> coder
  sc_fifo<CodedBits> coded_bits_;  // code coding static: each record's Q, Quantizer -> coder
  sc_fifo<DecodedElement> elements_;
  sc_fifo<Word> set_aside_;    // the decoder's set-aside words (packed codes, or a payload): its output, then input
  sc_fifo<Beat> dequantized_;  // two lanes: Dequantizer -> splitter

  LaneAdapters<kLanes> adapters_;
};

}  // namespace edqa_hw

#endif  // EDQA_UNIT_SC_H
