#!/usr/bin/env bash
# Board under load: the demo company served by a release build, `wrk` on
# /board and on the group's P&L API with an owner's session, at 50 and 200
# connections; once with the month-to-date cache, once without
# (AMOEBA_MTD_CACHE=off), so the saving is measured side by side.
#
#   bench/board.sh                   # demo on SQLite
#   DB=/path/to/loaded.db bench/board.sh   # a database prepared earlier (e.g. the 10 M-line month)
#
# Environment: DB (a loaded database; default: a fresh demo), DURATION (15s),
# CONNECTIONS ("50 200"), THREADS (2), MODES ("on off"), CARGO_TARGET_DIR. Needs wrk and curl
# (apt-get install wrk curl).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-"50 200"}
THREADS=${THREADS:-2}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "needs curl (apt-get install curl)" >&2; exit 1; }

cd "$ROOT"
cargo build --release -p amoeba-cli --locked --quiet
bin="$TARGET/release/amoeba"
work=$(mktemp -d)
server=""
stop() { if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; fi; }
trap 'stop; rm -rf "$work"' EXIT

db=${DB:-}
if [ -z "$db" ]; then
  db="$work/demo.db"
  echo "== loading the demo company"
  "$bin" demo --no-serve --db "$db" >"$work/demo.log" 2>&1 || { tail -20 "$work/demo.log" >&2; exit 1; }
fi

run() { # $1 = label, $2 = value of AMOEBA_MTD_CACHE
  AMOEBA_MTD_CACHE=$2 "$bin" serve --db "$db" --addr 127.0.0.1:0 >"$work/serve.log" 2>&1 &
  server=$!
  url=""
  for _ in $(seq 1 300); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/serve.log" | head -1 || true)
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$work/serve.log" >&2; exit 1; }
  jar="$work/jar"
  rm -f "$jar"
  csrf=$(curl -s -c "$jar" "$url/login" | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//; s/"$//')
  curl -s -b "$jar" -c "$jar" -o /dev/null -d "csrf=$csrf&login=owner&password=demo-owner-2026" "$url/login"
  session=$(awk '$6 == "amoeba_session" { print $7 }' "$jar")
  [ -n "$session" ] || { echo "login failed" >&2; exit 1; }
  curl -s -o /dev/null -H "Cookie: amoeba_session=$session" "$url/board" # warm up
  for path in /board /api/v1/units/GROUP/pnl; do
    for c in $CONNECTIONS; do
      echo "== $1: $path, $c connections, $DURATION"
      wrk -t"$THREADS" -c"$c" -d"$DURATION" --latency -H "Cookie: amoeba_session=$session" "$url$path" |
        grep -E 'Requests/sec|Non-2xx|  50%|  99%|Socket errors'
    done
  done
  stop
}

for mode in ${MODES:-on off}; do
  case $mode in
    on) run "cached" on ;;
    off) run "uncached (AMOEBA_MTD_CACHE=off)" off ;;
  esac
done
