"""Scenario understanding: the counterpart, the learner and the facts a scenario states."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from synthpersona.scenarios import ScenarioFacts, extract_facts, lint_prompt

GROCER = (
    "Grocery delivery complaint. You are a customer support agent for a grocery app. "
    "Mrs. Leela Krishnan, a 63-year-old widow in Madurai, phones because her order of medicines and rice "
    "worth 2,400 rupees never arrived. She is angry, speaks Tamil more comfortably than English, and her "
    "grandson's exam starts tomorrow morning."
)
LANDLORD = (
    "Rent negotiation. The learner is a property manager. The persona is Harish Gowda, a 38-year-old "
    "software tester and father of three who has rented the flat for six years in Mysuru. He wants the rent "
    "increase capped at 5 percent and is not fluent in English."
)


def test_counterpart_is_never_the_learner() -> None:
    f = extract_facts(GROCER)
    assert f.learner == "customer support agent"
    assert f.name == "Mrs. Leela Krishnan" and f.counterpart == "widow"
    g = extract_facts(LANDLORD)
    assert g.learner == "property manager" and "tester" in (g.counterpart or "")
    assert g.name == "Harish Gowda"


def test_stated_facts_are_read() -> None:
    f = extract_facts(GROCER)
    assert (f.age, f.gender, f.city, f.channel, f.married) == (63, "Female", "Madurai", "phone", False)
    assert f.emotions == ["angry"] and "grandson" in f.family
    assert f.languages == ["Tamil"] and any("2,400 rupees" in m for m in f.money)
    assert any("tomorrow morning" in d for d in f.deadlines)
    g = extract_facts(LANDLORD)
    assert (g.children, g.age, g.city, g.not_fluent) == (3, 38, "Mysuru", ["English"])
    assert g.goals and "capped at 5 percent" in g.goals[0]


@given(n=st.sampled_from(["two", "three", "four", "5", "one"]), parent=st.sampled_from(["father", "mother"]))
def test_parent_of_n_gives_exactly_n_children(n: str, parent: str) -> None:
    f = extract_facts(f"You are a bank clerk. Ravi Kumar, a 45-year-old {parent} of {n}, visits the branch.")
    assert f.children == {"one": 1, "two": 2, "three": 3, "four": 4, "5": 5}[n]
    assert f.channel == "in_person" and f.learner == "bank clerk"


def test_facts_can_be_corrected_by_a_trainer() -> None:
    fixed = extract_facts(GROCER).model_copy(update={"children": 1, "emotions": ["upset"]})
    assert ScenarioFacts.model_validate(fixed.model_dump()) == fixed


def test_prompt_linter_finds_broken_prose() -> None:
    kinds = {
        i.kind
        for i in lint_prompt(
            "When it comes to your who was involved: Ravi. "
            "The person talking to you is car sales consultant. "
            "You need help with a insurance question. Slot {name} here. You also speak None.",
        )
    }
    assert kinds == {"broken_template", "missing_article", "wrong_article", "unfilled_slot"}
    phone = ScenarioFacts(channel="phone", not_fluent=["English"], children=2)
    contra = {
        i.kind
        for i in lint_prompt("You sit at the branch counter. speak English. You have one child.", phone)
    }
    assert contra == {"channel", "languages", "children"}
    assert lint_prompt("You are Ravi, 40, a father of two. You have two children.", phone) == []


@pytest.mark.parametrize(
    ("text", "name", "gender"),
    [
        (
            "The learner is a claims officer. Sunita Menon, 52, calls the helpline furious.",
            "Sunita Menon",
            None,
        ),
        (
            "You are a bank clerk. Shri Ravi Shankar Tiwari, 52, a retired teacher, visits the branch.",
            "Shri Ravi Shankar Tiwari",
            "Male",
        ),
        (
            "Hotel desk. You are the duty manager. Mr. Vivek Chandra, 44, arrives at 11 pm.",
            "Mr. Vivek Chandra",
            "Male",
        ),
        ("The persona is Smt. Kanta Meena, 46, a school van driver in Jaipur.", "Smt. Kanta Meena", "Female"),
        (
            "Tyre sales. You are an account executive. Gurmeet Singh Bedi owns forty trucks in Ludhiana.",
            "Gurmeet Singh Bedi",
            None,
        ),
        ("Clinic reception in Vadodara. Dr. K. Ramesh, 58, wants a refund.", "Dr. K. Ramesh", None),
    ],
)
def test_full_names_keep_every_part_and_the_honorific(text: str, name: str, gender: str | None) -> None:
    f = extract_facts(text)
    assert f.name == name
    if gender:
        assert f.gender == gender


def test_the_role_after_a_name_is_a_noun_not_a_verb() -> None:
    f = extract_facts("The persona is Karan Mehta, 30, who wants to cancel his gym membership.")
    assert f.name == "Karan Mehta" and f.counterpart and not f.counterpart.lower().startswith("who")
    g = extract_facts("Oncology ward. The persona is Mohan Pillai, 60, the patient's husband, in Kochi.")
    assert g.counterpart == "patient's husband" and g.married is True
    h = extract_facts("Support chat. Aap ek support agent ho. Pinky Arora, 29, from Delhi, is angry.")
    assert h.learner == "support agent" and h.counterpart != "from Delhi" and h.name == "Pinky Arora"
