#include "kernels.h"

#include <algorithm>
#include <cstring>

namespace edqa_rtl {
namespace {

std::vector<Kernel>& registry() {
  static std::vector<Kernel> kernels;
  return kernels;
}

}  // namespace

Registration::Registration(const Kernel& kernel) { registry().push_back(kernel); }

std::vector<Kernel> kernels() {
  std::vector<Kernel> sorted = registry();
  std::sort(sorted.begin(), sorted.end(),
            [](const Kernel& a, const Kernel& b) { return std::strcmp(a.name, b.name) < 0; });
  return sorted;
}

}  // namespace edqa_rtl
