// PLACE_CODE_SYMBOLS of hw/huffman_decoder.sc.h (load_code_static_code), one symbol of the codes' static code per
// cycle (docs/spec.md §3.8): a counting sort by length, as place_symbols.v with twelve lengths and 260 symbols. The
// registers are codes_next_[1..12], the slot each length's next symbol takes, loaded on entry with the offsets the
// first codes gave (the `first` phi), and the symbol counter s. The length arrives registered after the lengths
// RAM's bank select (length_select.v). A zero run's code (the slot's code, left-aligned) is taken a stage later from
// the slot, outside the recurrence.
// evidence: rows=PLACE_CODE_SYMBOLS cycles=1 bram=0 clock=200
// why: II 1: the length's decode, the 12:1 select of its slot (the symbol RAM's write address) and the slot's increment lie between the codes_next_ registers
module place_code_symbols (
    input  wire        clk,
    input  wire        first,        // the loop's first symbol: codes_next_ and s take their entry values
    input  wire [53:0] starts_low,   // codes_next_[l] on entry for l = 1..6, at 9(l-1) +: 9
    input  wire [53:0] starts_high,  // ... for l = 7..12, at 9(l-7) +: 9
    input  wire [3:0]  length,       // codes_lengths_[s], 0 to 12
    output wire        writes,       // the symbol has a code: codes_symbols_[slot] = symbol
    output reg  [8:0]  slot,         // codes_next_[length] (9 bits: slots 0..259)
    output wire [8:0]  symbol        // s (its exit compare is the loop's)
);
  reg  [8:0] next [1:12];
  reg  [8:0] s;
  wire [8:0] s_in = first ? 9'd0 : s;
  wire [107:0] starts = {starts_high, starts_low};

  assign writes = length != 4'd0;
  assign symbol = s_in;

  integer k;
  always @* begin
    slot = 9'd0;
    for (k = 1; k <= 12; k = k + 1)
      if ({28'd0, length} == k) slot = first ? starts[9 * (k - 1) +: 9] : next[k];
  end

  genvar l;
  generate
    for (l = 1; l <= 12; l = l + 1) begin : length_counter
      always @(posedge clk) next[l] <= (first ? starts[9 * (l - 1) +: 9] : next[l]) + {8'd0, length == l[3:0]};
    end
  endgenerate
  always @(posedge clk) s <= s_in + 9'd1;
endmodule
