"""Scenario endpoints: templates, generate-personas, generate-prompts, role-play chat (offline and LLM)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from support.fake_llm import FakeLLM, RecordedRequest, json_reply, reply
from synthpersona.api import create_app
from synthpersona.config import Settings
from synthpersona.examples import EXAMPLES_DIR
from synthpersona.llm import LLMClient

EXAMPLES = EXAMPLES_DIR / "scenarios"


def _template(name: str = "pharma_sales.json") -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(home=tmp_path), llm=None)
    with TestClient(app) as c:
        yield c


def test_template_roundtrip_and_errors(client: TestClient) -> None:
    r = client.post("/templates", json=_template())
    assert r.status_code == 201 and r.json()["template_id"] == "pharma_sales_gynecologist"
    got = client.get("/templates/pharma_sales_gynecologist").json()["template"]
    assert got["archetype_classification"]["primary_archetype"] == "PERSUASION"
    missing = client.get("/templates/nope")
    assert missing.status_code == 404 and missing.json()["error"]["code"].endswith("not_found")
    bad = client.post("/templates", json={"template_id": "x y!", "general_info": {}})
    assert bad.status_code == 422 and "template_id" in bad.json()["error"]["message"]
    bad_arch = client.post(
        "/templates", json={"template_id": "t", "archetype_classification": {"primary_archetype": "SELL"}}
    )
    assert bad_arch.status_code == 422 and "PERSUASION" in bad_arch.json()["error"]["message"]


def test_generate_personas_prompts_and_roleplay(client: TestClient) -> None:
    client.post("/templates", json=_template())
    body = {
        "template_id": "pharma_sales_gynecologist",
        "persona_type": "Experienced Gynecologist",
        "mode": "assess_mode",
        "gender": "",
        "prompt": "",
        "variation_id": 7,
    }
    r = client.post("/generate-personas", json=body)
    assert r.status_code == 200, r.text
    persona = r.json()["persona"]
    assert {
        "id",
        "template_id",
        "persona_type",
        "mode",
        "scenario_type",
        "name",
        "age",
        "gender",
        "role",
        "description",
        "location",
        "archetype",
        "archetype_confidence",
        "archetype_specific_data",
        "detail_categories",
        "conversation_rules",
        "detail_categories_included",
        "generation_metadata",
    } <= set(persona)
    assert persona["persona_type"] == "Experienced Gynecologist" and persona["location"]["city"] == "Mumbai"
    again = client.post("/generate-personas", json=body).json()["persona"]
    assert again["name"] == persona["name"] and again["detail_categories"] == persona["detail_categories"]

    p = client.post("/generate-prompts", json=body).json()
    assert p["prompt_engine"] == "offline" and p["system_prompt"].startswith("# Your character")
    pid = p["persona"]["id"]
    assert client.get(f"/scenario-personas/{pid}").json()["system_prompt"] == p["system_prompt"]
    chat = client.post(f"/scenario-personas/{pid}/chat", json={"message": "Hello doctor"}).json()
    assert chat["engine"] == "offline" and "what is it about" in chat["response"].lower()
    chat2 = client.post(
        f"/scenario-personas/{pid}/chat",
        json={
            "message": "How many years of experience do you have?",
            "conversation_history": chat["conversation_history"],
        },
    ).json()
    years = p["persona"]["detail_categories"]["professional_context"]["years_experience"]
    assert str(years) in chat2["response"] and len(chat2["conversation_history"]) == 4


def test_both_generate_endpoints_use_the_requested_persona_type(client: TestClient) -> None:
    tpl = _template()
    tpl["persona_types"] = ["Experienced Gynecologist", "Resident Doctor"]
    client.post("/templates", json=tpl)
    body = {"template_id": "pharma_sales_gynecologist", "persona_type": "Resident Doctor", "variation_id": 3}
    persona = client.post("/generate-personas", json=body).json()["persona"]
    prompted = client.post("/generate-prompts", json=body).json()
    assert persona["persona_type"] == prompted["persona"]["persona_type"] == "Resident Doctor"
    assert prompted["persona"]["name"] == persona["name"]  # same seed, same persona


def test_generate_errors_are_4xx(client: TestClient) -> None:
    assert client.post("/generate-personas", json={"template_id": "nope"}).status_code == 404
    client.post("/templates", json=_template())
    bad_mode = client.post(
        "/generate-personas", json={"template_id": "pharma_sales_gynecologist", "mode": "asses"}
    )
    assert bad_mode.status_code == 422 and "assess_mode" in bad_mode.json()["error"]["message"]
    bad_type = client.post(
        "/generate-personas", json={"template_id": "pharma_sales_gynecologist", "persona_type": "Dentist"}
    )
    assert bad_type.status_code == 422
    bad_gender = client.post(
        "/generate-personas", json={"template_id": "pharma_sales_gynecologist", "gender": "robot"}
    )
    assert bad_gender.status_code == 422
    assert (
        client.post(
            "/generate-prompts", json={"template_id": "pharma_sales_gynecologist", "engine": "llm"}
        ).status_code
        == 422
    )
    assert client.post("/scenario-personas/none/chat", json={"message": "hi"}).status_code == 404


def test_draft_template_from_text(client: TestClient) -> None:
    text = (
        "Insurance renewal call. You are a relationship manager. A 45-year-old policyholder in Chennai "
        "calls, upset that his claim was rejected, and wants help before renewing."
    )
    r = client.post("/templates/draft", json={"text": text, "template_id": "claim_call"})
    assert r.status_code == 201
    assert client.get("/templates/claim_call").json()["template"]["general_info"]["domain"] == "insurance"
    persona = client.post("/generate-personas", json={"template_id": "claim_call", "variation_id": 1}).json()
    assert persona["persona"]["location"]["city"] == "Chennai" and persona["persona"]["age"] == 45


def test_llm_configured_server_uses_the_llm(tmp_path: Path) -> None:
    def respond(req: RecordedRequest) -> Any:
        text = req.last_user
        if "expert at writing system prompts" in req.messages[0]["content"]:
            return reply("You are the doctor. " * 30)
        if "which persona detail categories" in text:
            return json_reply(
                {"categories": ["professional_context", "medical_philosophy", "time_constraints"]}
            )
        if "category of this persona" in text:
            return json_reply({"details": {"a_field": "x", "b_field": "y", "c_field": "z", "d": 1, "e": 2}})
        if "conversation rules" in text:
            return json_reply({"opening_behavior": "Wait", "response_style": "Brief", "word_limit": 30})
        return reply("Namaste, I only have a few minutes. What is it?")

    with FakeLLM(respond) as fake:
        llm = LLMClient(fake.base_url, "fake-model", timeout_s=5, max_retries=0)
        with TestClient(create_app(Settings(home=tmp_path), llm=llm)) as c:
            c.post("/templates", json=_template())
            p = c.post("/generate-prompts", json={"template_id": "pharma_sales_gynecologist"}).json()
            assert p["persona"]["generation_metadata"]["engine"] == "llm" and p["prompt_engine"] == "llm"
            pid = p["persona"]["id"]
            chat = c.post(f"/scenario-personas/{pid}/chat", json={"message": "Hello doctor"}).json()
            assert chat["engine"] == "llm" and chat["response"].startswith("Namaste")
            # the generated system prompt drove the chat
            assert "You are the doctor." in json.dumps(fake.chat_requests[-1].messages)
