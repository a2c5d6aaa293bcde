#!/usr/bin/env bash
# The board runner where there is no board: a set-up error after /dev/mem opened exits 5 with its message (the
# constructor's clean-up once freed its members twice and aborted); the self-test with fewer expected results than
# jobs fails cleanly (it read past them); a device or FIFO as the job stream or as EDQA_BOARD_MAP is refused at once.
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
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] || fail "EDQA_BOARD_MAP=/dev/zero was read (or hung)"
grep -q "regular file" "$work/err.txt" || fail "EDQA_BOARD_MAP=/dev/zero not refused as a device: $(cat "$work/err.txt")"

# 4. Outputs judged before the board is touched: the job stream as its own output (through a link), a directory.
ln -s "$(realpath "$vectors/golden.jobs")" "$work/jobs-link"
expect 2 "$runner" run "$vectors/golden.jobs" "$work/jobs-link"
mkdir -p "$work/dir"
expect 3 "$runner" run "$vectors/golden.jobs" "$work/dir"

if [ "$failures" -ne 0 ]; then echo "$failures board runner checks failed"; exit 1; fi
echo "board runner: all checks passed (11 cases)"
