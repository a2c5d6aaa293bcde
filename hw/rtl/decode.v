// DECODE of hw/huffman_decoder.sc.h (decode_important), one iteration per cycle: the payload bit window and its
// refill, the peek, the code-length match and the consumption. The registers are the loop's window (48 bits,
// left-aligned: bit 47 is the next payload bit, `fill` bits valid, zeros below), its fill count and the payload
// words still to read; a `load` cycle before the loop sets them from the first word. The symbol lookup (a slot from
// the peek, a RAM read) and the code's N bits (WordUnpacker) are later stages, not in the recurrence.
// The same iteration is DECODE_CODES' errors side (an important record whose codes come last, decode_codes), on
// the payload FIFO: there `advance`, a register the codes side sets in a cycle that emitted a code, enables the
// registers and the read (DECODE holds it at 1).
// evidence: rows=DECODE,DECODE_CODES cycles=1 bram=0 clock=200
// why: II 1: the peek is the window's top 8 bits; two compares per length against the record's bounds, the pick and the shift by the consumed length lie between the window registers; the refill is decided and placed from the registered fill (fewer than 16 bits left), never from this cycle's length; DECODE_CODES' enable is a register (set by the codes side a cycle before), a flip-flop's enable, measured with it
module decode (
    input  wire        clk,
    input  wire        load,           // the cycle before the loop: the first word into the window
    input  wire        advance,        // the iteration runs (DECODE_CODES: the last cycle emitted a code)
    input  wire [31:0] word,           // the payload word read this cycle (0 when none, or past P's words)
    input  wire [10:0] payload_words,  // ceil(P / 32); P <= L L_max was checked, so at most 1024 (the C's 11 bits)
    input  wire [63:0] lows,           // low bound of length l at bits 8(l-1) +: 8
    input  wire [63:0] highs,          // high bound of length l (9 bits): its low 8 bits at 8(l-1) +: 8 ...
    input  wire [7:0]  high_tops,      // ... and its bit 8 at bit l-1
    output reg  [3:0]  code_length,    // 0: no code starts with the peek (an invalid code, one bit consumed)
    output wire [7:0]  peek,
    output wire        takes_word      // a payload word is read this cycle
);
  reg [47:0] window;
  reg [5:0]  fill;        // 8..47 in the loop (32 after the load), so 6 bits
  reg [10:0] words_left;

  // The refill comes from registers only: fewer than 16 bits left, so after this cycle's code (at most 8 bits)
  // the next peek still finds 8 valid bits without this word ahead of them.
  wire refill = fill < 6'd16;
  assign takes_word = load ? payload_words != 11'd0 : advance && refill && words_left != 11'd0;
  wire [47:0] merged = refill ? window | ({16'd0, word} << (6'd16 - fill)) : window;
  assign peek = load ? 8'd0 : window[47:40];

  // The C's COMPARE loop: the shortest matching length wins; consume is 1 when none matches.
  reg [3:0] length, consume;
  integer l;
  always @* begin
    length = 4'd0;
    consume = 4'd1;
    for (l = 8; l >= 1; l = l - 1)
      if ({1'b0, window[47:40]} >= {1'b0, lows[8 * (l - 1) +: 8]} &&
          {1'b0, window[47:40]} < {high_tops[l - 1], highs[8 * (l - 1) +: 8]}) begin
        length = l[3:0];
        consume = l[3:0];
      end
    code_length = load ? 4'd0 : length;
  end

  always @(posedge clk) begin
    if (load || advance) begin
      window     <= load ? {word, 16'd0} : merged << consume;
      fill       <= load ? 6'd32 : fill + (refill ? 6'd32 : 6'd0) - {2'd0, consume};
      words_left <= (load ? payload_words : words_left) - {10'd0, takes_word};
    end
  end
endmodule
