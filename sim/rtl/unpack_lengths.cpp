// hw/rtl/unpack_lengths.v against unpack_lengths of READ_STATIC_CODE and READ_CODEBOOK:
// (first, word, valid) | (lengths, count1 ... count8).
#include "Vunpack_lengths.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vunpack_lengths& k, const Fields& in) {
  k.first = in[0];
  k.word = static_cast<uint32_t>(in[1]);
  k.valid = static_cast<uint32_t>(in[2]);
}

Fields get(const Vunpack_lengths& k) {
  return {k.lengths, k.count1, k.count2, k.count3, k.count4, k.count5, k.count6, k.count7, k.count8};
}

const Registration registration{Kernel{"unpack_lengths", 3, {32, 13, 13, 13, 13, 13, 13, 13, 13}, [] {
                                         return std::make_unique<Clocked<Vunpack_lengths>>(set, get);
                                       }}};

}  // namespace
}  // namespace edqa_rtl
