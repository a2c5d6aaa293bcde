// Which channels are important (docs/spec.md §2.1): an explicit list, or the top k = floor(r * C + 0.5) of a rank
// file's ordering (§6).
#ifndef EDQA_HOST_IMPORTANCE_H
#define EDQA_HOST_IMPORTANCE_H

#include <cstdint>
#include <string>
#include <vector>

namespace edqa_host {

// Parses "0,3,7"; throws UsageError for anything that is not a list of distinct ids below `channels`.
std::vector<uint8_t> important_from_list(const std::string& list, uint32_t channels);

// Reads the rank file and takes the top k of `layer` (or of its only layer when `layer` is empty).
std::vector<uint8_t> important_from_rank(const std::string& rank_path, const std::string& layer, double ratio,
                                         uint32_t channels);

}  // namespace edqa_host

#endif  // EDQA_HOST_IMPORTANCE_H
