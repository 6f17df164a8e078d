"""The one clustering entry point: :func:`cluster` (any matrix, any registered algorithm)."""

from __future__ import annotations

from typing import Any

from synthpersona.segmentation._params import ClusteringParams
from synthpersona.segmentation._registry import DataKind, get_algorithm, resolve_algorithm
from synthpersona.segmentation._result import Clustering

__all__ = ["cluster", "cluster_matrix"]


def cluster(X: Any, params: ClusteringParams | None = None, *, data: DataKind | None = None) -> Clustering:
    """Cluster the rows of ``X`` with the algorithm of ``params``; k fixed or chosen.

    This is the one clustering entry point of synthpersona: segments of people, a
    customer table (its encoded matrix or its category codes), clickstream sequences.

    Parameters
    ----------
    X
        ``(n, d)`` matrix: numeric features, or category codes for ``latent_class``.
    params
        Algorithm, k or k range, random state, sample sizes (:class:`ClusteringParams`).
    data
        What ``X`` is (``"numeric"`` or ``"categorical"``): ``"auto"`` then runs the
        default algorithm for that data, and an algorithm that does not suit it is
        refused. ``None``: any registered algorithm, ``"auto"`` as for numeric data.

    Returns
    -------
    Clustering
        Labels ``0 .. k-1``, k, the algorithm, every candidate's score, centroids (where
        defined), sizes, notes and the fitted estimator.

    Raises
    ------
    InputError
        Unknown algorithm (with the closest names), bad parameters, non-numeric, NaN
        or infinite values, too few rows (also a ``ValueError``).

    Examples
    --------
    >>> from sklearn.datasets import make_blobs
    >>> X, _ = make_blobs(900, 5, centers=4, random_state=1)
    >>> res = cluster(X, ClusteringParams(k_max=6))
    >>> res.k, res.labels.shape, res.algorithm
    (4, (900,), 'kmeans')
    """
    params = params or ClusteringParams()
    algorithm = get_algorithm(params.algorithm) if data is None else resolve_algorithm(params.algorithm, data)
    estimator = algorithm.make(params)
    result: Clustering = estimator.fit(X).result_
    return result


def cluster_matrix(X: Any, **params: Any) -> Clustering:
    """``cluster(X, ClusteringParams(**params))``: the keyword form, kept for existing callers.

    Examples
    --------
    >>> from sklearn.datasets import make_blobs
    >>> X, _ = make_blobs(900, 5, centers=4, random_state=1)
    >>> cluster_matrix(X, k_max=6).k
    4
    """
    return cluster(X, ClusteringParams(**params))
