#!/usr/bin/env bash
# edqa-sim run end to end: the golden vectors' job stream through the runner, its result stream checked against the
# golden model's by the testbench; usage errors exit 2; a malformed job stream exits 3 and replaces nothing; the
# cycle log has named columns.
# Issue 26: outputs by edqa's rules (links, devices, FIFOs, modes, clashes by file, all judged first), waveform
# paths, non-regular inputs, escaped labels, UTF-8 labels, and a stream that once asked for gigabytes.
#   runner_test.sh RUNNER TESTBENCH VECTORS WORK MAKE_STREAMS
set -u
runner=$1 testbench=$2 vectors=$3 work=$4 make_streams=$5
rm -rf "$work" && mkdir -p "$work"
failures=0

expect() {  # expect CODE COMMAND...
  local code=$1; shift
  "$@" >"$work/out.txt" 2>"$work/err.txt"
  local rc=$?
  if [ "$rc" -ne "$code" ]; then
    echo "FAIL: expected exit $code, got $rc: $*"; cat "$work/out.txt" "$work/err.txt"; failures=$((failures + 1))
    return 1
  fi
}

# The golden stream ends with damaged records, labelled 'expected refusal': the accelerator refuses them and the
# runner says so without calling them errors (exit 0), no SystemC banner, results still written.
expect 0 "$runner" run "$vectors/golden.jobs" "$work/golden.results" --cycles "$work/cycles.csv"
grep -q "21 records of jobs labelled 'expected refusal' were refused, as expected" "$work/out.txt" || { echo "FAIL: the expected refusals are not counted: $(cat "$work/out.txt")"; failures=$((failures + 1)); }
[ ! -s "$work/err.txt" ] || { echo "FAIL: stderr is not empty: $(head -3 "$work/err.txt")"; failures=$((failures + 1)); }
expect 0 "$testbench" "$vectors/golden.jobs" "$vectors/golden.results" "$work/golden.results"
header=$(head -n 1 "$work/cycles.csv")
[ "$header" = "job,record,accelerator,op,status,scope,cycles_total,cycles_quantizer,cycles_encoder,cycles_decoder,cycles_dequantizer,host_us" ] || { echo "FAIL: cycle log header '$header'"; failures=$((failures + 1)); }
# Statuses by name; a refused record carries no counters; an eDQA layer's stage counters on its last record only.
grep -q '^0,0,edqa,quantize,ok,layer,[0-9]' "$work/cycles.csv" || { echo "FAIL: job 0's row: $(sed -n 2p "$work/cycles.csv")"; failures=$((failures + 1)); }
grep -q ',dequantize,invalid-record,record,' "$work/cycles.csv" || { echo "FAIL: no refused record by name in the cycle log"; failures=$((failures + 1)); }
# One record of one job (--record), and its usage errors.
expect 0 "$runner" run "$vectors/golden.jobs" "$work/record.results" --job 1 --record 0
expect 2 "$runner" run "$vectors/golden.jobs" "$work/record.results" --job 1 --record 1
expect 2 "$runner" run "$vectors/golden.jobs" "$work/record.results" --record 0

expect 0 "$runner" --help
expect 0 "$runner" --version
expect 2 "$runner"
expect 2 "$runner" frobnicate
expect 2 "$runner" run "$vectors/golden.jobs"
expect 2 "$runner" run "$vectors/golden.jobs" "$work/x.results" --job 100000
expect 2 "$runner" run "$vectors/golden.jobs" "$work/x.results" --frobnicate 1
expect 2 "$runner" run "$vectors/golden.jobs" "$vectors/golden.jobs"
expect 3 "$runner" run "$work/missing.jobs" "$work/x.results"

