"""The seed's three scenarios: the offline engine picks the categories the seed expects."""

from __future__ import annotations

from typing import Any

import pytest

from synthpersona.scenarios import ScenarioTemplate

EXPECTED = {
    "pharma_sales": {"professional_context", "medical_philosophy", "time_constraints", "sales_rep_history"},
    "maternity_inquiry": {"health_context", "family_context", "financial_context", "anxiety_factors"},
    "dei_training": {"work_relationships", "incident_context", "emotional_state", "organizational_context"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_scenarios_get_expected_categories(
    generate: Any, templates: dict[str, ScenarioTemplate], name: str
) -> None:
    p = generate(templates[name], seed=3)
    chosen = set(p.detail_categories_included)
    assert 3 <= len(chosen) <= 8
    assert len(chosen & EXPECTED[name]) >= 3, (name, chosen)
    reasons = p.generation_metadata["category_reasons"]
    # every choice is explained in words; the numbers behind it stay in the metadata
    assert set(reasons) == chosen and all(r and "similarity" not in r for r in reasons.values())
    scored = {c["name"] for c in p.generation_metadata["candidates"]}
    assert chosen <= scored
    for fields in p.detail_categories.values():
        assert len(fields) >= 5 and "error" not in fields


def test_different_scenarios_get_different_categories(
    generate: Any, templates: dict[str, ScenarioTemplate]
) -> None:
    sets = [frozenset(generate(templates[n], seed=1).detail_categories_included) for n in EXPECTED]
    assert len(set(sets)) == 3
    assert len(sets[0] & sets[2]) <= 1  # pharma and DEI share at most the work context


def test_user_written_scenario_gets_fitting_categories(
    generate: Any, templates: dict[str, ScenarioTemplate]
) -> None:
    car = generate(templates["car_purchase"], seed=2)
    assert {"family_context", "financial_context", "lifestyle_context"} <= set(car.detail_categories_included)
    assert "medical_philosophy" not in car.detail_categories_included
    neg = generate(templates["salary_negotiation"], seed=2)
    assert neg.archetype == "NEGOTIATION"  # classified from the text: the template does not say
    assert neg.generation_metadata["archetype_source"] == "classified"
    assert "negotiation_position" in neg.detail_categories_included


def test_people_at_work_are_colleagues_not_job_titles_or_service_staff() -> None:
    from synthpersona.scenarios._selection import _AT_WORK

    at_work = [
        "Her senior, the regional head, refused to forward it.",
        "his manager has not replied",
        "a junior who joined last year",
        "a younger colleague was promoted",
    ]
    not_at_work = [
        "Priya Sharma, a senior software engineer",
        "her relationship manager at the bank",
        "a branch manager in Nagpur",
        "her matured Senior Citizens Savings Scheme",
    ]
    assert all(_AT_WORK.search(t) for t in at_work)
    assert not any(_AT_WORK.search(t) for t in not_at_work)


def test_a_loan_or_renewal_is_a_case_only_when_the_persona_asks_for_it() -> None:
    from synthpersona.scenarios._selection import _CASE, _CASE_REQUEST

    def case(t: str) -> bool:
        return bool(_CASE.search(t) or _CASE_REQUEST.search(t))

    assert case("wants his 1.6 lakh crop loan renewed before the season")
    assert case("wants a gold loan of 2 lakh rupees against his wife's jewellery")
    assert not case("He has a 3 lakh crop loan and lives with his wife")
    assert not case("a rival insurer quoted 9,500 rupees against your 12,000 renewal premium")


def test_a_stated_illness_or_hospital_stay_is_a_health_matter() -> None:
    """Health words beyond the clinic's (an ICU stay, blindness, an inhaler, an ambulance) count as health."""
    from synthpersona.scenarios._selection import _HEALTH

    for text in (
        "disputes the bill for his wife's six-day ICU stay",
        "a blind pensioner asks for a bus pass",
        "her son's inhaler was in the lost bag",
        "the ambulance came two hours late",
    ):
        assert _HEALTH.search(text), text
    assert not _HEALTH.search("a shopkeeper asks why his gas subsidy stopped")


def test_a_past_or_an_animals_health_event_is_background() -> None:
    """A death, a finished operation or a pet's surgery is not a health matter now (issue 16, session 13)."""
    from synthpersona.scenarios._selection import _health_now

    for text in (
        "She lost her husband to a heart attack three months ago and is the nominee on his policy.",
        "She wants an extension because she spent the winter nursing her mother after surgery.",
        "The surgery bill of 30,000 for her beagle was rejected.",
    ):
        assert _health_now(text) is None, text
    for text in (
        "His wife needs monthly medicines.",
        "Her husband is ill and her son studies in Pune.",
        "His father had a knee surgery claim in April.",  # the claim is the case now
    ):
        assert _health_now(text) is not None, text


def test_a_condition_had_for_years_is_health_now() -> None:
    """ "has had diabetes for ten years" lasts till now; "had ... last year" is past (review13 #12)."""
    from synthpersona.scenarios._selection import _health_now

    for text in (
        "Meena, 45, has had diabetes for ten years and asks about the health cover.",
        "They have had asthma since childhood.",
    ):
        assert _health_now(text) is not None, text
    assert _health_now("Ramesh, 60, had a knee replacement last year; he now needs a recliner.") is None
    assert _health_now("Her mother has died of cancer.") is None


def test_a_chronic_condition_keeps_health_context() -> None:
    import asyncio

    from synthpersona.usecases import scenarios as uc

    text = (
        "You are a sales associate at a furniture showroom in Pune. Meena, 45, has had diabetes for ten "
        "years and her feet go numb; she wants a chair she can sit in all day at her tailoring shop."
    )
    u = asyncio.run(uc.understand_text(text, engine="offline"))
    chosen = uc.generate_prompt(
        u.template, "assess_mode", facts=u.facts, random_state=0, engine="offline"
    ).persona.detail_categories_included
    assert "health_context" in chosen


def test_a_sellers_quote_is_not_the_personas_research() -> None:
    from synthpersona.scenarios._selection import _RESEARCH

    assert not _RESEARCH.search("The water purifier is quoted at 18,000 rupees with installation.")
    assert _RESEARCH.search("He has a rival quote in his bag and compares two brands.")
    assert not _RESEARCH.search("The dealer gave a quote of 40,000 rupees for the sofa.")


def test_quotes_the_persona_collects_are_research() -> None:
    """Only a price after "quoted at/for" or "quote of" is the seller's (review13 #16)."""
    from synthpersona.scenarios._selection import _RESEARCH

    for text in (
        "She has collected quotes for the repair from two garages.",
        "He got a quote for the same sofa from another shop.",
        "He was quoted for a cheaper plan by a rival operator.",
        "A rival insurer quoted 9,500 rupees for the same cover.",
    ):
        assert _RESEARCH.search(text), text


def test_categories_of_a_past_health_event_skip_health_context() -> None:
    """A widow's claim after her husband's death: health is background, the claim and grief are not."""
    import asyncio

    from synthpersona.usecases import scenarios as uc

    text = (
        "You are a claims executive at a life insurance company. Rekha, 46, lost her husband to a "
        "stroke last year and is the nominee on his 30 lakh term policy. The claim is stuck because a "
        "form is missing, and she is grieving and exhausted."
    )
    u = asyncio.run(uc.understand_text(text, engine="offline"))
    chosen = uc.generate_prompt(
        u.template, "assess_mode", facts=u.facts, random_state=0, engine="offline"
    ).persona.detail_categories_included
    assert "health_context" not in chosen
    assert {"case_context", "emotional_state"} <= set(chosen)


def test_a_situation_can_imply_feelings_no_word_names() -> None:
    """A bereavement, a threat or a repeated failure implies an emotional state (session 13)."""
    from synthpersona.scenarios._selection import _implied_feeling

    for text in (
        "whose wife died in March, wants the joint account moved to his name",
        "his shop's power will be disconnected on Monday",
        "the plumber was promised twice and never came",
        "she has not slept since the letter came",
        "She has called the helpline twice already.",
        "He was charged 18,500 rupees twice for one flight.",
        "Her son has come to the school three times this term.",
    ):
        assert _implied_feeling(text), text
    assert not _implied_feeling("wants to know the interest rate on a fixed deposit")


def test_a_habit_or_a_calm_persona_implies_no_strong_feeling() -> None:
    """A frequency is no failure repeated; a persona the text calls calm stays calm (review13 #13)."""
    from synthpersona.scenarios._selection import _implied_feeling

    for text in (
        "Kiran, 30, comes twice a week and asks about a yearly membership plan.",
        "He takes the tablets three times a day.",
        "She sells milk twice a day from her four buffaloes.",
        "The new plan costs twice as much.",
        "A calm widow, 62, asks how to claim her husband's pension.",
    ):
        assert _implied_feeling(text) is None, text


def test_a_calm_gym_member_is_not_made_overwhelmed() -> None:
    import asyncio

    from synthpersona.usecases import scenarios as uc

    text = (
        "You are a trainer at a gym in Pune. Kiran, 30, a calm software engineer, comes twice a week and "
        "asks about a yearly membership plan."
    )
    u = asyncio.run(uc.understand_text(text, engine="offline"))
    persona = uc.generate_prompt(
        u.template, "assess_mode", facts=u.facts, random_state=0, engine="offline"
    ).persona
    dumped = persona.model_dump()
    reasons = dumped["generation_metadata"]["category_reasons"]
    assert "implies strong feelings" not in str(reasons.get("emotional_state", ""))
    feeling = dumped["detail_categories"].get("emotional_state", {}).get("primary_emotion", "")
    assert feeling.lower() not in {"overwhelmed", "anxious", "angry", "frustrated", "distressed"}
