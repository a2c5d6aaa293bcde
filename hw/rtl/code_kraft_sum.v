// CHECK_CODE_STATIC_CODE of hw/stream_router.sc.h (InputRouterT::check_code_static_code), one word of the codes'
// static code (docs/spec.md §3.8) per cycle: kraft_sum.v with lengths up to 12 and a stage for the word's sum
// (kraft + half0 + half1 in the recurrence is 8 LUT levels at these widths). Fields past the 2^N + 15 symbols are
// masked off in the last word.
// evidence: rows=CHECK_CODE_STATIC_CODE cycles=2 bram=0 clock=200 uses=kraft_sum
// why: II 2, 3 stages: the fields' checks and two sums of four one-hot terms, their 15-bit sum, then the 20-bit kraft + sum between the kraft registers
module code_kraft_sum (
    input  wire        clk,
    input  wire        first,  // w = 0: the recurrence's entry values (legal, kraft 0)
    input  wire [7:0]  mask,   // field f is a symbol's (all, but the last word's first seven for N >= 3, three for N = 2)
    input  wire [31:0] word,   // eight fields, the first in bits 31:28
    output wire        legal,  // every field so far in range
    output wire [19:0] kraft   // the Kraft sum so far, in units of 2^-12 (at most 271 x 2^11: the C's sc_uint<20>)
);
  kraft_sum #(.L_MAX(12), .KRAFT_W(20), .SUM_STAGE(1)) check (
      .clk(clk), .first(first), .mask(mask), .word(word), .legal(legal), .kraft(kraft));
endmodule
