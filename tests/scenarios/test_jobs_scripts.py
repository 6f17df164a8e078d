"""Stated jobs in any wording hold, and a job no reader can name is not replaced by a drawn one.

Session 12 (issue 16): a persona whose job was stated only as the counterpart's role ("QA lead",
"The owner, ..."), in Roman Marathi ("shetkari aahet") or in Hinglish ("kisan hain", "school mein
teacher hai") was described as working "as a pharmacist at a hospital", a job drawn at random.
Every scenario here was written for these tests; none is in the benchmark's evaluation set.
"""

from __future__ import annotations

import asyncio

import pytest

from synthpersona.scenarios import ScenarioFacts, extract_facts
from synthpersona.scenarios._consistency import check_persona
from synthpersona.usecases import scenarios as uc

MARATHI = (
    "Seed dealer counter, Nashik. You are the dealer. Pandurang Shinde, 60, shetkari aahet. Tyanchi "
    "bayko shikshika aahe ani mulga Nashik madhye kaam karto. Te fakt Marathi boltat ani khup chidlele "
    "aahet."
)
HINGLISH = (
    "Bank branch, Bareilly. Aap cashier hain. Ramesh Yadav, 50, kisan hain. Unki beti school mein "
    "teacher hai aur unke bete ki shaadi 5 May ko hai. Woh bahut gusse mein hain."
)
UNREAD = (
    "Municipal office, Hapur. You are the tax clerk. Gopal Yadav, 52, sits at his paan shop near the "
    "collectorate all day and has a notice for 8,000 rupees. He is angry."
)


def test_roman_marathi_gives_its_facts_and_jobs() -> None:
    f = extract_facts(MARATHI)
    assert f.occupation == "Farmer"
    assert f.family_jobs == ["wife: teacher"]
    assert (f.married, f.languages, f.emotions, f.city) == (True, ["Marathi"], ["angry"], "Nashik")
    assert {"wife", "son"} <= set(f.family)


def test_hinglish_jobs_of_the_persona_and_a_relative_are_read() -> None:
    f = extract_facts(HINGLISH)
    assert f.occupation == "Farmer"
    assert f.family_jobs == ["daughter: teacher"]
    assert {"daughter", "son"} <= set(f.family)


@pytest.mark.parametrize(
    ("text", "job"),
    [
        (
            "Onboarding call. You are the HR executive. Irfan Ali, 24, was hired as a warehouse picker "
            "last week and has not been paid.",
            "Warehouse picker",
        ),
        (
            "You sell water purifiers and walk into a sweet shop in Rohtak. The owner, Mahesh Gupta, 58, "
            "is busy and doubtful.",
            "Sweet shop owner",
        ),
        (
            "A video call with HR. You are the HR partner. Ritika Sen, 31, data analyst in the Pune office, "
            "wants to work from Siliguri.",
            "data analyst",
        ),
        ("You are the clerk. Seema, 44, a customer, is angry about her bill.", None),
    ],
)
def test_the_counterparts_role_is_the_job_when_it_names_one(text: str, job: str | None) -> None:
    got = extract_facts(text).occupation
    assert (got.lower() if got else None) == (job.lower() if job else None)


def test_an_elder_and_a_younger_son_are_two_children() -> None:
    f = extract_facts(
        "Locker desk, Vadodara. You are the officer. Hemlata Joshi, 70, says her elder son lives in Surat "
        "and works in a textile unit; her younger son is in Dubai. She is worried."
    )
    assert f.children == 2
    assert f.family_jobs == ["son: textile unit"]


def test_hindi_gender_is_read_from_the_verbs_before_the_gloss() -> None:
    f = extract_facts(
        "डाकघर, झांसी। आप काउंटर सहायक हैं। घसीटाराम कोरी (Ghasitaram Kori), 66, रेलवे से रिटायर हुए गैंगमैन "
        "हैं। उनकी बेटी की शादी है। वे केवल हिंदी बोलते हैं।"
    )
    assert f.gender == "Male"
    assert "daughter" in f.family


