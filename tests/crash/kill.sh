#!/usr/bin/env bash
# Crash checks: `kill -9` at random points of an import and of a close, on
# SQLite and (when reachable) PostgreSQL. After each kill the database holds
# the whole import or none of it (facts, daily sums and the import record
# agree), the month is closed whole or not at all, and running the same
# command again finishes the job.
#
#   bash tests/crash/kill.sh            # KILLS=4 ROWS=200000 per backend
#
# Environment: KILLS (4), ROWS (200000), PG_URL
# (postgres://postgres@127.0.0.1:5432), CARGO_TARGET_DIR.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
KILLS=${KILLS:-4}
ROWS=${ROWS:-200000}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
export PGOPTIONS="-c client_min_messages=warning"
cd "$ROOT"
cargo build -p amoeba-cli --locked --quiet
bin="$TARGET/debug/amoeba"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/org.toml" <<'TOML'
[company]
code = "K1"
name = "崩溃测试"

[[units]]
code = "G"
name = "集团"
kind = "profit_centre"

[[units]]
code = "AMZ"
name = "亚马逊"
kind = "profit_centre"
parent = "G"
TOML
awk -v n="$ROWS" 'BEGIN { print "date,unit,kind,amount,currency,memo"; for (i = 1; i <= n; i++) printf "2026-03-%02d,AMZ,other_expense,-%d.%02d,CNY,row %d\n", i % 28 + 1, i % 997, i % 100, i }' >"$work/facts.csv"

fail() { echo "crash check FAILED: $*" >&2; exit 1; }

# q BACKEND DB SQL: one value.
q() {
  if [ "$1" = sqlite ]; then sqlite3 "$2" "$3"; else psql "$2" -qAtc "$3"; fi
}

# The database agrees with itself: facts, daily sums and import records.
consistent() { # backend db
  local imports facts daily_sum facts_sum
  imports=$(q "$1" "$2" "SELECT COUNT(*) FROM imports WHERE kind = 'facts'")
  facts=$(q "$1" "$2" "SELECT COUNT(*) FROM facts f JOIN imports i ON i.id = f.import_id WHERE i.kind = 'facts'")
  case "$imports/$facts" in
    0/0 | "1/$ROWS") ;;
    *) fail "$1: $imports facts imports holding $facts facts (expected 0/0 or 1/$ROWS)" ;;
  esac
  facts_sum=$(q "$1" "$2" "SELECT COALESCE(SUM(amount), 0) FROM facts")
  daily_sum=$(q "$1" "$2" "SELECT COALESCE(SUM(amount), 0) FROM fact_daily")
  [ "$facts_sum" = "$daily_sum" ] || fail "$1: daily sums $daily_sum differ from the facts' $facts_sum"
  local periods closes
  periods=$(q "$1" "$2" "SELECT COUNT(*) FROM periods")
  closes=$(q "$1" "$2" "SELECT COUNT(*) FROM imports WHERE kind = 'close'")
  [ "$periods" = "$closes" ] || fail "$1: $periods closed periods but $closes close records"
  echo "$imports/$periods"
}

# A random delay in seconds, 0.05 .. 2.00.
delay() { awk -v s="$RANDOM" 'BEGIN { srand(s); printf "%.2f", 0.05 + rand() * 1.95 }'; }

run_backend() { # backend url
  local backend=$1 url=$2 db
  for k in $(seq 1 "$KILLS"); do
    if [ "$backend" = sqlite ]; then
      db="$work/k$k.db"
    else
      local name="amoeba_t_crash_$$_$k"
      psql "$url/test" -qc "DROP DATABASE IF EXISTS $name" >/dev/null
      psql "$url/test" -qc "CREATE DATABASE $name" >/dev/null
      db="$url/$name"
    fi
    "$bin" org import "$work/org.toml" --db "$db" >/dev/null
    # Kill an import.
    local d d2; d=$(delay)
    "$bin" import facts "$work/facts.csv" --db "$db" >/dev/null 2>&1 &
    local pid=$!
    sleep "$d"; kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
    local state; state=$(consistent "$backend" "$db")
    "$bin" import facts "$work/facts.csv" --db "$db" >/dev/null || fail "$backend: the import does not run again after a kill"
    [ "$(consistent "$backend" "$db")" = "1/0" ] || fail "$backend: after the rerun the import is not whole"
    # Kill a close.
    d2=$(delay)
    "$bin" close --period 2026-03 --db "$db" >/dev/null 2>&1 &
    pid=$!
    sleep "$d2"; kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
    local after; after=$(consistent "$backend" "$db")
    if [ "$after" = "1/0" ]; then
      "$bin" close --period 2026-03 --db "$db" >/dev/null || fail "$backend: the close does not run again after a kill"
    fi
    [ "$(consistent "$backend" "$db")" = "1/1" ] || fail "$backend: the month is not closed whole"
    echo "  $backend kill $k: import killed after ${d}s left '$state', close killed after ${d2}s left '$after'; both finished on rerun"
    if [ "$backend" = postgres ]; then psql "$url/test" -qc "DROP DATABASE IF EXISTS amoeba_t_crash_$$_$k" >/dev/null 2>&1 || true; fi
  done
}

echo "== crash checks on SQLite ($KILLS kills of an import and a close, $ROWS rows)"
run_backend sqlite ""
if psql "$PG_URL/test" -qAtc 'select 1' >/dev/null 2>&1; then
  echo "== crash checks on PostgreSQL"
  run_backend postgres "$PG_URL"
else
  echo "== PostgreSQL not reachable at $PG_URL: crash checks skipped"
fi
