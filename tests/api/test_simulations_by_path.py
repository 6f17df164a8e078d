"""`POST /simulations` on a dataset registered by path runs through the engine, reading the file in place."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from support.planted import planted_events
from synthpersona.api import _simulations, create_app
from synthpersona.config import Settings

_BODY = {"k": 2, "n_personas": 60, "run_validation": False, "deck": False, "k_anonymity": None}


def test_a_registered_log_is_simulated_by_the_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the real request path in the request's thread, without the report files (charts: seconds)
    real = _simulations.simulation_summary
    monkeypatch.setattr(
        _simulations, "simulation_summary", lambda *a, **k: real(*a, **{**k, "out_dir": None})
    )
    folder = tmp_path / "shared"
    folder.mkdir()
    log, _ = planted_events(2, users=120, random_state=2)
    source = folder / "clicks.parquet"
    log.drop(columns=["_group"], errors="ignore").to_parquet(source, index=False)
    before = source.read_bytes()
    settings = Settings(home=tmp_path / "home", dataset_dirs=[folder], job_isolation="thread")
    with TestClient(create_app(settings, llm=None)) as api:
        ds = api.post("/datasets/by-path", json={"path": str(source)}).json()
        r = api.post("/simulations", json={**_BODY, "dataset_id": ds["dataset_id"]})
        assert r.status_code == 201, r.text
        by_path = r.json()
    assert by_path["engine"] == "duckdb"  # an upload stays in memory: tests/api/test_simulations.py
    # every user of the file is counted and clustered, as in memory
    users = pd.read_parquet(source)["user_id"].nunique()
    assert by_path["ingest"]["n_users"] == users
    assert sum(by_path["clustering"]["sizes"]) == users
    assert (
        by_path["request"]["dataset_id"] == ds["dataset_id"]
        and by_path["ingest"]["source"] == ds["dataset_id"]
    )
    assert source.read_bytes() == before
