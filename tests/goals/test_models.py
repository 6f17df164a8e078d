"""The pydantic edge models validate against the population vocabulary."""

from __future__ import annotations

import json

import pytest

from synthpersona.errors import InputError
from synthpersona.goals import Filter, GoalSpec, Intent


def test_category_value_is_canonicalised() -> None:
    assert Filter(column="gender", op="eq", value="female").value == "Female"
    assert Filter(column="city_tier", op="in", value=["tier-2", "Tier-3", "TIER-2"]).value == [
        "Tier-2",
        "Tier-3",
    ]


def test_unknown_column_suggests_the_close_one() -> None:
    with pytest.raises(InputError, match="Did you mean 'age'"):
        Filter(column="agee", op="gte", value=30)


def test_unknown_category_lists_allowed_values() -> None:
    with pytest.raises(InputError, match="Allowed: Tier-1, Tier-2, Tier-3"):
        Filter(column="city_tier", op="eq", value="Tier-9")


def test_between_needs_ordered_pair() -> None:
    with pytest.raises(InputError, match="low <= high"):
        Filter(column="age", op="between", value=[40, 30])
    with pytest.raises(InputError, match=r"\[low, high\]"):
        Filter(column="age", op="between", value=[30])


@pytest.mark.parametrize(
    ("column", "op", "value"),
    [
        ("gender", "gte", "Female"),  # order op on a category
        ("has_children", "in", [True]),  # list op on a boolean
        ("has_children", "eq", "yes"),  # not a bool
        ("age", "eq", "thirty"),  # not a number
        ("age", "gte", 120),  # outside the population's ages
        ("interest_tech", "gte", 1.5),  # affinity is 0-1
        ("city", "eq", ["Mumbai"]),  # list with eq
        ("city", "in", []),  # empty list
    ],
)
def test_invalid_filters_are_rejected(column: str, op: str, value: object) -> None:
    with pytest.raises(InputError):
        Filter(column=column, op=op, value=value)  # type: ignore[arg-type]


def test_goalspec_round_trips_through_json() -> None:
    spec = GoalSpec(
        goal="moms",
        intents=[Intent(name="parenting", confidence=0.9, evidence=["moms"])],
        domain="parenting",
        filters=[
            Filter(column="gender", op="eq", value="Female"),
            Filter(column="age", op="between", value=[18, 29]),
        ],
        warnings=["w"],
    )
    again = GoalSpec.model_validate(json.loads(spec.model_dump_json()))
    assert again == spec
    assert again.filters[1].describe() == "age between 18 and 29"


def test_intent_confidence_is_bounded() -> None:
    with pytest.raises(Exception, match="less than or equal to 1"):
        Intent(name="x", confidence=1.2)
