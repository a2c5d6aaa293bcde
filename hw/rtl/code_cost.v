// The price of one code in QUANTIZE (hw/quantizer.sc.h, price_code), code coding static (docs/spec.md §3.8): the
// record's coded bits Q and the zero codes since its last symbol (mod 16) are the registers. A zero code extends
// the run, and the sixteenth costs a run of 16; any other code costs its own length (read from the lengths RAM by
// its field, registered) and the leftover of the run it ends, one symbol (a run of its length, or the zero code),
// its length picked from the registered lengths by the run. The cost is registered before Q's add (Q lags the run by a step: the model's
// pending cost), so after the last code two `close` steps add the last run's leftover and then the last cost.
// evidence: rows=QUANTIZE cycles=1 bram=0 clock=200
// why: II 1: the run's 4-bit increment and the cost (a 16-way pick of a 4-bit length by the run, added to the code's length, into a register); Q's one 16-bit add of the registered cost
module code_cost (
    input  wire        clk,
    input  wire        first,       // the record's first code: run, cost and Q from 0
    input  wire        close,       // after the last code: the last run's leftover only
    input  wire        zero,        // the code is 0
    input  wire [3:0]  length,      // the code's length in the codes' static code
    input  wire [63:0] lengths,     // a run of r = 1 .. 16 zeros' (the zero code's for 1) at 4(r - 1) +: 4
    output wire [3:0]  run,         // the zero codes not yet priced after this step
    output wire [15:0] coded_bits   // Q with every cost before this step's (at most 4096 x 12: 16 bits)
);
  reg [3:0]  run_r;
  reg [5:0]  cost_r;
  reg [15:0] q_r;
  wire [3:0]  run_in  = first ? 4'd0 : run_r;
  wire [5:0]  cost_in = first ? 6'd0 : cost_r;
  wire [15:0] q_in    = first ? 16'd0 : q_r;

  wire [3:0] run_less = run_in - 4'd1;
  wire [5:0] leftover = run_in == 4'd0 ? 6'd0 : {2'd0, lengths[4 * run_less +: 4]};
  wire [5:0] cost = close ? leftover
                  : zero  ? (run_in == 4'd15 ? {2'd0, lengths[63:60]} : 6'd0)
                          : leftover + {2'd0, length};
  assign run        = close ? 4'd0 : (zero ? run_in + 4'd1 : 4'd0);
  assign coded_bits = q_in + {10'd0, cost_in};

  always @(posedge clk) begin
    run_r  <= run;
    cost_r <= cost;
    q_r    <= coded_bits;
  end
endmodule
