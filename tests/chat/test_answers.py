"""The offline engine answers what was asked: facts recomputed from the persona, figures recomputed."""

from __future__ import annotations

import re
from typing import Any

import pytest

from synthpersona.chat import OfflineEngine
from synthpersona.chat._memory import sentences
from synthpersona.chat._offer import budget, instalment
from synthpersona.chat._persona import PersonaView

ENGINE = OfflineEngine()
DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def rupees(x: int) -> str:
    return f"₹{x:,}"


def talk(p: dict[str, Any], messages: list[str]) -> list[Any]:
    history: list[dict[str, str]] = []
    out = []
    for m in messages:
        r = ENGINE.reply(p, m, history)
        out.append(r)
        history += [{"role": "user", "message": m}, {"role": "persona", "message": r.response}]
    return out


@pytest.mark.parametrize(
    "question", ["What is your monthly income?", "aap mahine ka kitna kamate ho?", "आपकी कमाई कितनी है?"]
)
def test_income_is_the_personas_own_figure_in_every_language(
    real_personas: list[dict[str, Any]], question: str
) -> None:
    for p in real_personas:
        income = p["profile"]["monthly_income_inr"]
        r = ENGINE.reply(p, question)
        assert "income" in r.facts
        if income > 0:
            assert rupees(income) in r.response, (p["persona_name"], r.response)
        assert {"field": "profile.monthly_income_inr", "value": income}.items() <= r.evidence[0].items()


def test_every_self_question_states_the_persona_value(real_personas: list[dict[str, Any]]) -> None:
    for p in real_personas[::4]:
        prof = p["profile"]
        [age, city, devices, lang] = [
            r.response
            for r in talk(
                p,
                [
                    "How old are you?",
                    "Where do you live?",
                    "How many devices do you own?",
                    "Which languages do you speak?",
                ],
            )
        ]
        assert str(prof["age"]) in age and prof["city"] in city and prof["language"] in lang
        n = round(float(p["personality_traits"]["device_count"].split()[0]))
        assert f"{n} device{'s' if n != 1 else ''}" in devices


@pytest.mark.parametrize("question", ["What are your hobbies?", "aapke shauk kya hain?", "आपके शौक क्या हैं?"])
def test_hobbies_name_exactly_the_personas_own_interests(
    real_personas: list[dict[str, Any]], question: str
) -> None:
    """The hobby sentence names the persona's first two interests and no other (none from the goal)."""
    from synthpersona.chat._words import INTEREST_WORDS

    keys = sorted(INTEREST_WORDS)
    for n, base in enumerate(real_personas):
        interests = [keys[n % len(keys)], keys[(3 * n + 1) % len(keys)], keys[(5 * n + 2) % len(keys)]]
        p = {**base, "profile": {**base["profile"], "interests": interests}}
        r = ENGINE.reply(p, question)
        lead = re.split(r"free time|ख़ाली समय", r.response)[0]
        named = {k for k, words in INTEREST_WORDS.items() if any(w in lead for w in words)}
        assert named == set(interests[:2]), (interests, r.response)
        assert "skincare" not in r.response
        if DEVANAGARI.search(r.response) and p["profile"]["gender"] == "Female":
            assert "देखता हूँ" not in r.response, r.response


@pytest.mark.parametrize(
    "question",
    [
        "Who are you?",
        "aap kaun ho?",
        "Namaste! Aap kaun ho aur kya karte ho?",
        "नमस्ते! आप कौन हैं और क्या करते हैं?",
        "Who are you and where do you live?",
    ],
)
def test_an_introduction_gives_name_age_city_and_work_once(
    real_personas: list[dict[str, Any]], question: str
) -> None:
    for p in real_personas[::6]:
        prof = p["profile"]
        r = ENGINE.reply(p, question)
        assert prof["name"] in r.response and str(prof["age"]) in r.response, r.response
        assert r.response.count(prof["city"]) == 1, r.response
        assert {"name", "age", "city", "work"} <= set(r.facts), r.facts


@pytest.mark.parametrize("question", ["आप कौन सा लैपटॉप लेंगे?", "aap kaun sa phone loge?"])
def test_which_one_is_not_an_introduction(real_personas: list[dict[str, Any]], question: str) -> None:
    r = ENGINE.reply(real_personas[0], question)
    assert "identity" not in r.topics and real_personas[0]["profile"]["name"] not in r.response


def test_one_device_is_singular(real_personas: list[dict[str, Any]]) -> None:
    p = {
        **real_personas[0],
        "personality_traits": {**real_personas[0]["personality_traits"], "device_count": "1.2 devices"},
    }
    for q in ("How many devices do you have?", "Tell me about the tech you use"):
        text = ENGINE.reply(p, q).response
        assert "1 devices" not in text


