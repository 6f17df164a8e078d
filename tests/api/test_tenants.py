"""Tenants of one server: each key sees only its own datasets, analyses, jobs and simulations.

Reproduction of issue 20: with one key for everyone, any key holder listed and deleted
every dataset and simulation. Another tenant's object is a 404, exactly like a missing one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from synthpersona.api import create_app
from synthpersona.config import Settings
from synthpersona.errors import ConfigError
from synthpersona.usecases.tenants import add_key, hash_key
from tables._data import make_leads  # tests/tables (tests/ is on sys.path)

OLD_KEY = "the-single-key-of-earlier-versions"


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "keys.txt"
    made = {
        "a": add_key(path, "acme"),
        "b": add_key(path, "bolt"),
        "a_ro": add_key(path, "acme", read_only=True),
    }
    return {"path": path, **made}


@pytest.fixture
def api(tmp_path: Path, keys: dict[str, Any]) -> Iterator[TestClient]:
    settings = Settings(home=tmp_path / "home", api_keys_file=keys["path"], api_key=OLD_KEY)
    with TestClient(create_app(settings, llm=None)) as client:
        yield client


def _as(key: str) -> dict[str, str]:
    return {"X-API-Key": key}


def test_the_keys_file_holds_hashes_never_keys(keys: dict[str, Any]) -> None:
    text = keys["path"].read_text()
    assert all(keys[k] not in text and hash_key(keys[k]) in text for k in ("a", "b", "a_ro"))
    assert text.splitlines()[2].endswith(" read-only") and oct(keys["path"].stat().st_mode)[-3:] == "600"


def test_no_tenant_sees_or_changes_another_tenants_data(api: TestClient, keys: dict[str, Any]) -> None:
    a, b = _as(keys["a"]), _as(keys["b"])
    data = make_leads(200, seed=5).to_csv(index=False).encode()
    did = api.post("/datasets", files={"file": ("l.csv", data, "text/csv")}, headers=a).json()["dataset_id"]
    analysis = api.post(f"/datasets/{did}/analyze", json={"k": 2}, headers=a).json()
    job = api.post(f"/datasets/{did}/jobs", json={"k": 2}, headers=a).json()
    api.app.state.jobs.wait(job["job_id"], timeout=120)  # type: ignore[attr-defined]
    sim = api.post(
        "/simulations", json={"n_personas": 100, "run_validation": False, "deck": False}, headers=a
    )
    sim_id = sim.json()["simulation_id"]

    aid = analysis["analysis_id"]
    foreign = [
        ("get", f"/datasets/{did}", None),
        ("get", f"/datasets/{did}/analyses/{aid}", None),
        ("get", f"/datasets/{did}/analyses/{aid}/personas.json", None),
        ("post", f"/datasets/{did}/analyze", {"k": 2}),
        ("post", f"/datasets/{did}/jobs", {"k": 2}),
        ("get", f"/jobs/{job['job_id']}", None),
        ("delete", f"/jobs/{job['job_id']}", None),
        ("get", f"/simulations/{sim_id}", None),
        ("get", f"/simulations/{sim_id}/files/summary.json", None),
        ("delete", f"/simulations/{sim_id}", None),
        ("delete", f"/datasets/{did}", None),
    ]
    for key in (b, _as(OLD_KEY)):  # another tenant, and the default tenant of the single key
        assert api.get("/datasets", headers=key).json() == []
        assert api.get("/jobs", headers=key).json() == []
        assert api.get("/simulations", headers=key).json() == []
        for method, path, body in foreign:
            r = api.request(method, path, json=body, headers=key)
            assert r.status_code == 404, (method, path, r.status_code)
    # the owner still has everything, untouched
    assert [d["dataset_id"] for d in api.get("/datasets", headers=a).json()] == [did]
    assert api.get(f"/datasets/{did}/analyses/{aid}/personas.json", headers=a).status_code == 200
    assert api.get(f"/jobs/{job['job_id']}", headers=a).json()["status"] == "succeeded"
    assert [s["simulation_id"] for s in api.get("/simulations", headers=a).json()] == [sim_id]


def test_a_read_only_key_reads_its_tenant_and_changes_nothing(api: TestClient, keys: dict[str, Any]) -> None:
    a, ro = _as(keys["a"]), _as(keys["a_ro"])
    did = api.post("/datasets", files={"file": ("t.csv", b"x,y\n1,2\n3,4\n", "text/csv")}, headers=a).json()[
        "dataset_id"
    ]
    assert [d["dataset_id"] for d in api.get("/datasets", headers=ro).json()] == [did]
    for method, path in (
        ("post", "/datasets"),
        ("delete", f"/datasets/{did}"),
        ("post", f"/datasets/{did}/jobs"),
    ):
        r = api.request(method, path, headers=ro)
        assert r.status_code == 403 and r.json()["error"]["code"] == "read_only_key", (method, path)
    assert api.get(f"/datasets/{did}", headers=a).status_code == 200
    assert api.get("/datasets", headers=_as("not-a-key")).status_code == 401


def test_a_malformed_keys_file_stops_the_server_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "keys.txt"
    path.write_text("# tenants\nacme plaintext-key\n")
    with pytest.raises(ConfigError, match="Line 2 of SYNTHPERSONA_API_KEYS_FILE"):
        create_app(Settings(home=tmp_path, api_keys_file=path), llm=None)
