// The SystemC types of the accelerators' ports and stored fields, with the widths of edqa_hw_config.h, so that
// simulation, HLS and resource estimates see the real widths.
#ifndef EDQA_TYPES_H
#define EDQA_TYPES_H

#include <systemc.h>

#include "edqa_descriptor.h"
#include "edqa_hw_config.h"

namespace edqa_hw {

typedef sc_uint<kBeatBits> Word;              // a stream beat's TDATA, a record word, float32 bits
typedef sc_uint<kLengthBits> Length;          // L, and counts of elements (histogram entries)
typedef sc_uint<kWidthBits> BitWidth;         // N, m
typedef sc_uint<kSymbolBits> Symbol;          // a shifting error e, 0..2^m - 1
typedef sc_uint<kCodeLengthBits> CodeLength;  // a code's length, 0..L_max
typedef sc_uint<kMaxCodeLength> CodeBits;     // a code, at most L_max bits
typedef sc_uint<kPayloadBitsBits> PayloadBits;
typedef sc_uint<kNodeBits> Node;                // a Huffman tree node
typedef sc_uint<8> ErrorField;                  // an ErrorCode
typedef sc_uint<32> Counter;                    // a cycle counter register
typedef sc_uint<kInputWordsBits> RecordWords;   // W: a record's input or output words, 0..kMaxInputWords
typedef sc_uint<kRecordCountBits> RecordCount;  // records of one START
// The codes' static code (docs/spec.md §3.8): a symbol (2^N codes, then the fifteen zero runs), a code and its length.
typedef sc_uint<bits_for(kMaxCodeAlphabet - 1)> CodeSymbol;            // 0..270
typedef sc_uint<kMaxCodesCodeLength> CodesCodeBits;                    // at most 12 bits
typedef sc_uint<bits_for(kMaxCodesCodeLength)> CodesCodeLength;        // 0..12
typedef sc_uint<bits_for(kMaxLength* kMaxCodesCodeLength)> CodedBits;  // Q, a record's coded codes: <= 4096 x 12

// One beat of an AXI-Stream: TDATA and TLAST. Under HLS the pragma
//   RESOURCE variable=din core=AXI4Stream port_map={{din_0 TDATA} {din_1 TLAST}}
// maps the struct's two fields (in declaration order) to the two signals, as SECDA's accelerators map theirs.
struct Beat {
  Word data;
  bool last;

  Beat() : data(0), last(false) {}
  Beat(uint32_t d, bool l) : data(d), last(l) {}
  bool operator==(const Beat& other) const { return data == other.data && last == other.last; }
};

// One beat of the two-lane (64-bit) AXI-Stream: TDATA, TKEEP and TLAST. The stream still carries 32-bit words
// (docs/spec.md §7): word 2k of a transfer in bits 31..0, word 2k + 1 in bits 63..32 (memory order, as the AXI
// DMA moves them); a transfer of an odd number of words ends in a beat with TKEEP 0x0F, only its low word valid.
// Any TKEEP but 0xFF is read as that one low word (the DMA produces no other). Under HLS the port_map names the
// three fields {{din_0 TDATA} {din_1 TKEEP} {din_2 TLAST}}.
struct WideBeat {
  sc_uint<64> data;
  sc_uint<8> keep;
  bool last;

  WideBeat() : data(0), keep(0), last(false) {}
  WideBeat(uint32_t low, uint32_t high, int words, bool l)
      : data((static_cast<uint64_t>(high) << 32) | low), keep(words == 2 ? 0xFF : 0x0F), last(l) {}
  bool operator==(const WideBeat& other) const {
    return data == other.data && keep == other.keep && last == other.last;
  }
};

// The accelerators' external stream beat for a lane count: one word (Beat) or two (WideBeat). The router and the
// merger see either through the same three functions.
template <int kLanes>
struct LaneBeat;
template <>
struct LaneBeat<1> {
  typedef Beat type;
};
template <>
struct LaneBeat<2> {
  typedef WideBeat type;
};

inline int beat_words(const Beat&) { return 1; }
inline int beat_words(const WideBeat& beat) { return beat.keep == 0xFF ? 2 : 1; }
inline uint32_t beat_word(const Beat& beat, int) { return beat.data.to_uint(); }
inline uint32_t beat_word(const WideBeat& beat, int index) {
  return index == 0 ? static_cast<uint32_t>(beat.data.range(31, 0).to_uint())
                    : static_cast<uint32_t>(beat.data.range(63, 32).to_uint());
}
// A beat of `words` (1 or 2; a Beat takes the first) words.
inline void make_beat(Beat& beat, uint32_t first, uint32_t, int, bool last) { beat = Beat(first, last); }
inline void make_beat(WideBeat& beat, uint32_t first, uint32_t second, int words, bool last) {
  beat = WideBeat(first, words == 2 ? second : 0, words, last);
}

// One decoded element on its way from the Huffman Decoder to the Dequantizer: the N-bit code q and the shifting
// error e (0 for a direct record).
struct DecodedElement {
  sc_int<kMaxBits> code;
  Symbol error;

