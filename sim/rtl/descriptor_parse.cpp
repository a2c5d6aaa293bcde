// hw/rtl/descriptor_parse.v against RecordDescriptor::parse and in_range (the router, once per record):
// (word 0, word 1, word 2, dequantizing) | (bits, extra_bits, important, coding, loads_static_code, unsigned_grid,
// code_coding, loads_code_static_code, length, scale, words, reserved, in_range), each compared in 32 bits (a field
// wider than its WordField in the model fails).
#include "Vdescriptor_parse.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vdescriptor_parse& k, const Fields& in) {
  k.word0 = static_cast<uint32_t>(in[0]);
  k.word1 = static_cast<uint32_t>(in[1]);
  k.word2 = static_cast<uint32_t>(in[2]);
  k.dequantizing = in[3] != 0;
}

Fields get(const Vdescriptor_parse& k) {
  return {k.bits,
          k.extra_bits,
          k.important,
          k.coding,
          k.loads_static_code,
          k.unsigned_grid,
          k.code_coding,
          k.loads_code_static_code,
          k.length,
          k.scale,
          k.words,
          k.reserved,
          k.in_range};
}

const Registration registration{Kernel{"descriptor_parse", 4, {32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32}, [] {
                                         return std::make_unique<Combinational<Vdescriptor_parse>>(set, get);
                                       }}};

}  // namespace
}  // namespace edqa_rtl
