// The model's half of the RTL evidence (hw/rtl/README.md): a loop with a Verilog mirror of its iteration records,
// per iteration, the inputs it read and the outputs it computed; sim/rtl/rtl_checks.cpp replays them through the
// Verilated module and compares every output. Simulation only, and only when EDQA_RTL_TRACE_DIR names a folder:
// then each kernel's iterations go to <folder>/<kernel>.trace (the kernel is the Verilog module's name, one file
// hw/rtl/<kernel>.v), one line per iteration:
//   <stage instance> <input fields, hex> | <output fields, hex>
// The instance keeps the units' iterations apart (each unit has its own registers). Under synthesis the macro
// vanishes.
#ifndef EDQA_RTL_TRACE_H
#define EDQA_RTL_TRACE_H

#if !defined(__SYNTHESIS__)
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace edqa_hw {
namespace rtl_trace {

typedef std::vector<uint64_t> Fields;

// Every field as the unsigned bits of its C type (a negative int keeps its two's complement; the check masks each
// field to its port's width).
template <class... T>
Fields fields(const T&... values) {
  return Fields{static_cast<uint64_t>(values)...};
}
// Fields a loop built itself (a field per length of a code, as many as its array has).
inline Fields fields(const Fields& values) { return values; }

// Scalars around a per-length vector, in order: (first, the vector, last...). Built inside EDQA_RTL_TRACE's
// arguments, so only when tracing is on (no allocation in the simulation's loops otherwise).
template <class... Tail>
Fields around(uint64_t head, const Fields& middle, Tail... tail) {
  Fields all(1, head);
  all.insert(all.end(), middle.begin(), middle.end());
  const uint64_t rest[] = {0, static_cast<uint64_t>(tail)...};
  all.insert(all.end(), rest + 1, rest + 1 + sizeof...(tail));
  return all;
}

// A value, then element 1 .. K - 1 of a per-length array (its element 0 counts nothing).
template <int K, class T>
Fields after_first(uint64_t head, const T (&array)[K]) {
  Fields all(1, head);
  for (int i = 1; i < K; ++i) all.push_back(array[i].to_uint64());
  return all;
}

// Element 1 .. K - 1 of a per-length array.
template <int K, class T>
Fields from_one(const T (&array)[K]) {
  Fields all;
  for (int i = 1; i < K; ++i) all.push_back(array[i].to_uint64());
  return all;
}

class Sink {
 public:
  static Sink& instance() {
    static Sink sink;
    return sink;
  }

  bool enabled() const { return !folder_.empty(); }

  void record(const char* row, const char* stage, const Fields& inputs, const Fields& outputs) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::FILE*& file = files_[row];
    if (file == nullptr) {
      const std::string path = folder_ + "/" + row + ".trace";
      file = std::fopen(path.c_str(), "w");
      // A trace that cannot be written must not pass as an empty one: the check finds no file and fails.
      if (file == nullptr) {
        std::fprintf(stderr, "edqa rtl trace: cannot write %s\n", path.c_str());
        std::abort();
      }
    }
    std::fputs(stage, file);
    for (uint64_t value : inputs) std::fprintf(file, " %" PRIx64, value);
    std::fputs(" |", file);
    for (uint64_t value : outputs) std::fprintf(file, " %" PRIx64, value);
    std::fputc('\n', file);
  }

  ~Sink() {
    for (auto& entry : files_) std::fclose(entry.second);
  }

 private:
  Sink() {
    const char* folder = std::getenv("EDQA_RTL_TRACE_DIR");
    if (folder != nullptr) folder_ = folder;
  }

  std::string folder_;
  std::map<std::string, std::FILE*> files_;
  std::mutex mutex_;
};

}  // namespace rtl_trace
}  // namespace edqa_hw

// One iteration of `kernel` (a string: the Verilog module) in the stage module `stage` (an sc_module*); inputs and
// outputs are parenthesized lists of values: EDQA_RTL_TRACE("word_packer", this, (first, value, width), (full, word)).
#define EDQA_RTL_TRACE(kernel, stage, inputs, outputs)                                                                 \
  do {                                                                                                                 \
    ::edqa_hw::rtl_trace::Sink& sink = ::edqa_hw::rtl_trace::Sink::instance();                                         \
    if (sink.enabled())                                                                                                \
      sink.record(kernel, (stage)->name(), ::edqa_hw::rtl_trace::fields inputs, ::edqa_hw::rtl_trace::fields outputs); \
  } while (false)
// As EDQA_RTL_TRACE, for a second instance of a kernel in one stage module (its own registers): its lines go under
// the stage's name and `part`, e.g. "unit0.coder.payload".
#define EDQA_RTL_TRACE_AT(kernel, stage, part, inputs, outputs)                                                       \
  do {                                                                                                                \
    ::edqa_hw::rtl_trace::Sink& sink = ::edqa_hw::rtl_trace::Sink::instance();                                        \
    if (sink.enabled())                                                                                               \
      sink.record(kernel, (std::string((stage)->name()) + "." + (part)).c_str(), ::edqa_hw::rtl_trace::fields inputs, \
                  ::edqa_hw::rtl_trace::fields outputs);                                                              \
  } while (false)
#else
// Nothing for HLS to see (not even an empty loop).
#define EDQA_RTL_TRACE(kernel, stage, inputs, outputs) static_cast<void>(0)
#define EDQA_RTL_TRACE_AT(kernel, stage, part, inputs, outputs) static_cast<void>(0)
#endif

#endif  // EDQA_RTL_TRACE_H
