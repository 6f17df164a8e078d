"""The candidates of the automatic-k search: run one algorithm over the k range, score a labelling.

:class:`~synthpersona.segmentation._auto.AutoKClustering` searches (algorithm, k) pairs;
each pair is a candidate row of ``Clustering.candidates`` made here: the labels an
algorithm gives (:func:`candidate_runs`) and their score against the structureless
reference with the eligibility rules (:func:`score_candidate`).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from synthpersona.segmentation._algorithms import RUNNERS, RunContext, run_hdbscan, run_kmeans
from synthpersona.segmentation._metrics import SampleSilhouette
from synthpersona.segmentation._selection import MIN_EFFECT, BackgroundReference, min_pair_effect

__all__ = ["Search", "candidate_runs", "compact", "score_candidate"]


def compact(labels: np.ndarray, k: int) -> tuple[np.ndarray, int]:
    """Renumber labels to 0..m-1 (dropping empty clusters); return them and m."""
    sizes = np.bincount(labels, minlength=k)
    if (sizes > 0).all():
        return labels, k
    remap = np.cumsum(sizes > 0) - 1
    return remap[labels], int((sizes > 0).sum())


@dataclass
class Search:
    """State of the search over algorithms and k: candidates table, best ones, rows fitted."""

    candidates: list[dict[str, Any]] = field(default_factory=list)
    best: dict[str, Any] | None = None  # best eligible candidate
    best_any: dict[str, Any] | None = None  # best candidate regardless of size
    eligible: list[dict[str, Any]] = field(default_factory=list)  # every eligible candidate with its labels
    fit_rows: dict[str, int] = field(default_factory=dict)
    scorer: Any = None  # the SampleSilhouette every candidate was scored with


def candidate_runs(
    alg: str, ctx: RunContext, ks: list[int], notes: list[str]
) -> Iterator[tuple[str, int, np.ndarray]]:
    """Yield ``(algorithm actually used, k, labels)`` for every candidate of ``alg``."""
    with warnings.catch_warnings():
        # Duplicate points make k-means warn; such candidates are detected (fewer distinct
        # clusters than k) and reported in the candidates list instead.
        warnings.simplefilter("ignore", ConvergenceWarning)
        runner = RUNNERS.get(alg)
        if runner is not None:
            for k, labels in runner(ctx, ks):
                yield alg, k, labels
            return
        found = run_hdbscan(ctx)
        if found is None:
            notes.append(
                "hdbscan found fewer than 2 dense clusters; fell back to kmeans with k chosen by silhouette."
            )
            for k, labels in run_kmeans(ctx, ks):
                yield "kmeans", k, labels
        else:
            yield alg, found[0], found[1]


def score_candidate(
    alg: str,
    k: int,
    labels: np.ndarray,
    n: int,
    scorer: SampleSilhouette,
    sil_index: np.ndarray,
    X: np.ndarray,
    reference: Mapping[int, float] | BackgroundReference,
    min_cluster_pct: float,
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """One candidate's row of the table: silhouette, excess over the reference, effect, eligibility.

    Returns the row and, when it could be scored, its state (``labels`` renumbered to
    ``0..k-1``, ``per_cluster`` silhouettes); the row is ``eligible`` when every cluster
    holds ``min_cluster_pct`` of the rows and every two clusters differ by ``MIN_EFFECT``.
    """
    labels, m = compact(np.asarray(labels, dtype=np.int64), k)
    sizes = np.bincount(labels, minlength=m)
    smallest = float(sizes.min() / n)
    cand: dict[str, Any] = {
        "algorithm": alg,
        "k": k,
        "silhouette": None,
        "smallest_cluster_pct": smallest,
        "eligible": False,
    }
    if m < k:
        cand["note"] = f"only {m} distinct cluster(s) found"
        return cand, None
    sil, per_cluster = scorer.score(labels[sil_index], k)
    if not math.isfinite(sil):
        cand["note"] = "silhouette sample holds fewer than 2 clusters"
        return cand, None
    cand["silhouette"] = sil
    ref = reference.get(k)
    cand["reference_silhouette"] = ref
    cand["excess"] = sil - (0.0 if ref is None else ref)
    effect = min_pair_effect(X[sil_index], labels[sil_index], k)
    cand["min_pair_effect"] = effect
    why_not = []
    if smallest < min_cluster_pct:
        why_not.append(f"smallest cluster {100 * smallest:.1f}% < {100 * min_cluster_pct:g}%")
    if effect < MIN_EFFECT:
        why_not.append(f"two clusters differ by only {effect:.2f} SD (< {MIN_EFFECT:g}) on every feature")
    cand["eligible"] = not why_not
    if why_not:
        cand["why_not"] = "; ".join(why_not)
    return cand, {"labels": labels, "per_cluster": per_cluster}
