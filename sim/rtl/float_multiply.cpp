// hw/rtl/float_multiply.v against the model's float32 multiply (QUANTIZE's x * inv', DEQUANTIZE's float(t) * step,
// NoisyQuant's MAC z * x): (a, b) | (a * b), float32 bits.
#include "Vfloat_multiply.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vfloat_multiply& k, const Fields& in) {
  k.a = static_cast<uint32_t>(in[0]);
  k.b = static_cast<uint32_t>(in[1]);
}

Fields get(const Vfloat_multiply& k) { return {k.p}; }

const Registration registration{
    Kernel{"float_multiply", 2, {32}, [] { return std::make_unique<Combinational<Vfloat_multiply>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
