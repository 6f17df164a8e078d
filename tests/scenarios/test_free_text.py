"""Free-text scenarios end to end: counterpart, fitting categories, consistent details, clean prompt."""

from __future__ import annotations

import asyncio
import re

import pytest

from synthpersona.scenarios import check_persona, lint_prompt
from synthpersona.usecases import scenarios as uc

# Written for these tests; none is in the benchmark's evaluation set.
SCENARIOS = {
    "bike_loan": (
        "Two-wheeler loan. You are a loan officer at a cooperative bank in Aurangabad. Sunil Jadhav, "
        "a 33-year-old delivery rider and father of two, wants a loan of 90,000 rupees for a scooter. "
        "He is nervous, speaks only Marathi and Hindi, and must start his new job on Monday."
    ),
    "warranty_free_claim": (
        "Health claim follow-up. The learner is a claims executive. The persona is Farida Ansari, 44, "
        "who calls the helpline upset because her husband's dialysis claim of 1.8 lakh is pending for "
        "a month. She has two children and fears the hospital will stop treatment."
    ),
    "teacher_appraisal": (
        "Appraisal conversation over a video call. You are a school principal. The AI plays Rekha Pillai, "
        "a maths teacher with nine years of experience who feels overlooked for the coordinator role and is "
        "frustrated. She wants a clear promotion timeline."
    ),
    # An HR conversation inside a hospital: the persona is a nurse at work, not a prescriber.
    "ward_nurse_appraisal": (
        "Clinic HR desk, appraisal meeting. The learner is the head nurse. Deepa Thomas, a ward nurse "
        "with six years of experience in Kochi, is hurt that her appraisal ignored the extra shifts she "
        "covered during the monsoon fever season."
    ),
    # A town the city list does not know: the persona still lives there.
    "unlisted_town": (
        "Electricity board counter in Tirunelveli. You are the billing clerk. Murugan Pandian, 58, a "
        "retired postman, is angry about a bill of 9,400 rupees for two months."
    ),
}


@pytest.fixture(scope="module")
def understood() -> dict[str, uc.Understood]:
    return {k: asyncio.run(uc.understand_text(t, engine="offline")) for k, t in SCENARIOS.items()}


@pytest.mark.parametrize("key", list(SCENARIOS))
@pytest.mark.parametrize("seed", [0, 7])
def test_every_persona_agrees_with_its_facts(
    understood: dict[str, uc.Understood], key: str, seed: int
) -> None:
    u = understood[key]
    res = uc.generate_prompt(u.template, facts=u.facts, random_state=seed, engine="offline")
    p = res.persona
    assert check_persona(p, u.facts, prompt=res.system_prompt, scenario=SCENARIOS[key]) == []
    assert lint_prompt(res.system_prompt, u.facts) == []
    learner = u.facts.learner or ""
    assert learner and learner.lower() not in p.role.lower()  # the persona is the counterpart
    assert u.facts.name and p.name == u.facts.name


def test_stated_facts_drive_the_details(understood: dict[str, uc.Understood]) -> None:
    loan = uc.generate_prompt(
        understood["bike_loan"].template,
        facts=understood["bike_loan"].facts,
        random_state=3,
        engine="offline",
    )
    p = loan.persona
    assert p.age == 33 and p.location.city == "Aurangabad"
    assert (
        p.location.languages_spoken[:2] == ["Marathi", "Hindi"]
        and "English" not in p.location.languages_spoken
    )
    assert "communication_needs" in p.detail_categories and "time_constraints" in p.detail_categories
    assert "Monday" in p.detail_categories["time_constraints"]["current_time_pressure"]
    assert "speak English" not in loan.system_prompt
    kids = p.detail_categories["family_context"]["children"]
    assert len(re.findall(r"\(\d+\)", kids)) == 2
    reasons = p.generation_metadata["category_reasons"]
    assert "not fluent in English" in reasons["communication_needs"]
    claim = uc.generate_prompt(
        understood["warranty_free_claim"].template,
        facts=understood["warranty_free_claim"].facts,
        random_state=1,
        engine="offline",
    )
    text = claim.system_prompt.lower()
    assert "warranty" not in text and "product failed" not in text
    assert claim.persona.location.current_physical_location.startswith("On a phone call")


def test_corrected_facts_win(understood: dict[str, uc.Understood]) -> None:
    u = understood["teacher_appraisal"]
    fixed = u.facts.model_copy(update={"years_experience": 12, "emotions": ["hurt"]})
    p = uc.generate_prompt(u.template, facts=fixed, random_state=2, engine="offline").persona
    assert check_persona(p, fixed) == []
    assert "Hurt" in p.detail_categories["emotional_state"]["primary_emotion"]
    assert p.generation_metadata["scenario_facts"]["years_experience"] == 12


def test_a_clinician_outside_healthcare_is_a_customer_there() -> None:
    # The persona's job is clinical, the conversation is not: no patients, OPD or prescribing.
    text = (
        "Credit card upgrade. You are a relationship manager at a bank in Pune. Dr. Farah Kazi, 44, a "
        "general physician, visits the branch because her card limit was cut. She is annoyed."
    )
    u = asyncio.run(uc.understand_text(text, engine="offline"))
    assert u.facts.domain == "banking"
    for seed in (0, 1):
        res = uc.generate_prompt(u.template, facts=u.facts, random_state=seed, engine="offline")
        assert "medical_philosophy" not in res.persona.detail_categories_included
        found = [i for i in check_persona(res.persona, u.facts, prompt=res.system_prompt, scenario=text)]
        assert [i for i in found if i.kind == "domain_leak"] == [], found


def test_conversation_kind_decides_the_domain_and_the_profile(understood: dict[str, uc.Understood]) -> None:
    u = understood["ward_nurse_appraisal"]
    assert u.facts.domain == "hr"  # an appraisal in a clinic is an HR conversation
    p = uc.generate_prompt(u.template, facts=u.facts, random_state=1, engine="offline").persona
    assert "medical_philosophy" not in p.detail_categories_included  # a nurse does not prescribe
    text = str(p.detail_categories)
    assert not re.search(r"\bOPD\b|prescri|\bCMEs?\b", text)


def test_a_stated_town_outside_the_city_list_is_kept(understood: dict[str, uc.Understood]) -> None:
    u = understood["unlisted_town"]
    assert u.facts.city == "Tirunelveli"
    p = uc.generate_prompt(u.template, facts=u.facts, random_state=2, engine="offline").persona
    assert p.location.city == "Tirunelveli"
    # the town gazetteer knows its state; no neighbourhood is invented for it
    assert p.location.state == "Tamil Nadu" and "Tamil" in p.location.languages_spoken
    assert p.location.specific_area is None and p.location.pincode is None
