"""The LLM engine against a local OpenAI-compatible server on loopback (tests/support/fake_llm.py)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from support.fake_llm import Action, FakeLLM, RecordedRequest, delay, fenced_json, json_reply, reply
from synthpersona.errors import InputError
from synthpersona.llm import LLMClient
from synthpersona.scenarios import PersonaGenerator, PromptGenerator, ScenarioTemplate

SELECT = "which persona detail categories are needed"
RULES = "Generate conversation rules"


def _category(req: RecordedRequest) -> str | None:
    m = re.search(r'details for the "(\w+)" category', req.last_user)
    return m.group(1) if m else None


def _details(name: str) -> dict[str, Any]:
    return {
        "details": {f"{name}_a": "Specific value", "b_field": 3, "c_field": ["x", "y"], "d": "d", "e": "e"}
    }


def make_responder(
    selection: Any, per_category: dict[str, Callable[[str], Action]] | None = None, pause: float = 0.0
) -> Callable[[RecordedRequest], Action]:
    per_category = per_category or {}

    def respond(req: RecordedRequest) -> Action:
        text = req.last_user
        if SELECT in text:
            return json_reply(selection)
        if RULES in text:
            return json_reply(
                {
                    "opening_behavior": "Wait, then answer briefly",
                    "response_style": "Curt",
                    "word_limit": 40,
                    "behavioral_triggers": {"what_engages": ["Data"]},
                }
            )
        name = _category(req)
        if name is not None:
            action = per_category.get(name, lambda n: json_reply(_details(n)))(name)
            return delay(pause, action) if pause else action
        return reply("This is the system prompt. " * 20)

    return respond


@pytest.fixture
def fake() -> Iterator[FakeLLM]:
    with FakeLLM() as server:
        yield server


def _gen(fake: FakeLLM, **kw: Any) -> PersonaGenerator:
    client = LLMClient(fake.base_url, "fake-model", api_key="sk-test", timeout_s=5, max_retries=0)
    return PersonaGenerator(client, engine="llm", random_state=1, **kw)


def test_valid_answers_fenced_json_unknown_categories_and_concurrency(
    fake: FakeLLM, templates: dict[str, ScenarioTemplate]
) -> None:
    selection = {
        "categories": [
            {"name": "professional_context", "reason": "She is a practising gynaecologist"},
            {"name": "Medical Philosophy", "reason": "Prescribing decisions"},
            {"name": "astrology_context", "reason": "invented"},
            {"name": "time_constraints", "reason": "Busy OPD"},
        ]
    }
    fake.default = make_responder(
        selection, {"medical_philosophy": lambda n: fenced_json(_details(n))}, pause=0.4
    )
    p = asyncio.run(_gen(fake).generate_persona(templates["pharma_sales"], "assess_mode"))
    assert p.detail_categories_included == ["professional_context", "medical_philosophy", "time_constraints"]
    meta = p.generation_metadata
    assert meta["engine"] == "llm" and meta["model"] == "fake-model"
    assert meta["unknown_categories_dropped"] == ["astrology_context"]
    assert meta["category_reasons"]["professional_context"] == "She is a practising gynaecologist"
    assert meta["category_sources"] == dict.fromkeys(p.detail_categories, "llm")
    assert p.conversation_rules["word_limit"] == 40
    # the three category calls ran at the same time
    assert fake.max_in_flight >= 3
    cats = [r for r in fake.chat_requests if _category(r)]
    assert max(r.started for r in cats) < min(r.finished for r in cats)
    # the base facts reach the prompt so details stay consistent
    assert "Mumbai" in cats[0].last_user and p.name in cats[0].last_user


def test_failing_category_is_recorded_and_others_survive(
    fake: FakeLLM, templates: dict[str, ScenarioTemplate]
) -> None:
    selection = {"categories": ["health_context", "family_context", "financial_context", "anxiety_factors"]}
    fake.default = make_responder(
        selection,
        {
            "family_context": lambda n: reply(
                "I cannot produce JSON, sorry {{{"
            ),  # malformed, repair also fails
            "financial_context": lambda n: json_reply({"error": "Failed to generate financial_context"}),
        },
    )
    tpl = templates["maternity_inquiry"]
    p = asyncio.run(_gen(fake).generate_persona(tpl, "assess_mode"))
    failed = p.generation_metadata["failed_categories"]
    assert set(failed) == {"family_context", "financial_context"}
    assert p.generation_metadata["category_sources"]["health_context"] == "llm"
    assert p.generation_metadata["category_sources"]["family_context"].startswith("offline_fallback")
    assert all("error" not in fields for fields in p.detail_categories.values())
    dropped = asyncio.run(_gen(fake, on_category_failure="drop").generate_persona(tpl, "assess_mode"))
    assert set(dropped.detail_categories) == {"health_context", "anxiety_factors"}
    assert set(dropped.generation_metadata["failed_categories"]) == {"family_context", "financial_context"}


def test_timeouts_and_too_few_categories(fake: FakeLLM, templates: dict[str, ScenarioTemplate]) -> None:
    fake.default = make_responder(
        {"categories": ["emotional_state"]},
        {"emotional_state": lambda n: delay(3.0, json_reply(_details(n)))},
    )
    p = asyncio.run(_gen(fake, call_timeout_s=1.5).generate_persona(templates["dei_training"], "assess_mode"))
    assert len(p.detail_categories) >= 3  # topped up from the offline ranking
    assert "timed out" in p.generation_metadata["failed_categories"]["emotional_state"]
    assert any("offline ranking" in r for r in p.generation_metadata["category_reasons"].values())


def test_llm_down_falls_back_everywhere(templates: dict[str, ScenarioTemplate]) -> None:
    client = LLMClient("http://127.0.0.1:9/v1", "m", timeout_s=0.5, max_retries=0)
    tpl = templates["pharma_sales"]
    p = asyncio.run(
        PersonaGenerator(client, engine="llm", random_state=1).generate_persona(tpl, "assess_mode")
    )
    assert "selection_fallback" in p.generation_metadata and len(p.detail_categories) >= 3
    gen = PromptGenerator(client, timeout_s=2)
    prompt = asyncio.run(gen.generate_system_prompt(p, tpl))
    assert gen.last_engine_ == "offline" and gen.last_error_ and prompt.startswith("# Your character")
    with pytest.raises(InputError):
        PersonaGenerator(None, engine="llm")


def test_llm_system_prompt(fake: FakeLLM, templates: dict[str, ScenarioTemplate], generate: Any) -> None:
    fake.default = make_responder({"categories": []})
    tpl = templates["pharma_sales"]
    p = generate(tpl, seed=1)
    client = LLMClient(fake.base_url, "fake-model", timeout_s=5, max_retries=0)
    gen = PromptGenerator(client)
    text = asyncio.run(gen.generate_system_prompt(p, tpl))
    assert gen.last_engine_ == "llm" and text.startswith("This is the system prompt.")
    sent = fake.chat_requests[-1].last_user
    assert p.name in sent and "PERSUASION" in sent and "guardrails" in sent.lower()


TALK = [
    {"role": "persona", "message": "My claim was rejected and nobody tells me why!"},
    {"role": "user", "message": "I am sorry this happened. Let me check the claim number with you."},
    {"role": "persona", "message": "It is 4471."},
    {
        "role": "user",
        "message": "It was rejected because one bill was missing. I will call you by 5 pm today.",
    },
]


def test_llm_judge_scores_with_the_trainees_own_words(fake: FakeLLM) -> None:
    from synthpersona.scenarios import rubric, score_transcript

    ids = [c["id"] for c in rubric("CONFRONTATION")]
    judged = [
        {"id": ids[0], "score": 0.9, "evidence": ["I am sorry this happened", "I fully feel your pain"]},
        {"id": ids[1], "score": 0.4, "evidence": [], "rationale": "little de-escalation"},
    ]
    fake.script(fenced_json({"criteria": judged}))
    client = LLMClient(fake.base_url, "fake-model", api_key="sk-test", timeout_s=5, max_retries=0)
    s = score_transcript(TALK, "confrontation", llm_client=client)
    assert s.engine == "llm" and s.fallback is None and [c.id for c in s.criteria] == ids
    first = s.criteria[0]
    assert first.score == 0.9 and first.evidence == [
        "I am sorry this happened"
    ]  # the invented quote is dropped
    assert all(c.score == 0.0 and c.rationale == "not judged" for c in s.criteria[2:])
    assert "TRAINEE: I am sorry this happened" in fake.chat_requests[0].last_user


def test_llm_judge_failure_falls_back_to_the_offline_rubric(fake: FakeLLM) -> None:
    from support.fake_llm import error
    from synthpersona.scenarios import score_transcript

    fake.script(error(500), error(500))
    client = LLMClient(fake.base_url, "fake-model", api_key="sk-test", timeout_s=5, max_retries=0)
    s = score_transcript(TALK, "CONFRONTATION", llm_client=client)
    assert s.engine == "offline" and s.fallback and 0 <= s.overall <= 100
