"""synthpersona simulate --engine: a log read by path through the engine (issue 18)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from synthpersona.cli import run
from synthpersona.simulation import make_sample_events


@pytest.fixture()
def log_csv(tmp_path: Path) -> Path:
    path = tmp_path / "events.csv"
    make_sample_events(n_users=120, random_state=7).to_csv(path, index=False)
    return path


def test_cli_simulate_reads_a_log_by_path_through_the_engine(
    log_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["simulate", "-e", str(log_csv), "-o", str(tmp_path / "o"), "-k", "3", "-n", "100"]
    code = run([*args, "--engine", "duckdb", "--sample-users", "40", "--no-validate", "--no-deck", "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and summary["ingest"]["n_users"] == 120
    assert "sample of" in summary["notes"][0] and "all 120 users" in summary["notes"][0]
    assert run([*args, "--engine", "postgres"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "postgres" in err and "duckdb" in err
