// CODE_CANONICAL_CODES of HuffmanCoder::load_code_static_code (hw/huffman_encoder.sc.h), one symbol of the codes'
// static code per cycle (docs/spec.md §3.8): canonical_codes.v with twelve lengths and 12-bit codes; the codes'
// static code prices nothing, so the product is 0 and P is left unused (Yosys removes it).
// evidence: rows=CODE_CANONICAL_CODES cycles=1 bram=0 clock=200 uses=canonical_codes
// why: II 1: the length's decode, the 13:1 select of its next code (the codes RAM's write data) and that code's 12-bit increment lie between the next-code registers
module code_canonical_codes (
    input  wire         clk,
    input  wire         first,   // the loop's first symbol: the next codes take their entry values
    input  wire [143:0] starts,  // the first code of length l (1..12) at 12(l - 1) +: 12
    input  wire [3:0]   length,  // the symbol's length, 0 to 12
    output wire         writes,  // the symbol has a code
    output wire [11:0]  code     // its code
);
  /* verilator lint_off UNUSEDSIGNAL */
  wire [15:0] unused_payload_bits;
  /* verilator lint_on UNUSEDSIGNAL */
  canonical_codes #(.LENGTHS(12), .CODE_W(12)) assign_codes (
      .clk(clk), .first(first), .starts(starts), .length(length), .product(16'd0), .writes(writes), .code(code),
      .payload_bits(unused_payload_bits));
endmodule
