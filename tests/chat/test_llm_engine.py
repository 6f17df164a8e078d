"""LLM persona chat against the local fake OpenAI server: prompt, history, retries, fallback."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from support.fake_llm import FakeLLM, delay, error, garbage, reply
from synthpersona.chat import LLMEngine, build_messages
from synthpersona.config import Settings
from synthpersona.llm import LLMClient
from synthpersona.usecases import chat as chat_uc

from .test_offline_engine import persona


@pytest.fixture
def llm() -> Iterator[FakeLLM]:
    with FakeLLM() as server:
        yield server


def engine(server: FakeLLM, **kw: float) -> LLMEngine:
    opts = {"timeout_s": 1.0, "max_retries": 2, "backoff_s": 0.01, **kw}
    return LLMEngine(LLMClient(server.base_url, "fake-model", api_key="sk-x", **opts))  # type: ignore[arg-type]


HISTORY = [{"role": "user", "message": "Hi"}, {"role": "persona", "message": "Hello! I'm Priya."}]


def test_system_prompt_is_the_chat_personality_and_history_is_passed(llm: FakeLLM) -> None:
    llm.script(reply("Honestly ₹20k is a lot for me."))
    r = engine(llm).reply(persona(), "Would you pay ₹20,000?", HISTORY)
    assert r.engine == "llm" and r.response == "Honestly ₹20k is a lot for me."
    msgs = llm.chat_requests[0].messages
    assert msgs[0]["role"] == "system"
    assert msgs[0]["content"].startswith("You are Priya Patel, 21, from Pune.")
    assert "Never say" in msgs[0]["content"]
    assert msgs[1:] == [
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello! I'm Priya."},
        {"role": "user", "content": "Would you pay ₹20,000?"},
    ]


def test_long_histories_are_trimmed_to_recent_turns() -> None:
    history = [{"role": "user", "message": f"m{i}"} for i in range(100)]
    msgs = build_messages(persona(), "latest", history)
    assert msgs[-1]["content"] == "latest" and msgs[-2]["content"] == "m99"
    assert len(msgs) < 50


def test_429_then_success_uses_the_llm(llm: FakeLLM) -> None:
    llm.script(error(429, retry_after=0), reply("Sure, tell me more."))
    assert engine(llm).reply(persona(), "Hi").engine == "llm"
    assert len(llm.chat_requests) == 2


@pytest.mark.parametrize("failure", ["timeout", "5xx", "garbage", "auth"])
def test_failures_fall_back_to_the_offline_engine(llm: FakeLLM, failure: str) -> None:
    actions = {
        "timeout": [delay(3.0)] * 3,
        "5xx": [error(503)] * 3,
        "garbage": [garbage()] * 3,
        "auth": [error(401)],
    }[failure]
    llm.script(*actions)
    r = engine(llm, timeout_s=0.3).reply(persona(), "What about the price?")
    assert r.engine == "offline-fallback"
    assert r.topic == "price" and r.response


def test_a_reply_that_breaks_character_is_replaced(llm: FakeLLM) -> None:
    llm.script(reply("As an AI language model, I don't have preferences."))
    r = engine(llm).reply(persona(), "Do you like Bose?")
    assert r.engine == "offline-fallback" and "AI" not in r.response


def test_async_reply_and_fallback(llm: FakeLLM) -> None:
    llm.script(reply("async hello"), error(500), error(500), error(500))
    e = engine(llm)
    assert asyncio.run(e.areply(persona(), "Hi")).engine == "llm"
    assert asyncio.run(e.areply(persona(), "Hi")).engine == "offline-fallback"


def test_usecase_picks_the_llm_when_configured(llm: FakeLLM) -> None:
    llm.script(reply("from the llm"))
    s = Settings(llm_base_url=llm.base_url, llm_model="fake-model", llm_max_retries=0)
    assert chat_uc.reply(persona(), "Hi", settings=s).engine == "llm"
    assert chat_uc.reply(persona(), "Hi", settings=Settings()).engine == "offline"


def test_the_prompt_carries_the_same_facts_budget_memory_and_brands(llm: FakeLLM) -> None:
    from synthpersona.chat._offer import budget
    from synthpersona.chat._persona import PersonaView

    llm.script(reply("Haan, 12 mahine mein ₹6,250 banta hai."))
    history = [
        {"role": "user", "message": "Hi, I'm Rahul. My laptop is an HP."},
        {"role": "persona", "message": "Nice to meet you, Rahul!"},
    ]
    r = engine(llm).reply(persona(), "Asus ROG 75 hazaar ka hai, 12 mahine ki EMI chalegi?", history)
    system = llm.chat_requests[0].messages[0]["content"]
    b = budget(PersonaView.from_dict(persona()))
    assert "I earn about ₹32,000 a month." in system  # the persona's facts
    assert f"₹{b.low:,} to ₹{b.high:,}" in system  # its budget
    assert "Rahul" in system and "HP" in system  # memory: the user's name and own laptop
    assert "ROG Strix G16" in system and "₹120,000" in system  # brand knowledge
    assert "Hinglish" in system  # reply in the language of the message
    assert r.engine == "llm" and r.language == "hinglish" and r.stance in ("positive", "negative")
    assert any(e.get("field") == "profile.monthly_income_inr" for e in r.evidence)
