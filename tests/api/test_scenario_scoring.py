"""Scenario facts, trainee scoring and progress through the real app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from synthpersona.api import create_app
from synthpersona.config import Settings

TEXT = (
    "Broadband complaint. You are a store executive at a telecom shop in Pune. Kiran Shah, a 44-year-old "
    "mother of two, walks in angry because her internet has been down for five days."
)
GOOD = [
    {"role": "persona", "message": "My internet is down for five days! Why should I keep paying for this?"},
    {
        "role": "user",
        "message": "I am really sorry, I can see how frustrating five days without internet is.",
    },
    {"role": "persona", "message": "My kids have online classes."},
    {
        "role": "user",
        "message": "The outage happened because a cable was cut in your area; let's fix it together.",
    },
    {
        "role": "user",
        "message": "I will book a technician for tomorrow at 10 and give you reference number 5512.",
    },
]
POOR = [
    {"role": "persona", "message": "My internet is down for five days! Why should I keep paying for this?"},
    {"role": "user", "message": "Calm down. That's policy, nothing I can do."},
]


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(home=tmp_path), llm=None)) as c:
        yield c


def test_facts_then_generation_with_corrected_facts(client: TestClient) -> None:
    r = client.post("/scenarios/facts", json={"text": TEXT, "engine": "offline"})
    assert r.status_code == 200, r.text
    facts = r.json()["facts"]
    assert facts["learner"] == "store executive" and facts["children"] == 2 and facts["emotions"] == ["angry"]
    assert facts["channel"] == "in_person" and facts["name"] == "Kiran Shah"
    tpl = r.json()["template"]
    assert client.post("/templates", json=tpl).status_code == 201
    facts["children"] = 3  # the trainer corrects a fact
    g = client.post(
        "/generate-prompts",
        json={"template_id": tpl["template_id"], "engine": "offline", "variation_id": 4, "facts": facts},
    )
    assert g.status_code == 200, g.text
    p = g.json()["persona"]
    assert p["name"] == "Kiran Shah" and p["generation_metadata"]["scenario_facts"]["children"] == 3
    assert "You have three children." in g.json()["system_prompt"]
    bad = client.post("/scenarios/facts", json={"text": TEXT, "template_id": "x"})
    assert bad.status_code in (400, 422) and "exactly one" in bad.text


def test_a_corrected_domain_is_used_though_the_text_was_unsure(client: TestClient) -> None:
    """review13 #14: facts sent back with another domain draw details from that domain's bank."""
    text = "You answer calls for a chess club. Meena, 39, wants her school fees back."
    r = client.post("/scenarios/facts", json={"text": text, "engine": "offline"})
    assert r.status_code == 200, r.text
    facts, tpl = r.json()["facts"], r.json()["template"]
    assert facts["domain"] == "education" and facts["domain_sure"] is False
    assert client.post("/templates", json=tpl).status_code == 201
    facts["domain"] = "banking"
    g = client.post(
        "/generate-prompts",
        json={"template_id": tpl["template_id"], "engine": "offline", "variation_id": 1, "facts": facts},
    )
    assert g.status_code == 200, g.text
    used = g.json()["persona"]["generation_metadata"]["scenario_facts"]
    assert used["domain"] == "banking" and used["domain_sure"] is True


def test_scores_are_stored_and_progress_is_shown(client: TestClient) -> None:
    poor = client.post(
        "/scenarios/score",
        json={
            "conversation_history": POOR,
            "archetype": "confrontation",
            "trainee_id": "t-1",
            "engine": "offline",
        },
    )
    assert poor.status_code == 200, poor.text
    good = client.post(
        "/scenarios/score",
        json={
            "conversation_history": GOOD,
            "archetype": "CONFRONTATION",
            "trainee_id": "t-1",
            "engine": "offline",
        },
    )
    g = good.json()
    assert [c["id"] for c in g["criteria"]] == [
        "acknowledgement",
        "de_escalation",
        "explanation",
        "path_forward",
    ]
    assert g["overall"] > poor.json()["overall"] + 25
    said = " ".join(t["message"] for t in GOOD if t["role"] == "user")
    assert all(q in said for c in g["criteria"] for q in c["evidence"])  # evidence is the trainee's words
    assert any(
        "reference number" in q for c in g["criteria"] if c["id"] == "path_forward" for q in c["evidence"]
    )
    prog = client.get("/trainees/t-1/progress").json()
    assert prog["n_sessions"] == 2 and prog["overall_change"] > 25
    assert prog["criterion_change"]["path_forward"] > 0
    assert client.get("/trainees/nobody/progress").json()["n_sessions"] == 0
    r = client.post("/scenarios/score", json={"conversation_history": GOOD})
    assert r.status_code in (400, 422) and "archetype" in r.text
