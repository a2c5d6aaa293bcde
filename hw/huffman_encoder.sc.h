// Huffman Encoder (the paper's one block) in two threads that overlap across a layer's records, decoupled by
// FIFOs that each hold a whole record (ping-pong in stream form):
//
//   codes_in  --> HuffmanCollector --codes (deep)----------------------------------> HuffmanCoder --> record_out
//   errors_in -->   error FIFO + histogram (3 banks) --errors (deep), counts (2^m)-->   sort, tree, lengths,
//                                                                                    canonical codes, mode, H,
//                                                                                    codebook, payload
//                                                          static_code_in (once per START) --^
//
// The coder takes each important record's mode by the record's CODING (docs/spec.md §4.2): adaptive builds the
// record's own code (the paper's); static only prices the record under the layer's static code (P from the
// histogram, no tree, no codebook) against raw; smallest builds its own code and takes the cheapest of the three.
//
// The collector takes record k + 1's errors while the coder builds record k's code and emits its payload, so a
// layer's steady state is one pass per record, not two (docs/spec.md §3.1-§3.5 for the code, §4.2 for the record).
// A direct record's code words only pass through both. With code coding static the Quantizer has built the codes
// section both ways (packed through the collector, coded beside it): the coder forwards the one Q chooses and drops
// the other, after an important record's payload (§4.2: its codes come last). Every loop's II, depth and trip count is
// in edqa_schedule.h and the model takes exactly those cycles; the reasons (memory ports, dependences) are there.
#ifndef EDQA_HUFFMAN_ENCODER_SC_H
#define EDQA_HUFFMAN_ENCODER_SC_H

#include <systemc.h>

#include "edqa_bit_packing.h"
#include "edqa_hw_config.h"
#include "edqa_numerics.h"
#include "edqa_rtl_trace.h"
#include "edqa_schedule.h"
#include "edqa_static_code.h"
#include "edqa_stream.h"
#include "edqa_types.h"
#include "edqa_waveform.h"

