// READ_CODE_STATIC_CODE of hw/huffman_decoder.sc.h (load_code_static_code), one word of the codes' static code per
// cycle (docs/spec.md §3.8): unpack_lengths.v with twelve lengths and 9-bit counters (at most 271 symbols). Which
// fields are lengths is a mask (all eight, or the last word's first four) chosen by a compare of the word counter
// with the last word.
// evidence: rows=READ_CODE_STATIC_CODE cycles=1 bram=0 clock=200 uses=unpack_lengths
// why: II 1: eight 4-bit compares per length, their sum (0 to 8) and one 9-bit add lie between the counters; which fields are lengths is a mask (all eight, or the last word's first four) chosen by a compare of the word counter with the last word
module code_unpack_lengths (
    input  wire         clk,
    input  wire         first,    // the loop's first word: the counters start from 0
    input  wire [31:0]  word,     // field f at bits 28 - 4f +: 4
    input  wire [7:0]   valid,    // bit f: field f is a symbol's length
    output wire [31:0]  lengths,  // the fields, 0 above 12 (what the lengths RAM stores of the valid ones)
    output wire [107:0] counts    // counter l (1..12) after this word at 9(l - 1) +: 9
);
  unpack_lengths #(.LENGTHS(12), .COUNT_W(9)) unpack (
      .clk(clk), .first(first), .word(word), .valid(valid), .lengths(lengths), .counts(counts));
endmodule
