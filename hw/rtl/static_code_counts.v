// LOAD_STATIC_CODE of HuffmanCoder::load_static_code (hw/huffman_encoder.sc.h), one length a cycle: the s-th 4-bit
// field of the static code's current word (symbol 0 in the top nibble), 0 above LENGTHS, is the symbol's length
// (written to static_lengths_) and, when not 0, increments its length's counter. The registers are the LENGTHS
// counters (length_counts_ 1..8, partitioned), zero on entry (CLEAR_STATIC_COUNTS: the `first` phi); the word is
// the FIFO's, read into a register every eighth symbol. code_static_code_counts.v is the same loop for the codes'
// static code (LOAD_CODE_STATIC_CODE: twelve lengths).
// evidence: rows=LOAD_STATIC_CODE cycles=1 bram=0 clock=200
// why: II 1: the 8:1 field select by s mod 8, the clamp, the decode and one 13-bit increment per counter lie between the counters
module static_code_counts #(
    parameter LENGTHS = 8,  // the longest code length (the C's kMaxCodeLength; a 4-bit field: at most 15)
    parameter COUNT_W = 13  // a counter's width (the C's Length)
) (
    input  wire                       clk,
    input  wire                       first,   // the first symbol: the counters from 0
    input  wire [31:0]                word,    // the static code's word holding symbol s
    input  wire [2:0]                 field,   // s mod 8 (the loop counter's low bits)
    output wire [3:0]                 length,  // the field, 0 above LENGTHS
    output wire [LENGTHS*COUNT_W-1:0] counts   // counter l (1..LENGTHS) after the symbol at COUNT_W(l - 1) +: COUNT_W
);
  localparam [3:0] LONGEST = LENGTHS;  // 4 bits, as the fields
  wire [3:0] raw = word[28 - 4 * field +: 4];
  assign length = raw > LONGEST ? 4'd0 : raw;
  reg  [COUNT_W-1:0] count [1:LENGTHS];
  genvar l;
  generate
    for (l = 1; l <= LENGTHS; l = l + 1) begin : counter
      wire [3:0] which = l;
      wire [COUNT_W-1:0] next = (first ? {COUNT_W{1'b0}} : count[l]) + {{(COUNT_W-1){1'b0}}, length == which};
      assign counts[COUNT_W * (l - 1) +: COUNT_W] = next;
      always @(posedge clk) count[l] <= next;
    end
  endgenerate
endmodule
