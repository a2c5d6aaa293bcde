// hw/rtl/word_packer.v against WordPacker::append (QUANTIZE, SEND_PAYLOAD): (first, value, width) | (full, word).
#include "Vword_packer.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vword_packer& k, const Fields& in) {
  k.first = in[0];
  k.value = static_cast<uint32_t>(in[1]);
  k.width = in[2];
}

Fields get(const Vword_packer& k) { return {k.full, k.word}; }

const Registration registration{
    Kernel{"word_packer", 3, {1, 32}, [] { return std::make_unique<Clocked<Vword_packer>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
