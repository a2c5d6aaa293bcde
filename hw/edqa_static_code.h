// A static code's lengths as its words arrive (docs/spec.md §3.7, §3.8): one 4-bit field a cycle, counted per
// length. The coder's LOAD_STATIC_CODE (the layer's code, nine counters) and the Quantizer's LOAD_CODE_STATIC_CODE
// (the codes' code, thirteen) take this step.
#ifndef EDQA_STATIC_CODE_H
#define EDQA_STATIC_CODE_H

#include <systemc.h>

#include "edqa_hw_config.h"
#include "edqa_rtl_trace.h"

namespace edqa_hw {

// The s-th length of a static code from its word (symbol 0 in the top nibble), 0 above the code's longest, counted
// (hw/rtl/static_code_counts.v, code_static_code_counts.v).
template <int kCounters, class Count>
uint32_t count_length(const sc_core::sc_module* stage, int s, uint32_t word, Count (&counts)[kCounters]) {
  HLS_PRAGMA(INLINE)
  uint32_t field = (word >> (28 - 4 * (s & 7))) & 0xFu;
  if (field >= static_cast<uint32_t>(kCounters)) field = 0;
  if (field != 0) counts[field] = counts[field] + 1;
  EDQA_RTL_TRACE(kCounters == kMaxCodeLength + 1 ? "static_code_counts" : "code_static_code_counts", stage,
                 (s == 0, word, s & 7), (rtl_trace::after_first(field, counts)));
  (void)stage;
  return field;
}

}  // namespace edqa_hw

#endif  // EDQA_STATIC_CODE_H