# Damaged job streams: truncated, and one byte flipped inside the first job (its CRC refuses it). Each exits 3,
# names the problem, and leaves an existing result file as it was.
cp "$work/golden.results" "$work/kept.results"
head -c 100 "$vectors/golden.jobs" > "$work/truncated.jobs"
expect 3 "$runner" run "$work/truncated.jobs" "$work/kept.results"
grep -q "truncated" "$work/err.txt" || { echo "FAIL: no 'truncated' in: $(cat "$work/err.txt")"; failures=$((failures + 1)); }
cp "$vectors/golden.jobs" "$work/flipped.jobs"
printf '\xff' | dd of="$work/flipped.jobs" bs=1 seek=60 conv=notrunc status=none
expect 3 "$runner" run "$work/flipped.jobs" "$work/kept.results"
grep -q "job 0" "$work/err.txt" || { echo "FAIL: the damaged job is not named: $(cat "$work/err.txt")"; failures=$((failures + 1)); }
cmp -s "$work/golden.results" "$work/kept.results" || { echo "FAIL: a refused run changed the old result file"; failures=$((failures + 1)); }

# A cycle log that cannot be written fails the run before anything is replaced.
expect 3 "$runner" run "$vectors/golden.jobs" "$work/kept.results" --job 0 --cycles "$work/no-such-dir/cycles.csv"
grep -q "no-such-dir" "$work/err.txt" || { echo "FAIL: the unwritable cycle log is not named: $(cat "$work/err.txt")"; failures=$((failures + 1)); }
cmp -s "$work/golden.results" "$work/kept.results" || { echo "FAIL: a failed cycle log still replaced the result file"; failures=$((failures + 1)); }
leftovers=$(find "$work" -name '*.tmp-*' | wc -l)
[ "$leftovers" -eq 0 ] || { echo "FAIL: $leftovers temporary files left behind"; failures=$((failures + 1)); }

# One job alone, with a waveform.
expect 0 "$runner" run "$vectors/golden.jobs" "$work/one.results" --job 1 --vcd "$work/one.vcd"
[ -s "$work/one.vcd" ] || { echo "FAIL: no waveform written"; failures=$((failures + 1)); }

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
J="$vectors/golden.jobs"

# Outputs (item 1): a link is followed and stays a link; a FIFO's reader gets the bytes; /dev/null stays a device;
# /dev/full is an error naming it (exit 3) and replaces nothing; a replaced file keeps its permissions.
cp "$work/golden.results" "$work/target.results"
ln -s target.results "$work/link.results"
expect 0 "$runner" run "$J" "$work/link.results" --job 1
[ -L "$work/link.results" ] || fail "the link was replaced, not followed"
same_size() { [ "$(stat -c %s "$1")" = "$(stat -c %s "$2")" ]; }  # host times differ run to run; sizes do not
same_size "$work/one.results" "$work/target.results" || fail "the link's target does not hold the results"
mkfifo "$work/fifo"
timeout 60 cat "$work/fifo" > "$work/from-fifo" &
reader=$!
expect 0 timeout 60 "$runner" run "$J" "$work/fifo" --job 1
wait "$reader"
[ -p "$work/fifo" ] || fail "the FIFO was replaced"
same_size "$work/one.results" "$work/from-fifo" || fail "the FIFO's reader did not get the results"
expect 0 "$runner" run "$J" /dev/null --job 1 --cycles /dev/null
[ -c /dev/null ] || fail "/dev/null is no longer a device"
expect 3 "$runner" run "$J" /dev/full --job 1
grep -q "/dev/full" "$work/err.txt" || fail "/dev/full is not named: $(cat "$work/err.txt")"
cp "$work/golden.results" "$work/mode.results" && chmod 640 "$work/mode.results"
expect 0 "$runner" run "$J" "$work/mode.results" --job 1
[ "$(stat -c %a "$work/mode.results")" = 640 ] || fail "the replaced file's mode $(stat -c %a "$work/mode.results") is not 640"

