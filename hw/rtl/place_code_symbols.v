// PLACE_CODE_SYMBOLS of hw/huffman_decoder.sc.h (load_code_static_code), one symbol of the codes' static code per
// cycle (docs/spec.md §3.8): place_symbols.v with twelve lengths and 271 symbols (9-bit slots). The registers are
// codes_next_[1..12] and the symbol counter s. A zero run's code (the slot's code, left-aligned) is taken a stage
// later from the slot, outside the recurrence.
// evidence: rows=PLACE_CODE_SYMBOLS cycles=1 bram=0 clock=200 uses=place_symbols
// why: II 1: the length's decode, the 12:1 select of its slot (the symbol RAM's write address) and the slot's increment lie between the codes_next_ registers
module place_code_symbols (
    input  wire         clk,
    input  wire         first,   // the loop's first symbol: codes_next_ and s take their entry values
    input  wire [107:0] starts,  // codes_next_[l] on entry for l = 1..12, at 9(l-1) +: 9
    input  wire [3:0]   length,  // codes_lengths_[s], 0 to 12
    output wire         writes,  // the symbol has a code: codes_symbols_[slot] = symbol
    output wire [8:0]   slot,    // codes_next_[length] (slots 0..259)
    output wire [8:0]   symbol   // s (its exit compare is the loop's)
);
  place_symbols #(.LENGTHS(12), .SLOT_W(9)) place (
      .clk(clk), .first(first), .starts(starts), .length(length), .writes(writes), .slot(slot), .symbol(symbol));
endmodule
