#!/usr/bin/env bash
# `make run`: segments and personas for an example goal on the built-in population.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/synthpersona segment --goal "${SYNTHPERSONA_DEMO_GOAL:-Gen Z moms in tier-2 cities}"
