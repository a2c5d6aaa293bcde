// WordUnpacker of hw/edqa_bit_packing.h, needs_word/feed/take of one N-bit value per cycle: DECODE_DIRECT's
// and NoisyQuant's NOISY_DEQUANTIZE's recurrence, and the code unpacking stage of DECODE (the same loop shape on the
// set-aside FIFO). The 64-bit pending register and its bit count carry from one iteration to the next; a word enters
// when fewer than N bits are pending.
// evidence: rows=DECODE_DIRECT,NOISY_DEQUANTIZE cycles=1 bram=0 clock=200
// why: II 1: the refill compare, the 32-bit shift-in, the count update and the N-bit select lie between the pending registers
module word_unpacker (
    input  wire        clk,
    input  wire        first,       // the loop's first iteration: the registers' entry values (0) instead
    input  wire [31:0] word,        // the word fed this iteration (0 when none)
    input  wire [3:0]  width,       // N, 1 to 8 (the C's int, narrowed as HLS's range analysis narrows it)
    output wire        needs_word,
    output wire [7:0]  value        // the low `width` bits taken (the C's uint32_t: N <= 8 bits are non-zero)
);
  // At most N - 1 < 8 bits stay pending before a feed, so the count stays below 40: 6 bits.
  reg [63:0] pending;
  reg [5:0]  pending_bits;

  wire [63:0] pending_in = first ? 64'd0 : pending;
  wire [5:0]  bits_in    = first ? 6'd0 : pending_bits;

  wire        needs     = bits_in < {2'd0, width};
  assign needs_word     = needs;
  wire [63:0] fed       = needs ? {pending_in[31:0], word} : pending_in;
  wire [5:0]  remaining = bits_in + (needs ? 6'd32 : 6'd0) - {2'd0, width};
  /* verilator lint_off UNUSEDSIGNAL */
  wire [63:0] shifted   = fed >> remaining;  // the C shifts all 64 bits; only the low 8 are kept
  /* verilator lint_on UNUSEDSIGNAL */
  assign value          = shifted[7:0] & ((8'd1 << width) - 8'd1);

  always @(posedge clk) begin
    pending      <= fed;
    pending_bits <= remaining;
  end
endmodule