namespace edqa_hw {

SC_MODULE(HuffmanCollector) {
  sc_in<bool> clk;
  sc_in<bool> reset;
  sc_out<bool> busy;

  sc_fifo_in<StageDescriptor> config_in;
  sc_fifo_in<Word> codes_in;
  sc_fifo_in<Symbol> errors_in;
  sc_fifo_out<Word> codes_out;     // to the coder, kCodeFifoDepth deep
  sc_fifo_out<Symbol> errors_out;  // to the coder, kErrorFifoDepth deep
  sc_fifo_out<Length> counts_out;  // the record's histogram, 2^m counts in symbol order

  SC_CTOR(HuffmanCollector) {
    SC_CTHREAD(run, clk.pos());
    reset_signal_is(reset, true);
    // A bank's read takes its block RAM's output register (read latency 2): the add then starts at a register.
    HLS_PRAGMA(RESOURCE variable = bank0_ core = RAM_2P_BRAM latency = 2)
    HLS_PRAGMA(RESOURCE variable = bank1_ core = RAM_2P_BRAM latency = 2)
    HLS_PRAGMA(RESOURCE variable = bank2_ core = RAM_2P_BRAM latency = 2)
  }

 private:
  // The histogram in three banks: element i counts in bank i mod 3. A bank's read-add-write spans three cycles
  // (read, output register, add and write), so a bank is written before it is next read (hw/rtl/histogram.v).
  Length bank0_[kMaxAlphabet];
  Length bank1_[kMaxAlphabet];
  Length bank2_[kMaxAlphabet];

  // The trace of hw/rtl/histogram.v: a line per cycle of the banks' pipeline, the op it starts and what its third
  // stage writes, the result of the op two lines before (the last two results wait here). Simulation only.
  enum HistogramOp { kIdle = 0, kCount = 1, kMerge = 2, kClear = 3 };
#if !defined(__SYNTHESIS__)
  uint32_t trace_results_[2] = {0, 0};
#endif
  void trace_histogram(int op, int bank, int address, uint32_t result) {
#if !defined(__SYNTHESIS__)
    EDQA_RTL_TRACE("histogram", this, (op, bank, address), (trace_results_[0]));
    trace_results_[0] = trace_results_[1];
    trace_results_[1] = result;
#else
    (void)op, (void)bank, (void)address, (void)result;
#endif
  }
  // The drain of a loop that used the banks: its cycles as idle lines of the trace.
  void trace_drain(int flush) {
#if !defined(__SYNTHESIS__)
    for (int c = 0; c < flush; ++c) trace_histogram(kIdle, 0, 0, 0);
#else
    (void)flush;
#endif
  }

  PipelineClock clock_;
  PipelineOutput<Word> codes_pending_;
  PipelineOutput<Symbol> errors_pending_;
  PipelineOutput<Length> counts_pending_;

  void tick() {
    stream_tick(codes_out, codes_pending_, errors_out, errors_pending_, counts_out, counts_pending_, clock_);
  }

  // After a pipelined loop: its flush states (depth - II cycles), which HLS schedules itself.
  void drain(int flush) {
    stream_drain(codes_out, codes_pending_, errors_out, errors_pending_, counts_out, counts_pending_, clock_, flush);
  }

  // A loop's entry and exit states (schedule::kLoopEntryExitCycles), charged where it starts: HLS builds them.
  void enter_loop() { drain(schedule::kLoopEntryExitCycles); }

  void run() {
    busy.write(false);
    drain_on_reset(config_in);
    drain_on_reset(codes_in);
    drain_on_reset(errors_in);
#if !defined(__SYNTHESIS__)
    codes_pending_.clear();
    errors_pending_.clear();
    counts_pending_.clear();
#endif
    wait();
    // After a reset the histogram banks hold anything: clear them before the first record (the host waits
    // kResetRecoveryCycles after a reset; MERGE_BANKS leaves them clear after every record).
    clear_banks();
    while (true) {
      const StageDescriptor config = await_record(config_in, busy);
      const uint32_t code_words = code_section_words(config.length, config.bits);
      if (config.important) {
        collect(config.length, code_words);
        merge_banks(1 << static_cast<int>(config.extra_bits));
      } else {
        pass_codes(code_words);
      }
      busy.write(false);
    }
  }

  void clear_banks() {
    enter_loop();
  CLEAR_HISTOGRAM:
    for (int s = 0; s < kMaxAlphabet; ++s) {
      HLS_PRAGMA(PIPELINE II = 1)
      bank0_[s] = 0;
      bank1_[s] = 0;
      bank2_[s] = 0;
      trace_histogram(kClear, 0, s, 0);
      tick();
    }
    drain(schedule::kClearHistogramFlush);
  }

  // A direct record: its code words on to the coder.
  void pass_codes(uint32_t code_words) {
    enter_loop();
  PASS_CODES:
    for (int w = 0; w < kMaxCodeWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (static_cast<uint32_t>(w) == code_words) break;
      stream_output(codes_out, codes_pending_, clock_, stream_read(codes_in), schedule::kPassCodesDepth);
      tick();
    }
    drain(schedule::kPassCodesFlush);
  }

  // One error per iteration into the error FIFO and its histogram bank; a code word passed on when one is ready
  // (the quantizer makes at most one per element, and the padded last one right after the last element).
  void collect(uint32_t count, uint32_t code_words) {
    uint32_t received = 0;
    uint32_t forwarded = 0;
    int bank = 0;  // received mod 3
    enter_loop();
  COLLECT:
    for (int cycle = 0; cycle < kMaxCollectIterations; ++cycle) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 4097)
      // Element i updates bank i mod 3, so each bank's read-add-write recurs every third iteration, not every one:
      // HLS cannot see that from the bank select, so the distance is stated.
      HLS_PRAGMA(DEPENDENCE variable = bank0_ inter RAW distance = 3 true)
      HLS_PRAGMA(DEPENDENCE variable = bank1_ inter RAW distance = 3 true)
      HLS_PRAGMA(DEPENDENCE variable = bank2_ inter RAW distance = 3 true)
      if (received == count && forwarded == code_words) break;
      if (received < count) {
        const Symbol error = stream_read(errors_in);
        stream_output(errors_out, errors_pending_, clock_, error, schedule::kCollectDepth);
        Length updated;
        if (bank == 0) {
          updated = bank0_[error] + 1;
          bank0_[error] = updated;
        } else if (bank == 1) {
          updated = bank1_[error] + 1;
          bank1_[error] = updated;
        } else {
          updated = bank2_[error] + 1;
          bank2_[error] = updated;
        }
        trace_histogram(kCount, bank, error, updated);
        bank = bank == 2 ? 0 : bank + 1;
        ++received;
      } else {
        trace_histogram(kIdle, 0, 0, 0);
      }
      // Before the last error a code word may not be ready yet (non-blocking read); after it, the padded last
      // word is on its way (blocking read).
      Word word;
      bool forward = false;
      if (forwarded < code_words) {
        if (received == count) {
          word = stream_read(codes_in);
          forward = true;
        } else {
          forward = codes_in.nb_read(word);
        }
      }
      if (forward) {
        ++forwarded;
        stream_output(codes_out, codes_pending_, clock_, word, schedule::kCollectDepth);
      }
      tick();
    }
    trace_drain(schedule::kCollectFlush);
    drain(schedule::kCollectFlush);
  }

  // counts = bank0 + bank1 + bank2 to the coder, the banks zeroed for the next record.
  void merge_banks(int alphabet) {
    enter_loop();
  MERGE_BANKS:
    for (int s = 0; s < kMaxAlphabet; ++s) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (s == alphabet) break;
      const Length count = bank0_[s] + bank1_[s] + bank2_[s];
      stream_output(counts_out, counts_pending_, clock_, count, schedule::kMergeBanksDepth);
      bank0_[s] = 0;
      bank1_[s] = 0;
      bank2_[s] = 0;
      trace_histogram(kMerge, 0, s, count);
      tick();
    }
    trace_drain(schedule::kMergeBanksFlush);
    drain(schedule::kMergeBanksFlush);
  }
};

