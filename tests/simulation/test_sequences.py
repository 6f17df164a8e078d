"""Encoding and clustering event sequences; behavioural personas and their names."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from synthpersona.errors import DataError, InputError
from synthpersona.segmentation import ClusteringParams
from synthpersona.simulation import (
    attach_clusters,
    cluster_event_sequences,
    encode_event_sequences,
    planted_group_agreement,
    profile_behavioural_personas,
)
from synthpersona.views import seed002


def test_encoding_counts_events_transitions_and_trigrams() -> None:
    log = pd.DataFrame(
        {
            "user_id": [1, 1, 1, 2, 2],
            "session_id": [1, 1, 1, 2, 2],
            "event": ["a", "b", "a", "a", "c"],
            "timestamp": pd.date_range("2026-01-01", periods=5, freq="min"),
        }
    )
    X, users, names = encode_event_sequences(log, tfidf=False)
    dense = pd.DataFrame(X.toarray(), index=users, columns=names)
    assert dense.loc[1, "a"] == 2 and dense.loc[1, "a>b"] == 1 and dense.loc[1, "b>a"] == 1
    assert dense.loc[1, "^>a"] == 1 and dense.loc[1, "a>$"] == 1 and dense.loc[1, "a>b>a"] == 1
    assert dense.loc[2, "a>c"] == 1 and dense.loc[2, "c>$"] == 1 and "a>b>a" in names
    assert dense.loc[2, "a>b>a"] == 0
    X1, _, n1 = encode_event_sequences(log, max_n=1)
    assert set(n1) == {"a", "b", "c"}
    assert np.allclose(np.asarray(X1.multiply(X1).sum(axis=1)).ravel(), 1.0)  # L2-normalised rows
    with pytest.raises(InputError):
        encode_event_sequences(log, max_n=4)


def test_clustering_recovers_the_planted_groups(sample_log: pd.DataFrame, segmented: pd.DataFrame) -> None:
    assert set(segmented["cluster_id"].unique()) == {0, 1, 2, 3}
    assert planted_group_agreement(segmented) >= 0.8
    # Same seed, same clusters.
    again = cluster_event_sequences(sample_log, k=4, random_state=0)
    first = cluster_event_sequences(sample_log, k=4, random_state=0)
    assert np.array_equal(first.labels, again.labels)


def test_automatic_k_and_summary(sample_log: pd.DataFrame) -> None:
    params = ClusteringParams(algorithm="kmeans", k_min=2, k_max=6)
    res = cluster_event_sequences(sample_log, params=params, random_state=0)
    assert 2 <= res.k <= 6
    assert len(res.candidates) == 5
    s = res.summary()
    assert sum(s["sizes"]) == sample_log["user_id"].nunique()
    assert all(s["top_features"][c] for c in range(res.k))


def test_bad_inputs(sample_log: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="k must be between 1"):
        cluster_event_sequences(sample_log, k=0)
    tiny = sample_log[sample_log["user_id"].isin(sample_log["user_id"].unique()[:3])]
    with pytest.raises(DataError, match="at least 4"):
        cluster_event_sequences(tiny)
    res = cluster_event_sequences(sample_log, k=2)
    with pytest.raises(InputError, match="user_ids"):
        attach_clusters(sample_log, res, res.row_ids[:-1])
    with pytest.raises(DataError, match="attach_clusters"):
        profile_behavioural_personas(sample_log)


def test_personas_are_named_from_behaviour(segmented: pd.DataFrame) -> None:
    segments, profiles = profile_behavioural_personas(
        segmented, funnel_events=["landing", "signup_start", "signup_complete"]
    )
    personas = [
        SimpleNamespace(**seed002.persona_record(s, p)) for s, p in zip(segments, profiles, strict=True)
    ]
    by_group = (
        segmented.drop_duplicates("user_id")
        .groupby("cluster_id")["_group"]
        .agg(lambda s: s.value_counts().index[0])
    )
    names = {by_group[p.cluster_id]: p for p in personas}
    assert names["decisive"].name == "Decisive sign-up"
    assert names["decisive"].conversion_rate > 0.9
    assert names["decisive"].typical_paths[0][0] == "landing > signup_start > signup_complete"
    assert "bouncer" in names["bouncer"].name.lower() and names["bouncer"].conversion_rate < 0.1
    assert names["researcher"].exit_event == "form_error"
    assert "the form" in names["researcher"].name
    assert len({p.name for p in personas}) == len(personas)
    assert abs(sum(p.share_users for p in personas) - 1) < 1e-9
    # Demographic link: bouncers come mostly from ads in the sample.
    top = names["bouncer"].traits[0]
    assert (top["attribute"], top["value"]) == ("channel", "ads") and top["lift"] > 1.5


def test_planted_group_agreement_is_scikit_learns_adjusted_rand() -> None:
    """The ARI is computed without scikit-learn; it must equal ``adjusted_rand_score`` exactly."""
    from sklearn.metrics import adjusted_rand_score

    from synthpersona.simulation.sequences import _adjusted_rand

    rng = np.random.default_rng(7)
    for i in range(60):
        n = int(rng.integers(0, 300))
        a = rng.integers(0, int(rng.integers(1, 6)), n)
        other = rng.integers(0, int(rng.integers(1, 6)), n)
        b = np.where(rng.random(n) < 0.7, a, other) if i % 2 else a[::-1]
        assert _adjusted_rand(a, b) == pytest.approx(adjusted_rand_score(a, b), abs=1e-12)
    names = np.array(["x", "y", "z"])[rng.integers(0, 3, 500)]
    labels = rng.integers(0, 4, 500)
    assert _adjusted_rand(names, labels) == pytest.approx(adjusted_rand_score(names, labels), abs=1e-12)
    # 300,000 labels: pair-count products beyond int64.
    big = rng.integers(0, 3, 300_000)
    noisy = np.where(rng.random(len(big)) < 0.9, big, rng.integers(0, 4, len(big)))
    assert _adjusted_rand(big, noisy) == pytest.approx(adjusted_rand_score(big, noisy), abs=1e-12)
