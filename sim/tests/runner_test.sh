#!/usr/bin/env bash
# edqa-sim run end to end: the golden vectors' job stream through the runner, its result stream checked against the
# golden model's by the testbench; usage errors exit 2; a malformed job stream exits 3 and replaces nothing; the
# cycle log has named columns.
#   runner_test.sh RUNNER TESTBENCH VECTORS WORK
set -u
runner=$1 testbench=$2 vectors=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
failures=0

expect() {  # expect CODE COMMAND...
  local code=$1; shift
  "$@" >"$work/out.txt" 2>"$work/err.txt"
  local rc=$?
  if [ "$rc" -ne "$code" ]; then
    echo "FAIL: expected exit $code, got $rc: $*"; cat "$work/out.txt" "$work/err.txt"; failures=$((failures + 1))
  fi
}

# The golden stream ends with damaged records, which the accelerator must refuse: exit 3, results still written.
expect 3 "$runner" run "$vectors/golden.jobs" "$work/golden.results" --cycles "$work/cycles.csv"
grep -q "damaged record" "$work/err.txt" || { echo "FAIL: the refused records are not reported: $(head -3 "$work/err.txt")"; failures=$((failures + 1)); }
expect 0 "$testbench" "$vectors/golden.jobs" "$vectors/golden.results" "$work/golden.results"
header=$(head -n 1 "$work/cycles.csv")
[ "$header" = "job,record,accelerator,op,status,cycles_total,cycles_quantizer,cycles_encoder,cycles_decoder,cycles_dequantizer,host_us" ] || { echo "FAIL: cycle log header '$header'"; failures=$((failures + 1)); }

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

if [ "$failures" -ne 0 ]; then echo "$failures runner checks failed"; exit 1; fi
echo "runner: all checks passed"
