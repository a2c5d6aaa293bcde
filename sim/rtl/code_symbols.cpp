// hw/rtl/code_symbols.v against CODE_CODES: (first, last, code) | (emits_run, zeros, emits_code, run); and
// hw/rtl/code_step.v, the step with its lookahead: (first, L, N, word fed) | (feeds, emits_run, zeros, emits_code,
// run).
#include "Vcode_step.h"
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

void set_step(Vcode_step& k, const Fields& in) {
  k.first = in[0];
  k.count = static_cast<uint32_t>(in[1]);
  k.n = static_cast<uint32_t>(in[2]);
  k.word = static_cast<uint32_t>(in[3]);
}

Fields get_step(const Vcode_step& k) { return {k.feeds, k.emits_run, k.zeros, k.emits_code, k.run}; }

const Registration registration{
    Kernel{"code_symbols", 3, {1, 5, 1, 4}, [] { return std::make_unique<Clocked<Vcode_symbols>>(set, get); }}};
const Registration step{
    Kernel{"code_step", 4, {1, 1, 5, 1, 4}, [] { return std::make_unique<Clocked<Vcode_step>>(set_step, get_step); }}};

}  // namespace
}  // namespace edqa_rtl
