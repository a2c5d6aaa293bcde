// hw/rtl/canonical_codes.v against CANONICAL_CODES of HuffmanCoder::assign_canonical_codes:
// (first, starts, length, product) | (writes, code, payload_bits).
#include "Vcanonical_codes.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vcanonical_codes& k, const Fields& in) {
  k.first = in[0];
  k.starts = in[1];
  k.length = static_cast<uint32_t>(in[2]);
  k.product = static_cast<uint32_t>(in[3]);
}

Fields get(const Vcanonical_codes& k) { return {k.writes, k.code, k.payload_bits}; }

const Registration registration{
    Kernel{"canonical_codes", 4, {1, 8, 16}, [] { return std::make_unique<Clocked<Vcanonical_codes>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
