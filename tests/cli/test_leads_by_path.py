"""synthpersona leads analyze --by-path: the engine reads the table in place (issue 18)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from synthpersona.cli import run
from tables._data import make_leads  # tests/tables (tests/ is on sys.path)


def test_leads_analyze_by_path_prints_the_personas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "leads.csv"
    make_leads(400, seed=1).drop(columns=["_segment"]).to_csv(path, index=False)
    assert run(["leads", "analyze", str(path), "--k", "3", "--by-path", "--json"]) == 0
    personas = json.loads(capsys.readouterr().out)
    assert sum(p["cluster_size"] for p in personas) == 400
