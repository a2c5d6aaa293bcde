#include "importance.h"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "host_error.h"

namespace edqa_host {

std::vector<uint8_t> important_from_list(const std::string& list, uint32_t channels) {
  std::vector<uint8_t> mask(channels, 0);
  std::stringstream items(list);
  std::string item;
  while (std::getline(items, item, ',')) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item.empty() && list.find_first_not_of(" \t") == std::string::npos) break;
    if (item.empty() || item.find_first_not_of("0123456789") != std::string::npos || item.size() > 9) {
      throw UsageError("--important: '" + item + "' is not a channel number");
    }
    const uint32_t id = static_cast<uint32_t>(std::stoul(item));
    if (id >= channels) throw UsageError("channel " + std::to_string(id) + " is outside a layer of " + std::to_string(channels) + " channels");
    if (mask[id] != 0) throw UsageError("channel " + std::to_string(id) + " is listed twice");
    mask[id] = 1;
  }
  return mask;
}

std::vector<uint8_t> important_from_rank(const std::string& rank_path, const std::string& layer, double ratio,
                                         uint32_t channels) {
  if (!(ratio >= 0.0 && ratio <= 1.0)) throw UsageError("the important-channel ratio r must be in [0, 1]");
  std::ifstream in(rank_path);
  if (!in) throw InputError(rank_path + ": no such file");
  nlohmann::json rank;
  try {
    in >> rank;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(rank_path + ": rank file: not valid JSON: " + e.what());
  }
  if (!rank.is_object() || rank.value("format", "") != "edqa-rank/1" || !rank.contains("layers") || !rank["layers"].is_array() || rank["layers"].empty()) {
    throw InputError(rank_path + ": rank file: not an edqa-rank/1 file with layers");
  }
  const nlohmann::json* chosen = nullptr;
  if (layer.empty()) {
    if (rank["layers"].size() != 1) throw UsageError("the rank file has " + std::to_string(rank["layers"].size()) + " layers; name one with --layer");
    chosen = &rank["layers"][0];
  } else {
    for (const auto& entry : rank["layers"]) {
      if (entry.value("name", "") == layer) chosen = &entry;
    }
    if (chosen == nullptr) throw UsageError("the rank file has no layer '" + layer + "'");
  }
  const nlohmann::json& order = (*chosen)["order"];
  if (!order.is_array() || order.size() != channels) {
    throw InputError(rank_path + ": rank file: the layer orders " + std::to_string(order.is_array() ? order.size() : 0) + " channels where the input has " + std::to_string(channels));
  }
  std::vector<uint8_t> seen(channels, 0);
  for (const auto& id : order) {
    if (!id.is_number_unsigned() || id.get<uint64_t>() >= channels || seen[id.get<uint64_t>()] != 0) {
      throw InputError(rank_path + ": rank file: order is not a permutation of 0.." + std::to_string(channels - 1));
    }
    seen[id.get<uint64_t>()] = 1;
  }
  const auto k = static_cast<uint32_t>(std::floor(ratio * channels + 0.5));
  std::vector<uint8_t> mask(channels, 0);
  for (uint32_t i = 0; i < k; ++i) mask[order[i].get<uint64_t>()] = 1;
  return mask;
}

}  // namespace edqa_host
