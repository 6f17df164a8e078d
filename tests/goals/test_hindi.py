"""Devanagari Hindi and Hinglish goals: numbers, ranges, comparisons, places, media, channels, roles."""

from __future__ import annotations

from typing import Any

import pytest

from synthpersona.goals import parse_goal
from synthpersona.goals._lexicon import ONLINE, WORKING
from synthpersona.goals._normalize import transliterate

from .conftest import TODAY


def filters(goal: str) -> set[tuple[str, str, Any]]:
    spec = parse_goal(goal, today=TODAY, semantic=False)
    return {(f.column, f.op, tuple(f.value) if isinstance(f.value, list) else f.value) for f in spec.filters}


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("कामकाजी महिलाएं", {("occupation", "in", tuple(WORKING)), ("gender", "eq", "Female")}),
        ("30 से 40 साल की महिलाएं", {("age", "between", (30, 40)), ("gender", "eq", "Female")}),
        (
            "हैदराबाद में 50 हज़ार से ज़्यादा कमाने वाले",
            {("city", "eq", "Hyderabad"), ("monthly_income_inr", "gte", 50_000)},
        ),
        ("ईएमआई पर खरीदारी करने वाले लोग", {("emi_flag", "eq", True)}),
        ("यूट्यूब देखने वाले", {("primary_media", "eq", "YouTube")}),
        (
            "टियर-2 शहरों के पिता",
            {("city_tier", "eq", "Tier-2"), ("gender", "eq", "Male"), ("has_children", "eq", True)},
        ),
        ("25 साल से कम उम्र के छात्र", {("age", "lte", 24), ("occupation", "eq", "Student")}),
        ("40 साल तक के पुरुष", {("age", "lte", 40), ("gender", "eq", "Male")}),
        ("1.5 लाख से ज़्यादा कमाने वाले", {("monthly_income_inr", "gte", 150_000)}),
        ("२० से ३० साल के युवा", {("age", "between", (20, 30))}),
        (
            "लखनऊ और कानपुर के व्यापारी",
            {("city", "in", ("Lucknow", "Kanpur")), ("occupation", "eq", "Business Owner")},
        ),
        ("गुवाहाटी की गृहिणियां", {("city", "eq", "Guwahati"), ("occupation", "eq", "Homemaker")}),
        ("ऑनलाइन खरीदारी करने वाले लोग", {("preferred_channel", "in", tuple(ONLINE))}),
        ("इंस्टाग्राम चलाने वाली लड़कियां", {("primary_media", "eq", "Instagram"), ("gender", "eq", "Female")}),
        ("गांवों में रहने वाले बुजुर्ग", {("area_type", "eq", "Rural"), ("age", "between", (60, 75))}),
        ("teenage bachche wale parents", {("parenting_stage", "eq", "Teen")}),
        ("50 hazar se zyada kamane wale log", {("monthly_income_inr", "gte", 50_000)}),
    ],
)
def test_hindi_goals(goal: str, expected: set[tuple[str, str, Any]]) -> None:
    assert filters(goal) == expected


def test_teenage_children_are_the_childs_age_not_the_persons() -> None:
    spec = parse_goal("parents of teenage bachche", today=TODAY, semantic=False)
    assert not spec.filters_on("age")
    assert [f.value for f in spec.filters_on("parenting_stage")] == ["Teen"]


def test_nukta_and_chandrabindu_spellings_are_the_same_word() -> None:
    assert transliterate("ज़्यादा") == transliterate("ज्यादा")
    assert transliterate("माँ") == transliterate("मां")


@pytest.mark.parametrize("goal", ["all adults", "people aged 18 to 75", "sabhi log"])
def test_the_whole_population_is_accepted(goal: str) -> None:
    assert parse_goal(goal, today=TODAY, semantic=False).filters == []


def test_unknown_devanagari_words_are_reported_as_unparsed() -> None:
    spec = parse_goal("मुंबई के छात्र जो पतंगबाज़ी करते हैं", today=TODAY, semantic=False)
    assert "पतंगबाजी" in spec.unparsed


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("homemakers in rich households", ("household_income_level", "eq", "High")),
        ("students from affluent families", ("household_income_level", "eq", "High")),
        ("well-off households in Pune", ("household_income_level", "eq", "High")),
        ("household income above 1 lakh", ("household_income_inr", "gte", 100_000)),
        ("ghar ki aamdani 1 lakh se zyada", ("household_income_inr", "gte", 100_000)),
        ("people not from affluent families", ("household_income_level", "neq", "High")),
        ("rich people", ("income_level", "eq", "High")),
    ],
)
def test_household_income_goals(goal: str, expected: tuple[str, str, Any]) -> None:
    assert expected in filters(goal)


def test_own_and_household_income_in_one_goal() -> None:
    got = filters("salaried women earning over 50k with household income above 2 lakh")
    assert {("monthly_income_inr", "gte", 50_000), ("household_income_inr", "gte", 200_000)} <= got


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        # number words before an amount's unit, in English, Hinglish and Devanagari
        ("people earning over two lakh a month", ("monthly_income_inr", "gte", 200_000)),
        ("teen lakh se zyada kamane wale", ("monthly_income_inr", "gte", 300_000)),
        ("पचास हज़ार से ज़्यादा कमाने वाले", ("monthly_income_inr", "gte", 50_000)),
        # the household word after the amount (Hindi word order)
        ("1 lakh se zyada gharelu income wale parivar", ("household_income_inr", "gte", 100_000)),
        ("तीन लाख से ज़्यादा पारिवारिक आय वाले", ("household_income_inr", "gte", 300_000)),
        # the verb after "online" and "kaam"
        ("shoppers jo online nahi kharidte", ("preferred_channel", "not_in", tuple(ONLINE))),
        ("kaam karne wale pita", ("occupation", "in", tuple(WORKING))),
    ],
)
def test_spelled_amounts_household_words_and_verbs_after(goal: str, expected: tuple[str, str, Any]) -> None:
    assert expected in filters(goal)


def test_number_words_elsewhere_keep_their_meaning() -> None:
    # "teen" is a teenager and "do not" a negation unless a unit follows the number word
    assert ("parenting_stage", "eq", "Teen") in filters("parents of teen kids")
    assert ("primary_media", "neq", "TV") in filters("women who do not watch TV")
    # a Devanagari number is a digit, never the English "teen"
    assert not any(c == "age" for c, _, _ in filters("तीन बच्चों वाली माताएं"))
