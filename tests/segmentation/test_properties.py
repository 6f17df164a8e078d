"""Invariants of cluster_matrix on arbitrary small matrices (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from synthpersona.errors import InputError
from synthpersona.segmentation import cluster_matrix
from synthpersona.segmentation._selection import MIN_EFFECT, MIN_ROWS_PER_CLUSTER

matrices = st.integers(min_value=6, max_value=60).flatmap(
    lambda n: st.integers(min_value=1, max_value=4).flatmap(
        lambda d: arrays(
            np.float64,
            (n, d),
            elements=st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False),
        )
    )
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    X=matrices,
    k_min=st.integers(2, 3),
    span=st.integers(0, 3),
    pct=st.sampled_from([0.0, 0.03, 0.2]),
    algorithm=st.sampled_from(["kmeans", "gmm", "agglomerative"]),
    seed=st.integers(0, 5),
)
def test_labels_sizes_and_scores_are_always_consistent(X, k_min, span, pct, algorithm, seed):
    try:
        res = cluster_matrix(
            X, k_min=k_min, k_max=k_min + span, min_cluster_pct=pct, algorithm=algorithm, random_state=seed
        )
    except InputError as err:
        # Only data that truly cannot be split may be refused.
        distinct = len(np.unique(X.astype(np.float32), axis=0))
        assert distinct < k_min or len(X) < k_min + 1, err.message
        return
    n = len(X)
    assert res.labels.shape == (n,)
    assert res.labels.min() >= 0 and res.labels.max() < res.k
    assert set(np.unique(res.labels)) == set(range(res.k))
    assert res.sizes.sum() == n
    assert -1.0 - 1e-9 <= res.silhouette <= 1.0 + 1e-9
    assert k_min <= res.k <= max(k_min, min(k_min + span, n - 1, n // MIN_ROWS_PER_CLUSTER))
    for c in res.candidates:
        if c["silhouette"] is not None:
            assert -1.0 - 1e-9 <= c["silhouette"] <= 1.0 + 1e-9
            # eligible: big enough, and the two closest clusters differ by a medium effect somewhere
            assert c["eligible"] == (c["smallest_cluster_pct"] >= pct and c["min_pair_effect"] >= MIN_EFFECT)
    chosen_ok = [c for c in res.candidates if c["eligible"]]
    if chosen_ok:
        assert res.sizes.min() / n >= pct
    finite = res.silhouette_by_cluster[np.isfinite(res.silhouette_by_cluster)]
    assert ((finite >= -1 - 1e-9) & (finite <= 1 + 1e-9)).all()
