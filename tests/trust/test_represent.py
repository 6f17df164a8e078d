"""Representation: groups no persona represents and personas that over-claim, recomputed by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synthpersona.errors import InputError
from synthpersona.trust import planted_table, representation
from synthpersona.usecases.trust import representation_frame, representation_goal


def test_shares_and_flags_are_the_counted_ones() -> None:
    ref = pd.DataFrame({"age": ["18-24"] * 30 + ["25-34"] * 50 + ["65+"] * 20})
    mem = pd.DataFrame({"age": ["18-24"] * 10 + ["25-34"] * 30})
    seg = np.array([1] * 10 + [1] * 10 + [2] * 20)  # segment 1: 10 young + 10 25-34; segment 2: all 25-34
    rep = representation(ref, mem, seg, {"a": (1, {"age": "25-34"}), "b": (2, {"age": "18-24"})})
    by = {g.group: g for g in rep.groups}
    assert by["18-24"].audience_share == 0.25 and by["18-24"].reference_share == 0.3
    assert dict(by["18-24"].segment_shares) == {1: 0.5, 2: 0.0}
    assert by["18-24"].flag is None and by["18-24"].personas == ("b",)
    assert by["65+"].flag == "outside audience"
    assert [(o.persona_id, o.share_in_segment) for o in rep.over_claims] == [("b", 0.0)]


def test_a_table_without_a_persona_for_a_group_is_flagged() -> None:
    df = planted_table(1_500, random_state=8).drop(columns=["_segment"])
    rep = representation_frame(df, min_share=0.03)
    assert rep.dimensions == ["Gender", "Age_range", "Region"]
    # four planted segments over five regions: Central (typical of none, about 4 %) has no persona
    assert "Region=Central" in rep.summary()["unrepresented"]
    shares = {(g.dimension, g.group): g.reference_share for g in rep.groups}
    assert shares[("Region", "Central")] == pytest.approx((df["Region"] == "Central").mean())


def test_a_table_without_demographics_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="no demographic column"):
        representation_frame(pd.DataFrame({"Plan": ["a", "b"] * 50, "Seats": ["1", "2"] * 50}))


def test_goal_representation_marks_filtered_groups_outside_the_audience() -> None:
    from synthpersona.population import generate

    rep = representation_goal("moms in tier-2 cities", population=generate(6_000, random_state=2))
    flags = {(g.dimension, g.group): g.flag for g in rep.groups}
    assert (
        flags[("gender", "Male")] == "outside audience"
        and flags[("city tier", "Tier-1")] == "outside audience"
    )
    assert all(g.audience_share >= rep.min_share for g in rep.unrepresented)
