// One step of CODE_CODES (hw/huffman_encoder.sc.h, code_codes) whole: the symbol machine (hw/rtl/code_symbols.v)
// and the lookahead that feeds it. The symbol machine decides on the code in the lookahead's register; meanwhile the
// unpacker (hw/rtl/word_unpacker.v) unpacks the code after it at width N. The take no longer sets the unpacker's
// width: it selects whether the unpacked code enters the register and the unpacker's registers advance, enables the
// word's read and counts down the codes left, all after the unpacking, not before it. The first step fetches code 0
// (L >= 1 in code mode 1); `first` is the C's loop-carried flag (a register, not a compare on the step count);
// `left` counts the codes not yet unpacked, so the lookahead never reads past the record's codes section.
// evidence: rows=CODE_CODES cycles=1 bram=0 clock=200 uses=word_unpacker,code_symbols
// why: II 1: the unpacker's refill compare, shift-in and N-bit select from its registers, in parallel the take decision and the count of codes left, then the lookahead's mux; and the symbol machine from the lookahead's register lie between the registers
module code_step (
    input  wire        clk,
    input  wire        first,   // the loop's first step: the registers take their entry values and code 0 is fetched
    input  wire [12:0] count,   // L
    input  wire [3:0]  n,       // N
    input  wire [31:0] word,    // the codes word fed this step (0 when none)
    output wire        feeds,   // the step reads a codes word
    output wire        take,
    output wire        emits,
    output wire [8:0]  symbol,
    output wire [3:0]  run,
    output wire        held,
    output wire [12:0] taken
);
  reg  [7:0]  code_r;  // the lookahead: the code the next take takes
  reg  [12:0] left_r;  // codes not yet unpacked
  wire [12:0] left_in = first ? count : left_r;
  wire        advance = first || (take && left_r != 13'd0);
  wire [7:0]  next;
  code_symbols symbols (
      .clk(clk), .first(first), .count(count), .n(n), .code(code_r), .take(take), .emits(emits), .symbol(symbol),
      .run(run), .held(held), .taken(taken));
  word_unpacker #(.HOLDS(1)) unpack (
      .clk(clk), .first(first), .word(word), .width(n), .advance(advance), .needs_word(feeds), .value(next));

  always @(posedge clk) begin
    if (advance) code_r <= next;
    left_r <= left_in - {12'd0, advance};
  end
endmodule
