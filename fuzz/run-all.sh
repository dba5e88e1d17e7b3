#!/usr/bin/env bash
# Runs every fuzz target in turn, SECONDS each: fuzz/run-all.sh SECONDS
# One target at a time (the machine is shared); a target that finds something does not stop the
# others (its input is in artifacts/TARGET/); the exit status says whether any did.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:?usage: fuzz/run-all.sh SECONDS}
status=0
for target in check_file check_folder fmt_roundtrip eval_dossier batch_jsonl decode_json analysis_edits; do
  ./run.sh "$target" "$seconds" || status=1
done
exit $status
