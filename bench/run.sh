#!/usr/bin/env bash
# Import benchmark: a generated settlement-format month into SQLite and
# PostgreSQL, then `amoeba report pnl` and `amoeba close` for the month.
# Prints lines/s, seconds and peak memory.
#
#   bench/run.sh                      # 1 M lines, SQLite + PostgreSQL
#   LINES=10000000 bench/run.sh       # 10 M lines
#   BACKENDS=sqlite bench/run.sh      # one backend only
#
# Environment: LINES (1000000), STORES (200), SKUS (50000), FILES (1),
# MONTH (2026-09), BACKENDS ("sqlite postgres"),
# PG_URL (postgres://postgres@127.0.0.1:5432, a fresh database is created),
# WORK (target dir for data and databases, default /tmp/amoeba-bench),
# CARGO_TARGET_DIR (default ./target). Needs /usr/bin/time (apt install time).
set -euo pipefail

LINES=${LINES:-1000000}
STORES=${STORES:-200}
SKUS=${SKUS:-50000}
FILES=${FILES:-1}
MONTH=${MONTH:-2026-09}
BACKENDS=${BACKENDS:-"sqlite postgres"}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
WORK=${WORK:-/tmp/amoeba-bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

cd "$ROOT"
cargo build --release -q -p amoeba-cli --bin amoeba
cargo build --release -q -p amoeba-import --example gen_settlement
AMOEBA="$TARGET/release/amoeba"
GEN="$TARGET/release/examples/gen_settlement"

DATA="$WORK/data-$LINES-$STORES-$SKUS-$FILES-$MONTH"
if [ ! -f "$DATA/.done" ]; then
  rm -rf "$DATA"
  "$GEN" --lines "$LINES" --stores "$STORES" --skus "$SKUS" --files "$FILES" --month "$MONTH" --out "$DATA"
  touch "$DATA/.done"
fi
echo "data: $DATA ($(du -sh "$DATA" | cut -f1), $LINES lines in $FILES file(s))"

# Runs a command under /usr/bin/time; prints "<seconds> <peak KiB>".
timed() {
  local log
  log=$(mktemp)
  /usr/bin/time -v -o "$log" "$@" >/dev/null || echo "  (command failed: $*)" >&2
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  rm -f "$log"
  # wall is m:ss.ss or h:mm:ss
  echo "$wall" | awk -F: -v rss="$rss" '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f %d\n", s, rss }'
}

for backend in $BACKENDS; do
  case "$backend" in
    sqlite)
      rm -f "$WORK/bench.db" "$WORK/bench.db-wal" "$WORK/bench.db-shm"
      DB="$WORK/bench.db" ;;
    postgres)
      name="amoeba_bench_$$"
      psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
      DB="$PG_URL/$name" ;;
    *) echo "unknown backend $backend" >&2; exit 1 ;;
  esac
  echo "== $backend"
  read -r s kib < <(timed "$AMOEBA" --db "$DB" org import "$DATA/org.toml")
  printf '  org file        %8.2f s  %7d MiB peak\n' "$s" $((kib / 1024))
  "$AMOEBA" --db "$DB" --company BENCH import fx "$DATA/fx.csv" >/dev/null
  if [ "$FILES" -eq 1 ]; then
    read -r total peak < <(timed "$AMOEBA" --db "$DB" --company BENCH import amazon-settlement "$DATA/settlement_S001.txt" --store S001)
  else
    # Many stores on one marketplace: one folder per store (named by its
    # code) says whose each file is; one process imports them all.
    rm -rf "$DATA/by-store"
    for f in $(seq 1 "$FILES"); do
      store=$(printf 'S%03d' "$f")
      mkdir -p "$DATA/by-store/$store"
      ln -s "$DATA/settlement_$store.txt" "$DATA/by-store/$store/settlement.txt"
    done
    read -r total peak < <(timed "$AMOEBA" --db "$DB" --company BENCH import amazon-settlement "$DATA/by-store")
  fi
  awk -v n="$LINES" -v s="$total" -v p="$peak" 'BEGIN { printf "  import          %8.2f s  %7d MiB peak  %9.0f lines/s\n", s, p / 1024, n / s }'
  read -r s kib < <(timed "$AMOEBA" --db "$DB" --company BENCH report pnl --period "$MONTH" --format json)
  printf '  report pnl      %8.2f s  %7d MiB peak\n' "$s" $((kib / 1024))
  # Time zones put a few facts on the previous month's last day: months
  # close in order, so close that one first (untimed).
  prev=$(date -d "$MONTH-01 -1 month" +%Y-%m)
  "$AMOEBA" --db "$DB" --company BENCH close --period "$prev" >/dev/null 2>&1 || true
  read -r s kib < <(timed "$AMOEBA" --db "$DB" --company BENCH close --period "$MONTH")
  printf '  close           %8.2f s  %7d MiB peak\n' "$s" $((kib / 1024))
  read -r s kib < <(timed "$AMOEBA" --db "$DB" --company BENCH import amazon-settlement "$DATA/settlement_S001.txt" --store S001)
  printf '  re-import S001  %8.2f s  %7d MiB peak  (no-op: settlement id known)\n' "$s" $((kib / 1024))
  if [ "$backend" = postgres ]; then
    psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $name" >/dev/null
  fi
done
