// hw/rtl/decode_codes.v against the DECODE_CODES recurrence of HuffmanDecoder::decode_codes:
// (load, word, words, count, coded, has_long, lows, highs, high_tops, long_lows, long_highs, run_codes x 3,
// run_masks x 3) | (code_length, peek, takes_word, run, emits, ends). The runs' 180-bit ports arrive as three 60-bit
// fields.
#include "Vdecode_codes.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

// A 180-bit port from three fields of 60 bits, the first the lowest.
template <class Wide>
void set_runs(Wide& port, const Fields& in, size_t first) {
  for (int w = 0; w < 6; ++w) port[w] = 0;
  for (int bit = 0; bit < 180; ++bit) {
    if (((in[first + bit / 60] >> (bit % 60)) & 1u) != 0) port[bit / 32] |= 1u << (bit % 32);
  }
}

void set(Vdecode_codes& k, const Fields& in) {
  k.load = in[0];
  k.word = static_cast<uint32_t>(in[1]);
  k.words = static_cast<uint32_t>(in[2]);
  k.count = static_cast<uint32_t>(in[3]);
  k.coded = in[4];
  k.has_long = in[5];
  k.lows = in[6];
  k.highs = in[7];
  k.high_tops = static_cast<uint32_t>(in[8]);
  k.long_lows = in[9];
  k.long_highs = in[10];
  set_runs(k.run_codes, in, 11);
  set_runs(k.run_masks, in, 14);
}

Fields get(const Vdecode_codes& k) { return {k.code_length, k.peek, k.takes_word, k.run, k.emits, k.ends}; }

const Registration registration{
    Kernel{"decode_codes", 17, {4, 12, 1, 5, 1, 1}, [] { return std::make_unique<Clocked<Vdecode_codes>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
