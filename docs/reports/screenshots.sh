#!/bin/sh
# The HTML report of each shared example (policies/essms-poc/tests/, copies of the shared
# dossiers), rendered by headless Chromium (Debian's `chromium`) into docs/reports/*.png.
# Run from the repository's root after `cargo build -p care-cli`:
#   sh docs/reports/screenshots.sh [path/to/care]
set -eu
care=${1:-target/debug/care}
out=docs/reports
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for name in late-submission p1-single-site p3-backup-split p3-group-seven-sites; do
  "$care" eval --policy policies/essms-poc --dossier "policies/essms-poc/tests/$name.json" \
    --format html --audience instructeur > "$tmp/$name.html"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size=1100,2600 --screenshot="$out/$name.png" "file://$tmp/$name.html" 2>/dev/null
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$tmp/$name.pdf" "file://$tmp/$name.html" 2>/dev/null
  echo "$out/$name.png ($(wc -c < "$tmp/$name.pdf") bytes of PDF)"
done
