"""Stance words: an attitude against a thing ("against", "dislike", "sceptical of") negates it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synthpersona.goals import compared_demographics, parse_goal

TODAY = dt.date(2026, 1, 15)
STANCES = [
    "are against",
    "is against",
    "dislike",
    "hate",
    "refuse to use",
    "are sceptical of",
    "are skeptical about",
    "are wary of",
    "are opposed to",
    "stay away from",
    "avoid",
    "never use",
]
# (phrase, the column it filters)
THINGS = [
    ("online shopping", "preferred_channel"),
    ("Instagram", "primary_media"),
    ("EMI", "emi_flag"),
]
WHO = ["women", "men", "students", "people in tier-2 cities", "parents aged 25-40"]


def _filter(goal: str, column: str) -> tuple[str, object] | None:
    spec = parse_goal(goal, today=TODAY, semantic=False)
    found = [(f.op, f.value) for f in spec.filters if f.column == column]
    return found[0] if found else None


@settings(max_examples=60, deadline=None)
@given(stance=st.sampled_from(STANCES), thing=st.sampled_from(THINGS), who=st.sampled_from(WHO))
def test_a_stance_against_a_thing_keeps_the_people_without_it(
    stance: str, thing: tuple[str, str], who: str
) -> None:
    phrase, column = thing
    positive = _filter(f"{who} who use {phrase}", column)
    negated = _filter(f"{who} who {stance} {phrase}", column)
    assert positive is not None and negated is not None, (positive, negated)
    op, value = positive
    # the stance gives the complement of the thing, never the thing itself
    assert negated != positive
    if op == "in":
        assert negated[0] == "not_in" and negated[1] == value
    elif op == "eq" and isinstance(value, bool):
        assert negated == ("eq", not value)
    else:
        assert negated[0] in ("neq", "not_in")


def test_women_who_are_against_online_shopping_are_not_filtered_to_online_channels() -> None:
    spec = parse_goal("women who are against online shopping", today=TODAY, semantic=False)
    by_column = {f.column: f for f in spec.filters}
    assert by_column["gender"].value == "Female"
    assert by_column["preferred_channel"].op == "not_in"
    assert "Online marketplace" in by_column["preferred_channel"].value


@pytest.mark.parametrize(
    "goal", ["parents against non-parents", "men against women", "tier-1 against tier-3"]
)
def test_against_between_two_sides_still_compares_them(goal: str) -> None:
    assert compared_demographics(goal)
    assert all(f.op not in ("neq", "not_in") for f in parse_goal(goal, today=TODAY, semantic=False).filters)


@pytest.mark.parametrize("goal", ["women who love online shopping", "men who use Instagram daily"])
def test_a_liking_is_not_a_stance_against(goal: str) -> None:
    assert all(f.op not in ("neq", "not_in") for f in parse_goal(goal, today=TODAY, semantic=False).filters)
