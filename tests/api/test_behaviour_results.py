"""Stored behaviour views can be listed and deleted, per tenant (issue 17).

``POST /behaviour/{view}/jobs`` stores its view (``GET /behaviour/results/{id}``), but
nothing listed or deleted them: a tenant's results piled up with no way to find or remove
them. Now ``GET /behaviour/results`` lists the caller's, ``DELETE`` removes one, and
deleting a dataset removes the views computed from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from synthpersona.usecases.jobs import Jobs
from synthpersona.usecases.tenants import add_key


def _log(n_users: int) -> bytes:
    events = ["home", "search", "product", "cart", "buy"]
    lines = ["user_id,event,timestamp"] + [
        f"u{u},{events[(u + i) % 5] if i else 'home'},2024-01-01 00:{i:02d}:00"
        for u in range(n_users)
        for i in range(4)
    ]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "keys.txt"
    return {
        "path": path,
        "a": {"X-API-Key": add_key(path, "acme")},
        "b": {"X-API-Key": add_key(path, "bolt")},
    }


@pytest.fixture
def api(make_app: Callable[..., FastAPI], keys: dict[str, Any]) -> Iterator[TestClient]:
    with TestClient(make_app(api_keys_file=keys["path"], llm=None)) as client:
        yield client


def _view(api: TestClient, headers: dict[str, str], **kw: Any) -> str:
    r = api.post("/behaviour/graph/jobs", headers=headers, **kw)
    assert r.status_code == 202, r.text
    jobs: Jobs = api.app.state.jobs  # type: ignore[attr-defined]
    done = jobs.wait(r.json()["job_id"], timeout=120)
    assert done["status"] == "succeeded", done
    return str(done["result"]["result_id"])


def test_stored_views_are_listed_and_deleted_by_their_tenant_only(
    api: TestClient, keys: dict[str, Any]
) -> None:
    a, b = keys["a"], keys["b"]
    uploaded = _view(api, a, files={"events": ("log.csv", _log(50), "text/csv")})
    did = api.post("/datasets", files={"file": ("log.csv", _log(30), "text/csv")}, headers=a).json()[
        "dataset_id"
    ]
    from_dataset = _view(api, a, json={"dataset_id": did})

    listed = api.get("/behaviour/results", headers=a).json()
    assert [(r["result_id"], r["source"], r["n_events"]) for r in listed] == [
        (uploaded, "upload", 200),
        (from_dataset, did, 120),
    ]
    assert all(r["view"] == "graph" and r["created_at"] for r in listed)
    assert api.get("/behaviour/results", headers=b).json() == []

    # another tenant's view is exactly a missing one: 404 JSON, and the owner's stays
    for method in ("get", "delete"):
        r = api.request(method, f"/behaviour/results/{uploaded}", headers=b)
        assert r.status_code == 404 and r.json()["error"]["code"] == "behaviour_result_not_found", r.text
    missing = api.delete("/behaviour/results/" + "0" * 32, headers=a)
    assert missing.status_code == 404 and missing.json()["error"]["details"]["id"] == "0" * 32
    assert api.get(f"/behaviour/results/{uploaded}", headers=a).status_code == 200

    assert api.delete(f"/behaviour/results/{uploaded}", headers=a).status_code == 204
    assert api.get(f"/behaviour/results/{uploaded}", headers=a).status_code == 404
    assert [r["result_id"] for r in api.get("/behaviour/results", headers=a).json()] == [from_dataset]

    # deleting the dataset deletes the views computed from it
    gone = api.delete(f"/datasets/{did}", headers=a).json()
    assert gone["behaviour_results_deleted"] == 1
    assert api.get("/behaviour/results", headers=a).json() == []
    assert api.get(f"/behaviour/results/{from_dataset}", headers=a).status_code == 404
