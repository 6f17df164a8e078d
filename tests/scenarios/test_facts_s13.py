"""Session 13's scenario facts: whose job a clause states, where the persona lives now, widows, towns
written in Devanagari; each input made a persona contradict its scenario before."""

from __future__ import annotations

import asyncio

import pytest

from synthpersona.scenarios import ScenarioFacts
from synthpersona.scenarios._consistency import check_persona, family_jobs
from synthpersona.scenarios._facts import extract_facts
from synthpersona.scenarios._facts_family import relative_jobs
from synthpersona.scenarios._job_words import is_job
from synthpersona.scenarios._places import latin_towns, transliterate
from synthpersona.usecases import scenarios as uc


@pytest.mark.parametrize(
    ("text", "jobs"),
    [
        ("His wife Mercy works in a cashew factory.", ["wife: works in a cashew factory"]),
        (
            "His wife teaches at a zilla parishad school in Ratnagiri.",
            ["wife: teaches at a zilla parishad school"],
        ),
        (
            "Her swami (husband), a primary school headmaster, died in January.",
            ["husband: primary school headmaster"],
        ),
        ("Dnyaneshwar, 47, is tired; his wife anganwadi sevika aahe.", ["wife: anganwadi sevika"]),
        ("His wife dusryanchya gharat works as a domestic worker.", ["wife: domestic worker"]),
    ],
)
def test_a_relatives_job_is_read_with_a_name_a_gloss_or_a_verb(text: str, jobs: list[str]) -> None:
    assert relative_jobs(text) == jobs


def test_trades_in_man_master_seller_are_jobs_and_people_are_not() -> None:
    assert all(
        is_job(j) for j in ("retired postman", "school headmaster", "vegetable seller", "ticket checker")
    )
    assert not any(is_job(j) for j in ("young woman", "old gentleman", "heavy drinker"))


def test_a_widow_whose_husband_died_later_in_the_clause_has_no_spouse() -> None:
    f = extract_facts(
        "Death-claim desk of a life insurer in Bardhaman. You are the claims executive. Shampa Mondal, 51, "
        "sells sweets. Her swami (husband), a primary school headmaster, died in a road accident in "
        "January. Her chhele (son), 24, came with her."
    )
    assert f.married is False
    assert "husband" not in f.family and "son" in f.family
    assert "husband: primary school headmaster" in f.family_jobs
    assert extract_facts("Anita, 40, says her husband's father died last year.").married is True


@pytest.mark.parametrize(
    "text",
    [
        "Kavita Patil, 45, a tailor, says her husband has been low since his brother died in March; she "
        "wants to restructure her shop loan.",
        "Kavita, 45, says her husband took leave after his mother died; she wants to restructure the loan.",
        "Ravi, 50, says his wife was sad when her father passed away in June.",
        "Meena, 39, says her husband mourns the friend who died in the flood.",
    ],
)
def test_a_death_in_the_spouses_clause_is_someone_elses(text: str) -> None:
    """A living husband is no widow's late husband: another person's death said after him (review13 #4)."""
    f = extract_facts(text)
    assert f.married is True
    assert {"husband", "wife"} & set(f.family)


def test_a_persona_whose_husband_mourns_his_brother_is_married_not_widowed() -> None:
    text = (
        "You are a loan officer at a cooperative bank in Pune. Kavita Patil, 45, a tailor, says her husband "
        "has been low since his brother died in March; she wants to restructure her shop loan."
    )
    u = asyncio.run(uc.understand_text(text, engine="offline"))
    p = uc.generate_prompt(u.template, "assess_mode", facts=u.facts, random_state=0, engine="offline").persona
    family = p.model_dump()["detail_categories"].get("family_context", {})
    assert family.get("marital_status") == "Married"