def test_emi_instalments_are_computed_for_the_durations_asked(real_personas: list[dict[str, Any]]) -> None:
    for p in real_personas[::3]:
        for q in (
            "Would a 6 or 12 month EMI on ₹75,000 change your mind?",
            "75 hazaar ka hai, 6 ya 12 mahine ki EMI chalegi?",
        ):
            r = ENGINE.reply(p, q)
            assert rupees(instalment(75000, 6)) in r.response and rupees(instalment(75000, 12)) in r.response
            b = budget(PersonaView.from_dict(p))
            verdicts = {b.emi_verdict(75000, n) for n in (6, 12)}
            expected = "negative" if not b.emi_monthly_max or verdicts == {"too_much"} else "positive"
            assert r.stance == expected


def test_a_price_is_judged_against_the_personas_income(real_personas: list[dict[str, Any]]) -> None:
    for p in real_personas:
        r = ENGINE.reply(p, "Would you pay ₹75,000 for a laptop?")
        b = budget(PersonaView.from_dict(p))
        share = 75000 / b.income
        if share < 1:
            assert f"{round(share * 100)}%" in r.response
        else:
            assert f"{round(share)} month" in r.response
        assert rupees(b.low) in r.response and rupees(b.high) in r.response
        assert (
            r.stance
            == {
                "comfortable": "positive",
                "stretch": "neutral",
                "emi_only": "neutral",
                "out_of_reach": "negative",
            }[b.verdict(75000)]
        )


def test_named_products_are_compared_with_their_price_ranges(real_personas: list[dict[str, Any]]) -> None:
    for p in real_personas[::5]:
        r = ENGINE.reply(p, "What do you think of the Asus ROG vs the Lenovo Legion?")
        assert "ROG Strix G16" in r.response and "Legion 5" in r.response
        assert "₹120,000" in r.response and "₹100,000" in r.response


def test_memory_of_the_user_first_question_name_and_own_laptop(real_personas: list[dict[str, Any]]) -> None:
    p = real_personas[3]
    out = talk(
        p,
        [
            "Hi, I'm Rahul.",
            "How much would you pay for a laptop?",
            "My own laptop is an HP. What do you think of the Asus ROG?",
            "What did I ask you first?",
            "Do you remember my name?",
        ],
    )
    assert "Rahul" in out[0].response
    assert "HP" not in out[2].response.replace("HP yourself", "")
    assert "ROG" in out[2].response
    assert "How much would you pay for a laptop?" in out[3].response
    assert "Rahul" in out[4].response


def test_as_i_mentioned_only_refers_to_what_was_said(real_personas: list[dict[str, Any]]) -> None:
    recall = re.compile(r"as i mentioned|like i said|coming back to|maine pehle|jaise maine", re.I)
    p = real_personas[7]
    first = ENGINE.reply(p, "What about the price?")
    assert not recall.search(first.response)
    out = talk(p, ["What is your monthly income?", "And your monthly income again?"])
    assert not recall.search(out[0].response) and recall.search(out[1].response)


SCRIPT = [
    "Hi!",
    "What about the price?",
    "Would a 6-month EMI help?",
    "What do you think of boAt headphones?",
    "Is Sony better than Bose?",
    "What about the price?",
    "Do you worry about your data?",
    "Would you buy it?",
]


def test_no_sentence_is_repeated_within_a_conversation(real_personas: list[dict[str, Any]]) -> None:
    for p in real_personas[::2]:
        said: list[str] = []
        for r in talk(p, SCRIPT):
            said += sentences(r.response)
        assert len(said) == len(set(said)), p["persona_name"]


def test_replies_are_in_the_language_of_the_message(real_personas: list[dict[str, Any]]) -> None:
    for p in real_personas[::6]:
        hi = talk(p, ["नमस्ते!", "आप कहाँ रहते हैं?", "₹75,000 का लैपटॉप लेंगे?"])
        assert all(DEVANAGARI.search(r.response) and r.language == "hi" for r in hi)
        hg = talk(p, ["Namaste ji", "Aap kya kaam karte ho?", "Price kitna hona chahiye?"])
        assert all(r.language == "hinglish" and not DEVANAGARI.search(r.response) for r in hg)
        assert all(re.search(r"\b(hai|hoon|main|mera|mere|ka|ki|se)\b", r.response, re.I) for r in hg)


def test_six_personas_from_different_segments_never_open_alike(real_personas: list[dict[str, Any]]) -> None:
    by_segment: dict[str, dict[str, Any]] = {}
    for p in real_personas:
        by_segment.setdefault(p["profile"]["cluster_label"], p)
    six = list(by_segment.values())[:: max(1, len(by_segment) // 6)][:6]
    assert len(six) == 6
    runs = [talk(p, SCRIPT) for p in six]
    for turn in range(len(SCRIPT)):
        openings = [sentences(run[turn].response)[0] for run in runs]
        assert len(set(openings)) == 6, (SCRIPT[turn], openings)


def test_off_topic_is_answered_in_character_and_steers_back(real_personas: list[dict[str, Any]]) -> None:
    out = talk(real_personas[1], ["What do you think of the ROG?", "Who will win the IPL?"])
    assert out[1].topic == "sport" and "ROG" in out[1].response
