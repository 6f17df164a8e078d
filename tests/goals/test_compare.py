"""Demographic comparisons a goal asks for: explicit marker and both sides of one demographic."""

from __future__ import annotations

import pytest

from synthpersona.goals import compared_demographics


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("men vs women who shop online", ("gender",)),
        ("compare moms and dads in tier-2 cities", ("gender",)),
        ("urban versus rural shoppers", ("area_type",)),
        ("शहर बनाम गाँव के लोग", ("area_type",)),
        ("parents compared with non-parents", ("has_children",)),
        ("city vs village women", ("area_type",)),
    ],
)
def test_a_comparison_names_both_sides_of_a_demographic(goal: str, expected: tuple[str, ...]) -> None:
    assert compared_demographics(goal) == expected


@pytest.mark.parametrize(
    "goal",
    [
        "men and women in Maharashtra",  # both sides, no comparison asked
        "women vs the rest of the market",  # a marker, one side
        "parents of toddlers in metro cities",
        "non-parents versus students",
    ],
)
def test_no_comparison_without_a_marker_and_both_sides(goal: str) -> None:
    assert compared_demographics(goal) == ()
