// hw/rtl/code_symbols.v against QUANTIZE's symbol machine (code coding static): (first, last, code) | (emits_run,
// zeros, emits_code, run).
#include "Vcode_symbols.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vcode_symbols& k, const Fields& in) {
  k.first = in[0];
  k.last = in[1];
  k.code = static_cast<uint32_t>(in[2]);
}

Fields get(const Vcode_symbols& k) { return {k.emits_run, k.zeros, k.emits_code, k.run}; }

const Registration registration{
    Kernel{"code_symbols", 3, {1, 5, 1, 4}, [] { return std::make_unique<Clocked<Vcode_symbols>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
