"""Demographic comparisons a goal asks for: two sides of one demographic, marked or joined."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synthpersona.goals import compared_demographics
from synthpersona.goals._compare import COMPARISON_SIDES


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("men vs women who shop online", ("gender",)),
        ("compare moms and dads in tier-2 cities", ("gender",)),
        ("urban versus rural shoppers", ("area_type",)),
        ("शहर बनाम गाँव के लोग", ("area_type",)),
        ("parents compared with non-parents", ("has_children",)),
        ("city vs village women", ("area_type",)),
        # no "vs": the goal joins the two sides itself
        ("men and women in Maharashtra", ("gender",)),
        ("how do shoppers differ between urban and rural areas", ("area_type",)),
        ("compare tier-1 with tier-3 city shoppers", ("city_tier",)),
        ("people in cities and people in villages", ("area_type",)),
        ("Gen Z vs millennials", ("age",)),
    ],
)
def test_a_comparison_names_both_sides_of_a_demographic(goal: str, expected: tuple[str, ...]) -> None:
    assert compared_demographics(goal) == expected


@pytest.mark.parametrize(
    "goal",
    [
        "women vs the rest of the market",  # a marker, one side
        "parents of toddlers in metro cities",
        "non-parents versus students",
        "women in Maharashtra who shop for men",  # both sides, neither joined nor marked
        "30 year old men",
        "older millennials",
    ],
)
def test_no_comparison_without_both_sides_joined_or_marked(goal: str) -> None:
    assert compared_demographics(goal) == ()


_JOINS = st.sampled_from([" and ", " or ", " & ", " aur ", " और ", " and the ", " or people in "])
_CONTEXT = st.sampled_from(["", "who shop online", "in Maharashtra", "aged 25-40", "with high income"])


@st.composite
def _two_sides(draw: st.DrawFn) -> tuple[str, str, str]:
    col = draw(st.sampled_from(sorted(COMPARISON_SIDES)))
    sides = COMPARISON_SIDES[col]
    i, j = draw(st.permutations(range(len(sides))))[:2]
    return col, draw(st.sampled_from(sides[i])), draw(st.sampled_from(sides[j]))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(_two_sides(), _JOINS, _CONTEXT)
def test_two_joined_sides_are_compared_one_side_is_not(
    sides: tuple[str, str, str], join: str, context: str
) -> None:
    col, one, other = sides
    assert col in compared_demographics(f"{one}{join}{other} {context}".strip())
    assert col in compared_demographics(f"{one} vs {other} {context}".strip())
    # one side alone, even with a marker, compares nothing on that demographic
    assert col not in compared_demographics(f"{one} {context} vs the rest".strip())
    # two sides with a clause between them and no marker: no comparison asked
    assert col not in compared_demographics(f"{one} {context} who shop for {other}".strip())


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        # a union the filter keeps (the audience is A or B), not a comparison
        ("Gen Z moms in tier-2 and tier-3 cities", ()),
        ("budget smartphone buyers in tier-2 and tier-3 cities", ()),
        ("shoppers from urban or rural areas", ()),
        ("tier-2 और tier-3 शहरों में महिलाएं", ()),
        # a marker answered by another demographic leaves the union alone
        ("men vs women in tier-2 and tier-3 cities", ("gender",)),
        # a marker no other demographic answers: the union's sides are compared
        ("how do shoppers in urban and rural areas differ", ("area_type",)),
        ("compare buyers in tier-1 and tier-3 cities", ("city_tier",)),
    ],
)
def test_a_union_in_a_filter_phrase_is_not_a_comparison(goal: str, expected: tuple[str, ...]) -> None:
    assert compared_demographics(goal) == expected


_PLACE_COLS = ("area_type", "city_tier")


@st.composite
def _place_sides(draw: st.DrawFn) -> tuple[str, str, str]:
    col = draw(st.sampled_from(_PLACE_COLS))
    sides = COMPARISON_SIDES[col]
    i, j = draw(st.permutations(range(len(sides))))[:2]
    return col, draw(st.sampled_from(sides[i])), draw(st.sampled_from(sides[j]))


@settings(max_examples=100, deadline=None, derandomize=True)
@given(
    _place_sides(),
    st.sampled_from(["in", "from", "across", "living in", "in the"]),
    st.sampled_from([" and ", " or ", " & ", " aur ", " and the "]),
    st.sampled_from(["shoppers", "Gen Z moms", "budget buyers", "salaried women"]),
)
def test_sides_joined_inside_a_place_phrase_are_a_union(
    sides: tuple[str, str, str], prep: str, join: str, who: str
) -> None:
    col, one, other = sides
    union = f"{prep} {one}{join}{other}"
    assert col not in compared_demographics(f"{who} {union}")
    # another demographic's comparison does not extend to the union
    assert col not in compared_demographics(f"men vs women {union}")
    # an explicit comparison of the same sides still is one
    assert col in compared_demographics(f"{who} {union}: how do they differ")
    assert col in compared_demographics(f"{who} between {one} and {other}")
    assert col in compared_demographics(f"{one} vs {other} {who}")


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("men, women", ("gender",)),
        ("men, women in Delhi", ("gender",)),
        ("how do parents differ from people without kids", ("has_children",)),
        ("women in tier-2, tier-3 cities", ()),  # a comma list inside a place phrase is a union
    ],
)
def test_a_comma_or_differ_from_joins_two_sides(goal: str, expected: tuple[str, ...]) -> None:
    assert compared_demographics(goal) == expected


def test_a_comparison_joined_by_differ_from_keeps_both_sides_in_the_audience() -> None:
    from synthpersona.goals import parse_goal

    spec = parse_goal("how do parents differ from people without kids", semantic=False)
    assert all(f.column != "has_children" for f in spec.filters)
