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

# the browser tests (tests/browser) drive Debian's chromium, never a browser Playwright downloads;
# they skip and say why when it is missing and cannot be installed (not root, no apt)
if ! command -v chromium >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing chromium from Debian's packages…" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2 || true
fi
bash scripts/fetch_axe.sh  # axe-core from the npm registry into build/vendor/, for the accessibility test
mkdir -p build/screenshots  # the browser tests' screenshots; CI keeps build/ as artefacts

echo "== test suite on SQLite"
.venv/bin/python -m pytest "$@"

echo "== test suite on PostgreSQL"
if PG_URL="$(bash scripts/postgres.sh)"; then
    # pages read the same whatever the backend: the browser tests ran in the SQLite pass (docs/decisions.md)
    TAGWIRE_TEST_SKIP_BROWSER="browser tests run in the SQLite pass only" \
    TAGWIRE_TEST_DATABASE_URL="$PG_URL" .venv/bin/python -m pytest "$@"
else
    # tests/test_postgres.py reports the skip and its reason in the SQLite run above
    echo "PostgreSQL run SKIPPED: no PostgreSQL server could be started (see the messages above)"
fi
