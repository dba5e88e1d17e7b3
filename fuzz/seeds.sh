#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets (corpus/TARGET/) from the repository's policies
# and fixtures. The corpora are not committed: the fuzzers grow them, this script starts them.
# Usage: fuzz/seeds.sh            (adds the seeds to corpus/, keeping what the fuzzers found)
set -euo pipefail
cd "$(dirname "$0")"
root=..
corpus=corpus

mkdir -p "$corpus"/{check_file,check_folder,fmt_roundtrip,eval_dossier,batch_jsonl,decode_json,analysis_edits}

# One file: every .care file of the repository (policies, check and syntax fixtures, formatter
# cases).
n=0
while IFS= read -r -d '' f; do
  name=$(printf '%s' "${f#$root/}" | tr '/' '_')
  cp "$f" "$corpus/check_file/$name"
  cp "$f" "$corpus/fmt_roundtrip/$name"
  # An edit session on it (harness.rs, analysis_edits): insert a line at offset 300 of the
  # first file, one at 0 of the module, delete 8 bytes at 40, ask every query at 200.
  { cat "$f"; printf '\0\x00\x01\x2cvalue x = 1\n\x01\x02\x00\x00module m\n\x01\x0c\x00\x28\x18\x00\xc8'; } \
    > "$corpus/analysis_edits/$name"
  n=$((n + 1))
done < <(find "$root/policies" "$root/tests/fixtures" "$root/crates/care-fmt/tests/cases" \
           -name '*.care' -type f -print0 | sort -z)
echo "check_file, fmt_roundtrip, analysis_edits: $n seeds"

# A folder: `NAME\nTEXT` for each file, separated by NUL bytes (harness.rs, folder_files), from
# every folder holding .care files (a policy, a multi-file fixture).
n=0
while IFS= read -r -d '' dir; do
  out="$corpus/check_folder/$(printf '%s' "${dir#$root/}" | tr '/' '_')"
  : > "$out"
  first=1
  while IFS= read -r -d '' f; do
    [ $first = 1 ] || printf '\0' >> "$out"
    first=0
    printf '%s\n' "${f#$dir/}" >> "$out"
    cat "$f" >> "$out"
  done < <(find "$dir" -name '*.care' -type f -print0 | sort -z)
  n=$((n + 1))
done < <(find "$root/policies" "$root/tests/fixtures/check" -mindepth 1 -type d -print0 \
           | sort -z | while IFS= read -r -d '' d; do
               if find "$d" -maxdepth 1 -name '*.care' -type f | grep -q .; then
                 printf '%s\0' "$d"
               fi
             done)
echo "check_folder: $n seeds"

# Dossiers: the first byte chooses the policy (low 4 bits: its rank among policies/ folders by
# name), the version (bits 4-5: 0 the one in force, n the n-th version), YAML (bit 6) and CSV
# (bit 7, batches); the rest is the dossier. See harness.rs, choose().
n=0
rank=0
while IFS= read -r -d '' policy; do
  [ -d "$policy/tests" ] || { rank=$((rank + 1)); continue; }
  jsonl="$corpus/batch_jsonl/$(basename "$policy")-all"
  printf "\\x$(printf '%02x' $rank)" > "$jsonl"
  while IFS= read -r -d '' d; do
    base=$(basename "$d")
    case "$base" in *.expected.json) continue ;; esac
    yaml=0
    case "$base" in *.yaml|*.yml) yaml=64 ;; esac
    for version in 0 16 32; do
      byte=$((rank + version + yaml))
      out="$corpus/eval_dossier/$(basename "$policy")-$base-$byte"
      { printf "\\x$(printf '%02x' $byte)"; cat "$d"; } > "$out"
      n=$((n + 1))
    done
    if [ $yaml = 0 ]; then
      # The document alone, for the JSON decoders (decode_json).
      cp "$d" "$corpus/decode_json/$(basename "$policy")-$base"
      # The same JSON read as YAML (JSON is YAML), and as one line of a batch.
      out="$corpus/eval_dossier/$(basename "$policy")-$base-yaml"
      { printf "\\x$(printf '%02x' $((rank + 64)))"; cat "$d"; } > "$out"
      line=$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), ensure_ascii=False))' "$d" 2>/dev/null) || line=$(tr -d '\n' < "$d")
      printf '%s\n' "$line" >> "$jsonl"
      for byte in $rank $((rank + 64)) $((rank + 128)); do
        { printf "\\x$(printf '%02x' $byte)"; printf '%s\n' "$line"; } \
          > "$corpus/batch_jsonl/$(basename "$policy")-$base-$byte"
      done
      n=$((n + 1))
    fi
  done < <(find "$policy/tests" -maxdepth 1 -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) -print0 | sort -z)
  rank=$((rank + 1))
done < <(find "$root/policies" -mindepth 1 -maxdepth 1 -type d -print0 | sort -z)
echo "eval_dossier, batch_jsonl, decode_json: $n seeds"
