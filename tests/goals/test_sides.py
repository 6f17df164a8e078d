"""Both sides named together ("parents and non-parents") keep both: compared, never filtered to one."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synthpersona.engine import DuckDBEngine
from synthpersona.goals import GoalSpec, build_query, parse_goal

from .conftest import TODAY


def spec(goal: str) -> GoalSpec:
    return parse_goal(goal, today=TODAY, semantic=False)


def described(goal: str) -> list[str]:
    return [f.describe() for f in spec(goal).filters]


@pytest.fixture(scope="module")
def counter(population: pd.DataFrame) -> Any:
    eng = DuckDBEngine()
    eng.register("users", population)

    def count(s: GoalSpec) -> int:
        sql, params = build_query(s, select="count")
        return int(eng.query(sql, params).iloc[0, 0])

    return count


# (one side, the other side) of a single condition, as users write pairs.
PAIRS = [
    ("parents", "non-parents"),
    ("parents", "childless people"),
    ("people with kids", "people without kids"),
    ("Instagram users", "non-Instagram users"),
    ("EMI buyers", "non-EMI buyers"),
    ("students", "non-students"),
    ("Gen Z", "non Gen Z people"),
]
JOINS = ["and", "or", "vs", "versus", "aur", "compared with", "compared to", "against"]
BASES = ["in Pune", "in tier-2 cities", "in Gujarat", "earning over 50k a month"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pair=st.sampled_from(PAIRS), join=st.sampled_from(JOINS), base=st.sampled_from(BASES), flip=st.booleans()
)
def test_both_sides_keep_everyone_within_the_rest_of_the_goal(
    counter: Any, pair: tuple[str, str], join: str, base: str, flip: bool
) -> None:
    one, other = reversed(pair) if flip else pair
    both = spec(f"{one} {join} {other} {base}")
    # Recomputed in SQL on the generated population: |one or other, within base| = |base|.
    assert counter(both) == counter(spec(f"people {base}")), [f.describe() for f in both.filters]
    assert any("both sides" in w for w in both.warnings)


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        # Who both sides are stays a filter; what tells them apart is compared.
        ("moms and non-moms in Pune", ["gender = Female", "city = Pune"]),
        ("non-moms and moms in Pune", ["gender = Female", "city = Pune"]),
        ("women with and without kids", ["gender = Female"]),
        ("Gen Z with or without EMI in Delhi", ["age between 18 and 29", "city = Delhi"]),
    ],
)
def test_what_tells_the_sides_apart_is_dropped_and_the_rest_kept(goal: str, expected: list[str]) -> None:
    assert described(goal) == expected


def test_both_sides_alone_are_the_whole_population(counter: Any, population: pd.DataFrame) -> None:
    assert counter(spec("parents and non-parents")) == len(population)


@pytest.mark.parametrize(
    "goal",
    [
        "moms without kids",
        "women who are not moms",
        "parents but not moms",
        "not on Instagram or Facebook",
        "millennials who avoid Amazon and Flipkart",  # two names of one channel, both avoided
    ],
)
def test_a_single_side_or_a_stacked_contradiction_is_not_a_pair(goal: str) -> None:
    assert not any("both sides" in w for w in spec(goal).warnings)
    assert spec(goal).filters
