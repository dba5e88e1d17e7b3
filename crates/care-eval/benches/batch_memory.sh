#!/bin/sh
# Peak memory of `care eval --dossiers` on 10,000 then 1,000,000 generated ESSMS dossiers:
# it must stay flat (the batch streams; memory does not grow with the number of dossiers).
#
#   sh crates/care-eval/benches/batch_memory.sh [SMALL] [LARGE]
#
# Generates the JSON Lines files in ${TMPDIR:-/tmp} with `care sample` (about 1 GB for 1,000,000
# dossiers; they are removed at the end), runs the batch on each under `/usr/bin/time -v` and prints the
# maximum resident set size and the throughput. Options: JOBS=N (worker threads), FORMAT=csv.
set -eu

small=${1:-10000}
large=${2:-1000000}
root=$(cd "$(dirname "$0")/../../.." && pwd)
tmp=${TMPDIR:-/tmp}/care-batch-memory.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM

cd "$root"
cargo build --release --quiet -p care-cli --bin care
care="$root/target/release/care"

measure() {
    n=$1
    file="$tmp/dossiers-$n.jsonl"
    "$care" sample --policy policies/essms-poc -n "$n" --seed 7 > "$file"
    bytes=$(wc -c < "$file")
    set -- eval --policy policies/essms-poc --dossiers "$file" --format "${FORMAT:-jsonl}"
    if [ -n "${JOBS:-}" ]; then set -- "$@" --jobs "$JOBS"; fi
    if ! /usr/bin/time -v "$care" "$@" > /dev/null 2> "$tmp/time-$n.txt"; then
        cat "$tmp/time-$n.txt" >&2
        exit 1
    fi
    rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$tmp/time-$n.txt")
    wall=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time-$n.txt")
    counted=$(sed -n 's/^counted: //p' "$tmp/time-$n.txt")
    printf '%9s dossiers  %7s MB input  max RSS %7s KB  wall %s  (%s)\n' \
        "$n" "$((bytes / 1000000))" "$rss" "$wall" "$counted"
    rm -f "$file"
}

measure "$small"
measure "$large"
