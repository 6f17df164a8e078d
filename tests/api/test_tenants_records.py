"""Tenants over goal runs, personas, conversations, templates and role-play records.

Issue 20: any key holder could read every run (ids were derived from the goal), chat with
any persona, read any conversation and overwrite any template. Now each tenant's records
are its own: another tenant's is a 404, exactly like a missing one, and never listed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from synthpersona.examples import EXAMPLES_DIR
from synthpersona.usecases.tenants import add_key

GOAL = "college students interested in headphones"


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "keys.txt"
    return {"path": path, "a": add_key(path, "acme"), "b": add_key(path, "bolt")}


@pytest.fixture
def api(make_app: Callable[..., FastAPI], keys: dict[str, Any]) -> Iterator[TestClient]:
    with TestClient(make_app(api_keys_file=keys["path"], llm=None)) as client:
        yield client


def _as(key: str) -> dict[str, str]:
    return {"X-API-Key": key}


def _template() -> dict[str, Any]:
    return json.loads((EXAMPLES_DIR / "scenarios" / "pharma_sales.json").read_text(encoding="utf-8"))


def test_goal_runs_personas_and_conversations_are_per_tenant(api: TestClient, keys: dict[str, Any]) -> None:
    a, b = _as(keys["a"]), _as(keys["b"])
    run = api.post("/clusters/generate", json={"goal": GOAL, "k_max": 3}, headers=a).json()
    run_id = run["run_id"]
    # unguessable: 128 random bits, not the goal's hash (which stays as source_run_id)
    assert re.fullmatch(r"run_[A-Za-z0-9_-]{22}", run_id), run_id
    stored = api.get(f"/runs/{run_id}", headers=a).json()
    assert stored["source_run_id"] != run_id and stored["source_run_id"].startswith("run_")
    pid = stored["personas"]["1"][0]["persona_id"]
    name = stored["personas"]["1"][0]["persona_name"]
    chat = api.post(f"/personas/{pid}/chat", json={"message": "What do you care about?"}, headers=a)
    assert chat.status_code == 200, chat.text
    cid = chat.json()["conversation_id"]

    foreign: list[tuple[str, str, Any]] = [
        ("get", f"/runs/{run_id}", None),
        ("get", f"/runs/{run_id}/verify", None),
        ("get", f"/runs/{run_id}/members.parquet", None),
        ("post", "/personas/1", {"run_id": run_id}),
        ("get", f"/personas/{pid}?run_id={run_id}", None),
        ("get", f"/personas/{pid}", None),
        ("post", f"/personas/{pid}/chat", {"message": "hi", "run_id": run_id}),
        ("post", f"/personas/{pid}/chat", {"message": "hi"}),
        ("post", f"/personas/{pid}/chat", {"message": "hi", "conversation_id": cid}),
        ("post", f"/runs/{run_id}/focus-group", {"question": "Would you buy it?"}),
        ("get", f"/conversations/{cid}", None),
        ("delete", f"/conversations/{cid}", None),
        ("delete", f"/runs/{run_id}", None),
    ]
    assert api.get("/runs", headers=b).json() == []
    for method, path, body in foreign:
        r = api.request(method, path, json=body, headers=b)
        assert r.status_code == 404, (method, path, r.status_code, r.text)
        assert GOAL not in r.text and name not in r.text  # nothing of a's run leaks
    # a still has everything, untouched by b's attempts
    assert [r["run_id"] for r in api.get("/runs", headers=a).json()] == [run_id]
    conv = api.get(f"/conversations/{cid}", headers=a).json()
    assert len(conv["messages"]) == 2 and api.get(f"/runs/{run_id}/verify", headers=a).json()["ok"]

    # the same goal asked by b is b's own run, with another id; a's cache does not answer it
    run_b = api.post("/clusters/generate", json={"goal": GOAL, "k_max": 3}, headers=b).json()
    assert run_b["run_id"] != run_id and run_b["cached"] is False
    assert (
        api.post("/clusters/generate", json={"goal": GOAL, "k_max": 3}, headers=a).json()["run_id"] == run_id
    )

    # a deletes its own records: gone for a too
    assert api.delete(f"/conversations/{cid}", headers=a).status_code == 204
    assert api.get(f"/conversations/{cid}", headers=a).status_code == 404
    assert api.delete(f"/runs/{run_id}", headers=a).status_code == 204
    assert api.get(f"/runs/{run_id}", headers=a).status_code == 404
    assert api.get(f"/runs/{run_b['run_id']}", headers=b).status_code == 200


def test_templates_and_role_play_records_are_per_tenant(api: TestClient, keys: dict[str, Any]) -> None:
    a, b = _as(keys["a"]), _as(keys["b"])
    tpl = _template()
    tid = tpl["template_id"]
    assert api.post("/templates", json=tpl, headers=a).status_code == 201
    assert api.get(f"/templates/{tid}", headers=b).status_code == 404
    assert api.post("/generate-personas", json={"template_id": tid}, headers=b).status_code == 404
    # b storing a template with the same id makes b's own; a's stays as it was
    mine = {**tpl, "general_info": {**tpl["general_info"], "title": "bolt's own"}}
    assert api.post("/templates", json=mine, headers=b).status_code == 201
    got_a = api.get(f"/templates/{tid}", headers=a).json()["template"]
    got_b = api.get(f"/templates/{tid}", headers=b).json()["template"]
    assert got_a["general_info"] == tpl["general_info"] and got_b["general_info"]["title"] == "bolt's own"

    persona = api.post("/generate-prompts", json={"template_id": tid, "variation_id": 1}, headers=a).json()
    ppid = persona["persona"]["id"]
    got = api.get(f"/scenario-personas/{ppid}", headers=a)
    assert got.status_code == 200 and "tenant" not in got.json()
    history = [{"role": "user", "message": "Hello doctor"}, {"role": "persona", "message": "Yes?"}]
    scored = api.post(
        "/scenarios/score",
        json={"conversation_history": history, "persona_id": ppid, "trainee_id": "t1"},
        headers=a,
    )
    assert scored.status_code == 200, scored.text
    for method, path, body in [
        ("get", f"/scenario-personas/{ppid}", None),
        ("post", f"/scenario-personas/{ppid}/chat", {"message": "Hello"}),
        ("post", "/scenarios/score", {"conversation_history": history, "persona_id": ppid}),
    ]:
        r = api.request(method, path, json=body, headers=b)
        assert r.status_code == 404, (method, path, r.text)
    assert api.get("/trainees/t1/progress", headers=b).json()["n_sessions"] == 0
    assert api.get("/trainees/t1/progress", headers=a).json()["n_sessions"] == 1


def test_trust_checks_read_only_the_tenants_own_tables(api: TestClient, keys: dict[str, Any]) -> None:
    """The trust endpoints looked datasets up as the default tenant's: a tenant's key could read the
    default tenant's tables, and not its own."""
    import pandas as pd

    a, b = _as(keys["a"]), _as(keys["b"])
    table = pd.DataFrame(
        {"state": ["S1", "S2"] * 50, "plan": ["x", "y", "z", "x"] * 25, "is_sale": [0, 1] * 50}
    )
    files = {"file": ("t.csv", table.to_csv(index=False).encode(), "text/csv")}
    did = api.post("/datasets", files=files, headers=a).json()["dataset_id"]
    for path, body in [
        ("/backtest", {"dataset_id": did}),
        ("/privacy", {"dataset_id": did}),
        ("/diff", {"dataset_ids": [did, did]}),
        ("/representation", {"dataset_id": did}),
    ]:
        r = api.post(path, json=body, headers=b)
        assert r.status_code == 404, (path, r.status_code, r.text)
    # the owner can (it was looked up as the default tenant's, so the owner got a 404)
    mine = api.post("/privacy", json={"dataset_id": did}, headers=a)
    assert mine.status_code == 200, mine.text
