// Huffman Encoder: collects an important channel's shifting errors, builds their length-limited canonical code
// (docs/spec.md §3.1-§3.5) and writes the channel record (§4.2): codes, codebook, payload bit count, payload.
//
//   codes_in  ---------------------------------------------------------------> record_out (forwarded first)
//   errors_in --> error buffer + histogram --> code lengths --> canonical codes --> codebook, P, payload
//
// For a direct channel it only forwards the code words. Every step advances the clock: collecting runs at one
// error per cycle alongside the quantizer, the code build costs O(2^m) to O(4^m) cycles (about 90 for m = 3), and
// the payload leaves at one error per cycle.
#ifndef EDQA_HUFFMAN_ENCODER_SC_H
#define EDQA_HUFFMAN_ENCODER_SC_H

#include <systemc.h>

#include "edqa_bit_packing.h"
#include "edqa_hw_config.h"
#include "edqa_numerics.h"
#include "edqa_stage.h"
#include "edqa_stream.h"

namespace edqa_hw {

struct HuffmanEncoder : public StageModule<HuffmanEncoder> {
  sc_in<uint32_t> bits;
  sc_in<uint32_t> extra_bits;
  sc_in<bool> important;
  sc_in<uint32_t> length;

  sc_fifo_in<uint32_t> codes_in;
  sc_fifo_in<uint8_t> errors_in;
  sc_fifo_out<Beat> record_out;

  SC_HAS_PROCESS(HuffmanEncoder);
  explicit HuffmanEncoder(sc_module_name name) : StageModule<HuffmanEncoder>(name) {
    EDQA_STAGE_THREAD();
    // Eight codebook fields are packed into a word per cycle; the length counters are a handful of registers.
    HLS_PRAGMA(ARRAY_PARTITION variable = code_lengths_ cyclic factor = 8)
    HLS_PRAGMA(ARRAY_PARTITION variable = length_counts_ complete)
  }

  void on_reset() {
    drain_on_reset(codes_in);
    drain_on_reset(errors_in);
  }

 private:
  // On-chip buffers. Sizes are the static maxima of edqa_hw_config.h.
  uint8_t error_buffer_[kMaxLength];
  uint16_t histogram_[kMaxAlphabet];
  uint8_t code_lengths_[kMaxAlphabet];
  uint8_t codes_[kMaxAlphabet];
  uint16_t sorted_[kMaxAlphabet];          // used symbols by (count, symbol)
  uint16_t weight_[kMaxTreeNodes];
  uint16_t parent_[kMaxTreeNodes];
  uint16_t depth_[kMaxTreeNodes];
  uint16_t length_counts_[kMaxCodeLength + 1];

  // Record bookkeeping: TLAST goes on the last word.
  uint32_t words_total_;
  uint32_t words_sent_;

  void send(uint32_t word, uint32_t& busy) {
    ++words_sent_;
    stream_push(record_out, Beat(word, words_sent_ == words_total_), busy);
  }

 public:
  // One channel (StageModule calls it between start and done).
  void process(uint32_t& busy) {
    const int n = static_cast<int>(bits.read());
    const int m = static_cast<int>(extra_bits.read());
    const uint32_t count = length.read();
    const uint32_t code_words = words_for_bits(count * n);
    words_sent_ = 0;
    if (!important.read()) {
      words_total_ = code_words;
    FORWARD_DIRECT:
      for (int w = 0; w < kMaxCodeWords; ++w) {
        HLS_PRAGMA(PIPELINE II = 1)
        if (static_cast<uint32_t>(w) == code_words) break;
        send(stream_pop(codes_in, busy), busy);
        tick(busy);
      }
      return;
    }

    // The total is known only once P is; until then no word is the last (the codebook and P always follow).
    words_total_ = 0;
    const int alphabet = 1 << m;
    clear_tables(alphabet, busy);
    collect(count, code_words, busy);
    const uint32_t payload_bits = build_code(alphabet, busy);
    const uint32_t codebook_words = words_for_bits(static_cast<uint32_t>(alphabet) * kCodeLengthFieldBits);
    words_total_ = code_words + codebook_words + 1 + words_for_bits(payload_bits);
    send_codebook(alphabet, busy);
    send(payload_bits, busy);
    tick(busy);
    send_payload(count, busy);
  }

 private:
  void clear_tables(int alphabet, uint32_t& busy) {
  CLEAR_LOOP:
    for (int s = 0; s < kMaxAlphabet; ++s) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (s == alphabet) break;
      histogram_[s] = 0;
      code_lengths_[s] = 0;
      codes_[s] = 0;
      tick(busy);
    }
  }

