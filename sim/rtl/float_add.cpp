// hw/rtl/float_add.v against NoisyQuant's MAC accumulation sum = sum + z x: (first, product) | (sum), float32 bits.
// The module carries the sum; the model's sum is only compared, never fed in.
#include "Vfloat_add.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vfloat_add& k, const Fields& in) {
  k.first = in[0] != 0;
  k.product = static_cast<uint32_t>(in[1]);
}

Fields get(const Vfloat_add& k) { return {k.s}; }

const Registration registration{
    Kernel{"float_add", 2, {32}, [] { return std::make_unique<Clocked<Vfloat_add>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
