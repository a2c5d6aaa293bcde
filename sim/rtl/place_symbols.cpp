// hw/rtl/place_symbols.v against PLACE_SYMBOLS of HuffmanDecoder::place_symbols:
// (first, starts, length) | (writes, slot, symbol).
#include "Vplace_symbols.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vplace_symbols& k, const Fields& in) {
  k.first = in[0];
  k.starts = in[1];
  k.length = static_cast<uint32_t>(in[2]);
}

Fields get(const Vplace_symbols& k) { return {k.writes, k.slot, k.symbol}; }

const Registration registration{
    Kernel{"place_symbols", 3, {1, 8, 8}, [] { return std::make_unique<Clocked<Vplace_symbols>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