SC_MODULE(HuffmanCoder) {
  sc_in<bool> clk;
  sc_in<bool> reset;
  sc_out<bool> busy;

  sc_fifo_in<StageDescriptor> config_in;
  sc_fifo_in<Word> codes_in;  // from the collector
  sc_fifo_in<Symbol> errors_in;
  sc_fifo_in<Length> counts_in;
  sc_fifo_in<Word> static_code_in;      // the layer's static code, when a configuration loads it
  sc_fifo_in<Word> coded_in;            // code coding static: the coded codes section's words, from the Quantizer
  sc_fifo_in<CodedBits> coded_bits_in;  // code coding static: each record's Q, from the Quantizer
  sc_fifo_out<Beat> record_out;         // the record, its last word marked

#if !defined(__SYNTHESIS__)
  // The loop it is in (its row in the schedule table), for a waveform.
  const sc_signal<int>& loop_row() const { return loop_.row; }
  // The payload's error in flight, for a waveform: the symbol e, its code length and code word (m and e itself when
  // the record stores its errors raw).
  struct Wave {
    sc_signal<uint32_t> symbol, code_length, code_word;
  };
  const Wave& wave() const { return wave_; }
#endif

  SC_CTOR(HuffmanCoder) {
    SC_CTHREAD(run, clk.pos());
    reset_signal_is(reset, true);
    // Eight codebook fields are packed into a word per cycle; the length counters are registers.
    HLS_PRAGMA(ARRAY_PARTITION variable = code_lengths_ cyclic factor = 8)
    HLS_PRAGMA(ARRAY_PARTITION variable = length_counts_ complete)
    HLS_PRAGMA(ARRAY_PARTITION variable = next_code_ complete)
    // At most 2 kbit each: LUT RAM (Yosys: 32-60 LUTs) rather than a RAMB18 apiece; pinned, so what HLS builds is
    // what the estimate counts (docs/performance.md, "Resources"). The read latency stays 1 cycle.
    HLS_PRAGMA(RESOURCE variable = code_lengths_ core = RAM_2P_LUTRAM)
    HLS_PRAGMA(RESOURCE variable = codes_ core = RAM_2P_LUTRAM)
    HLS_PRAGMA(RESOURCE variable = static_lengths_ core = RAM_2P_LUTRAM)
    HLS_PRAGMA(RESOURCE variable = static_codes_ core = RAM_2P_LUTRAM)
  }

 private:
  // A used symbol and its count, sorted by (count, symbol): the leaves of the tree in queue order.
  struct Leaf {
    Length count;
    Symbol symbol;
  };

  // On-chip buffers, sized by the static maxima of edqa_hw_config.h.
  Length counts_[kMaxAlphabet];
  Leaf sorted_[kMaxAlphabet];
  Length node_weight_[kMaxAlphabet];  // internal node k (tree node n + k)
  Node parent_[kMaxTreeNodes];
  Node depth_[kMaxTreeNodes];
  sc_uint<kLengthBits> length_counts_[kMaxCodeLength + 1];
  CodeLength code_lengths_[kMaxAlphabet];
  CodeBits codes_[kMaxAlphabet];
  CodeBits next_code_[kMaxCodeLength + 1];
  CodeLength static_lengths_[kMaxAlphabet];  // the layer's static code (docs/spec.md §3.7)
  CodeBits static_codes_[kMaxAlphabet];

#if !defined(__SYNTHESIS__)
  Wave wave_;
#endif
  PipelineClock clock_;
  PipelineOutput<Beat> pending_;
  LoopMarker loop_;
  uint32_t words_total_;
  uint32_t words_sent_;

  void tick() { stream_tick(record_out, pending_, clock_); }

  void drain(int flush) { stream_drain(record_out, pending_, clock_, flush); }

  // A loop's entry and exit states (schedule::kLoopEntryExitCycles), charged where it starts: HLS builds them.
  void enter_loop() { stream_enter_loop(record_out, pending_, clock_); }
  void enter_loop(const schedule::Loop& row) {
    loop_.enter(row);
    enter_loop();
  }

  // An iteration of a loop whose II exceeds 1 (the recurrence of edqa_schedule.h): II cycles in simulation; under
  // synthesis the iteration's one clock boundary, the II is the pragma's.
  void ticks(int ii) {
#if !defined(__SYNTHESIS__)
    for (int c = 0; c < ii; ++c) tick();
#else
    (void)ii;
    tick();
#endif
  }

#if !defined(__SYNTHESIS__)
  // Whether the RTL trace is on: per-loop trace inputs are built only then.
  static bool trace_on() { return rtl_trace::Sink::instance().enabled(); }
#endif

  void send(uint32_t word, int depth) {
    ++words_sent_;
    stream_output(record_out, pending_, clock_, Beat(word, words_sent_ == words_total_), depth);
  }

  void run() {
    busy.write(false);
    drain_on_reset(config_in);
    drain_on_reset(codes_in);
    drain_on_reset(errors_in);
    drain_on_reset(counts_in);
    drain_on_reset(static_code_in);
    drain_on_reset(coded_in);
    drain_on_reset(coded_bits_in);
#if !defined(__SYNTHESIS__)
    pending_.clear();
#endif
    wait();
    while (true) {
      const StageDescriptor config = await_record(config_in, busy);
      if (config.loads_static_code) load_static_code(1 << static_cast<int>(config.extra_bits));
      encode_record(config);
      loop_.leave();
      busy.write(false);
    }
  }

  void encode_record(const StageDescriptor& config) {
    const int m = static_cast<int>(config.extra_bits);
    const uint32_t count = config.length;
    // Code coding static: Q, from the Quantizer, gives the code mode (Q < L N, spec §4.2), the section's words and
    // the coded words the Quantizer sent (at most the packed codes' words); the loop runs over the packed section's
    // words (the mode bit 0 in front of the code words). One product L N for all of them.
    const uint32_t packed_bits = count * config.bits;
    const uint32_t packed_words = words_for_bits(packed_bits);
    const uint32_t coded_bits = config.code_coding ? stream_read(coded_bits_in).to_uint() : 0u;
    const bool coded = config.code_coding && coded_bits < packed_bits;
    const uint32_t coded_words = words_for_bits(1 + coded_bits);
    const uint32_t code_words =
        config.code_coding ? (coded ? coded_words : words_for_bits(1 + packed_bits)) : packed_words;
    const uint32_t coded_sent = config.code_coding ? (coded_words < packed_words ? coded_words : packed_words) : 0u;
    const uint32_t trips = config.code_coding ? words_for_bits(1 + packed_bits) : packed_words;
    words_sent_ = 0;
    // A direct record ends with its code words; an important one's total is known only once P is, and until then
    // no word is the last (the codebook and P always follow).
    words_total_ = config.important ? 0 : code_words;
    if (!config.important) {
      forward_codes(trips, packed_words, code_words, coded_sent, coded, config.code_coding);
      return;
    }
    // An important record's codes come first in the paper's layout, last with code coding static (spec §4.2).
    if (!config.code_coding) forward_codes(trips, packed_words, code_words, 0, false, false);
    const int alphabet = 1 << m;
  CLEAR_COUNTS:
    for (int d = 0; d <= kMaxCodeLength; ++d) {
      HLS_PRAGMA(UNROLL)
      length_counts_[d] = 0;
    }
    const uint32_t static_bits = read_counts(alphabet);
    uint32_t own_bits = 0;
    if (config.coding != kCodingStatic) {
      const int used = sort_used_symbols(alphabet);
      if (used == 1) {
        code_lengths_[sorted_[0].symbol] = 1;
        length_counts_[1] = 1;
        tick();
      } else if (used >= 2) {
        build_tree(used);
        count_leaf_depths(used);
        limit_lengths();
        assign_lengths(used);
      }
      own_bits = assign_canonical_codes(alphabet, code_lengths_, codes_);
    }
    // The mode of the fewest bits after the codes (H, adaptive's codebook, P); ties to raw, then static: one
    // compare-and-select with H's write.
    const uint32_t raw_bits = count * static_cast<uint32_t>(m);
    uint32_t mode = kModeAdaptive;
    uint32_t payload_bits = own_bits;
    if (config.coding != kCodingAdaptive) {
      mode = static_bits < raw_bits ? kModeStatic : kModeRaw;
      payload_bits = static_bits < raw_bits ? static_bits : raw_bits;
      if (config.coding == kCodingSmallest && own_bits + kBeatBits * codebook_section_words(m) < payload_bits) {
        mode = kModeAdaptive;
        payload_bits = own_bits;
      }
    }
    words_total_ = code_words + important_tail_words(m, mode, payload_bits);
    send((mode << kModeShift) | payload_bits, 1);
    tick();
    if (mode == kModeAdaptive) send_codebook(alphabet);
    send_payload(count, mode, m);
    if (config.code_coding) forward_codes(trips, packed_words, code_words, coded_sent, coded, true);
  }

  // The static code behind a record's descriptor (docs/spec.md §3.7; the router has checked it): one length a
  // cycle into the lengths RAM (one write port: no partitioning, one block RAM) and nine counters, the first codes,
  // then each symbol's code. Once per START, while the collector collects; a field the router found illegal is
  // kept in range here and the code is never used.
  void load_static_code(int alphabet) {
  CLEAR_STATIC_COUNTS:
    for (int d = 0; d <= kMaxCodeLength; ++d) {
      HLS_PRAGMA(UNROLL)
      length_counts_[d] = 0;
    }
    enter_loop(schedule::kLoadStaticCode);
    uint32_t word = 0;
  LOAD_STATIC_CODE:
    for (int s = 0; s < kMaxAlphabet; ++s) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (s == alphabet) break;
      if ((s & 7) == 0) word = stream_read(static_code_in).to_uint();
      static_lengths_[s] = count_length(this, s, word, length_counts_);
      tick();
    }
    drain(schedule::kLoadStaticCodeFlush);
    (void)assign_canonical_codes(alphabet, static_lengths_, static_codes_);  // its P is the last record's: unused
  }

  // The record's code words, as the collector passes them on. With code coding static (spec §3.8, §4.2) a word of
  // each section a cycle, the code mode's sent and the other dropped: the packed section (the mode bit 0, then the
  // code words one bit later: a 1-bit carry, the last word from the carry alone) and the coded one (the mode bit 1
  // in front, the coded_sent words the Quantizer sent). A coded section goes out in the last iterations, so the
  // record's last word leaves in the loop's last (no stage runs on after it).
  void forward_codes(uint32_t trips, uint32_t packed_words, uint32_t section_words, uint32_t coded_sent, bool coded,
                     bool shift) {
    const uint32_t first_sent = trips - section_words;
    uint32_t carry = 0;  // the last code word's low bit, the next packed section word's top
    enter_loop(schedule::kForwardCodes);
  FORWARD_CODES:
    for (int w = 0; w < kMaxCodeSectionWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (static_cast<uint32_t>(w) == trips) break;
      const bool sends = static_cast<uint32_t>(w) >= first_sent;
      const uint32_t packed = static_cast<uint32_t>(w) < packed_words ? stream_read(codes_in).to_uint() : 0u;
      const bool reads_coded = coded ? sends : static_cast<uint32_t>(w) < coded_sent;
      const uint32_t coded_word = reads_coded ? stream_read(coded_in).to_uint() : 0u;
      const uint32_t section_word = shift ? (carry << 31) | (packed >> 1) : packed;
      carry = packed & 1u;
      if (sends) send(coded ? coded_word : section_word, schedule::kForwardCodesDepth);
      tick();
    }
    drain(schedule::kForwardCodesFlush);
  }

  // The collector's histogram into the counts RAM, every code length cleared; and the record's P under the
  // static code, sum of count * static length (meaningful only where a static code is loaded).
  uint32_t read_counts(int alphabet) {
    // At most L x L_max = 32768: 16 bits. The static length is registered after its read, the product count x
    // length (hw/rtl/length_product.v) registered before the sum's one add.
    PayloadBits static_bits = 0;
    enter_loop(schedule::kReadCounts);
  READ_COUNTS:
    for (int s = 0; s < kMaxAlphabet; ++s) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (s == alphabet) break;
      const Length count = stream_read(counts_in);
      counts_[s] = count;
      code_lengths_[s] = 0;
      const PayloadBits product = count * static_lengths_[s];
      static_bits += product;
      EDQA_RTL_TRACE("length_product", this, (count, static_lengths_[s]), (product));
      tick();
    }
    drain(schedule::kReadCountsFlush);
    return static_bits.to_uint();
  }

  // Insertion sort by (count, symbol), ascending and stable: symbols arrive in ascending order. One flattened
  // loop of 2^m + shifts steps at II 1 (hw/rtl/sort_insert.v): a step either takes symbol s's count or moves the
  // entry above the free slot up one; it compares the count being inserted with the entry above the free slot
  // (for a new symbol the tail, sorted_[used - 1]), writes that entry one slot up when it is larger, or else writes
  // the inserted entry into the free slot and goes on to the next symbol. The compare sees registers only: the
  // tail, the next count (read a step ahead) and the entry above the free slot, read two steps ahead (the slot
  // three below a moving step's, else the one below the next step's tail) and registered from the RAM's output a
  // step later. A read of the slot its step writes (the inserted entry, one slot below the tail) gets the old
  // entry (read first): the written one is forwarded instead. A prologue cycle reads counts_[0] and counts_[1].
  static constexpr int kMaxSortSteps = kMaxAlphabet + kMaxAlphabet * (kMaxAlphabet - 1) / 2;
  int sort_used_symbols(int alphabet) {
    int used = 0;
    int s = 0;
    int slot = 0;    // while shifting: the free slot the inserted entry moves down through
    Length key = 0;  // while shifting: the count being inserted (symbol s's)
    bool shifting = false;
    const Length entry_count = counts_[0];  // the prologue's reads
    Length next = entry_count;              // counts_[s], read a step ahead
    Length tail_count = 0;                  // sorted_[used - 1]
    Symbol tail_symbol = 0;
    Length above_count = 0;  // while shifting: sorted_[slot - 1]
    Symbol above_symbol = 0;
    // The RAMs' outputs: what the step before read (the prologue: counts_[1]).
    Length count_data = alphabet > 1 ? counts_[1] : Length(0);
    Length sorted_count = 0;
    Symbol sorted_symbol = 0;
    bool forward = false;  // the step before read the slot it wrote: its entry instead of the RAM's output
    Length forward_count = 0;
    Symbol forward_symbol = 0;
    ticks(schedule::kSortInsertEntryCycles);
    enter_loop(schedule::kSortInsert);
  SORT_INSERT:
    for (int step = 0; step < kMaxSortSteps; ++step) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(DEPENDENCE variable = sorted_ inter RAW distance = 1 true)
      if (s == alphabet) break;
      const Length k = shifting ? key : next;
      const int free_slot = shifting ? slot : used;
      const bool taken = !shifting && next != 0;
      const bool inserting = shifting || next != 0;
      const Length compared_count = shifting ? above_count : tail_count;
      const Symbol compared_symbol = shifting ? above_symbol : tail_symbol;
      // Stable: an equal count stays above the entry inserted after it.
      const bool moves = inserting && free_slot > 0 && compared_count > k;
      const int used_next = used + (taken ? 1 : 0);
      // The reads for the steps ahead: the next step's next count, and the entry the step after it compares
      // (when it moves). Nothing below slot 0 or beyond the alphabet is read.
      const int count_read = moves ? s + 1 : s + 2;
      const int read_slot = moves ? free_slot - 3 : used_next - 2;
      Length count_out = 0;
      Length sorted_count_out = 0;
      Symbol sorted_symbol_out = 0;
      if (count_read < alphabet) count_out = counts_[count_read];
      if (read_slot >= 0) {
        sorted_count_out = sorted_[read_slot].count;
        sorted_symbol_out = sorted_[read_slot].symbol;
      }
      const Length write_count = moves ? compared_count : k;
      const Symbol write_symbol = moves ? compared_symbol : Symbol(s);
      if (inserting) {
        sorted_[free_slot].count = write_count;
        sorted_[free_slot].symbol = write_symbol;
      }
      const int s_next = moves ? s : s + 1;
      EDQA_RTL_TRACE("sort_insert", this, (step == 0, entry_count, count_data, sorted_count, sorted_symbol),
                     (count_read, read_slot, inserting, free_slot, write_count, write_symbol, s_next, used_next));
      if (taken && !moves) {
        tail_count = k;
        tail_symbol = Symbol(s);
      }
      above_count = forward ? forward_count : sorted_count;
      above_symbol = forward ? forward_symbol : sorted_symbol;
      forward = shifting && !moves && slot == used - 2;
      forward_count = k;
      forward_symbol = Symbol(s);
      next = moves ? next : count_data;
      count_data = count_out;
      sorted_count = sorted_count_out;
      sorted_symbol = sorted_symbol_out;
      slot = free_slot - 1;
      key = k;
      shifting = moves;
      s = s_next;
      used = used_next;
      tick();
    }
    drain(schedule::kSortInsertFlush);
    return used;
  }

  // Two queues: leaves in sorted order, internal nodes in creation order (their weights never decrease); the
  // lighter front first, the leaf on a tie (spec §3.1 step 3). Nodes 0..n-1 are the leaves, n.. the internal ones.
  // A merge takes at most two of each queue, so the two front weights of each are held in registers, and so are
  // which fronts hold one and each front's next two indices: the merge's first cycle compares the weights and
  // selects (hw/rtl/merge_tree.v), its second adds the picks and refills the fronts from the RAMs (two reads of
  // each, the node just created forwarded from its sum) and prepares the flags and indices for the next merge.
  // A prologue cycle reads the first two leaves.
  void build_tree(int leaves) {
    const int nodes = 2 * leaves - 1;
    Length leaf0 = sorted_[0].count;  // leaves >= 2 here
    Length leaf1 = sorted_[1].count;
    Length node0 = 0;
    Length node1 = 0;
    ticks(schedule::kMergeTreeEntryCycles);
    int leaf_front = 0;
    int node_front = leaves;
    bool leaf_ok0 = true;  // which fronts hold a weight: two leaves, no node yet
    bool leaf_ok1 = true;
    bool node_ok0 = false;
    bool node_ok1 = false;
    enter_loop(schedule::kMergeTree);
  MERGE_TREE:
    for (int created = leaves; created < kMaxTreeNodes; ++created) {
      HLS_PRAGMA(PIPELINE II = 2)
      if (created == nodes) break;
      // Cycle 1: the three compares at once, the first take, then the second against the fronts the first leaves;
      // each front advances by 0, 1 or 2, a select of indices ready in registers.
      const bool first_leaf = leaf_ok0 && (!node_ok0 || leaf0 <= node0);
      const bool second_leaf =
          first_leaf ? leaf_ok1 && (!node_ok0 || leaf1 <= node0) : leaf_ok0 && (!node_ok1 || leaf0 <= node1);
      const Length a = first_leaf ? leaf0 : node0;
      const Length b = first_leaf ? (second_leaf ? leaf1 : node0) : (second_leaf ? leaf0 : node1);
      const int first = first_leaf ? leaf_front : node_front;
      const int second =
          first_leaf ? (second_leaf ? leaf_front + 1 : node_front) : (second_leaf ? leaf_front : node_front + 1);
      const bool two_leaves = first_leaf && second_leaf;
      const bool no_leaf = !first_leaf && !second_leaf;
      leaf_front = two_leaves ? leaf_front + 2 : no_leaf ? leaf_front : leaf_front + 1;
      node_front = two_leaves ? node_front : no_leaf ? node_front + 2 : node_front + 1;
      // Cycle 2: the new node, and the refill: a front beyond its queue reads nothing (its flag is false next
      // time); the node being created is not in the RAM yet.
      const Length sum = a + b;
      node_weight_[created - leaves] = sum;
      parent_[first] = static_cast<uint32_t>(created);
      parent_[second] = static_cast<uint32_t>(created);
      const Length leaf_data0 = leaf_front < leaves ? sorted_[leaf_front].count : Length(0);
      const Length leaf_data1 = leaf_front + 1 < leaves ? sorted_[leaf_front + 1].count : Length(0);
      const Length node_data0 = node_front < created ? node_weight_[node_front - leaves] : Length(0);
      const Length node_data1 = node_front + 1 < created ? node_weight_[node_front + 1 - leaves] : Length(0);
      EDQA_RTL_TRACE("merge_tree", this,
                     (created == leaves, leaves, sorted_[0].count, sorted_[1].count, leaf_data0, leaf_data1, node_data0,
                      node_data1),
                     (first, second, sum, leaf_front, node_front));
      leaf0 = leaf_data0;
      leaf1 = leaf_data1;
      node0 = node_front == created ? sum : node_data0;
      node1 = node_front + 1 == created ? sum : node_data1;
      leaf_ok0 = leaf_front < leaves;
      leaf_ok1 = leaf_front + 1 < leaves;
      node_ok0 = node_front < created + 1;
      node_ok1 = node_front + 1 < created + 1;
      ticks(schedule::kMergeTreeII);
    }
    drain(schedule::kMergeTreeFlush);
    // The root was created last; every other node before its parent, so one backward pass sets all depths. The
    // parent's read addresses depth_ directly; when the parent is the node just before (whose write is landing as
    // depth_ is read) its depth comes from a register instead, so depth_'s RAW through the RAM is at distance 2 at
    // least and the pass takes a node a cycle (hw/rtl/leaf_depths.v).
    depth_[nodes - 1] = 0;
    Node previous = 0;  // the depth the last iteration wrote: the root's on entry (the first node's parent)
    enter_loop(schedule::kLeafDepths);
  LEAF_DEPTHS:
    for (int k = 0; k < kMaxTreeNodes - 1; ++k) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(DEPENDENCE variable = depth_ inter RAW distance = 2 true)
      const int node = nodes - 2 - k;
      if (node < 0) break;
      const Node parent = parent_[node];
      const bool forward = parent == static_cast<uint32_t>(node + 1);
      const Node stored = depth_[parent];
      const Node depth = (forward ? previous : stored) + 1;
      // Where the depth is forwarded the read collides with the write: the trace gives its data as 0, so a kernel
      // that took it would fail.
      EDQA_RTL_TRACE("leaf_depths", this, (k == 0, forward, forward ? Node(0) : stored), (depth));
      depth_[node] = depth;
      previous = depth;
      ticks(schedule::kLeafDepthsII);
    }
    drain(schedule::kLeafDepthsFlush);
  }

  void count_leaf_depths(int leaves) {
    enter_loop(schedule::kCountDepths);
  COUNT_DEPTHS:
    for (int leaf = 0; leaf < kMaxAlphabet; ++leaf) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (leaf == leaves) break;
      const int d = depth_[leaf] > kMaxCodeLength ? kMaxCodeLength : static_cast<int>(depth_[leaf]);
      length_counts_[d] = length_counts_[d] + 1;
      EDQA_RTL_TRACE("depth_counts", this, (leaf == 0, depth_[leaf]),
                     (length_counts_[0], length_counts_[1], length_counts_[2], length_counts_[3], length_counts_[4],
                      length_counts_[5], length_counts_[6], length_counts_[7], length_counts_[8]));
      tick();
    }
    drain(schedule::kCountDepthsFlush);
  }

  // The zlib repair of spec §3.1 step 5: each round lowers the Kraft sum by 2^-L_max, one round per cycle, after
  // one cycle for the sum itself. A round's level is found beside its exit test (both from the registers) and the
  // candidate sums beside the level's priority, which only selects among them (hw/rtl/repair_lengths.v).
  void limit_lengths() {
    uint32_t kraft = 0;
  KRAFT_SUM:
    for (int d = 1; d <= kMaxCodeLength; ++d) {
      HLS_PRAGMA(UNROLL)
      kraft += static_cast<uint32_t>(length_counts_[d]) << (kMaxCodeLength - d);
    }
    tick();
#if !defined(__SYNTHESIS__)
    // The trace's entry values (the loop's phi).
    const uint32_t entry_kraft = kraft;
    sc_uint<kLengthBits> entry[kMaxCodeLength + 1];
    for (int d = 0; d <= kMaxCodeLength; ++d) entry[d] = length_counts_[d];
#endif
    enter_loop(schedule::kRepairLengths);
  REPAIR_LENGTHS:
    for (int round = 0; round < kMaxTreeNodes; ++round) {
      HLS_PRAGMA(PIPELINE II = 1)
      int level = kMaxCodeLength - 1;
    FIND_LEVEL:
      for (int k = 0; k < kMaxCodeLength; ++k) {
        HLS_PRAGMA(UNROLL)
        if (length_counts_[level] != 0) break;
        --level;
      }
      const bool over = kraft > (1u << kMaxCodeLength);
      if (over) {
        length_counts_[level] = length_counts_[level] - 1;
        length_counts_[level + 1] = length_counts_[level + 1] + 2;
        length_counts_[kMaxCodeLength] = length_counts_[kMaxCodeLength] - 1;
        --kraft;
      }
      EDQA_RTL_TRACE("repair_lengths", this,
                     (round == 0, entry_kraft, entry[0], entry[1], entry[2], entry[3], entry[4], entry[5], entry[6],
                      entry[7], entry[8]),
                     (over, level, kraft, length_counts_[0], length_counts_[1], length_counts_[2], length_counts_[3],
                      length_counts_[4], length_counts_[5], length_counts_[6], length_counts_[7], length_counts_[8]));
      if (!over) break;
      tick();
    }
  }

  // Most frequent symbol first, shortest lengths first (spec §3.1 step 6): the j-th most frequent symbol takes the
  // length d with ends[d - 1] <= j < ends[d], ends[d] the symbols of length at most d. The ends first (a chain of
  // seven 9-bit adders: two cycles, hw/rtl/length_ends.v), then each iteration's length is seven compares of j
  // against them and their count, and the only recurrence is j (hw/rtl/assign_lengths.v). Before, a current length
  // and the symbols left of it carried an unrolled search for the next used length: 23 LUT levels at II 1.
  void assign_lengths(int used) {
    // At most 256 leaves: the running sum of the (13-bit) counts fits 9 bits, and so does j.
    sc_uint<kNodeBits> ends[kMaxCodeLength];
    sc_uint<kNodeBits> end = 0;
  LENGTH_ENDS:
    for (int d = 1; d < kMaxCodeLength; ++d) {
      HLS_PRAGMA(UNROLL)
      end += length_counts_[d];
      ends[d] = end;
    }
    EDQA_RTL_TRACE("length_ends", this, (pack_counts()), (pack_ends(ends)));
    ticks(schedule::kLengthEndsCycles);
    enter_loop(schedule::kAssignLengths);
  ASSIGN_LENGTHS:
    for (int j = 0; j < kMaxAlphabet; ++j) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (j == used) break;
      // ends[] rises with d, so the compares form a thermometer code and their count picks the length (at most 8:
      // j < used = ends[8]).
      CodeLength length = 1;
    FIND_LENGTH:
      for (int d = 1; d < kMaxCodeLength; ++d) {
        HLS_PRAGMA(UNROLL)
        if (static_cast<uint32_t>(j) >= ends[d]) ++length;
      }
      EDQA_RTL_TRACE("assign_lengths", this, (j == 0, pack_ends(ends)), (j, length));
      code_lengths_[sorted_[used - 1 - j].symbol] = length;
      tick();
    }
    drain(schedule::kAssignLengthsFlush);
  }

