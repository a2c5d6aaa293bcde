// edqa-sim: the standalone runner. The same options as `edqa quantize` / `edqa dequantize`, on the same .npy and
// .edqa files, but every channel goes through the cycle-level SystemC accelerator; prints the cycle counts and
// writes a VCD waveform on request. The C# `sim-process` target drives this program.
//
//   edqa-sim quantize   --input X.npy --bits N --extra-bits M (--ratio R --rank RANK.json [--layer NAME] |
//                       --important 0,3,7) [--scale layer|channel] [--channel-axis A] --output Y.edqa
//                       [--cycles CYCLES.csv] [--vcd WAVES.vcd]
//   edqa-sim dequantize --input Y.edqa --output XHAT.npy [--cycles CYCLES.csv] [--vcd WAVES.vcd]
//
// Exit codes: 0 success, 2 usage, 3 bad input, 4 accelerator failure (no device, timeout, internal error).
//
// Built twice from this one source: against the SystemC model (edqa-sim) and against the PYNQ-Z1 board
// (edqa-board-runner, -DEDQA_BOARD, cross-compiled by `make board-runner`). It verifies nothing itself: it writes
// the records and, with --cycles, per record the hardware cycle counters and the wall-clock time of the call.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "edqa_sim.h"
#include "host_error.h"
#include "importance.h"
#include "layer.h"
#include "npy.h"

namespace {

using edqa_host::InputError;
using edqa_host::UsageError;

struct SimulationError : std::runtime_error {
  explicit SimulationError(const std::string& message) : std::runtime_error(message) {}
};

class Options {
 public:
  Options(int argc, char** argv, int first, const std::vector<std::string>& known) {
    for (int i = first; i < argc; ++i) {
      const std::string name = argv[i];
      bool found = false;
      for (const auto& k : known) found = found || k == name;
      if (!found) throw UsageError("unknown option '" + name + "'");
      if (i + 1 >= argc) throw UsageError("option " + name + " needs a value");
      values_[name] = argv[++i];
    }
  }
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  std::string get(const std::string& name, const std::string& fallback = "") const {
    const auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
  }
  std::string required(const std::string& name) const {
    if (!has(name)) throw UsageError("option " + name + " is required");
    return get(name);
  }
  uint32_t number(const std::string& name, uint32_t fallback) const {
    if (!has(name)) return fallback;
    const std::string text = get(name);
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) {
      throw UsageError(name + ": '" + text + "' is not a number");
    }
    return static_cast<uint32_t>(std::stoul(text));
  }

 private:
  std::map<std::string, std::string> values_;
};

class Simulator {
 public:
  explicit Simulator(const std::string& vcd_path) {
    edqa_sim_options options{sizeof(edqa_sim_options), 0, vcd_path.empty() ? nullptr : vcd_path.c_str(), 0};
    check(edqa_sim_create(&options, &handle_));
  }
  ~Simulator() { edqa_sim_destroy(handle_); }
  edqa_sim* handle() const { return handle_; }

  static void check(edqa_status status) {
    if (status == EDQA_OK) return;
    const std::string message = edqa_sim_last_error();
    if (status == EDQA_ERROR_INVALID_RECORD) throw InputError(message);
    if (status == EDQA_ERROR_INVALID_ARGUMENT) throw UsageError(message);
    throw SimulationError(message);
  }

 private:
  edqa_sim* handle_ = nullptr;
};

struct CycleLog {
  std::vector<std::string> rows;
  uint64_t total = 0;
  uint64_t important_records = 0;
  uint64_t important_cycles = 0;

  void add(uint64_t record, const edqa_host::Layout& layout, bool important, const edqa_cycle_counts& cycles, double wall_us, bool quantize) {
    total += cycles.total;
    if (important) {
      ++important_records;
      important_cycles += cycles.total;
    }
    rows.push_back(std::to_string(record) + "," + std::to_string(record / layout.channels) + "," +
                   std::to_string(record % layout.channels) + "," + (important ? "1" : "0") + "," +
                   std::to_string(cycles.total) + "," +
                   std::to_string(quantize ? cycles.quantizer : cycles.decoder) + "," +
                   std::to_string(quantize ? cycles.encoder : cycles.dequantizer) + "," + std::to_string(wall_us));
  }

