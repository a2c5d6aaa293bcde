// hw/rtl/length_product.v against READ_COUNTS and CANONICAL_CODES: (count, length) | (product).
#include "Vlength_product.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vlength_product& k, const Fields& in) {
  k.count = static_cast<uint32_t>(in[0]);
  k.length = static_cast<uint32_t>(in[1]);
}

Fields get(const Vlength_product& k) { return {k.product}; }

const Registration registration{
    Kernel{"length_product", 2, {16}, [] { return std::make_unique<Combinational<Vlength_product>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
