// hw/rtl/length_ends.v against LENGTH_ENDS (ASSIGN_LENGTHS' length ends): (counts 1..7) | (ends 1..7), 9 bits each.
#include "Vlength_ends.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vlength_ends& k, const Fields& in) { k.counts = in[0]; }

Fields get(const Vlength_ends& k) { return {k.ends}; }

const Registration registration{
    Kernel{"length_ends", 1, {63}, [] { return std::make_unique<Combinational<Vlength_ends>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
