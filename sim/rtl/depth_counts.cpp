// hw/rtl/depth_counts.v against COUNT_DEPTHS: (first, depth) | (count0 ... count8).
#include "Vdepth_counts.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vdepth_counts& k, const Fields& in) {
  k.first = in[0];
  k.depth = static_cast<uint32_t>(in[1]);
}

Fields get(const Vdepth_counts& k) {
  return {k.count0, k.count1, k.count2, k.count3, k.count4, k.count5, k.count6, k.count7, k.count8};
}

const Registration registration{Kernel{"depth_counts", 2, {13, 13, 13, 13, 13, 13, 13, 13, 13}, [] {
                                         return std::make_unique<Clocked<Vdepth_counts>>(set, get);
                                       }}};

}  // namespace
}  // namespace edqa_rtl
