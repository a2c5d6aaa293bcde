// Prints the schedule table of hw/edqa_schedule.h as markdown, for docs/performance.md (the schedule test checks
// that the doc has every row).
#include <cstdio>

#include "edqa_schedule.h"

int main() {
  std::printf("| loop | II | depth | trip count | reason |\n|---|---:|---:|---|---|\n");
  for (const edqa_hw::schedule::Loop& loop : edqa_hw::schedule::kLoops) {
    std::printf("| `%s` | %d | %d | %s | %s |\n", loop.label, loop.ii, loop.depth, loop.trip, loop.reason);
  }
  return 0;
}
