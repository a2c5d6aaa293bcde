// CODE_CODES of HuffmanCoder::code_codes (hw/huffman_encoder.sc.h), code coding static, code mode 1 (docs/spec.md
// §3.8): what a step emits. The one register is the zero codes not yet emitted (run, < 16). The loop's first step
// takes nothing and emits nothing (it fetches the first code into the lookahead, hw/rtl/code_step.v). Every later
// step takes the lookahead's code: a zero extends the run, and the sixteenth, or the record's last code, emits the
// run (its zeros: 16, or the run's length with this zero); any other code emits the leftover of the run it ends
// (its zeros, 0 for none) and itself. The two symbols' codes are read and packed in later stages
// (hw/rtl/word_packer.v, one append of at most 24 bits). The step's whole recurrence, with the lookahead's unpacker,
// is hw/rtl/code_step.v.
// evidence: rows=CODE_CODES cycles=1 bram=0 clock=200
// why: II 1: the code's zero test, the run's 4-bit increment and its compare with 15, and the select of the run's next value lie between the run's registers
module code_symbols (
    input  wire       clk,
    input  wire       first,       // the loop's first step: the run's entry value, nothing emitted
    input  wire       last,        // the step takes the record's last code
    input  wire [7:0] code,        // the lookahead's code: the one the step takes
    output reg        emits_run,   // the step emits a run's symbol (a run of 2 .. 16, or the zero code for one)
    output reg  [4:0] zeros,       // the zeros it stands for
    output reg        emits_code,  // the step emits the code's symbol, after the run's
    output reg  [3:0] run          // the register after the step
);
  reg  [3:0] run_r;
  wire [3:0] run_in = first ? 4'd0 : run_r;

  always @* begin
    emits_run  = 1'b0;
    zeros      = 5'd0;
    emits_code = 1'b0;
    run        = run_in;
    if (!first && code == 8'd0) begin
      zeros     = {1'b0, run_in} + 5'd1;
      emits_run = run_in == 4'd15 || last;
      run       = emits_run ? 4'd0 : run_in + 4'd1;
    end else if (!first) begin
      zeros      = {1'b0, run_in};
      emits_run  = run_in != 4'd0;
      emits_code = 1'b1;
      run        = 4'd0;
    end
  end

  always @(posedge clk) run_r <= run;
endmodule
