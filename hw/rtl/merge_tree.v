// MERGE_TREE of hw/huffman_encoder.sc.h (build_tree), one merge per iteration at II 2. The registers are the two
// front weights of each queue (leaves in sorted order, internal nodes in creation order), the two fronts and the
// node being created, loaded on entry (the `first` phi: the prologue's read of the first two leaves, no nodes).
// A merge compares registers only: three 13-bit compares at once (the first take, and the second for either
// outcome of the first), the two picks, their sum (the new node's weight, written to the node RAM) and the fronts'
// advance. The refill reads the RAMs at the advanced fronts (the read addresses are outputs, the data inputs: the
// RAMs are the C's arrays), the node being created forwarded from its sum. At II 2 the picks are registered after
// the compares (cycle 1, with the read addresses), the sum and the refill muxes after the RAM read (cycle 2).
// evidence: rows=MERGE_TREE cycles=2 bram=0 clock=200
// why: II 2: three compares of registered fronts, the picks, a 13-bit add and the forward of the new node into the front registers
module merge_tree (
    input  wire        clk,
    input  wire        first,       // the first merge: fronts from the prologue, created = leaves
    input  wire [8:0]  leaves,      // n, 2..256
    input  wire [12:0] entry0,      // sorted_[0].count, sorted_[1].count: the prologue's read
    input  wire [12:0] entry1,
    input  wire [12:0] leaf_data0,  // sorted_[leaf_front].count, sorted_[leaf_front + 1].count after the advance
    input  wire [12:0] leaf_data1,
    input  wire [12:0] node_data0,  // node_weight_ at node_front - n, node_front + 1 - n after the advance
    input  wire [12:0] node_data1,
    output wire [8:0]  first_node,  // parent_[first_node] = parent_[second_node] = created
    output wire [8:0]  second_node,
    output wire [12:0] sum,         // node_weight_[created - n]: at most L = 4096, 13 bits
    output wire [8:0]  leaf_read,   // the advanced fronts: the refill's read addresses
    output wire [8:0]  node_read
);
  reg [12:0] leaf0_reg, leaf1_reg, node0_reg, node1_reg;
  reg [8:0]  leaf_front_reg, node_front_reg, created_reg;

  wire [12:0] leaf0 = first ? entry0 : leaf0_reg;
  wire [12:0] leaf1 = first ? entry1 : leaf1_reg;
  wire [8:0]  leaf_front = first ? 9'd0 : leaf_front_reg;
  wire [8:0]  node_front = first ? leaves : node_front_reg;
  wire [8:0]  created = first ? leaves : created_reg;
  // On entry the node queue is empty (node_front = created), so the node fronts are never looked at.
  wire [12:0] node0 = node0_reg;
  wire [12:0] node1 = node1_reg;

  // Indices below 2n - 1 <= 511: 9 bits, as the C's ints narrow (kNodeBits); leaf_front + 1 <= 257 fits too.
  wire leaf_ok0 = leaf_front < leaves;
  wire leaf_ok1 = leaf_front + 9'd1 < leaves;
  wire node_ok0 = node_front < created;
  wire node_ok1 = node_front + 9'd1 < created;
  wire first_leaf = leaf_ok0 && (!node_ok0 || leaf0 <= node0);
  wire second_leaf = first_leaf ? leaf_ok1 && (!node_ok0 || leaf1 <= node0) : leaf_ok0 && (!node_ok1 || leaf0 <= node1);

  wire [12:0] a = first_leaf ? leaf0 : node0;
  wire [12:0] b = first_leaf ? (second_leaf ? leaf1 : node0) : (second_leaf ? leaf0 : node1);
  assign sum = a + b;
  assign first_node = first_leaf ? leaf_front : node_front;
  assign second_node = first_leaf ? (second_leaf ? leaf_front + 9'd1 : node_front)
                                  : (second_leaf ? leaf_front : node_front + 9'd1);
  wire [1:0] taken_leaves = {1'b0, first_leaf} + {1'b0, second_leaf};
  assign leaf_read = leaf_front + {7'd0, taken_leaves};
  assign node_read = node_front + 9'd2 - {7'd0, taken_leaves};

  always @(posedge clk) begin
    leaf0_reg <= leaf_data0;
    leaf1_reg <= leaf_data1;
    node0_reg <= node_read == created ? sum : node_data0;
    node1_reg <= node_read + 9'd1 == created ? sum : node_data1;
    leaf_front_reg <= leaf_read;
    node_front_reg <= node_read;
    created_reg <= created + 9'd1;
  end
endmodule
