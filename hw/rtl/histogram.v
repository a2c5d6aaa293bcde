// The collector's histogram (HuffmanCollector of hw/huffman_encoder.sc.h): three banks of 256 13-bit counts, each
// read through its block RAM's output register (read latency 2), one op a cycle:
//   COLLECT          count: bank[address] += 1, element i in bank i mod 3
//   MERGE_BANKS      merge: the three banks' counts at address summed, the three zeroed
//   CLEAR_HISTOGRAM  clear: the three zeroed at address (a write only, in the op's first cycle)
// A count or merge reads in its first cycle, the data reaches the output register in its second, and the add and
// the write take its third: `result` is the value the op two cycles earlier wrote (count) or sent (merge). A bank is
// next read three elements later, after that write: the RAM's own contents carry the histogram here, no forwarding.
// evidence: rows=COLLECT,MERGE_BANKS cycles=1 bram=0 clock=200
// why: II 1: a bank's read-add-write spans three cycles; the increment (or the three-count sum) starts at the output register
module histogram (
    input  wire        clk,
    input  wire [1:0]  op,       // 0 idle, 1 count, 2 merge, 3 clear
    input  wire [1:0]  bank,     // count: the element's bank, 0..2
    input  wire [7:0]  address,  // the error (count), the symbol (merge, clear)
    output wire [12:0] result
);
  localparam COUNT = 2'd1, MERGE = 2'd2, CLEAR = 2'd3;  // 0: idle

  reg [12:0] bank0 [0:255];
  reg [12:0] bank1 [0:255];
  reg [12:0] bank2 [0:255];

  // Stage 1: the read (every bank at address; only the op's bank matters for a count).
  reg [12:0] latch0, latch1, latch2;
  reg [1:0]  op2, bank2_sel;
  reg [7:0]  address2;
  // Stage 2: the output registers.
  reg [12:0] q0, q1, q2;
  reg [1:0]  op3, bank3_sel;
  reg [7:0]  address3;

  always @(posedge clk) begin
    latch0 <= bank0[address];
    latch1 <= bank1[address];
    latch2 <= bank2[address];
    op2 <= op;
    bank2_sel <= bank;
    address2 <= address;
    q0 <= latch0;
    q1 <= latch1;
    q2 <= latch2;
    op3 <= op2;
    bank3_sel <= bank2_sel;
    address3 <= address2;
  end

  // Stage 3: the add and the write.
  wire [12:0] next0 = q0 + 13'd1;
  wire [12:0] next1 = q1 + 13'd1;
  wire [12:0] next2 = q2 + 13'd1;
  wire [12:0] sum = q0 + q1 + q2;  // at most L = 4096 elements: 13 bits
  wire count3 = op3 == COUNT;
  wire merge3 = op3 == MERGE;
  assign result = count3 ? (bank3_sel == 2'd0 ? next0 : bank3_sel == 2'd1 ? next1 : next2) : merge3 ? sum : 13'd0;

  // One write port per bank: the clear's zero in its first cycle, or stage 3's count or zero.
  wire clear1 = op == CLEAR;
  wire [7:0] write_address = clear1 ? address : address3;
  always @(posedge clk) begin
    if (clear1 || merge3 || (count3 && bank3_sel == 2'd0)) bank0[write_address] <= count3 ? next0 : 13'd0;
    if (clear1 || merge3 || (count3 && bank3_sel == 2'd1)) bank1[write_address] <= count3 ? next1 : 13'd0;
    if (clear1 || merge3 || (count3 && bank3_sel == 2'd2)) bank2[write_address] <= count3 ? next2 : 13'd0;
  end
endmodule
