// hw/rtl/word_unpacker.v against WordUnpacker's needs_word/feed/take (DECODE_DIRECT, DECODE's code unpacking):
// (first, word, width) | (needs_word, value).
#include "Vword_unpacker.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vword_unpacker& k, const Fields& in) {
  k.first = in[0];
  k.word = static_cast<uint32_t>(in[1]);
  k.width = in[2];
}

Fields get(const Vword_unpacker& k) { return {k.needs_word, k.value}; }

const Registration registration{
    Kernel{"word_unpacker", 3, {1, 32}, [] { return std::make_unique<Clocked<Vword_unpacker>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
