"""Family members' ages fit the persona's age and the ages the scenario states."""

from __future__ import annotations

import asyncio

import pytest

from synthpersona.scenarios._consistency import check_persona, family_ages
from synthpersona.scenarios._fact_rules import stated_children, stated_relative_ages
from synthpersona.usecases import scenarios as uc

# Written for these tests; none is in the benchmark's evaluation set.
_OLD = (
    "Senior-citizen desk of a post office in Mysuru. You are the counter clerk. Shankar Bhat, 68, a retired "
    "printer, has come with his daughter to close a deposit. He is impatient."
)
_AGES = (
    "Ward office in Solapur. You are the ward officer. Rekha Pawar, 43, a tailor, has two sons, 15 and 11, "
    "and her father-in-law, 77, lives with them. Her husband, 47, drives a truck. She is upset."
)


def test_stated_ages_of_children_and_relatives_are_read() -> None:
    kids = stated_children("She has two sons, 15 and 11; the fees of 14,600 rupees are due.")
    assert [(c["gender"], c["age"]) for c in kids] == [("Male", 15), ("Male", 11)]
    assert [c["age"] for c in stated_children("Her children are 17 and 12. Twins aged 6 too.")] == [
        17,
        12,
        6,
        6,
    ]
    assert stated_children("her grandson, 11, lives with her") == []
    assert stated_relative_ages(_AGES) == {"father-in-law": [77], "husband": [47]}


@pytest.mark.parametrize("seed", range(4))
def test_an_older_persona_has_grown_children_and_no_living_parents(seed: int) -> None:
    u = asyncio.run(uc.understand_text(_OLD, engine="offline"))
    p = uc.generate_prompt(u.template, facts=u.facts, random_state=seed).persona
    assert p.age == 68
    assert family_ages(p, _OLD) == []
    assert [c for c in check_persona(p, u.facts, scenario=_OLD) if c.kind in {"ages", "children"}] == []


_YOUNG = (
    "Coaching centre in Kota. You are the counsellor. Sunita Meena, mother of a 15-year-old boy who "
    "scored low in the mock test, calls you worried. She runs a small tailoring shop."
)


def test_a_parent_is_old_enough_for_the_child_the_scenario_states() -> None:
    u = asyncio.run(uc.understand_text(_YOUNG, engine="offline"))
    ages = [uc.generate_prompt(u.template, facts=u.facts, random_state=s).persona.age for s in range(12)]
    assert min(ages) >= 15 + 21, ages  # the profile's range alone gave 27 here
    assert len(set(ages)) > 1  # still drawn, not one fixed age


def test_stated_ages_are_kept_verbatim() -> None:
    u = asyncio.run(uc.understand_text(_AGES, engine="offline"))
    p = uc.generate_prompt(u.template, facts=u.facts, random_state=1).persona
    fam = p.detail_categories["family_context"]
    assert "(15)" in fam["children"] and "(11)" in fam["children"]
    assert "father-in-law (77)" in fam["extended_family"]
    assert ", 47," in fam["spouse_details"]
    assert family_ages(p, _AGES) == []


def test_an_implausible_family_is_caught() -> None:
    u = asyncio.run(uc.understand_text(_OLD, engine="offline"))
    p = uc.generate_prompt(u.template, facts=u.facts, random_state=0).persona.model_copy(deep=True)
    p.detail_categories.setdefault("family_context", {})["children"] = "daughter Meera (10)"
    p.detail_categories["family_context"]["extended_family"] = "Elderly father lives with them"
    kinds = [k for k, _ in family_ages(p, _OLD)]
    assert kinds == ["ages", "ages"]
