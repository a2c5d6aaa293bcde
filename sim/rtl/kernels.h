// The Verilated kernels of hw/rtl/ as rtl_checks drives them: each kernel file (sim/rtl/<kernel>.cpp) maps a trace
// line's fields onto its module's ports and reads its outputs back, in the order hw/edqa_rtl_trace.h recorded them.
#ifndef EDQA_RTL_KERNELS_H
#define EDQA_RTL_KERNELS_H

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
    for (int c = 1; c < cycles_; ++c) tick();
    model_.clk = 0;
    model_.eval();
    Fields outputs = get_(model_);
    model_.clk = 1;
    model_.eval();
    return outputs;
  }

 private:
  void tick() {
    model_.clk = 0;
    model_.eval();
    model_.clk = 1;
    model_.eval();
  }

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

}  // namespace edqa_rtl

#endif  // EDQA_RTL_KERNELS_H
