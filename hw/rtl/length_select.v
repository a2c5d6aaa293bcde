// The length read of PLACE_SYMBOLS and PLACE_CODE_SYMBOLS (hw/huffman_decoder.sc.h) and of CANONICAL_CODES on a
// record's own code (hw/huffman_encoder.sc.h): the lengths RAM (code_lengths_, codes_lengths_) is partitioned
// cyclically into eight banks in each (a word's eight lengths written at once), so symbol s's length is bank s mod 8
// at row s / 8: all eight banks read that row, and the bank select follows the unregistered block RAM read. Its
// result is registered before place_symbols.v, place_code_symbols.v or canonical_codes.v uses it (the rows' extra
// pipeline stage).
// evidence: rows=PLACE_SYMBOLS,CANONICAL_CODES,PLACE_CODE_SYMBOLS cycles=1 bram=1 clock=200
// why: the 8:1 select of a 4-bit length behind the banks' unregistered read, then a pipeline register
module length_select (
    input  wire [31:0] banks,  // bank b's read data at bits 4b +: 4
    input  wire [2:0]  bank,   // s mod 8: the loop counter's low bits, carried down the pipeline in a register
    output wire [3:0]  length
);
  assign length = banks[4 * bank +: 4];
endmodule
