// hw/rtl/float_add.v against NoisyQuant's float adds: (chain, first, addend, b) | (sum), float32 bits. The MAC's
// accumulation sum = sum + z x is (1, k == 0, 0, z x): the module carries the sum, the model's is only compared,
// never fed in. A feed-forward add a + b is (0, 0, a, b), a - b is (0, 0, a, -b).
#include "Vfloat_add.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vfloat_add& k, const Fields& in) {
  k.chain = in[0] != 0;
  k.first = in[1] != 0;
  k.addend = static_cast<uint32_t>(in[2]);
  k.product = static_cast<uint32_t>(in[3]);
}

Fields get(const Vfloat_add& k) { return {k.s}; }

const Registration registration{
    Kernel{"float_add", 4, {32}, [] { return std::make_unique<Clocked<Vfloat_add>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
