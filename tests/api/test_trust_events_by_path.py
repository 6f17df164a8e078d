"""`POST /diff` and `/representation` on event logs registered by path read them in the engine (issue 18)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import synthpersona.usecases._simulation_personas as personas_step
from support.planted import planted_events
from synthpersona.api import create_app
from synthpersona.config import Settings


def test_registered_logs_are_diffed_and_represented_in_the_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    real = personas_step.open_log_by_path

    def spy(source: Any, engine: Any, **kw: Any) -> Any:
        seen.append(str(engine))
        return real(source, engine, **kw)

    monkeypatch.setattr(personas_step, "open_log_by_path", spy)
    folder = tmp_path / "shared"
    folder.mkdir()
    for seed in (1, 2):
        log, _ = planted_events(2, users=80, random_state=seed)
        log.drop(columns=["_group"], errors="ignore").to_parquet(folder / f"v{seed}.parquet", index=False)
    settings = Settings(home=tmp_path / "home", dataset_dirs=[folder], job_isolation="thread")
    with TestClient(create_app(settings, llm=None)) as api:
        ids = [
            api.post("/datasets/by-path", json={"path": str(folder / f"v{s}.parquet")}).json() for s in (1, 2)
        ]
        r = api.post("/diff", json={"events_dataset_ids": [d["dataset_id"] for d in ids], "k": 2})
        assert r.status_code == 200, r.text
        assert seen == ["duckdb", "duckdb"]  # both versions read in place (was: read whole into memory)
        assert r.json()["diffs"][0]["matches"]
        rep = api.post("/representation", json={"events_dataset_id": ids[1]["dataset_id"], "k": 2})
        assert rep.status_code == 200, rep.text
        assert seen == ["duckdb"] * 3


def test_a_registered_log_is_back_tested_in_the_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import synthpersona.usecases._simulation_engine as engine_step

    seen: list[str] = []
    real = engine_step.open_log_by_path

    def spy(source: Any, engine: Any, **kw: Any) -> Any:
        seen.append(str(engine))
        return real(source, engine, **kw)

    monkeypatch.setattr(engine_step, "open_log_by_path", spy)
    monkeypatch.delenv("SYNTHPERSONA_ENGINE", raising=False)
    folder = tmp_path / "shared"
    folder.mkdir()
    log, _ = planted_events(2, users=80, random_state=1)
    log.drop(columns=["_group"], errors="ignore").to_parquet(folder / "v.parquet", index=False)
    settings = Settings(home=tmp_path / "home", dataset_dirs=[folder], job_isolation="thread")
    with TestClient(create_app(settings, llm=None)) as api:
        ds = api.post("/datasets/by-path", json={"path": str(folder / "v.parquet")}).json()
        r = api.post("/backtest", json={"events": ds["dataset_id"], "k": 2})
        assert r.status_code == 200, r.text
        assert seen == ["duckdb"]  # read in place, as /simulations reads it (was: whole into memory)
        assert r.json()["n_build"] > 0
