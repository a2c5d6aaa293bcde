// ASSIGN_LENGTHS of HuffmanCoder::assign_lengths (hw/huffman_encoder.sc.h), one symbol per cycle: the j-th most
// frequent symbol takes the length 1 + #{d in 1..7 : j >= ends[d]} (ends from hw/rtl/length_ends.v, registers for
// the whole loop). The recurrence is j alone; the compares and their count are the iteration's feed-forward logic
// (they run beside the read of sorted[used - 1 - j], whose symbol addresses the length's write).
// evidence: rows=ASSIGN_LENGTHS cycles=1 bram=0 clock=200
// why: II 1: j's increment is the recurrence; seven 9-bit compares and their count lie between j and the length
module assign_lengths (
    input  wire        clk,
    input  wire        first,   // the loop's first iteration: j = 0
    input  wire [62:0] ends,    // ends[1..7], 9 bits each, length 1 lowest
    output wire [8:0]  j,       // at most 255 (the C's int, narrowed as HLS narrows a loop index below 2^m <= 256)
    output wire [3:0]  length   // 1..8
);
  reg  [8:0] j_reg;
  assign j = first ? 9'd0 : j_reg;

  wire [6:0] past;  // past[d-1]: j lies beyond the symbols of length at most d
  genvar d;
  generate
    for (d = 1; d <= 7; d = d + 1) begin : compare
      assign past[d-1] = j >= ends[9*(d-1) +: 9];
    end
  endgenerate
  assign length = 4'd1 + {3'd0, past[0]} + {3'd0, past[1]} + {3'd0, past[2]} + {3'd0, past[3]} + {3'd0, past[4]} +
                  {3'd0, past[5]} + {3'd0, past[6]};

  always @(posedge clk) j_reg <= j + 9'd1;
endmodule
