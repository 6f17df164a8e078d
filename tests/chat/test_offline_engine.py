"""Offline persona chat: in character, trait-driven, conversation-aware, varied and deterministic."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synthpersona.chat import OfflineEngine, detect
from synthpersona.usecases import chat as chat_uc


def persona(
    price: str = "High",
    emi: str = "60%",
    brand: str = "Medium",
    privacy: str = "High",
    tech: str = "Medium",
    pid: str = "dyn_1_0",
    name: str = "Priya Patel",
) -> dict[str, Any]:
    return {
        "persona_id": pid,
        "cluster_id": 1,
        "persona_name": f"{name} — Young Tech Adopter",
        "care_about_top2": ["Seamless device integration", "Video content quality"],
        "barriers_top1": "Uncertainty about product quality",
        "media_preference": "YouTube, Instagram",
        "personality_traits": {
            "age_group": "21 years old",
            "tech_savviness": tech,
            "price_sensitivity": price,
            "brand_awareness": brand,
            "privacy_consciousness": privacy,
            "city_tier": "Tier-1",
            "income_level": "Mid",
            "preferred_media": "YouTube",
            "device_count": "3.0 devices",
            "emi_usage_likelihood": emi,
        },
        "profile": {
            "name": name,
            "first_name": name.split()[0],
            "age": 21,
            "city": "Pune",
            "occupation": "Student",
            "monthly_income_inr": 32000,
            "preferred_channel": "Online marketplaces",
        },
        "chat_personality": f"You are {name}, 21, from Pune.",
        "evidence": [{"field": "personality_traits.emi_usage_likelihood", "cluster_value": 0.6}],
    }


ENGINE = OfflineEngine()
AI_WORDS = re.compile(r"\b(ai|a\.i\.|language model|chatbot|bot|assistant|artificial|openai|gpt)\b", re.I)


def talk(p: dict[str, Any], messages: list[str]) -> list[str]:
    history: list[dict[str, str]] = []
    out = []
    for m in messages:
        r = ENGINE.reply(p, m, history).response
        out.append(r)
        history += [{"role": "user", "message": m}, {"role": "persona", "message": r}]
    return out


@pytest.mark.parametrize(
    ("message", "topic"),
    [
        ("What about the price?", "price"),
        ("Is it expensive?", "price"),
        ("Can I pay in EMIs?", "emi"),
        ("Do you worry about your data?", "privacy"),
        ("How is the build quality?", "quality"),
        ("Does it have noise cancellation?", "features"),
        ("Do brands matter to you?", "brand"),
        ("Is Sony better than Bose?", "comparison"),
        ("Do you trust online reviews?", "trust"),
        ("How fast is delivery?", "delivery"),
        ("What if I want a refund?", "returns"),
        ("Hello!", "greeting"),
        ("How are you?", "smalltalk"),
        ("Bye!", "goodbye"),
        ("Are you a bot?", "ai_probe"),
        ("Where do you see ads?", "media"),
        ("Would you buy it?", "purchase"),
    ],
)
def test_topic_detection(message: str, topic: str) -> None:
    assert detect(message).main == topic
    assert ENGINE.reply(persona(), message).topic == topic


def test_greets_with_own_name_and_city_then_greets_again_differently() -> None:
    first, second = talk(persona(), ["Hi!", "Hello"])
    assert "Priya" in first
    assert "again" in second.lower()


def test_price_stance_follows_price_sensitivity() -> None:
    high = ENGINE.reply(persona(price="High"), "What about the price?").response.lower()
    low = ENGINE.reply(persona(price="Low"), "What about the price?").response.lower()
    assert any(w in high for w in ("sale", "every rupee", "discount", "twice", "cheaper", "first thing"))
    assert any(w in low for w in ("not really my main", "happy to pay", "don't mind paying", "more about"))


def test_emi_stance_follows_emi_likelihood() -> None:
    likes = ENGINE.reply(persona(emi="70%"), "Would EMI help?").response.lower()
    dislikes = ENGINE.reply(persona(emi="5%"), "Would EMI help?").response.lower()
    assert "no-cost" in likes or "instalments" in likes or "emis for most" in likes
    assert "upfront" in dislikes or "save up" in dislikes


def test_privacy_stance_follows_privacy_consciousness() -> None:
    careful = ENGINE.reply(persona(privacy="High"), "Any privacy concerns?").response.lower()
    relaxed = ENGINE.reply(persona(privacy="Low"), "Any privacy concerns?").response.lower()
    assert careful != relaxed
    assert "don't worry" in relaxed or "isn't a big concern" in relaxed


def test_does_not_repeat_itself_and_refers_back() -> None:
    replies = talk(persona(), ["What about the price?", "Tell me about the price again", "And the price?"])
    assert len(set(replies)) == 3
    assert re.search(r"like i said|as i mentioned|coming back to", " ".join(replies[1:]).lower())


def test_answers_why_about_the_previous_topic() -> None:
    _, why = talk(persona(price="High"), ["Is it expensive?", "why?"])
    assert re.search(r"budget|income|₹32,000|price-sensitive", why, re.I)


def test_what_about_the_other_one_switches_brand() -> None:
    out = talk(
        persona(),
        [
            "What do you think about Bose headphones?",
            "Is Sony better than Bose?",
            "what about the other one?",
        ],
    )
    assert "Bose" in out[2]


def test_tell_me_more_adds_something_new() -> None:
    first, more = talk(persona(), ["What do you think about the new earbuds?", "tell me more"])
    assert more and more != first


def test_never_claims_to_be_an_ai_when_probed() -> None:
    for q in ("Are you an AI?", "Are you a real person or a chatbot?", "Is this ChatGPT?"):
        r = ENGINE.reply(persona(), q).response
        assert "Priya" in r
        assert not AI_WORDS.search(r), r


def test_unknown_messages_get_an_in_character_answer() -> None:
    r = ENGINE.reply(persona(), "blorp zzk quantum llama?")
    assert r.topic == "unknown"
    assert r.response and not AI_WORDS.search(r.response)


def test_goodbye_closes_once() -> None:
    r = ENGINE.reply(persona(), "Thanks, bye!")
    assert r.topic == "goodbye"
    assert r.response.count("!") <= 2


def test_replies_are_deterministic_but_vary_between_personas() -> None:
    msgs = ["Hi!", "What do you think about Bose headphones?", "What about the price?", "Would you buy it?"]
    assert talk(persona(), msgs) == talk(persona(), msgs)
    variants = {tuple(talk(persona(pid=f"dyn_1_{i}", name=f"Asha Rao{i}"), msgs)) for i in range(8)}
    assert len(variants) >= 4


def test_works_with_a_minimal_persona() -> None:
    r = ENGINE.reply({"persona_id": "x"}, "What about the price?")
    assert r.response and r.engine == "offline"


def test_usecase_reply_and_empty_message() -> None:
    from synthpersona.errors import InputError

    assert chat_uc.reply(persona(), "Hello!", history=[]).engine == "offline"
    with pytest.raises(InputError):
        chat_uc.reply(persona(), "   ")


@settings(max_examples=80, deadline=None)
@given(message=st.text(min_size=1, max_size=200), turns=st.integers(0, 6))
def test_any_message_gets_a_non_empty_in_character_reply(message: str, turns: int) -> None:
    history = [
        {"role": "user" if i % 2 == 0 else "persona", "message": f"turn {i} about price"}
        for i in range(turns)
    ]
    r = ENGINE.reply(persona(), message, history)
    assert r.response.strip()
    assert "{" not in r.response and "}" not in r.response  # every placeholder filled
    assert not re.search(r"\b(as an ai|language model|chatbot)\b", r.response, re.I)
    assert ENGINE.reply(persona(), message, history).response == r.response
