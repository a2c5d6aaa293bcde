// hw/rtl/sort_insert.v against SORT_INSERT: (first, the prologue's counts_[0], the counts and sorted RAMs' outputs:
// the reads of the step before) | (the read addresses, the write, s and used after the step).
#include "Vsort_insert.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vsort_insert& k, const Fields& in) {
  k.first = in[0];
  k.entry_count = in[1];
  k.count_data = in[2];
  k.sorted_count = in[3];
  k.sorted_symbol = in[4];
}

Fields get(const Vsort_insert& k) {
  return {k.count_read,  k.sorted_read,  k.write_enable, k.write_slot,
          k.write_count, k.write_symbol, k.next_symbol,  k.used_out};
}

const Registration registration{Kernel{
    "sort_insert", 5, {8, 8, 1, 8, 13, 8, 9, 9}, [] { return std::make_unique<Clocked<Vsort_insert>>(set, get); }}};

}  // namespace
}  // namespace edqa_rtl
