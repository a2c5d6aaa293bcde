// The schedule of every loop of the accelerators: initiation interval (II), pipeline depth and trip count, with
// the reason for each, as Vivado HLS 2019.2 would build them for the xc7z020clg400-1 at 200 MHz (5 ns). The model
// takes exactly these cycles (edqa_stream.h: every iteration waits II cycles, a loop's results leave depth - 1
// cycles after its iteration, stalls wait); the HLS pragmas use the same constants; docs/performance.md lists the
// table; sim/tests/schedule_tests.cpp holds model, closed forms and docs table in step.
//
// Operator latencies assumed at 200 MHz on the -1 part (Xilinx Floating-Point Operator, full DSP usage; block RAM
// without output register). They are estimates until a Vivado run confirms them (hw/hls/README.md).
#ifndef EDQA_SCHEDULE_H
#define EDQA_SCHEDULE_H

#include <cstdint>

#include "edqa_hw_config.h"

namespace edqa_hw {
namespace schedule {

constexpr int kFmulLatency = 4;      // float32 multiply, 3 DSP48E1
constexpr int kFaddLatency = 5;      // float32 add/subtract, 2 DSP48E1
constexpr int kFdivLatency = 28;     // float32 divide (LUTs, no DSP)
constexpr int kSitofpLatency = 5;    // int32 to float32
constexpr int kBramReadLatency = 1;  // address in cycle t, data in t + 1

// One pipelined loop: II cycles per iteration, results depth cycles after the iteration starts.
struct Loop {
  const char* label;
  int ii;
  int depth;
  const char* trip;
  const char* reason;
};

// Input router and output merger: a register stage between the AXI-Stream and the stage FIFOs. Per record the
// router also spends one cycle handing its configuration to the stages, the merger two on its trailer.
constexpr Loop kReadDescriptor{"READ_DESCRIPTOR", 1, 1, "3", "a record's descriptor: three beats into registers"};
constexpr Loop kSkipInput{"SKIP_INPUT", 1, 1, "W of a refused record",
                          "read and discard (the input window: RTL: hw/rtl/word_window.v)"};
constexpr Loop kRouteValues{
    "ROUTE_VALUES", 1, 1, "ceil(L / lanes)",
    "one beat in, lanes values out per cycle to the record's unit, alternately into its lane "
    "FIFOs (zeros once a short input's TLAST has passed; the input window and the values counter: "
    "RTL: hw/rtl/word_window.v, lane_count.v)"};
constexpr Loop kDrainInput{"DRAIN_INPUT", 1, 1, "words after the layer's last record, to TLAST",
                           "a long input: read and discard (the input window: RTL: hw/rtl/word_window.v)"};
constexpr Loop kRouteRecord{"ROUTE_RECORD", 1, 1, "W",
                            "one beat in, one word out per cycle (TLAST set on the W-th; the input window: RTL: "
                            "hw/rtl/word_window.v)"};
constexpr Loop kMergeRecord{"MERGE_RECORD", 1, 1, "record words, to the coder's last",
                            "one word in, one beat out per cycle"};
constexpr Loop kMergeWords{
    "MERGE_WORDS", 1, 1, "ceil(L / lanes)",
    "a de-quantized record: lanes values in (alternately from the unit's lane FIFOs), one beat out per cycle (the "
    "values counter: RTL: hw/rtl/lane_count.v)"};
constexpr Loop kMergeCodes{"MERGE_CODES", 1, 1, "ceil(L N / 32)",
                           "a direct record's code words: one word in per cycle, a beat out per lanes words"};
constexpr Loop kResendStaticCode{
    "RESEND_STATIC_CODE", 1, 1, "ceil(2^m 4 / 32), once per unit and load",
    "several units: the kept static code to a unit ahead of its first record after the load"};
constexpr Loop kSerializeLanes{"SERIALIZE_LANES", 1, 1, "every value of a two-lane unit",
                               "a value from lane 0 or 1 (alternating) to the Quantizer"};
constexpr Loop kSplitLanes{"SPLIT_LANES", 1, 1, "every de-quantized value of a two-lane unit",
                           "a value from the Dequantizer into lane 0 or 1 (alternating)"};

// A layer's static code (docs/spec.md §3.7), once per START: the router checks it as it passes, the coder or the
// decoder builds its tables (then the coder's CANONICAL_CODES and the decoder's PLACE_SYMBOLS on the static code's
// lengths).
constexpr Loop kCheckStaticCode{
    "CHECK_STATIC_CODE", 1, 2, "ceil(2^m 4 / 32)",
    "router: eight 4-bit fields checked and their Kraft terms summed in two halves (the word passed on), then the "
    "16-bit Kraft sum += both halves (RTL: hw/rtl/kraft_sum.v)"};
// The codes' static code (docs/spec.md §3.8) behind a descriptor, after the static code: the router checks it as it
// passes and keeps its legality, and passes it on to the decoder, or to the Quantizer.
constexpr Loop kCheckCodeStaticCode{
    "CHECK_CODE_STATIC_CODE", 2, 3, "ceil((2^N + 15) 4 / 32)",
    "router: eight 4-bit fields checked against [1, 12] and their Kraft terms summed in two halves, the word's sum "
    "of both, then the 20-bit Kraft sum += it; II 2: the fields' 12-way decode into 12-bit terms and their sums "
    "measure 8 LUT levels (RTL: hw/rtl/code_kraft_sum.v), and a load is once per START"};
constexpr Loop kLoadStaticCode{
    "LOAD_STATIC_CODE", 1, 1, "2^m",
    "coder: one length a cycle into the lengths RAM (a word read every eighth), counted (eight counters; "
    "RTL: hw/rtl/static_code_counts.v)"};
constexpr Loop kReadStaticCode{
    "READ_STATIC_CODE", 1, 1, "ceil(2^m 4 / 32)",
    "decoder: eight lengths per word into the lengths RAM's banks, counted per length as they pass (RTL: "
    "hw/rtl/unpack_lengths.v)"};

// Quantizer: read, x * inv' (fmul), round and clamp on the product's bits (exponent compare, then shift and
// round), pack N bits into the word register.
constexpr Loop kQuantize{
    "QUANTIZE", 1, 1 + kFmulLatency + 2 + 1, "L, or L + 2 with code coding static",
    "no loop-carried dependence but the 64-bit packer (1 cycle; RTL: hw/rtl/word_packer.v); with code coding static "
    "also the coded section, carried from step to step in registers of its own: in a code's step its symbols (a zero "
    "extends the run, the sixteenth or the record's last emits it, another code emits the run it ends and itself; "
    "RTL: hw/rtl/code_symbols.v) and their codes read (the run's from registers, the code's from the codes RAM), the "
    "step after their join into one append of at most 25 bits, the step after that the append to a second packer "
    "(RTL: hw/rtl/word_packer.v); two steps without a value finish the last code, the first of them sends the packed "
    "codes' padded last word"};

// Huffman Encoder.
constexpr Loop kPassCodes{"PASS_CODES", 1, 1, "ceil(L N / 32)",
                          "collector, a direct record: the code words pass through"};
constexpr Loop kForwardCodes{
    "FORWARD_CODES", 1, 1, "ceil(L N / 32), or ceil((1 + L N) / 32) with code coding static",
    "coder: the record's code words from the collector's FIFO; code coding static: the packed section's word (one bit "
    "later behind the mode bit 0, a 1-bit carry) and, while the Quantizer sent them, the coded section's, one of each "
    "a cycle, the code mode's sent and the other dropped"};
// Code coding static (docs/spec.md §3.8), to quantize: the Quantizer builds the codes' static code once per START,
// then codes each record's codes as they leave QUANTIZE.
constexpr Loop kLoadCodeStaticCode{"LOAD_CODE_STATIC_CODE", 1, 1, "2^N + 15",
                                   "Quantizer: one length a cycle into the lengths RAM (a word read every eighth), "
                                   "counted (twelve counters; RTL: hw/rtl/code_static_code_counts.v)"};
constexpr Loop kCodeCanonicalCodes{
    "CODE_CANONICAL_CODES", 1, 1 + kBramReadLatency + 1, "2^N + 15",
    "Quantizer: read a length, take the next code of that length (twelve registers) and write it (RTL: "
    "hw/rtl/code_canonical_codes.v)"};
constexpr Loop kClearHistogram{"CLEAR_HISTOGRAM", 1, 1, "256, once after a reset, before the first START",
                               "one write per cycle to each histogram bank"};
// The histogram banks read through their block RAM's output register: address in t, data in a register in t + 2.
constexpr int kRegisteredBramReadLatency = 2;
constexpr Loop kCollect{"COLLECT", 1, 1 + kRegisteredBramReadLatency + 1, "L",
                        "element i updates histogram bank i mod 3: a bank's read-add-write spans 3 cycles (registered "
                        "read, add, write), each bank is used every third cycle (RTL: hw/rtl/histogram.v)"};
constexpr Loop kMergeBanks{"MERGE_BANKS", 1, 1 + kRegisteredBramReadLatency + 1, "2^m",
                           "read the three banks, add, write the count to the coder and zero the banks (RTL: "
                           "hw/rtl/histogram.v)"};
// READ_COUNTS and CANONICAL_CODES price the record: P += count x length. The length is registered after its read,
// the 13 x 4-bit product has a stage of its own (7 levels: hw/rtl/length_product.v) and P's add the next (16 bits):
// behind the unregistered read the multiply would not fit (3 levels), nor with the add in one cycle (8).
constexpr Loop kReadCounts{"READ_COUNTS", 1, 1 + kBramReadLatency + 2, "2^m",
                           "coder: a count from the collector's FIFO into the counts RAM, its code length cleared; P "
                           "under the static code += count x static length (static length registered, then the "
                           "product (RTL: hw/rtl/length_product.v), then P's one 16-bit add)"};
// SORT_INSERT's compare sees registers only: a prologue cycle reads the first two counts.
constexpr int kSortInsertEntryCycles = 1;
constexpr Loop kSortInsert{
    "SORT_INSERT", 1, 1 + kBramReadLatency, "2^m + shifts",
    "insertion sort, one flattened loop: a step takes the next symbol's count or moves one entry up; the count, the "
    "tail entry and the entry above the free slot in registers, read one and two steps ahead (the next count, the "
    "entry the step after next compares; the slot just written forwarded) (RTL: hw/rtl/sort_insert.v)"};
// MERGE_TREE's queue fronts are registers, loaded by a prologue cycle that reads the first two leaves.
constexpr int kMergeTreeEntryCycles = 1;
constexpr Loop kMergeTree{"MERGE_TREE", 2, 2, "n - 1",
                          "the fronts of each queue in registers: three compares and the picks (cycle 1), their sum "
                          "and two reads of each RAM refill them, the new node forwarded (cycle 2) (RTL: "
                          "hw/rtl/merge_tree.v)"};
constexpr Loop kLeafDepths{"LEAF_DEPTHS", 1, 1 + 2 * kBramReadLatency, "2 n - 2",
                           "read parent (its data addresses depth_), read its depth, write: the parent just written "
                           "forwarded from a register, depth_'s RAW at distance 2 (RTL: hw/rtl/leaf_depths.v)"};
constexpr Loop kCountDepths{"COUNT_DEPTHS", 1, 1 + kBramReadLatency + 1, "n",
                            "read a depth (registered), increment one of 9 counters (registers; RTL: "
                            "hw/rtl/depth_counts.v)"};
constexpr Loop kRepairLengths{
    "REPAIR_LENGTHS", 1, 1, "Kraft excess rounds",
    "length counts in registers: find a level (a priority), three updates (their sums taken beside "
    "the priority, which selects), the Kraft sum's decrement (RTL: hw/rtl/repair_lengths.v)"};
// The symbols of length at most d (d = 1..7) before ASSIGN_LENGTHS: seven chained 9-bit adds, 8 LUT levels (RTL:
// hw/rtl/length_ends.v), two cycles.
constexpr int kLengthEndsCycles = 2;
constexpr Loop kAssignLengths{"ASSIGN_LENGTHS", 1, 1 + kBramReadLatency + 1, "n",
                              "read the next sorted symbol, write its length: seven compares of j against the length "
                              "ends and their count; j the only recurrence (RTL: hw/rtl/assign_lengths.v)"};
constexpr Loop kCanonicalCodes{
    "CANONICAL_CODES", 1, 1 + kBramReadLatency + 3, "2^m",
    "read a length (bank select registered; RTL: hw/rtl/length_select.v), take the next code "
    "of that length (registers) and write it (RTL: hw/rtl/canonical_codes.v); P += count x "
    "length, the product a stage before the add (RTL: hw/rtl/length_product.v)"};
constexpr Loop kSendCodebook{"SEND_CODEBOOK", 1, 1, "ceil(2^m 4 / 32)",
                             "eight 4-bit lengths per word (lengths partitioned by 8)"};
constexpr Loop kSendPayload{
    "SEND_PAYLOAD", 1, 1 + kBramReadLatency + 1, "L",
    "an error from the collector's FIFO, read its code and length (own, static, or the error as m bits), pack"};

// Huffman Decoder.
constexpr Loop kDecodeDirect{"DECODE_DIRECT", 1, 2, "L",
                             "unpack N bits a cycle, refill one word (RTL: hw/rtl/word_unpacker.v)"};
constexpr Loop kSetAside{"SET_ASIDE", 1, 1, "ceil(L N / 32), or ceil(P / 32) with the codes last",
                         "an important record's words into the set-aside FIFO: its packed code words (the payload "
                         "follows them), or with its codes last its payload (the codes follow it)"};
constexpr Loop kReadCodebook{"READ_CODEBOOK", 1, 1, "ceil(2^m 4 / 32)",
                             "eight 4-bit lengths per word into the lengths RAM's banks, counted per length as they "
                             "pass (RTL: hw/rtl/unpack_lengths.v)"};
// The bank select after the lengths RAM's unregistered read gets its own stage (2 levels of a budget of 3, then a
// register): the slot select and increment after it would not fit behind the read (5 levels).
constexpr Loop kPlaceSymbols{"PLACE_SYMBOLS", 1, 1 + kBramReadLatency + 2, "2^m",
                             "read a length (bank select registered; RTL: hw/rtl/length_select.v), write the symbol at "
                             "the next slot of its length (RTL: hw/rtl/place_symbols.v)"};
constexpr Loop kDecode{
    "DECODE", 1, 4, "L",
    "recurrence (RTL: hw/rtl/decode.v): peek the left-aligned window's top 8 bits, two compares per length against "
    "the record's bounds, pick, shift out the code; the refill decided and placed from the registered fill (a load "
    "cycle before the loop); symbol lookup and code unpack in later stages"};
// Code coding static (docs/spec.md §3.8): the codes' static code, once per START, and each record's codes section.
constexpr Loop kReadCodeStaticCode{
    "READ_CODE_STATIC_CODE", 1, 1, "ceil((2^N + 15) 4 / 32)",
    "decoder: eight lengths per word into the lengths RAM's banks, counted per length (twelve counters) as they "
    "pass"};
constexpr Loop kPlaceCodeSymbols{"PLACE_CODE_SYMBOLS", 1, 1 + kBramReadLatency + 2, "2^N + 15",
                                 "read a length, write the symbol at the next slot of its length; a zero run's "
                                 "code and mask into registers"};
constexpr Loop kDecodeCodes{
    "DECODE_CODES", 1, 4, "L + codes longer than 8 bits",
    "recurrence: the 56-bit window's top 8 bits, two compares per length 1..8 (the errors' DECODE match), fifteen "
    "masked "
    "compares with the zero runs' codes beside them; a run of k zeros emits one a cycle for k cycles, a code longer "
    "than 8 bits takes a second cycle (lengths 9..12 on the top 12 bits); the refill decided from the registered "
    "fill (fewer than 24 bits left); symbol lookup and the code out in later stages; an important record's "
    "errors side beside it (its codes come last): DECODE's recurrence (RTL: hw/rtl/decode.v) on the set-aside FIFO, "
    "enabled by a register set in a cycle that emitted, so each code goes out with the last error decoded"};
constexpr Loop kResendCodeStaticCode{
    "RESEND_CODE_STATIC_CODE", 1, 1, "ceil((2^N + 15) 4 / 32), once per unit and load",
    "several units: the kept codes' static code to a unit ahead of its first record after the load (to its decoder, "
    "or to its Quantizer and coder)"};
constexpr Loop kSkipPayload{"SKIP_PAYLOAD", 1, 1, "payload words the codes did not need",
                            "a damaged record: read and discard"};
constexpr Loop kDrainRecord{"DRAIN_RECORD", 1, 1, "max(L, words to TLAST)",
                            "a refused record: read and discard (and its set-aside words, fewer), emit zero "
                            "elements"};
constexpr Loop kDiscardToTlast{"DISCARD_TO_TLAST", 1, 1,
                               "words after the announced ones, to TLAST, or set-aside words the decode did not take",
                               "a long record, or a damaged one whose codes come last: read and discard"};

// Dequantizer: read, t = q 2^m + e, int to float, x^ = t * step.
constexpr Loop kDequantize{"DEQUANTIZE", 1, 1 + 1 + kSitofpLatency + kFmulLatency, "L", "no loop-carried dependence"};

// NoisyQuant baseline (spec §8): the accumulation sum = sum + product carries the float adder's latency.
constexpr Loop kNoisyUnitNoise{"UNIT_NOISE", 1, 1 + kSitofpLatency + kFmulLatency + kFaddLatency, "S",
                               "xorshift32 step (RTL: hw/rtl/xorshift32.v), int to float, x 2^-23, - 1"};
constexpr Loop kNoisyScaleNoise{"SCALE_NOISE", 1, 1 + 2 * kFmulLatency, "S", "u f_k (fmul), x step (fmul)"};
constexpr Loop kNoisyReadCodes{"NOISY_READ_CODES", 1, 1, "ceil(S^2 b / 32)", "store the code words"};
constexpr Loop kNoisyLoad{"LOAD", 1, 2, "S^2", "read a value, |x|, compare with the running max (1 cycle)"};
constexpr Loop kNoisyMac{"MAC", kFaddLatency, kFmulLatency + kFaddLatency, "S",
                         "sum = sum + z x in the spec's order: the next add needs the last sum, II = fadd latency"};
constexpr Loop kNoisyCandidate{"CANDIDATE", 1, kFmulLatency + 2 + kSitofpLatency + kFmulLatency + kFaddLatency, "S^2",
                               "clamp, x inv (fmul), round, int to float, x step (fmul), - noise (fadd)"};
constexpr Loop kNoisyNoisyCandidate{
    "NOISY_CANDIDATE", 1, kFaddLatency + kFmulLatency + 2 + kSitofpLatency + kFmulLatency + kFaddLatency, "S^2",
    "x + noise (fadd), clamp, x inv (fmul), round, int to float, x step (fmul), - noise (fadd)"};
constexpr Loop kNoisyCode{"CODES", 1, kFaddLatency + kFmulLatency + 2 + 1, "S^2",
                          "x + noise (fadd), x inv (fmul), round, pack"};
// The error of one output element of a candidate, after its MAC loop: F - Y (fadd), square (fmul), accumulate
// into the candidate's error (fadd; the next element's accumulation waits for it).
constexpr int kNoisyErrorLatency = kFaddLatency + kFmulLatency + kFaddLatency;
// A candidate's clip and its two factors: A f_i (fmul), then Q / clip and clip / Q (two dividers in parallel).
constexpr int kNoisyFactorLatency = kFmulLatency + kFdivLatency;
constexpr Loop kNoisyDequantize{"NOISY_DEQUANTIZE", 1, 2 + kSitofpLatency + kFmulLatency + kFaddLatency, "S^2",
                                "unpack, int to float, x step, - noise"};

// Entering and leaving a loop are states of their own in HLS's FSM (UG902: one cycle to move into a loop and one
// to move out), per invocation, besides the pipeline's fill and flush; a loop of zero trips still pays them. The
// model charges them where every stage's loops start (once per loop invocation; a loop inside a branch only when
// the branch is taken).
constexpr int kLoopEntryExitCycles = 2;

// Rows as integers for synthesized code (a Loop holds const char*): the cycles a loop's pipeline takes to flush
// after its last iteration starts, for drains and their callers.
constexpr int kRouteValuesFlush = kRouteValues.depth - kRouteValues.ii;
constexpr int kRouteRecordFlush = kRouteRecord.depth - kRouteRecord.ii;
constexpr int kMergeWordsFlush = kMergeWords.depth - kMergeWords.ii;
constexpr int kMergeCodesFlush = kMergeCodes.depth - kMergeCodes.ii;
constexpr int kMergeRecordFlush = kMergeRecord.depth - kMergeRecord.ii;
constexpr int kRouteValuesDepth = kRouteValues.depth;
constexpr int kRouteRecordDepth = kRouteRecord.depth;
constexpr int kMergeWordsDepth = kMergeWords.depth;
constexpr int kMergeCodesDepth = kMergeCodes.depth;
constexpr int kMergeRecordDepth = kMergeRecord.depth;
// The Quantizer's, the Huffman Decoder's and the Dequantizer's rows, the same way.
constexpr int kQuantizeDepth = kQuantize.depth;
constexpr int kQuantizeFlush = kQuantize.depth - kQuantize.ii;
constexpr int kSetAsideFlush = kSetAside.depth - kSetAside.ii;
constexpr int kReadStaticCodeFlush = kReadStaticCode.depth - kReadStaticCode.ii;
constexpr int kReadCodebookFlush = kReadCodebook.depth - kReadCodebook.ii;
constexpr int kPlaceSymbolsFlush = kPlaceSymbols.depth - kPlaceSymbols.ii;
constexpr int kDecodeDirectDepth = kDecodeDirect.depth;
constexpr int kDecodeDirectFlush = kDecodeDirect.depth - kDecodeDirect.ii;
constexpr int kDecodeDepth = kDecode.depth;
constexpr int kDecodeFlush = kDecode.depth - kDecode.ii;
constexpr int kReadCodeStaticCodeFlush = kReadCodeStaticCode.depth - kReadCodeStaticCode.ii;
constexpr int kPlaceCodeSymbolsFlush = kPlaceCodeSymbols.depth - kPlaceCodeSymbols.ii;
constexpr int kDecodeCodesDepth = kDecodeCodes.depth;
constexpr int kDecodeCodesFlush = kDecodeCodes.depth - kDecodeCodes.ii;
constexpr int kDrainRecordDepth = kDrainRecord.depth;
constexpr int kDrainRecordFlush = kDrainRecord.depth - kDrainRecord.ii;
constexpr int kDequantizeDepth = kDequantize.depth;
constexpr int kDequantizeFlush = kDequantize.depth - kDequantize.ii;
// NoisyQuant's outputs and drains.
constexpr int kNoisyLoadFlush = kNoisyLoad.depth - kNoisyLoad.ii;
constexpr int kNoisyCodeDepth = kNoisyCode.depth;
constexpr int kNoisyCodeFlush = kNoisyCode.depth - kNoisyCode.ii;
constexpr int kNoisyDequantizeDepth = kNoisyDequantize.depth;
constexpr int kNoisyDequantizeFlush = kNoisyDequantize.depth - kNoisyDequantize.ii;
// The Huffman Encoder's (collector and coder) outputs, drains and IIs.
constexpr int kClearHistogramFlush = kClearHistogram.depth - kClearHistogram.ii;
constexpr int kPassCodesDepth = kPassCodes.depth;
constexpr int kPassCodesFlush = kPassCodes.depth - kPassCodes.ii;
constexpr int kCollectDepth = kCollect.depth;
constexpr int kCollectFlush = kCollect.depth - kCollect.ii;
constexpr int kMergeBanksDepth = kMergeBanks.depth;
constexpr int kMergeBanksFlush = kMergeBanks.depth - kMergeBanks.ii;
constexpr int kCheckStaticCodeFlush = kCheckStaticCode.depth - kCheckStaticCode.ii;
constexpr int kCheckCodeStaticCodeII = kCheckCodeStaticCode.ii;
constexpr int kCheckCodeStaticCodeFlush = kCheckCodeStaticCode.depth - kCheckCodeStaticCode.ii;
constexpr int kLoadStaticCodeFlush = kLoadStaticCode.depth - kLoadStaticCode.ii;
constexpr int kForwardCodesDepth = kForwardCodes.depth;
constexpr int kForwardCodesFlush = kForwardCodes.depth - kForwardCodes.ii;
constexpr int kLoadCodeStaticCodeFlush = kLoadCodeStaticCode.depth - kLoadCodeStaticCode.ii;
constexpr int kCodeCanonicalCodesFlush = kCodeCanonicalCodes.depth - kCodeCanonicalCodes.ii;
constexpr int kReadCountsFlush = kReadCounts.depth - kReadCounts.ii;
constexpr int kSortInsertII = kSortInsert.ii;
constexpr int kSortInsertFlush = kSortInsert.depth - kSortInsert.ii;
constexpr int kMergeTreeII = kMergeTree.ii;
constexpr int kMergeTreeFlush = kMergeTree.depth - kMergeTree.ii;
constexpr int kLeafDepthsII = kLeafDepths.ii;
constexpr int kLeafDepthsFlush = kLeafDepths.depth - kLeafDepths.ii;
constexpr int kCountDepthsFlush = kCountDepths.depth - kCountDepths.ii;
constexpr int kAssignLengthsFlush = kAssignLengths.depth - kAssignLengths.ii;
constexpr int kCanonicalCodesFlush = kCanonicalCodes.depth - kCanonicalCodes.ii;
constexpr int kSendCodebookDepth = kSendCodebook.depth;
constexpr int kSendCodebookFlush = kSendCodebook.depth - kSendCodebook.ii;
constexpr int kSendPayloadDepth = kSendPayload.depth;
constexpr int kSendPayloadFlush = kSendPayload.depth - kSendPayload.ii;

constexpr Loop kLoops[] = {kReadDescriptor,
                           kSkipInput,
                           kRouteValues,
                           kDrainInput,
                           kRouteRecord,
                           kMergeRecord,
                           kMergeWords,
                           kMergeCodes,
                           kResendStaticCode,
                           kSerializeLanes,
                           kSplitLanes,
                           kCheckStaticCode,
                           kCheckCodeStaticCode,
                           kLoadStaticCode,
                           kReadStaticCode,
                           kQuantize,
                           kPassCodes,
                           kForwardCodes,
                           kClearHistogram,
                           kCollect,
                           kMergeBanks,
                           kReadCounts,
                           kSortInsert,
                           kMergeTree,
                           kLeafDepths,
                           kCountDepths,
                           kRepairLengths,
                           kAssignLengths,
                           kCanonicalCodes,
                           kSendCodebook,
                           kSendPayload,
                           kDecodeDirect,
                           kSetAside,
                           kReadCodebook,
                           kPlaceSymbols,
                           kDecode,
                           kSkipPayload,
                           kDrainRecord,
                           kDiscardToTlast,
                           kDequantize,
                           kReadCodeStaticCode,
                           kPlaceCodeSymbols,
                           kDecodeCodes,
                           kResendCodeStaticCode,
                           kLoadCodeStaticCode,
                           kCodeCanonicalCodes,
                           kNoisyLoad,
                           kNoisyMac,
                           kNoisyCandidate,
                           kNoisyNoisyCandidate,
                           kNoisyCode,
                           kNoisyDequantize,
                           kNoisyUnitNoise,
                           kNoisyScaleNoise,
                           kNoisyReadCodes};

// The row of a loop in kLoops (the number a waveform shows for the loop a stage is in; -1 for none).
constexpr int kLoopCount = static_cast<int>(sizeof(kLoops) / sizeof(kLoops[0]));

inline int loop_row(const Loop& loop) {
  for (int i = 0; i < kLoopCount; ++i) {
    if (kLoops[i].label == loop.label) return i;
  }
  return -1;
}

// Cycles of a pipelined loop of `trips` iterations without stalls: the last iteration starts at (trips - 1) II and
// its result is ready depth cycles later.
constexpr uint64_t loop_cycles(const Loop& loop, uint64_t trips) {
  return trips == 0 ? 0 : static_cast<uint64_t>(loop.ii) * (trips - 1) + static_cast<uint64_t>(loop.depth);
}

// ---- Closed forms: what the counters read for one record (the stages' busy cycles, and START to the last output
// beat). They follow from the loops above, the stalls of the stream hand-offs (a value written at edge k is read
// at edge k + 1) and the one-cycle states between loops; sim/tests/schedule_tests.cpp checks them for every N, m
// and many L against the model. words(b) = ceil(b / 32).

// The board holds the IP (and its DMA) in reset this many cycles after its reset input falls (the block design's
// Processor System Reset, whose outputs are released 16 cycles after its input; the model's BoardReset).
constexpr int kBoardResetHoldCycles = 16;

// Cycles after a reset (hard or SOFT_RESET) before the first START: the board's hold, then the encoder clears its
// histogram banks.
constexpr int kResetRecoveryCycles = kBoardResetHoldCycles + 256 + 8;

// The closed forms are for the host and the tests (C++14 constexpr); the hardware never computes them, and HLS
// 2019.2 compiles hw/ as C++11.
#if !defined(__SYNTHESIS__)
constexpr uint64_t words(uint64_t bits) { return (bits + 31) / 32; }
// The router's data loop (ROUTE_VALUES, ROUTE_RECORD) starts this many cycles after a record's hand-out.
constexpr uint64_t kRouteEntryCycles = static_cast<uint64_t>(kLoopEntryExitCycles);
constexpr uint64_t positive(uint64_t length) { return length > 0 ? 1 : 0; }

// A stage's own loop entry and exit states (kLoopEntryExitCycles), charged where each of its loops starts.
constexpr uint64_t kStageEntryCycles = static_cast<uint64_t>(kLoopEntryExitCycles);

// The Quantizer: a 1-cycle hand-off from the router, L iterations, the pipeline's tail, the padded last word.
// QUANTIZE's entry states pass while the router enters ROUTE_VALUES (both start with the record's hand-out), so
// only an empty record sees them.
constexpr uint64_t quantizer_cycles(uint64_t length, uint64_t bits) {
  return length == 0 ? kStageEntryCycles
                     : kRouteEntryCycles + length + static_cast<uint64_t>(kQuantize.depth) +
                           ((length * bits) % 32 != 0 ? 1 : 0);
}

// What the encoder's code build depends on besides N, m and L: the used symbols n, the shifts the insertion sort
// makes (pairs of used symbols s < t with count[s] > count[t]), the rounds of the length repair, and P.
struct CodeShape {
  uint64_t used;
  uint64_t inversions;
  uint64_t repair_rounds;
  uint64_t payload_bits;
};

constexpr uint64_t drain_cycles(const Loop& loop) { return static_cast<uint64_t>(loop.depth - loop.ii); }

// From the collector's last COLLECT cycle to the coder's canonical codes: MERGE_BANKS' entry, the counts crossing,
// READ_COUNTS (its entry passed while the counts were on their way), SORT_INSERT (a prologue read, 2^m + shifts
// steps), the tree's five loops (MERGE_TREE, LEAF_DEPTHS, COUNT_DEPTHS, REPAIR_LENGTHS, ASSIGN_LENGTHS), and
// CANONICAL_CODES, each loop with its entry and exit states.
constexpr uint64_t code_build_cycles(uint64_t alphabet, const CodeShape& shape) {
  const uint64_t n = shape.used;
  const uint64_t sort = static_cast<uint64_t>(kSortInsertEntryCycles) + kStageEntryCycles +
                        static_cast<uint64_t>(kSortInsert.ii) * (alphabet + shape.inversions) +
                        drain_cycles(kSortInsert);
  const uint64_t tree = n < 2 ? (n == 1 ? 1 : 0)
                              : static_cast<uint64_t>(kMergeTreeEntryCycles) + 5 * kStageEntryCycles +
                                    static_cast<uint64_t>(kMergeTree.ii) * (n - 1) + drain_cycles(kMergeTree) +
                                    static_cast<uint64_t>(kLeafDepths.ii) * (2 * n - 2) + drain_cycles(kLeafDepths) +
                                    n + drain_cycles(kCountDepths) + 1 + shape.repair_rounds +
                                    static_cast<uint64_t>(kLengthEndsCycles) + n + drain_cycles(kAssignLengths);
  const uint64_t canonical = 1 + kStageEntryCycles + alphabet + drain_cycles(kCanonicalCodes);
  return kStageEntryCycles + alphabet + static_cast<uint64_t>(kMergeBanks.depth) + drain_cycles(kReadCounts) + sort +
         tree + canonical;
}

// The Huffman Encoder, collector or coder busy. Direct: the code words pass through both (one more hand-off than
// the quantizer's). Important: the collector's COLLECT (it waits for the quantizer's first error, then one per
// cycle, the padded code word one cycle after the last error), then the coder: the counts cross from MERGE_BANKS
// through a FIFO, the build, the codebook, P, and the payload (its padded last word one cycle after the loop).
constexpr uint64_t encoder_cycles(uint64_t length, uint64_t bits, uint64_t extra_bits, bool important,
                                  const CodeShape& shape) {
  const uint64_t code_flush = (length * bits) % 32 != 0 ? 1 : 0;
  if (!important)
    return length == 0 ? kStageEntryCycles
                       : kRouteEntryCycles + length + static_cast<uint64_t>(kQuantize.depth) + 1 + code_flush + 1;
  const uint64_t alphabet = uint64_t{1} << extra_bits;
  const uint64_t collect =
      (length > 0 ? kRouteEntryCycles + static_cast<uint64_t>(kQuantize.depth) + 1 + length + code_flush
                  : kStageEntryCycles) +
      drain_cycles(kCollect);
  const uint64_t payload = kStageEntryCycles + length + positive(length) * drain_cycles(kSendPayload) +
                           (shape.payload_bits % 32 != 0 ? 1 : 0);
  return collect + code_build_cycles(alphabet, shape) + kStageEntryCycles + words(alphabet * 4) + 1 + payload;
}

// A record's share of a layer's START that is not its stages' work: the router reads its descriptor and hands its
// configuration to every stage (kDescriptorWords + 1 cycles before the stages start); the merger writes its
// trailer (kTrailerWords cycles after its last output word).
constexpr uint64_t kRecordPrologueCycles =
    static_cast<uint64_t>(kLoopEntryExitCycles) + static_cast<uint64_t>(kDescriptorWords) + 1;
constexpr uint64_t kRecordTrailerCycles = static_cast<uint64_t>(kTrailerWords);

// An empty important record's last word (H or the codebook's last) leaves before SEND_PAYLOAD's entry and exit
// states, the coder's last cycles.
constexpr uint64_t coder_tail_after_last_word(uint64_t length, bool important) {
  return important && length == 0 ? kStageEntryCycles : 0;
}

// START to the last output beat of a one-record layer: the record's last word leaves in the coder's last cycle
// (but for an empty important record's SEND_PAYLOAD entry), the merger forwards it one cycle later, then the
// trailer.
constexpr uint64_t quantize_total_cycles(uint64_t length, uint64_t bits, uint64_t extra_bits, bool important,
                                         const CodeShape& shape) {
  return kRecordPrologueCycles + encoder_cycles(length, bits, extra_bits, important, shape) -
         coder_tail_after_last_word(length, important) + 1 + kRecordTrailerCycles;
}

// ---- A layer's static code (docs/spec.md §3.7, §4.2), on the one record whose descriptor loads it. The router
// checks its words one a cycle before it hands the record out; the coder unpacks them, takes one cycle for the
// first codes and one per symbol for the codes (while its collector collects, so in a quantize layer the load is
// hidden behind COLLECT); the decoder builds its match tables before it reads the record.
constexpr uint64_t static_code_words(uint64_t extra_bits) { return words((uint64_t{1} << extra_bits) * 4); }
constexpr uint64_t coder_static_load_cycles(uint64_t extra_bits) {
  return kStageEntryCycles + (uint64_t{1} << extra_bits) + drain_cycles(kLoadStaticCode) + 1 + kStageEntryCycles +
         (uint64_t{1} << extra_bits) + drain_cycles(kCanonicalCodes);
}
constexpr uint64_t decoder_static_load_cycles(uint64_t extra_bits) {
  return kStageEntryCycles + static_code_words(extra_bits) + drain_cycles(kReadStaticCode) + 1 + kStageEntryCycles +
         (uint64_t{1} << extra_bits) + drain_cycles(kPlaceSymbols);
}

// Coding static: the coder prices the record under the static code as it reads the counts, writes H (the mode's
// choice with it) and the payload: no sort, tree, lengths, canonical codes or codebook. P is the chosen mode's.
// READ_COUNTS starts when both the collector's first count has crossed and, on the record that loads it, the
// coder has built the static code and then forwarded the code words: a short record with a large alphabet waits
// for the load.
constexpr uint64_t static_encoder_cycles(uint64_t length, uint64_t bits, uint64_t extra_bits, uint64_t payload_bits,
                                         bool loads) {
  const uint64_t code_flush = (length * bits) % 32 != 0 ? 1 : 0;
  const uint64_t alphabet = uint64_t{1} << extra_bits;
  const uint64_t collect =
      (length > 0 ? kRouteEntryCycles + static_cast<uint64_t>(kQuantize.depth) + 1 + length + code_flush
                  : kStageEntryCycles) +
      drain_cycles(kCollect);
  const uint64_t counts_ready = collect + kStageEntryCycles + static_cast<uint64_t>(kMergeBanks.depth);
  // After the load, FORWARD_CODES (its entry, one word a cycle) and READ_COUNTS' entry.
  const uint64_t code_ready =
      loads ? coder_static_load_cycles(extra_bits) + kStageEntryCycles + words(length * bits) + kStageEntryCycles : 0;
  const uint64_t payload =
      kStageEntryCycles + length + positive(length) * drain_cycles(kSendPayload) + (payload_bits % 32 != 0 ? 1 : 0);
  return (counts_ready > code_ready ? counts_ready : code_ready) + alphabet + drain_cycles(kReadCounts) + 1 + payload;
}

constexpr uint64_t static_quantize_total_cycles(uint64_t length, uint64_t bits, uint64_t extra_bits,
                                                uint64_t payload_bits, bool loads) {
  return kRecordPrologueCycles +
         (loads ? kRouteEntryCycles + static_code_words(extra_bits) + drain_cycles(kCheckStaticCode) : 0) +
         static_encoder_cycles(length, bits, extra_bits, payload_bits, loads) -
         coder_tail_after_last_word(length, true) + 1 + kRecordTrailerCycles;
}

// The record's mode as the decoder sees it (H's MODE), and whether its descriptor loaded the static code. In a
// layer of code coding static (docs/spec.md §3.8) also: the codes' trips of DECODE_CODES (L plus the codes longer
// than 8 bits, each a second cycle), whether the descriptor loaded the codes' static code, and an important record's
// P (its codes come last: the payload is read before them).
struct DecodeShape {
  uint64_t mode;
  bool loads;
  bool code_coding;
  uint64_t code_trips;
  bool loads_codes;
  uint64_t payload_bits;
};

// The codes' alphabet (hw/edqa_hw_config.h) and its static code's words (docs/spec.md §3.8).
constexpr uint64_t code_alphabet(uint64_t bits) {
  return static_cast<uint64_t>(edqa_hw::code_alphabet(static_cast<int>(bits)));
}
constexpr uint64_t code_static_code_words(uint64_t bits) { return words(code_alphabet(bits) * 4); }
// The codes' static code of N behind a descriptor: the decoder's READ_CODE_STATIC_CODE (one word a cycle), one
// cycle for the first codes, PLACE_CODE_SYMBOLS (one symbol a cycle), each with its entry and exit states; the
// router's check before it (II 2).
constexpr uint64_t decoder_code_static_load_cycles(uint64_t bits) {
  return kStageEntryCycles + code_static_code_words(bits) + drain_cycles(kReadCodeStaticCode) + 1 + kStageEntryCycles +
         code_alphabet(bits) + drain_cycles(kPlaceCodeSymbols);
}
constexpr uint64_t router_code_static_check_cycles(uint64_t bits) {
  return kRouteEntryCycles + static_cast<uint64_t>(kCheckCodeStaticCode.ii) * code_static_code_words(bits) +
         drain_cycles(kCheckCodeStaticCode);
}

// The Huffman Decoder of a sound record, up to its first DECODE iteration: the 1-cycle hand-off from the router
// (or, on the record that brings it, the static code's load, during which its first word crosses), the code
// words, H, then by mode: adaptive's codebook,
// counted as it passes, the check and PLACE_SYMBOLS; static's one-cycle copy of the static match registers; raw
// nothing; then DECODE's load cycle and DECODE's entry states. Each loop's entry and exit states are charged where
// it starts (kStageEntryCycles); SET_ASIDE's and DECODE_DIRECT's pass while the router enters ROUTE_RECORD.
constexpr uint64_t decoder_setup_cycles(uint64_t length, uint64_t bits, uint64_t extra_bits, bool important,
                                        DecodeShape shape = DecodeShape{0, false, false, 0, false, 0}) {
  // Code coding static: the codes' static code's load (when this record brings it, its first word waits meanwhile)
  // or the first word's arrival; a direct record's first element leaves from DECODE_CODES' first trip (its load
  // cycle and entry before it), an important record's DECODE follows the whole of DECODE_CODES.
  const uint64_t arrival = shape.loads_codes ? decoder_code_static_load_cycles(bits) : 1 + kRouteEntryCycles;
  if (shape.code_coding && !important) return arrival + 1 + kStageEntryCycles;
  // An empty direct record waits for no word, but enters DECODE_DIRECT.
  if (!important) return length == 0 ? kStageEntryCycles : 1 + kRouteEntryCycles;
  const uint64_t alphabet = uint64_t{1} << extra_bits;
  const uint64_t by_mode = shape.mode == kModeAdaptive ? kStageEntryCycles + words(alphabet * 4) + 1 +
                                                             kStageEntryCycles + alphabet + drain_cycles(kPlaceSymbols)
                                                       : (shape.mode == kModeStatic ? 1 : 0);
  // + DECODE's load cycle (the payload's first word into the window) when there are elements to decode.
  // On the record that loads the static code, SET_ASIDE's entry follows the load (the words are waiting).
  // Code coding static, the codes last: H, by mode, SET_ASIDE (the payload), then DECODE_CODES' load cycle (the codes'
  // first word and the errors' window together) and its entry states.
  // The layer's static code, when this record brings it, loads before the codes' static code.
  if (shape.code_coding)
    return (shape.loads ? decoder_static_load_cycles(extra_bits) : 0) + arrival + 1 + by_mode + kStageEntryCycles +
           words(shape.payload_bits) + 1 + kStageEntryCycles;
  return (shape.loads ? decoder_static_load_cycles(extra_bits) + kStageEntryCycles : 1 + kRouteEntryCycles) +
         words(length * bits) + 1 + by_mode + positive(length) + kStageEntryCycles;
}

// The loop that hands out the elements, and its trips: DECODE, DECODE_DIRECT, or with code coding static
// DECODE_CODES.
constexpr const Loop& decode_loop(bool important, DecodeShape shape = DecodeShape{0, false, false, 0, false, 0}) {
  return shape.code_coding ? kDecodeCodes : (important ? kDecode : kDecodeDirect);
}
constexpr uint64_t decode_trips(uint64_t length, DecodeShape shape) {
  return shape.code_coding ? shape.code_trips : length;
}

constexpr uint64_t decoder_cycles(uint64_t length, uint64_t bits, uint64_t extra_bits, bool important,
                                  DecodeShape shape = DecodeShape{0, false, false, 0, false, 0}) {
  return decoder_setup_cycles(length, bits, extra_bits, important, shape) + decode_trips(length, shape) +
         positive(length) * drain_cycles(decode_loop(important, shape));
}

// The Dequantizer waits for the decoder's first element (DEQUANTIZE's entry states pass meanwhile), then one per
// cycle, then its pipeline's tail. An empty record: DEQUANTIZE's entry and exit alone.
constexpr uint64_t dequantizer_cycles(uint64_t length, uint64_t bits, uint64_t extra_bits, bool important,
                                      DecodeShape shape = DecodeShape{0, false, false, 0, false, 0}) {
  return length == 0 ? kStageEntryCycles
                     : decoder_setup_cycles(length, bits, extra_bits, important, shape) +
                           static_cast<uint64_t>(decode_loop(important, shape).depth) + decode_trips(length, shape) +
                           drain_cycles(kDequantize);
}

// START to the last beat of a one-record layer: the merger forwards each value one cycle after the dequantizer
// releases it, then the trailer. An empty record: the trailer follows the decoder's status (one cycle to cross).
// A record that loads the static code waits for the router's check of its words first.
constexpr uint64_t dequantize_total_cycles(uint64_t length, uint64_t bits, uint64_t extra_bits, bool important,
                                           DecodeShape shape = DecodeShape{0, false, false, 0, false, 0}) {
  const uint64_t values = length == 0 ? decoder_cycles(length, bits, extra_bits, important, shape) + 1
                                      : decoder_setup_cycles(length, bits, extra_bits, important, shape) +
                                            static_cast<uint64_t>(decode_loop(important, shape).depth) +
                                            static_cast<uint64_t>(kDequantize.depth) + decode_trips(length, shape);
  return kRecordPrologueCycles +
         (shape.loads ? kRouteEntryCycles + static_code_words(extra_bits) + drain_cycles(kCheckStaticCode) : 0) +
         (shape.loads_codes ? router_code_static_check_cycles(bits) : 0) + values + kRecordTrailerCycles;
}

// ---- Code coding static to quantize (docs/spec.md §3.8, §7): the Quantizer builds both codes sections as the codes
// leave; the coder forwards one, a word of each a cycle, so neither the mode nor Q changes the cycles.

// The Quantizer's build of the codes' static code: LOAD_CODE_STATIC_CODE, one cycle for the first codes,
// CODE_CANONICAL_CODES, each with its entry and exit states.
constexpr uint64_t quantizer_code_static_load_cycles(uint64_t bits) {
  return kStageEntryCycles + code_alphabet(bits) + drain_cycles(kLoadCodeStaticCode) + 1 + kStageEntryCycles +
         code_alphabet(bits) + drain_cycles(kCodeCanonicalCodes);
}

// The Quantizer on the record that loads the codes' static code: the build (its values waiting meanwhile, so
// QUANTIZE starts with its entry states and no hand-off), QUANTIZE's L + 2 steps and its tail, then one cycle: the
// coded section's padded last word and Q.
constexpr uint64_t quantizer_code_coding_cycles(uint64_t length, uint64_t bits) {
  return quantizer_code_static_load_cycles(bits) + kStageEntryCycles + length + 2 + drain_cycles(kQuantize) + 1;
}

// A direct record of code coding static, on the record that loads the codes' static code: the coder takes Q (the
// cycle after the Quantizer's last), then FORWARD_CODES over the packed section's words, one a cycle.
constexpr uint64_t code_coding_encoder_cycles(uint64_t length, uint64_t bits) {
  return quantizer_code_coding_cycles(length, bits) + kStageEntryCycles + words(1 + length * bits);
}

// An important record of code coding static, coding static (its codes last, docs/spec.md §4.2), on the record that
// loads the layer's static code and the codes' static code: the coder loads the static code and takes Q (the
// Quantizer's end), READ_COUNTS once the collector's counts arrive (its COLLECT starts after the Quantizer's build),
// H, SEND_PAYLOAD (its padded last word one cycle after), then FORWARD_CODES over the packed section's words.
constexpr uint64_t codes_last_encoder_cycles(uint64_t length, uint64_t bits, uint64_t extra_bits,
                                             uint64_t payload_bits) {
  const uint64_t alphabet = uint64_t{1} << extra_bits;
  const uint64_t code_flush = (length * bits) % 32 != 0 ? 1 : 0;
  // The Quantizer's errors come later than a packed record's by the build and QUANTIZE's entry, less the hand-off
  // cycle QUANTIZE skips after the build.
  const uint64_t build = quantizer_code_static_load_cycles(bits) + kStageEntryCycles - kRouteEntryCycles - 1;
  const uint64_t counts_ready = build + kRouteEntryCycles + static_cast<uint64_t>(kQuantize.depth) + 1 + length +
                                code_flush + drain_cycles(kCollect) + kStageEntryCycles +
                                static_cast<uint64_t>(kMergeBanks.depth);
  const uint64_t loads = coder_static_load_cycles(extra_bits);
  const uint64_t quantizer = quantizer_code_coding_cycles(length, bits);
  const uint64_t q_ready = (loads > quantizer ? loads : quantizer) + kStageEntryCycles;
  return (counts_ready > q_ready ? counts_ready : q_ready) + alphabet + drain_cycles(kReadCounts) + 1 +
         kStageEntryCycles + length + positive(length) * drain_cycles(kSendPayload) + (payload_bits % 32 != 0 ? 1 : 0) +
         kStageEntryCycles + words(1 + length * bits) + drain_cycles(kForwardCodes);
}

// START to its last output beat: the router's checks of the static code and the codes' static code before the
// hand-out, the merger's forward of the last word, the trailer.
constexpr uint64_t codes_last_quantize_total_cycles(uint64_t length, uint64_t bits, uint64_t extra_bits,
                                                    uint64_t payload_bits) {
  return kRecordPrologueCycles + kRouteEntryCycles + static_code_words(extra_bits) + drain_cycles(kCheckStaticCode) +
         router_code_static_check_cycles(bits) + codes_last_encoder_cycles(length, bits, extra_bits, payload_bits) + 1 +
         kRecordTrailerCycles;
}

// START to the last output beat: the router's check of the codes' static code before the hand-out, the merger's
// forward of the last word, the trailer.
constexpr uint64_t code_coding_quantize_total_cycles(uint64_t length, uint64_t bits) {
  return kRecordPrologueCycles + router_code_static_check_cycles(bits) + code_coding_encoder_cycles(length, bits) + 1 +
         kRecordTrailerCycles;
}

// The NoisyQuant baseline (spec §8) on an S x S channel. A product pass spends one MAC chain per output element
// (plus, for a candidate, its error accumulation); the clip search 10 candidates, the noise search 10.
constexpr uint64_t noisy_product_cycles(uint64_t side, bool candidate) {
  return side * side * (loop_cycles(kNoisyMac, side) + (candidate ? static_cast<uint64_t>(kNoisyErrorLatency) : 0));
}

constexpr uint64_t noisyquant_quantize_cycles(uint64_t side, uint64_t bits, bool zero_channel) {
  const uint64_t length = side * side;
  uint64_t cycles = loop_cycles(kNoisyLoad, length) + (length > 0 ? 0 : 0);
  if (!zero_channel) {
    const uint64_t clip_search = 10 * (static_cast<uint64_t>(kNoisyFactorLatency) +
                                       loop_cycles(kNoisyCandidate, length) + noisy_product_cycles(side, true) + 1);
    const uint64_t noise_search =
        10 * (loop_cycles(kNoisyScaleNoise, side) + loop_cycles(kNoisyNoisyCandidate, length) +
              noisy_product_cycles(side, true) + 1);
    cycles += noisy_product_cycles(side, false) + clip_search + static_cast<uint64_t>(kNoisyFactorLatency) +
              loop_cycles(kNoisyUnitNoise, side) + noise_search + loop_cycles(kNoisyScaleNoise, side) +
              static_cast<uint64_t>(kNoisyFactorLatency);
  }
  return cycles + loop_cycles(kNoisyCode, length) + ((length * bits) % 32 != 0 ? 1 : 0) + 2;
}

constexpr uint64_t noisyquant_dequantize_cycles(uint64_t side, uint64_t bits) {
  const uint64_t length = side * side;
  return words(length * bits) + 2 + loop_cycles(kNoisyUnitNoise, side) + loop_cycles(kNoisyScaleNoise, side) +
         loop_cycles(kNoisyDequantize, length);
}

// ---- Two NoisyQuant designs the paper did not build, for a fair comparison (docs/performance.md, "eDQA against
// the NoisyQuant baseline"). They are schedules, not simulated designs: the values they compute are the spec's
// (the same sums in the same order), only the cycles differ, and these closed forms are their whole model.

// (a) The same online search with `macs` multiply-accumulate units. Each unit interleaves F = kFaddLatency output
// elements, so its adder starts an addition every cycle while each element's sum still runs in the spec's order
// (k = 0..S-1); the K units take G = K F consecutive elements (row-major) at once: a group costs S F cycles. A
// candidate's error adds the squares in the spec's order on one adder chain (II = F per element), which overlaps
// the next group's products, so a group costs the larger of the two. x and z are partitioned cyclically by K (K
// reads each a cycle). The fill (a fmul and a fadd) and the error's tail are paid once per pass.
constexpr uint64_t noisy_parallel_product_cycles(uint64_t side, uint64_t macs, bool candidate) {
  const uint64_t f = static_cast<uint64_t>(kFaddLatency);
  const uint64_t group = macs * f;
  const uint64_t full = side * side / group;
  const uint64_t rest = side * side % group;  // the last group's elements
  const uint64_t products = side * f;         // a unit waits F cycles per step however few elements it holds
  const uint64_t errors = candidate ? group * f : 0;
  const uint64_t rest_errors = candidate ? rest * f : 0;
  return full * (products > errors ? products : errors) +
         (rest > 0 ? (products > rest_errors ? products : rest_errors) : 0) +
         static_cast<uint64_t>(kFmulLatency + kFaddLatency) +
         (candidate ? static_cast<uint64_t>(kNoisyErrorLatency) : 0);
}

constexpr uint64_t noisyquant_parallel_quantize_cycles(uint64_t side, uint64_t bits, uint64_t macs) {
  const uint64_t length = side * side;
  const uint64_t clip_search = 10 * (static_cast<uint64_t>(kNoisyFactorLatency) + loop_cycles(kNoisyCandidate, length) +
                                     noisy_parallel_product_cycles(side, macs, true) + 1);
  const uint64_t noise_search = 10 * (loop_cycles(kNoisyScaleNoise, side) + loop_cycles(kNoisyNoisyCandidate, length) +
                                      noisy_parallel_product_cycles(side, macs, true) + 1);
  return loop_cycles(kNoisyLoad, length) + noisy_parallel_product_cycles(side, macs, false) + clip_search +
         static_cast<uint64_t>(kNoisyFactorLatency) + loop_cycles(kNoisyUnitNoise, side) + noise_search +
         loop_cycles(kNoisyScaleNoise, side) + static_cast<uint64_t>(kNoisyFactorLatency) +
         loop_cycles(kNoisyCode, length) + ((length * bits) % 32 != 0 ? 1 : 0) + 2;
}

// The units (a) gets: the xc7z020's 220 DSP48E1, less eDQA's (one unit, 17, docs/resources.json) and NoisyQuant's
// other float operators (its shared 16 less the one MAC's fmul and fadd), at 5 DSP48E1 a MAC (fmul 3, fadd 2).
constexpr uint64_t kNoisyParallelMacs = (220 - 17 - (16 - 5)) / 5;

// (b) NoisyQuant as its paper uses it at inference: clip and noise fixed at calibration time, so a record is one
// pass: the noise (UNIT_NOISE, SCALE_NOISE) and the clip's factors once, then every value read, noised, scaled,
// rounded and packed as it streams in (CODES, II = 1), the padded last word and the record's two words. De-quantizing
// is unchanged.
constexpr uint64_t noisyquant_calibrated_quantize_cycles(uint64_t side, uint64_t bits) {
  const uint64_t length = side * side;
  return static_cast<uint64_t>(kNoisyFactorLatency) + loop_cycles(kNoisyUnitNoise, side) +
         loop_cycles(kNoisyScaleNoise, side) + loop_cycles(kNoisyCode, length) + ((length * bits) % 32 != 0 ? 1 : 0) +
         2;
}
#endif  // !__SYNTHESIS__

}  // namespace schedule
}  // namespace edqa_hw

#endif  // EDQA_SCHEDULE_H