  DecodedElement() : code(0), error(0) {}
  DecodedElement(int32_t q, uint32_t e) : code(q), error(e) {}
  bool operator==(const DecodedElement& other) const { return code == other.code && error == other.error; }
};

// A record's descriptor as its stages hold it: the fields of RecordDescriptor (edqa_descriptor.h) at hardware
// widths, and the router's finding on the static code. The router parses each record's descriptor and hands this
// to every stage of the record's path: the stages walk a layer's records back to back, each taking the next one
// from its own FIFO when it has finished the last record.
struct StageDescriptor {
  BitWidth bits;        // N
  BitWidth extra_bits;  // m
  bool important;
  bool unsigned_grid;      // UNSIGNED: codes in [0, 2^N - 1] (spec §2.3)
  Length length;           // L
  Word scale;              // INV (quantize) or DELTA (de-quantize), float32 bits
  RecordWords words;       // W: the record's input words (what the router passes on)
  sc_uint<2> coding;       // CODING (quantize): the modes the coder may take
  bool loads_static_code;  // the router passes ceil(2^m 4 / 32) static-code words to this stage before the record
  bool static_code_ready;  // a legal static code of this record's m is loaded in this START
  bool code_coding;        // CODE_CODING: the codes section starts with its code mode bit (spec §3.8, §4.2)
  // The router passes the codes' static code of N (ceil((2^N + 15) 4 / 32) words) before the record, after the
  // static code: to the decoder, or to the Quantizer and the coder.
  bool loads_code_static_code;

  StageDescriptor()
      : bits(0),
        extra_bits(0),
        important(false),
        unsigned_grid(false),
        length(0),
        scale(0),
        words(0),
        coding(0),
        loads_static_code(false),
        static_code_ready(false),
        code_coding(false),
        loads_code_static_code(false) {}
  explicit StageDescriptor(const RecordDescriptor& d)
      : bits(d.bits),
        extra_bits(d.extra_bits),
        important(d.important),
        unsigned_grid(d.unsigned_grid),
        length(d.length),
        scale(d.scale),
        words(d.words),
        coding(d.coding),
        loads_static_code(false),
        static_code_ready(false),
        code_coding(d.code_coding),
        loads_code_static_code(false) {}
  bool operator==(const StageDescriptor& other) const {
    return bits == other.bits && extra_bits == other.extra_bits && important == other.important &&
           unsigned_grid == other.unsigned_grid && length == other.length && scale == other.scale &&
           words == other.words && coding == other.coding && loads_static_code == other.loads_static_code &&
           static_code_ready == other.static_code_ready && code_coding == other.code_coding &&
           loads_code_static_code == other.loads_code_static_code;
  }
};

// What the output merger needs to know of a record before its output arrives: the router's verdict on the
// descriptor and input, and how many words to forward (all of a de-quantized record's L values, a direct record's
// ceil(L N / 32) code words) or, for an important record, to forward up to the encoder's last word.
struct RecordTicket {
  ErrorField error;
  RecordWords words;
  bool to_last;

  RecordTicket() : error(0), words(0), to_last(false) {}
  bool operator==(const RecordTicket& other) const {
    return error == other.error && words == other.words && to_last == other.to_last;
  }
};

// sc_fifo<T> needs operator<< for its payload type whatever the build (its print and dump members use it), so it
// stays in the synthesis source, as in Xilinx's and SECDA's SystemC designs; no thread calls it, and the hw lint
// exempts it.
inline std::ostream& operator<<(std::ostream& os, const Beat& beat) {
  return os << std::hex << beat.data.to_uint() << std::dec << (beat.last ? " last" : "");
}
inline std::ostream& operator<<(std::ostream& os, const WideBeat& beat) {
  return os << std::hex << beat.data.to_uint64() << "/" << beat.keep.to_uint() << std::dec
            << (beat.last ? " last" : "");
}
inline std::ostream& operator<<(std::ostream& os, const DecodedElement& element) {
  return os << element.code.to_int() << "," << element.error.to_uint();
}
inline std::ostream& operator<<(std::ostream& os, const StageDescriptor& config) {
  return os << config.bits.to_uint() << "," << config.extra_bits.to_uint() << "," << config.important << ","
            << config.length.to_uint();
}
inline std::ostream& operator<<(std::ostream& os, const RecordTicket& ticket) {
  return os << ticket.error.to_uint() << "," << ticket.words.to_uint() << "," << ticket.to_last;
}

#if !defined(__SYNTHESIS__)
// Waveforms show a struct's fields; simulation only.
inline void sc_trace(sc_trace_file* file, const Beat& beat, const std::string& name) {
  sc_trace(file, beat.data, name + ".tdata");
  sc_trace(file, beat.last, name + ".tlast");
}
inline void sc_trace(sc_trace_file* file, const WideBeat& beat, const std::string& name) {
  sc_trace(file, beat.data, name + ".tdata");
  sc_trace(file, beat.keep, name + ".tkeep");
  sc_trace(file, beat.last, name + ".tlast");
}
inline void sc_trace(sc_trace_file* file, const DecodedElement& element, const std::string& name) {
  sc_trace(file, element.code, name + ".code");
  sc_trace(file, element.error, name + ".error");
}
#endif

}  // namespace edqa_hw

#endif  // EDQA_TYPES_H
