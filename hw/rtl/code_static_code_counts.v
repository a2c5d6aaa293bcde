// LOAD_CODE_STATIC_CODE of HuffmanCoder::load_code_static_code (hw/huffman_encoder.sc.h), one length of the codes'
// static code a cycle (docs/spec.md §3.8): static_code_counts.v with twelve lengths and 9-bit counters (at most 271
// symbols).
// evidence: rows=LOAD_CODE_STATIC_CODE cycles=1 bram=0 clock=200 uses=static_code_counts
// why: II 1: the 8:1 field select by s mod 8, the clamp, the decode and one 9-bit increment per counter lie between the counters
module code_static_code_counts (
    input  wire         clk,
    input  wire         first,   // the first symbol: the counters from 0
    input  wire [31:0]  word,    // the codes' static code's word holding symbol s
    input  wire [2:0]   field,   // s mod 8
    output wire [3:0]   length,  // the field, 0 above 12
    output wire [107:0] counts   // counter l (1..12) after the symbol at 9(l - 1) +: 9
);
  static_code_counts #(.LENGTHS(12), .COUNT_W(9)) counters (
      .clk(clk), .first(first), .word(word), .field(field), .length(length), .counts(counts));
endmodule