#if !defined(__SYNTHESIS__)
  // The trace's fields: the counts of lengths 1..7 and their running sums, 9 bits each, length 1 lowest.
  uint64_t pack_counts() const {
    uint64_t packed = 0;
    for (int d = kMaxCodeLength - 1; d >= 1; --d)
      packed = (packed << kNodeBits) | (length_counts_[d].to_uint64() & 0x1FF);
    return packed;
  }
  static uint64_t pack_ends(const sc_uint<kNodeBits>(&ends)[kMaxCodeLength]) {
    uint64_t packed = 0;
    for (int d = kMaxCodeLength - 1; d >= 1; --d) packed = (packed << kNodeBits) | ends[d].to_uint64();
    return packed;
  }
#endif

  // RFC 1951 §3.2.2 codes, and P = sum of count * length, in one pass over the alphabet. The counts per length
  // are the length counts of the tree (or the single code of length 1), or of the static code as it was loaded.
  // Two call sites, each with its own fixed arrays: inlined, so each keeps its own partitioning.
  uint32_t assign_canonical_codes(int alphabet, const CodeLength(&lengths)[kMaxAlphabet],
                                  CodeBits(&codes)[kMaxAlphabet]) {
    HLS_PRAGMA(INLINE)
    CodeBits code = 0;
  FIRST_CODES:
    for (int d = 1; d <= kMaxCodeLength; ++d) {
      HLS_PRAGMA(UNROLL)
      const uint32_t previous = d == 1 ? 0u : static_cast<uint32_t>(length_counts_[d - 1]);
      code = (code + previous) << 1;
      next_code_[d] = code;
    }
    tick();
#if !defined(__SYNTHESIS__)
    const rtl_trace::Fields starts = trace_on() ? rtl_trace::from_one(next_code_) : rtl_trace::Fields();
#endif
    // P at most L x L_max = 32768: 16 bits. The length is registered after its read (and code_lengths_' bank
    // select: hw/rtl/length_select.v); then the next code and its increment (hw/rtl/canonical_codes.v) beside the
    // product count x length (hw/rtl/length_product.v), which is registered before P's one add.
    PayloadBits payload_bits = 0;
    enter_loop(schedule::kCanonicalCodes);
  CANONICAL_CODES:
    for (int s = 0; s < kMaxAlphabet; ++s) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (s == alphabet) break;
      const int l = lengths[s];
      CodeBits code = 0;
      if (l != 0) {
        code = next_code_[l];
        codes[s] = code;
        next_code_[l] = next_code_[l] + 1;
      }
      const PayloadBits product = counts_[s] * static_cast<uint32_t>(l);
      payload_bits += product;
#if !defined(__SYNTHESIS__)
      if (&lengths == &code_lengths_) {
        uint64_t banks = 0;  // the row of s in each of the eight banks of code_lengths_
        for (int b = 0; b < 8; ++b) banks |= static_cast<uint64_t>(code_lengths_[(s & ~7) + b].to_uint()) << (4 * b);
        EDQA_RTL_TRACE("length_select", this, (banks, s & 7), (l));
      }
      EDQA_RTL_TRACE("length_product", this, (counts_[s], l), (product));
      EDQA_RTL_TRACE("canonical_codes", this, (rtl_trace::around(s == 0, starts, l, product.to_uint64())),
                     (l != 0, code, payload_bits));
#endif
      tick();
    }
    drain(schedule::kCanonicalCodesFlush);
    return payload_bits.to_uint();
  }

  // Eight 4-bit length fields per word, symbol 0 in the top nibble (spec §3.4).
  void send_codebook(int alphabet) {
    const int words = static_cast<int>(words_for_bits(static_cast<uint32_t>(alphabet) * kCodeLengthFieldBits));
    enter_loop(schedule::kSendCodebook);
  SEND_CODEBOOK:
    for (int w = 0; w < kMaxCodebookWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (w == words) break;
      uint32_t word = 0;
    PACK_FIELDS:
      for (int f = 0; f < 8; ++f) {
        HLS_PRAGMA(UNROLL)
        const int s = w * 8 + f;
        const uint32_t field = s < alphabet ? static_cast<uint32_t>(code_lengths_[s]) : 0u;
        word |= field << (28 - 4 * f);
      }
      send(word, schedule::kSendCodebookDepth);
      tick();
    }
    drain(schedule::kSendCodebookFlush);
  }

  // One error per cycle from the collector's FIFO: its code (the record's own, the static one, or the error itself
  // as m bits), most significant bit first, into a 64-bit packer that emits whole words; the padded last word one
  // cycle after the loop.
  void send_payload(uint32_t count, uint32_t mode, int m) {
    WordPacker packer;
    uint32_t word;
    enter_loop(schedule::kSendPayload);
  SEND_PAYLOAD:
    for (int i = 0; i < kMaxLength; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 4096)
      if (static_cast<uint32_t>(i) == count) break;
      const Symbol symbol = stream_read(errors_in);
      int l = m;
      uint32_t bits = symbol.to_uint();
      if (mode == kModeAdaptive) {
        l = code_lengths_[symbol];
        bits = codes_[symbol].to_uint();
      } else if (mode == kModeStatic) {
        l = static_lengths_[symbol];
        bits = static_codes_[symbol].to_uint();
      }
      EDQA_WAVE(wave_.symbol, symbol.to_uint()), EDQA_WAVE(wave_.code_length, l), EDQA_WAVE(wave_.code_word, bits);
      const bool full = packer.append(bits, l, word);
      EDQA_RTL_TRACE("word_packer", this, (i == 0, bits, l), (full, full ? word : 0u));
      if (full) send(word, schedule::kSendPayloadDepth);
      tick();
    }
    if (count > 0) drain(schedule::kSendPayloadFlush);
    if (packer.flush(word)) {
      send(word, 1);
      tick();
    }
  }
};

}  // namespace edqa_hw

#endif  // EDQA_HUFFMAN_ENCODER_SC_H
