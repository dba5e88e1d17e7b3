#!/usr/bin/env bash
# Runs every fuzz target in turn, SECONDS each: fuzz/run-all.sh SECONDS
# Stops at the first target that finds something (its input is in artifacts/TARGET/).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:?usage: fuzz/run-all.sh SECONDS}
for target in check_file check_folder fmt_roundtrip eval_dossier batch_jsonl; do
  ./run.sh "$target" "$seconds"
done
