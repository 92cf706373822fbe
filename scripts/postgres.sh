#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the tests and print its URL on stdout.
#   bash scripts/postgres.sh            # prints postgresql+psycopg://tagwire@127.0.0.1:PORT/tagwire
# Installs Debian's postgresql when no server binaries are found (needs root, as in CI).
# Prints nothing and exits 1 when no server can be started; the tests then skip
# their PostgreSQL run and say why.
set -uo pipefail
PORT="${TAGWIRE_PG_PORT:-54329}"
DATA="${TAGWIRE_PG_DATA:-/tmp/tagwire-pg-$PORT}"

find_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

BIN="$(find_bin)"
if [ -z "$BIN" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing postgresql from Debian's packages…" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2 || true
    BIN="$(find_bin)"
fi
[ -n "$BIN" ] || { echo "no PostgreSQL server binaries found" >&2; exit 1; }

# initdb and the server refuse to run as root: use the postgres user when we are root
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres
        su postgres -s /bin/sh -c "$*"
    else
        sh -c "$*"
    fi
}

if ! as_pg "$BIN/pg_ctl -D $DATA status" >/dev/null 2>&1; then
    rm -rf "$DATA"
    mkdir -p "$DATA"
    [ "$(id -u)" = 0 ] && chown postgres "$DATA"
    as_pg "$BIN/initdb -D $DATA -A trust -U postgres --no-sync" >/dev/null || exit 1
    # tests, not production: no fsync, small footprint, loopback only
    as_pg "$BIN/pg_ctl -D $DATA -l $DATA/server.log -w -o '-p $PORT -k /tmp -h 127.0.0.1 -F -c max_connections=200 -c shared_buffers=64MB' start" >/dev/null || {
        cat "$DATA/server.log" >&2; exit 1; }
    "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -q -c "CREATE ROLE tagwire LOGIN SUPERUSER" >/dev/null 2>&1 || true
    "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -q -c "CREATE DATABASE tagwire OWNER tagwire" >/dev/null 2>&1 || true
fi
echo "postgresql+psycopg://tagwire@127.0.0.1:$PORT/tagwire"
