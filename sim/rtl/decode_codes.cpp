// hw/rtl/decode_codes.v against the DECODE_CODES recurrence of HuffmanDecoder::decode_codes:
// (load, word, words, count, coded, has_long, lows, highs, high_tops, long_lows, long_highs, run_codes, run_masks) |
// (code_length, peek, takes_word, run, emits).
#include "Vdecode_codes.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

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
  k.run_codes = in[11];
  k.run_masks = in[12];
}

Fields get(const Vdecode_codes& k) { return {k.code_length, k.peek, k.takes_word, k.run, k.emits}; }

const Registration registration{
    Kernel{"decode_codes", 13, {4, 12, 1, 5, 1}, [] { return std::make_unique<Clocked<Vdecode_codes>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
