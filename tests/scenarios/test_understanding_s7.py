"""Scenario understanding: the mechanisms heldout6's failures pointed at (issue 16, session 7).

Each test plants one cause of a heldout6 failure -- a domain cue inside a longer word or in
the persona's own trade, someone else's past phone call, a helpline the persona threatens to
go to, tenure stated without "experience", a deadline to reply, counted and bare relatives, a
name with an apostrophe, digits of another script, a colleague named at work -- in a scenario
written for this test (none is in the benchmark's evaluation set).
"""

from __future__ import annotations

import asyncio
import re

from synthpersona.scenarios import extract_facts
from synthpersona.usecases import scenarios as uc


def test_the_personas_trade_and_a_longer_word_do_not_set_the_domain() -> None:
    f = extract_facts(
        "Polytechnic campus in Nagpur. You are the warden of the girls' hostel. Dr. Usha Rane, 51, a "
        "dental surgeon from Wardha, has come because her daughter, a second-year student, was fined."
    )
    assert f.domain == "education"  # not healthcare: "warden" is not "ward", her trade is not the setting


def test_someone_elses_call_and_a_threatened_helpline_are_not_the_channel() -> None:
    f = extract_facts(
        "Residential school office in Dehradun. You are the house master. Col. Vikram Negi, 55, drove "
        "up from Meerut after his son rang him at midnight; he says he will complain to the state child "
        "rights helpline."
    )
    assert f.channel == "in_person"
    g = extract_facts("Consumer helpline of a water purifier brand. You are an agent. Rekha, 40, is annoyed.")
    assert g.channel == "phone"


def test_tenure_at_the_organisation_is_experience() -> None:
    f = extract_facts(
        "Branch office in Indore. You are the regional HR head. Sameer Khan, 38, a loan officer with "
        "nine years at the bank, disputes his transfer."
    )
    assert f.years_experience == 9


def test_days_to_reply_and_a_month_ahead_are_deadlines_a_past_month_is_not() -> None:
    f = extract_facts(
        "GST helpline. You are an officer. Anil Gupta, 52, a trader in Kanpur, got a notice and has "
        "ten days to reply; his son's wedding is in February."
    )
    assert any("ten days" in d for d in f.deadlines) and "in February" in f.deadlines
    g = extract_facts("Loan desk in Agra. You are an officer. Ramesh, 40, lost his job in August.")
    assert not any("August" in d for d in g.deadlines)


def test_counted_twin_bare_and_bridal_relatives_are_family() -> None:
    f = extract_facts(
        "Bank branch in Rohtak. You are the manager. Sunil Hooda, 44, has twin sons in Class 9."
    )
    assert f.children == 2 and "son" in f.family
    g = extract_facts(
        "Banquet hall office in Jaipur. You are the manager. Harish Goyal, 60, father of the bride, is "
        "upset. Wife handles the guest list."
    )
    assert {"daughter", "wife"} <= set(g.family)


def test_an_apostrophe_name_and_another_scripts_digits_are_read() -> None:
    f = extract_facts("Pension office. You are a clerk. Agnes O'Neil, 71, a nurse in Panaji, is upset.")
    assert f.name == "Agnes O'Neil"
    g = extract_facts("Post office. You are a clerk. Mary, ৭১, a retired nurse in Panaji, is confused.")
    assert g.age == 71


def test_an_amount_after_a_money_noun_is_money() -> None:
    f = extract_facts("Tuition centre in Salem. You are a counsellor. Kavitha, 39, finds fees 48,000 high.")
    assert any("48,000" in m for m in f.money)


def test_people_at_the_personas_work_need_work_relationships() -> None:
    text = (
        "Audit interview at a cement plant in Satna. You are an internal auditor. The persona is Manoj "
        "Tiwari, 47, a stores in-charge who says his deputy signed the gate passes. He is defensive."
    )
    understood = asyncio.run(uc.understand_text(text, engine="offline"))
    result = uc.generate_prompt(
        understood.template, "assess_mode", facts=understood.facts, random_state=0, engine="offline"
    )
    chosen = result.persona.detail_categories_included
    assert "work_relationships" in chosen
    assert "deputy" in result.persona.generation_metadata["category_reasons"]["work_relationships"]


def test_a_trainers_labelled_brief_gives_learner_and_counterpart() -> None:
    f = extract_facts(
        "Setting: the fee counter of a nursing college in Kottayam.\nTrainee plays: the accounts clerk.\n"
        "AI plays: the mother, Annamma Joseph, 49, a tailor in Kottayam. She is upset."
    )
    assert f.learner == "accounts clerk"
    assert f.name == "Annamma Joseph" and "clerk" not in (f.counterpart or "")


def test_an_older_personas_stated_child_is_an_adult_and_prompt_checks_are_returned() -> None:
    text = (
        "Customer helpline of a cable TV operator. You are the support agent. Gurmeet Kaur, 71, a retired "
        "bank clerk in Patiala, lives with her son and his family. She is annoyed."
    )
    understood = asyncio.run(uc.understand_text(text, engine="offline"))
    result = uc.generate_prompt(
        understood.template, "assess_mode", facts=understood.facts, random_state=5, engine="offline"
    )
    kids = str(result.persona.detail_categories.get("family_context", {}).get("children", ""))
    ages = [int(a) for a in re.findall(r"\((\d+)\)", kids)]
    assert ages and all(71 - a >= 16 for a in ages), kids
    assert isinstance(result.checks, list) and not [c for c in result.checks if c["kind"] == "children"]
    assert "checks" in result.to_dict()