# Clashes and order (item 8): --cycles equal to RESULTS (by another name too), the job stream as ./J or through a
# link: exit 2, nothing written; --cycles DIR: exit 3 with RESULTS untouched.
cp "$J" "$work/J"
cp "$work/golden.results" "$work/kept.results"
expect 2 "$runner" run "$work/J" "$work/kept.results" --job 1 --cycles "$work/kept.results"
expect 2 "$runner" run "$work/J" "$work/kept.results" --job 1 --cycles "$work/../$(basename "$work")/kept.results"
expect 2 "$runner" run "$work/J" "$work/new.results" --job 1 --cycles "$work/./new.results"
expect 2 env -C "$work" "$runner" run J ./J --job 1
ln -s J "$work/J-link"
expect 2 "$runner" run "$work/J" "$work/J-link" --job 1
cmp -s "$J" "$work/J" || fail "a refused run changed the job stream"
mkdir -p "$work/dir"
expect 3 "$runner" run "$work/J" "$work/kept.results" --job 1 --cycles "$work/dir"
cmp -s "$work/golden.results" "$work/kept.results" || fail "--cycles DIR still replaced the results"
[ ! -e "$work/new.results" ] || fail "a refused run wrote new.results"

# Waveforms (item 9): W.vcd as given, W as W.vcd; a directory, /dev/full, a missing directory: exit 3, nothing run.
expect 0 "$runner" run "$J" "$work/w.results" --job 1 --vcd "$work/w1.vcd"
[ -s "$work/w1.vcd" ] && [ ! -e "$work/w1.vcd.vcd" ] || fail "--vcd w1.vcd did not write w1.vcd"
expect 0 "$runner" run "$J" "$work/w.results" --job 1 --vcd "$work/w2"
[ -s "$work/w2.vcd" ] || fail "--vcd w2 did not write w2.vcd"
for bad in "$work/dir" /dev/full "$work/no-such-dir/w.vcd"; do
  expect 3 "$runner" run "$J" "$work/w.results" --job 1 --vcd "$bad"
  grep -q "$bad" "$work/err.txt" || fail "--vcd $bad is not named: $(cat "$work/err.txt")"
done
[ ! -e "$work/dir.vcd" ] || fail "--vcd DIR wrote DIR.vcd"
expect 2 "$runner" run "$J" "$work/same.vcd" --job 1 --vcd "$work/same"

# Inputs (item 11): a device, a FIFO, a directory as the job stream: exit 3 at once.
expect 3 timeout 60 "$runner" run /dev/zero "$work/x.results"
expect 3 timeout 60 "$runner" run "$work/fifo" "$work/x.results"
expect 3 "$runner" run "$work" "$work/x.results"

# Labels (item 10): control characters escaped on the terminal; a label that is not UTF-8 refused (exit 3).
"$make_streams" label "$work/label.jobs" && "$make_streams" bad-utf8 "$work/bad-utf8.jobs" || fail "make_streams"
expect 3 "$runner" run "$work/label.jobs" "$work/x.results"
if grep -q $'\x1b' "$work/err.txt" || grep -q $'\x07' "$work/err.txt"; then fail "a raw escape reached the terminal"; fi
grep -q 'evil\\x1b\]0;pwned' "$work/err.txt" || fail "the label is not shown escaped: $(cat -v "$work/err.txt")"
[ "$(wc -l < "$work/err.txt")" -eq 1 ] || fail "the label forged a line: $(cat -v "$work/err.txt")"
expect 3 "$runner" run "$work/bad-utf8.jobs" "$work/x.results"
grep -q "not valid UTF-8" "$work/err.txt" || fail "the bad label is not named: $(cat "$work/err.txt")"

# Memory (item 4): 200,000 eDQA records (N = m = 8, L = 4096) and 200,000 NoisyQuant ones (S = 56), none with input
# words (12.8 MB): once 1.7 GB + 2.5 GB of outputs; now within a 1 GB address space, every record refused (exit 3).
"$make_streams" amplify "$work/amplify.jobs" 200000 || fail "make_streams amplify"
(ulimit -v 1000000 && expect 0 "$runner" run "$J" "$work/x.results" --job 1) || fail "the 1 GB limit breaks a normal run"
(ulimit -v 1000000 && expect 3 "$runner" run "$work/amplify.jobs" "$work/amplify.results") || fail "the amplifying stream"
rm -f "$work/amplify.jobs" "$work/amplify.results"

if [ "$failures" -ne 0 ]; then echo "$failures runner checks failed"; exit 1; fi
echo "runner: all checks passed"
