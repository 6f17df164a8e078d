"""`POST /behaviour/{view}` on a dataset registered by path: a SQL view runs in the engine, in place."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from support.planted import planted_events
from synthpersona.api import create_app
from synthpersona.config import Settings


def test_a_registered_log_is_viewed_in_the_engine_when_the_view_runs_in_sql(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    log, _ = planted_events(2, users=120, random_state=3)
    source = folder / "clicks.parquet"
    log.to_parquet(source, index=False)
    settings = Settings(home=tmp_path / "home", dataset_dirs=[folder], job_isolation="thread")
    with TestClient(create_app(settings, llm=None)) as api:
        ds = api.post("/datasets/by-path", json={"path": str(source)}).json()
        r = api.post("/behaviour/graph", json={"dataset_id": ds["dataset_id"]})
        assert r.status_code == 200, r.text
        graph = r.json()
        assert graph["params"]["engine"] == "duckdb" and graph["source"] == ds["dataset_id"]
        assert graph["n_users"] == log["user_id"].nunique() and graph["n_events"] == len(log)
