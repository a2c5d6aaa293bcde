// hw/rtl/histogram.v against the collector's banks (CLEAR_HISTOGRAM, COLLECT, MERGE_BANKS and their drains):
// (op, bank, address) | (what the op two lines before wrote or sent).
#include "Vhistogram.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vhistogram& k, const Fields& in) {
  k.op = in[0];
  k.bank = in[1];
  k.address = in[2];
}

Fields get(const Vhistogram& k) { return {k.result}; }

const Registration registration{
    Kernel{"histogram", 3, {13}, [] { return std::make_unique<Clocked<Vhistogram>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
