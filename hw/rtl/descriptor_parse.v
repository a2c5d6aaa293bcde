// RecordDescriptor::parse and in_range of hw/edqa_descriptor.h as the input router calls them once per record
// (hw/stream_router.sc.h, after READ_DESCRIPTOR): word 0's fields, its reserved bits, and the range check the
// router's verdict takes. Feed-forward from the three descriptor registers READ_DESCRIPTOR filled.
// evidence: rows=READ_DESCRIPTOR cycles=1 bram=0 clock=200
// why: 1 cycle: the router's hand-out cycle after the three descriptor beats (kRecordPrologueCycles = 3 + 1); fields, reserved-bit test and range compares from the descriptor registers
module descriptor_parse (
    input  wire [31:0] word0,
    input  wire [31:0] word1,
    input  wire [31:0] word2,
    input  wire        dequantizing,
    // The C's uint32_t fields at their WordField widths (get() masks them: HLS keeps those bits only).
    output wire [3:0]  bits,
    output wire [3:0]  extra_bits,
    output wire        important,
    output wire [1:0]  coding,
    output wire        loads_static_code,
    output wire        unsigned_grid,
    output wire        code_coding,
    output wire        loads_code_static_code,
    output wire [12:0] length,
    output wire [31:0] scale,
    output wire [31:0] words,
    output wire [31:0] reserved,
    output wire        in_range
);
  assign bits              = word0[3:0];
  assign extra_bits        = word0[7:4];
  assign important         = word0[8];
  assign coding            = word0[10:9];
  assign loads_static_code = word0[11];
  assign unsigned_grid     = word0[12];
  assign code_coding       = word0[13];
  assign loads_code_static_code = word0[14];
  assign length            = word0[28:16];
  // Bits 15 and 31..29 belong to no field.
  assign reserved          = word0 & 32'hE000_8000;
  assign scale             = word1;
  assign words             = word2;

  // kMinBits = 2, kMaxBits = 8, kMaxLength = 4096, kCodingSmallest = 2, kCodingAdaptive = 0; words == length
  // compares W's 32 bits with L zero-extended.
  assign in_range = reserved == 32'd0 && bits >= 4'd2 && bits <= 4'd8 && extra_bits >= 4'd1 &&
                    extra_bits <= bits && length <= 13'd4096 && coding <= 2'd2 &&
                    (dequantizing ? coding == 2'd0 : words == {19'd0, length});
endmodule