def test_a_divorced_persona_whose_mother_died_is_not_a_widow() -> None:
    text = (
        "You are a loan officer at a cooperative bank in Pune. Sunil Kale, 50, a divorced mechanic, wants "
        "a loan; his mother passed away in May."
    )
    u = asyncio.run(uc.understand_text(text, engine="offline"))
    assert u.facts.married is False
    p = uc.generate_prompt(u.template, "assess_mode", facts=u.facts, random_state=0, engine="offline").persona
    family = p.model_dump()["detail_categories"].get("family_context", {})
    assert family.get("marital_status") in (None, "Divorced")


@pytest.mark.parametrize(
    ("text", "city"),
    [
        (
            "HR office of a warehouse. You are the HR executive. Santosh, 31, is from Ratnagiri but has "
            "lived and worked in Bhiwandi for six years as a forklift operator.",
            "Bhiwandi",
        ),
        (
            "HR desk of a warehouse in Bhiwandi. You are the HR executive. Santosh, 36, drives a forklift. "
            "His wife teaches at a school in Ratnagiri, where she lives with their son.",
            "Bhiwandi",
        ),
        (
            "Google Meet appraisal. You are the delivery manager at a BPO in Bhilai. Kavita Sahu, 28, a team "
            "leader, wants a raise; a rival in Raipur has offered her 4.2 lakh a year.",
            "Bhilai",
        ),
        ("नेत्र शिविर, सतना। आप शिविर की काउंसलर हैं। कमला बाई, 71, विधवा हैं।", "Satna"),
    ],
)
def test_the_persona_lives_where_they_live_now_not_where_a_relative_or_rival_is(text: str, city: str) -> None:
    assert extract_facts(text).city == city


def test_own_job_said_after_where_and_how_long() -> None:
    f = extract_facts(
        "You are the HR executive. Santosh, 31, has lived and worked in Bhiwandi for six years as a "
        "forklift operator. Asha, his sister, works hard as well as anyone."
    )
    assert f.occupation == "Forklift operator" and f.years_experience == 6


def test_devanagari_town_names_are_read_in_latin_spelling_but_common_words_are_not() -> None:
    assert transliterate("जबलपुर") == "jabalpur"
    assert latin_towns("सतना, जबलपुर, दरभंगा, सीहोर") == "Satna, Jabalpur, Darbhanga, Sehore"
    assert latin_towns("वह घर गया और बिजली विभाग") == "वह घर गया और बिजली विभाग"


@pytest.fixture(scope="module")
def widow_persona() -> tuple:
    text = (
        "Pension counter of a bank in Jabalpur. You are the pension desk officer. Kamla Devi, 69, is the "
        "widow of a havildar who died in August; her son, 45, a bus conductor, lives with her. She is "
        "anxious."
    )
    u = asyncio.run(uc.understand_text(text, engine="offline"))
    return u, uc.generate_prompt(u.template, facts=u.facts, random_state=0).persona


def test_a_widow_is_given_no_spouse_and_the_stated_sons_job(widow_persona: tuple) -> None:
    u, p = widow_persona
    assert u.facts.married is False and "son: bus conductor" in u.facts.family_jobs
    fam = p.detail_categories.get("family_context", {})
    assert not fam.get("spouse_details") and fam.get("marital_status") != "Married"
    assert [c for c in check_persona(p, u.facts) if c.kind in ("married", "occupation")] == []


def test_a_spouse_given_with_name_and_age_only_is_no_job_contradiction(widow_persona: tuple) -> None:
    _, p = widow_persona
    named = p.model_copy(deep=True)
    fam = named.detail_categories.setdefault("family_context", {})
    fam["spouse_details"] = "Vivek Mahato, 48"
    assert family_jobs(named, ScenarioFacts(family_jobs=["husband: coal mine labourer"])) == []
    fam["spouse_details"] = "Vivek Mahato, 48, teaches at a zilla parishad school"
    assert family_jobs(named, ScenarioFacts(family_jobs=["husband: teacher"])) == []
    fam["spouse_details"] = "Vivek Mahato, 48, pharmacist at a hospital"
    assert family_jobs(named, ScenarioFacts(family_jobs=["husband: teacher"]))
