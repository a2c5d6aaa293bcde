// PLACE_SYMBOLS of hw/huffman_decoder.sc.h (place_symbols), one symbol per cycle: a counting sort by length. The
// registers are next_[1..LENGTHS], the slot each length's next symbol takes, loaded on entry with the offsets the
// first codes gave (the `first` phi), and the symbol counter s. The length arrives registered after the lengths
// RAM's bank select (length_select.v), so this path starts at registers. place_code_symbols.v is the same loop for
// the codes' static code.
// evidence: rows=PLACE_SYMBOLS cycles=1 bram=0 clock=200
// why: II 1: the length's decode, the 8:1 select of its slot (the symbol RAM's write address) and the slot's increment lie between the next_ registers
module place_symbols #(
    parameter LENGTHS = 8,  // the longest code length (the C's kMaxCodeLength)
    parameter SLOT_W  = 8   // a slot's and a symbol's width (the C's Symbol)
) (
    input  wire                        clk,
    input  wire                        first,   // the loop's first symbol: next_ and s take their entry values
    input  wire [LENGTHS*SLOT_W-1:0]   starts,  // next_[l] on entry (the offsets of the code), at SLOT_W(l-1) +: SLOT_W
    input  wire [3:0]                  length,  // code_lengths_[s], 0 to LENGTHS (4 bits, the C's CodeLength)
    output wire                        writes,  // the symbol has a code: slots[slot] = symbol
    output reg  [SLOT_W-1:0]           slot,    // next_[length]
    output wire [SLOT_W-1:0]           symbol   // s (the loop counter's bits the write stores; its exit compare is the loop's)
);
  reg  [SLOT_W-1:0] next [1:LENGTHS];
  reg  [SLOT_W-1:0] s;
  wire [SLOT_W-1:0] s_in = first ? {SLOT_W{1'b0}} : s;

  assign writes = length != 4'd0;
  assign symbol = s_in;

  integer k;
  always @* begin
    slot = {SLOT_W{1'b0}};
    for (k = 1; k <= LENGTHS; k = k + 1)
      if ({28'd0, length} == k) slot = first ? starts[SLOT_W * (k - 1) +: SLOT_W] : next[k];
  end

  genvar l;
  generate
    for (l = 1; l <= LENGTHS; l = l + 1) begin : length_counter
      always @(posedge clk)
        next[l] <= (first ? starts[SLOT_W * (l - 1) +: SLOT_W] : next[l]) + {{(SLOT_W - 1){1'b0}}, length == l[3:0]};
    end
  endgenerate
  always @(posedge clk) s <= s_in + {{(SLOT_W - 1){1'b0}}, 1'b1};
endmodule
