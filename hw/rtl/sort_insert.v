// SORT_INSERT of hw/huffman_encoder.sc.h (sort_used_symbols), one step of the flattened insertion sort per
// iteration at II 1: a step takes symbol s's count (comparing it with the tail entry) or moves the entry above the
// free slot up one; when the compared entry is not larger it writes the inserted entry and goes on to the next
// symbol. The compare sees registers only: the next count (counts_[s], read a step ahead), the tail
// (sorted_[used - 1]) and the entry above the free slot (read two steps ahead: issued by the step before last,
// registered from the RAM's output by the step before). The RAMs' outputs (inputs here: the RAMs are the C's
// arrays) only pass a 2:1 mux into those registers; the read addresses (outputs) follow the step's compare. A read
// of the slot its step writes (a shift ending one slot below the tail) gets the old entry: the written one is
// forwarded. `first` loads the registers on entry: s = used = 0, taking, the prologue's counts_[0].
// evidence: rows=SORT_INSERT cycles=1 bram=0 clock=200
// why: II 1: a 13-bit compare of registers, the step's picks and the next read addresses; the RAM outputs pass one 2:1 mux into registers (1 level after the read: within 7-4)
module sort_insert (
    input  wire        clk,
    input  wire        first,           // the first step: s = used = 0, taking
    input  wire [12:0] entry_count,     // counts_[0], the prologue's read
    input  wire [12:0] count_data,      // the counts RAM's output: the read the step before issued
    input  wire [12:0] sorted_count,    // the sorted RAM's output: the read the step before issued
    input  wire [7:0]  sorted_symbol,
    output wire [7:0]  count_read,      // counts_ address: s + 1 or s + 2, read when below 2^m <= 256: 8 bits
    output wire [7:0]  sorted_read,     // sorted_ address: read when 0..255, 8 bits
    output wire        write_enable,    // inserting: a used symbol's count, or a shift in progress
    output wire [7:0]  write_slot,      // the free slot: <= used <= s < 256, 8 bits
    output wire [12:0] write_count,
    output wire [7:0]  write_symbol,
    output wire [8:0]  next_symbol,     // s after the step: 0..256 (the exit test s == 2^m)
    output wire [8:0]  used_out         // used after the step: 0..256
);
  reg [8:0]  s_reg, used_reg;
  reg [7:0]  slot_reg;
  reg [12:0] key_reg, next_reg;
  reg        shifting_reg, forward_reg;
  reg [12:0] tail_count, above_count, forward_count;
  reg [7:0]  tail_symbol, above_symbol, forward_symbol;

  wire        shifting = first ? 1'b0 : shifting_reg;
  wire        forward = first ? 1'b0 : forward_reg;
  wire [8:0]  s = first ? 9'd0 : s_reg;
  wire [8:0]  used = first ? 9'd0 : used_reg;
  wire [12:0] next = first ? entry_count : next_reg;
  // key_reg, slot_reg and the above entry are looked at only while shifting; the tail only when used > 0.

  wire [12:0] key = shifting ? key_reg : next;
  wire [8:0]  free_slot = shifting ? {1'b0, slot_reg} : used;
  wire        taken = !shifting && next != 13'd0;
  wire        inserting = shifting || next != 13'd0;
  wire [12:0] compared_count = shifting ? above_count : tail_count;
  wire [7:0]  compared_symbol = shifting ? above_symbol : tail_symbol;
  // Stable: an equal count stays above the entry inserted after it.
  wire        moves = inserting && free_slot != 9'd0 && compared_count > key;

  wire [8:0] used_next = taken ? used + 9'd1 : used;
  // The entry the step after next compares: three below a moving step's slot, else the one below the next tail.
  wire [7:0] read_slot = moves ? free_slot[7:0] - 8'd3 : used_next[7:0] - 8'd2;  // mod 256 as the 8-bit address
  assign count_read = moves ? s[7:0] + 8'd1 : s[7:0] + 8'd2;
  assign sorted_read = read_slot;  // a negative slot (255, 254) is not read
  assign write_enable = inserting;
  assign write_slot = free_slot[7:0];
  assign write_count = moves ? compared_count : key;
  assign write_symbol = moves ? compared_symbol : s[7:0];
  assign next_symbol = moves ? s : s + 9'd1;
  assign used_out = used_next;

  always @(posedge clk) begin
    s_reg <= next_symbol;
    used_reg <= used_out;
    slot_reg <= free_slot[7:0] - 8'd1;
    key_reg <= key;
    shifting_reg <= moves;
    next_reg <= moves ? next : count_data;
    if (taken && !moves) begin
      tail_count <= key;
      tail_symbol <= s[7:0];
    end
    above_count <= forward ? forward_count : sorted_count;
    above_symbol <= forward ? forward_symbol : sorted_symbol;
    // A shift that stops at used - 2 writes the slot this step reads (read first): forward its entry.
    forward_reg <= shifting && !moves && {1'b0, slot_reg} == used - 9'd2;
    forward_count <= key;
    forward_symbol <= s[7:0];
  end
endmodule
