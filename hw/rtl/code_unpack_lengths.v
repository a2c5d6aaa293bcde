// READ_CODE_STATIC_CODE of hw/huffman_decoder.sc.h (load_code_static_code), one word of the codes' static code per
// cycle (docs/spec.md §3.8): eight 4-bit fields, each 0 above 12 in the lengths RAM; per length 1..12 the valid
// fields that match it are summed and added to that length's counter. The registers are the twelve counters; the
// loop clears them on entry (the `first` phi). unpack_lengths.v's loop with twelve lengths.
// evidence: rows=READ_CODE_STATIC_CODE cycles=1 bram=0 clock=200
// why: II 1: eight 4-bit compares per length, their sum (0 to 8) and one 9-bit add lie between the counters; which fields are lengths is a mask (all eight, or the last word's first four) chosen by a compare of the word counter with the last word
module code_unpack_lengths (
    input  wire        clk,
    input  wire        first,    // the loop's first word: the counters start from 0
    input  wire [31:0] word,     // field f at bits 28 - 4f +: 4
    input  wire [7:0]  valid,    // bit f: field f is a length of the alphabet (the rest are padding)
    output wire [31:0] lengths,  // the fields, 0 above 12 (what the lengths RAM stores)
    output wire [62:0] counts_low,  // counter l (1..7) after this word at bits 9(l-1) +: 9 (the C's 9 bits)
    output wire [44:0] counts_high  // counter l (8..12) at bits 9(l-8) +: 9
);
  reg  [8:0] count [1:12];
  wire [8:0] next  [1:12];

  genvar f, l;
  generate
    for (f = 0; f < 8; f = f + 1) begin : field
      wire [3:0] raw = word[28 - 4 * f +: 4];
      assign lengths[28 - 4 * f +: 4] = valid[f] ? (raw > 4'd12 ? 4'd0 : raw) : 4'd0;
    end
    for (l = 1; l <= 12; l = l + 1) begin : length
      reg [3:0] hits;  // at most 8
      integer g;
      always @* begin
        hits = 4'd0;
        for (g = 0; g < 8; g = g + 1)
          hits = hits + {3'd0, valid[g] && word[28 - 4 * g +: 4] == l[3:0]};
      end
      assign next[l] = (first ? 9'd0 : count[l]) + {5'd0, hits};
      always @(posedge clk) count[l] <= next[l];
      if (l <= 7) begin : low
        assign counts_low[9 * (l - 1) +: 9] = next[l];
      end else begin : high
        assign counts_high[9 * (l - 8) +: 9] = next[l];
      end
    end
  endgenerate
endmodule
