"""Hindi replies render the persona's data words in Devanagari, and hobbies come from the data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from synthpersona.chat import OfflineEngine
from synthpersona.chat._words import FESTIVAL_HI, INTEREST_WORDS, LANGUAGE_HI, hindi
from synthpersona.personas import _traits
from synthpersona.schema import FESTIVALS, INTERESTS, LANGUAGES

DATA = Path(__file__).parent / "data"
LATIN = re.compile(r"[A-Za-z]")


def _persona_phrases() -> set[str]:
    phrases = {*_traits.DEFAULT_CARE, _traits.DEFAULT_BARRIER}
    for trait in (*_traits.NUMERIC_TRAITS, *_traits.CATEGORICAL_TRAITS):
        for attr in ("care", "barrier", "cares", "barriers"):
            value = getattr(trait, attr, None)
            if value:
                phrases.update([value] if isinstance(value, str) else value)
    return phrases


def test_every_care_and_barrier_has_a_devanagari_rendering() -> None:
    phrases = _persona_phrases()
    assert len(phrases) > 40
    missing = [p for p in phrases if hindi(p) == p]
    assert not missing
    # Only EMI stays in Latin script (the word Hindi speakers use).
    assert all(not LATIN.search(hindi(p).replace("EMI", "")) for p in phrases)


def test_every_interest_festival_and_language_has_its_words() -> None:
    assert {c.removeprefix("interest_") for c in INTERESTS} == set(INTEREST_WORDS)
    assert set(FESTIVALS) == set(FESTIVAL_HI) and set(LANGUAGES) == set(LANGUAGE_HI)
    assert not any(LATIN.search(w[2]) for w in INTEREST_WORDS.values())


@pytest.fixture(scope="module")
def fresh_personas() -> list[dict]:
    return json.loads((DATA / "personas_v2.json").read_text("utf-8"))


def test_hobbies_are_the_interests_of_the_data(fresh_personas: list[dict]) -> None:
    engine = OfflineEngine()
    checked = {"some": 0, "none": 0}
    for p in fresh_personas:
        interests = p["profile"]["interests"]
        reply = engine.reply(p, "What are your hobbies?", [])
        if interests:
            checked["some"] += 1
            assert INTEREST_WORDS[interests[0]][0] in reply.response
        else:
            checked["none"] += 1
            assert "no particular hobby" in reply.response.lower()
            assert not any(w[0] in reply.response for w in INTEREST_WORDS.values())
        assert any(e.get("field") == "profile.interests" for e in reply.evidence)
    assert checked["some"] and checked["none"]


def test_festival_answer_is_the_persona_s_own(fresh_personas: list[dict]) -> None:
    engine = OfflineEngine()
    for p in fresh_personas:
        fest = p["profile"]["main_festival"]
        assert fest in engine.reply(p, "Which festival do you celebrate?", []).response
        assert FESTIVAL_HI[fest] in engine.reply(p, "आप कौन सा त्योहार मनाते हैं?", []).response


def _segment_label_words() -> set[str]:
    from synthpersona.personas._stats import comparative_label

    traits = (*_traits.NUMERIC_TRAITS, *_traits.CATEGORICAL_TRAITS)
    words = {t.label for t in traits} | {"Mainstream"}
    return words | {comparative_label(t.column, t.direction) for t in _traits.NUMERIC_TRAITS}


def test_every_segment_label_word_has_hindi_words() -> None:
    from synthpersona.chat._words import segment_hindi

    words = _segment_label_words()
    assert len(words) > 90
    missing = [w for w in words if segment_hindi(w) is None]
    assert not missing
    assert all(not LATIN.search(str(segment_hindi(w)).replace("EMI", "")) for w in words)
    # a label is its parts; the number telling two alike segments apart is not said
    assert segment_hindi("Gamers • Younger (2)") == f"{segment_hindi('Gamers')}, {segment_hindi('Younger')}"


@pytest.mark.parametrize("message", ["आप किस तरह के ग्राहक हैं?", "आप किस ग्रुप में आते हैं?"])
def test_hindi_replies_never_quote_the_english_segment_label(
    message: str, fresh_personas: list[dict]
) -> None:
    # every persona of the runs in tests/chat/data (48 + 17, labels from 8 + several goals)
    personas = [*json.loads((DATA / "personas.json").read_text("utf-8")), *fresh_personas]
    engine = OfflineEngine()
    for p in personas:
        label = p["profile"]["cluster_label"]
        reply = engine.reply(p, message, [])
        assert "segment" in reply.facts, (label, reply.response)
        latin = [w for w in re.findall(r"[A-Za-z][\w-]*", label) if len(w) > 2]
        assert not [w for w in latin if re.search(rf"\b{re.escape(w)}\b", reply.response)], reply.response
        # what is left in Latin script is the persona's own name and city (proper names)
        rest = reply.response
        for proper in (p.get("name", ""), p["profile"].get("city", ""), "EMI"):
            for part in str(proper).split():
                rest = rest.replace(part, "")
        assert not LATIN.search(rest), reply.response
