// hw/rtl/code_symbols.v against CODE_CODES: (first, L, N, code) | (take, emits, symbol, run, held, taken); and
// hw/rtl/code_step.v, the step with its lookahead: (first, L, N, word fed) | (feeds, take, emits, symbol, run, held,
// taken).
#include "Vcode_step.h"
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

void set_step(Vcode_step& k, const Fields& in) {
  k.first = in[0];
  k.count = static_cast<uint32_t>(in[1]);
  k.n = static_cast<uint32_t>(in[2]);
  k.word = static_cast<uint32_t>(in[3]);
}

Fields get_step(const Vcode_step& k) { return {k.feeds, k.take, k.emits, k.symbol, k.run, k.held, k.taken}; }

const Registration registration{
    Kernel{"code_symbols", 4, {1, 1, 9, 4, 1, 13}, [] { return std::make_unique<Clocked<Vcode_symbols>>(set, get); }}};
const Registration step{Kernel{
    "code_step", 4, {1, 1, 1, 9, 4, 1, 13}, [] { return std::make_unique<Clocked<Vcode_step>>(set_step, get_step); }}};

}  // namespace
}  // namespace edqa_rtl
