#!/usr/bin/env bash
# `make run`: the REST API and the web UI on the built-in population, on this machine only.
# Ports: SYNTHPERSONA_API_PORT (8000) and SYNTHPERSONA_UI_PORT (8501). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin/synthpersona
API_PORT="${SYNTHPERSONA_API_PORT:-8000}"
UI_PORT="${SYNTHPERSONA_UI_PORT:-8501}"
HOST="${SYNTHPERSONA_HOST:-127.0.0.1}"

echo "Preparing the built-in population (first run only)…"
"$BIN" population info >/dev/null 2>&1 || true

"$BIN" serve --host "$HOST" --port "$API_PORT" --log-level warning &
API_PID=$!
"$BIN" ui --host "$HOST" --port "$UI_PORT" &
UI_PID=$!
trap 'kill $API_PID $UI_PID 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 120); do
  if .venv/bin/python -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=2)" \
      "http://$HOST:$API_PORT/health" >/dev/null 2>&1; then break; fi
  kill -0 $API_PID 2>/dev/null || { echo "error: the API did not start (see above)" >&2; exit 1; }
  sleep 0.5
done
cat <<MSG

  synthpersona is running on this machine:
    Web UI        http://$HOST:$UI_PORT
    REST API      http://$HOST:$API_PORT        (OpenAPI docs: http://$HOST:$API_PORT/docs)

  Try:  curl -s -X POST http://$HOST:$API_PORT/clusters/generate -H 'Content-Type: application/json' \\
          -d '{"goal": "Gen Z moms in tier-2 cities"}'
  CLI:  .venv/bin/synthpersona segment --goal "college students interested in headphones"
  Press Ctrl-C to stop.
MSG
wait -n $API_PID $UI_PID
