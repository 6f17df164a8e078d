"""Seed 000's JSON is a view over core segments and personas: every number recomputes from them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from support.seed_shapes import SEED_CLUSTER_KEYS, SEED_PERSONA_KEYS, SEED_TRAIT_KEYS
from synthpersona.model import Anchor, Evidence, GoalPersonaFacts, GoalSegmentFacts, Persona, Segment
from synthpersona.personas import build_personas, compute_stats, level, profile_clusters
from synthpersona.population import generate
from synthpersona.segmentation import ClusteringParams, segment
from synthpersona.views import seed000


@pytest.fixture(scope="module")
def goal_run() -> tuple[pd.DataFrame, list[Segment], dict[int, list[Persona]]]:
    df = generate(3000, random_state=11)
    seg = segment(df, params=ClusteringParams(k_min=2, k_max=4, random_state=0))
    stats = compute_stats(df, seg.labels, seg.k)
    segments = profile_clusters(
        df,
        seg.labels,
        centroids=seg.clustering.centroids,
        distances=seg.distances,
        silhouette_by_cluster=seg.clustering.silhouette_by_cluster,
        stats=stats,
    )
    return df, segments, build_personas(df, seg.labels, seg.distances, segments, stats, random_state=0)


def test_cluster_view_numbers_recompute_from_the_segment_members(goal_run) -> None:
    df, segments, _ = goal_run
    for seg in segments:
        members = df[df["user_id"].isin(seg.member_ids)]
        c = seed000.cluster(seg)
        assert set(c) >= SEED_CLUSTER_KEYS
        assert c["cluster_size"] == len(members) == seg.size
        assert c["cluster_size_pct"] == round(100.0 * len(members) / len(df), 1)
        s = c["summary"]
        p10, med, p90 = np.percentile(members["age"], [10, 50, 90])
        assert (s["age_p10"], s["age_median"], s["age_p90"]) == (int(p10), int(med), int(p90))
        assert c["demographics_summary"].startswith(f"{p10:.0f}-{p90:.0f} years")
        tier_share = members["city_tier"].astype(str).value_counts(normalize=True)
        assert s["city_tier"] == tier_share.index[0]
        assert s["city_tier_share"] == round(float(tier_share.iloc[0]), 3)
        assert s["female_share"] == round(float((members["gender"] == "Female").mean()), 3)
        assert s["median_income_inr"] == int(np.median(members["monthly_income_inr"]))
        for ev, text in zip(c["evidence"], c["top_traits"], strict=True):
            col = members[ev["column"]]
            value = (col.astype(str) == ev["value"]).mean() if "value" in ev else col.astype(float).mean()
            assert ev["cluster_value"] == pytest.approx(float(value), abs=1e-4)
            assert text.lower().startswith(ev["claim"].lower())


def test_persona_view_numbers_recompute_from_anchor_and_segment(goal_run) -> None:
    df, segments, personas = goal_run
    for seg in segments:
        members = df[df["user_id"].isin(seg.member_ids)]
        for p in personas[seg.segment_id]:
            assert p.anchor is not None and p.anchor.member_id in set(seg.member_ids)
            assert 0.0 <= (p.anchor.distance_percentile or 0.0) <= 100.0
            row = df[df["user_id"] == p.anchor.member_id].iloc[0]
            d = seed000.persona(p, seg)
            assert set(d) >= SEED_PERSONA_KEYS and set(d["personality_traits"]) == SEED_TRAIT_KEYS
            traits = d["personality_traits"]
            assert traits["price_sensitivity"] == level(float(row["price_sensitivity"]))
            assert traits["device_count"] == f"{float(row['device_count']):.1f} devices"
            assert traits["emi_usage_likelihood"] == f"{100 * members['emi_flag'].mean():.1f}%"
            score = float(d["behavioral_score"].split(" ")[0])
            rel = next(e for e in d["evidence"] if e["field"] == "behavioral_score")
            assert score == pytest.approx(np.mean([float(row[c]) for c in rel["columns"]]), abs=0.006)
            media = next(e for e in d["evidence"] if e["field"] == "media_preference")
            share = (members["primary_media"].astype(str) == media["value"]).mean()
            assert media["cluster_value"] == pytest.approx(float(share), abs=1e-4)
            assert d["profile"]["monthly_income_inr"] == int(row["monthly_income_inr"])


def test_hand_built_core_objects_round_trip_to_seed_000() -> None:
    """A persona field set on the core objects appears in the seed view, rounded, nowhere else."""
    ev = Evidence(
        field="cluster_label",
        claim="high tech savviness",
        statistic="mean",
        value=0.781234,
        baseline=0.52,
        effect_size=1.23456,
        columns=("tech_savviness",),
        segment_id=2,
    )
    stats = {
        "age_p10": 21.6,
        "age_median": 27.0,
        "age_p90": 33.2,
        "income_level": "Middle",
        "income_level_share": 0.61234,
        "city_tier": "Tier-2",
        "city_tier_share": 0.7,
        "primary_media": "Instagram",
        "primary_media_share": 0.4,
        "occupation": "Salaried",
        "occupation_share": 0.5,
        "female_share": 1.0,
        "median_income_inr": 35500.5,
        "emi_share": 0.3333,
    }
    seg = Segment(
        segment_id=2,
        label="Tech Adopters",
        size=30,
        base=90,
        description="text",
        statistics=stats,
        evidence=[ev],
        facts=GoalSegmentFacts(icon="🧑‍💻", personas_count=2, cohesion=0.3456, separation=2.5),
    )
    c = seed000.cluster(seg)
    assert c["cluster_size_pct"] == 33.3
    assert c["top_traits"] == ["High tech savviness (0.78 vs 0.52 overall)"]
    assert c["engagement_score"] == "Cohesion 0.35 • High Separation"
    assert c["demographics_summary"] == "22-33 years • Middle income • Tier-2 cities"
    # the median is rounded half up, as ages are and as verify recomputes it (was truncated: 35500)
    assert c["summary"]["income_level_share"] == 0.612 and c["summary"]["median_income_inr"] == 35501
    assert c["evidence"] == [
        {
            "field": "cluster_label",
            "claim": "high tech savviness",
            "cluster_id": 2,
            "column": "tech_savviness",
            "statistic": "mean",
            "cluster_value": 0.7812,
            "audience_value": 0.52,
            "effect_size": 1.235,
        }
    ]
    attrs = {
        "age": 27,
        "gender": "Female",
        "city": "Indore",
        "state": "Madhya Pradesh",
        "city_tier": "Tier-2",
        "occupation": "Salaried",
        "education_level": "Graduate",
        "marital_status": "Married",
        "parenting_stage": "Toddler",
        "num_children": 1,
        "monthly_income_inr": 42000,
        "income_level": "Middle",
        "primary_language": "Hindi",
        "preferred_channel": "WhatsApp",
        "primary_media": "Instagram",
        "device_count": 2,
        "tech_savviness": 0.8,
        "price_sensitivity": 0.3,
        "brand_awareness": 0.5,
        "privacy_pref": 0.66,
    }
    p = Persona(
        persona_id="dyn_2_0",
        segment_id=2,
        name="Asha Rao",
        title="Tech-savvy Mom",
        narrative="You are Asha Rao ...",
        anchor=Anchor(member_id=17, distance=0.4),
        attributes=attrs,
        cares=["Latest features", "Value for money"],
        barriers=["Price feels high"],
        facts=GoalPersonaFacts(media=["Instagram", "YouTube"], relevance=0.655, relevance_columns=("a",)),
    )
    d = seed000.persona(p, seg)
    assert d["persona_name"] == "Asha Rao — Tech-savvy Mom"
    assert d["demographics"] == "25-34 • ₹25-50K • Tier-2 city (Indore)"
    assert d["behavioral_score"] == "0.66 (Medium relevance)"
    assert d["cluster_linkage"] == "Cluster #2 — Tech Adopters"
    assert d["personality_traits"]["emi_usage_likelihood"] == "33.3%"
    assert d["personality_traits"]["privacy_consciousness"] == "High"
    assert d["profile"]["anchor_user_id"] == 17 and d["profile"]["first_name"] == "Asha"
    assert d["chat_personality"] == p.narrative


def test_read_persona_gives_back_the_core_persona_the_view_was_written_from(goal_run) -> None:
    _, segments, personas = goal_run
    for seg in segments:
        for p in personas[seg.segment_id]:
            back = seed000.read_persona(seed000.persona(p, seg))
            assert (back.persona_id, back.segment_id, back.name, back.title) == (
                p.persona_id,
                p.segment_id,
                p.name,
                p.title,
            )
            assert back.cares == p.cares and back.barriers[0] == p.barriers[0]
            assert back.anchor is not None and p.anchor is not None
            assert back.anchor.member_id == p.anchor.member_id
            assert isinstance(back.facts, GoalPersonaFacts) and isinstance(p.facts, GoalPersonaFacts)
            assert back.facts.media == p.facts.media
            assert back.facts.relevance == pytest.approx(p.facts.relevance, abs=0.005)
            assert back.attributes["age"] == int(p.attributes["age"])
            assert len(back.evidence) == len(p.evidence)
            for mine, orig in zip(back.evidence, p.evidence, strict=True):
                assert (mine.field, mine.claim, mine.statistic, mine.columns, mine.category) == (
                    orig.field,
                    orig.claim,
                    orig.statistic,
                    orig.columns,
                    orig.category,
                )
                assert mine.value == pytest.approx(orig.value, abs=1e-4)
                assert (mine.baseline is None) == (orig.baseline is None)
                # the view writes it again as it was: a stored persona round-trips through the core model
                assert seed000.evidence(mine) == seed000.evidence(orig)
