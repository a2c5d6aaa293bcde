// hw/rtl/static_code_counts.v against LOAD_STATIC_CODE: (first, word, s mod 8) | (length, count1 ... count8).
#include "Vstatic_code_counts.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vstatic_code_counts& k, const Fields& in) {
  k.first = in[0];
  k.word = static_cast<uint32_t>(in[1]);
  k.field = static_cast<uint32_t>(in[2]);
}

Fields get(const Vstatic_code_counts& k) {
  return {k.length, k.count1, k.count2, k.count3, k.count4, k.count5, k.count6, k.count7, k.count8};
}

const Registration registration{Kernel{"static_code_counts", 3, {4, 13, 13, 13, 13, 13, 13, 13, 13}, [] {
                                         return std::make_unique<Clocked<Vstatic_code_counts>>(set, get);
                                       }}};

}  // namespace
}  // namespace edqa_rtl
