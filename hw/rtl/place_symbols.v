// PLACE_SYMBOLS of hw/huffman_decoder.sc.h (place_symbols), one symbol per cycle: a counting sort by length. The
// registers are next_[1..8], the slot each length's next symbol takes, loaded on entry with the offsets the first
// codes gave (the `first` phi), and the symbol counter s. The length arrives registered after the lengths RAM's
// bank select (length_select.v), so this path starts at registers.
// evidence: rows=PLACE_SYMBOLS cycles=1 bram=0 clock=200
// why: II 1: the length's decode, the 8:1 select of its slot (the symbol RAM's write address) and the slot's increment lie between the next_ registers
module place_symbols (
    input  wire        clk,
    input  wire        first,   // the loop's first symbol: next_ and s take their entry values
    input  wire [63:0] starts,  // next_[l] on entry (the offsets of the code), at 8(l-1) +: 8
    input  wire [3:0]  length,  // code_lengths_[s], 0 to 8 (4 bits, the C's CodeLength)
    output wire        writes,  // the symbol has a code: slots[slot] = symbol
    output reg  [7:0]  slot,    // next_[length] (the C's Symbol: 8 bits)
    output wire [7:0]  symbol   // s (the loop counter's 8 bits the write stores; its exit compare is the loop's)
);
  reg  [7:0] next [1:8];
  reg  [7:0] s;
  wire [7:0] s_in = first ? 8'd0 : s;

  assign writes = length != 4'd0;
  assign symbol = s_in;

  integer k;
  always @* begin
    slot = 8'd0;
    for (k = 1; k <= 8; k = k + 1)
      if ({28'd0, length} == k) slot = first ? starts[8 * (k - 1) +: 8] : next[k];
  end

  genvar l;
  generate
    for (l = 1; l <= 8; l = l + 1) begin : length_counter
      always @(posedge clk) next[l] <= (first ? starts[8 * (l - 1) +: 8] : next[l]) + {7'd0, length == l[3:0]};
    end
  endgenerate
  always @(posedge clk) s <= s_in + 8'd1;
endmodule
