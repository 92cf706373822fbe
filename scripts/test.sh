#!/usr/bin/env bash
# Installs what the tests need and runs the whole test suite twice:
# once on SQLite, once on a real PostgreSQL server started for the purpose.
# This is the test command of README.md; .ci/run calls it unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

echo "== test suite on SQLite"
.venv/bin/python -m pytest "$@"

echo "== test suite on PostgreSQL"
if PG_URL="$(bash scripts/postgres.sh)"; then
    TAGWIRE_TEST_DATABASE_URL="$PG_URL" .venv/bin/python -m pytest "$@"
else
    # tests/test_postgres.py reports the skip and its reason in the SQLite run above
    echo "PostgreSQL run SKIPPED: no PostgreSQL server could be started (see the messages above)"
fi
