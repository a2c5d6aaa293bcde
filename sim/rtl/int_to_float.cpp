// hw/rtl/int_to_float.v against float32(t) of DEQUANTIZE and NoisyQuant: (t) | (float32 bits). The port takes t's low
// 25 bits: a t outside [-2^24, 2^24) in the model converts differently and fails the check.
#include "Vint_to_float.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vint_to_float& k, const Fields& in) { k.t = static_cast<uint32_t>(in[0]) & 0x1FFFFFFu; }

Fields get(const Vint_to_float& k) { return {k.f}; }

const Registration registration{
    Kernel{"int_to_float", 1, {32}, [] { return std::make_unique<Combinational<Vint_to_float>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
