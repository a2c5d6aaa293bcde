// hw/rtl/place_code_symbols.v against PLACE_CODE_SYMBOLS of HuffmanDecoder::load_code_static_code:
// (first, starts_low, starts_high, length) | (writes, slot, symbol).
#include "Vplace_code_symbols.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vplace_code_symbols& k, const Fields& in) {
  k.first = in[0];
  k.starts_low = in[1];
  k.starts_high = in[2];
  k.length = static_cast<uint32_t>(in[3]);
}

Fields get(const Vplace_code_symbols& k) { return {k.writes, k.slot, k.symbol}; }

const Registration registration{Kernel{
    "place_code_symbols", 4, {1, 9, 9}, [] { return std::make_unique<Clocked<Vplace_code_symbols>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
