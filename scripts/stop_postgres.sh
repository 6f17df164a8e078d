#!/usr/bin/env bash
# Stop the PostgreSQL server scripts/ensure_postgres.sh started, and only that one: it
# leaves a marker when it starts a server; without the marker this does nothing.
set -uo pipefail

DIR="${SYNTHPERSONA_PG_DIR:-/tmp/synthpersona-pg}"
MARKER="$DIR/started-by-ensure-postgres"
[ -f "$MARKER" ] || exit 0
PG_CTL="$(cat "$MARKER")"
rm -f "$MARKER"
echo "stop_postgres: stopping the PostgreSQL server make test started ($DIR/data)" >&2
if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$PG_CTL" -D "$DIR/data" -m fast -w stop >&2
else
    "$PG_CTL" -D "$DIR/data" -m fast -w stop >&2
fi
