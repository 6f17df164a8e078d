"""Learned feature weights: let the features that carry segments dominate the distance.

A feature matrix built for a marketer's question holds every signal that *could* split an
audience; on a given audience most of them are noise. k-means weighs every standardised
column alike, so ten noise columns drown five informative ones: on planted goal populations
(``benchmarks/bench_segments.py``) k-means at the TRUE k reached an ARI of only 0.36-0.58
on 6 of 15 tuning configs. Weighted k-means (Huang et al. 2005, "Automated variable
weighting in k-means type clustering") weighs each feature by the inverse of its
within-cluster dispersion: a feature whose values are explained by the clusters counts
more. Here the clusters are a deliberate over-clustering (``k`` = :data:`WEIGHT_K`, more
than any segment count asked for), so the weights do not depend on the k being chosen,
and the fit alternates clustering and re-weighting :data:`WEIGHT_ITERATIONS` times.

The weights are learned on data WITH whatever structure it has, so structureless data
would look more structured after weighting; the no-structure reference of the k
criterion (``_selection.py``) therefore learns its own weights on its Gaussian sample
the same way, and "no clear segments" stays an honest verdict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "MIN_ROWS_PER_GROUP",
    "WEIGHT_ITERATIONS",
    "WEIGHT_K",
    "WEIGHT_SAMPLE",
    "apply_weights",
    "can_learn_weights",
    "learn_feature_weights",
]

# Over-clustering used to learn the weights (more clusters than any k the workflows try by default).
WEIGHT_K = 8
# Cluster / re-weight rounds (tuning split: weights settle after 2-3).
WEIGHT_ITERATIONS = 3
# Rows the weights are learned on (a random sample; the weights are per column, so this is plenty).
WEIGHT_SAMPLE = 2_000
# Fewer rows than this per over-cluster and the weights are noise: every column keeps weight 1
# (a 22-person audience put 19x the mean weight on one column).
MIN_ROWS_PER_GROUP = 30
# A feature's weight is capped at this many times the mean weight (a near-constant feature
# inside every cluster would otherwise take all the weight).
MAX_WEIGHT = 10.0


def can_learn_weights(n: int, k: int = WEIGHT_K) -> bool:
    """Whether ``n`` rows are enough to learn weights (``k`` over-clusters of :data:`MIN_ROWS_PER_GROUP`)."""
    return n >= k * MIN_ROWS_PER_GROUP


def learn_feature_weights(
    X: np.ndarray, *, random_state: int | None = 0, k: int = WEIGHT_K, iterations: int = WEIGHT_ITERATIONS
) -> np.ndarray:
    """Per-column weights (mean 1 over varying columns, 0 for constant ones) from weighted k-means.

    Each round clusters the weighted rows into ``k`` groups and sets each column's weight
    to the inverse of its relative within-cluster dispersion (within-cluster variance over
    total variance; ``1 / (1 - eta²)``), capped at :data:`MAX_WEIGHT` times the mean.

    Parameters
    ----------
    X
        ``(n, d)`` float matrix (standardised or weighted columns); at most
        :data:`WEIGHT_SAMPLE` random rows are used. With fewer than ``k`` times
        :data:`MIN_ROWS_PER_GROUP` rows every varying column keeps weight 1.
    random_state
        Seed of the row sample and of k-means.
    k, iterations
        Over-clustering size and number of rounds.

    Returns
    -------
    numpy.ndarray
        ``(d,)`` float64 weights; multiply column ``j`` by ``sqrt(w[j])`` (:func:`apply_weights`).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> groups = rng.integers(0, 4, 1200)  # four segments on the first two columns, six noise columns
    >>> X = np.column_stack([groups % 2, groups // 2]) + rng.normal(0, 0.1, (1200, 2))
    >>> X = np.column_stack([X, rng.normal(0, 1, (1200, 6))])
    >>> w = learn_feature_weights((X - X.mean(0)) / X.std(0), random_state=0)
    >>> bool(w[:2].min() > 10 * w[2:].max()), round(float(w.mean()), 6)
    (True, 1.0)
    """
    import numpy as np
    from sklearn.cluster import KMeans

    X = np.asarray(X)
    n, d = X.shape
    rng = np.random.default_rng(None if random_state is None else [random_state, 11])
    if n > WEIGHT_SAMPLE:
        X = X[np.sort(rng.choice(n, WEIGHT_SAMPLE, replace=False))]
        n = WEIGHT_SAMPLE
    # float64 after sampling: converting the whole matrix first held a float64 copy of every row
    # (51 MB for a 200,000-row goal audience, the peak of a 2M-population goal run)
    X = np.asarray(X, dtype=np.float64)
    total = X.var(axis=0)
    varying = total > 1e-12
    weights = varying.astype(np.float64)
    if not can_learn_weights(n, k) or not varying.any():
        return weights
    for _ in range(iterations):
        labels = KMeans(k, n_init=1, random_state=random_state, tol=1e-3).fit_predict(X * np.sqrt(weights))
        counts = np.bincount(labels, minlength=k).astype(np.float64)
        # per-column bincount: the same row-order sums as ``np.add.at``, without its slow path
        sums = np.column_stack([np.bincount(labels, weights=X[:, j], minlength=k) for j in range(d)])
        means = sums / np.maximum(counts, 1.0)[:, None]
        within = ((X - means[labels]) ** 2).mean(axis=0)
        relative = np.where(varying, within / np.where(varying, total, 1.0), 1.0)
        raw = np.where(varying, 1.0 / np.maximum(relative, 1e-6), 0.0)
        raw = np.minimum(raw, MAX_WEIGHT * raw[varying].mean())
        weights = raw / raw[varying].mean()
    return weights


def apply_weights(X: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    """``X`` with column ``j`` multiplied by ``sqrt(weights[j])`` (``X`` itself when ``weights`` is None)."""
    import numpy as np

    if weights is None:
        return X
    return (X * np.sqrt(weights).astype(X.dtype, copy=False)).astype(X.dtype, copy=False)
