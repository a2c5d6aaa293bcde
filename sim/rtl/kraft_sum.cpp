// hw/rtl/kraft_sum.v against CHECK_STATIC_CODE (InputRouterT::load_static_code), and its instance
// hw/rtl/code_kraft_sum.v against CHECK_CODE_STATIC_CODE (check_code_static_code): (first, field mask, word) |
// (legal, kraft). The word enters the first stage on a clock edge (code_kraft_sum: its sum the second on the next,
// a bubble behind it); the recurrence's next values (legal, kraft after this word) are then the outputs.
#include "Vcode_kraft_sum.h"
#include "Vkraft_sum.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

template <class Model>
void set(Model& k, const Fields& in) {
  k.first = in[0] != 0;
  k.mask = static_cast<uint8_t>(in[1]);
  k.word = static_cast<uint32_t>(in[2]);
}

template <class Model>
Fields get(const Model& k) {
  return {k.legal, k.kraft};
}

const Registration check{Kernel{
    "kraft_sum", 3, {1, 16}, [] { return std::make_unique<Staged<Vkraft_sum>>(set<Vkraft_sum>, get<Vkraft_sum>, 0); }}};
const Registration code_check{Kernel{"code_kraft_sum", 3, {1, 20}, [] {
                                       return std::make_unique<Staged<Vcode_kraft_sum>>(set<Vcode_kraft_sum>,
                                                                                        get<Vcode_kraft_sum>, 1);
                                     }}};

}  // namespace
}  // namespace edqa_rtl
