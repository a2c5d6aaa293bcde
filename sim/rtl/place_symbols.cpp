// hw/rtl/place_symbols.v against PLACE_SYMBOLS of HuffmanDecoder::place_symbols (8 lengths, 8-bit slots), and its
// instance hw/rtl/place_code_symbols.v against PLACE_CODE_SYMBOLS of load_code_static_code (12 lengths, 9 bits):
// (first, each length's first slot, length) | (writes, slot, symbol).
#include "Vplace_code_symbols.h"
#include "Vplace_symbols.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set_place(Vplace_symbols& k, const Fields& in) {
  k.first = in[0];
  set_fields(k.starts, in, 1, 8, 8);
  k.length = static_cast<uint32_t>(in[9]);
}

void set_code_place(Vplace_code_symbols& k, const Fields& in) {
  k.first = in[0];
  set_fields(k.starts, in, 1, 12, 9);
  k.length = static_cast<uint32_t>(in[13]);
}

template <class Model>
Fields get(const Model& k) {
  return {k.writes, k.slot, k.symbol};
}

const Registration place{Kernel{"place_symbols", 10, {1, 8, 8}, [] {
                                  return std::make_unique<Clocked<Vplace_symbols>>(set_place, get<Vplace_symbols>);
                                }}};
const Registration code_place{Kernel{"place_code_symbols", 14, {1, 9, 9}, [] {
                                       return std::make_unique<Clocked<Vplace_code_symbols>>(set_code_place,
                                                                                             get<Vplace_code_symbols>);
                                     }}};

}  // namespace
}  // namespace edqa_rtl
