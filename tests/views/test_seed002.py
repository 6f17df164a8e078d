"""Seed 002's persona summary is a view over core segments and personas: numbers recompute from them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synthpersona.model import BehaviourSegmentFacts, Outcome, Persona, Segment
from synthpersona.reporting.simulation import build_persona_summary
from synthpersona.simulation import (
    attach_clusters,
    cluster_event_sequences,
    make_sample_events,
    profile_behavioural_personas,
)
from synthpersona.views import seed002

FUNNEL = ["landing", "signup_start", "signup_complete"]


@pytest.fixture(scope="module")
def profiled() -> tuple[pd.DataFrame, list[Segment], list[Persona]]:
    log = make_sample_events(n_users=400, random_state=1)
    seg = attach_clusters(log, cluster_event_sequences(log, k=3, random_state=0))
    segments, personas = profile_behavioural_personas(seg, funnel_events=FUNNEL)
    return seg, segments, personas


def test_summary_numbers_recompute_from_the_segment_members(profiled) -> None:
    events, segments, personas = profiled
    summary = build_persona_summary((segments, personas))
    pd.testing.assert_frame_equal(summary, build_persona_summary(events, funnel_events=FUNNEL))
    n_users = events["user_id"].nunique()
    for row, seg in zip(summary.to_dict(orient="records"), segments, strict=True):
        mine = events[events["user_id"].isin(seg.member_ids)]
        assert set(mine["cluster_id"]) == {seg.segment_id} == {row["cluster_id"]}
        assert row["users"] == mine["user_id"].nunique() == seg.size
        assert row["share_users"] == pytest.approx(seg.size / n_users)
        sessions = mine.groupby(["user_id", "session_id"], observed=True)["event"]
        converted = sessions.apply(lambda e: (e == "signup_complete").any())
        assert row["sessions"] == len(converted)
        assert row["conversion_rate"] == pytest.approx(float(converted.mean()))
        assert row["median_session_events"] == float(np.median(sessions.size()))
        assert f"{row['share_users']:.0%} of users" in row["description"]


def test_hand_built_core_objects_round_trip_to_seed_002() -> None:
    facts = BehaviourSegmentFacts(
        n_sessions=10,
        median_session_events=3.0,
        mean_duration_s=42.0,
        mean_back_steps=0.5,
        typical_paths=[("landing > pricing", 0.4)],
        exit_event="pricing",
        dropoff_step="signup_start",
        distinctive_events=[("pricing", 2.0)],
        traits=[{"attribute": "channel", "value": "ads", "share": 0.8, "lift": 2.0}],
    )
    seg = Segment(segment_id=4, label="Price checker", size=5, base=20, outcome=Outcome(3, 7), facts=facts)
    p = Persona(persona_id="behaviour-4", segment_id=4, name="Price checker", narrative="text")
    record = seed002.persona_record(seg, p)
    assert record == {
        "cluster_id": 4,
        "name": "Price checker",
        "n_users": 5,
        "n_sessions": 10,
        "share_users": 0.25,
        "conversion_rate": 0.3,
        "median_session_events": 3.0,
        "mean_duration_s": 42.0,
        "mean_back_steps": 0.5,
        "typical_paths": [("landing > pricing", 0.4)],
        "exit_event": "pricing",
        "dropoff_step": "signup_start",
        "distinctive_events": [("pricing", 2.0)],
        "traits": [{"attribute": "channel", "value": "ads", "share": 0.8, "lift": 2.0}],
        "description": "text",
        "evidence": [],
    }
    row = seed002.persona_summary([seg], [p]).iloc[0]
    assert (row["persona"], row["users"], row["typical_path"], row["top_trait"]) == (
        "Price checker",
        5,
        "landing > pricing",
        "channel=ads (2.0x)",
    )
