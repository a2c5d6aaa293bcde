// CHECK_STATIC_CODE of hw/stream_router.sc.h (InputRouterT::load_static_code), one static-code word per cycle:
// its eight 4-bit fields checked (a symbol's length in [1, L_max], a field past the alphabet zero) and the Kraft
// terms 2^(L_max - length) of the valid ones added to the running Kraft sum. Two stages: the fields' checks and the
// sums of their terms in two halves of four (registered), then the recurrence: the legal flag and
// kraft + half0 + half1 (the C's eight adds, balanced as HLS balances integer adds).
// evidence: rows=CHECK_STATIC_CODE cycles=1 bram=0 clock=200
// why: II 1, 2 stages: the fields' checks and two sums of four one-hot terms, then the 16-bit kraft + half0 + half1 between the kraft registers
module kraft_sum (
    input  wire        clk,
    input  wire        first,  // w = 0: the recurrence's entry values (legal, kraft 0)
    input  wire [7:0]  mask,   // field f lies in the alphabet (loop-invariant: 2^m bits of word 0, all for m >= 3)
    input  wire [31:0] word,   // eight fields, the first in bits 31:28
    output wire        legal,  // every field so far in range
    output wire [15:0] kraft   // the Kraft sum so far, in units of 2^-L_max (at most 2^8 x 2^7: the C's uint16_t)
);
  // Stage 1: each field's check and term; the terms of fields 0-3 and 4-7 summed (each at most 4 x 2^7, 10 bits).
  reg       bad;
  reg [9:0] half0, half1;
  reg [3:0] field;
  reg [9:0] term;
  integer f;
  always @* begin
    bad   = 1'b0;
    half0 = 10'd0;
    half1 = 10'd0;
    for (f = 0; f < 8; f = f + 1) begin
      field = word[28 - 4 * f +: 4];
      term  = 10'd0;
      if (mask[f]) begin
        if (field < 4'd1 || field > 4'd8) bad = 1'b1;
        else term = 10'd1 << (4'd8 - field);
      end else if (field != 4'd0) begin
        bad = 1'b1;
      end
      if (f < 4) half0 = half0 + term;
      else half1 = half1 + term;
    end
  end

  reg        first1, bad1;
  reg [9:0]  half0_1, half1_1;
  // Stage 2, the recurrence.
  reg        legal_reg;
  reg [15:0] kraft_reg;
  assign legal = (first1 ? 1'b1 : legal_reg) & ~bad1;
  assign kraft = (first1 ? 16'd0 : kraft_reg) + {6'd0, half0_1} + {6'd0, half1_1};

  always @(posedge clk) begin
    first1    <= first;
    bad1      <= bad;
    half0_1   <= half0;
    half1_1   <= half1;
    legal_reg <= legal;
    kraft_reg <= kraft;
  end
endmodule
