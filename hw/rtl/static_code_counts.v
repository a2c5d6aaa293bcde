// LOAD_STATIC_CODE of HuffmanCoder::load_static_code (hw/huffman_encoder.sc.h), one length a cycle: the s-th 4-bit
// field of the static code's current word (symbol 0 in the top nibble), 0 above L_max, is the symbol's length
// (written to static_lengths_) and, when not 0, increments its length's counter. The registers are the eight
// counters (length_counts_ 1..8, partitioned), zero on entry (CLEAR_STATIC_COUNTS: the `first` phi); the word is
// the FIFO's, read into a register every eighth symbol.
// evidence: rows=LOAD_STATIC_CODE cycles=1 bram=0 clock=200
// why: II 1: the 8:1 field select by s mod 8, the clamp, the decode and one 13-bit increment per counter lie between the counters
module static_code_counts (
    input  wire        clk,
    input  wire        first,   // the first symbol: the counters from 0
    input  wire [31:0] word,    // the static code's word holding symbol s
    input  wire [2:0]  field,   // s mod 8 (the loop counter's low bits)
    output wire [3:0]  length,  // static_lengths_[s]: the field, 0 above 8
    output wire [12:0] count1,  // each counter after the symbol (the C's Length: 13 bits)
    output wire [12:0] count2,
    output wire [12:0] count3,
    output wire [12:0] count4,
    output wire [12:0] count5,
    output wire [12:0] count6,
    output wire [12:0] count7,
    output wire [12:0] count8
);
  wire [3:0] raw = word[28 - 4 * field +: 4];
  assign length = raw > 4'd8 ? 4'd0 : raw;
  reg  [12:0] count [1:8];
  wire [12:0] next  [1:8];
  genvar l;
  generate
    for (l = 1; l <= 8; l = l + 1) begin : counter
      assign next[l] = (first ? 13'd0 : count[l]) + {12'd0, length == l[3:0]};
      always @(posedge clk) count[l] <= next[l];
    end
  endgenerate
  assign count1 = next[1];
  assign count2 = next[2];
  assign count3 = next[3];
  assign count4 = next[4];
  assign count5 = next[5];
  assign count6 = next[6];
  assign count7 = next[7];
  assign count8 = next[8];
endmodule
