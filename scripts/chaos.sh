#!/usr/bin/env bash
# Chaos run of the REST API (docs/reliability.md): fuzzing with --workers 2 on loopback, peak memory,
# and kill -9 crashes during chat, upload and analysis-job bursts. Bounded (request, time and crash budgets) and
# loopback only; never part of `make test`.
#
#   bash scripts/chaos.sh                               # SQLite, 10,000 fuzzed requests, 30 crashes
#   bash scripts/chaos.sh --database-url "$(bash scripts/ensure_postgres.sh)"   # PostgreSQL
#   bash scripts/chaos.sh --requests 1000 --crashes 3   # a quick look
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
[ -x "$PY" ] || PY=python3
exec "$PY" scripts/chaos.py "$@"
