// CODE_CODES of HuffmanCoder::code_codes (hw/huffman_encoder.sc.h), code coding static, code mode 1 (docs/spec.md
// §3.8): which symbol a step emits. The registers are the zero codes not yet emitted (run, < 16), the held code and
// its flag, and the codes taken. The loop's first step takes nothing and emits nothing (it fetches the first code into
// the lookahead, hw/rtl/code_step.v). A later step takes the next code (the lookahead's register) unless a run's
// leftover must go out (a code ended it, or the record did) or a held code waits: a zero extends the run and the
// sixteenth emits a run of 16; another code goes out at once after no run, or is held while the run's pieces go out,
// the largest first (8, 4, 2 a run symbol, 1 the zero code), the first piece in the same step. The symbol's code is
// read and packed in later stages (hw/rtl/word_packer.v). The step's whole recurrence, with the lookahead's unpacker,
// is hw/rtl/code_step.v.
// evidence: rows=CODE_CODES cycles=1 bram=0 clock=200
// why: II 1: the take decision from the registers (a 13-bit compare with L), the code's zero test, the run's priority pick and its 4-bit update, the symbol select and the 13-bit count increment lie between the registers
module code_symbols (
    input  wire        clk,
    input  wire        first,    // the loop's first step: the registers' entry values
    input  wire [12:0] count,    // L
    input  wire [3:0]  n,        // N: the run symbols are 2^N .. 2^N + 3
    input  wire [7:0]  code,     // the lookahead's code: the one the step takes if it takes one
    output wire        take,     // the step takes a code
    output reg         emits,    // the step emits a symbol
    output reg  [8:0]  symbol,   // which
    output reg  [3:0]  run,      // the registers after the step
    output reg         held,
    output wire [12:0] taken
);
  reg [3:0]  run_r;
  reg        held_r;
  reg [7:0]  held_code_r;
  reg [12:0] taken_r;
  reg [7:0]  held_code;

  wire [3:0]  run_in   = first ? 4'd0 : run_r;
  wire        held_in  = first ? 1'b0 : held_r;
  wire [12:0] taken_in = first ? 13'd0 : taken_r;

  wire       ended    = taken_in == count;
  wire       flushing = run_in != 4'd0 && (held_in || ended);
  assign take         = !first && !flushing && !held_in && !ended;
  assign taken        = taken_in + {12'd0, take};

  wire [8:0] runs         = 9'd1 << n;
  wire [3:0] piece        = run_in[3] ? 4'd8 : run_in[2] ? 4'd4 : run_in[1] ? 4'd2 : 4'd1;
  wire [8:0] piece_symbol = run_in[3] ? runs + 9'd2 : run_in[2] ? runs + 9'd1 : run_in[1] ? runs : 9'd0;

  always @* begin
    emits     = 1'b1;
    symbol    = piece_symbol;
    run       = run_in - piece;
    held      = held_in;
    held_code = held_code_r;
    if (first) begin
      emits = 1'b0;
      run   = run_in;
    end else if (take && code == 8'd0) begin
      emits  = run_in == 4'd15;
      symbol = runs + 9'd3;
      run    = run_in + 4'd1;
    end else if (take && run_in == 4'd0) begin
      symbol = {1'b0, code};
      run    = run_in;
    end else if (take) begin
      held      = 1'b1;
      held_code = code;
    end else if (!flushing) begin
      symbol = {1'b0, held_code_r};
      run    = run_in;
      held   = 1'b0;
    end
  end

  always @(posedge clk) begin
    run_r       <= run;
    held_r      <= held;
    held_code_r <= held_code;
    taken_r     <= taken;
  end
endmodule
