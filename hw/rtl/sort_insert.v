// SORT_INSERT of hw/huffman_encoder.sc.h (sort_used_symbols), one step of the flattened insertion sort per
// iteration at II 2. The registers are the next symbol s, the used count, and while an entry is being inserted its
// count and the free slot it moves down through (loaded on entry by `first`: s = used = 0, not shifting). Cycle 1
// presents the read addresses (counts_[s]; sorted_[free slot - 1]) from the registers; cycle 2 takes the RAMs' data
// (inputs: the RAMs are the C's arrays), compares the entry above the free slot with the count being inserted, and
// writes either that entry (moved up one slot) or the inserted entry, and picks the next step. The compare's
// result picks the next read address, so the step cannot start before the compare: II 2.
// evidence: rows=SORT_INSERT cycles=2 bram=1 clock=200
// why: II 2: the unregistered read of the entry above the free slot, a 13-bit compare with the count being inserted, the write mux and the next step's registers
module sort_insert (
    input  wire        clk,
    input  wire        first,         // the first step: s = 0, used = 0, taking
    input  wire [12:0] count_data,    // counts_[s] when taking (0 when shifting: not read)
    input  wire [12:0] above_count,   // sorted_[free slot - 1] when inserting and the slot is above 0 (else 0)
    input  wire [7:0]  above_symbol,
    output wire [7:0]  count_read,    // counts_ address: s < 2^m <= 256 whenever it is read, 8 bits
    output wire [7:0]  sorted_read,   // sorted_ address: free slot - 1 (free slot <= 255 when read)
    output wire        write_enable,  // inserting: a used symbol's count, or a shift in progress
    output wire [7:0]  write_slot,    // the free slot: <= used <= s < 256, 8 bits
    output wire [12:0] write_count,
    output wire [7:0]  write_symbol,
    output wire [8:0]  next_symbol,   // s after the step: 0..256 (the exit test s == 2^m)
    output wire [8:0]  used_out       // used after the step: 0..256
);
  reg [8:0]  s_reg, used_reg;
  reg [7:0]  slot_reg;
  reg [12:0] count_reg;
  reg        shifting_reg;

  wire       shifting = first ? 1'b0 : shifting_reg;
  wire [8:0] s = first ? 9'd0 : s_reg;
  wire [8:0] used = first ? 9'd0 : used_reg;
  // slot_reg and count_reg are only looked at while shifting, never on the first step.

  wire [12:0] key = shifting ? count_reg : count_data;
  wire [8:0]  free_slot = shifting ? {1'b0, slot_reg} : used;
  wire        taken = !shifting && key != 13'd0;  // a used symbol's first step
  wire        inserting = shifting || key != 13'd0;
  // Stable: an equal count stays above the entry inserted after it.
  wire        moves = inserting && free_slot != 9'd0 && above_count > key;

  assign count_read = s[7:0];
  assign sorted_read = free_slot[7:0] - 8'd1;
  assign write_enable = inserting;
  assign write_slot = free_slot[7:0];
  assign write_count = moves ? above_count : key;
  assign write_symbol = moves ? above_symbol : s[7:0];
  assign next_symbol = moves ? s : s + 9'd1;
  assign used_out = taken ? used + 9'd1 : used;

  always @(posedge clk) begin
    s_reg <= next_symbol;
    used_reg <= used_out;
    slot_reg <= free_slot[7:0] - 8'd1;
    count_reg <= key;
    shifting_reg <= moves;
  end
endmodule
