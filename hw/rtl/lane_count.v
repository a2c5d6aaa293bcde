// The values counter of ROUTE_VALUES (the input router) and MERGE_WORDS (the output merger), hw/stream_router.sc.h:
// take = min(count - sent, lanes) values this cycle, sent += take; the loop ends when sent == count. `sent`
// carries from one cycle to the next; two lanes (one lane takes 1 each cycle: an increment).
// evidence: rows=ROUTE_VALUES,MERGE_WORDS cycles=1 bram=0 clock=200
// why: II 1: the subtract count - sent, its compare with the lanes, and the add of the take lie between the sent registers
module lane_count (
    input  wire        clk,
    input  wire        first,  // the loop's first iteration: sent's entry value, 0
    input  wire [12:0] count,  // L, at most kMaxLength = 4096 (the C's uint32_t, narrowed as HLS narrows it)
    output wire [1:0]  take,
    output wire [12:0] sent    // after this cycle's take
);
  reg  [12:0] sent_reg;
  wire [12:0] sent_in = first ? 13'd0 : sent_reg;
  wire [12:0] left = count - sent_in;
  assign take = left >= 13'd2 ? 2'd2 : left[1:0];
  assign sent = sent_in + {11'd0, take};
  always @(posedge clk) sent_reg <= sent;
endmodule
