// The RTL evidence, Verilator's half (hw/rtl/README.md): each kernel of hw/rtl/ replays the iterations the SystemC
// model recorded (hw/edqa_rtl_trace.h) while it ran the golden vectors, and every output of every iteration must
// equal the model's. One Verilated instance per stage instance of the model (each unit has its own registers).
//
//   rtl_checks TRACE_DIR   exit 0 when every kernel agrees, 1 on a mismatch, a kernel with no trace or a trace with
//                          no kernel, 2 on bad usage, 3 on a malformed trace
#include <dirent.h>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "kernels.h"

namespace edqa_rtl {
namespace {

struct Line {
  std::string stage;
  Fields inputs;
  Fields outputs;
};

struct MalformedTrace {
  std::string message;
};

std::vector<Line> read_trace(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw MalformedTrace{path + ": cannot open"};
  std::vector<Line> lines;
  std::string text;
  while (std::getline(in, text)) {
    std::istringstream fields(text);
    Line line;
    std::string token;
    fields >> line.stage;
    bool outputs = false;
    while (fields >> token) {
      if (token == "|") {
        outputs = true;
        continue;
      }
      char* end = nullptr;
      const uint64_t value = std::strtoull(token.c_str(), &end, 16);
      if (*end != '\0') throw MalformedTrace{path + ":" + std::to_string(lines.size() + 1) + ": '" + token + "'"};
      (outputs ? line.outputs : line.inputs).push_back(value);
    }
    if (!outputs) throw MalformedTrace{path + ":" + std::to_string(lines.size() + 1) + ": no '|'"};
    lines.push_back(line);
  }
  return lines;
}

uint64_t mask(uint64_t value, int width) { return width >= 64 ? value : value & ((uint64_t{1} << width) - 1); }

std::string join(const Fields& fields) {
  std::string text;
  char buffer[24];
  for (uint64_t value : fields) {
    std::snprintf(buffer, sizeof buffer, " %llx", static_cast<unsigned long long>(value));
    text += buffer;
  }
  return text;
}

// Replays one kernel's trace; returns the number of mismatching iterations (the first few are printed).
long replay(const Kernel& kernel, const std::vector<Line>& lines, const std::string& path) {
  std::map<std::string, std::unique_ptr<Instance>> instances;
  long mismatches = 0;
  for (size_t n = 0; n < lines.size(); ++n) {
    const Line& line = lines[n];
    if (line.inputs.size() != kernel.inputs || line.outputs.size() != kernel.output_widths.size())
      throw MalformedTrace{path + ":" + std::to_string(n + 1) + ": " + std::to_string(line.inputs.size()) +
                           " inputs and " + std::to_string(line.outputs.size()) + " outputs, the kernel has " +
                           std::to_string(kernel.inputs) + " and " + std::to_string(kernel.output_widths.size())};
    std::unique_ptr<Instance>& instance = instances[line.stage];
    if (!instance) instance = kernel.make();
    const Fields actual = instance->iterate(line.inputs);
    for (size_t f = 0; f < actual.size(); ++f) {
      const int width = kernel.output_widths[f];
      if (mask(actual[f], width) == mask(line.outputs[f], width)) continue;
      if (++mismatches <= 5)
        std::fprintf(stderr, "%s:%zu: %s output %zu: RTL %llx, model %llx (inputs%s)\n", path.c_str(), n + 1,
                     line.stage.c_str(), f, static_cast<unsigned long long>(mask(actual[f], width)),
                     static_cast<unsigned long long>(mask(line.outputs[f], width)), join(line.inputs).c_str());
      break;
    }
  }
  return mismatches;
}

std::set<std::string> trace_files(const std::string& folder) {
  std::set<std::string> names;
  DIR* dir = opendir(folder.c_str());
  if (dir == nullptr) return names;
  while (dirent* entry = readdir(dir)) {
    const std::string name = entry->d_name;
    const std::string suffix = ".trace";
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      names.insert(name.substr(0, name.size() - suffix.size()));
  }
  closedir(dir);
  return names;
}

}  // namespace
}  // namespace edqa_rtl

int main(int argc, char** argv) {
  using namespace edqa_rtl;
  if (argc != 2 || std::strcmp(argv[1], "--help") == 0) {
    std::fputs(
        "usage: rtl_checks TRACE_DIR\n  Replays the model's kernel traces (EDQA_RTL_TRACE_DIR) through the "
        "Verilated kernels of hw/rtl/.\n",
        argc == 2 ? stdout : stderr);
    return argc == 2 ? 0 : 2;
  }
  const std::string folder = argv[1];
  std::set<std::string> unchecked = trace_files(folder);
  int failures = 0;
  try {
    for (const Kernel& kernel : kernels()) {
      unchecked.erase(kernel.name);
      const std::string path = folder + "/" + kernel.name + ".trace";
      const std::vector<Line> lines = read_trace(path);
      if (lines.empty()) {
        std::fprintf(stderr, "rtl_checks: %s: the model recorded no iteration of %s\n", path.c_str(), kernel.name);
        ++failures;
        continue;
      }
      const long mismatches = replay(kernel, lines, path);
      std::set<std::string> stages;
      for (const Line& line : lines) stages.insert(line.stage);
      std::printf("rtl_checks: %-16s %8zu iterations in %zu stage instance(s): %s\n", kernel.name, lines.size(),
                  stages.size(), mismatches == 0 ? "bit-exact" : "MISMATCH");
      if (mismatches != 0) ++failures;
    }
  } catch (const MalformedTrace& error) {
    std::fprintf(stderr, "rtl_checks: %s\n", error.message.c_str());
    return 3;
  }
  for (const std::string& name : unchecked) {
    std::fprintf(stderr, "rtl_checks: the model traces %s, but no kernel of that name is built (hw/rtl/%s.v)\n",
                 name.c_str(), name.c_str());
    ++failures;
  }
  return failures == 0 ? 0 : 1;
}
