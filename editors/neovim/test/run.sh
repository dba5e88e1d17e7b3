#!/usr/bin/env bash
# Headless Neovim opens a copy of the ESSMS policy with a garbage line and must show the
# syntax error on that line. Needs `nvim` (Debian's 0.7 is enough) and the `care` binary
# (CARE_BIN, default target/debug/care).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
care="${CARE_BIN:-$repo/target/debug/care}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/policies/essms-poc"
cp "$repo"/policies/essms-poc/*.care "$work/policies/essms-poc/"
ln -s "$care" "$work/bin/care"
# A garbage line as line 21 of the first version.
file="$work/policies/essms-poc/2026-03-31.care"
awk 'NR==21 { print "§§ ligne cassée ¤¤" } { print }' "$file" > "$file.new" && mv "$file.new" "$file"
export CARE_NVIM_RESULT="$work/result" CARE_NVIM_FILE="$file"
PATH="$work/bin:$PATH" timeout 60 nvim --headless -u NONE -i NONE -n \
  --cmd "set runtimepath^=$repo/editors/neovim" --cmd "filetype on" \
  --cmd "runtime plugin/care.lua" \
  -c "luafile $here/diagnostic.lua" > "$work/nvim.log" 2>&1 || true
result="$(cat "$work/result" 2>/dev/null || echo 'no result')"
echo "neovim: $result"
if [ "$result" != "E0001 line 21" ]; then
  echo "expected: E0001 line 21" >&2
  cat "$work/nvim.log" >&2 || true
  exit 1
fi
