// hw/rtl/leaf_depths.v against LEAF_DEPTHS: (first, forward, the depth_ read) | (depth).
#include "Vleaf_depths.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vleaf_depths& k, const Fields& in) {
  k.first = in[0];
  k.forward = in[1];
  k.stored = static_cast<uint32_t>(in[2]);
}

Fields get(const Vleaf_depths& k) { return {k.depth}; }

const Registration registration{
    Kernel{"leaf_depths", 3, {9}, [] { return std::make_unique<Clocked<Vleaf_depths>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
