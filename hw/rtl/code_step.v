// One step of CODE_CODES (hw/huffman_encoder.sc.h, code_codes) whole: the symbol machine (hw/rtl/code_symbols.v)
// and the unpacker that feeds it (hw/rtl/word_unpacker.v) as the step joins them. Whether the step takes a code comes
// from the symbol machine's registers and sets the unpacker's width (N or 0); the code the unpacker gives sets the
// run, the held code and the count: one loop-carried path through both modules, which neither measures alone.
// evidence: rows=CODE_CODES cycles=2 bram=0 clock=200 uses=word_unpacker,code_symbols
// why: II 2: the take decision from the registers, the unpacker's refill compare, shift-in and N-bit select at that width, the code's zero test and the run's update lie between the registers
module code_step (
    input  wire        clk,
    input  wire        first,   // the loop's first step: both modules' registers take their entry values
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
  wire [7:0] code;
  code_symbols symbols (
      .clk(clk), .first(first), .count(count), .n(n), .code(code), .take(take), .emits(emits), .symbol(symbol),
      .run(run), .held(held), .taken(taken));
  word_unpacker unpack (
      .clk(clk), .first(first), .word(word), .width(take ? n : 4'd0), .needs_word(feeds), .value(code));
endmodule
