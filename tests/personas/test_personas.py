"""Goal segments and personas: core objects, seed 000 views, and every number traceable to the data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from support.seed_shapes import SEED_CLUSTER_KEYS, SEED_PERSONA_KEYS, SEED_TRAIT_KEYS
from synthpersona.personas import age_band, build_personas, compute_stats, level, profile_clusters
from synthpersona.population import generate
from synthpersona.segmentation import ClusteringParams, segment
from synthpersona.views import seed000


@pytest.fixture(scope="module")
def built() -> tuple[pd.DataFrame, object, list, dict]:
    df = generate(6000, random_state=3)
    seg = segment(df, params=ClusteringParams(k_min=3, k_max=5, random_state=0))
    stats = compute_stats(df, seg.labels, seg.k)
    profiles = profile_clusters(
        df,
        seg.labels,
        centroids=seg.clustering.centroids,
        distances=seg.distances,
        silhouette_by_cluster=seg.clustering.silhouette_by_cluster,
        stats=stats,
    )
    personas = build_personas(df, seg.labels, seg.distances, profiles, stats, random_state=0)
    return df, seg, profiles, personas


def _recompute(df: pd.DataFrame, labels: np.ndarray, ev: dict) -> tuple[float, float]:
    """Recompute (cluster_value, audience_value) of an evidence record from the raw rows."""
    members = df[labels == ev["cluster_id"] - 1]
    col = ev["column"]
    if ev["statistic"] == "value_share":
        return float((members[col].astype(str) == ev["value"]).mean()), float(
            (df[col].astype(str) == ev["value"]).mean()
        )
    return float(members[col].astype(float).mean()), float(df[col].astype(float).mean())


def test_profiles_cover_every_row_once_and_follow_the_seed_shape(built) -> None:
    df, seg, profiles, _ = built
    clusters = [seed000.cluster(p) for p in profiles]
    assert sum(c["cluster_size"] for c in clusters) == len(df)
    assert abs(sum(c["cluster_size_pct"] for c in clusters) - 100) < 0.5
    assert [c["cluster_id"] for c in clusters] == list(range(1, seg.k + 1))
    for p, d in zip(profiles, clusters, strict=True):
        assert set(d) >= SEED_CLUSTER_KEYS
        assert d["cluster_size"] == int((seg.labels == p.segment_id - 1).sum())
        assert sorted(p.member_ids) == sorted(df["user_id"][seg.labels == p.segment_id - 1])
        assert 2 <= d["personas_count"] <= 3
        assert d["engagement_score"].startswith("Cohesion ")
    labels = [c["cluster_label"] for c in clusters]
    assert len(set(labels)) == len(labels), "cluster labels must tell clusters apart"


def test_cluster_evidence_recomputes_from_the_rows(built) -> None:
    df, seg, profiles, _ = built
    checked = 0
    for p in profiles:
        for ev in seed000.cluster(p)["evidence"]:
            cluster_value, audience_value = _recompute(df, seg.labels, ev)
            assert cluster_value == pytest.approx(ev["cluster_value"], abs=1e-3)
            assert audience_value == pytest.approx(ev["audience_value"], abs=1e-3)
            checked += 1
    assert checked >= len(profiles)


def test_description_quotes_the_cluster_numbers(built) -> None:
    df, seg, profiles, _ = built
    for p in profiles:
        c = seed000.cluster(p)
        members = df[seg.labels == p.segment_id - 1]
        assert f"{c['cluster_size']:,} people" in c["cluster_description"]
        median_age = int(np.percentile(members["age"], 50))
        assert f"median age {median_age}" in c["cluster_description"]
        tier_mode = members["city_tier"].astype(str).value_counts().index[0]
        assert f"{tier_mode} cities" in c["demographics_summary"]


def test_personas_are_anchored_on_real_members(built) -> None:
    df, seg, profiles, personas = built
    names = []
    for p in profiles:
        plist = personas[p.segment_id]
        assert len(plist) == seed000.cluster(p)["personas_count"]
        for i, persona in enumerate(plist):
            d = seed000.persona(persona, p)
            assert set(d) >= SEED_PERSONA_KEYS
            assert set(d["personality_traits"]) == SEED_TRAIT_KEYS
            assert d["persona_id"] == f"dyn_{p.segment_id}_{i}"
            anchor = df[df["user_id"] == d["profile"]["anchor_user_id"]].iloc[0]
            assert seg.labels[df.index.get_loc(anchor.name)] == p.segment_id - 1
            assert d["demographics"].startswith(age_band(int(anchor["age"])))
            assert d["personality_traits"]["age_group"] == f"{int(anchor['age'])} years old"
            assert d["personality_traits"]["tech_savviness"] == level(float(anchor["tech_savviness"]))
            assert d["media_preference"].split(", ")[0] == anchor["primary_media"]
            assert len(d["care_about_top2"]) == 2 and d["barriers_top1"]
            assert d["cluster_linkage"] == f"Cluster #{p.segment_id} — {p.label}"
            names.append(d["persona_name"].split(" — ")[0])
    assert len(set(names)) == len(names), "persona names are unique within a run"


def test_persona_evidence_recomputes(built) -> None:
    df, seg, profiles, personas = built
    for p in profiles:
        for core in personas[p.segment_id]:
            persona = seed000.persona(core, p)
            for ev in persona["evidence"]:
                if ev.get("statistic") in ("mean", "share", "value_share") and "audience_value" in ev:
                    cluster_value, _ = _recompute(df, seg.labels, ev)
                    assert cluster_value == pytest.approx(ev["cluster_value"], abs=1e-3)
                if ev["field"] == "personality_traits.emi_usage_likelihood":
                    members = df[seg.labels == ev["cluster_id"] - 1]
                    assert (
                        persona["personality_traits"]["emi_usage_likelihood"]
                        == f"{100 * members['emi_flag'].mean():.1f}%"
                    )


def test_chat_personality_is_natural_language_in_character(built) -> None:
    _, _, profiles, personas = built
    for p in profiles:
        for core in personas[p.segment_id]:
            persona = seed000.persona(core, p)
            text = persona["chat_personality"]
            assert text.startswith(f"You are {persona['profile']['name']}")
            assert persona["profile"]["city"] in text
            assert "$" not in text and "{" not in text
            assert "Never say that you are an AI" in text


def test_anchors_lean_the_way_of_their_cluster_headline(built) -> None:
    from synthpersona.personas._stats import top_distinct

    df, seg, profiles, personas = built
    stats = compute_stats(df, seg.labels, seg.k)
    for p in profiles:
        headline = top_distinct(stats.traits[p.segment_id - 1], 3)
        for persona in personas[p.segment_id]:
            assert persona.anchor is not None
            anchor = df[df["user_id"] == persona.anchor.member_id].iloc[0]
            for s in headline:
                if s.statistic == "value_share":
                    assert str(anchor[s.trait.column]) == s.trait.value
                else:
                    sign = 1 if s.trait.direction == "high" else -1
                    assert sign * (float(anchor[s.trait.column]) - s.audience_value) >= 0
