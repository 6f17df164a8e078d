"""Review 12's regressions in the role-play reader: each input was a persona saying something false."""

from __future__ import annotations

import asyncio

import pytest

from synthpersona.scenarios._facts import extract_facts
from synthpersona.scenarios._facts_family import relative_jobs
from synthpersona.scenarios._facts_people import role_job, unread_trade
from synthpersona.scenarios._facts_where import city_of, state_named
from synthpersona.scenarios._gloss import gloss
from synthpersona.usecases import scenarios as uc


@pytest.mark.parametrize(
    ("text", "city"),
    [
        (
            "You are the pension officer. Meena Rao, 58, calls. She worked as a clerk at Central Bank of "
            "India in Pune and her pension has not come for two months.",
            "Pune",
        ),
        ("He sells vegetables at Krishna Market in Jaipur.", "Jaipur"),
        ("Meena, 38, runs a tailoring unit in Nagar Road, Pune.", "Pune"),
        ("Ramesh, 50, from Sagar Cooperative Bank, calls about the audit. He lives in Nagpur.", "Nagpur"),
        ("A maker in Hosur calls about a late order.", "Hosur"),  # a gazetteer town still counts
    ],
)
def test_a_firm_or_street_named_after_a_town_is_not_where_the_persona_lives(text: str, city: str) -> None:
    assert extract_facts(text).city == city
    assert city_of(text) in (city, None)


@pytest.mark.parametrize(
    "text",
    [
        "You are a fundraiser at an NGO. Call a donor, Mr Suresh Sharma, 62, who gave Rs 5,000 last year.",
        "You are a trainee sales executive. The lead, Kavita Rao, 38, filled a form on our website "
        "for a home loan.",
    ],
)
def test_a_counterpart_role_that_is_no_trade_is_not_the_persona_job(text: str) -> None:
    assert extract_facts(text).occupation is None


def test_a_role_that_names_a_trade_is_still_the_persona_job() -> None:
    assert role_job("bus conductor", "") == "Bus conductor"
    assert role_job("QA lead", "") == "QA lead"
    assert role_job("warm lead", "") is None


def test_a_relative_is_a_something_is_a_job_only_when_it_names_a_trade() -> None:
    assert relative_jobs("Her husband at home is a heavy drinker.") == []
    assert relative_jobs("Her husband at home is a bank cashier.") == ["husband: bank cashier"]


def test_everyday_senses_of_health_words_add_no_illness() -> None:
    text = (
        "You are an admissions counsellor. Farah Khan, 44, says her son was admitted to a college in Pune "
        "but the hostel fee is too high; her heart is set on the college."
    )
    understood = asyncio.run(uc.understand_text(text, engine="offline"))
    persona = uc.generate_prompt(understood.template, facts=understood.facts, random_state=0).persona
    assert "health_context" not in persona.detail_categories_included


def test_a_hospital_admission_is_still_a_health_matter() -> None:
    text = "You are a claims officer. Ravi Kumar, 52, was admitted to the hospital after a heart attack."
    understood = asyncio.run(uc.understand_text(text, engine="offline"))
    persona = uc.generate_prompt(understood.template, facts=understood.facts, random_state=0).persona
    assert "health_context" in persona.detail_categories_included


@pytest.mark.parametrize(
    "text",
    [
        "You are a branch officer. Gita Devi, 45, a weaver, has a loan from Punjab National Bank.",
        "You are a support agent at Bank of Maharashtra. Ravi Kumar, 33, calls about his debit card.",
    ],
)
def test_a_state_in_a_bank_name_places_nobody(text: str) -> None:
    assert state_named(text) is None
    assert state_named("She has an account with Kerala Gramin Bank in rural Kerala.") == "Kerala"


def test_hindi_hota_does_not_switch_on_marathi_and_pan_card_stays() -> None:
    text = (
        "Ravi Kumar, 33, bank aaya hai. Uska PAN card update nahi hota, kaam nahi hota, paisa nahi hota, "
        "form jama hota hai."
    )
    assert "PAN card" in gloss(text)
    assert "but his wife" in gloss("Sunita, 45, shetkari aahe, pan tichi bayko khup chintit aahe ani fakt")


@pytest.mark.parametrize(
    ("text", "name", "unread"),
    [
        ("Priya, 34, calls customer service about a refund for a phone.", "Priya", False),
        ("Ravi, 41, is upset: the store cancelled his order twice.", "Ravi", False),
        ("Meera, 40, is angry. She works at a garment factory.", "Meera", True),
    ],
)
def test_only_the_persona_own_work_is_unread_work(text: str, name: str, unread: bool) -> None:
    assert unread_trade(text, name) is unread


def test_a_trade_stated_with_a_verb_is_the_personas_work_never_a_drawn_job() -> None:
    """A trade stated with a verb ("Selvi, 44, weaves cotton sarees") is the persona's work.

    The job check of review12 finding 3 had dropped it, and a drawn "pharmacist at a hospital" took
    its place; a contact verb ("calls about a refund") is still no trade.
    """
    from synthpersona.scenarios._facts import extract_facts
    from synthpersona.scenarios._job_words import is_work_predicate

    text = (
        "Cooperative bank branch in Erode. You are the loan officer. Selvi Murugan, 44, weaves cotton "
        "sarees on two handlooms at her home. She wants a loan for a power loom."
    )
    assert (extract_facts(text).occupation or "").lower().startswith("weaves cotton sarees")
    assert is_work_predicate("sells home-made sweets at the weekly haat")
    assert not is_work_predicate("calls about a refund") and not is_work_predicate("sales manager")
