// UNIT_NOISE of hw/noisyquant_accelerator.sc.h (make_unit_noise): the xorshift32 step state ^= state << 13,
// state ^= state >> 17, state ^= state << 5, one per cycle. The state carries from one step to the next; the loop
// starts it at kNoisySeed (hw/edqa_hw_config.h). int to float, x 2^-23 and - 1 follow it feed-forward
// (int_to_float.v, float_multiply.v, float_add.v).
// evidence: rows=UNIT_NOISE cycles=1 bram=0 clock=200
// why: II 1: the three shift-xors of one step (each state bit the xor of at most 8 of the last state's) between the state registers
module xorshift32 (
    input  wire        clk,
    input  wire        first,  // j = 0: the state's entry value, kNoisySeed
    output wire [31:0] state   // the state after this step
);
  localparam [31:0] Seed = 32'h2545_F491;  // kNoisySeed
  reg  [31:0] state_reg;
  wire [31:0] s0 = first ? Seed : state_reg;
  wire [31:0] s1 = s0 ^ (s0 << 13);
  wire [31:0] s2 = s1 ^ (s1 >> 17);
  assign state = s2 ^ (s2 << 5);
  always @(posedge clk) state_reg <= state;
endmodule
