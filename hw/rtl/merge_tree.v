// MERGE_TREE of hw/huffman_encoder.sc.h (build_tree), one merge per iteration at II 2, written as the two cycles HLS
// schedules. The registers the loop carries are the two front weights of each queue (leaves in sorted order,
// internal nodes in creation order), the two fronts and the node being created, loaded on entry (the `first` phi:
// the prologue's read of the first two leaves, no nodes).
// Cycle 1 compares registers only: three 13-bit compares at once (the first take, and the second for either outcome
// of the first), the two picks and the fronts' advance; the picked weights and the advanced fronts (the refill's
// read addresses, which the block RAMs latch) are registered. Cycle 2 adds the picks (the new node's weight, written
// to the node RAM) and loads the front registers from the RAMs' data, the node being created forwarded from its sum.
// The RAM data pass one mux (1 level) after the read, within the 7 - 4 a cycle holds after an unregistered read; the
// longest path, which ltp counts, is either cycle's logic from registers.
// evidence: rows=MERGE_TREE cycles=1 bram=0 clock=200
// why: II 2 as two registered cycles: three compares of the front registers and the picks (cycle 1); the 13-bit add and the forward of the new node into the front registers (cycle 2)
module merge_tree (
    input  wire        clk,
    input  wire        first,       // the first merge: fronts from the prologue, created = leaves
    input  wire [8:0]  leaves,      // n, 2..256
    input  wire [12:0] entry0,      // sorted_[0].count, sorted_[1].count: the prologue's read
    input  wire [12:0] entry1,
    input  wire [12:0] leaf_data0,  // cycle 2: sorted_[leaf_front].count, sorted_[leaf_front + 1].count after the
    input  wire [12:0] leaf_data1,  // advance
    input  wire [12:0] node_data0,  // cycle 2: node_weight_ at node_front - n, node_front + 1 - n after the advance
    input  wire [12:0] node_data1,
    output wire [8:0]  first_node,  // parent_[first_node] = parent_[second_node] = created (cycle 2)
    output wire [8:0]  second_node,
    output wire [12:0] sum,         // node_weight_[created - n]: at most L = 4096, 13 bits
    output wire [8:0]  leaf_read,   // the advanced fronts: the refill's read addresses
    output wire [8:0]  node_read
);
  reg [12:0] leaf0_reg, leaf1_reg, node0_reg, node1_reg;
  reg [8:0]  leaf_front_reg, node_front_reg, created_reg;
  reg        second_cycle;  // 0: compare and pick; 1: add and refill (an iteration starts, and `first` is read, at 0)

  wire [12:0] leaf0 = first ? entry0 : leaf0_reg;
  wire [12:0] leaf1 = first ? entry1 : leaf1_reg;
  // Each front beside its next two (registered in cycle 2), so cycle 1 selects an advance rather than adding it.
  reg  [8:0]  leaf_front1_reg, leaf_front2_reg, node_front1_reg, node_front2_reg;
  wire [8:0]  leaf_front = first ? 9'd0 : leaf_front_reg;
  wire [8:0]  leaf_front1 = first ? 9'd1 : leaf_front1_reg;
  wire [8:0]  leaf_front2 = first ? 9'd2 : leaf_front2_reg;
  wire [8:0]  node_front = first ? leaves : node_front_reg;
  wire [8:0]  node_front1 = first ? leaves + 9'd1 : node_front1_reg;
  wire [8:0]  node_front2 = first ? leaves + 9'd2 : node_front2_reg;
  wire [8:0]  created = first ? leaves : created_reg;  // the node this merge creates
  // On entry the node queue is empty (node_front = created), so the node fronts are never looked at.
  wire [12:0] node0 = node0_reg;
  wire [12:0] node1 = node1_reg;

  // Which fronts hold a weight: compared in cycle 2 from the advanced fronts, registered (on entry: two leaves, no
  // node). Indices below 2n - 1 <= 511: 9 bits, as the C's ints narrow (kNodeBits); leaf_front + 1 <= 257 fits.
  reg leaf_ok0_reg, leaf_ok1_reg, node_ok0_reg, node_ok1_reg;
  wire leaf_ok0 = first | leaf_ok0_reg;
  wire leaf_ok1 = first | leaf_ok1_reg;
  wire node_ok0 = !first & node_ok0_reg;
  wire node_ok1 = !first & node_ok1_reg;

  // Cycle 1.
  wire first_leaf = leaf_ok0 && (!node_ok0 || leaf0 <= node0);
  wire second_leaf = first_leaf ? leaf_ok1 && (!node_ok0 || leaf1 <= node0) : leaf_ok0 && (!node_ok1 || leaf0 <= node1);
  wire [12:0] a = first_leaf ? leaf0 : node0;
  wire [12:0] b = first_leaf ? (second_leaf ? leaf1 : node0) : (second_leaf ? leaf0 : node1);
  wire [8:0] first_pick = first_leaf ? leaf_front : node_front;
  wire [8:0] second_pick = first_leaf ? (second_leaf ? leaf_front1 : node_front)
                                      : (second_leaf ? leaf_front : node_front1);
  // Two leaves, a leaf and a node, or two nodes taken.
  wire two_leaves = first_leaf & second_leaf;
  wire no_leaf = !first_leaf & !second_leaf;
  wire [8:0] leaf_next = two_leaves ? leaf_front2 : no_leaf ? leaf_front : leaf_front1;
  wire [8:0] node_next = two_leaves ? node_front : no_leaf ? node_front2 : node_front1;

  // The cycle-1 results, registered (the read addresses in the block RAMs' address latches).
  reg [12:0] a_reg, b_reg;
  reg [8:0]  first_reg, second_reg, leaf_read_reg, node_read_reg, created_now;

  // Cycle 2.
  assign sum = a_reg + b_reg;
  assign first_node = first_reg;
  assign second_node = second_reg;
  assign leaf_read = leaf_read_reg;
  assign node_read = node_read_reg;

  always @(posedge clk) begin
    if (!second_cycle) begin
      a_reg <= a;
      b_reg <= b;
      first_reg <= first_pick;
      second_reg <= second_pick;
      leaf_read_reg <= leaf_next;
      node_read_reg <= node_next;
      created_now <= created;
      second_cycle <= 1'b1;
    end else begin
      leaf0_reg <= leaf_data0;
      leaf1_reg <= leaf_data1;
      node0_reg <= node_read_reg == created_now ? sum : node_data0;
      node1_reg <= node_read_reg + 9'd1 == created_now ? sum : node_data1;
      leaf_front_reg <= leaf_read_reg;
      leaf_front1_reg <= leaf_read_reg + 9'd1;
      leaf_front2_reg <= leaf_read_reg + 9'd2;
      node_front_reg <= node_read_reg;
      node_front1_reg <= node_read_reg + 9'd1;
      node_front2_reg <= node_read_reg + 9'd2;
      created_reg <= created_now + 9'd1;
      leaf_ok0_reg <= leaf_read_reg < leaves;
      leaf_ok1_reg <= leaf_read_reg + 9'd1 < leaves;
      node_ok0_reg <= node_read_reg < created_now + 9'd1;
      node_ok1_reg <= node_read_reg + 9'd1 < created_now + 9'd1;
      second_cycle <= 1'b0;
    end
  end
endmodule
