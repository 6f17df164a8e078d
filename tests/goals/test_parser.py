"""Semantics of parse_goal: each rule a marketer relies on, one test each."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from synthpersona.errors import GoalParseError, InputError
from synthpersona.goals import INTEREST_THRESHOLD, GoalSpec, parse_goal

from .conftest import TODAY


def _key(v: Any) -> Any:
    return tuple(v) if isinstance(v, list) else v


def filters(goal: str, today: dt.date = TODAY) -> set[tuple[str, str, Any]]:
    return {(f.column, f.op, _key(f.value)) for f in parse_goal(goal, today=today).filters}


# --- generations, relative to today -----------------------------------------------------
@pytest.mark.parametrize(
    ("goal", "today", "lo", "hi"),
    [
        ("Gen Z", dt.date(2026, 1, 15), 18, 29),  # born 1997-2012: 14-29, clipped to 18
        ("Gen Z", dt.date(2030, 6, 1), 18, 33),
        ("millennials", dt.date(2026, 1, 15), 30, 45),
        ("millennials", dt.date(2024, 1, 1), 28, 43),
        ("Gen X", dt.date(2026, 1, 15), 46, 61),
        ("boomers", dt.date(2026, 1, 15), 62, 75),  # 62-80 clipped to 75
    ],
)
def test_generations_follow_birth_years(goal: str, today: dt.date, lo: int, hi: int) -> None:
    assert ("age", "between", (lo, hi)) in filters(goal, today)


def test_generation_clipping_is_reported() -> None:
    spec = parse_goal("Gen Z", today=TODAY)
    assert any("18" in w for w in spec.warnings)


# --- parents -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("moms", {("gender", "eq", "Female"), ("has_children", "eq", True)}),
        (
            "mothers in Pune",
            {("gender", "eq", "Female"), ("has_children", "eq", True), ("city", "eq", "Pune")},
        ),
        ("dads", {("gender", "eq", "Male"), ("has_children", "eq", True)}),
        ("parents", {("has_children", "eq", True)}),
        ("people without kids", {("has_children", "eq", False)}),
        ("non-parents", {("has_children", "eq", False)}),
        ("childless couples", {("has_children", "eq", False), ("marital_status", "eq", "Married")}),
        ("new moms", {("gender", "eq", "Female"), ("parenting_stage", "in", ("Expecting", "Infant"))}),
        ("parents of teens", {("parenting_stage", "eq", "Teen")}),
        ("moms of toddlers", {("gender", "eq", "Female"), ("parenting_stage", "eq", "Toddler")}),
        ("expecting mothers", {("gender", "eq", "Female"), ("parenting_stage", "eq", "Expecting")}),
        ("moms with 2 kids", {("gender", "eq", "Female"), ("num_children", "eq", 2)}),
    ],
)
def test_parents(goal: str, expected: set[tuple[str, str, Any]]) -> None:
    assert filters(goal) == expected


def test_moms_and_dads_means_parents_of_any_gender() -> None:
    assert filters("moms and dads in Indore") == {("has_children", "eq", True), ("city", "eq", "Indore")}


# --- occupations, education, marital status ----------------------------------------------
@pytest.mark.parametrize(
    ("goal", "value"),
    [
        ("students", "Student"),
        ("college kids", "Student"),
        ("salaried employees", "Salaried"),
        ("self-employed people", "Self-employed"),
        ("business owners", "Business Owner"),
        ("homemakers", "Homemaker"),
        ("freelancers", "Freelancer"),
        ("retirees", "Retired"),
        ("unemployed", "Unemployed"),
    ],
)
def test_occupations(goal: str, value: str) -> None:
    assert ("occupation", "eq", value) in filters(goal)


def test_education_and_marital_status() -> None:
    assert ("education_level", "eq", "Post-graduate") in filters("post-graduates")
    assert ("marital_status", "eq", "Single") in filters("single women")
    assert ("marital_status", "eq", "Married") in filters("married couples")


# --- places ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("old", "official"),
    [
        ("Bangalore", "Bengaluru"),
        ("Bombay", "Mumbai"),
        ("Madras", "Chennai"),
        ("Calcutta", "Kolkata"),
        ("Gurgaon", "Gurugram"),
    ],
)
def test_old_city_names(old: str, official: str) -> None:
    assert filters(f"students in {old}") == {("occupation", "eq", "Student"), ("city", "eq", official)}


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("people in metros", ("city_tier", "eq", "Tier-1")),
        ("tier-2 cities", ("city_tier", "eq", "Tier-2")),
        ("tier 3 towns", ("city_tier", "eq", "Tier-3")),
        ("urban women", ("area_type", "eq", "Urban")),
        ("rural men", ("area_type", "eq", "Rural")),
        ("in Maharashtra", ("state", "eq", "Maharashtra")),
        ("from Pune", ("city", "eq", "Pune")),
        ("non-metro cities", ("city_tier", "in", ("Tier-2", "Tier-3"))),
    ],
)
def test_places(goal: str, expected: tuple[str, str, Any]) -> None:
    assert expected in filters(goal)


def test_city_inside_named_state_keeps_the_city_only() -> None:
    assert filters("students in Pune, Maharashtra") == {
        ("occupation", "eq", "Student"),
        ("city", "eq", "Pune"),
    }


def test_city_and_other_tier_become_one_list() -> None:
    (f,) = parse_goal("Mumbai and tier-3 cities", today=TODAY).filters
    assert f.column == "city" and f.op == "in" and "Mumbai" in f.value and "Warangal" in f.value


def test_example_cities_do_not_narrow_a_tier() -> None:
    assert filters("tier-2 cities like Jaipur and Lucknow") == {("city_tier", "eq", "Tier-2")}


def test_state_codes_after_a_place_word() -> None:
    assert ("state", "eq", "Uttar Pradesh") in filters("rural moms in UP")
    assert ("state", "in", ("Madhya Pradesh", "Tamil Nadu")) in filters("students in MP and TN")
    assert ("age", "lte", 30) in filters("moms up to 30")


def test_negated_place() -> None:
    assert ("city", "neq", "Delhi") in filters("students not in Delhi")


# --- ages ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("women aged 25-34", ("age", "between", (25, 34))),
        ("aged 25 to 34", ("age", "between", (25, 34))),
        ("men over 40", ("age", "gte", 40)),
        ("under 30", ("age", "lte", 29)),
        ("people in their 30s", ("age", "between", (30, 39))),
        ("in their early 20s", ("age", "between", (20, 23))),
        ("45+ professionals", ("age", "gte", 45)),
        ("40 and above", ("age", "gte", 40)),
        ("25 se 35 saal", ("age", "between", (25, 35))),
        ("millennials over 40", ("age", "between", (40, 45))),
        ("Gen Z and millennials", ("age", "between", (18, 45))),
    ],
)
def test_ages(goal: str, expected: tuple[str, str, Any]) -> None:
    assert expected in filters(goal)


def test_ages_outside_population_are_clipped_with_a_warning() -> None:
    spec = parse_goal("students over 80", today=TODAY)
    assert all(f.column != "age" for f in spec.filters)
    assert any("18–75" in w for w in spec.warnings)


# --- incomes and prices -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("people earning over 50k", ("monthly_income_inr", "gte", 50000)),
        ("earning 1 lakh+", ("monthly_income_inr", "gte", 100000)),
        ("earning ₹25,000/month", ("monthly_income_inr", "between", (20000, 30000))),
        ("salary between 25k and 50k", ("monthly_income_inr", "between", (25000, 50000))),
        ("income below 15k", ("monthly_income_inr", "lte", 15000)),
        ("earning 12 LPA+", ("monthly_income_inr", "gte", 100000)),  # yearly → monthly
        # Families and households are the household classes (issue 13), people their own income.
        ("high income families", ("household_income_level", "eq", "High")),
        ("high income earners", ("income_level", "eq", "High")),
        ("low-income households", ("household_income_level", "eq", "Low")),
        ("middle class", ("income_level", "eq", "Mid")),
    ],
)
def test_incomes(goal: str, expected: tuple[str, str, Any]) -> None:
    assert expected in filters(goal)


@pytest.mark.parametrize(
    "goal",
    [
        "headphones under ₹2000 for students",
        "phones under 15k for moms",
        "earbuds below Rs 1500 for Gen Z",
        "laptops priced below ₹40,000 for students",
    ],
)
def test_a_price_is_not_an_income(goal: str) -> None:
    spec = parse_goal(goal, today=TODAY)
    assert all(f.column not in ("monthly_income_inr", "income_level") for f in spec.filters)
    assert any("price" in w for w in spec.warnings)
    assert spec.unparsed  # the price is reported as not used


# --- interests and attitudes ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("word", "column"),
    [
        ("headphones", "interest_tech"),
        ("skincare", "interest_beauty"),
        ("cricket", "interest_sports"),
        ("gym", "interest_fitness"),
        ("mutual funds", "interest_finance"),
        ("sneakers", "interest_fashion"),
        ("diapers", "interest_parenting"),
        ("EVs", "interest_automobile"),
        ("gaming", "interest_gaming"),
    ],
)
def test_product_words_become_interest_thresholds(word: str, column: str) -> None:
    assert (column, "gte", INTEREST_THRESHOLD) in filters(f"women who buy {word}")


def test_semantic_fallback_maps_unknown_product_words() -> None:
    # "mascara" and "scooty" are not in the lexicon; the embedding model places them.
    assert ("interest_beauty", "gte", INTEREST_THRESHOLD) in filters("women who buy mascara")
    assert ("interest_automobile", "gte", INTEREST_THRESHOLD) in filters("students who want a scooty")
    assert "mascara" not in parse_goal("women who buy mascara", today=TODAY).unparsed


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("budget shoppers", ("price_sensitivity", "gte", 0.6)),
        ("price-conscious moms", ("price_sensitivity", "gte", 0.6)),
        ("value seekers", ("price_sensitivity", "gte", 0.6)),
        ("premium buyers", ("income_level", "in", ("Mid", "High"))),
        ("luxury shoppers", ("income_level", "eq", "High")),
        ("privacy-conscious parents", ("privacy_pref", "gte", 0.6)),
        ("EMI buyers", ("emi_flag", "eq", True)),
        ("tech-savvy seniors", ("tech_savviness", "gte", 0.6)),
        ("seniors who are not tech savvy", ("tech_savviness", "lte", 0.4)),
        ("Tamil speakers", ("primary_language", "eq", "Tamil")),
        ("Instagram users", ("primary_media", "eq", "Instagram")),
        ("quick commerce users", ("preferred_channel", "eq", "Quick commerce")),
    ],
)
def test_attitudes_languages_media_channels(goal: str, expected: tuple[str, str, Any]) -> None:
    assert expected in filters(goal)


# --- robustness: case, hyphens, typos, Hindi/Hinglish --------------------------------------------
def test_case_hyphens_and_typos() -> None:
    base = filters("Gen Z college students in Mumbai")
    assert filters("GEN-Z COLLEGE STUDENTS IN MUMBAI") == base
    assert filters("genz colege studnets in bombay") == base
    assert filters("millenials") == filters("millennials")


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("मुंबई के छात्र", {("city", "eq", "Mumbai"), ("occupation", "eq", "Student")}),
        (
            "tier-2 shehar ki mummies",
            {("city_tier", "eq", "Tier-2"), ("gender", "eq", "Female"), ("has_children", "eq", True)},
        ),
        ("naujawan ladkiyan", {("age", "between", (18, 30)), ("gender", "eq", "Female")}),
        ("गांव की महिलाएं", {("area_type", "eq", "Rural"), ("gender", "eq", "Female")}),
        ("40 saal se upar ke aadmi", {("age", "gte", 40), ("gender", "eq", "Male")}),
    ],
)
def test_hindi_and_hinglish(goal: str, expected: set[tuple[str, str, Any]]) -> None:
    assert filters(goal) == expected


# --- conflicts, merges, intents, domain, errors -----------------------------------------------------
def test_conflict_gen_z_retirees_warns() -> None:
    spec = parse_goal("Gen Z retirees", today=TODAY)
    assert any("Retirees" in w for w in spec.warnings)


def test_conflicting_kids_warns_and_keeps_one() -> None:
    spec = parse_goal("moms without kids", today=TODAY)
    assert [f.value for f in spec.filters_on("has_children")] == [False]
    assert any("Conflicting has_children" in w for w in spec.warnings)


def test_duplicates_are_merged() -> None:
    spec = parse_goal("students, college students and studnets in Pune", today=TODAY)
    assert len(spec.filters_on("occupation")) == 1


def test_premium_and_affluent_keep_the_narrower_level() -> None:
    assert ("income_level", "eq", "High") in filters("premium skincare for affluent women")


def test_intents_have_confidence_and_evidence() -> None:
    spec = parse_goal("Gen Z moms in tier-2 cities", today=TODAY)
    top = {i.name: i for i in spec.intents}
    for name in ("parenting", "generation", "geography"):
        assert top[name].confidence >= 0.85 and top[name].evidence
    assert all(0.0 <= i.confidence <= 1.0 for i in spec.intents)
    assert spec.domain == "parenting"


@pytest.mark.parametrize(
    ("goal", "domain"),
    [
        ("Gen Z moms", "parenting"),
        ("college students buying headphones", "tech_adoption"),
        ("budget shoppers in tier-3 cities", "budget"),
        ("fitness lovers in Pune", "lifestyle"),
        ("salaried people in Delhi", "general"),
    ],
)
def test_domain(goal: str, domain: str) -> None:
    assert parse_goal(goal, today=TODAY).domain == domain


@pytest.mark.parametrize(
    "goal", ["launch our new product", "asdf qwerty", "", "   ", "improve retention by 10%"]
)
def test_nothing_understood_raises_with_examples(goal: str) -> None:
    with pytest.raises(GoalParseError) as info:
        parse_goal(goal, today=TODAY)
    assert "Gen Z moms in tier-2 cities" in info.value.message
    assert info.value.details["examples"]


def test_whole_population_is_allowed() -> None:
    spec = parse_goal("everyone", today=TODAY)
    assert spec.filters == []


def test_overlong_goal_is_rejected() -> None:
    with pytest.raises(InputError, match="characters"):
        parse_goal("moms " * 1000)


def test_rules_only_mode_gives_the_same_filters_for_lexicon_words() -> None:
    a = parse_goal("Gen Z moms in tier-2 cities", today=TODAY)
    b = parse_goal("Gen Z moms in tier-2 cities", today=TODAY, semantic=False)
    assert a.filters == b.filters
    assert isinstance(b, GoalSpec)


def test_conflicting_open_income_ranges_give_a_warning_not_an_error() -> None:
    # Found by the hypothesis invariance test: "over X" and "under Y < X" used to build
    # a between-filter with an infinite bound and raise a InputError.
    spec = parse_goal("people earning above 1 lakh and below 30k in Pune")
    assert all(f.column != "monthly_income_inr" or f.op in ("gte", "lte") for f in spec.filters)
    assert any("Conflicting" in w for w in spec.warnings)
