// hw/rtl/code_kraft_sum.v against CHECK_CODE_STATIC_CODE (InputRouterT::check_code_static_code): (first, field mask,
// word) | (legal, kraft). The module takes the word into its first stage on a clock edge and its sum into the second
// on the next, a bubble (no field, no term) behind it; the recurrence's next values (legal, kraft after this word)
// are then its outputs, computed from that stage and the registers it carries.
#include "Vcode_kraft_sum.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

class CodeKraftSum : public Instance {
 public:
  Fields iterate(const Fields& in) override {
    model_.first = in[0] != 0;
    model_.mask = static_cast<uint8_t>(in[1]);
    model_.word = static_cast<uint32_t>(in[2]);
    edge();
    model_.first = 0;
    model_.mask = 0;
    model_.word = 0;
    edge();
    return {model_.legal, model_.kraft};
  }

 private:
  void edge() {
    model_.clk = 0;
    model_.eval();
    model_.clk = 1;
    model_.eval();
  }
  Vcode_kraft_sum model_;
};

const Registration registration{Kernel{"code_kraft_sum", 3, {1, 20}, [] { return std::make_unique<CodeKraftSum>(); }}};

}  // namespace
}  // namespace edqa_rtl
