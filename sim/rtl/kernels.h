// The Verilated kernels of hw/rtl/ as rtl_checks drives them: each kernel file (sim/rtl/<kernel>.cpp) maps a trace
// line's fields onto its module's ports and reads its outputs back, in the order hw/edqa_rtl_trace.h recorded them.
#ifndef EDQA_RTL_KERNELS_H
#define EDQA_RTL_KERNELS_H

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace edqa_rtl {

typedef std::vector<uint64_t> Fields;

// One Verilated instance: an iteration sets the inputs, reads the outputs the logic computes from them and the
// registers, then clocks the registers.
class Instance {
 public:
  virtual ~Instance() = default;
  virtual Fields iterate(const Fields& inputs) = 0;
};

struct Kernel {
  const char* name;                // hw/rtl/<name>.v, module <name>, trace <name>.trace
  size_t inputs;                   // fields before the trace line's '|'
  std::vector<int> output_widths;  // each output compared in its port's width
  std::function<std::unique_ptr<Instance>()> make;
};

// Every kernel built into rtl_checks, by name.
std::vector<Kernel> kernels();

// A kernel file registers itself: static const Registration registration{Kernel{...}};
struct Registration {
  explicit Registration(const Kernel& kernel);
};

// One clock cycle of a module with a clk port: the falling edge, then the rising edge its registers take.
template <class Model>
void clock_edge(Model& model) {
  model.clk = 0;
  model.eval();
  model.clk = 1;
  model.eval();
}

// A module with a clk port: an iteration of `cycles` clocks (its II, when the module is written cycle by cycle); the
// outputs are read before the rising edge that ends it.
template <class Model>
class Clocked : public Instance {
 public:
  typedef void (*Set)(Model&, const Fields&);
  typedef Fields (*Get)(const Model&);
  Clocked(Set set, Get get, int cycles = 1) : set_(set), get_(get), cycles_(cycles) {}

  Fields iterate(const Fields& inputs) override {
    set_(model_, inputs);
    for (int c = 1; c < cycles_; ++c) clock_edge(model_);
    model_.clk = 0;
    model_.eval();
    Fields outputs = get_(model_);
    model_.clk = 1;
    model_.eval();
    return outputs;
  }

 private:
  Model model_;
  Set set_;
  Get get_;
  int cycles_;
};

// A module without registers (a feed-forward kernel HLS spreads over its pipeline stages).
template <class Model>
class Combinational : public Instance {
 public:
  typedef void (*Set)(Model&, const Fields&);
  typedef Fields (*Get)(const Model&);
  Combinational(Set set, Get get) : set_(set), get_(get) {}

  Fields iterate(const Fields& inputs) override {
    set_(model_, inputs);
    model_.eval();
    return get_(model_);
  }

 private:
  Model model_;
  Set set_;
  Get get_;
};

// A port of `count` fields of `width` bits each, field i at bits width * i (a parameterized kernel's per-length
// vector, hw/rtl/unpack_lengths.v): the trace has one field per element. Up to 64 bits Verilator gives the port as
// an integer, beyond that as 32-bit words (VlWide).
inline void set_fields(uint64_t& port, const Fields& in, size_t first, size_t count, int width) {
  assert(count * width <= 64);
  port = 0;
  for (size_t i = 0; i < count; ++i) port |= (in[first + i] & ((uint64_t{1} << width) - 1)) << (width * i);
}
template <class Wide>
void set_fields(Wide& port, const Fields& in, size_t first, size_t count, int width) {
  uint32_t* words = port.data();
  std::fill(words, words + sizeof(Wide) / sizeof(uint32_t), 0u);
  for (size_t i = 0; i < count; ++i)
    for (int b = 0; b < width; ++b)
      if ((in[first + i] >> b) & 1u) words[(width * i + b) / 32] |= 1u << ((width * i + b) % 32);
}
template <class Wide>
void get_fields(const Wide& port, Fields& out, size_t count, int width) {
  const uint32_t* words = port.data();
  for (size_t i = 0; i < count; ++i) {
    uint64_t value = 0;
    for (int b = 0; b < width; ++b)
      value |= static_cast<uint64_t>((words[(width * i + b) / 32] >> ((width * i + b) % 32)) & 1u) << b;
    out.push_back(value);
  }
}

// Output widths: `first` ports, then `count` fields of `width`.
inline std::vector<int> widths(std::vector<int> first, size_t count, int width) {
  first.insert(first.end(), count, width);
  return first;
}

// A module whose recurrence's next values are its outputs once the iteration has entered its last stage: the
// inputs are taken on a rising edge, then `bubbles` more edges with zero inputs carry them through the stages before
// the recurrence (hw/rtl/kraft_sum.v: 0 with two stages, 1 with a stage for the word's sum).
template <class Model>
class Staged : public Instance {
 public:
  typedef void (*Set)(Model&, const Fields&);
  typedef Fields (*Get)(const Model&);
  Staged(Set set, Get get, int bubbles) : set_(set), get_(get), bubbles_(bubbles) {}

  Fields iterate(const Fields& inputs) override {
    set_(model_, inputs);
    clock_edge(model_);
    for (int b = 0; b < bubbles_; ++b) {
      set_(model_, Fields(inputs.size(), 0));
      clock_edge(model_);
    }
    return get_(model_);
  }

 private:
  Model model_;
  Set set_;
  Get get_;
  int bubbles_;
};

}  // namespace edqa_rtl

#endif  // EDQA_RTL_KERNELS_H
