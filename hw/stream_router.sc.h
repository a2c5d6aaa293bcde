// The two ends of the accelerator's AXI-Streams, each a thread of its own that talks only through its ports:
//
//   din  --> InputRouter  --values--> Quantizer          (quantize: L float32 values)
//                         --record--> HuffmanDecoder     (de-quantize: the record's words, TLAST kept)
//   HuffmanEncoder --encoded--> OutputMerger --> dout    (quantize: the record, TLAST on its last word)
//   Dequantizer    --decoded--/                          (de-quantize: L float32 values, TLAST on the last)
//
// Which path runs is the OP register, latched by the control: explicit branches, no channel chosen by reference.
// The router never lets a malformed input hang the accelerator: a quantize input whose TLAST comes early is padded
// with zeros, words after the L-th are discarded up to TLAST, and either is reported (kErrorInputLength).
#ifndef EDQA_STREAM_ROUTER_SC_H
#define EDQA_STREAM_ROUTER_SC_H

#include <systemc.h>

#include "edqa_hw_config.h"
#include "edqa_schedule.h"
#include "edqa_stream.h"
#include "edqa_types.h"

namespace edqa_hw {

SC_MODULE(InputRouter) {
  sc_in<bool> clk;
  sc_in<bool> reset;
  sc_in<bool> start;
  sc_out<bool> busy;
  sc_out<bool> done;
  sc_out<ErrorField> status;  // kErrorNone, or kErrorInputLength / kErrorRecordLength

  sc_in<bool> dequantize;  // the latched OP register
  sc_in<Length> length;

  sc_fifo_in<Beat> din;
  sc_fifo_out<Word> values_out;
  sc_fifo_out<Beat> record_out;

  SC_CTOR(InputRouter) {
    SC_CTHREAD(run, clk.pos());
    reset_signal_is(reset, true);
  }

 private:
  PipelineClock clock_;
  PipelineOutput<Word> values_pending_;
  PipelineOutput<Beat> record_pending_;

  void tick() { stream_tick(values_out, values_pending_, record_out, record_pending_, clock_); }

  void run() {
    busy.write(false);
    done.write(false);
    status.write(kErrorNone);
    drain_on_reset(din);
#if !defined(__SYNTHESIS__)
    values_pending_.clear();
    record_pending_.clear();
#endif
    wait();
    while (true) {
      await_start(start, busy);
      const ErrorField result = dequantize.read() ? route_record() : route_values(length.read());
      status.write(result);
      finish_handshake(start, busy, done);
    }
  }

  // L values to the Quantizer; the stream must end (TLAST) with the L-th.
  ErrorField route_values(uint32_t count) {
    bool ended = count == 0;  // an empty record has no input at all
    bool mismatch = false;
  ROUTE_VALUES:
    for (int i = 0; i < kMaxLength; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 4096)
      if (static_cast<uint32_t>(i) == count) break;
      Word value = 0;
      if (!ended) {
        const Beat beat = stream_read(din);
        value = beat.data;
        ended = beat.last;
        mismatch = mismatch || (ended && static_cast<uint32_t>(i) + 1 != count);
      }
      stream_output(values_out, values_pending_, clock_, value, schedule::kRouteValues.depth);
      tick();
    }
    drain(schedule::kRouteValues);
  DRAIN_INPUT:
    for (int w = 0; w < kMaxInputWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (ended) break;
      ended = stream_read(din).last;
      mismatch = true;
      tick();
    }
    return mismatch ? ErrorField(kErrorInputLength) : ErrorField(kErrorNone);
  }

  // The record's words, with their TLAST, to the Huffman Decoder (which knows from the header how many to expect).
  ErrorField route_record() {
    bool ended = false;
  ROUTE_RECORD:
    for (int w = 0; w < kMaxInputWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (ended) break;
      const Beat beat = stream_read(din);
      ended = beat.last;
      stream_output(record_out, record_pending_, clock_, beat, schedule::kRouteRecord.depth);
      tick();
    }
    drain(schedule::kRouteRecord);
    return ended ? ErrorField(kErrorNone) : ErrorField(kErrorRecordLength);
  }

  void drain(const schedule::Loop& loop) { stream_drain(values_out, values_pending_, record_out, record_pending_, clock_, loop); }
};

SC_MODULE(OutputMerger) {
  sc_in<bool> clk;
  sc_in<bool> reset;
  sc_in<bool> start;
  sc_out<bool> busy;
  sc_out<bool> done;
  sc_out<bool> output_complete;  // the last output beat has left (held until start falls)

  sc_in<bool> dequantize;
  sc_in<Length> length;

  sc_fifo_in<Beat> encoded_in;
  sc_fifo_in<Beat> decoded_in;
  sc_fifo_out<Beat> dout;

  SC_CTOR(OutputMerger) {
    SC_CTHREAD(run, clk.pos());
    reset_signal_is(reset, true);
  }

 private:
  PipelineClock clock_;
  PipelineOutput<Beat> pending_;

  void tick() { stream_tick(dout, pending_, clock_); }

  void run() {
    busy.write(false);
    done.write(false);
    output_complete.write(false);
    drain_on_reset(encoded_in);
    drain_on_reset(decoded_in);
#if !defined(__SYNTHESIS__)
    pending_.clear();
#endif
    wait();
    while (true) {
      await_start(start, busy);
      if (dequantize.read()) {
        forward_values(length.read());
      } else {
        forward_record();
      }
      output_complete.write(true);
      finish_handshake(start, busy, done);
      output_complete.write(false);
    }
  }

  // The encoder marks its record's last word: forward to it.
  void forward_record() {
    bool last = false;
  MERGE_RECORD:
    for (int w = 0; w < kMaxRecordWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (last) break;
      const Beat beat = stream_read(encoded_in);
      last = beat.last;
      stream_output(dout, pending_, clock_, beat, schedule::kMergeRecord.depth);
      tick();
    }
    drain(schedule::kMergeRecord);
  }

  // L values, the last with TLAST (an empty record has none: nothing crosses the stream).
  void forward_values(uint32_t count) {
  MERGE_VALUES:
    for (int i = 0; i < kMaxLength; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 4096)
      if (static_cast<uint32_t>(i) == count) break;
      stream_output(dout, pending_, clock_, stream_read(decoded_in), schedule::kMergeValues.depth);
      tick();
    }
    drain(schedule::kMergeValues);
  }

  void drain(const schedule::Loop& loop) { stream_drain(dout, pending_, clock_, loop); }
};

}  // namespace edqa_hw

#endif  // EDQA_STREAM_ROUTER_SC_H
