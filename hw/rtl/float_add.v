// The float32 add as the model computes it (IEEE binary32, round to nearest even, subnormals kept, x + -x = +0, a
// NaN operand returned quieted with the first operand's first, inf - inf the x86 default NaN FFC00000), in two uses:
// NoisyQuant's MAC accumulation sum = sum + z x (hw/noisyquant_accelerator.sc.h, MAC: `chain`, the sum carried
// from one iteration to the next, 0 on the chain's first, k = 0), and NoisyQuant's feed-forward adds and subtracts
// (x + noise, z - noise, u 2^-23 - 1: `chain` 0, both operands from the inputs; a - b is a + (-b), b's sign bit
// flipped, which differs from the C only for a NaN b, which the noise never is). HLS builds one adder per use; a
// use ties `chain` to a constant. On the board the adder is Xilinx's Floating-Point Operator core (PG060: latency 5
// at full DSP usage, 2 DSP48E1, subnormals flushed to zero): this is evidence of the function the model computes
// and its depth, not of the core's resources.
// evidence: rows=MAC,UNIT_NOISE,NOISY_CANDIDATE,CODES,NOISY_DEQUANTIZE cycles=5 bram=0 clock=200 core=fadd
// why: 5 cycles, the fadd latency (kFaddLatency): MAC's II 5 (the next add waits for the sum), the other rows' 5 stages for their add; the compare and swap, alignment, add, normalization and round of one add
module float_add (
    input  wire        clk,
    input  wire        chain,    // MAC: the first operand is the sum the module carries; else `addend`
    input  wire        first,    // MAC, k = 0: the sum's entry value, +0
    input  wire [31:0] addend,   // the first operand of a feed-forward add, float32 bits
    input  wire [31:0] product,  // the second operand (MAC: z x), float32 bits
    output wire [31:0] s         // the sum (MAC: the new sum)
);
  reg  [31:0] sum;
  wire [31:0] a = chain ? (first ? 32'd0 : sum) : addend;
  wire [31:0] b = product;
  wire a_nan = &a[30:23] && |a[22:0], b_nan = &b[30:23] && |b[22:0];
  wire a_inf = &a[30:23] && ~|a[22:0], b_inf = &b[30:23] && ~|b[22:0];
  // The larger magnitude first (x: the result's sign and exponent), the smaller (y) aligned to it.
  wire swap = b[30:0] > a[30:0];
  wire [31:0] x = swap ? b : a;
  wire [31:0] y = swap ? a : b;
  wire subtract = x[31] ^ y[31];
  // A subnormal's significand has no hidden 1 and the smallest normal's exponent (1). Three bits below the
  // significand: guard, round, sticky.
  wire [7:0] ex = x[30:23] | {7'd0, ~|x[30:23]};
  wire [7:0] ey = y[30:23] | {7'd0, ~|y[30:23]};
  wire [26:0] mx = {|x[30:23], x[22:0], 3'b000};
  wire [26:0] my = {|y[30:23], y[22:0], 3'b000};
  wire [7:0] distance = ex - ey;
  wire [4:0] d = distance > 8'd27 ? 5'd27 : distance[4:0];
  wire [26:0] shifted = my >> d;
  wire lost = |(my & ~({27{1'b1}} << d));
  wire [26:0] aligned = {shifted[26:1], shifted[0] | lost};
  wire [27:0] total = subtract ? {1'b0, mx} - {1'b0, aligned} : {1'b0, mx} + {1'b0, aligned};
  // An addition's carry out shifts right once (the dropped bit joins the sticky bit); a subtraction shifts left to
  // the hidden bit, but not below the smallest normal's exponent (a subnormal result).
  wire [26:0] carried = {total[27:2], total[1] | total[0]};
  reg [4:0] lz;
  integer k;
  always @* begin
    lz = 5'd27;
    for (k = 0; k < 27; k = k + 1) if (total[k]) lz = 5'd26 - k[4:0];
  end
  wire [7:0] room = ex - 8'd1;
  wire [4:0] left = {3'd0, lz} > room ? room[4:0] : lz;
  wire [26:0] normalized = total[27] ? carried : total[26:0] << left;
  wire [8:0] exponent = total[27] ? {1'b0, ex} + 9'd1 : {1'b0, ex} - {4'd0, left};
  wire [7:0] field_exp = normalized[26] ? exponent[7:0] : 8'd0;
  wire increment = normalized[2] && (normalized[1] || normalized[0] || normalized[3]);
  wire [30:0] rounded = {field_exp, normalized[25:3]} + {30'd0, increment};
  wire zero = ~|total;
  assign s = a_nan ? (a | 32'h0040_0000)
           : b_nan ? (b | 32'h0040_0000)
           : (a_inf && b_inf && subtract) ? 32'hFFC0_0000
           : (a_inf || b_inf) ? x
           : exponent >= 9'd255 ? {x[31], 8'hFF, 23'd0}
           : zero ? {x[31] & ~subtract, 31'd0}
           : {x[31], rounded};

  always @(posedge clk) sum <= s;
endmodule
