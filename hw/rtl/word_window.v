// The input router's word window (hw/stream_router.sc.h, InputRouterT::window_step): the words of the beats read
// from the input stream wait here until a loop takes them. One call a cycle in every router loop that reads the
// input (READ_DESCRIPTOR, SKIP_INPUT, ROUTE_VALUES, DRAIN_INPUT, ROUTE_RECORD, CHECK_STATIC_CODE): a beat in when
// fewer than `needed` words wait and TLAST has not passed, then `takes` words out (0 once the input is exhausted).
// The three words, their count and the TLAST flag carry from one cycle to the next (and from loop to loop within a
// START); two lanes (a 64-bit stream: a beat of one or two words), the one-lane window being its subset.
// evidence: rows=READ_DESCRIPTOR,SKIP_INPUT,ROUTE_VALUES,DRAIN_INPUT,ROUTE_RECORD,CHECK_STATIC_CODE,CHECK_CODE_STATIC_CODE cycles=1 bram=0 clock=200
// why: II 1: the refill decision (count < needed), the beat's words placed by the count, then two takes (a shift down each) between the window registers
module word_window (
    input  wire        clk,
    input  wire        reset,        // a START's first call: the window empty, TLAST not passed
    input  wire [1:0]  needed,       // 0 to 2
    input  wire [1:0]  takes,        // 0 to needed
    input  wire [1:0]  words,        // the beat's words (1 or 2) when it is read
    input  wire [31:0] in0,          // the beat's first word
    input  wire [31:0] in1,          // its second
    input  wire        last,         // its TLAST
    output wire        reads,        // a beat is read this cycle
    output wire [31:0] first_word,   // the first word taken, 0 for none
    output wire [31:0] second_word,  // the second, 0 for none
    output wire [1:0]  count,        // words waiting after the takes (at most 3: the C's int, narrowed)
    output wire        ended,        // TLAST has passed
    output wire        short_input   // fewer words than `takes` after the refill: the input ended
);
  reg [31:0] win0, win1, win2;
  reg [1:0]  count_reg;
  reg        ended_reg;

  wire [1:0] c0 = reset ? 2'd0 : count_reg;
  wire       e0 = reset ? 1'b0 : ended_reg;
  assign reads = c0 < needed && !e0;  // then c0 is 0 or 1 (needed <= 2)
  // refill: the beat's words at window[c0], window[c0 + 1].
  wire two = words == 2'd2;
  wire [31:0] a0 = reads && c0 == 2'd0 ? in0 : win0;
  wire [31:0] a1 = reads ? (c0 == 2'd0 ? (two ? in1 : win1) : in0) : win1;
  wire [31:0] a2 = reads && c0 == 2'd1 && two ? in1 : win2;
  wire [1:0]  c1 = reads ? c0 + words : c0;
  assign ended = reads ? last : e0;
  assign short_input = {1'b0, c1} < {1'b0, takes};
  // take_word: window[0] out, the rest shifted down (window[2] stays), unless empty.
  wire take1 = takes != 2'd0 && c1 != 2'd0;
  assign first_word = take1 ? a0 : 32'd0;
  wire [31:0] b0 = take1 ? a1 : a0;
  wire [31:0] b1 = take1 ? a2 : a1;
  wire [1:0]  c2 = take1 ? c1 - 2'd1 : c1;
  wire take2 = takes == 2'd2 && c2 != 2'd0;
  assign second_word = take2 ? b0 : 32'd0;
  wire [31:0] d0 = take2 ? b1 : b0;
  wire [31:0] d1 = take2 ? a2 : b1;
  assign count = take2 ? c2 - 2'd1 : c2;

  always @(posedge clk) begin
    win0      <= d0;
    win1      <= d1;
    win2      <= a2;
    count_reg <= count;
    ended_reg <= ended;
  end
endmodule
