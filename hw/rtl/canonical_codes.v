// CANONICAL_CODES of HuffmanCoder::assign_canonical_codes (hw/huffman_encoder.sc.h), one symbol per cycle: RFC
// 1951 §3.2.2 codes and the record's P. The registers are next_code_[1..LENGTHS], the next code of each length,
// loaded on entry with the first codes FIRST_CODES took (the `first` phi), and P. The length arrives registered
// after the lengths RAM's read (and, for code_lengths_, its bank select: hw/rtl/length_select.v), the count beside
// it, so this path starts at registers. P's recurrence is one 16-bit add: the product count x length (13 x 4 bits)
// is the iteration's feed-forward logic, registered in the stage before the add (hw/rtl/length_product.v).
// code_canonical_codes.v is the same loop for the codes' static code (twelve lengths, 12-bit codes, no P).
// evidence: rows=CANONICAL_CODES cycles=1 bram=0 clock=200
// why: II 1: the length's decode, the 9:1 select of its next code (the codes RAM's write data) and that code's increment lie between the next_code_ registers; P's one 16-bit add of the registered product
module canonical_codes #(
    parameter LENGTHS = 8,  // the longest code length (a 4-bit length: at most 15)
    parameter CODE_W  = 8   // a code's width (the C's CodeBits: L_max bits)
) (
    input  wire                      clk,
    input  wire                      first,         // the loop's first symbol: next_code_ and P take entry values
    input  wire [LENGTHS*CODE_W-1:0] starts,        // next_code_[l] on entry (FIRST_CODES), at CODE_W(l-1) +: CODE_W
    input  wire [3:0]                length,        // lengths[s], 0 to LENGTHS
    input  wire [15:0]               product,       // counts_[s] x lengths[s], at most 4096 x 8 (PayloadBits)
    output wire                      writes,        // the symbol has a code: codes[s] = code
    output reg  [CODE_W-1:0]         code,          // next_code_[length]
    output wire [15:0]               payload_bits   // P after the symbol: at most L x L_max = 32768 (PayloadBits)
);
  reg  [CODE_W-1:0] next [1:LENGTHS];
  reg  [15:0]       p;

  assign writes = length != 4'd0;

  integer k;
  always @* begin
    code = {CODE_W{1'b0}};
    for (k = 1; k <= LENGTHS; k = k + 1)
      if ({28'd0, length} == k) code = first ? starts[CODE_W * (k - 1) +: CODE_W] : next[k];
  end

  genvar l;
  generate
    for (l = 1; l <= LENGTHS; l = l + 1) begin : length_counter
      wire [3:0] which = l;
      always @(posedge clk)
        next[l] <= (first ? starts[CODE_W * (l - 1) +: CODE_W] : next[l]) + {{(CODE_W-1){1'b0}}, length == which};
    end
  endgenerate

  assign payload_bits = (first ? 16'd0 : p) + product;
  always @(posedge clk) p <= payload_bits;
endmodule
