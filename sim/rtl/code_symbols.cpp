// hw/rtl/code_symbols.v against CODE_CODES: (first, L, N, code) | (take, emits, symbol, run, held, taken).
#include "Vcode_symbols.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vcode_symbols& k, const Fields& in) {
  k.first = in[0];
  k.count = static_cast<uint32_t>(in[1]);
  k.n = static_cast<uint32_t>(in[2]);
  k.code = static_cast<uint32_t>(in[3]);
}

Fields get(const Vcode_symbols& k) { return {k.take, k.emits, k.symbol, k.run, k.held, k.taken}; }

const Registration registration{
    Kernel{"code_symbols", 4, {1, 1, 9, 4, 1, 13}, [] { return std::make_unique<Clocked<Vcode_symbols>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
