#!/usr/bin/env bash
# Browser tests of the web app: Debian's chromium driven by playwright-core.
#   1. builds the `amoeba` binary;
#   2. loads the demo company into a temporary database (up to 2026-10-31),
#      unless AMOEBA_BROWSER_DB names a database prepared earlier;
#   3. serves it on a free port of 127.0.0.1;
#   4. runs tests/*.test.mjs with node's built-in test runner;
#   5. stops the server and removes the temporary files.
# SCREENSHOTS=1 also writes screenshots of the main pages to docs/screenshots/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

if ! command -v node >/dev/null; then echo "browser tests: node is not installed" >&2; exit 1; fi
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then echo "browser tests: $chromium not found (apt-get install chromium)" >&2; exit 1; fi

cargo build -p amoeba-cli --locked --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/debug/amoeba"

work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

db="${AMOEBA_BROWSER_DB:-}"
if [ -z "$db" ]; then
  db="$work/demo.db"
  echo "== loading the demo company (takes a while in a debug build)"
  # Months kept open (no close, no pay run): a test pretends the month is in progress.
  if ! "$bin" demo --no-serve --no-month-end --db "$db" --end 2026-10-31 --months 2 >"$work/demo.log" 2>&1; then
    tail -40 "$work/demo.log" >&2
    exit 1
  fi
fi

"$bin" serve --db "$db" --addr 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server=$!
url=""
for _ in $(seq 1 300); do
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/serve.log" | head -1 || true)"
  [ -n "$url" ] && break
  if ! kill -0 "$server" 2>/dev/null; then cat "$work/serve.log" >&2; exit 1; fi
  sleep 0.1
done
if [ -z "$url" ]; then echo "browser tests: the server did not start" >&2; cat "$work/serve.log" >&2; exit 1; fi
echo "== browser tests against $url"

cd "$here"
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --silent
AMOEBA_URL="$url" AMOEBA_BIN="$bin" AMOEBA_DB="$db" CHROMIUM="$chromium" SCREENSHOT_DIR="$root/docs/screenshots" \
  node --test --test-concurrency=1 tests/*.test.mjs
