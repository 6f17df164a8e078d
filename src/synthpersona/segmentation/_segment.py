"""Segment people: domain features + clustering, with centroids in original units."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.errors import DataError
from synthpersona.features import build_features
from synthpersona.features._derive import ColumnReader, check_domain
from synthpersona.schema import BOOLEAN_COLUMNS, NUMERIC_COLUMNS
from synthpersona.segmentation._cluster import cluster
from synthpersona.segmentation._compared import compared_segments
from synthpersona.segmentation._metrics import distances_to_centroids
from synthpersona.segmentation._mixed import mixed_alternative
from synthpersona.segmentation._params import ClusteringParams
from synthpersona.segmentation._result import Segmentation
from synthpersona.segmentation._weighting import apply_weights

# What ``algorithm="auto"`` compares, per domain. Seed 001 suggests hierarchical clustering for
# family segments; measured on five parent audiences (docs/features.md) ward never beat k-means
# (silhouette 0.009-0.065 lower) and cost 2-4x the time, so every domain uses k-means. The
# mapping stays so a domain can opt in to a comparison when it measures better.
AUTO_ALGORITHMS: dict[str, tuple[str, ...]] = {}


def _group_means(values: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Mean of ``values`` per label, ignoring NaN (``nan`` where a cluster has no value)."""
    finite = np.isfinite(values)
    if finite.all():
        sums = np.bincount(labels, weights=values, minlength=k)
        counts = np.bincount(labels, minlength=k).astype(np.float64)
    else:
        sums = np.bincount(labels[finite], weights=values[finite], minlength=k)
        counts = np.bincount(labels[finite], minlength=k).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums / counts


def centroids_in_original_units(
    df: pd.DataFrame, derived: pd.DataFrame, labels: np.ndarray, k: int
) -> pd.DataFrame:
    """Per-cluster means of numeric population columns and derived features, shares of booleans.

    The index is the cluster label (``0 .. k-1``); ``cluster_id`` is ``label + 1`` as in
    the seed's responses. Columns absent from ``df`` are skipped.
    """
    labels = np.asarray(labels, dtype=np.int64)
    sizes = np.bincount(labels, minlength=k)
    data: dict[str, Any] = {
        "cluster_id": np.arange(1, k + 1),
        "cluster_size": sizes,
        "cluster_size_pct": 100.0 * sizes / max(len(labels), 1),
    }
    for col in NUMERIC_COLUMNS:
        if col in df.columns:
            vals = pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
            data[col] = _group_means(vals, labels, k)
    reader = ColumnReader(df)
    for col in BOOLEAN_COLUMNS:
        if col in df.columns:
            data[f"{col}_share"] = _group_means(reader.column(col).astype(np.float64), labels, k)
    for col in derived.columns:
        if col not in data:
            data[col] = _group_means(derived[col].to_numpy(dtype=np.float64), labels, k)
    out = pd.DataFrame(data, index=pd.RangeIndex(k, name="label"))
    return out


def segment(
    df: pd.DataFrame,
    *,
    domain: str = "general",
    params: ClusteringParams | None = None,
    progress: Callable[[str], None] | None = None,
    compared: tuple[str, ...] = (),
) -> Segmentation:
    """Segment the people of ``df``: domain features, then clustering with k chosen by silhouette.

    Parameters
    ----------
    df
        People with the built-in population's columns (the audience a goal selected,
        or a whole population file).
    domain
        Feature domain: ``general``, ``parenting``, ``tech_adoption``, ``budget``, ``lifestyle``.
    params
        How to cluster (:class:`ClusteringParams`; default: ``algorithm="auto"``, k in 2..8,
        ``feature_weighting=True``: the domain's signals that carry segments in this audience
        dominate the distance, the others fade).
        ``algorithm="auto"`` runs the algorithms of ``AUTO_ALGORITHMS[domain]`` (k-means by
        default) and keeps the best eligible silhouette. Only algorithms for numeric data apply.
        When that finds no clear segments, a latent class model over the consumer categoricals
        and the screen's signals replaces it if BIC prefers it (``segmentation/_mixed.py``).
    progress
        Called with ``"features"`` then ``"clustering"`` as each step starts (progress displays).
    compared
        Demographics the goal asks to compare ("men vs women": ``("gender",)``); structure they
        explain is kept as segment structure (:func:`~synthpersona.features.build_features`).

    Returns
    -------
    Segmentation
        The :class:`Clustering` plus ``X``, ``feature_names``, ``distances`` (to the own
        centroid), ``centroids`` in original units, ``derived`` features and ``domain``.

    Raises
    ------
    DataError
        Missing columns or an empty table.
    InputError
        Bad parameters or too few people for ``k_min`` clusters.

    Examples
    --------
    >>> from synthpersona.population import generate
    >>> people = generate(5_000, random_state=0)
    >>> res = segment(people, domain="tech_adoption", params=ClusteringParams(k_max=5))
    >>> res.k == len(res.centroids), res.labels.shape
    (True, (5000,))
    """
    domain = check_domain(domain)
    if isinstance(df, pd.DataFrame) and len(df) == 0:
        raise DataError("No people to segment: the table is empty. Relax the audience filters.")
    params = params or ClusteringParams(feature_weighting=True)
    params = params.with_(auto_algorithms=AUTO_ALGORITHMS.get(domain, params.auto_algorithms))
    if progress is not None:
        progress("features")
    features = build_features(df, domain, compared=compared)
    if progress is not None:
        progress("clustering")
    result = cluster(features.X, params, data="numeric")
    assert result.centroids is not None  # every numeric algorithm has centres
    derived = features.derived.reset_index(drop=True)
    X = apply_weights(features.X, result.feature_weights)  # the space the centroids live in
    grouped = (
        compared_segments(df, features.X, features.pipeline, X, result, params, compared)
        if compared
        else None
    )
    if grouped is not None:  # the goal compares groups: they are the segments (each split inside)
        result = grouped
    elif params.algorithm == "auto" and result.selection is not None and not result.selection.clear:
        # segments a consumer categorical defines: a latent class model, kept when BIC prefers it
        result = mixed_alternative(df, features, X, result, params, compared) or result
    assert result.centroids is not None
    distances = distances_to_centroids(X, result.centroids, result.labels)
    table = centroids_in_original_units(df, derived, result.labels, result.k)  # positional: no copy of df
    return Segmentation(
        clustering=result,
        centroids=table,
        X=X,
        feature_names=features.feature_names,
        distances=distances,
        domain=domain,
        derived=derived,
        weights=features.weights,
        notes=[*features.notes, *result.notes],
        pipeline=features.pipeline,
    )
