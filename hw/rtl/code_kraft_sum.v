// CHECK_CODE_STATIC_CODE of hw/stream_router.sc.h (InputRouterT::check_code_static_code), one word of the codes'
// static code (docs/spec.md §3.8) per cycle: its eight 4-bit fields checked (a symbol's length in [1, 12], a field
// past the 2^N + 4 symbols zero) and the Kraft terms 2^(12 - length) of the valid ones added to the running Kraft
// sum. Three stages: the fields' checks and the sums of their terms in two halves of four (registered), the word's
// sum half0 + half1 (registered), then the recurrence: the legal flag and kraft + sum. (kraft_sum.v's two stages,
// kraft + half0 + half1 in the recurrence, are 8 LUT levels at these widths.)
// evidence: rows=CHECK_CODE_STATIC_CODE cycles=2 bram=0 clock=200
// why: II 2, 3 stages: the fields' checks and two sums of four one-hot terms, their 15-bit sum, then the 20-bit kraft + sum between the kraft registers
module code_kraft_sum (
    input  wire        clk,
    input  wire        first,  // w = 0: the recurrence's entry values (legal, kraft 0)
    input  wire [7:0]  mask,   // field f is a symbol's (all, but the last word's first four for N >= 3)
    input  wire [31:0] word,   // eight fields, the first in bits 31:28
    output wire        legal,  // every field so far in range
    output wire [19:0] kraft   // the Kraft sum so far, in units of 2^-12 (at most 260 x 2^11: the C's sc_uint<20>)
);
  // Stage 1: each field's check and term; the terms of fields 0-3 and 4-7 summed (each at most 4 x 2^11, 14 bits).
  reg        bad;
  reg [13:0] half0, half1;
  reg [3:0]  field;
  reg [13:0] term;
  integer f;
  always @* begin
    bad   = 1'b0;
    half0 = 14'd0;
    half1 = 14'd0;
    for (f = 0; f < 8; f = f + 1) begin
      field = word[28 - 4 * f +: 4];
      term  = 14'd0;
      if (mask[f]) begin
        if (field < 4'd1 || field > 4'd12) bad = 1'b1;
        else term = 14'd1 << (4'd12 - field);
      end else if (field != 4'd0) begin
        bad = 1'b1;
      end
      if (f < 4) half0 = half0 + term;
      else half1 = half1 + term;
    end
  end

  reg        first1, bad1, first2, bad2;
  reg [13:0] half0_1, half1_1;
  reg [14:0] sum2;
  // Stage 3, the recurrence.
  reg        legal_reg;
  reg [19:0] kraft_reg;
  assign legal = (first2 ? 1'b1 : legal_reg) & ~bad2;
  assign kraft = (first2 ? 20'd0 : kraft_reg) + {5'd0, sum2};

  always @(posedge clk) begin
    first1    <= first;
    bad1      <= bad;
    half0_1   <= half0;
    half1_1   <= half1;
    first2    <= first1;
    bad2      <= bad1;
    sum2      <= {1'b0, half0_1} + {1'b0, half1_1};
    legal_reg <= legal;
    kraft_reg <= kraft;
  end
endmodule
