"""Segments of a goal that compares groups: the compared groups, each with its own structure.

A goal that asks to compare two sides of a demographic ("men and women", "urban vs rural
women", "how do parents differ from people without kids",
:func:`~synthpersona.goals._compare.compared_demographics`) wants personas of each side. Clustering
the whole audience answers another question: on the built-in population its segments were income
or price splits that mixed both sides, so no persona spoke for "women" or "men".

So the compared groups are the segments: every value of the compared column that holds at least
the smallest segment share (``min_cluster_pct``) is one group; the few rows of rarer values (the
population's non-binary people in "men vs women") join the nearest group's centre. Within each
group the same automatic clustering runs on that group's rows; when it finds clear segments
(:class:`~synthpersona.segmentation.KSelection` ``clear``), the group is split into them, so the
personas show how each side varies inside; otherwise the group stays whole. Only categorical or
true/false columns are compared this way (an age comparison keeps the whole-audience clustering).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from synthpersona.segmentation._cluster import cluster
from synthpersona.segmentation._metrics import SampleSilhouette, cluster_means
from synthpersona.segmentation._params import ClusteringParams
from synthpersona.segmentation._result import Clustering
from synthpersona.segmentation._selection import KSelection

__all__ = ["ComparedPredictor", "compared_segments"]

# A group is clustered inside only when it holds this many rows (fewer: too noisy to split).
MIN_GROUP_ROWS = 400
_SILHOUETTE_ROWS = 2_000


class ComparedPredictor:
    """Assigns people (rows of a population table) to compared-group segments, as at fit.

    ``matrix(frame)`` is the compared column's group code (``-1``: a value no group holds),
    then the feature pipeline's columns; :meth:`predict` reads the group, then the group's own
    clustering (when it was split). A value no group holds joins the nearest group's centre.
    """

    def __init__(
        self,
        column: str,
        names: list[str],
        pipeline: Any,
        centres: np.ndarray,
        inside: list[tuple[int, Any]],
    ):
        self.column = column
        self.names = names
        self.pipeline = pipeline
        self.centres = centres
        self.inside = inside  # per group: (its first label, its clustering's estimator or None)
        self.model = self

    def needed_columns(self) -> tuple[str, ...]:
        """The raw population columns :meth:`predict` reads."""
        return tuple(dict.fromkeys([self.column, *self.pipeline.named_steps["inputs"].needed_columns()]))

    def matrix(self, frame: pd.DataFrame) -> np.ndarray:
        """The group code of each row, then the pipeline's features."""
        index = {v: i for i, v in enumerate(self.names)}
        values = frame[self.column].astype(str).to_numpy()
        code = np.array([index.get(v, -1) for v in values], dtype=np.float64)
        return np.column_stack([code, np.asarray(self.pipeline.transform(frame), dtype=np.float64)])

    def predict(self, M: np.ndarray | pd.DataFrame) -> np.ndarray:
        """The segment of each row of ``matrix(frame)``, or of a raw ``frame`` (as ``MixedPredictor``)."""
        if isinstance(M, pd.DataFrame):  # raw rows, as back-testing and assignment pass them
            M = self.matrix(M)
        M = np.asarray(M, dtype=np.float64)
        group, F = M[:, 0].astype(np.int64), M[:, 1:]
        rare = group < 0
        if rare.any():
            group[rare] = ((F[rare][:, None, :] - self.centres[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
        out = np.empty(len(M), dtype=np.int64)
        for g, (first, est) in enumerate(self.inside):
            rows = group == g
            if rows.any():
                out[rows] = first + (np.asarray(est.predict(F[rows])) if est is not None else 0)
        return out


def _groups(df: pd.DataFrame, col: str, share: float) -> tuple[np.ndarray, list[str], np.ndarray] | None:
    """Each row's group code, the groups' values and a mask of rows in a rarer value; ``None``: < 2 groups."""
    if col not in df.columns or (pd.api.types.is_numeric_dtype(df[col]) and df[col].dtype != bool):
        return None
    values = df[col].astype(str).to_numpy()
    uniques, codes, counts = np.unique(values, return_inverse=True, return_counts=True)
    big = counts >= max(share * len(values), 2)
    if int(big.sum()) < 2:
        return None
    index = np.full(len(uniques), -1)
    index[big] = np.arange(int(big.sum()))
    group = index[codes]
    return group, [str(u) for u in uniques[big]], group < 0


def compared_segments(
    df: pd.DataFrame,
    features_X: np.ndarray,
    pipeline: Any,
    X: np.ndarray,
    whole: Clustering,
    params: ClusteringParams,
    compared: tuple[str, ...],
) -> Clustering | None:
    """The compared groups as segments (each split by its own clear segments); ``None``: no such column.

    ``features_X`` is the unweighted feature matrix (each group is clustered on its rows), ``X``
    the weighted one of the whole-audience clustering ``whole`` (centres and silhouettes of the
    returned segments live there, as for every segmentation of the goal workflow).
    """
    n = len(df)
    for col in compared:
        found = _groups(df.reset_index(drop=True), col, params.min_cluster_pct)
        if found is None:
            continue
        group, names, rare = found
        F = np.asarray(features_X, dtype=np.float64)
        centres = np.stack([F[group == g].mean(axis=0) for g in range(len(names))])
        if rare.any():  # rarer values join the nearest group's centre
            group[rare] = ((F[rare][:, None, :] - centres[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
        labels = np.empty(n, dtype=np.int64)
        parts: list[str] = []
        inside: list[tuple[int, Any]] = []
        k_inside = max(params.k_min, params.k_max // len(names))
        nxt = 0
        for g, name in enumerate(names):
            rows = np.flatnonzero(group == g)
            sub = None
            if len(rows) >= MIN_GROUP_ROWS and k_inside >= params.k_min:
                sub = cluster(features_X[rows], params.with_(k_max=k_inside), data="numeric")
                if sub.selection is None or not sub.selection.clear:
                    sub = None
            inside.append((nxt, None if sub is None else sub.estimator))
            if sub is None:
                labels[rows] = nxt
                parts.append(f"{name} (one segment)")
                nxt += 1
            else:
                labels[rows] = nxt + sub.labels
                parts.append(f"{name} ({sub.k} segments)")
                nxt += sub.k
        predictor = ComparedPredictor(col, names, pipeline, centres, inside)
        return _as_clustering(labels, nxt, X, whole, col, parts, params.random_state, predictor)
    return None


def _as_clustering(
    labels: np.ndarray,
    k: int,
    X: np.ndarray,
    whole: Clustering,
    col: str,
    parts: list[str],
    random_state: Any,
    predictor: ComparedPredictor,
) -> Clustering:
    seed = random_state if isinstance(random_state, int) else 0
    take = min(len(labels), _SILHOUETTE_ROWS)
    rows = np.sort(np.random.default_rng(seed).choice(len(labels), take, replace=False))
    sil, per_cluster = SampleSilhouette(X[rows]).score(labels[rows], k)
    reason = (
        f"k={k}: the goal compares {col}, so each compared group is a segment, split inside where its own "
        f"people form clear segments: {'; '.join(parts)}."
    )
    selection = KSelection(criterion="compared", k=k, clear=True, reason=reason, scores={})
    return Clustering(
        labels=labels,
        k=k,
        algorithm=whole.algorithm,
        candidates=list(whole.candidates),
        centroids=cluster_means(X, labels, k),
        silhouette=float(sil),
        silhouette_by_cluster=np.nan_to_num(per_cluster, nan=0.0),
        sampled=whole.sampled,
        notes=[reason, *whole.notes[1:]],
        estimator=predictor,
        selection=selection,
        feature_weights=whole.feature_weights,
    )
