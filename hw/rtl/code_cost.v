// The price of one code in QUANTIZE (hw/quantizer.sc.h, price_code), code coding static (docs/spec.md §3.8): the
// record's coded bits Q and the zero codes since its last symbol (mod 16) are the registers. A zero code extends
// the run, and the sixteenth costs a run of 16; any other code costs its own length (read from the lengths RAM by
// its field, registered) and the leftover of the run it ends: a run of 8, of 4, of 2 and a zero code by the run's
// bits, from the registered lengths. The cost is registered before Q's add (Q lags the run by a step: the model's
// pending cost), so after the last code two `close` steps add the last run's leftover and then the last cost.
// evidence: rows=QUANTIZE cycles=1 bram=0 clock=200
// why: II 1: the run's 4-bit increment and the cost (four masked 4-bit lengths summed with the code's length, into a register); Q's one 16-bit add of the registered cost
module code_cost (
    input  wire        clk,
    input  wire        first,       // the record's first code: run, cost and Q from 0
    input  wire        close,       // after the last code: the last run's leftover only
    input  wire        zero,        // the code is 0
    input  wire [3:0]  length,      // the code's length in the codes' static code
    input  wire [19:0] lengths,     // runs of 2, 4, 8, 16 at 4r +: 4, the zero code's at 16 +: 4
    output wire [3:0]  run,         // the zero codes not yet priced after this step
    output wire [15:0] coded_bits   // Q with every cost before this step's (at most 4096 x 12: 16 bits)
);
  reg [3:0]  run_r;
  reg [5:0]  cost_r;
  reg [15:0] q_r;
  wire [3:0]  run_in  = first ? 4'd0 : run_r;
  wire [5:0]  cost_in = first ? 6'd0 : cost_r;
  wire [15:0] q_in    = first ? 16'd0 : q_r;

  wire [5:0] leftover = (run_in[3] ? {2'd0, lengths[11:8]} : 6'd0) + (run_in[2] ? {2'd0, lengths[7:4]} : 6'd0) +
                        (run_in[1] ? {2'd0, lengths[3:0]} : 6'd0) + (run_in[0] ? {2'd0, lengths[19:16]} : 6'd0);
  wire [5:0] cost = close ? leftover
                  : zero  ? (run_in == 4'd15 ? {2'd0, lengths[15:12]} : 6'd0)
                          : leftover + {2'd0, length};
  assign run        = close ? 4'd0 : (zero ? run_in + 4'd1 : 4'd0);
  assign coded_bits = q_in + {10'd0, cost_in};

  always @(posedge clk) begin
    run_r  <= run;
    cost_r <= cost;
    q_r    <= coded_bits;
  end
endmodule
