// hw/rtl/unpack_lengths.v against unpack_lengths of READ_STATIC_CODE and READ_CODEBOOK (8 lengths, 13-bit
// counters), and its instance hw/rtl/code_unpack_lengths.v against READ_CODE_STATIC_CODE (12 lengths, 9 bits):
// (first, word, valid) | (lengths, the counter of each length).
#include "Vcode_unpack_lengths.h"
#include "Vunpack_lengths.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

template <class Model>
void set(Model& k, const Fields& in) {
  k.first = in[0];
  k.word = static_cast<uint32_t>(in[1]);
  k.valid = static_cast<uint32_t>(in[2]);
}

template <class Model, int kLengths, int kCountWidth>
Fields get(const Model& k) {
  Fields out{k.lengths};
  get_fields(k.counts, out, kLengths, kCountWidth);
  return out;
}

const Registration unpack{Kernel{"unpack_lengths", 3, widths({32}, 8, 13), [] {
                                   return std::make_unique<Clocked<Vunpack_lengths>>(set<Vunpack_lengths>,
                                                                                     get<Vunpack_lengths, 8, 13>);
                                 }}};
const Registration code_unpack{Kernel{"code_unpack_lengths", 3, widths({32}, 12, 9), [] {
                                        return std::make_unique<Clocked<Vcode_unpack_lengths>>(
                                            set<Vcode_unpack_lengths>, get<Vcode_unpack_lengths, 12, 9>);
                                      }}};

}  // namespace
}  // namespace edqa_rtl
