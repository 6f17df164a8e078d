"""The one clustering result type, and the segmentation of people built around it (dataclasses)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.segmentation._selection import KSelection

__all__ = ["Clustering", "Segmentation"]


@dataclass
class Clustering:
    """Outcome of :func:`~synthpersona.segmentation.cluster`, whatever the algorithm or workflow.

    Attributes
    ----------
    labels
        ``(n,)`` int64 array, cluster of every row, ``0 .. k-1``.
    k
        Number of clusters.
    algorithm
        Algorithm that produced the labels (``"auto"`` resolved to a real one).
    candidates
        One dict per tried ``(algorithm, k)``: ``algorithm, k, smallest_cluster_pct,
        eligible`` and its score (``silhouette``; the latent class model: ``bic`` and
        ``log_likelihood``).
    centroids
        ``(k, d)`` mean of the rows of each cluster in the space of ``X`` (``None`` where
        the algorithm has no centres, e.g. the latent class model on category codes).
    silhouette
        Mean silhouette of the labels on the silhouette sample (``nan`` when not computed).
    silhouette_by_cluster
        ``(k,)`` mean silhouette of each cluster's rows (``None`` when not computed).
    sampled
        True when the model was fitted on a sample and the other rows were assigned.
    notes
        Human-readable remarks: sampling, fallbacks, how k was chosen.
    estimator
        The fitted estimator (``predict`` assigns new rows).
    row_ids
        What each row is (e.g. user ids), when the caller knows; else ``None``.
    feature_names, top_features
        Names of the clustered features and, per label, the features most
        over-represented in it (when the caller computed them).
    selection
        How k was chosen (:class:`~synthpersona.segmentation.KSelection`: criterion, scores
        per k, ``clear`` (``False``: no clear segments) and the reason), for estimators
        that choose k by a criterion; ``None`` otherwise.
    feature_weights
        ``(d,)`` learned column weights when the estimator weighted the features
        (``feature_weighting``); ``centroids`` are then in the weighted space, column ``j``
        times ``sqrt(feature_weights[j])`` (``None``: the columns as given).
    """

    labels: np.ndarray
    k: int
    algorithm: str
    candidates: list[dict[str, Any]]
    centroids: np.ndarray | None = None
    silhouette: float = float("nan")
    silhouette_by_cluster: np.ndarray | None = None
    sampled: bool = False
    notes: list[str] = field(default_factory=list)
    estimator: Any = field(default=None, repr=False, compare=False)
    row_ids: np.ndarray | None = None
    feature_names: list[str] | None = None
    top_features: dict[int, list[str]] = field(default_factory=dict)
    selection: KSelection | None = None
    feature_weights: np.ndarray | None = None

    @property
    def n(self) -> int:
        """Number of clustered rows."""
        return int(self.labels.shape[0])

    @property
    def sizes(self) -> np.ndarray:
        """``(k,)`` number of rows in each cluster."""
        return np.bincount(self.labels, minlength=self.k)

    @property
    def size_pct(self) -> np.ndarray:
        """``(k,)`` share of rows in each cluster, in percent."""
        return 100.0 * self.sizes / max(len(self.labels), 1)

    def ordered_by_size(self) -> Clustering:
        """The same clustering with labels renumbered by size, largest first (ties keep their order).

        Examples
        --------
        >>> c = Clustering(labels=np.array([0, 1, 1]), k=2, algorithm="kmeans", candidates=[])
        >>> c.ordered_by_size().labels.tolist()
        [1, 0, 0]
        """
        order = np.argsort(-self.sizes, kind="stable")
        if (order == np.arange(self.k)).all():
            return self
        remap = np.empty_like(order)
        remap[order] = np.arange(self.k)
        return replace(
            self,
            labels=remap[self.labels],
            centroids=None if self.centroids is None else self.centroids[order],
            silhouette_by_cluster=None
            if self.silhouette_by_cluster is None
            else np.asarray(self.silhouette_by_cluster)[order],
            top_features={int(remap[c]): v for c, v in self.top_features.items()},
        )

    def to_frame(self) -> pd.DataFrame:
        """``row_id, cluster_id`` table (``row_id`` is the row position when ``row_ids`` is unset)."""
        ids = np.arange(self.n) if self.row_ids is None else self.row_ids
        return pd.DataFrame({"row_id": ids, "cluster_id": self.labels})

    def summary(self) -> dict[str, Any]:
        """JSON-friendly summary: k, silhouette, sizes, algorithm, top features and notes."""
        sil = None if not math.isfinite(self.silhouette) else round(float(self.silhouette), 4)
        return {
            "k": int(self.k),
            "silhouette": sil,
            "sizes": self.sizes.tolist(),
            "algorithm": self.algorithm,
            "top_features": {int(c): list(v) for c, v in self.top_features.items()},
            "notes": list(self.notes),
            "selection": None if self.selection is None else self.selection.summary(),
        }

    @property
    def clear(self) -> bool | None:
        """Whether the clusters are segments found in the data (``None``: not assessed)."""
        return None if self.selection is None else self.selection.clear


@dataclass
class Segmentation:
    """Outcome of :func:`~synthpersona.segmentation.segment`: people's features and their :class:`Clustering`.

    Attributes
    ----------
    clustering
        The clustering of ``X`` (labels, k, candidates, silhouette, centroids in ``X`` space...).
    centroids
        One row per label (the index) in ORIGINAL units: mean of every numeric
        population column and derived feature, share (0-1) of every boolean column,
        plus ``cluster_id``, ``cluster_size`` and ``cluster_size_pct``.
    X
        ``(n, d)`` float32 weighted feature matrix the clustering ran on (domain weights, and
        with ``feature_weighting`` also the learned ``clustering.feature_weights``).
    feature_names
        Names of the columns of ``X``.
    distances
        ``(n,)`` Euclidean distance of each row to its cluster's centroid in ``X`` space;
        the smallest mark the members nearest the centre (see :meth:`nearest_members`).
    domain
        Feature domain used (``general``, ``parenting``, ...).
    derived
        ``(n, m)`` derived domain features of every row (original row order, index reset).
    weights
        Domain weight of each input column of the feature pipeline.
    notes
        Remarks of the feature pipeline, then of the clustering.
    pipeline
        The fitted feature pipeline: ``pipeline.transform(people)`` gives other people's rows
        of ``X`` (used to assign a whole audience after segmenting a sample of it).
    """

    clustering: Clustering
    centroids: pd.DataFrame
    X: np.ndarray
    feature_names: list[str]
    distances: np.ndarray
    domain: str
    derived: pd.DataFrame
    weights: dict[str, float]
    notes: list[str] = field(default_factory=list)
    pipeline: Any = field(default=None, repr=False, compare=False)

    @property
    def labels(self) -> np.ndarray:
        """Cluster of every person (``clustering.labels``)."""
        return self.clustering.labels

    @property
    def k(self) -> int:
        """Number of segments (``clustering.k``)."""
        return self.clustering.k

    @property
    def n(self) -> int:
        """Number of people segmented."""
        return self.clustering.n

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
