# synthpersona: `make run` and `make test` work on a fresh machine (they set up first).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: install run demo test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

# The main job on the built-in data.
run: install
	@bash scripts/run.sh

# The CLI demo alone: segments and personas for an example goal.
demo: install
	$(VENV)/bin/synthpersona segment --goal "Gen Z moms in tier-2 cities"

test: install
	@bash scripts/ensure_chromium.sh
	@export SYNTHPERSONA_TEST_POSTGRES_URL="$$(bash scripts/ensure_postgres.sh)"; \
	  $(VENV)/bin/ruff check src tests benchmarks && \
	  $(VENV)/bin/ruff format --check --quiet src tests benchmarks && \
	  $(VENV)/bin/mypy && \
	  { $(PY) -m pytest -n 2 --junitxml=.pytest-report.xml $(PYTEST_ARGS); status=$$?; \
	    $(PY) scripts/test_summary.py .pytest-report.xml; exit $$status; }

lint: install
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy

bench: install
	@command -v wrk >/dev/null 2>&1 || { (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null 2>&1 || \
	  echo "note: wrk not available; the API load test uses its Python client"; }
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .bench