  // One cycle per element: store the quantizer's error and count it, and forward a code word when one is ready.
  void collect(uint32_t count, uint32_t code_words, uint32_t& busy) {
    uint32_t received = 0;
    uint32_t forwarded = 0;
  COLLECT_LOOP:
    for (int cycle = 0; cycle < kMaxCollectIterations; ++cycle) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (received == count && forwarded == code_words) break;
      uint8_t error;
      if (received < count && errors_in.nb_read(error)) {
        error_buffer_[received++] = error;
        histogram_[error] = static_cast<uint16_t>(histogram_[error] + 1);
      }
      uint32_t word;
      if (forwarded < code_words && record_out.num_free() > 0 && codes_in.nb_read(word)) {
        ++forwarded;
        send(word, busy);
      }
      tick(busy);
    }
  }

  // docs/spec.md §3.1 step by step; returns P, the payload length in bits.
  uint32_t build_code(int alphabet, uint32_t& busy) {
    const int used = sort_used_symbols(alphabet, busy);
    if (used == 1) {
      code_lengths_[sorted_[0]] = 1;
      tick(busy);
    } else if (used >= 2) {
      build_tree(used, busy);
      count_leaf_depths(used, busy);
      limit_lengths(busy);
      assign_lengths(used, busy);
    }
    return assign_canonical_codes(alphabet, busy);
  }

  // Insertion sort by (count, symbol): symbols arrive in ascending order, one cycle per symbol and per shift.
  int sort_used_symbols(int alphabet, uint32_t& busy) {
    int used = 0;
  SORT_LOOP:
    for (int s = 0; s < kMaxAlphabet; ++s) {
      if (s == alphabet) break;
      const uint16_t count = histogram_[s];
      if (count != 0) {
        int position = used++;
      SHIFT_LOOP:
        for (int k = 0; k < kMaxAlphabet; ++k) {
          if (position == 0 || histogram_[sorted_[position - 1]] <= count) break;
          sorted_[position] = sorted_[position - 1];
          --position;
          tick(busy);
        }
        sorted_[position] = static_cast<uint16_t>(s);
      }
      tick(busy);
    }
    return used;
  }

  // Two queues: leaves in sorted order, internal nodes in creation order; the lighter front first, the leaf on a
  // tie. One merge per cycle (both picks are combinational compares).
  void build_tree(int leaves, uint32_t& busy) {
  LEAF_LOOP:
    for (int i = 0; i < kMaxAlphabet; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (i == leaves) break;
      weight_[i] = histogram_[sorted_[i]];
      tick(busy);
    }
    const int nodes = 2 * leaves - 1;
    int leaf_front = 0;
    int node_front = leaves;
  MERGE_LOOP:
    for (int created = leaves; created < kMaxTreeNodes; ++created) {
      if (created == nodes) break;
      const int first = take_lightest(leaves, created, leaf_front, node_front);
      const int second = take_lightest(leaves, created, leaf_front, node_front);
      weight_[created] = static_cast<uint16_t>(weight_[first] + weight_[second]);
      parent_[first] = static_cast<uint16_t>(created);
      parent_[second] = static_cast<uint16_t>(created);
      tick(busy);
    }
    // The root was created last; every other node before its parent, so one backward pass sets all depths.
    depth_[nodes - 1] = 0;
  DEPTH_LOOP:
    for (int k = 0; k < kMaxTreeNodes - 1; ++k) {
      HLS_PRAGMA(PIPELINE II = 1)
      const int node = nodes - 2 - k;
      if (node < 0) break;
      depth_[node] = static_cast<uint16_t>(depth_[parent_[node]] + 1);
      tick(busy);
    }
  }

  int take_lightest(int leaves, int created, int& leaf_front, int& node_front) {
    const bool leaf_available = leaf_front < leaves;
    const bool node_available = node_front < created;
    if (leaf_available && (!node_available || weight_[leaf_front] <= weight_[node_front])) return leaf_front++;
    return node_front++;
  }

  void count_leaf_depths(int leaves, uint32_t& busy) {
  CLEAR_COUNTS:
    for (int d = 0; d <= kMaxCodeLength; ++d) {
      HLS_PRAGMA(UNROLL)
      length_counts_[d] = 0;
    }
  COUNT_LOOP:
    for (int leaf = 0; leaf < kMaxAlphabet; ++leaf) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (leaf == leaves) break;
      const int d = depth_[leaf] > kMaxCodeLength ? kMaxCodeLength : depth_[leaf];
      length_counts_[d] = static_cast<uint16_t>(length_counts_[d] + 1);
      tick(busy);
    }
  }

  // The zlib repair of spec §3.1 step 5: each round lowers the Kraft sum by 2^-L_max, one round per cycle.
  void limit_lengths(uint32_t& busy) {
    uint32_t kraft = 0;
  KRAFT_SUM:
    for (int d = 1; d <= kMaxCodeLength; ++d) {
      HLS_PRAGMA(UNROLL)
      kraft += static_cast<uint32_t>(length_counts_[d]) << (kMaxCodeLength - d);
    }
    tick(busy);
  REPAIR_LOOP:
    for (int round = 0; round < kMaxTreeNodes; ++round) {
      if (kraft <= (1u << kMaxCodeLength)) break;
      int level = kMaxCodeLength - 1;
    FIND_LEVEL:
      for (int k = 0; k < kMaxCodeLength; ++k) {
        HLS_PRAGMA(UNROLL)
        if (length_counts_[level] != 0) break;
        --level;
      }
      length_counts_[level] = static_cast<uint16_t>(length_counts_[level] - 1);
      length_counts_[level + 1] = static_cast<uint16_t>(length_counts_[level + 1] + 2);
      length_counts_[kMaxCodeLength] = static_cast<uint16_t>(length_counts_[kMaxCodeLength] - 1);
      --kraft;
      tick(busy);
    }
  }

  // Most frequent symbol first, shortest lengths first.
  void assign_lengths(int used, uint32_t& busy) {
    int current = 1;
    int remaining = length_counts_[1];
  ASSIGN_LOOP:
    for (int j = 0; j < kMaxAlphabet; ++j) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (j == used) break;
    NEXT_LENGTH:
      for (int k = 0; k < kMaxCodeLength; ++k) {
        if (remaining != 0 || current == kMaxCodeLength) break;
        ++current;
        remaining = length_counts_[current];
      }
      code_lengths_[sorted_[used - 1 - j]] = static_cast<uint8_t>(current);
      --remaining;
      tick(busy);
    }
  }

  // RFC 1951 §3.2.2 codes, and P = sum of count * length, in one pass over the alphabet.
  uint32_t assign_canonical_codes(int alphabet, uint32_t& busy) {
    uint16_t count_per_length[kMaxCodeLength + 1];
    uint16_t next_code[kMaxCodeLength + 1];
  COUNT_LENGTHS:
    for (int d = 0; d <= kMaxCodeLength; ++d) {
      HLS_PRAGMA(UNROLL)
      count_per_length[d] = 0;
    }
  HISTOGRAM_OF_LENGTHS:
    for (int s = 0; s < kMaxAlphabet; ++s) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (s == alphabet) break;
      if (code_lengths_[s] != 0) count_per_length[code_lengths_[s]]++;
      tick(busy);
    }
    uint16_t code = 0;
    next_code[0] = 0;
  FIRST_CODES:
    for (int d = 1; d <= kMaxCodeLength; ++d) {
      HLS_PRAGMA(UNROLL)
      code = static_cast<uint16_t>((code + count_per_length[d - 1]) << 1);
      next_code[d] = code;
    }
    tick(busy);
    uint32_t payload_bits = 0;
  CODE_LOOP:
    for (int s = 0; s < kMaxAlphabet; ++s) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (s == alphabet) break;
      const int l = code_lengths_[s];
      if (l != 0) codes_[s] = static_cast<uint8_t>(next_code[l]++);
      payload_bits += static_cast<uint32_t>(histogram_[s]) * static_cast<uint32_t>(l);
      tick(busy);
    }
    return payload_bits;
  }

  // Eight 4-bit length fields per word, symbol 0 in the top nibble (spec §3.4).
  void send_codebook(int alphabet, uint32_t& busy) {
    const int words = (alphabet * kCodeLengthFieldBits + kBeatBits - 1) / kBeatBits;
  CODEBOOK_LOOP:
    for (int w = 0; w < kMaxCodebookWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (w == words) break;
      uint32_t word = 0;
    PACK_FIELDS:
      for (int f = 0; f < 8; ++f) {
        HLS_PRAGMA(UNROLL)
        const int s = w * 8 + f;
        const uint32_t field = s < alphabet ? code_lengths_[s] : 0u;
        word |= field << (28 - 4 * f);
      }
      send(word, busy);
      tick(busy);
    }
  }

  // One error per cycle: its code, most significant bit first, into a 64-bit packer that emits whole words.
  void send_payload(uint32_t count, uint32_t& busy) {
    WordPacker packer;
    uint32_t word;
  PAYLOAD_LOOP:
    for (int i = 0; i < kMaxLength; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      HLS_PRAGMA(LOOP_TRIPCOUNT min = 1 max = 4096)
      if (static_cast<uint32_t>(i) == count) break;
      const uint8_t symbol = error_buffer_[i];
      const int l = code_lengths_[symbol];
      if (packer.append(codes_[symbol], l, word)) send(word, busy);
      tick(busy);
    }
    if (packer.flush(word)) {
      send(word, busy);
      tick(busy);
    }
  }
};

}  // namespace edqa_hw

#endif  // EDQA_HUFFMAN_ENCODER_SC_H
