// REPAIR_LENGTHS of HuffmanCoder::limit_lengths (hw/huffman_encoder.sc.h), one zlib repair round per cycle (spec
// §3.1 step 5). The registers are the nine length counters (length_counts_, partitioned: registers) and the Kraft
// sum, loaded on entry (the `first` phi: the counts COUNT_DEPTHS left, the sum KRAFT_SUM took the cycle before).
// A round finds the deepest level below L_max with a symbol (a priority over the counters' zero flags), moves one
// symbol of it a level down (-1 there, +2 below) and takes one symbol off L_max (-1), and lowers the sum by one.
// The round's writes are predicated by the loop's exit test (kraft <= 2^L_max): the exiting iteration writes
// nothing, so the registers then hold what the loop leaves.
// evidence: rows=REPAIR_LENGTHS cycles=1 bram=0 clock=200
// why: II 1: the counters' zero flags, the priority pick of the level, and per counter one 13-bit add of -1, +1 or +2 lie between the counter registers
module repair_lengths (
    input  wire        clk,
    input  wire        first,        // round 0: the registers from the entry values
    input  wire [31:0] entry_kraft,  // the C's uint32_t (KRAFT_SUM)
    input  wire [12:0] entry0,       // length_counts_[0..8] on entry (sc_uint<13>)
    input  wire [12:0] entry1,
    input  wire [12:0] entry2,
    input  wire [12:0] entry3,
    input  wire [12:0] entry4,
    input  wire [12:0] entry5,
    input  wire [12:0] entry6,
    input  wire [12:0] entry7,
    input  wire [12:0] entry8,
    output wire        over,         // kraft > 2^8: the round runs (else the loop exits)
    output reg  [3:0]  level,        // the C's int: 7..0, or -1 when no level below 8 has a symbol
    output wire [31:0] kraft,        // after the round
    output wire [12:0] count0,       // each counter after the round
    output wire [12:0] count1,
    output wire [12:0] count2,
    output wire [12:0] count3,
    output wire [12:0] count4,
    output wire [12:0] count5,
    output wire [12:0] count6,
    output wire [12:0] count7,
    output wire [12:0] count8
);
  reg  [31:0] kraft_reg;
  reg  [12:0] count_reg [0:8];
  wire [12:0] entry [0:8];
  wire [12:0] count [0:8];  // this round's counters (the phi)
  wire [12:0] next  [0:8];
  assign entry[0] = entry0;
  assign entry[1] = entry1;
  assign entry[2] = entry2;
  assign entry[3] = entry3;
  assign entry[4] = entry4;
  assign entry[5] = entry5;
  assign entry[6] = entry6;
  assign entry[7] = entry7;
  assign entry[8] = entry8;

  wire [31:0] kraft_now = first ? entry_kraft : kraft_reg;
  assign over = kraft_now > 32'd256;

  // FIND_LEVEL: from 7 down, the first counter that is not zero.
  integer k;
  always @* begin
    level = 4'hF;
    for (k = 0; k <= 7; k = k + 1)
      if (count[k] != 13'd0) level = k[3:0];
  end

  genvar d;
  generate
    for (d = 0; d <= 8; d = d + 1) begin : counter
      assign count[d] = first ? entry[d] : count_reg[d];
      // length_counts_[level] -= 1, then [level + 1] += 2, then [8] -= 1, in that order (at level 7 the last two
      // meet: +1 on counter 8). The candidate sums are taken from the counter beside the level's priority, which
      // then only selects among them.
      wire up = level + 4'd1 == d;
      wire [12:0] moved;
      if (d == 8) begin : deepest  // never the level (at most 7)
        wire [12:0] plus1 = count[d] + 13'd1;
        wire [12:0] minus1 = count[d] - 13'd1;
        assign moved = up ? plus1 : minus1;
      end else begin : shallower
        wire [12:0] plus2 = count[d] + 13'd2;
        wire [12:0] minus1 = count[d] - 13'd1;
        wire down = level == d;
        assign moved = up ? plus2 : (down ? minus1 : count[d]);
      end
      assign next[d] = over ? moved : count[d];
      always @(posedge clk) count_reg[d] <= next[d];
    end
  endgenerate
  assign kraft = over ? kraft_now - 32'd1 : kraft_now;
  always @(posedge clk) kraft_reg <= kraft;

  assign count0 = next[0];
  assign count1 = next[1];
  assign count2 = next[2];
  assign count3 = next[3];
  assign count4 = next[4];
  assign count5 = next[5];
  assign count6 = next[6];
  assign count7 = next[7];
  assign count8 = next[8];
endmodule
