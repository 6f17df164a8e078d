"""``verify`` through the API for a table analysis and a clickstream simulation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tables._data import make_leads  # tests/tables (tests/ is on sys.path)


def test_verify_a_leads_analysis_and_a_simulation(tmp_path: Path, make_app: Callable[..., FastAPI]) -> None:
    src = tmp_path / "leads.csv"
    make_leads(500, seed=5, messy=True).to_csv(src, index=False)
    with TestClient(make_app()) as client:
        with src.open("rb") as fh:
            ds = client.post("/datasets", files={"file": ("leads.csv", fh, "text/csv")}).json()
        analysis = client.post(
            f"/datasets/{ds['dataset_id']}/analyze", json={"k": 3, "exclude": ["_segment"]}
        ).json()
        body = client.get(f"/datasets/{ds['dataset_id']}/analyses/{analysis['analysis_id']}/verify").json()
        assert body == {"ok": True, "mismatches": []}
        assert client.get(f"/datasets/{ds['dataset_id']}/analyses/nope/verify").status_code == 404

        sim = client.post(
            "/simulations",
            json={"dataset_id": "sample", "n_personas": 100, "run_validation": False, "deck": False},
        )
        assert sim.status_code == 201, sim.text
        sim_id = sim.json()["simulation_id"]
        assert client.get(f"/simulations/{sim_id}/verify").json() == {"ok": True, "mismatches": []}
        assert client.get(f"/simulations/{'0' * 32}/verify").status_code == 404
