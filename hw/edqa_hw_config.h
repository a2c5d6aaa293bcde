// eDQA accelerator: design parameters and the HLS pragma macro, shared by every hardware module.
//
// One source serves simulation and synthesis (the SECDA convention): HLS pragmas are written with HLS_PRAGMA(...)
// and only become `#pragma HLS ...` when Vivado HLS compiles the code (__SYNTHESIS__); in simulation they vanish.
#ifndef EDQA_HW_CONFIG_H
#define EDQA_HW_CONFIG_H

#include <cstdint>

#if defined(__SYNTHESIS__)
#define EDQA_HW_STRINGIFY(x) #x
#define HLS_PRAGMA(x) _Pragma(EDQA_HW_STRINGIFY(HLS x))
#else
#define HLS_PRAGMA(x)
#endif

namespace edqa_hw {

// Stream beat width in bits (AXI-Stream TDATA). Records are sequences of such words (docs/spec.md §4.1).
constexpr int kBeatBits = 32;

// Longest channel the on-chip buffers hold. The paper's largest ResNet-18 channel is 56 x 56 = 3136.
constexpr int kMaxLength = 4096;

// Bit widths of docs/spec.md §2.1 and §3.2.
constexpr int kMinBits = 2;
constexpr int kMaxBits = 8;
constexpr int kMaxExtraBits = 8;
constexpr int kMaxAlphabet = 1 << kMaxExtraBits;  // 2^m shifting-error symbols at most
constexpr int kMaxCodeLength = 8;                 // L_max
constexpr int kCodeLengthFieldBits = 4;           // codebook field width
constexpr int kMaxTreeNodes = 2 * kMaxAlphabet - 1;

// The codes' static code (docs/spec.md §3.8): 2^N code symbols and fifteen zero runs (2 .. 16 zero codes), lengths
// up to 12, in §3.4's 4-bit fields. A run of 1 .. 16 zeros is one symbol (the zero code for one): its leftover.
constexpr int kZeroRunSymbols = 15;
constexpr int kMaxZeroRun = kZeroRunSymbols + 1;
// The codes' alphabet at N bits: the 2^N codes, then the runs.
constexpr int code_alphabet(int bits) { return (1 << bits) + kZeroRunSymbols; }
constexpr int kMaxCodeAlphabet = code_alphabet(kMaxBits);  // 271
constexpr int kMaxCodesCodeLength = 12;

// Section sizes of the largest record (docs/spec.md §4.2), in words.
constexpr int kMaxCodeWords = (kMaxLength * kMaxBits + kBeatBits - 1) / kBeatBits;
constexpr int kMaxCodebookWords = (kMaxAlphabet * kCodeLengthFieldBits + kBeatBits - 1) / kBeatBits;
constexpr int kMaxPayloadWords = (kMaxLength * kMaxCodeLength + kBeatBits - 1) / kBeatBits;
// A codes' static code: ceil((2^N + 15) 4 / 32) words, 34 at N = 8. A codes section of code coding static is at
// most the packed codes behind their mode bit (§4.2): one word more than the packed codes when L N is a multiple of
// 32.
constexpr int kMaxCodeStaticCodeWords = (kMaxCodeAlphabet * kCodeLengthFieldBits + kBeatBits - 1) / kBeatBits;
constexpr int kMaxCodeSectionWords = (1 + kMaxLength * kMaxBits + kBeatBits - 1) / kBeatBits;
constexpr int kMaxRecordWords = kMaxCodeSectionWords + kMaxCodebookWords + 1 + kMaxPayloadWords;

// Bound of the encoder's collect loop: L errors, and the last code word at most one iteration after the last error.
constexpr int kMaxCollectIterations = kMaxLength + 1;

// float32 bits of 2^-64: a group whose abs-max M is below it is the zero group (docs/spec.md §2.2).
constexpr uint32_t kMinNonZeroMaximumBits = 0x1F800000u;

// The NoisyQuant baseline (docs/spec.md §8): channels of S x S <= kMaxLength, 10 clip and 10 noise candidates, the
// noise pattern's xorshift32 seed.
constexpr int kNoisyMaxSide = 64;
constexpr int kNoisyClipCandidates = 10;
constexpr int kNoisyNoiseCandidates = 10;
constexpr uint32_t kNoisySeed = 0x2545F491u;

// Depth of the FIFOs between stages: two entries sustain one beat per cycle.
constexpr int kStageFifoDepth = 4;

// The quantize input is at most kMaxLength words; a de-quantize input at most kMaxRecordWords. A stream that runs
// past these without TLAST is drained up to this bound and then refused (the DMA always ends a transfer with TLAST).
constexpr int kMaxInputWords = kMaxRecordWords > kMaxLength ? kMaxRecordWords : kMaxLength;

// A layer per START (docs/spec.md §7): RECORDS records back to back on one stream, each a descriptor of
// kDescriptorWords words and its input; per record its output, then a trailer of kTrailerWords words.
constexpr int kMaxLayerRecords = 65535;
constexpr int kDescriptorWords = 3;
constexpr int kTrailerWords = 2;

// FIFOs that decouple the encoder's two halves (ping-pong in stream form): the collector of record k + 1 runs
// while the coder emits record k, so each holds one whole record (HLS maps FIFOs this deep to block RAM).
constexpr int kErrorFifoDepth = kMaxLength;
constexpr int kCodeFifoDepth = kMaxCodeWords;
// Code coding static: the coded codes section's words, Quantizer to coder, at most the packed codes' (a chosen coded
// section, Q < L N, is never longer).
constexpr int kCodedFifoDepth = kMaxCodeWords;
// The decoder's set-aside FIFO holds a record's packed codes or its payload (hw/huffman_decoder.sc.h).
constexpr int kSetAsideWords = kMaxCodeWords > kMaxPayloadWords ? kMaxCodeWords : kMaxPayloadWords;
constexpr int kCountFifoDepth = kMaxAlphabet;

// A layer's static code (docs/spec.md §3.7) and its codes' static code (§3.8) travel from the router once per
// START: to quantize, the static code to the coder and the codes' to the Quantizer (which codes the codes); to
// de-quantize, both to the decoder, the codes' behind the static code. Each whole (at most 32 words, and 34 for the
// codes'), since the router writes them before the record's configuration that tells the stage to read them.
constexpr int kCoderStaticCodeFifoDepth = kMaxCodebookWords;
constexpr int kDecoderStaticCodeFifoDepth = kMaxCodebookWords + kMaxCodeStaticCodeWords;
constexpr int kCodeStaticCodeFifoDepth = kMaxCodeStaticCodeWords;  // the Quantizer's

// Configurations queued per stage: the router may run a record or two ahead of the slowest stage.
constexpr int kConfigFifoDepth = 4;
// A record's coded codes' bits Q, Quantizer to coder (code coding static), one per record: as deep as the
// configuration FIFOs. (The router queues the Quantizer's configuration a moment before the coder's, so a run of
// empty records can fill it and stall the Quantizer a cycle; the coder drains it, no deadlock.)
constexpr int kCodeBitsFifoDepth = kConfigFifoDepth;

// Parallel channel units behind one stream, and words per stream beat (lanes: 1 is a 32-bit AXI-Stream, 2 the
// 64-bit width of the Zynq's HP ports). Compile-time parameters of EdqaAcceleratorT; the router hands record r to
// unit r mod units, the merger takes the outputs back in record order.
constexpr int kMaxUnits = 4;
constexpr int kMaxLanes = 2;

// Tickets and verdicts queued for the merger: the router runs up to one record per unit ahead of it, and a few
// more.
constexpr int kTicketFifoDepth = 2 * kMaxUnits;

// Bound of the decoder's loop over a refused record: L zero elements out, at most kMaxInputWords words in.
constexpr int kMaxRefuseIterations = kMaxLength + kMaxInputWords;

// Values of the OP register.
enum Operation : uint32_t {
  kOpQuantize = 0,
  kOpDequantize = 1,
};

// CODING of a record's descriptor (docs/spec.md §4.2): the modes the encoder may take.
enum Coding : uint32_t {
  kCodingAdaptive = 0,  // adaptive only (the paper's)
  kCodingStatic = 1,    // static or raw: no tree, no codebook
  kCodingSmallest = 2,  // adaptive, static or raw
};

// MODE of an important record's coding word H (docs/spec.md §4.2): bits 31..30; P in bits 27..0.
enum RecordMode : uint32_t {
  kModeAdaptive = 0,
  kModeStatic = 1,
  kModeRaw = 2,
};
constexpr int kModeShift = 30;
constexpr uint32_t kPayloadFieldMask = 0x0FFFFFFFu;

// Bits of the STATUS register; bits 15..8 hold the first error code.
enum StatusBits : uint32_t {
  kStatusOk = 0,
  kStatusError = 1u << 0,
};

// Error codes reported in STATUS bits 15..8. The host library validates its inputs, so in normal use only
// damaged records reach these; they exist so the hardware never hangs or produces silent garbage.
enum ErrorCode : uint32_t {
  kErrorNone = 0,
  kErrorBadConfig = 1,      // a record descriptor (N, m, L, CODING, W) or NoisyQuant register out of range
  kErrorCodeLength = 2,     // a codebook field above L_max
  kErrorCodebook = 3,       // Kraft sum or used-symbol count illegal
  kErrorPayloadBits = 4,    // P larger than L * L_max
  kErrorInvalidCode = 5,    // a payload bit pattern no code starts
  kErrorPayloadLength = 6,  // decoding L symbols did not consume exactly P bits
  kErrorPadding = 7,        // non-zero padding bits
  kErrorRecordLength = 8,   // the record's TLAST came before or after the words its header announces
  kErrorInputLength = 9,    // the quantize input's TLAST came before or after LENGTH values
  kErrorStaticCode = 10,    // no legal static code of the record's m (or codes' static code of its N, for a record of
                            // CODE_CODING) loaded in this START, or its own load illegal
  kErrorRecordMode = 11,    // the coding word's MODE is 3, or its bits 29..28 are set
  kErrorZeroRun = 12,       // coded codes (docs/spec.md §3.8): a zero run that would pass element L - 1
};

// Widths in bits of the fields whose width matters in hardware, derived from the limits above (the SystemC types
// in edqa_types.h use them).
constexpr int bits_for(uint64_t max_value) { return max_value < 2 ? 1 : 1 + bits_for(max_value / 2); }
constexpr int kLengthBits = bits_for(kMaxLength);                                               // L: 0..4096 -> 13
constexpr int kWidthBits = bits_for(kMaxBits);                                                  // N, m: 1..8 -> 4
constexpr int kCodeLengthBits = bits_for(kMaxCodeLength);                                       // 0..8 -> 4
constexpr int kPayloadBitsBits = bits_for(static_cast<uint64_t>(kMaxLength) * kMaxCodeLength);  // P <= 32768 -> 16
constexpr int kRecordWordsBits = bits_for(kMaxRecordWords);   // words of a record -> 12
constexpr int kSymbolBits = kMaxExtraBits;                    // a shifting error: 8 bits
constexpr int kNodeBits = bits_for(kMaxTreeNodes);            // tree node index -> 9
constexpr int kInputWordsBits = bits_for(kMaxInputWords);     // W of a record -> 13
constexpr int kRecordCountBits = bits_for(kMaxLayerRecords);  // RECORDS -> 16
static_assert(kLengthBits == 13 && kPayloadBitsBits == 16, "widths follow the limits");

}  // namespace edqa_hw

#endif  // EDQA_HW_CONFIG_H