  void report(const std::string& what, uint64_t records, uint32_t length, const std::string& csv_path, bool quantize) const {
    const double us = static_cast<double>(total) / edqa_sim_clock_mhz();
    std::printf("%s: %llu records of %u elements, %llu cycles (%.1f us at %u MHz)", what.c_str(),
                static_cast<unsigned long long>(records), length, static_cast<unsigned long long>(total), us, edqa_sim_clock_mhz());
    if (important_records > 0) {
      std::printf("; %.1f cycles per important record", static_cast<double>(important_cycles) / important_records);
    }
    std::printf("\n");
    if (csv_path.empty()) return;
    std::ofstream out(csv_path);
    out << "record,sample,channel,important,total," << (quantize ? "quantizer,encoder" : "decoder,dequantizer") << ",wall_us\n";
    for (const auto& row : rows) out << row << "\n";
    if (!out) throw InputError(csv_path + ": cannot write");
  }
};

int quantize(int argc, char** argv) {
  const Options options(argc, argv, 2, {"--input", "-i", "--bits", "-n", "--extra-bits", "-m", "--ratio", "-r", "--rank", "--layer", "--important", "--scale", "--channel-axis", "--output", "-o", "--cycles", "--vcd"});
  const auto pick = [&](const std::string& a, const std::string& b) { return options.has(a) ? a : b; };
  const std::string input = options.required(pick("--input", "-i"));
  const std::string output = options.required(pick("--output", "-o"));
  edqa_channel_config config{};
  config.bits = options.number(pick("--bits", "-n"), 0);
  config.extra_bits = options.number(pick("--extra-bits", "-m"), 0);
  if (!options.has("--bits") && !options.has("-n")) throw UsageError("option --bits is required");
  if (!options.has("--extra-bits") && !options.has("-m")) throw UsageError("option --extra-bits is required");
  if (config.bits < 2 || config.bits > 8) throw UsageError("N (target bits) must be in [2, 8]");
  if (config.extra_bits < 1 || config.extra_bits > config.bits) throw UsageError("m (extra bits) must be in [1, N]");
  const std::string scale = options.get("--scale", "layer");
  if (scale != "layer" && scale != "channel") throw UsageError("--scale must be layer or channel");

  const edqa_host::NpyArray array = edqa_host::read_npy(input);
  const int axis = options.has("--channel-axis") ? static_cast<int>(options.number("--channel-axis", 0)) : edqa_host::default_channel_axis(array.shape.size());
  edqa_host::QuantizedLayer layer;
  layer.bits = config.bits;
  layer.extra_bits = config.extra_bits;
  layer.granularity = scale == "layer" ? edqa_host::Granularity::kLayer : edqa_host::Granularity::kChannel;
  layer.layout = edqa_host::make_layout(array.shape, axis, input);
  const edqa_host::Layout& layout = layer.layout;
  if (options.has("--important")) {
    if (options.has("--ratio") || options.has("-r") || options.has("--rank")) throw UsageError("--important lists the channels itself; it cannot be combined with --ratio or --rank");
    layer.important = edqa_host::important_from_list(options.get("--important"), layout.channels);
  } else {
    if ((!options.has("--ratio") && !options.has("-r")) || !options.has("--rank")) throw UsageError("choose the important channels: --ratio R with --rank RANK.json, or --important 0,3,7");
    const std::string ratio_text = options.get(pick("--ratio", "-r"));
    char* end = nullptr;
    const double ratio = std::strtod(ratio_text.c_str(), &end);
    if (end == ratio_text.c_str() || *end != '\0') throw UsageError("--ratio: '" + ratio_text + "' is not a number");
    layer.important = edqa_host::important_from_rank(options.get("--rank"), options.get("--layer"), ratio, layout.channels);
  }
  if (layout.length > edqa_sim_max_length()) {
    throw UsageError(input + ": channels of " + std::to_string(layout.length) + " elements exceed the accelerator's " + std::to_string(edqa_sim_max_length()));
  }
  layer.scales = edqa_host::group_maxima(array.data, layout, layer.granularity, input);

  Simulator simulator(options.get("--vcd"));
  CycleLog log;
  std::vector<uint32_t> record;
  for (uint64_t r = 0; r < layout.records(); ++r) {
    const uint32_t channel = static_cast<uint32_t>(r % layout.channels);
    const edqa_host::GroupScale group = edqa_host::group_scale(layer.scales[layer.granularity == edqa_host::Granularity::kLayer ? 0 : channel], config.bits);
    config.important = layer.important[channel];
    config.length = layout.length;
    config.inv = group.inv;
    config.delta = group.delta;
    uint32_t capacity = 0;
    Simulator::check(edqa_sim_record_capacity(&config, &capacity));
    record.assign(capacity + 1, 0);
    uint32_t words = 0;
    edqa_cycle_counts cycles{};
    const auto started = std::chrono::steady_clock::now();
    Simulator::check(edqa_sim_quantize(simulator.handle(), &config, array.data.data() + r * layout.length, layout.length, record.data(), capacity + 1, &words, &cycles));
    const double wall_us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - started).count();
    layer.records.emplace_back(record.begin(), record.begin() + words);
    log.add(r, layout, config.important != 0, cycles, wall_us, true);
  }
  edqa_host::write_edqa(output, layer);
  log.report("quantized " + input + " -> " + output, layout.records(), layout.length, options.get("--cycles"), true);
  return 0;
}

