// float32(t) of an integer the loop forms, exact for each: DEQUANTIZE's t = q 2^m + e (hw/dequantizer.sc.h),
// NoisyQuant's codes q (CANDIDATE, NOISY_CANDIDATE, NOISY_DEQUANTIZE) and UNIT_NOISE's state >> 8. Feed-forward, no
// register. On the board it is Xilinx's Floating-Point Operator core (PG060, fixed-to-float, latency 5): this is
// evidence of the function and its depth.
// evidence: rows=DEQUANTIZE,CANDIDATE,NOISY_CANDIDATE,NOISY_DEQUANTIZE,UNIT_NOISE cycles=5 bram=0 clock=200 core=sitofp
// why: the sitofp latency (kSitofpLatency), 5 stages in each row (DEQUANTIZE: read 1, t 1, int to float 5, fmul 4): negate, leading zeros, shift
module int_to_float (
    // t narrowed to 25 bits, as HLS's range analysis narrows it: DEQUANTIZE's q is sc_int<8> (or, unsigned, its 8
    // bits zero-extended: [0, 2^8)), m an sc_uint<4> (so 2^m <= 2^15: q 2^m has 23 bits with its sign) and e at most
    // 8 bits, so t lies in [-2^23, 2^23); NoisyQuant's q
    // in [-2^7, 2^7); UNIT_NOISE's state >> 8 in [0, 2^24). Each has at most 24 significant bits: float32(t) exact.
    input  wire [24:0] t,
    output wire [31:0] f
);
  wire        negative = t[24];
  wire [24:0] magnitude = negative ? -t : t;  // at most 2^24: fits 25 bits unsigned
  reg [4:0] lz;
  integer k;
  always @* begin
    lz = 5'd0;
    for (k = 0; k < 25; k = k + 1) if (magnitude[k]) lz = 5'd24 - k[4:0];
  end
  // The leading 1 to bit 24 (the hidden bit); bit 0 is then 0, as at most 24 bits are significant.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [24:0] normalized = magnitude << lz;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [7:0]  exponent = 8'd151 - {3'd0, lz};
  assign f = magnitude == 25'd0 ? 32'd0 : {negative, exponent, normalized[23:1]};
endmodule
