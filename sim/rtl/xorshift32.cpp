// hw/rtl/xorshift32.v against UNIT_NOISE's xorshift32 step (NoisyQuant): (first) | (state). The module carries the
// state; the model's is only compared, never fed in.
#include "Vxorshift32.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vxorshift32& k, const Fields& in) { k.first = in[0] != 0; }

Fields get(const Vxorshift32& k) { return {k.state}; }

const Registration registration{
    Kernel{"xorshift32", 1, {32}, [] { return std::make_unique<Clocked<Vxorshift32>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
