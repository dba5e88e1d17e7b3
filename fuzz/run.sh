#!/usr/bin/env bash
# Runs one fuzz target for a number of seconds: fuzz/run.sh TARGET SECONDS [libFuzzer flags…]
#
# Builds the target (cargo fuzz, RUSTC_BOOTSTRAP=1 on a stable toolchain), seeds its corpus on
# the first run (seeds.sh), then fuzzes at the lowest priority (nice 19; the machine is shared)
# on a 2 MiB stack, the size of a worker thread. A crash, a failed property, a timeout (10 s) or
# memory past 2 GiB stops it with the input in artifacts/TARGET/; executions and time are
# appended to logs/runs.tsv.
#
# Environment: SANITIZER (default `none`: the code is safe Rust, and it runs twice as fast
# without AddressSanitizer; `address` to use it), JOBS=N (N processes at once, default 1),
# NICE (default 19), SKIP_BUILD=1 (run the target as last built), MAX_LEN (longest input in bytes; default 16 KiB, 64 KiB for folders: longer
# inputs run slower and find no more).
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh TARGET SECONDS [libFuzzer flags…]}
seconds=${2:?usage: fuzz/run.sh TARGET SECONDS [libFuzzer flags…]}
shift 2
sanitizer=${SANITIZER:-none}
case "$target" in
  check_file|fmt_roundtrip|analysis_edits) dict=care.dict max_len=16384 ;;
  check_folder) dict=care.dict max_len=65536 ;;
  eval_dossier|batch_jsonl|decode_json) dict=dossier.dict max_len=16384 ;;
  *) echo "unknown target \`$target\`: check_file check_folder fmt_roundtrip eval_dossier batch_jsonl decode_json analysis_edits" >&2; exit 2 ;;
esac

export RUSTC_BOOTSTRAP=1
[ -n "${SKIP_BUILD:-}" ] || nice -n "${NICE:-19}" cargo fuzz build --sanitizer "$sanitizer" "$target" >&2
bin=target/x86_64-unknown-linux-gnu/release/$target
[ -d "corpus/$target" ] && [ -n "$(ls -A "corpus/$target")" ] || ./seeds.sh >&2
mkdir -p "artifacts/$target" logs
log=logs/$target-$(date +%Y%m%d-%H%M%S).log
status=0
(
  ulimit -s 2048
  exec nice -n "${NICE:-19}" "$bin" "corpus/$target" \
    -dict="$dict" -max_len="${MAX_LEN:-$max_len}" -timeout=10 -rss_limit_mb=2048 -max_total_time="$seconds" \
    -print_final_stats=1 -artifact_prefix="artifacts/$target/" "$@"
) > "$log" 2>&1 || status=$?
execs=$(grep -ho 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{s += $NF} END {print s + 0}' || true)
rate=$(grep -ho 'stat::average_exec_per_sec: *[0-9]*' "$log" | awk '{s += $NF} END {print s + 0}' || true)
units=$(ls "corpus/$target" | wc -l)
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -Iseconds)" "$target" "$seconds" "$execs" "$rate" "$units" "$status" >> logs/runs.tsv
echo "$target: $execs executions in ${seconds}s ($rate/s), corpus $units, exit $status (log: fuzz/$log)"
if [ "$status" != 0 ]; then
  grep -E 'panicked|ERROR|SUMMARY|Test unit written|overflowed' "$log" | head -20 >&2
fi
exit "$status"
