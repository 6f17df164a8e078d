"""Stated occupations hold: the persona's own, the spouse's and other relatives'.

Session 11 (issue 16): "her husband, a bank cashier" gave a drawn "pharmacist at a hospital" as
the spouse, "Farhan, 27, a freelance photographer" was described as working "as a pharmacist",
and "her husband runs a textile shop" was read as the persona's trade. Every scenario here was
written for these tests; none is in the benchmark's evaluation set.
"""

from __future__ import annotations

import asyncio

import pytest

from synthpersona.scenarios import ScenarioFacts, extract_facts
from synthpersona.scenarios._consistency import check_persona, family_jobs
from synthpersona.usecases import scenarios as uc

TELECOM = (
    "Billing desk of a broadband provider. You are the billing executive and you phone the customer "
    "back. Sunanda Rawat, 41, a tuition teacher in Dehradun, disputes a bill of 2,360 rupees. Her "
    "husband, a bank cashier, is posted in Roorkee; her son, 19, works as a delivery rider. She is "
    "irritated."
)


def test_relatives_jobs_are_read_as_theirs_not_the_personas() -> None:
    f = extract_facts(TELECOM)
    assert f.family_jobs == ["husband: bank cashier", "son: delivery rider"]
    assert f.occupation == "Tuition teacher"
    shop = extract_facts(
        "Branch of a bank in Erode. You are the relationship manager. Revathi, 36, is a walk-in customer; "
        "her husband runs a textile shop. She is cautious."
    )
    assert shop.occupation is None
    assert shop.family_jobs == ["husband: runs a textile shop"]


@pytest.mark.parametrize(
    ("text", "job"),
    [
        (
            "You are the agent. Farhan Mir, 27, a freelance photographer in Srinagar, is angry.",
            "photographer",
        ),
        ("You are the dealer. Vitthal Pawar, 46, who grows soybean on 4 acres, is worried.", "farmer"),
        (
            "Patna ki bank branch. Aap cashier hain. Kamla Devi, 60, sabzi bechti hain aur thaki hain.",
            "vegetables",
        ),
    ],
)
def test_the_personas_own_trade_is_read(text: str, job: str) -> None:
    assert job in (extract_facts(text).occupation or "").lower()


@pytest.fixture(scope="module")
def telecom_persona() -> object:
    u = asyncio.run(uc.understand_text(TELECOM, engine="offline"))
    return u, uc.generate_prompt(u.template, facts=u.facts, random_state=0).persona


def test_the_stated_spouses_job_is_the_spouses_job(telecom_persona: tuple) -> None:
    u, p = telecom_persona
    fam = p.detail_categories["family_context"]
    assert "bank cashier" in fam["spouse_details"]
    assert "bank cashier" in fam["extended_family"]
    assert [c for c in check_persona(p, u.facts, scenario=TELECOM) if c.kind == "occupation"] == []


def test_another_job_for_a_relative_is_a_contradiction(telecom_persona: tuple) -> None:
    _, p = telecom_persona
    bad = p.model_copy(deep=True)
    fam = bad.detail_categories["family_context"]
    fam["spouse_details"] = "Alok Rawat, 44, pharmacist at a hospital (earns about ₹45,000 a month)"
    fam["extended_family"] = "Her son, who is a software engineer, calls on Sundays"
    facts = ScenarioFacts(family_jobs=["husband: bank cashier", "son: delivery rider"])
    found = family_jobs(bad, facts)
    assert len(found) == 2 and "pharmacist" in found[0] and "software engineer" in found[1]
    assert any(c.kind == "occupation" for c in check_persona(bad, facts))


def test_a_relative_in_another_town_does_not_live_with_the_persona(telecom_persona: tuple) -> None:
    from synthpersona.scenarios._facts_where import away_relatives

    assert away_relatives(TELECOM, "Dehradun") == ["husband"]
    assert (
        away_relatives("Her mother-in-law, who lives with them, trusts a clinic in Kolkata.", "Howrah") == []
    )
    u, p = telecom_persona
    living = p.detail_categories["family_context"]["living_situation"]
    assert not living.startswith("Lives with her husband"), living
    bad = p.model_copy(deep=True)
    bad.detail_categories["family_context"]["living_situation"] = "Lives with her husband in a 2BHK flat"
    assert any(c.kind == "family" for c in check_persona(bad, u.facts, scenario=TELECOM))


def test_an_in_law_at_home_is_not_the_relative_in_another_town(telecom_persona: tuple) -> None:
    u, p = telecom_persona
    scenario = TELECOM + " Her mother lives in Almora."
    ok = p.model_copy(deep=True)
    ok.detail_categories["family_context"]["living_situation"] = "Lives with her mother-in-law in a 2BHK flat"
    assert [c for c in check_persona(ok, u.facts, scenario=scenario) if c.kind == "family"] == []
    ok.detail_categories["family_context"]["living_situation"] = "Lives with her mother in a 2BHK flat"
    assert any(c.kind == "family" for c in check_persona(ok, u.facts, scenario=scenario))


def test_a_corrected_job_without_a_space_still_reaches_the_family_line(telecom_persona: tuple) -> None:
    u, _ = telecom_persona

    facts = u.facts.model_copy(update={"family_jobs": ["husband:bank cashier"]})
    p = uc.generate_prompt(u.template, facts=facts, random_state=0).persona
    assert "bank cashier" in p.detail_categories["family_context"]["extended_family"]
