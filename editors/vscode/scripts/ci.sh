#!/usr/bin/env bash
# CI of the VS Code extension: build, unit tests, lint, packages, then the end-to-end test in a
# real VS Code (code-server driven by Playwright through Debian's Chromium).
#
# Everything fetched from the registries (Node 24, code-server and its native modules, Playwright,
# the npm cache) lives under $CARE_CI_CACHE (default ~/.cache/care-ci), outside the repository:
# the first run installs (several minutes, mostly code-server's native modules), later runs find
# it there and start in seconds. Runs on a clean clone, as root for apt-get (CI is).
set -euo pipefail

ext=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$ext/../.." && pwd)
cache=${CARE_CI_CACHE:-$HOME/.cache/care-ci}
mkdir -p "$cache"

node_version=24                 # code-server requires Node 24; @vscode/vsce needs 22 or later
code_server_version=4.139.1     # VS Code 1.139
playwright_version=1.65.2

start=$SECONDS
step() { printf '== vscode [%4ss] %s\n' "$((SECONDS - start))" "$*"; }

# --- system packages (Debian) --------------------------------------------------------------
missing_debs() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || printf '%s ' "$p"
  done
}
apt_updated=
apt_install() {
  local need
  need=$(missing_debs "$@")
  [ -z "$need" ] && return 0
  step "apt-get install $need"
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian packages: $need (run as root, or install them first)" >&2
    exit 1
  fi
  if [ -z "$apt_updated" ]; then apt-get update -qq; apt_updated=1; fi
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
}

# A browser and fonts (accents render as boxes without them).
apt_install chromium fonts-dejavu-core fonts-noto-color-emoji

# --- Node 24 from the npm registry ----------------------------------------------------------
node_bin="$cache/node$node_version/node_modules/node/bin"
if ! "$node_bin/node" --version 2>/dev/null | grep -q "^v$node_version\."; then
  step "install node@$node_version"
  rm -rf "$cache/node$node_version"
  npm install --prefix "$cache/node$node_version" --no-audit --no-fund --cache "$cache/npm" \
    "node@$node_version" >/dev/null
fi
export PATH="$node_bin:$PATH"
step "node $(node --version), npm $(npm --version)"

# --- code-server ---------------------------------------------------------------------------
cs_dir="$cache/code-server-$code_server_version"
cs_bin="$cs_dir/node_modules/code-server/out/node/entry.js"
if [ ! -f "$cs_dir/.installed" ]; then
  # Its native modules compile at install.
  apt_install build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev
  step "install code-server@$code_server_version (native modules compile: several minutes)"
  rm -rf "$cs_dir"
  npm install --prefix "$cs_dir" --no-audit --no-fund --cache "$cache/npm" \
    "code-server@$code_server_version" >/dev/null
  # npm 11 skips install scripts not listed in allowScripts: run code-server's own.
  (cd "$cs_dir/node_modules/code-server" &&
    npm_config_user_agent="npm/$(npm --version) node/$(node --version) linux x64" sh ./postinstall.sh >/dev/null)
  touch "$cs_dir/.installed"
fi
export CARE_CODE_SERVER="$cs_bin"

# --- Playwright (Python), driving the system Chromium -----------------------------------------
venv="$cache/venv-playwright-$playwright_version"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import playwright' 2>/dev/null; then
  step "install playwright==$playwright_version"
  rm -rf "$venv"
  if ! python3 -m venv "$venv" 2>/dev/null; then
    # Debian's python3 needs its venv module from a package of its own.
    apt_install python3-venv
    rm -rf "$venv"
    /usr/bin/python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install -q --cache-dir "$cache/pip" "playwright==$playwright_version"
fi

step "tools ready"

# --- the extension: build, tests, lint, packages ---------------------------------------------
cd "$ext"
step "npm ci"
npm ci --no-audit --no-fund --prefer-offline --cache "$cache/npm" --loglevel=error >/dev/null
step "npm run compile (tsc --noEmit, strict; esbuild bundle)"
npm run compile --silent
step "npm test (unit tests, grammar snapshots and assertions)"
npm test --silent
step "npm run lint"
npm run lint --silent
step "npm run package"
npm run package --silent >/dev/null
step "cargo build --release (the care binary the linux-x64 package carries)"
(cd "$root" && cargo build --release --locked -p care-cli)
step "npm run package:linux-x64"
npm run package:linux-x64 --silent >/dev/null
ls -l "$ext"/care.vsix "$ext"/care-linux-x64.vsix

# --- in a real VS Code ---------------------------------------------------------------------------
e2e() {
  step "e2e $1"
  "$venv/bin/python" "$ext/test/e2e/e2e.py" "$1" --vsix "$2" --repo "$root" --node "$node_bin/node" \
    --code-server "$cs_bin" --care "$root/target/release/care" --out "$ext/test/e2e/out"
}
e2e no-server "$ext/care.vsix"
e2e full "$ext/care-linux-x64.vsix"
step "done (screenshots in editors/vscode/test/e2e/out/)"
