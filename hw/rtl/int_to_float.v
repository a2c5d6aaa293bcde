// DEQUANTIZE's int-to-float, float32(t) for t = q 2^m + e (hw/dequantizer.sc.h): exact, as the C's static_cast
// is for every t the Dequantizer forms. Feed-forward, no register. On the board it is Xilinx's Floating-Point
// Operator core (PG060, fixed-to-float, latency 5): this is evidence of the function and its depth.
// evidence: rows=DEQUANTIZE cycles=5 bram=0 clock=200 core=sitofp
// why: 5 of DEQUANTIZE's 11 stages (read 1, t 1, int to float 5, fmul 4): the sitofp latency (kSitofpLatency); negate, leading zeros, shift
module int_to_float (
    // t narrowed to 24 bits, as HLS's range analysis narrows it: q is sc_int<8>, m an sc_uint<4> (so 2^m <= 2^15:
    // q 2^m has 23 bits with its sign) and e at most 8 bits, so t lies in [-2^23, 2^23) and float32(t) is exact.
    input  wire [23:0] t,
    output wire [31:0] f
);
  wire        negative = t[23];
  wire [23:0] magnitude = negative ? -t : t;  // at most 2^23: fits 24 bits unsigned
  reg [4:0] lz;
  integer k;
  always @* begin
    lz = 5'd0;
    for (k = 0; k < 24; k = k + 1) if (magnitude[k]) lz = 5'd23 - k[4:0];
  end
  wire [22:0] fraction = magnitude[22:0] << lz;  // the leading 1 shifts out of the 23 bits: the hidden bit
  wire [7:0]  exponent = 8'd150 - {3'd0, lz};
  assign f = magnitude == 24'd0 ? 32'd0 : {negative, exponent, fraction};
endmodule
