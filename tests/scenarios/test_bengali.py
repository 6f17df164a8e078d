"""A scenario written in Bengali: facts read through the gloss, a name without capitals, a heading's town."""

from __future__ import annotations

import asyncio

from synthpersona.scenarios import extract_facts
from synthpersona.scenarios._consistency import check_persona
from synthpersona.usecases import scenarios as uc

_BENGALI = (
    "পৌরসভার অফিস, দুর্গাপুর। আপনি অফিসের কেরানি। সুমিত্রা পাল, 56, তাঁর স্বামী আর ছেলের সঙ্গে থাকেন। "
    "তিনি শুধু বাংলা বলেন এবং রেগে আছেন।"
)


def test_bengali_facts_are_read() -> None:
    f = extract_facts(_BENGALI)
    assert (f.name, f.age, f.gender, f.city) == ("সুমিত্রা পাল", 56, "Female", "Durgapur")
    assert f.married is True and {"husband", "son"} <= set(f.family)
    assert f.languages == ["Bengali"] and "angry" in f.emotions
    # "মা" (mother) inside a name or a word is not a mother.
    assert "mother" not in extract_facts("রহিমা বিবি, 40, মাঝে মাঝে আসেন।").family


def test_the_persona_is_the_bengali_speaker_and_agrees_with_the_facts() -> None:
    understood = asyncio.run(uc.understand_text(_BENGALI, engine="offline"))
    res = uc.generate_prompt(
        understood.template, "assess_mode", facts=understood.facts, random_state=3, engine="offline"
    )
    p = res.persona
    assert p.name == "সুমিত্রা পাল" and p.age == 56 and p.gender == "Female"
    found = check_persona(p, understood.facts, prompt=res.system_prompt, scenario=_BENGALI)
    assert [c.message for c in found if not c.kind.startswith("untraced")] == []
