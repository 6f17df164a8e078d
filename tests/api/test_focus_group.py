"""POST /runs/{run_id}/focus-group: every persona of a run answers one question, with its stance."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from synthpersona.chat._offer import budget
from synthpersona.chat._persona import PersonaView

from .test_api_endpoints import assert_error


def test_focus_group_asks_every_persona_of_the_run(client: TestClient, run: dict[str, Any]) -> None:
    personas = [
        p
        for c in run["clusters"]
        for p in client.post(f"/personas/{c['cluster_id']}", json={"goal": run["goal"], "k_max": 4}).json()[
            "personas"
        ]
    ]
    question = "Would you pay ₹25,000 for these headphones?"
    r = client.post(f"/runs/{run['run_id']}/focus-group", json={"question": question})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["question"] == question and body["run_id"] == run["run_id"]
    assert len(body["answers"]) == len(personas)
    assert sum(body["stances"].values()) == len(personas)
    stored = {
        p["persona_id"]: client.get(f"/personas/{p['persona_id']}", params={"run_id": run["run_id"]}).json()
        for p in personas
    }
    for a in body["answers"]:
        verdict = budget(PersonaView.from_dict(stored[a["persona_id"]])).verdict(25000)
        expected = {
            "comfortable": "positive",
            "stretch": "neutral",
            "emi_only": "neutral",
            "out_of_reach": "negative",
        }
        assert a["stance"] == expected[verdict]
        assert "₹25,000" in a["response"]


def test_focus_group_errors(client: TestClient, run: dict[str, Any]) -> None:
    assert_error(
        client.post(f"/runs/{run['run_id']}/focus-group", json={"question": ""}), 422, "invalid_input"
    )
    assert_error(client.post("/runs/run_nope/focus-group", json={"question": "hi"}), 404)
