// hw/rtl/sort_insert.v against SORT_INSERT: (first, counts_[s] when taking, the entry above the free slot) | (the
// read addresses, the write, s and used after the step).
#include "Vsort_insert.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vsort_insert& k, const Fields& in) {
  k.first = in[0];
  k.count_data = in[1];
  k.above_count = in[2];
  k.above_symbol = in[3];
}

Fields get(const Vsort_insert& k) {
  return {k.count_read,  k.sorted_read,  k.write_enable, k.write_slot,
          k.write_count, k.write_symbol, k.next_symbol,  k.used_out};
}

const Registration registration{Kernel{
    "sort_insert", 4, {8, 8, 1, 8, 13, 8, 9, 9}, [] { return std::make_unique<Clocked<Vsort_insert>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