int dequantize(int argc, char** argv) {
  const Options options(argc, argv, 2, {"--input", "-i", "--output", "-o", "--cycles", "--vcd"});
  const std::string input = options.required(options.has("--input") ? "--input" : "-i");
  const std::string output = options.required(options.has("--output") ? "--output" : "-o");
  const edqa_host::QuantizedLayer layer = edqa_host::read_edqa(input);
  const edqa_host::Layout& layout = layer.layout;
  if (layout.length > edqa_sim_max_length()) {
    throw UsageError(input + ": channels of " + std::to_string(layout.length) + " elements exceed the accelerator's " + std::to_string(edqa_sim_max_length()));
  }
  Simulator simulator(options.get("--vcd"));
  CycleLog log;
  edqa_host::NpyArray array;
  for (uint32_t dim : layout.shape) array.shape.push_back(dim);
  array.data.assign(layout.elements(), 0.0f);
  for (uint64_t r = 0; r < layout.records(); ++r) {
    const uint32_t channel = static_cast<uint32_t>(r % layout.channels);
    const edqa_host::GroupScale group = edqa_host::group_scale(layer.scales[layer.granularity == edqa_host::Granularity::kLayer ? 0 : channel], layer.bits);
    const edqa_channel_config config{layer.bits, layer.extra_bits, layer.important[channel], layout.length, group.inv, group.delta};
    edqa_cycle_counts cycles{};
    const auto started = std::chrono::steady_clock::now();
    const edqa_status status = edqa_sim_dequantize(simulator.handle(), &config, layer.records[r].data(), static_cast<uint32_t>(layer.records[r].size()), array.data.data() + r * layout.length, layout.length, &cycles);
    if (status == EDQA_ERROR_INVALID_RECORD) {
      throw InputError(input + ": record " + std::to_string(r) + " (sample " + std::to_string(r / layout.channels) + ", channel " + std::to_string(channel) + "): " + edqa_sim_last_error());
    }
    Simulator::check(status);
    const double wall_us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - started).count();
    log.add(r, layout, config.important != 0, cycles, wall_us, false);
  }
  edqa_host::write_npy(output, array);
  log.report("dequantized " + input + " -> " + output, layout.records(), layout.length, options.get("--cycles"), false);
  return 0;
}

void usage() {
  std::fprintf(stderr,
               "usage: edqa-sim quantize --input X.npy --bits N --extra-bits M (--ratio R --rank RANK.json [--layer NAME] | --important 0,3,7)\n"
               "                         [--scale layer|channel] [--channel-axis A] --output Y.edqa [--cycles FILE.csv] [--vcd FILE.vcd]\n"
               "       edqa-sim dequantize --input Y.edqa --output XHAT.npy [--cycles FILE.csv] [--vcd FILE.vcd]\n");
}

int run(int argc, char** argv) {
  try {
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
      usage();
      return argc < 2 ? 2 : 0;
    }
    const std::string command = argv[1];
    if (command == "quantize") return quantize(argc, argv);
    if (command == "dequantize") return dequantize(argc, argv);
    throw UsageError("unknown command '" + command + "'");
  } catch (const UsageError& e) {
    std::fprintf(stderr, "edqa-sim: %s\n", e.what());
    std::fprintf(stderr, "Run 'edqa-sim --help' for usage.\n");
    return 2;
  } catch (const InputError& e) {
    std::fprintf(stderr, "edqa-sim: %s\n", e.what());
    return 3;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "edqa-sim: %s\n", e.what());
    return 4;
  }
}

}  // namespace

#if defined(EDQA_BOARD)
int main(int argc, char** argv) { return run(argc, argv); }
#else
// libsystemc provides main() and calls this (declared extern "C" in its sc_externs.h).
extern "C" int sc_main(int argc, char** argv) { return run(argc, argv); }
#endif
