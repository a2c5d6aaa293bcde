// hw/rtl/code_cost.v against QUANTIZE's code pricing (code coding static):
// (first, close, zero, length, lengths) | (run, coded_bits).
#include "Vcode_cost.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vcode_cost& k, const Fields& in) {
  k.first = in[0];
  k.close = in[1];
  k.zero = in[2];
  k.length = static_cast<uint32_t>(in[3]);
  k.lengths = in[4];
}

Fields get(const Vcode_cost& k) { return {k.run, k.coded_bits}; }

const Registration registration{
    Kernel{"code_cost", 5, {4, 16}, [] { return std::make_unique<Clocked<Vcode_cost>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
