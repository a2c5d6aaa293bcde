// unpack_lengths of hw/huffman_decoder.sc.h, one codebook word per cycle: READ_STATIC_CODE (the layer's static
// code) and READ_CODEBOOK (a record's own, which counts its lengths as they pass: no COUNT_LENGTHS loop over the
// lengths RAM). Eight 4-bit fields, each clamped to 0 above L_max; per length the valid fields that match it are
// summed and added to that length's counter. The registers are the eight counters (length 0 counts nothing); the
// loop clears them on entry (the `first` phi).
// evidence: rows=READ_STATIC_CODE,READ_CODEBOOK cycles=1 bram=0 clock=200
// why: II 1: eight 4-bit compares per length, their sum (0 to 8) and one 13-bit add lie between the counters; which fields are lengths is a mask fixed before the loop (no compare of the symbol index in the loop)
module unpack_lengths (
    input  wire        clk,
    input  wire        first,    // the loop's first word: the counters start from 0
    input  wire [31:0] word,     // the codebook word: field f at bits 28 - 4f +: 4
    input  wire [7:0]  valid,    // bit f: field f is a length of the alphabet (the rest are padding)
    output wire [31:0] lengths,  // the fields, 0 above L_max (what the lengths RAM stores)
    output wire [12:0] count1,   // each counter after this word (the C's Length: 13 bits)
    output wire [12:0] count2,
    output wire [12:0] count3,
    output wire [12:0] count4,
    output wire [12:0] count5,
    output wire [12:0] count6,
    output wire [12:0] count7,
    output wire [12:0] count8
);
  reg  [12:0] count [1:8];
  wire [12:0] next  [1:8];

  genvar f, l;
  generate
    for (f = 0; f < 8; f = f + 1) begin : field
      wire [3:0] raw = word[28 - 4 * f +: 4];
      assign lengths[28 - 4 * f +: 4] = raw > 4'd8 ? 4'd0 : raw;
    end
    for (l = 1; l <= 8; l = l + 1) begin : length
      reg [3:0] hits;  // the C's uint32_t, at most 8
      integer g;
      always @* begin
        hits = 4'd0;
        for (g = 0; g < 8; g = g + 1)
          hits = hits + {3'd0, valid[g] && lengths[28 - 4 * g +: 4] == l[3:0]};
      end
      assign next[l] = (first ? 13'd0 : count[l]) + {9'd0, hits};
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
