from __future__ import annotations

import asyncio
import json
from typing import Any

from synthpersona.scenarios import PromptGenerator, ScenarioTemplate, from_cluster_persona
from synthpersona.usecases import scenarios as uc


def test_offline_system_prompt_is_natural_and_complete(
    generate: Any, templates: dict[str, ScenarioTemplate]
) -> None:
    t = templates["pharma_sales"]
    p = generate(t, seed=5)
    prompt = asyncio.run(PromptGenerator().generate_system_prompt(p, t))
    assert prompt.startswith("# Your character")
    for heading in (
        "## Where you are",
        "## How you behave",
        "## How the conversation flows",
        "## Guardrails",
    ):
        assert heading in prompt
    assert p.name in prompt and "Andheri West" in prompt and str(p.age) in prompt
    assert "Dienogest" in prompt  # the template's current position is woven in
    assert (
        "{" not in prompt
        and '"' + "practice_type" not in prompt
        and "_" not in prompt.split("## Guardrails")[0]
    )
    assert "never say you are an AI" in prompt
    assert f"{p.conversation_rules['word_limit']} words" in prompt


def test_learn_mode_is_a_coach(generate: Any, templates: dict[str, ScenarioTemplate]) -> None:
    t = templates["maternity_inquiry"]  # has no learn-mode character: a coach is generated
    p = generate(t, mode="learn_mode", seed=1)
    assert "trainer" in p.role.lower() and p.mode == "learn_mode"
    prompt = asyncio.run(PromptGenerator().generate_system_prompt(p, t))
    assert prompt.startswith("# Your role: expert coach")
    assert p.conversation_rules["word_limit"] > generate(t, seed=1).conversation_rules["word_limit"]


def test_offline_roleplay_answers_in_character(templates: dict[str, ScenarioTemplate]) -> None:
    t = templates["pharma_sales"]
    res = uc.generate_prompt(t, random_state=2, engine="offline")
    years = res.persona.detail_categories["professional_context"]["years_experience"]
    r1 = uc.roleplay_reply(res.persona, res.system_prompt, "Good morning doctor", engine="offline")
    assert "what is it about" in r1.response.lower()
    r2 = uc.roleplay_reply(
        res.persona,
        res.system_prompt,
        "How many years of experience do you have?",
        history=r1.conversation_history,
        engine="offline",
    )
    assert str(years) in r2.response and "I have" in r2.response
    r3 = uc.roleplay_reply(
        res.persona,
        res.system_prompt,
        "It is the best drug, guaranteed!",
        history=r2.conversation_history,
        engine="offline",
    )
    assert r3.response.startswith("Everyone says that")
    r4 = uc.roleplay_reply(
        res.persona, res.system_prompt, "Who won the cricket score today?", engine="offline"
    )
    assert "not what I'm here" in r4.response or "stick to" in r4.response
    assert len(r3.conversation_history) == 6


def test_cluster_persona_becomes_roleplay_persona() -> None:
    cluster = {
        "persona_id": "dyn_1_0",
        "persona_name": "Priya Patel — Young Tech Adopter",
        "demographics": "18-24 • ₹25-50K • Tier 1 city",
        "care_about_top2": ["Battery life", "Sound quality"],
        "barriers_top1": "Uncertainty about product quality",
        "media_preference": "YouTube, Instagram",
        "personality_traits": {
            "age_group": "21 years old",
            "price_sensitivity": "High",
            "city_tier": "Tier-1",
        },
        "chat_personality": "You are a 21-year-old from a Tier-1 city...",
        "evidence": [{"field": "age"}],
    }
    p = from_cluster_persona(cluster)
    assert (p.name, p.age, p.gender, p.id) == ("Priya Patel", 21, "Female", "dyn_1_0")
    assert p.detail_categories["decision_criteria"]["must_haves"] == ["Battery life", "Sound quality"]
    assert p.generation_metadata["evidence"] == [{"field": "age"}]
    json.dumps(p.model_dump())
    prompt = asyncio.run(PromptGenerator().generate_system_prompt(p, None))
    assert "Battery life" in prompt and "Priya Patel" in prompt
