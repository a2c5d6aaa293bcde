// CANONICAL_CODES of HuffmanCoder::assign_canonical_codes (hw/huffman_encoder.sc.h), one symbol per cycle: RFC
// 1951 §3.2.2 codes and the record's P. The registers are next_code_[1..8], the next code of each length, loaded
// on entry with the first codes FIRST_CODES took (the `first` phi), and P. The length arrives registered after the
// lengths RAM's read (and, for code_lengths_, its bank select: hw/rtl/length_select.v), the count beside it, so
// this path starts at registers. P's recurrence is one 16-bit add: the product count x length (13 x 4 bits) is
// the iteration's feed-forward logic, registered in the stage before the add (hw/rtl/length_product.v).
// evidence: rows=CANONICAL_CODES cycles=1 bram=0 clock=200
// why: II 1: the length's decode, the 9:1 select of its next code (the codes RAM's write data) and that code's increment lie between the next_code_ registers; P's one 16-bit add of the registered product
module canonical_codes (
    input  wire        clk,
    input  wire        first,         // the loop's first symbol: next_code_ and P take their entry values
    input  wire [63:0] starts,        // next_code_[l] on entry (FIRST_CODES), at 8(l-1) +: 8
    input  wire [3:0]  length,        // lengths[s], 0 to 8 (the C's CodeLength)
    input  wire [15:0] product,       // counts_[s] x lengths[s], at most 4096 x 8 (the C's PayloadBits)
    output wire        writes,        // the symbol has a code: codes[s] = code
    output reg  [7:0]  code,          // next_code_[length] (the C's CodeBits: L_max = 8 bits)
    output wire [15:0] payload_bits   // P after the symbol: at most L x L_max = 32768 (the C's PayloadBits)
);
  reg  [7:0]  next [1:8];
  reg  [15:0] p;

  assign writes = length != 4'd0;

  integer k;
  always @* begin
    code = 8'd0;
    for (k = 1; k <= 8; k = k + 1)
      if ({28'd0, length} == k) code = first ? starts[8 * (k - 1) +: 8] : next[k];
  end

  genvar l;
  generate
    for (l = 1; l <= 8; l = l + 1) begin : length_counter
      always @(posedge clk) next[l] <= (first ? starts[8 * (l - 1) +: 8] : next[l]) + {7'd0, length == l[3:0]};
    end
  endgenerate

  assign payload_bits = (first ? 16'd0 : p) + product;
  always @(posedge clk) p <= payload_bits;
endmodule
