// hw/rtl/decode.v against the DECODE recurrence of HuffmanDecoder::decode_important and DECODE_CODES' errors side:
// (load, advance, word, payload_words, lows, highs, high_tops) | (code_length, peek, takes_word).
#include "Vdecode.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vdecode& k, const Fields& in) {
  k.load = in[0];
  k.advance = in[1];
  k.word = static_cast<uint32_t>(in[2]);
  k.payload_words = static_cast<uint32_t>(in[3]);
  k.lows = in[4];
  k.highs = in[5];
  k.high_tops = static_cast<uint32_t>(in[6]);
}

Fields get(const Vdecode& k) { return {k.code_length, k.peek, k.takes_word}; }

const Registration registration{
    Kernel{"decode", 7, {4, 8, 1}, [] { return std::make_unique<Clocked<Vdecode>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
