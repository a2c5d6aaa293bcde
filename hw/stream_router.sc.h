// The two ends of the accelerator's AXI-Streams, each a thread of its own that talks only through its ports. One
// START runs a layer: RECORDS records back to back on one stream (docs/spec.md §7).
//
//   din  --> InputRouter --config--> every stage of OP's path (one configuration per record, in order)
//                        --values--> Quantizer          (quantize: L float32 values per record)
//                        --record--> HuffmanDecoder     (de-quantize: W record words, TLAST on the W-th)
//                        --ticket, verdict--> OutputMerger
//   HuffmanCoder --encoded--> OutputMerger --> dout     (per record its output words, then its trailer;
//   Dequantizer  --decoded--/                             TLAST on the layer's last trailer word)
//
// Which path runs is the OP register, latched by the control: explicit branches, no channel chosen by reference.
// A record's descriptor says how many input words follow (W), so the router always knows where the next record
// starts: a bad descriptor refuses that record only (its W words are skipped), an input that ends early (TLAST)
// refuses the records it did not hold, words after the last record are discarded up to TLAST; nothing hangs.
#ifndef EDQA_STREAM_ROUTER_SC_H
#define EDQA_STREAM_ROUTER_SC_H

#include <systemc.h>

#include "edqa_bit_packing.h"
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

  sc_in<bool> dequantize;  // the latched OP register
  sc_in<RecordCount> records;

  sc_fifo_in<Beat> din;
  // Quantize path: the Quantizer, the encoder's collector and coder; de-quantize path: the decoder and the
  // Dequantizer. Each gets every record's configuration.
  sc_fifo_out<RecordConfig> quantizer_config;
  sc_fifo_out<RecordConfig> collector_config;
  sc_fifo_out<RecordConfig> coder_config;
  sc_fifo_out<RecordConfig> decoder_config;
  sc_fifo_out<RecordConfig> dequantizer_config;
  sc_fifo_out<RecordTicket> tickets;   // before a record's input: what the merger forwards
  sc_fifo_out<ErrorField> verdicts;    // after it: kErrorNone, kErrorBadConfig or kErrorInputLength
  sc_fifo_out<Word> values_out;
  sc_fifo_out<Beat> record_out;
  // A static code loaded by a descriptor (docs/spec.md §3.7, §7): to the coder (quantize) or the decoder.
  sc_fifo_out<Word> coder_static_code;
  sc_fifo_out<Word> decoder_static_code;

  SC_CTOR(InputRouter) {
    SC_CTHREAD(run, clk.pos());
    reset_signal_is(reset, true);
  }

 private:
  PipelineClock clock_;
  PipelineOutput<Word> values_pending_;
  PipelineOutput<Beat> record_pending_;
  bool ended_;  // the stream's TLAST has passed
  bool lost_;   // a descriptor's W was out of range: where the next record starts is unknown
  uint32_t static_bits_;  // m of the static code loaded in this START, 0 for none
  bool static_legal_;     // that code is legal (§3.7)

  void tick() { stream_tick(values_out, values_pending_, record_out, record_pending_, clock_); }

  void run() {
    busy.write(false);
    done.write(false);
    drain_on_reset(din);
#if !defined(__SYNTHESIS__)
    values_pending_.clear();
    record_pending_.clear();
#endif
    wait();
    while (true) {
      await_start(start, busy);
      route_layer(records.read().to_uint(), dequantize.read());
      finish_handshake(start, busy, done);
    }
  }

  // The next input word, or 0 once TLAST has passed.
  uint32_t next_word() {
    if (ended_) return 0;
    const Beat beat = stream_read(din);
    ended_ = beat.last;
    return beat.data.to_uint();
  }

  void route_layer(uint32_t count, bool dequantizing) {
    ended_ = false;
    lost_ = false;
    static_bits_ = 0;
    static_legal_ = false;
  ROUTE_LAYER:
    for (int r = 0; r < kMaxLayerRecords; ++r) {
      if (static_cast<uint32_t>(r) == count) break;
      const bool last_record = static_cast<uint32_t>(r) + 1 == count;
      ErrorField verdict = kErrorNone;
      uint32_t descriptor[kDescriptorWords] = {0, 0, 0};
      const bool held = !ended_ && !lost_;  // the stream still holds this record
    READ_DESCRIPTOR:
      for (int k = 0; k < kDescriptorWords; ++k) {
        HLS_PRAGMA(PIPELINE II = 1)
        if (held) descriptor[k] = next_word();
        tick();
      }
      const uint32_t input_words = descriptor[2];
      const uint32_t m = (descriptor[0] >> 4) & 0xFu;
      const bool loads = held && ((descriptor[0] >> 11) & 1u) != 0;
      bool forwarded = false;
      if (loads && (m < 1 || m > static_cast<uint32_t>(kMaxExtraBits))) {
        lost_ = true;  // the static code's length is unknown, and with it where the input starts
      } else if (loads) {
        static_legal_ = load_static_code(m, dequantizing);
        static_bits_ = m;
        forwarded = true;
      }
      RecordConfig config;
      if (!held || (ended_ && input_words > 0)) {
        verdict = kErrorInputLength;
      } else if (input_words > static_cast<uint32_t>(kMaxInputWords) || lost_) {
        verdict = kErrorBadConfig;
        lost_ = true;
      } else if (!parse_descriptor(descriptor[0], descriptor[1], input_words, dequantizing, config)) {
        verdict = kErrorBadConfig;
      } else if ((loads && !static_legal_) || (config.coding != kCodingAdaptive && !(static_bits_ == m && static_legal_))) {
        verdict = kErrorStaticCode;
      }
      config.static_code_ready = static_bits_ == m && static_legal_;
      // A refused record is an empty direct one for the stages: one configuration per record reaches every stage
      // (with the static code's m when it brought one, so that its stage takes those words off its FIFO).
      if (verdict != kErrorNone) {
        config = RecordConfig();
        config.bits = kMinBits;
        config.extra_bits = forwarded ? m : 1u;
      }
      config.loads_static_code = forwarded;
      RecordTicket ticket;
      ticket.error = verdict;
      ticket.words = dequantizing ? static_cast<uint32_t>(config.length) : (config.important ? 0u : words_for_bits(config.length * config.bits));
      ticket.to_last = !dequantizing && config.important;
      hand_out(config, ticket, dequantizing);
      const uint32_t routed = verdict == kErrorNone ? input_words : 0;
      const uint32_t skipped = verdict != kErrorNone && verdict != kErrorInputLength && !lost_ ? input_words : 0;
      bool short_input = false;
      if (dequantizing) {
        short_input = route_record(routed);
      } else {
        short_input = route_values(routed);
      }
      skip_words(skipped);
      if (short_input) verdict = kErrorInputLength;
      // The stream ends with the last record: TLAST came early on a record's last word (the next records are
      // refused), or words follow it (discarded here, and the last record reports them).
      if (last_record && !ended_) {
        drain_to_tlast();
        verdict = kErrorInputLength;
      }
      stream_write(verdicts, verdict);
    }
  }

  // Descriptor word 0: N (bits 3..0), m (7..4), IMPORTANT (8), CODING (10..9), LOAD_STATIC_CODE (11), L (28..16),
  // the other bits 0; word 1 the scale; word 2 W. False when the configuration is outside the accelerator's range
  // (or W is not L to quantize, or a de-quantize record has a CODING).
  bool parse_descriptor(uint32_t word, uint32_t scale, uint32_t input_words, bool dequantizing, RecordConfig& config) const {
    const uint32_t n = word & 0xFu;
    const uint32_t m = (word >> 4) & 0xFu;
    const uint32_t coding = (word >> 9) & 3u;
    const uint32_t length = (word >> 16) & 0x1FFFu;
    config.bits = n;
    config.extra_bits = m;
    config.important = ((word >> 8) & 1u) != 0;
    config.coding = coding;
    config.length = length;
    config.scale = scale;
    config.words = input_words;
    return (word & 0xE000F000u) == 0 && n >= static_cast<uint32_t>(kMinBits) && n <= static_cast<uint32_t>(kMaxBits) && m >= 1 && m <= n &&
           length <= static_cast<uint32_t>(kMaxLength) && coding <= kCodingSmallest && (dequantizing ? coding == kCodingAdaptive : input_words == length);
  }

  // The static code behind a descriptor: ceil(2^m 4 / 32) words on to the path's stage, each checked as it passes
  // (every symbol's length in [1, L_max], zero fields past 2^m, Kraft sum exactly 1: docs/spec.md §3.7).
  bool load_static_code(uint32_t m, bool dequantizing) {
    const int alphabet = 1 << m;
    const int words = (alphabet * kCodeLengthFieldBits + kBeatBits - 1) / kBeatBits;
    bool legal = true;
    uint32_t kraft = 0;
  CHECK_STATIC_CODE:
    for (int w = 0; w < kMaxCodebookWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (w == words) break;
      const uint32_t word = next_word();
    CHECK_FIELDS:
      for (int f = 0; f < 8; ++f) {
        HLS_PRAGMA(UNROLL)
        const uint32_t field = (word >> (28 - 4 * f)) & 0xFu;
        if (w * 8 + f < alphabet) {
          if (field < 1 || field > static_cast<uint32_t>(kMaxCodeLength)) legal = false;
          else kraft += 1u << (kMaxCodeLength - field);
        } else if (field != 0) {
          legal = false;
        }
      }
      if (dequantizing) {
        stream_write(decoder_static_code, Word(word));
      } else {
        stream_write(coder_static_code, Word(word));
      }
      tick();
    }
    return legal && kraft == (1u << kMaxCodeLength);
  }

  // One cycle: the configuration into the FIFO of every stage of the path, the ticket to the merger.
  void hand_out(const RecordConfig& config, const RecordTicket& ticket, bool dequantizing) {
    if (dequantizing) {
      stream_write(decoder_config, config);
      stream_write(dequantizer_config, config);
    } else {
      stream_write(quantizer_config, config);
      stream_write(collector_config, config);
      stream_write(coder_config, config);
    }
    stream_write(tickets, ticket);
    tick();
  }

  // L values to the Quantizer (zeros once TLAST has passed); true when the input ended before the L-th.
  bool route_values(uint32_t count) {
    bool short_input = false;
  ROUTE_VALUES:
    for (int i = 0; i < kMaxLength; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 4096)
      if (static_cast<uint32_t>(i) == count) break;
      short_input = short_input || ended_;
      stream_output(values_out, values_pending_, clock_, Word(next_word()), schedule::kRouteValues.depth);
      tick();
    }
    drain(schedule::kRouteValues);
    return short_input;
  }

  // W record words to the Huffman Decoder, TLAST on the W-th (or where the input's TLAST came early); true when
  // the input ended before the W-th.
  bool route_record(uint32_t count) {
    bool sent_last = false;
  ROUTE_RECORD:
    for (int w = 0; w < kMaxInputWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (static_cast<uint32_t>(w) == count || sent_last) break;
      const uint32_t word = next_word();
      sent_last = ended_ || static_cast<uint32_t>(w) + 1 == count;
      stream_output(record_out, record_pending_, clock_, Beat(word, sent_last), schedule::kRouteRecord.depth);
      tick();
    }
    drain(schedule::kRouteRecord);
    return count > 0 && ended_ && !sent_last;
  }

  // A refused record's input words.
  void skip_words(uint32_t count) {
  SKIP_INPUT:
    for (int w = 0; w < kMaxInputWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (static_cast<uint32_t>(w) == count || ended_) break;
      (void)next_word();
      tick();
    }
  }

  void drain_to_tlast() {
  DRAIN_INPUT:
    for (int w = 0; w < kMaxInputWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (ended_) break;
      (void)next_word();
      tick();
    }
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
  sc_out<ErrorField> layer_error;  // the first record's error of the layer, kErrorNone when every record was sound

  sc_in<bool> dequantize;
  sc_in<RecordCount> records;
  sc_in<Counter> elapsed;  // cycles since START (the total counter)

  sc_fifo_in<RecordTicket> tickets;
  sc_fifo_in<ErrorField> verdicts;
  sc_fifo_in<ErrorField> decoder_status;
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
    layer_error.write(kErrorNone);
    drain_on_reset(tickets);
    drain_on_reset(verdicts);
    drain_on_reset(decoder_status);
    drain_on_reset(encoded_in);
    drain_on_reset(decoded_in);
#if !defined(__SYNTHESIS__)
    pending_.clear();
#endif
    wait();
    while (true) {
      await_start(start, busy);
      layer_error.write(merge_layer(records.read().to_uint(), dequantize.read()));
      output_complete.write(true);
      finish_handshake(start, busy, done);
      output_complete.write(false);
    }
  }

  ErrorField merge_layer(uint32_t count, bool dequantizing) {
    ErrorField first_error = kErrorNone;
    uint32_t previous = 0;
  MERGE_LAYER:
    for (int r = 0; r < kMaxLayerRecords; ++r) {
      if (static_cast<uint32_t>(r) == count) break;
      const RecordTicket ticket = stream_read(tickets);
      uint32_t words = 0;
      if (dequantizing) {
        words = forward(decoded_in, ticket.words);
      } else if (ticket.to_last) {
        words = forward_to_last();
      } else {
        words = forward(encoded_in, ticket.words);
      }
      const ErrorField verdict = stream_read(verdicts);
      const ErrorField decoded = dequantizing ? stream_read(decoder_status) : ErrorField(kErrorNone);
      const ErrorField error = verdict != kErrorNone ? verdict : decoded;
      if (first_error == kErrorNone) first_error = error;
      // The trailer: the record's output words and error, then the cycles the layer spent on it, counted to the
      // end of this trailer (kTrailerWords cycles from now; the counter reads one cycle late), so that the
      // records' cycles add up to CYCLES_TOTAL.
      const uint32_t end = elapsed.read().to_uint() + kTrailerWords + 1;
      stream_output(dout, pending_, clock_, Beat(words | (error.to_uint() << 16), false), 1);
      tick();
      stream_output(dout, pending_, clock_, Beat(end - previous, static_cast<uint32_t>(r) + 1 == count), 1);
      tick();
      previous = end;
    }
    return first_error;
  }

  // A known number of words (a de-quantized record's values, a direct record's code words).
  uint32_t forward(sc_fifo_in<Beat>& in, uint32_t count) {
  MERGE_WORDS:
    for (int w = 0; w < kMaxLength; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 4096)
      if (static_cast<uint32_t>(w) == count) break;
      stream_output(dout, pending_, clock_, Beat(stream_read(in).data.to_uint(), false), schedule::kMergeWords.depth);
      tick();
    }
    drain(schedule::kMergeWords);
    return count;
  }

  // An important record: up to the coder's last word.
  uint32_t forward_to_last() {
    bool last = false;
    uint32_t words = 0;
  MERGE_RECORD:
    for (int w = 0; w < kMaxRecordWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (last) break;
      const Beat beat = stream_read(encoded_in);
      last = beat.last;
      ++words;
      stream_output(dout, pending_, clock_, Beat(beat.data.to_uint(), false), schedule::kMergeRecord.depth);
      tick();
    }
    drain(schedule::kMergeRecord);
    return words;
  }

  void drain(const schedule::Loop& loop) { stream_drain(dout, pending_, clock_, loop); }
};

}  // namespace edqa_hw

#endif  // EDQA_STREAM_ROUTER_SC_H
