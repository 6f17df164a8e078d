#!/usr/bin/env bash
# Make sure a throwaway PostgreSQL server runs on loopback for the store tests and print its URL.
#
#   export SYNTHPERSONA_TEST_POSTGRES_URL="$(bash scripts/ensure_postgres.sh)"
#
# Idempotent: reuses a running server. Installs Debian's `postgresql` with apt-get when
# no server binaries are found. The cluster lives in $SYNTHPERSONA_PG_DIR (default
# /tmp/synthpersona-pg) on port $SYNTHPERSONA_PG_PORT (default 54329), with trust auth on
# 127.0.0.1 only. It runs as the `postgres` user when this script runs as root (PostgreSQL
# refuses to run as root). Only the URL goes to stdout; progress and problems go to stderr.
# When no server can be started, it prints nothing and exits 0 so the tests skip with a reason.
# A server it starts is stopped by scripts/stop_postgres.sh (`make test` does so at the end);
# a server that was already running is left alone.
set -uo pipefail

PORT="${SYNTHPERSONA_PG_PORT:-54329}"
DIR="${SYNTHPERSONA_PG_DIR:-/tmp/synthpersona-pg}"
DB="synthpersona_test"
USER_NAME="synthpersona"
URL="postgresql://${USER_NAME}@127.0.0.1:${PORT}/${DB}"

say() { echo "ensure_postgres: $*" >&2; }

find_bin() {
    local name="$1" found
    found="$(command -v "$name" 2>/dev/null)" && { echo "$found"; return 0; }
    found="$(ls -1d /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -n1)"
    [ -n "$found" ] && { echo "$found"; return 0; }
    return 1
}

if ! find_bin initdb >/dev/null || ! find_bin pg_ctl >/dev/null; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        say "installing Debian's postgresql (apt-get)…"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >&2 \
            || { say "apt-get install postgresql failed; PostgreSQL tests will be skipped"; exit 0; }
    else
        say "PostgreSQL is not installed and apt-get cannot be used (need root); tests will be skipped"
        exit 0
    fi
fi
INITDB="$(find_bin initdb)"
PG_CTL="$(find_bin pg_ctl)"
BINDIR="$(dirname "$(readlink -f "$INITDB")")"

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

ready() { "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1; }

if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres >&2 \
        || { say "cannot create the postgres user"; exit 0; }
fi

if ! ready; then
    mkdir -p "$DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$DIR"
    chmod 700 "$DIR"
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
        say "creating a cluster in $DIR/data"
        as_owner "$INITDB" -D "$DIR/data" -U "$USER_NAME" -A trust -E UTF8 --no-locale >&2 \
            || { say "initdb failed; PostgreSQL tests will be skipped"; exit 0; }
    fi
    say "starting PostgreSQL on 127.0.0.1:$PORT"
    as_owner "$PG_CTL" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c max_connections=200" start >&2 \
        || { say "pg_ctl start failed (see $DIR/server.log); PostgreSQL tests will be skipped"; exit 0; }
    # remembered so scripts/stop_postgres.sh stops only a server this script started
    echo "$PG_CTL" > "$DIR/started-by-ensure-postgres"
fi

for _ in $(seq 1 30); do ready && break; sleep 0.5; done
ready || { say "server does not answer on port $PORT"; exit 0; }

if ! "$BINDIR/psql" -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname='$DB'" 2>/dev/null | grep -q 1; then
    "$BINDIR/createdb" -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" "$DB" >&2 \
        || { say "createdb $DB failed"; exit 0; }
fi
echo "$URL"
