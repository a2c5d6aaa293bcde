// LENGTH_ENDS of HuffmanCoder::assign_lengths (hw/huffman_encoder.sc.h), once per record before ASSIGN_LENGTHS:
// ends[d], the symbols of length at most d, as the running sum of the length counts 1..7 after the repair.
// evidence: rows=ASSIGN_LENGTHS cycles=2 bram=0 clock=200
// why: feed-forward, two cycles (kLengthEndsCycles) before the loop: seven chained 9-bit adds
module length_ends (
    input  wire [62:0] counts,  // the counts of lengths 1..7, 9 bits each, length 1 lowest
    output wire [62:0] ends     // ends[1..7], the same packing
);
  // At most 256 leaves, so every running sum fits 9 bits: the C sums into a 9-bit register (sc_uint<kNodeBits>),
  // and only the counts' low 9 bits reach it.
  wire [8:0] e1 = counts[8:0];
  wire [8:0] e2 = e1 + counts[17:9];
  wire [8:0] e3 = e2 + counts[26:18];
  wire [8:0] e4 = e3 + counts[35:27];
  wire [8:0] e5 = e4 + counts[44:36];
  wire [8:0] e6 = e5 + counts[53:45];
  wire [8:0] e7 = e6 + counts[62:54];
  assign ends = {e7, e6, e5, e4, e3, e2, e1};
endmodule
