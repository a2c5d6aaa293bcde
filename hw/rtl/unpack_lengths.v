// unpack_lengths of hw/huffman_decoder.sc.h, one codebook word per cycle: READ_STATIC_CODE (the layer's static
// code) and READ_CODEBOOK (a record's own, which counts its lengths as they pass: no COUNT_LENGTHS loop over the
// lengths RAM). Eight 4-bit fields, each 0 above LENGTHS or outside `valid`; per length the valid fields that match it are
// summed and added to that length's counter. The registers are the LENGTHS counters (length 0 counts nothing); the
// loop clears them on entry (the `first` phi). code_unpack_lengths.v is the same loop for the codes' static code.
// evidence: rows=READ_STATIC_CODE,READ_CODEBOOK cycles=1 bram=0 clock=200
// why: II 1: eight 4-bit compares per length, their sum (0 to 8) and one 13-bit add lie between the counters; which fields are lengths is a mask fixed before the loop (no compare of the symbol index in the loop)
module unpack_lengths #(
    parameter LENGTHS = 8,  // the longest code length (the C's kMaxCodeLength; a 4-bit field: at most 15)
    parameter COUNT_W = 13  // a counter's width (the C's Length)
) (
    input  wire                         clk,
    input  wire                         first,    // the loop's first word: the counters start from 0
    input  wire [31:0]                  word,     // the codebook word: field f at bits 28 - 4f +: 4
    input  wire [7:0]                   valid,    // bit f: field f is a length of the alphabet (the rest padding)
    output wire [31:0]                  lengths,  // the fields, 0 above LENGTHS or not valid (the lengths RAM's)
    output wire [LENGTHS*COUNT_W-1:0]   counts    // counter l after this word at COUNT_W(l - 1) +: COUNT_W
);
  localparam [3:0] LONGEST = LENGTHS;  // 4 bits, as the fields

  reg  [COUNT_W-1:0] count [1:LENGTHS];
  wire [COUNT_W-1:0] next  [1:LENGTHS];

  genvar f, l;
  generate
    for (f = 0; f < 8; f = f + 1) begin : field
      wire [3:0] raw = word[28 - 4 * f +: 4];
      assign lengths[28 - 4 * f +: 4] = valid[f] && raw <= LONGEST ? raw : 4'd0;
    end
    for (l = 1; l <= LENGTHS; l = l + 1) begin : length
      reg [3:0] hits;  // at most 8
      integer g;
      always @* begin
        hits = 4'd0;
        for (g = 0; g < 8; g = g + 1)
          hits = hits + {3'd0, valid[g] && word[28 - 4 * g +: 4] == l[3:0]};  // l <= LENGTHS: as the clamped field
      end
      assign next[l] = (first ? {COUNT_W{1'b0}} : count[l]) + {{(COUNT_W - 4){1'b0}}, hits};
      assign counts[COUNT_W * (l - 1) +: COUNT_W] = next[l];
      always @(posedge clk) count[l] <= next[l];
    end
  endgenerate
endmodule
