#!/usr/bin/env bash
# The board runner where there is no board: a set-up error after /dev/mem opened exits 5 with its message (the
# constructor's clean-up once freed its members twice and aborted); the self-test with fewer expected results than
# jobs fails cleanly (it read past them); a device or FIFO as the job stream or as EDQA_BOARD_MAP is refused at once;
# show-map reads EDQA_BOARD_MAP by the rules of the C# reader of `edqa board map` (CRLF lines, no octal) and exits 3
# naming the file and line of a bad entry.
#   board_runner_test.sh RUNNER MAKE_STREAMS VECTORS WORK
set -u
runner=$1 make_streams=$2 vectors=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

expect() {  # expect CODE COMMAND...
  local code=$1; shift
  timeout 60 "$@" >"$work/out.txt" 2>"$work/err.txt"
  local rc=$?
  [ "$rc" -eq "$code" ] || { fail "expected exit $code, got $rc: $*"; cat "$work/out.txt" "$work/err.txt"; }
}

# 1. A "memory device" that opens (a 4 KiB file) and an /proc/iomem that does not: exit 5, the message, no abort.
head -c 4096 /dev/zero > "$work/mem"
EDQA_BOARD_MEMORY="$work/mem" EDQA_BOARD_IOMEM=/no/such/dir/iomem expect 5 "$runner" run "$vectors/golden.jobs" "$work/r.results"
grep -q "/no/such/dir/iomem" "$work/err.txt" || fail "the unreadable iomem is not named: $(cat "$work/err.txt")"
[ ! -e "$work/r.results" ] || fail "a failed set-up wrote results"

# 2. Six-or-more jobs against a one-job expected result stream: a clean failure naming the counts.
"$make_streams" first-result "$vectors/golden.results" "$work/one.results" || fail "make_streams first-result"
expect 1 "$runner" self-test "$vectors/golden.jobs" "$work/one.results"
grep -q "1 results for" "$work/out.txt" || fail "the short result stream is not reported: $(head -3 "$work/out.txt")"

# 3. Devices, FIFOs and directories as inputs: exit 3 at once (no read until memory runs out, no wait for a writer).
mkfifo "$work/fifo"
expect 3 "$runner" run /dev/zero "$work/r.results"
expect 3 "$runner" run "$work/fifo" "$work/r.results"
expect 3 "$runner" run "$work" "$work/r.results"
expect 3 "$runner" self-test /dev/zero "$vectors/golden.results"
EDQA_BOARD_MAP=/dev/zero timeout 60 "$runner" show-map >"$work/out.txt" 2>"$work/err.txt"
rc=$?
[ "$rc" -eq 3 ] || fail "EDQA_BOARD_MAP=/dev/zero: expected exit 3, got $rc (read, hung or an internal error)"
grep -q "regular file" "$work/err.txt" || fail "EDQA_BOARD_MAP=/dev/zero not refused as a device: $(cat "$work/err.txt")"

# 4. Outputs judged before the board is touched: the job stream as its own output (through a link), a directory.
ln -s "$(realpath "$vectors/golden.jobs")" "$work/jobs-link"
expect 2 "$runner" run "$vectors/golden.jobs" "$work/jobs-link"
mkdir -p "$work/dir"
expect 3 "$runner" run "$vectors/golden.jobs" "$work/dir"

# 5. The board map of show-map. CRLF lines are read as LF lines (as `edqa board map` reads a header); a directory,
# an unknown entry, a line that is not NAME=VALUE, a leading-zero number (octal in C, refused rather than read as 8)
# and a signed or padded number exit 3 with the file and line (the environment's entries with the variable's name).
printf '# a map saved on Windows\r\nEDQA_BOARD_EDQA_CONTROL=0x43C20000\r\nEDQA_BOARD_BUFFER_BYTES=4096\r\n\r\n' \
  > "$work/crlf.map"
EDQA_BOARD_MAP="$work/crlf.map" expect 0 "$runner" show-map
grep -qx "EDQA_BOARD_EDQA_CONTROL=0x43C20000" "$work/out.txt" || fail "the CRLF map's control address is not read"
grep -qx "EDQA_BOARD_BUFFER_BYTES=0x1000" "$work/out.txt" || fail "the CRLF map's buffer bytes are not read"
! grep -q $'\r' "$work/out.txt" || fail "a carriage return reached show-map's output"
EDQA_BOARD_MAP="$work/dir" expect 3 "$runner" show-map
grep -q "$work/dir" "$work/err.txt" || fail "the directory map is not named: $(cat "$work/err.txt")"
bad_map() {  # bad_map NAME LINE TEXT GREP: the map TEXT (printf format) exits 3 naming NAME.map:LINE and GREP
  printf "$3" > "$work/$1.map"
  EDQA_BOARD_MAP="$work/$1.map" expect 3 "$runner" show-map
  grep -q "$work/$1.map:$2" "$work/err.txt" || fail "$1: $work/$1.map:$2 is not named: $(cat "$work/err.txt")"
  grep -q -- "$4" "$work/err.txt" || fail "$1: no '$4' in: $(cat "$work/err.txt")"
  [ ! -s "$work/out.txt" ] || fail "$1: a map was printed for a refused file"
}
bad_map octal 2 '# buffers\nEDQA_BOARD_BUFFERS=010\n' "octal"
bad_map octal-crlf 1 'EDQA_BOARD_DMA_LENGTH_BITS=023\r\n' "octal"
bad_map unknown 3 '\n\nEDQA_BOARD_NO_SUCH_ENTRY=1\n' "unknown entry"
bad_map no-equals 1 'EDQA_BOARD_BUFFERS 0x1000\n' "NAME=VALUE"
bad_map negative 1 'EDQA_BOARD_BUFFER_BYTES=-1\n' "not a number"
bad_map plus 1 'EDQA_BOARD_BUFFER_BYTES=+4096\n' "not a number"
bad_map padded 1 'EDQA_BOARD_BUFFER_BYTES= 4096\n' "not a number"
bad_map bare-hex 1 'EDQA_BOARD_BUFFERS=0x\n' "not a number"
bad_map too-big 1 'EDQA_BOARD_BUFFERS=0x10000000000000000\n' "64 bits"
bad_map offset 2 'EDQA_BOARD_EDQA_CONTROL=0\nEDQA_BOARD_REG_START=0x10002\n' "word offset"
EDQA_BOARD_BUFFERS=010 expect 3 "$runner" show-map
grep -q "EDQA_BOARD_BUFFERS" "$work/err.txt" || fail "the octal variable is not named: $(cat "$work/err.txt")"
EDQA_BOARD_DMA_LENGTH_BITS=30 expect 3 "$runner" show-map
EDQA_BOARD_BUFFERS=0 expect 0 "$runner" show-map

if [ "$failures" -ne 0 ]; then echo "$failures board runner checks failed"; exit 1; fi
echo "board runner: all checks passed (29 cases)"
