// LEAF_DEPTHS of HuffmanCoder::build_tree (hw/huffman_encoder.sc.h), one node per cycle from the root down: a
// node's depth is its parent's plus one. The parent's read is feed-forward (parent_ is not written here), and its
// data addresses depth_ directly (no logic between the two reads); its compare with the node just before (node +
// 1) is registered beside that read. The recurrence is the depth: when the parent is the previous iteration's node,
// whose write is landing as depth_ is read, the depth comes from the register that holds it (on entry the root's,
// 0: the first node's parent is the root); otherwise from the read, whose RAW on depth_ is then at distance 2 at
// least, the write landed.
// evidence: rows=LEAF_DEPTHS cycles=1 bram=1 clock=200
// why: II 1: behind depth_'s unregistered read, the forward select and a 9-bit increment into the write data and the depth register
module leaf_depths (
    input  wire       clk,
    input  wire       first,    // the first node (nodes - 2): the previous depth is the root's, 0
    input  wire       forward,  // parent_[node] == node + 1 (registered)
    input  wire [8:0] stored,   // depth_[parent_[node]]: the unregistered read (the C's Node)
    output wire [8:0] depth     // depth_[node]
);
  reg  [8:0] previous;
  assign depth = (forward ? (first ? 9'd0 : previous) : stored) + 9'd1;
  always @(posedge clk) previous <= depth;
endmodule
