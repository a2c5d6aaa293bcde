// DECODE_CODES of hw/huffman_decoder.sc.h (decode_codes), one iteration per cycle: a record's codes section in a
// layer of code coding static (docs/spec.md §3.8). The registers are the loop's window (56 bits, left-aligned: bit
// 55 is the next bit, `fill` bits valid, zeros below), its fill, the record words still to read, the codes still to
// hand out (the loop's exit), the zeros of a run still to hand out (and whether none are) and the long-code flag
// (the second cycle of a code longer than 8 bits); a `load` cycle before the loop takes the section's first word
// and shifts out its code mode bit. The bounds, the runs' codes and masks are fixed per record before the loop
// (inputs). The symbol lookup (a slot from the peek, a RAM read) and the code's N bits are later stages, not in the
// recurrence.
// evidence: rows=DECODE_CODES cycles=1 bram=0 clock=200
// why: II 1: two compares per length 1..8 on the window's top 8 bits (or per length 9..12 on its top 12 in a long code's second cycle), fifteen masked compares with the runs' codes beside them, the pick, the shift by the consumed length, the run counter's load and the codes counter's decrement by the emit lie between the registers; the refill is decided from the registered fill (fewer than 24 bits left)
module decode_codes (
    input  wire        clk,
    input  wire        load,        // the cycle before the loop: the section's first word into the window
    input  wire [31:0] word,        // the word read this cycle (0 when none)
    input  wire [12:0] words,       // W, the record's words: never more are read
    input  wire [12:0] count,       // L, the codes to hand out
    input  wire        coded,       // the code mode bit (0: packed fields, no runs)
    input  wire        has_long,    // the code has codes longer than 8 bits
    input  wire [63:0] lows,        // low bound of length l (1..8, 8-bit scale) at bits 8(l-1) +: 8
    input  wire [63:0] highs,       // high bound of length l (9 bits): its low 8 bits at 8(l-1) +: 8 ...
    input  wire [7:0]  high_tops,   // ... and its bit 8 at bit l-1
    input  wire [47:0] long_lows,   // low bound of length l (9..12, 12-bit scale) at bits 12(l-9) +: 12
    input  wire [51:0] long_highs,  // high bound of length l (13 bits) at bits 13(l-9) +: 13
    input  wire [179:0] run_codes,  // the code of a run of r + 2 zeros, left-aligned to 12 bits, at bits 12r +: 12
    input  wire [179:0] run_masks,  // the mask of its length, the same way
    output reg  [3:0]  code_length, // the code matched this cycle, 0 for none (a run's zeros, a long code's first
                                    // cycle, or no code: an invalid one, one bit consumed)
    output wire [11:0] peek,
    output wire        takes_word,  // a word is read this cycle
    output reg  [4:0]  run,         // the zero codes of a matched run symbol, 0 for none
    output wire        emits,       // a code leaves this cycle
    output wire        ends         // the codes left after this cycle are none: the loop exits
);
  reg [55:0] window;
  reg [5:0]  fill;         // at most 55 while words remain (after they ran out it is never used: no read, no refill)
  reg [12:0] words_left;
  reg        has_words;    // words_left != 0, kept beside it so that the read decision is one gate after the fill
  reg [12:0] remaining;    // the codes still to hand out (L less those handed out)
  reg [3:0]  zeros_left;   // of a run of 16 at most 15 after its first
  reg        idle;         // zeros_left == 0, kept beside it so that the match does not wait for a compare
  reg        long_pending;

  wire refill = fill < 6'd24;
  assign takes_word = load ? words != 13'd0 : refill && has_words;
  assign peek = load ? 12'd0 : window[55:44];
  wire [7:0] peek8 = window[55:48];
  wire matching = !load && idle;

  // The lengths' ranges of a canonical code are disjoint, so at most one length hits: the hits are one-hot and
  // select the shifted window directly (the C's shortest-first pick gives the same length).
  reg [12:1] hit;
  reg [14:0] run_hit;  // one-hot: at most one run's code starts the peek
  reg [3:0]  length;
  integer l, r;
  always @* begin
    for (l = 1; l <= 8; l = l + 1)
      hit[l] = matching && !long_pending && {1'b0, peek8} >= {1'b0, lows[8 * (l - 1) +: 8]} &&
               {1'b0, peek8} < {high_tops[l - 1], highs[8 * (l - 1) +: 8]};
    for (l = 9; l <= 12; l = l + 1)
      hit[l] = matching && long_pending && {1'b0, window[55:44]} >= {1'b0, long_lows[12 * (l - 9) +: 12]} &&
               {1'b0, window[55:44]} < long_highs[13 * (l - 9) +: 13];
    length = 4'd0;
    for (l = 1; l <= 12; l = l + 1)
      if (hit[l]) length = length | l[3:0];
    code_length = length;
    // A run is known from its masked compare alone, beside the length match: in a prefix code the peek starts with
    // the run's code exactly when that is the code matched, in the cycle of its length's class (a run longer than 8
    // bits, whose mask has bit 3, in a long code's second cycle).
    run = 5'd0;
    for (r = 0; r < 15; r = r + 1) begin
      run_hit[r] = coded && matching && long_pending == run_masks[12 * r + 3] &&
                   (window[55:44] & run_masks[12 * r +: 12]) == run_codes[12 * r +: 12];
      if (run_hit[r]) run = run | (r[4:0] + 5'd2);
    end
  end

  wire none = hit == 12'd0;
  wire starts_long = matching && !long_pending && none && has_long;
  wire invalid = matching && none && !starts_long;
  wire [3:0] consume = length | {3'd0, invalid};  // invalid only without a length
  assign emits = !load && !starts_long;
  // The run's first zero goes out now and the rest over the next cycles: its zeros less one, from the one-hot hits.
  // A run that would pass element L - 1 is a format error (the C reports it); the loop ends after L codes whatever
  // is left of the run, so the rest is never cut to the codes left.
  reg  [3:0] run_rest;
  integer q;
  always @* begin
    run_rest = 4'd0;
    for (q = 0; q < 15; q = q + 1)
      if (run_hit[q]) run_rest = run_rest | (q[3:0] + 4'd1);
  end

  // The word placed by a right shift by the fill, not a left one by 24 - fill: the subtract before the shifter made
  // the path 8 LUT levels.
  wire [55:0] merged = refill ? window | ({word, 24'd0} >> fill) : window;
  // A word is added only below 24 bits, so the sum stays below 56.
  wire [5:0]  filled = fill + (takes_word ? 6'd32 : 6'd0);
  wire [5:0]  left = filled - {2'd0, consume};

  // The window after this cycle's code: the one-hot hits (or an invalid code's one bit) select it.
  reg [55:0] shifted;
  integer k;
  always @* begin
    shifted = invalid ? merged << 1 : (hit == 12'd0 ? merged : 56'd0);
    for (k = 1; k <= 12; k = k + 1)
      if (hit[k]) shifted = shifted | (merged << k);
  end

  // The counters' decrements are taken beside the conditions and selected by them (no add behind the compare).
  wire [12:0] words_less = words_left - 13'd1;
  wire [12:0] words_in_less = words - 13'd1;
  wire [12:0] remaining_less = remaining - 13'd1;
  // The loop's exit, from the registered count beside the emit (the compares from registers, the emit selects).
  assign ends = load ? count == 13'd0 : (emits ? remaining == 13'd1 : remaining == 13'd0);

  always @(posedge clk) begin
    if (load) begin
      window       <= {word[30:0], 25'd0};
      fill         <= 6'd31;
      words_left   <= words == 13'd0 ? 13'd0 : words_in_less;
      remaining    <= count;
      has_words    <= words > 13'd1;
      zeros_left   <= 4'd0;
      idle         <= 1'b1;
      long_pending <= 1'b0;
    end else begin
      window       <= shifted;
      fill         <= left;
      words_left   <= takes_word ? words_less : words_left;
      remaining    <= emits ? remaining_less : remaining;
      has_words    <= takes_word ? words_left != 13'd1 : has_words;
      zeros_left   <= run_hit != 15'd0 ? run_rest : (idle ? 4'd0 : zeros_left - 4'd1);
      idle         <= run_hit == 15'd0 && zeros_left[3:1] == 3'd0;
      long_pending <= starts_long;
    end
  end
endmodule
