"""Negation scope: a negated phrase gives the complement filter, an unplaced negation only a warning."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from synthpersona.engine import DuckDBEngine
from synthpersona.goals import GoalSpec, build_query, parse_goal
from synthpersona.goals._lexicon import ONLINE, WORKING
from synthpersona.goals._negation import complement

from .conftest import TODAY


def filters(goal: str) -> set[tuple[str, str, Any]]:
    spec = parse_goal(goal, today=TODAY, semantic=False)
    return {(f.column, f.op, tuple(f.value) if isinstance(f.value, list) else f.value) for f in spec.filters}


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("fitness enthusiasts not on Instagram", ("primary_media", "neq", "Instagram")),
        ("people outside the metros", ("city_tier", "neq", "Tier-1")),
        ("students not interested in gaming", ("interest_gaming", "lt", 0.6)),
        ("men who never shop online", ("preferred_channel", "not_in", tuple(ONLINE))),
        ("women who don't use WhatsApp", ("primary_media", "neq", "WhatsApp")),
        ("salaried men who avoid EMI", ("emi_flag", "eq", False)),
        ("everyone except homemakers", ("occupation", "neq", "Homemaker")),
        ("non-working women in Lucknow", ("occupation", "not_in", tuple(WORKING))),
        ("moms without a job", ("occupation", "not_in", tuple(WORKING))),
        ("parents not on YouTube or Instagram", ("primary_media", "not_in", ("YouTube", "Instagram"))),
        ("people who are not Gen Z", ("age", "gte", 30)),
        ("dads who are not seniors", ("age", "lte", 59)),
        ("EMI nahi lene wale", ("emi_flag", "eq", False)),
        ("online shopping nahi karte", ("preferred_channel", "not_in", tuple(ONLINE))),
        ("metro cities ke bahar rehne wali mahilayen", ("city_tier", "neq", "Tier-1")),
        ("Delhi ke alawa students", ("city", "neq", "Delhi")),
        ("Instagram नहीं चलाने वाले युवा", ("primary_media", "neq", "Instagram")),
        ("मुंबई के अलावा महाराष्ट्र के छात्र", ("city", "neq", "Mumbai")),
        ("ऑनलाइन खरीदारी नहीं करने वाली महिलाएं", ("preferred_channel", "not_in", tuple(ONLINE))),
        ("बिना ईएमआई के खरीदने वाले लोग", ("emi_flag", "eq", False)),
    ],
)
def test_a_negated_phrase_gives_its_complement(goal: str, expected: tuple[str, str, Any]) -> None:
    assert expected in filters(goal)


@pytest.mark.parametrize(
    ("goal", "kept"),
    [
        # Only the phrase the negation governs is excluded, not the rest of the clause.
        ("fitness enthusiasts not on Instagram in Mumbai", ("city", "eq", "Mumbai")),
        ("men except students in Pune", ("city", "eq", "Pune")),
        ("Instagram नहीं चलाने वाले युवा", ("age", "between", (18, 30))),
        ("women who are not moms", ("gender", "eq", "Female")),
    ],
)
def test_the_rest_of_the_goal_is_not_negated(goal: str, kept: tuple[str, str, Any]) -> None:
    assert kept in filters(goal)


def test_women_who_are_not_moms_excludes_only_the_children() -> None:
    assert filters("women in Mumbai who are not moms") == {
        ("gender", "eq", "Female"),
        ("city", "eq", "Mumbai"),
        ("has_children", "eq", False),
    }


@pytest.mark.parametrize(
    "goal",
    ["non-vegetarian men in Delhi", "moms who do not care", "students who never really think about it"],
)
def test_an_unplaced_negation_warns_and_inverts_nothing(goal: str) -> None:
    spec = parse_goal(goal, today=TODAY, semantic=False)
    assert any("excludes" in w for w in spec.warnings)
    assert all(f.op not in ("neq", "not_in", "lt", "gt") for f in spec.filters)
    assert not any(f.column == "has_children" and f.value is False for f in spec.filters)


def test_a_phrase_that_cannot_be_excluded_as_one_condition_is_ignored_with_a_warning() -> None:
    spec = parse_goal("women who are not middle aged", today=TODAY, semantic=False)
    assert [f.describe() for f in spec.filters] == ["gender = Female"]
    assert any("Could not exclude 'middle aged'" in w for w in spec.warnings)


def test_not_only_is_not_a_negation() -> None:
    assert ("occupation", "eq", "Student") in filters("not only students in Pune")


@pytest.mark.parametrize(
    ("atom", "bounds", "expected"),
    [
        (("gender", "eq", "Male"), None, ("gender", "neq", "Male")),
        (("city", "in", ["Delhi", "Pune"]), None, ("city", "not_in", ["Delhi", "Pune"])),
        (("emi_flag", "eq", True), None, ("emi_flag", "eq", False)),
        (("interest_sports", "gte", 0.6), None, ("interest_sports", "lt", 0.6)),
        (("tech_savviness", "lte", 0.4), None, ("tech_savviness", "gt", 0.4)),
        (("age", "lte", 29), (18, 75), ("age", "gte", 30)),
        (("age", "between", [60, 75]), (18, 75), ("age", "lte", 59)),
        (("monthly_income_inr", "gte", 50_000), (0, float("inf")), ("monthly_income_inr", "lte", 49_999)),
        (("age", "between", [40, 60]), (18, 75), None),
    ],
)
def test_complement(atom: Any, bounds: Any, expected: Any) -> None:
    assert (complement(atom, bounds) if bounds else complement(atom)) == expected


# --- property: a negated goal's audience is the complement within the other filters ----------

BASES = [
    "women",
    "students in Mumbai",
    "salaried men",
    "retirees",
    "people in tier-2 cities",
    "business owners in Gujarat",
    "millennials",
    "homemakers",
]
# (positive phrase, negated phrasings); "{b}" is the base audience.
PHRASES: list[tuple[str, list[str]]] = [
    (
        "{b} on Instagram",
        ["{b} not on Instagram", "{b} who don't use Instagram", "{b} who are not on Instagram"],
    ),
    ("{b} in the metros", ["{b} outside the metros", "{b} not in the metros"]),
    ("{b} interested in gaming", ["{b} not interested in gaming", "{b} with no interest in gaming"]),
    ("{b} who shop online", ["{b} who never shop online", "{b} who do not shop online"]),
    ("{b} who buy on EMI", ["{b} who never buy on EMI", "{b} who avoid EMI"]),
    ("{b} with kids", ["{b} without kids"]),
    ("{b} in Delhi", ["{b} not in Delhi", "{b} except Delhi residents"]),
    ("EMI lene wale {b}", ["EMI nahi lene wale {b}", "bina EMI ke kharidne wale {b}"]),
    ("Instagram chalane wale {b}", ["Instagram nahi chalane wale {b}"]),
    ("यूट्यूब देखने वाले {b}", ["यूट्यूब नहीं देखने वाले {b}", "यूट्यूब न देखने वाले {b}"]),
    ("मेट्रो शहरों में रहने वाले {b}", ["मेट्रो शहरों के बाहर रहने वाले {b}"]),
]


@pytest.fixture(scope="module")
def counter(population: pd.DataFrame) -> Any:
    eng = DuckDBEngine()
    eng.register("users", population)

    def count(spec: GoalSpec) -> int:
        sql, params = build_query(spec, select="count")
        return int(eng.query(sql, params).iloc[0, 0])

    return count


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    base=st.sampled_from(BASES),
    phrase=st.sampled_from(PHRASES),
    pick=st.integers(min_value=0, max_value=5),
)
def test_negated_audience_is_the_complement_within_the_other_filters(
    counter: Any, base: str, phrase: tuple[str, list[str]], pick: int
) -> None:
    positive, negations = phrase
    negated = negations[pick % len(negations)]
    spec_base = parse_goal(base, today=TODAY, semantic=False)
    spec_pos = parse_goal(positive.format(b=base), today=TODAY, semantic=False)
    spec_neg = parse_goal(negated.format(b=base), today=TODAY, semantic=False)
    base_columns = {f.column for f in spec_base.filters}
    extra = [f for f in spec_pos.filters if f.column not in base_columns]
    assume(len(extra) == 1 and len(spec_pos.filters) == len(spec_base.filters) + 1)  # phrase adds one column
    assert not any("excludes" in w for w in spec_neg.warnings), spec_neg.warnings
    # Recomputed in SQL on the built-in population: |base and not P| = |base| - |base and P|.
    assert counter(spec_neg) == counter(spec_base) - counter(spec_pos), (
        [f.describe() for f in spec_neg.filters],
        [f.describe() for f in spec_pos.filters],
    )


@pytest.mark.parametrize(
    ("goal", "kept", "undecided"),
    [
        ("millennials who do not really ever think about EMI", ("age", "between", (30, 45)), "emi_flag"),
        ("students who never seriously consider Instagram", ("occupation", "eq", "Student"), "primary_media"),
    ],
)
def test_a_verbal_negation_too_far_from_its_phrase_leaves_the_phrase_out(
    goal: str, kept: tuple[str, str, Any], undecided: str
) -> None:
    # Reading "EMI" as EMI buyers would state the opposite of the goal: neither way is used.
    spec = parse_goal(goal, today=TODAY, semantic=False)
    got = filters(goal)
    assert kept in got
    assert not any(column == undecided for column, _, _ in got)
    assert any("not used either way" in w for w in spec.warnings)


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("men who do not buy anything on EMI", ("emi_flag", "eq", False)),
        ("women in Pune who do not work", ("occupation", "not_in", tuple(WORKING))),
        ("dads who work", ("occupation", "in", tuple(WORKING))),
    ],
)
def test_verb_phrases_are_negated_as_a_whole(goal: str, expected: tuple[str, str, Any]) -> None:
    assert expected in filters(goal)


def test_working_out_is_not_work() -> None:
    assert not any(c == "occupation" for c, _, _ in filters("men who work out at the gym"))
