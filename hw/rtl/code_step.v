// One step of CODE_CODES (hw/huffman_encoder.sc.h, code_codes) whole: the symbol machine (hw/rtl/code_symbols.v)
// and the lookahead that feeds it. The symbol machine decides on the code in the lookahead's register; meanwhile the
// unpacker (hw/rtl/word_unpacker.v) unpacks the code after it at width N. After the first step (which fetches code 0;
// L >= 1 in code mode 1) every step takes a code, so the unpacker advances while codes are left to unpack: `left`
// counts them, keeps the lookahead inside the record's codes section, and at 0 says the step takes the last code.
// `first` is the C's loop-carried flag (a register, not a compare on the step count).
// evidence: rows=CODE_CODES cycles=1 bram=0 clock=200 uses=word_unpacker,code_symbols
// why: II 1: the unpacker's refill compare, shift-in and N-bit select from its registers, in parallel the 13-bit zero test of the codes left and its decrement, then the lookahead's mux; and the symbol machine from the lookahead's register lie between the registers
module code_step (
    input  wire        clk,
    input  wire        first,       // the loop's first step: the registers take their entry values, code 0 is fetched
    input  wire [12:0] count,       // L
    input  wire [3:0]  n,           // N
    input  wire [31:0] word,        // the codes word fed this step (0 when none)
    output wire        feeds,       // the step reads a codes word
    output wire        emits_run,
    output wire [4:0]  zeros,
    output wire        emits_code,
    output wire [3:0]  run
);
  reg  [7:0]  code_r;  // the lookahead: the code the next step takes
  reg  [12:0] left_r;  // codes not yet unpacked
  wire        none_left = left_r == 13'd0;
  wire        advance = first || !none_left;
  wire        last = !first && none_left;
  wire [7:0]  next;
  code_symbols symbols (
      .clk(clk), .first(first), .last(last), .code(code_r), .emits_run(emits_run), .zeros(zeros),
      .emits_code(emits_code), .run(run));
  word_unpacker #(.HOLDS(1)) unpack (
      .clk(clk), .first(first), .word(word), .width(n), .advance(advance), .needs_word(feeds), .value(next));

  always @(posedge clk) begin
    if (advance) code_r <= next;
    left_r <= (first ? count : left_r) - {12'd0, advance};
  end
endmodule
