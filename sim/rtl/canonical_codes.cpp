// hw/rtl/canonical_codes.v against CANONICAL_CODES of HuffmanCoder::assign_canonical_codes:
// (first, the eight starts, length, product) | (writes, code, payload_bits); and its instance
// hw/rtl/code_canonical_codes.v against CODE_CANONICAL_CODES: (first, the twelve starts, length) | (writes, code).
#include "Vcanonical_codes.h"
#include "Vcode_canonical_codes.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vcanonical_codes& k, const Fields& in) {
  k.first = in[0];
  set_fields(k.starts, in, 1, 8, 8);
  k.length = static_cast<uint32_t>(in[9]);
  k.product = static_cast<uint32_t>(in[10]);
}

Fields get(const Vcanonical_codes& k) { return {k.writes, k.code, k.payload_bits}; }

void set_codes(Vcode_canonical_codes& k, const Fields& in) {
  k.first = in[0];
  set_fields(k.starts, in, 1, 12, 12);
  k.length = static_cast<uint32_t>(in[13]);
}

Fields get_codes(const Vcode_canonical_codes& k) { return {k.writes, k.code}; }

const Registration canonical{
    Kernel{"canonical_codes", 11, {1, 8, 16}, [] { return std::make_unique<Clocked<Vcanonical_codes>>(set, get); }}};
const Registration code_canonical{Kernel{"code_canonical_codes", 14, {1, 12}, [] {
                                           return std::make_unique<Clocked<Vcode_canonical_codes>>(set_codes,
                                                                                                   get_codes);
                                         }}};

}  // namespace
}  // namespace edqa_rtl
