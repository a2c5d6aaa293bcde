// hw/rtl/repair_lengths.v against REPAIR_LENGTHS: (first, the entry Kraft sum, the entry counts 0..8) |
// (over, level, the Kraft sum and counts 0..8 after the round).
#include "Vrepair_lengths.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vrepair_lengths& k, const Fields& in) {
  k.first = in[0];
  k.entry_kraft = static_cast<uint32_t>(in[1]);
  k.entry0 = in[2];
  k.entry1 = in[3];
  k.entry2 = in[4];
  k.entry3 = in[5];
  k.entry4 = in[6];
  k.entry5 = in[7];
  k.entry6 = in[8];
  k.entry7 = in[9];
  k.entry8 = in[10];
}

Fields get(const Vrepair_lengths& k) {
  return {k.over,   k.level,  k.kraft,  k.count0, k.count1, k.count2,
          k.count3, k.count4, k.count5, k.count6, k.count7, k.count8};
}

const Registration registration{Kernel{"repair_lengths", 11, {1, 4, 32, 13, 13, 13, 13, 13, 13, 13, 13, 13}, [] {
                                         return std::make_unique<Clocked<Vrepair_lengths>>(set, get);
                                       }}};

}  // namespace
}  // namespace edqa_rtl
