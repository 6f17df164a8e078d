# synthpersona: `make run` and `make test` work on a fresh machine (they set up first).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: install run demo test lint bench clean constraints

install: $(STAMP)

# Every extra (Spark too: the engine tests run on local Spark) and the dev tools, at the versions
# pinned in constraints.txt.
$(STAMP): pyproject.toml constraints.txt
	@echo "make: installing synthpersona[all,dev,spark] into $(VENV) (versions from constraints.txt)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[all,dev,spark]"
	@touch $(STAMP)

# Re-pin constraints.txt to what pip resolves for .[all,dev,spark] today (then run make test).
constraints:
	$(PY) -m pip install --quiet --dry-run --ignore-installed --report .constraints.json -e ".[all,dev,spark]"
	$(PY) scripts/write_constraints.py .constraints.json constraints.txt && rm -f .constraints.json

# The main job on the built-in data.
run: install
	@bash scripts/run.sh

# The CLI demo alone: segments and personas for an example goal.
demo: install
	$(VENV)/bin/synthpersona segment --goal "Gen Z moms in tier-2 cities"

# Set-up it may do, said before it is done: Debian's chromium (browser test) and postgresql
# (store tests) are installed with apt-get when missing; a PostgreSQL server on 127.0.0.1:54329
# is started when none answers there, and stopped again at the end (one already running is
# left alone). The doctests of every module run as part of the suite (tests/test_doctests.py).
test: install
	@echo "make test: checking Chromium (apt-get install chromium if missing) for the browser test"
	@bash scripts/ensure_chromium.sh
	@bash scripts/ensure_axe.sh
	@echo "make test: checking PostgreSQL for the store tests (apt-get install postgresql and start a"
	@echo "           throwaway server on 127.0.0.1 if none runs; one started here is stopped at the end)"
	@export SYNTHPERSONA_TEST_POSTGRES_URL="$$(bash scripts/ensure_postgres.sh)"; \
	  trap 'bash scripts/stop_postgres.sh' EXIT; \
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
