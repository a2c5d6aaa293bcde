// hw/rtl/round_clamp.v against round_clamp of hw/edqa_numerics.h (QUANTIZE): (product bits, lo, hi) | (t).
#include "Vround_clamp.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vround_clamp& k, const Fields& in) {
  k.v = static_cast<uint32_t>(in[0]);
  k.lo = static_cast<uint32_t>(in[1]);
  k.hi = static_cast<uint32_t>(in[2]);
}

Fields get(const Vround_clamp& k) { return {k.t}; }

const Registration registration{
    Kernel{"round_clamp", 3, {32}, [] { return std::make_unique<Combinational<Vround_clamp>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
