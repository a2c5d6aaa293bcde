// hw/rtl/lane_count.v against ROUTE_VALUES' and MERGE_WORDS' values counter: (first, count) | (take, sent). The
// module carries sent; the model's is only compared, never fed in.
#include "Vlane_count.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vlane_count& k, const Fields& in) {
  k.first = in[0] != 0;
  k.count = static_cast<uint16_t>(in[1]);
}

Fields get(const Vlane_count& k) { return {k.take, k.sent}; }

const Registration registration{
    Kernel{"lane_count", 2, {2, 13}, [] { return std::make_unique<Clocked<Vlane_count>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
