#!/usr/bin/env bash
# The whole Amoeba test suite — the README's test command.
#   1. every unit and integration test on SQLite (temp files);
#   2. the same suite on PostgreSQL (a fresh database per test) when a server
#      is reachable at $AMOEBA_TEST_DATABASE_URL, $DATABASE_URL or
#      postgres://postgres@127.0.0.1:5432/test;
#   3. the crash checks (kill -9 during an import and a close, tests/crash/kill.sh);
#   4. the browser tests, when Chromium and node are present.
# Set AMOEBA_REQUIRE_POSTGRES=1 (CI does) to fail instead of skipping step 2.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_url="${AMOEBA_TEST_DATABASE_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}}"

echo "== tests on SQLite"
env -u DATABASE_URL -u AMOEBA_TEST_DATABASE_URL cargo test --workspace --locked

if command -v psql >/dev/null && psql "$pg_url" -qAtc 'select 1' >/dev/null 2>&1; then
  echo "== tests on PostgreSQL ($pg_url)"
  env -u DATABASE_URL AMOEBA_TEST_DATABASE_URL="$pg_url" cargo test --workspace --locked
  # Drop the per-test databases left behind.
  psql "$pg_url" -qAtc "select datname from pg_database where datname like 'amoeba_t_%'" |
    while read -r db; do psql "$pg_url" -qc "drop database if exists \"$db\"" >/dev/null 2>&1 || true; done
elif [ "${AMOEBA_REQUIRE_POSTGRES:-0}" = 1 ]; then
  echo "PostgreSQL is required but not reachable at $pg_url" >&2
  exit 1
else
  echo "== PostgreSQL not reachable at $pg_url: skipped (set AMOEBA_TEST_DATABASE_URL)"
fi

if command -v sqlite3 >/dev/null; then
  # kill -9 at random points of an import and a close, on both backends.
  KILLS="${KILLS:-3}" bash tests/crash/kill.sh
else
  echo "== crash checks skipped: sqlite3 is not installed (apt-get install sqlite3)"
fi

if [ -f tests/browser/run.sh ]; then
  echo "== browser tests"
  bash tests/browser/run.sh
fi
