"""A relative's facts stay the relative's; past contacts keep their channel; counts are exact.

Session 10 (issue 16): children counted without a plain number, a relative's town or phone
line, a past call, a health matter outside a hospital conversation, "speaks only X", and the
description and languages grounded like the details. Every scenario here was written for these
tests; none is in the benchmark's evaluation set.
"""

from __future__ import annotations

import asyncio

import pytest

from synthpersona.scenarios import ScenarioFacts, extract_facts
from synthpersona.scenarios._facts_where import channel_of, city_of
from synthpersona.scenarios._trace import ground_persona
from synthpersona.usecases import scenarios as uc


@pytest.mark.parametrize(
    ("text", "children"),
    [
        (
            "You are the clerk. Asha, 34, landed with her four-year-old twin girls; a daughter's bag is lost",
            2,
        ),
        ("You are the officer. Rohit, 36, says his wife is expecting their second child in June.", 1),
        (
            "You coach. Ramu, 40, keeps his 12-year-old daughter home to mind her two younger sisters.",
            3,
        ),
        ("You are the inspector. Mitali, 29, a nurse, is a single mother of a six-year-old boy.", 1),
        (
            "Bhopal ka bank. Aap cashier hain. Rekha, 38, darzi hain. Beta 14 saal ka hai aur beti 9 saal ki",
            2,
        ),
    ],
)
def test_children_counted_without_a_plain_number(text: str, children: int) -> None:
    assert extract_facts(text).children == children


def test_a_childs_siblings_are_the_personas_children_not_brothers() -> None:
    f = extract_facts(
        "You coach. Ramu, 40, keeps his 12-year-old daughter home to mind her two younger brothers."
    )
    assert "son" in f.family and "brother" not in f.family


def test_a_relatives_town_is_not_the_personas_city() -> None:
    text = (
        "Ration shop in Wardha. You are the dealer. Kamla Thakre, 58, says her son, 31, lives in Pune "
        "and her daughter studies in Nagpur."
    )
    assert city_of("Her son, 31, lives in Pune and her daughter studies in Nagpur.") is None
    assert extract_facts(text).city != "Pune"
    assert extract_facts(text).city != "Nagpur"
    came = extract_facts(
        "A hostel office in Kota. You are the warden. Mahesh Jat, 50, a mustard farmer from Sikar, is upset."
    )
    assert came.city == "Sikar"


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("Counter of a ration shop. Her husband, on the phone, says the card was renewed.", "in_person"),
        ("Help desk at the block office. He phoned the toll-free number twice last week.", "in_person"),
    ],
)
def test_a_past_contact_or_a_relatives_line_is_not_this_conversations_channel(
    text: str, channel: str
) -> None:
    assert channel_of(text) == channel


def test_a_health_matter_at_a_bus_depot_or_a_vet_is_not_a_patients_conversation() -> None:
    bus = extract_facts(
        "Pass office at a bus depot in Nashik. You are the pass clerk. Ganpat More, 74, who had a stroke, "
        "needs his concession pass renewed to reach the hospital."
    )
    vet = extract_facts(
        "Front desk of a veterinary hospital in Mysuru. You are the receptionist. Divya, 30, a teacher, "
        "disputes the bill for her cat's surgery."
    )
    assert bus.domain != "healthcare" and "patient" not in (bus.counterpart or "").lower()
    assert vet.domain != "healthcare" and "patient" not in (vet.counterpart or "").lower()


def test_speaks_only_means_no_default_languages() -> None:
    f = extract_facts("You are the clerk. Ponni, 70, a retired weaver in Salem, speaks Tamil only.")
    assert f.languages == ["Tamil"] and {"English", "Hindi"} <= set(f.not_fluent)
    u = asyncio.run(
        uc.understand_text(
            "Pension desk of a post office in Salem. You are the postal assistant. Ponni, 70, a retired "
            "weaver, speaks only Tamil and is worried.",
            engine="offline",
        )
    )
    p = uc.generate_prompt(u.template, facts=u.facts, random_state=1).persona
    assert p.location.languages_spoken == ["Tamil"]


def test_ground_persona_drops_an_untraced_description_sentence_and_language() -> None:
    text = (
        "Counter of a post office in Salem. You are the postal assistant. Ponni, 70, a retired weaver, "
        "wants her deposit of 40,000 rupees closed."
    )
    u = asyncio.run(uc.understand_text(text, engine="offline"))
    p = uc.generate_prompt(u.template, facts=u.facts, random_state=2).persona
    planted = p.model_copy(
        update={
            "description": f"{p.description} Her brother in Mumbai lent her 2,50,000 rupees last Tuesday.",
            "location": p.location.model_copy(update={"languages_spoken": ["Tamil", "Bengali"]}),
        }
    )
    facts = ScenarioFacts(**{**u.facts.model_dump(), "family": ["daughter"]})
    grounded, changed = ground_persona(planted, facts, text)
    assert "2,50,000" not in grounded.description and grounded.description.startswith(p.description[:20])
    assert "Bengali" not in grounded.location.languages_spoken
    assert "location.languages_spoken" in changed and any(c.startswith("description[") for c in changed)


def test_the_persona_lives_in_the_stated_town_not_a_relatives_city() -> None:
    text = (
        "Ration shop in Wardha. You are the dealer. Kamla Thakre, 58, a widow, says her son, 31, lives in "
        "Pune and sends money. She is upset."
    )
    u = asyncio.run(uc.understand_text(text, engine="offline"))
    p = uc.generate_prompt(u.template, facts=u.facts, random_state=0).persona
    assert p.location.city == "Wardha"


def test_a_relatives_name_is_not_the_personas_and_a_transliteration_is_read() -> None:
    f = extract_facts(
        "Pension counter of a bank in Salem. You are the clerk. பொன்னம்மா (Ponnamma), 79, a retired weaver, "
        "has come with her daughter Kavitha, 50, who took leave. She is worried."
    )
    assert f.name in {"பொன்னம்மா", "Ponnamma"}


def test_languages_spoken_well_are_no_communication_need() -> None:
    text = (
        "Branch of a cooperative bank in Hubballi. You are the loan officer. Shivappa Hosamani, 52, a "
        "grocer, wants his overdraft limit of 2 lakh renewed. He speaks Kannada and Hindi and is impatient."
    )
    u = asyncio.run(uc.understand_text(text, engine="offline"))
    p = uc.generate_prompt(u.template, facts=u.facts, random_state=0).persona
    assert "communication_needs" not in p.detail_categories_included
