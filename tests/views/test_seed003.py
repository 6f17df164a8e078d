"""Seed 003's ``personas.json`` is a view over core segments and personas: numbers recompute from them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synthpersona.model import Evidence, Outcome, Persona, Segment, TableSegmentFacts
from synthpersona.tables import analyze_table, parse_flag, value_tier
from synthpersona.views import seed003
from tables._data import make_leads


@pytest.fixture(scope="module")
def leads() -> tuple[pd.DataFrame, object]:
    df = make_leads(900, seed=5)
    return df, analyze_table(df, k=3, exclude=["_segment"], random_state=0)


def test_every_number_recomputes_from_the_segment_members(leads) -> None:
    df, res = leads
    truth, known = parse_flag(df["is_sale"])
    rows = seed003.personas(res.segments, res.personas)
    assert [r["rank"] for r in rows] == [1, 2, 3]
    assert sum(r["cluster_percentage"] for r in rows) == pytest.approx(100.0, abs=1e-9)
    for row in rows:
        seg = next(s for s in res.segments if s.segment_id == row["cluster_id"])
        members = df.iloc[seg.member_ids]
        assert np.array_equal(seg.member_ids, np.flatnonzero(res.labels == seg.segment_id))
        assert row["cluster_size"] == len(members) == seg.size
        assert abs(row["cluster_percentage"] - 100 * len(members) / len(df)) <= 0.1
        m = row["conversion_metrics"]
        conv = int(truth[seg.member_ids].sum())
        non = int((~truth & known)[seg.member_ids].sum())
        assert (m["conversions"], m["non_conversions"]) == (conv, non)
        assert m["conversion_rate"] == round(100 * conv / (conv + non), 1)
        assert m["value_tier"] == value_tier(100 * conv / (conv + non))
        overall = 100 * truth.sum() / known.sum()
        assert m["lift"] == pytest.approx((100 * conv / (conv + non)) / overall, abs=0.006)
        states = row["geography"]["states"]
        counts = members["State"].value_counts()
        top = next(iter(states))
        assert top == counts.index[0]
        assert states[top] == pytest.approx(100 * counts.iloc[0] / len(members), abs=0.1)
        assert row["geography"]["concentration"] == states[top]
        for t in row["distinctive"]:
            if t["column"] in ("State", "Industry", "Gender", "Lead Source"):
                share = float((members[t["column"]] == t["value"]).mean())
                overall_share = float((df[t["column"]] == t["value"]).mean())
                assert t["share"] == round(100 * share, 1)
                assert t["overall_share"] == round(100 * overall_share, 1)
                assert t["lift"] == round(share / overall_share, 2)
        persona = next(p for p in res.personas if p.segment_id == seg.segment_id)
        # the rate behind "[TIER VALUE]", with its interval and counts (the others back the name's words)
        (tier,) = [e for e in persona.evidence if e.field == "persona_name" and e.statistic == "rate"]
        assert tier.n == conv + non and tier.value == pytest.approx(conv / (conv + non))
        assert row["persona_name"].endswith(f"[{tier.claim}]")
        assert (round(100 * tier.interval[0], 1), round(100 * tier.interval[1], 1)) == (
            m["ci_low"],
            m["ci_high"],
        )
        assert f"{len(members):,} records" in row["narrative"]
        assert f"{m['conversion_rate']:.1f}%" in row["narrative"]


def test_hand_built_core_objects_round_trip_to_seed_003() -> None:
    """A table segment's counts come out as seed 003 percentages; sections follow the placement."""
    ev = Evidence(
        field="distinctive",
        claim="Banking",
        statistic="value_share",
        value=0.6,
        baseline=0.2,
        columns=("Industry",),
        category="Banking",
        segment_id=0,
    )
    placement = {"Industry": ("professional", "industry"), "State": ("geography", "states")}
    a = Segment(
        segment_id=0,
        label="Banking",
        size=2,
        base=3,
        distributions={"Industry": {"Banking": 2}, "State": {"Ohio": 1, "Texas": 1}, "Plan": {"Pro": 2}},
        outcome=Outcome(1, 1, 0, 2 / 3),
        evidence=[ev],
        facts=TableSegmentFacts(placement=placement),
    )
    b = Segment(
        segment_id=1,
        label="Retail",
        size=1,
        base=3,
        distributions={"Industry": {"Retail": 1}},
        outcome=Outcome(1, 0, 0, 2 / 3),
        facts=TableSegmentFacts(placement=placement),
    )
    p = Persona(persona_id="cluster-0", segment_id=0, name="Banking [PREMIUM VALUE]", rank=2, narrative="n")
    row = seed003.persona(p, [a, b])
    assert row == {
        "persona_id": "cluster-0",
        "rank": 2,
        "persona_name": "Banking [PREMIUM VALUE]",
        "cluster_id": 0,
        "cluster_size": 2,
        "cluster_percentage": 66.7,
        "conversion_metrics": {
            "conversion_rate": 50.0,
            "value_tier": "PREMIUM",
            "conversions": 1,
            "non_conversions": 1,
            "total_records": 2,
            "unknown_outcomes": 0,
            "ci_low": 9.5,
            "ci_high": 90.5,
            "lift": 0.75,
        },
        "geography": {
            "states": {"Ohio": 50.0, "Texas": 50.0},
            "concentration": 50.0,
            "concentration_level": "Medium",
        },
        "professional": {"industry": {"Banking": 100.0}},
        "attributes": {"Plan": {"Pro": 100.0}},
        "distinctive": [
            {
                "column": "Industry",
                "value": "Banking",
                "label": "Banking",
                "share": 60.0,
                "overall_share": 20.0,
                "lift": 3.0,
            }
        ],
        "narrative": "n",
        "evidence": [],
    }
