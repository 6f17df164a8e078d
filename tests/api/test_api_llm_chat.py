"""Chat through the API with an LLM endpoint configured (the local fake server)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from support.fake_llm import FakeLLM, error, reply

KEY = "sk-llm-secret-9999"


@pytest.fixture
def llm() -> Iterator[FakeLLM]:
    with FakeLLM() as server:
        yield server


@pytest.fixture
def llm_client(make_app: Callable[..., FastAPI], llm: FakeLLM) -> Iterator[TestClient]:
    app = make_app(llm_base_url=llm.base_url, llm_model="fake-model", llm_api_key=KEY, llm_max_retries=1)
    app.state.chat.engine.client.backoff_s = 0.01
    with TestClient(app) as c:
        yield c


def test_health_shows_llm_configuration_without_key(llm_client: TestClient, llm: FakeLLM) -> None:
    body = llm_client.get("/health").json()
    assert body["llm"] == {"configured": True, "model": "fake-model"}  # no URL on an open endpoint
    assert body["chat_engine"] == "llm"
    assert KEY not in str(body)


def test_llm_chat_uses_stored_history_and_falls_back(llm_client: TestClient, llm: FakeLLM) -> None:
    r = llm_client.post(
        "/clusters/generate", json={"goal": "college students interested in headphones", "k_max": 3}
    )
    assert r.status_code == 200
    llm.script(reply("Hey! I'm here."), reply("It's too pricey for me."))
    first = llm_client.post("/personas/dyn_1_0/chat", json={"message": "Hi"}).json()
    assert first["engine"] == "llm" and first["response"] == "Hey! I'm here."
    cid = first["conversation_id"]
    second = llm_client.post(
        "/personas/dyn_1_0/chat", json={"message": "Price?", "conversation_id": cid}
    ).json()
    assert second["engine"] == "llm"
    sent = llm.chat_requests[1].messages
    assert [m["role"] for m in sent] == ["system", "user", "assistant", "user"]
    assert sent[2]["content"] == "Hey! I'm here." and sent[3]["content"] == "Price?"
    assert llm.chat_requests[1].headers["authorization"] == f"Bearer {KEY}"
    persona: dict[str, Any] = llm_client.get("/personas/dyn_1_0").json()
    assert sent[0]["content"].startswith(persona["chat_personality"][:40])

    llm.script(error(500), error(500))
    third = llm_client.post(
        "/personas/dyn_1_0/chat", json={"message": "Would you buy it?", "conversation_id": cid}
    ).json()
    assert third["engine"] == "offline-fallback" and third["response"]
    stored = llm_client.get(f"/conversations/{cid}").json()["messages"]
    assert [m["engine"] for m in stored if m["role"] == "persona"] == ["llm", "llm", "offline-fallback"]
