"""Result containers of the clustering and segmentation steps (plain dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd


class _ClusterSizes:
    """Cluster sizes from ``labels`` and ``k``, shared by both result types."""

    labels: np.ndarray
    k: int

    @property
    def sizes(self) -> np.ndarray:
        """``(k,)`` number of rows in each cluster."""
        return np.bincount(self.labels, minlength=self.k)

    @property
    def size_pct(self) -> np.ndarray:
        """``(k,)`` share of rows in each cluster, in percent."""
        return 100.0 * self.sizes / max(len(self.labels), 1)


@dataclass
class ClusteringResult(_ClusterSizes):
    """Outcome of :func:`~synthpersona.segmentation.cluster_matrix`.

    Attributes
    ----------
    labels
        ``(n,)`` int array, cluster of every row, ``0 .. k-1``.
    k
        Number of clusters.
    silhouette
        Mean silhouette of the chosen clustering, on the silhouette sample.
    candidates
        One dict per tried ``(algorithm, k)``: ``algorithm, k, silhouette,
        smallest_cluster_pct, eligible``.
    algorithm
        Algorithm that produced the labels (``"auto"`` resolved to a real one).
    centroids
        ``(k, d)`` mean of the rows of each cluster, in the space of ``X``.
    silhouette_by_cluster
        ``(k,)`` mean silhouette of each cluster's rows on the silhouette sample
        (``nan`` if the sample holds none): cohesion and separation per cluster.
    sampled
        True when the algorithm was fit on a sample and the other rows were
        assigned to the nearest centroid.
    notes
        Human-readable remarks: sampling, fallbacks, reassigned noise points.
    """

    labels: np.ndarray
    k: int
    silhouette: float
    candidates: list[dict[str, Any]]
    algorithm: str
    centroids: np.ndarray
    silhouette_by_cluster: np.ndarray
    sampled: bool
    notes: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        """Number of clustered rows."""
        return int(self.labels.shape[0])


@dataclass
class SegmentationResult(_ClusterSizes):
    """Outcome of :func:`~synthpersona.segmentation.segment`: a clustering of people and its features.

    Attributes
    ----------
    labels, k, silhouette, candidates, algorithm, silhouette_by_cluster, sampled, notes
        As in :class:`ClusteringResult`.
    centroids
        One row per ``cluster_id`` (the index) in ORIGINAL units: mean of every numeric
        population column and derived feature, share (0-1) of every boolean column,
        plus ``cluster_size`` and ``cluster_size_pct``.
    centroids_x
        ``(k, d)`` centroids in the space of ``X`` (what ``distances`` are measured to).
    feature_names
        Names of the columns of ``X``.
    X
        ``(n, d)`` float32 weighted feature matrix the clustering ran on.
    distances
        ``(n,)`` Euclidean distance of each row to its cluster's centroid in ``X`` space;
        the smallest mark the members nearest the centre (see :meth:`nearest_members`).
    domain
        Feature domain used (``general``, ``parenting``, ...).
    n
        Number of rows segmented.
    derived
        ``(n, m)`` derived domain features of every row (original row order, index reset).
    weights
        Domain weight of each input column of the feature pipeline.
    """

    labels: np.ndarray
    k: int
    silhouette: float
    candidates: list[dict[str, Any]]
    algorithm: str
    centroids: pd.DataFrame
    silhouette_by_cluster: np.ndarray
    sampled: bool
    notes: list[str]
    feature_names: list[str]
    X: np.ndarray
    distances: np.ndarray
    centroids_x: np.ndarray
    domain: str
    n: int
    derived: pd.DataFrame
    weights: dict[str, float]

    def nearest_members(self, cluster_id: int, n: int = 3) -> np.ndarray:
        """Row positions of the ``n`` members of ``cluster_id`` closest to its centroid.

        Ties are broken by row position, so the choice is deterministic.

        Examples
        --------
        >>> rows = result.nearest_members(0, n=3)  # doctest: +SKIP
        """
        members = np.flatnonzero(self.labels == cluster_id)
        order = np.argsort(self.distances[members], kind="stable")
        return members[order[:n]]
