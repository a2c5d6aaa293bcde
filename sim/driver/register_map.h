// The accelerators' register map as the host addresses it, derived from the one table in hw/edqa_registers.h.
// Offsets are logical: an accelerator's ctrl bundle starts at its base, its counters bundle 0x10000 above it, and
// each register is 4 bytes after the previous one of its bundle. The SystemC model decodes exactly these; on the
// board, BoardAccess translates each register to the offset Vivado HLS gave it (the board map).
#ifndef EDQA_REGISTER_MAP_H
#define EDQA_REGISTER_MAP_H

#include <cstdint>

#include "edqa_registers.h"

namespace edqa_harness {

// One row of a register table.
struct RegisterInfo {
  const char* name;
  const char* port;
  bool host_writes;
  bool counters;  // in the counters bundle (else ctrl)
  int width;
  const char* description;
};

#define EDQA_REGISTER_ROW(NAME, port, dir, bundle, width, description) \
  {#NAME, #port, #dir[0] == 'W', sizeof(#bundle) == sizeof("counters"), width, description},
constexpr RegisterInfo kEdqaRegisters[] = {EDQA_ACCELERATOR_REGISTERS(EDQA_REGISTER_ROW)};
constexpr RegisterInfo kNoisyQuantRegisters[] = {EDQA_NOISYQUANT_REGISTERS(EDQA_REGISTER_ROW)};
#undef EDQA_REGISTER_ROW

constexpr uint32_t kCounterBundleOffset = 0x10000;
constexpr uint32_t kNoisyQuantBase = 0x20000;

// The logical offset of row `index` of a table: its bundle's base plus 4 bytes per earlier row of that bundle.
template <int kRows>
constexpr uint32_t offset_of(const RegisterInfo (&table)[kRows], int index, uint32_t base) {
  uint32_t before = 0;
  for (int i = 0; i < index; ++i) before += table[i].counters == table[index].counters ? 1u : 0u;
  return base + (table[index].counters ? kCounterBundleOffset : 0u) + 4u * before;
}

// An accelerator's cycle counters are the rows of its counters bundle, in table order, 4 bytes apart from the
// bundle's base; the C ABI's edqa_cycle_counts, the result stream and the host enumerate them, so a stage's new
// counter is one row of hw/edqa_registers.h and no format names it.
template <int kRows>
constexpr uint32_t counter_count(const RegisterInfo (&table)[kRows]) {
  uint32_t count = 0;
  for (int i = 0; i < kRows; ++i) count += table[i].counters ? 1u : 0u;
  return count;
}
constexpr uint32_t counter_offset(uint32_t base, uint32_t counter) {
  return base + kCounterBundleOffset + 4u * counter;
}
constexpr uint32_t kEdqaCounters = counter_count(kEdqaRegisters);
constexpr uint32_t kNoisyQuantCounters = counter_count(kNoisyQuantRegisters);

namespace reg {
#define EDQA_REGISTER_INDEX(NAME, port, dir, bundle, width, description) k##NAME##Index,
enum EdqaIndex { EDQA_ACCELERATOR_REGISTERS(EDQA_REGISTER_INDEX) kEdqaCount };
namespace noisy {
enum NoisyQuantIndex { EDQA_NOISYQUANT_REGISTERS(EDQA_REGISTER_INDEX) kNoisyQuantCount };
}  // namespace noisy
#undef EDQA_REGISTER_INDEX

// eDQA: reg::kStart, reg::kBits, ... ; NoisyQuant: reg::kNoisyStart, ...
#define EDQA_REGISTER_OFFSET(NAME, port, dir, bundle, width, description) \
  constexpr uint32_t k##NAME = offset_of(kEdqaRegisters, k##NAME##Index, 0);
EDQA_ACCELERATOR_REGISTERS(EDQA_REGISTER_OFFSET)
#undef EDQA_REGISTER_OFFSET
#define EDQA_REGISTER_OFFSET(NAME, port, dir, bundle, width, description) \
  constexpr uint32_t kNoisy##NAME = offset_of(kNoisyQuantRegisters, noisy::k##NAME##Index, kNoisyQuantBase);
EDQA_NOISYQUANT_REGISTERS(EDQA_REGISTER_OFFSET)
#undef EDQA_REGISTER_OFFSET
}  // namespace reg

// Every reader takes counter 0 as the total (a record's trailer cycles add up to it, docs/spec.md §7).
static_assert(reg::kCYCLES_TOTAL == counter_offset(0, 0) &&
                  reg::kNoisyCYCLES_TOTAL == counter_offset(kNoisyQuantBase, 0),
              "each accelerator's first counter is CYCLES_TOTAL");

}  // namespace edqa_harness

#endif  // EDQA_REGISTER_MAP_H
