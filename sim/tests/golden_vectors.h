// Reads tests/vectors/channels.txt, the golden vectors `edqa golden-vectors` derives from docs/spec.md.
#ifndef EDQA_TESTS_GOLDEN_VECTORS_H
#define EDQA_TESTS_GOLDEN_VECTORS_H

#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "edqa_numerics.h"
#include "edqa_sim.h"

namespace edqa_tests {

struct ChannelVector {
  std::string name;
  edqa_channel_config config{};
  std::vector<float> input;
  std::vector<uint32_t> record;
  std::vector<uint32_t> output;  // float32 bit patterns
};

inline std::vector<uint32_t> hex_words(std::istringstream& line) {
  std::vector<uint32_t> words;
  std::string token;
  while (line >> token) words.push_back(static_cast<uint32_t>(std::stoul(token, nullptr, 16)));
  return words;
}

inline std::vector<ChannelVector> read_golden_vectors(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open the golden vectors (run `edqa golden-vectors`)");
  std::vector<ChannelVector> vectors;
  ChannelVector current;
  std::string text;
  while (std::getline(in, text)) {
    if (text.empty() || text[0] == '#') continue;
    std::istringstream line(text);
    std::string key;
    line >> key;
    if (key == "case") {
      current = ChannelVector();
      line >> current.name;
    } else if (key == "config") {
      std::string inv, delta;
      line >> current.config.bits >> current.config.extra_bits >> current.config.important >> current.config.length >> inv >> delta;
      current.config.inv = edqa_hw::bits_to_float(static_cast<uint32_t>(std::stoul(inv, nullptr, 16)));
      current.config.delta = edqa_hw::bits_to_float(static_cast<uint32_t>(std::stoul(delta, nullptr, 16)));
    } else if (key == "input") {
      for (uint32_t word : hex_words(line)) current.input.push_back(edqa_hw::bits_to_float(word));
    } else if (key == "record") {
      current.record = hex_words(line);
    } else if (key == "output") {
      current.output = hex_words(line);
    } else if (key == "end") {
      vectors.push_back(current);
    } else {
      throw std::runtime_error(path + ": unexpected line '" + text + "'");
    }
  }
  return vectors;
}

}  // namespace edqa_tests

#endif  // EDQA_TESTS_GOLDEN_VECTORS_H
