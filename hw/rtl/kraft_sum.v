// CHECK_STATIC_CODE of hw/stream_router.sc.h (InputRouterT::load_static_code), one static-code word per cycle:
// its eight 4-bit fields checked (a symbol's length in [1, L_MAX], a field outside the mask zero) and the Kraft
// terms 2^(L_MAX - length) of the valid ones added to the running Kraft sum. Stage 1: the fields' checks and the
// sums of their terms in two halves of four (registered). With SUM_STAGE = 0 the recurrence follows: the legal flag
// and kraft + half0 + half1 (the C's eight adds, balanced as HLS balances integer adds). With SUM_STAGE = 1 the
// word's sum half0 + half1 takes a stage of its own and the recurrence adds it (code_kraft_sum.v: the codes' static
// code, whose wider terms make the two-add recurrence too deep for one cycle).
// evidence: rows=CHECK_STATIC_CODE cycles=1 bram=0 clock=200
// why: II 1, 2 stages: the fields' checks and two sums of four one-hot terms, then the 16-bit kraft + half0 + half1 between the kraft registers
module kraft_sum #(
    parameter L_MAX     = 8,   // the longest code length (the C's kMaxCodeLength; a 4-bit field: at most 15)
    parameter KRAFT_W   = 16,  // the running sum's width (the C's uint16_t: at most 2^8 x 2^7)
    parameter SUM_STAGE = 0    // 1: the word's sum registered before the recurrence (II 2)
) (
    input  wire               clk,
    input  wire               first,  // w = 0: the recurrence's entry values (legal, kraft 0)
    input  wire [7:0]         mask,   // field f is a symbol's length (loop-invariant or fixed per word by the caller)
    input  wire [31:0]        word,   // eight fields, the first in bits 31:28
    output wire               legal,  // every field so far in range
    output wire [KRAFT_W-1:0] kraft   // the Kraft sum so far, in units of 2^-L_MAX
);
  localparam       TERM_W = L_MAX + 2;  // a half: four terms of at most 2^(L_MAX - 1)
  localparam [3:0] LONGEST = L_MAX;     // 4 bits, as the fields: no 32-bit compare or subtract

  // Stage 1: each field's check and term; the terms of fields 0-3 and 4-7 summed.
  reg              bad;
  reg [TERM_W-1:0] half0, half1;
  reg [3:0]        field;
  reg [TERM_W-1:0] term;
  integer f;
  always @* begin
    bad   = 1'b0;
    half0 = {TERM_W{1'b0}};
    half1 = {TERM_W{1'b0}};
    for (f = 0; f < 8; f = f + 1) begin
      field = word[28 - 4 * f +: 4];
      term  = {TERM_W{1'b0}};
      if (mask[f]) begin
        if (field < 4'd1 || field > LONGEST) bad = 1'b1;
        else term = {{(TERM_W - 1){1'b0}}, 1'b1} << (LONGEST - field);
      end else if (field != 4'd0) begin
        bad = 1'b1;
      end
      if (f < 4) half0 = half0 + term;
      else half1 = half1 + term;
    end
  end

  reg              first1, bad1;
  reg [TERM_W-1:0] half0_1, half1_1;
  always @(posedge clk) begin
    first1  <= first;
    bad1    <= bad;
    half0_1 <= half0;
    half1_1 <= half1;
  end

  // The recurrence's inputs: this word's flags and its terms, one or two sums.
  wire               first_r, bad_r;
  wire [KRAFT_W-1:0] add0, add1;
  generate
    if (SUM_STAGE != 0) begin : sum_stage
      reg              first2, bad2;
      reg [TERM_W:0]   sum2;
      always @(posedge clk) begin
        first2 <= first1;
        bad2   <= bad1;
        sum2   <= {1'b0, half0_1} + {1'b0, half1_1};
      end
      assign first_r = first2;
      assign bad_r   = bad2;
      assign add0    = {{(KRAFT_W - TERM_W - 1){1'b0}}, sum2};
      assign add1    = {KRAFT_W{1'b0}};
    end else begin : no_sum_stage
      assign first_r = first1;
      assign bad_r   = bad1;
      assign add0    = {{(KRAFT_W - TERM_W){1'b0}}, half0_1};
      assign add1    = {{(KRAFT_W - TERM_W){1'b0}}, half1_1};
    end
  endgenerate

  // The recurrence.
  reg               legal_reg;
  reg [KRAFT_W-1:0] kraft_reg;
  assign legal = (first_r ? 1'b1 : legal_reg) & ~bad_r;
  assign kraft = (first_r ? {KRAFT_W{1'b0}} : kraft_reg) + add0 + add1;
  always @(posedge clk) begin
    legal_reg <= legal;
    kraft_reg <= kraft;
  end
endmodule
