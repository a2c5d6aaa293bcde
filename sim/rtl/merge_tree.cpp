// hw/rtl/merge_tree.v against MERGE_TREE: (first, n, the prologue's two leaves, the refill's leaf and node reads) |
// (the merged nodes, their sum, the advanced fronts); two clocks an iteration, the module's two cycles.
#include "Vmerge_tree.h"
#include "kernels.h"

namespace edqa_rtl {
namespace {

void set(Vmerge_tree& k, const Fields& in) {
  k.first = in[0];
  k.leaves = in[1];
  k.entry0 = in[2];
  k.entry1 = in[3];
  k.leaf_data0 = in[4];
  k.leaf_data1 = in[5];
  k.node_data0 = in[6];
  k.node_data1 = in[7];
}

Fields get(const Vmerge_tree& k) { return {k.first_node, k.second_node, k.sum, k.leaf_read, k.node_read}; }

const Registration registration{
    Kernel{"merge_tree", 8, {9, 9, 13, 9, 9}, [] { return std::make_unique<Clocked<Vmerge_tree>>(set, get, 2); }}};

}  // namespace
}  // namespace edqa_rtl
