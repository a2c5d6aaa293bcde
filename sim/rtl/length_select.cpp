// hw/rtl/length_select.v against PLACE_SYMBOLS's read of code_lengths_ (eight banks): (banks, bank) | (length).
#include "Vlength_select.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vlength_select& k, const Fields& in) {
  k.banks = static_cast<uint32_t>(in[0]);
  k.bank = static_cast<uint32_t>(in[1]);
}

Fields get(const Vlength_select& k) { return {k.length}; }

const Registration registration{
    Kernel{"length_select", 2, {4}, [] { return std::make_unique<Combinational<Vlength_select>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
