// hw/rtl/code_unpack_lengths.v against READ_CODE_STATIC_CODE of HuffmanDecoder::load_code_static_code:
// (first, word, valid) | (lengths, counts_low, counts_high).
#include "Vcode_unpack_lengths.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vcode_unpack_lengths& k, const Fields& in) {
  k.first = in[0];
  k.word = static_cast<uint32_t>(in[1]);
  k.valid = static_cast<uint32_t>(in[2]);
}

Fields get(const Vcode_unpack_lengths& k) { return {k.lengths, k.counts_low, k.counts_high}; }

const Registration registration{Kernel{
    "code_unpack_lengths", 3, {32, 63, 45}, [] { return std::make_unique<Clocked<Vcode_unpack_lengths>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
