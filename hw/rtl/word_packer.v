// WordPacker::append of hw/edqa_bit_packing.h, one call per cycle: the loop-carried packers of QUANTIZE (N-bit
// codes, the first behind the mode bit 0 with code coding static; and with code coding static a second one, the coded
// section: a run's symbol and a code's, up to 24 bits, the mode bit 1 in front of the record's first, 0 bits in a
// step that emits none), SEND_PAYLOAD (Huffman codes or raw errors) and NoisyQuant's CODES (b-bit codes). The 64-bit
// pending register and its bit count carry from one iteration to the next; a word leaves when 32 bits are pending.
// evidence: rows=QUANTIZE,SEND_PAYLOAD,CODES cycles=1 bram=0 clock=200
// why: II 1: the shift, add and word select of one append lie between the pending registers
module word_packer (
    input  wire        clk,
    input  wire        first,    // the loop's first iteration: the registers' entry values (0) instead
    input  wire [31:0] value,    // the low `width` bits are appended (the rest are zero)
    input  wire [5:0]  width,    // 1 to 32
    output wire        full,     // a word is complete this iteration
    output wire [31:0] word
);
  // At most 31 bits stay pending and at most 32 arrive, so the count fits 6 bits (the C's int, narrowed as HLS's
  // range analysis narrows it); a full word is bit 5 of the sum, and taking it clears that bit.
  reg [63:0] pending;
  reg [5:0]  pending_bits;

  wire [63:0] pending_in = first ? 64'd0 : pending;
  wire [5:0]  bits_in    = first ? 6'd0 : pending_bits;

  wire [63:0] shifted    = (pending_in << width) | {32'd0, value};
  wire [5:0]  total      = bits_in + width;
  assign full            = total[5];
  wire [5:0]  remaining  = {1'b0, total[4:0]};
  assign word            = full ? shifted[remaining +: 32] : 32'd0;

  always @(posedge clk) begin
    pending      <= shifted;
    pending_bits <= remaining;
  end
endmodule