def test_a_stated_job_no_reader_names_is_not_replaced_by_a_drawn_one() -> None:
    u = asyncio.run(uc.understand_text(UNREAD, engine="offline"))
    assert u.facts.occupation is None
    stated = u.facts.model_copy(update={"occupation": "paan shop owner"})  # the job as a reader states it
    for seed in range(2):
        p = uc.generate_prompt(u.template, facts=u.facts, random_state=seed).persona
        assert "works as" not in p.description, p.description
        assert "occupation" not in p.detail_categories.get("professional_context", {})
        assert [c for c in check_persona(p, stated, scenario=UNREAD) if c.kind == "occupation"] == []


def test_a_drawn_job_against_a_stated_one_is_still_a_contradiction() -> None:
    u = asyncio.run(uc.understand_text(UNREAD, engine="offline"))
    p = uc.generate_prompt(u.template, facts=u.facts, random_state=0).persona
    bad = p.model_copy(update={"description": p.description + " He works as a pharmacist at a hospital."})
    facts = ScenarioFacts(occupation="paan shop owner")
    assert any(c.kind == "occupation" for c in check_persona(bad, facts, scenario=UNREAD))


def test_role_card_languages_home_town_past_report_and_until_dates() -> None:
    card = extract_facts(
        "Role card\nWhere: a bank branch in Indore.\nTrainee: the branch manager.\nCharacter: Salma Khan, "
        "48, a nurse.\nLanguages: Hindi and English, Urdu at home.\nHer porting code is valid till "
        "Friday and her lease runs until 14 August."
    )
    assert card.languages == ["Hindi", "English", "Urdu"]
    assert {"till Friday", "until 14 August"} <= set(card.deadlines)
    visit = extract_facts(
        "You are the loss assessor and you meet the owner at his godown in Rajkot. Harish Modi, 50, gets "
        "by in Gujarati and Hindi. He reported the theft to the insurer by phone the next morning. His "
        "brother works at a bank in Jamnagar, where they live."
    )
    assert visit.languages == ["Gujarati", "Hindi"]
    assert visit.channel == "in_person"
    assert visit.city == "Jamnagar"


def test_a_hinglish_relatives_job_and_a_dotted_degree_are_read() -> None:
    f = extract_facts(
        "Bank ki call. Aap officer hain aur Sunil Rana, 40, ko phone kar rahe hain. Sunil Agra mein ek "
        "chhoti bakery chalate hain. Unki wife Mathura ke ek sarkari hospital mein nurse hain aur unke do "
        "bachche hain. Woh gusse mein hain."
    )
    assert f.family_jobs == ["wife: nurse"]
    student = extract_facts(
        "You are the warden. Isha Rao, 20, a final-year B.Com student from Udupi, is upset."
    )
    assert student.occupation == "Final-year B.Com student"


def test_worried_and_another_feeling_is_no_worry() -> None:
    f = extract_facts("You are the dealer. Ramu Jadhav, 50, a farmer, is worried and suspicious.")
    assert f.worries == []
    assert {"anxious", "suspicious"} <= set(f.emotions)


def test_a_spouses_unread_work_is_not_replaced_by_a_drawn_job() -> None:
    text = (
        "Ration shop counter, Ujjain. You are the shop clerk. Kamla Verma, 38, is upset that her ration "
        "was cut. Her husband sells bangles at the weekly fair; they have two children."
    )
    u = asyncio.run(uc.understand_text(text, engine="offline"))
    assert not any(j.startswith("husband") for j in u.facts.family_jobs)  # no reader names it
    p = uc.generate_prompt(u.template, facts=u.facts, random_state=0).persona
    spouse = p.detail_categories["family_context"]["spouse_details"]
    assert "earns" not in spouse and spouse.count(",") == 1, spouse  # "Name, age": no drawn job
