// The price of one symbol, count x length (13 x 4 bits), in READ_COUNTS (the count under the static code) and
// CANONICAL_CODES (under the record's code) of hw/huffman_encoder.sc.h: feed-forward, in a pipeline stage of its
// own between the length's register (after the lengths RAM's read) and the one 16-bit add of the P accumulator.
// evidence: rows=READ_COUNTS,CANONICAL_CODES cycles=1 bram=0 clock=200
// why: feed-forward, one stage: a 13 x 4-bit multiply from registers into the product register
module length_product (
    input  wire [12:0] count,    // the C's Length
    input  wire [3:0]  length,   // the C's CodeLength, at most 8
    output wire [15:0] product   // at most 4096 x 8 = 32768: 16 bits (the C's PayloadBits)
);
  assign product = {3'd0, count} * {12'd0, length};
endmodule
