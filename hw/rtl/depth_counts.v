// COUNT_DEPTHS of HuffmanCoder::count_leaf_depths (hw/huffman_encoder.sc.h), one leaf per cycle: the leaf's depth,
// clamped to L_max, increments its length's counter. The registers are the nine counters (length_counts_,
// partitioned), zero on entry (CLEAR_COUNTS: the `first` phi). The depth arrives registered after depth_'s read
// (the row's 1 + read latency + 1 stages), so this path starts at registers.
// evidence: rows=COUNT_DEPTHS cycles=1 bram=0 clock=200
// why: II 1: the clamp and decode of a 9-bit depth and one 13-bit increment per counter lie between the counters
module depth_counts (
    input  wire        clk,
    input  wire        first,   // the first leaf: the counters from 0
    input  wire [8:0]  depth,   // depth_[leaf] (the C's Node)
    output wire [12:0] count0,  // each counter after the leaf (the C's Length: 13 bits)
    output wire [12:0] count1,
    output wire [12:0] count2,
    output wire [12:0] count3,
    output wire [12:0] count4,
    output wire [12:0] count5,
    output wire [12:0] count6,
    output wire [12:0] count7,
    output wire [12:0] count8
);
  wire [3:0] d = depth > 9'd8 ? 4'd8 : depth[3:0];
  reg  [12:0] count [0:8];
  wire [12:0] next  [0:8];
  genvar l;
  generate
    for (l = 0; l <= 8; l = l + 1) begin : counter
      assign next[l] = (first ? 13'd0 : count[l]) + {12'd0, d == l[3:0]};
      always @(posedge clk) count[l] <= next[l];
    end
  endgenerate
  assign count0 = next[0];
  assign count1 = next[1];
  assign count2 = next[2];
  assign count3 = next[3];
  assign count4 = next[4];
  assign count5 = next[5];
  assign count6 = next[6];
  assign count7 = next[7];
  assign count8 = next[8];
endmodule
