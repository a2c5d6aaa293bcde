// The symbol machine of QUANTIZE (Quantizer::coded_step, hw/quantizer.sc.h), code coding static (docs/spec.md §3.8):
// what a code emits as it leaves. The one register is the zero codes not yet emitted (run, < 16); a record's first
// code starts from none. A zero extends the run, and the sixteenth, or the record's last code, emits the run (its
// zeros: 16, or the run's length with this zero); any other code emits the leftover of the run it ends (its zeros,
// 0 for none) and itself. The two symbols' codes are read, joined and packed in later steps (hw/rtl/word_packer.v,
// one append of at most 25 bits).
// evidence: rows=QUANTIZE cycles=1 bram=0 clock=200
// why: II 1: the code's zero test, the run's 4-bit increment and its compare with 15, and the select of the run's next value lie between the run's registers
module code_symbols (
    input  wire       clk,
    input  wire       first,       // the record's first code: the run's entry value (0)
    input  wire       last,        // the record's last code
    input  wire [7:0] code,        // the code, N bits
    output reg        emits_run,   // the code emits a run's symbol (a run of 2 .. 16, or the zero code for one)
    output reg  [4:0] zeros,       // the zeros it stands for
    output reg        emits_code,  // the code emits its own symbol, after the run's
    output reg  [3:0] run          // the register after the code
);
  reg  [3:0] run_r;
  wire [3:0] run_in = first ? 4'd0 : run_r;

  always @* begin
    if (code == 8'd0) begin
      zeros      = {1'b0, run_in} + 5'd1;
      emits_run  = run_in == 4'd15 || last;
      emits_code = 1'b0;
      run        = emits_run ? 4'd0 : run_in + 4'd1;
    end else begin
      zeros      = {1'b0, run_in};
      emits_run  = run_in != 4'd0;
      emits_code = 1'b1;
      run        = 4'd0;
    end
  end

  always @(posedge clk) run_r <= run;
endmodule
