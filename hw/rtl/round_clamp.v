// round_clamp of hw/edqa_numerics.h: clamp(rne(v), lo, hi) on the bits of QUANTIZE's product x * inv' (the
// Quantizer calls it once per element) and of NoisyQuant's clamped z x inv (CANDIDATE, NOISY_CANDIDATE, CODES:
// lo -levels - 1, hi levels, the same function). Feed-forward, no register: exponent compares, then the mantissa's shift,
// the round-half-to-even of the bits it drops, the sign and the clamp.
// evidence: rows=QUANTIZE,CANDIDATE,NOISY_CANDIDATE,CODES cycles=2 bram=0 clock=200
// why: 2 of QUANTIZE's 8 stages (read 1, fmul 4, round and clamp 2, pack 1): exponent compare, then shift and round
module round_clamp (
    input  wire [31:0] v,   // float32 bits of the product
    input  wire [31:0] lo,  // int32, -(2^(bits - 1)), or 0 on the unsigned grid
    input  wire [31:0] hi,  // int32, 2^(bits - 1) - 1, or 2^bits - 1 on the unsigned grid (at most 2^16 - 1)
    output wire [31:0] t    // int32
);
  wire        negative = v[31];
  wire [7:0]  exponent = v[30:23];
  wire [23:0] mantissa = {1'b1, v[22:0]};
  // The C's int exponent, shift and integer: the exponent is 8 bits; on the path that uses it, shift = 150 - exponent
  // lies in 4..24 (5 bits, the low bits of the 8-bit difference); mantissa >> shift fits the mantissa's 24 bits.
  wire        below    = exponent < 8'd126;   // |v| < 0.5, subnormals and zero included
  wire        saturate = exponent >= 8'd147;  // |v| >= 2^20, non-finite included
  wire [4:0]  shift = 5'd22 - exponent[4:0];  // (150 - exponent) mod 32: 150 = 4 x 32 + 22
  wire [23:0] integer_part = mantissa >> shift;
  wire [23:0] remainder = mantissa & ((24'd1 << shift) - 24'd1);
  wire [23:0] half = 24'd1 << (shift - 5'd1);
  wire        round_up = remainder > half || (remainder == half && integer_part[0]);
  // integer + round_up: at most 2^20 on this path (exponent <= 146), kept at 25 bits.
  wire [24:0] rounded_magnitude = {1'b0, integer_part} + {24'd0, round_up};
  wire [31:0] magnitude = below ? 32'd0 : (saturate ? 32'h0010_0000 : {7'd0, rounded_magnitude});
  wire signed [31:0] rounded = negative ? -magnitude : magnitude;
  assign t = rounded < $signed(lo) ? lo : (rounded > $signed(hi) ? hi : rounded);
endmodule
