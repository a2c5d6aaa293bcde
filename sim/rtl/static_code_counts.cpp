// hw/rtl/static_code_counts.v against LOAD_STATIC_CODE (8 lengths, 13-bit counters), and its instance
// hw/rtl/code_static_code_counts.v against LOAD_CODE_STATIC_CODE (12 lengths, 9 bits):
// (first, word, s mod 8) | (length, the counter of each length).
#include "Vcode_static_code_counts.h"
#include "Vstatic_code_counts.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

template <class Model>
void set(Model& k, const Fields& in) {
  k.first = in[0];
  k.word = static_cast<uint32_t>(in[1]);
  k.field = static_cast<uint32_t>(in[2]);
}

template <class Model, int kLengths, int kCountWidth>
Fields get(const Model& k) {
  Fields out{k.length};
  get_fields(k.counts, out, kLengths, kCountWidth);
  return out;
}

const Registration counts{Kernel{"static_code_counts", 3, widths({4}, 8, 13), [] {
                                   return std::make_unique<Clocked<Vstatic_code_counts>>(
                                       set<Vstatic_code_counts>, get<Vstatic_code_counts, 8, 13>);
                                 }}};
const Registration code_counts{Kernel{"code_static_code_counts", 3, widths({4}, 12, 9), [] {
                                        return std::make_unique<Clocked<Vcode_static_code_counts>>(
                                            set<Vcode_static_code_counts>, get<Vcode_static_code_counts, 12, 9>);
                                      }}};

}  // namespace
}  // namespace edqa_rtl
