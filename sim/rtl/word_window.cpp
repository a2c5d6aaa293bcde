// hw/rtl/word_window.v against the router's input window (InputRouterT::window_step): (reset, needed, takes, words,
// first beat word, second, TLAST) | (reads, first word taken, second, count, ended, short). The beat fields are what
// the model read (0 when it read none); the module decides from its own count and flag whether it reads.
#include "Vword_window.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vword_window& k, const Fields& in) {
  k.reset = in[0] != 0;
  k.needed = in[1];
  k.takes = in[2];
  k.words = in[3];
  k.in0 = static_cast<uint32_t>(in[4]);
  k.in1 = static_cast<uint32_t>(in[5]);
  k.last = in[6] != 0;
}

Fields get(const Vword_window& k) { return {k.reads, k.first_word, k.second_word, k.count, k.ended, k.short_input}; }

const Registration registration{
    Kernel{"word_window", 7, {1, 32, 32, 2, 1, 1}, [] { return std::make_unique<Clocked<Vword_window>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
