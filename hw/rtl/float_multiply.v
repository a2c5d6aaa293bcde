// The float32 multiply of QUANTIZE (x * inv'), DEQUANTIZE (float(t) * step), NoisyQuant's MAC (z * x) and its
// candidates', noise's and de-quantization's (CANDIDATE, NOISY_CANDIDATE, CODES, UNIT_NOISE, SCALE_NOISE,
// NOISY_DEQUANTIZE), as the model computes it: IEEE binary32, round to nearest even, subnormal operands and results
// kept (the C++ is built with -ffp-contract=off and without fast-math: x86-64 SSE, no flush to zero), a NaN operand
// returned quieted (the first one), inf x 0 the x86 default NaN FFC00000. Feed-forward, no register.
// On the board the multiply is Xilinx's Floating-Point Operator core (PG060: latency 4 at full DSP usage, 3 DSP48E1),
// not this module: this is evidence of the function the model computes and of its depth in 4 stages, not of the
// core's resources. PG060 also documents that the core flushes subnormal operands and results to zero, which this
// module (the model) does not; the golden vectors' traces hold no subnormal operand or product.
// evidence: rows=QUANTIZE,DEQUANTIZE,MAC,CANDIDATE,NOISY_CANDIDATE,CODES,UNIT_NOISE,SCALE_NOISE,NOISY_DEQUANTIZE cycles=4 bram=0 clock=200 core=fmul
// why: 4 stages, the fmul latency (kFmulLatency) each row gives it: the 24 x 24 significand multiply, then one shift (its amount from the operands, beside the multiply), a 1-bit normalization and the round
module float_multiply (
    input  wire [31:0] a,
    input  wire [31:0] b,
    output wire [31:0] p
);
  wire [7:0]  ea = a[30:23], eb = b[30:23];
  wire        sign = a[31] ^ b[31];
  wire a_nan = &ea && |a[22:0], b_nan = &eb && |b[22:0];
  wire a_inf = &ea && ~|a[22:0], b_inf = &eb && ~|b[22:0];
  wire a_zero = ~|a[30:0], b_zero = ~|b[30:0];
  wire [23:0] ma = {|ea, a[22:0]};
  wire [23:0] mb = {|eb, b[22:0]};
  // The significands' product (a subnormal's has no hidden 1 and the smallest normal's exponent, 1).
  wire [47:0] product = ma * mb;
  // Beside the multiply, from the operands alone: their leading zeros (a subnormal's), and from them the shift that
  // brings the product's leading 1 to bit 47 or 46 (or, below the normal range, the subnormal's bits to 46:24).
  reg [4:0] lza, lzb;
  integer k;
  always @* begin
    lza = 5'd0;
    lzb = 5'd0;
    for (k = 0; k < 24; k = k + 1) begin
      if (ma[k]) lza = 5'd23 - k[4:0];
      if (mb[k]) lzb = 5'd23 - k[4:0];
    end
  end
  wire signed [10:0] exp_sum = $signed({3'd0, ea | {7'd0, ~|ea}}) + $signed({3'd0, eb | {7'd0, ~|eb}});
  wire signed [10:0] lzab = $signed({6'd0, lza} + {6'd0, lzb});
  // The exponent when the product's leading 1 is at bit 47 after the shift by lzab (one less at bit 46).
  wire signed [10:0] e0 = exp_sum - 11'sd126 - lzab;
  wire signed [10:0] sh = e0 >= 11'sd1 ? lzab : exp_sum - 11'sd127;
  wire [5:0] left = sh[10] ? 6'd0 : sh[5:0];
  wire [10:0] minus = -sh;
  wire [5:0] right = ~sh[10] ? 6'd0 : (minus > 11'd48 ? 6'd48 : minus[5:0]);
  wire [47:0] dropped = ~({48{1'b1}} << right);
  // After the multiply: one shift, one 1-bit normalization, the round (half to even; a carry out of the fraction
  // goes into the exponent field, to inf at the top).
  wire [47:0] p1 = sh[10] ? product >> right : product << left;
  wire lost = |(product & dropped);
  wire normal = e0 >= 11'sd2;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [47:0] q = (normal && !p1[47]) ? {p1[46:0], 1'b0} : p1;  // bit 47 is the hidden 1 (or 0), not stored
  wire signed [10:0] field = normal ? e0 - {10'd0, ~p1[47]} : {10'd0, p1[47]};
  /* verilator lint_on UNUSEDSIGNAL */
  wire overflow = e0 >= 11'sd256 || (e0 == 11'sd255 && p1[47]);
  wire increment = q[23] && (|q[22:0] || lost || q[24]);
  wire [30:0] rounded = {field[7:0], q[46:24]} + {30'd0, increment};
  assign p = a_nan ? (a | 32'h0040_0000)
           : b_nan ? (b | 32'h0040_0000)
           : ((a_inf && b_zero) || (a_zero && b_inf)) ? 32'hFFC0_0000
           : (a_inf || b_inf || overflow) ? {sign, 8'hFF, 23'd0}
           : (a_zero || b_zero) ? {sign, 31'd0}
           : {sign, rounded};
endmodule
