// hw/rtl/assign_lengths.v against ASSIGN_LENGTHS: (first, ends 1..7) | (j, length).
#include "Vassign_lengths.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vassign_lengths& k, const Fields& in) {
  k.first = in[0];
  k.ends = in[1];
}

Fields get(const Vassign_lengths& k) { return {k.j, k.length}; }

const Registration registration{
    Kernel{"assign_lengths", 2, {9, 4}, [] { return std::make_unique<Clocked<Vassign_lengths>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
