"""Segments of a goal audience profiled against it, every number taken from the data."""

from __future__ import annotations

from pathlib import Path
from string import Template
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.model import GoalSegmentFacts, Segment
from synthpersona.personas._stats import (
    ClusterStats,
    TraitStat,
    compute_stats,
    mode_share,
    text_values,
    top_distinct,
    whole,
)

_TEMPLATES = Path(__file__).with_name("templates")


def _template(name: str) -> Template:
    lines = (_TEMPLATES / name).read_text(encoding="utf-8").splitlines()
    # Lines starting with '#' are the template's header (name, version, placeholders).
    return Template("\n".join(line for line in lines if not line.startswith("#")).strip())


def personas_per_cluster(size: int, total: int) -> int:
    """Three personas for clusters of at least 15 % of the audience (and 30 people), else two.

    Never more than the members that can be in the segment's nearest quartile
    (``size // 4 + 1``: the one at rank ``i`` has ``i / size`` of members nearer), so every
    persona is anchored where ``verify`` accepts it; a 3-person segment gets one persona.

    Examples
    --------
    >>> personas_per_cluster(900, 2000), personas_per_cluster(50, 2000), personas_per_cluster(3, 2000)
    (3, 2, 1)
    """
    if size < 2:
        return size
    wanted = 3 if size >= 30 and size >= 0.15 * total else 2
    return min(wanted, size // 4 + 1)


def _separation(centroids: np.ndarray, distances: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Nearest other centroid distance over the cluster's mean distance to its own centroid."""
    if k < 2:
        return np.full(k, np.inf)
    diff = centroids[:, None, :] - centroids[None, :, :]
    cdist = np.sqrt((diff**2).sum(-1))
    np.fill_diagonal(cdist, np.inf)
    spread = np.bincount(labels, weights=distances, minlength=k) / np.maximum(
        np.bincount(labels, minlength=k), 1
    )
    return cdist.min(axis=1) / np.maximum(spread, 1e-9)


def _unique_labels(traits: list[list[TraitStat]]) -> list[str]:
    """Labels from the top three distinct traits, extended until no two clusters share one.

    A trait is named by its word when the segment's absolute level backs it ("Affluent"),
    else by the comparative the contrast alone supports ("Higher Income").
    """
    depth = [3] * len(traits)
    for _ in range(4):
        labels = [
            " • ".join(s.label for s in top_distinct(t, d)) or "Mainstream"
            for t, d in zip(traits, depth, strict=True)
        ]
        dupes = {lab for lab in labels if labels.count(lab) > 1}
        if not dupes:
            return labels
        depth = [d + 1 if lab in dupes else d for d, lab in zip(depth, labels, strict=True)]
    return [f"{lab} ({i + 1})" if labels.count(lab) > 1 else lab for i, lab in enumerate(labels)]


def profile_clusters(
    df: pd.DataFrame,
    labels: np.ndarray,
    *,
    centroids: np.ndarray,
    distances: np.ndarray,
    silhouette_by_cluster: np.ndarray,
    stats: ClusterStats | None = None,
    id_column: str = "user_id",
) -> list[Segment]:
    """Profile each cluster of ``df`` against the whole of ``df`` (the filtered audience).

    Parameters
    ----------
    df
        The audience (population rows that matched the goal), population columns.
    labels
        Cluster of each row, ``0..k-1``; segment ids are 1-based (``label + 1``).
    centroids, distances
        Cluster centres in feature space and each row's distance to its centre.
    silhouette_by_cluster
        Mean silhouette of each cluster (cohesion).
    id_column
        Column naming the members (``member_ids``); row positions when ``df`` lacks it.

    Returns
    -------
    list of Segment
        With the goal workflow's :class:`~synthpersona.model.GoalSegmentFacts`; seed 000's
        cluster shape is :func:`synthpersona.views.seed000.cluster`.

    Examples
    --------
    >>> from synthpersona.population import generate
    >>> from synthpersona.segmentation import ClusteringParams, segment
    >>> df = generate(2000, random_state=0)
    >>> seg = segment(df, params=ClusteringParams(k_min=2, k_max=3))
    >>> segments = profile_clusters(df, seg.labels, centroids=seg.clustering.centroids,
    ...     distances=seg.distances, silhouette_by_cluster=seg.clustering.silhouette_by_cluster)
    >>> sum(s.size for s in segments) == len(df)
    True
    """
    k = int(centroids.shape[0])
    labels = np.asarray(labels)
    stats = stats or compute_stats(df, labels, k)
    n = len(df)
    sep = _separation(
        np.asarray(centroids, dtype=np.float64), np.asarray(distances, dtype=np.float64), labels, k
    )
    names = _unique_labels(stats.traits)
    ids = df[id_column].to_numpy() if id_column in df.columns else np.arange(n)
    segments = []
    for c in range(k):
        rows = np.flatnonzero(labels == c)
        members = df.iloc[rows]
        size = int(stats.sizes[c])
        top = top_distinct(stats.traits[c], 5)
        cohesion = float(silhouette_by_cluster[c]) if c < len(silhouette_by_cluster) else float("nan")
        statistics = _summary_statistics(members)
        segments.append(
            Segment(
                segment_id=c + 1,
                label=names[c],
                size=size,
                base=n,
                member_ids=np.asarray(ids[rows]),
                description=_description(size, n, statistics, top),
                statistics=statistics,
                evidence=[
                    s.to_evidence("cluster_label" if i < 3 else "top_traits", c + 1)
                    for i, s in enumerate(top)
                ],
                facts=GoalSegmentFacts(
                    icon=_icon(top),
                    personas_count=personas_per_cluster(size, n),
                    cohesion=cohesion,
                    separation=float(sep[c]),
                ),
            )
        )
    return segments


def _summary_statistics(members: pd.DataFrame) -> dict[str, Any]:
    """Unrounded profile statistics of one segment (the views round them)."""
    size = len(members)
    income, income_share = mode_share(members["income_level"])
    tier, tier_share = mode_share(members["city_tier"])
    media, media_share = mode_share(members["primary_media"])
    occupation, occupation_share = mode_share(members["occupation"])
    p10, med, p90 = np.percentile(members["age"].to_numpy(), [10, 50, 90]) if size else (0, 0, 0)
    return {
        "age_p10": float(p10),
        "age_median": float(med),
        "age_p90": float(p90),
        "income_level": income,
        "income_level_share": income_share,
        "city_tier": tier,
        "city_tier_share": tier_share,
        "primary_media": media,
        "primary_media_share": media_share,
        "occupation": occupation,
        "occupation_share": occupation_share,
        "female_share": float((text_values(members["gender"]) == "Female").mean()) if size else 0.0,
        "median_income_inr": float(np.median(members["monthly_income_inr"])) if size else 0.0,
        "emi_share": float(members["emi_flag"].mean()) if size else 0.0,
    }


def _description(size: int, n: int, st: dict[str, Any], top: list[TraitStat]) -> str:
    pct = round(100.0 * size / n, 1) if n else 0.0
    standout = ", ".join(s.describe() for s in top[:3]) or "no trait far from the audience average"
    return _template("cluster_description.txt").substitute(
        pct=f"{pct}",
        size=f"{size:,}",
        # "mostly" only for a majority: 50 % low income is not "mostly low income".
        mostly="mostly" if st["income_level_share"] > 0.5 else "most often",
        income=st["income_level"].lower(),
        income_share=f"{100 * st['income_level_share']:.0f}",
        tier=st["city_tier"],
        tier_share=f"{100 * st['city_tier_share']:.0f}",
        age=f"{whole(st['age_median'])}",
        p10=f"{whole(st['age_p10'])}",
        p90=f"{whole(st['age_p90'])}",
        occupation=st["occupation"].lower(),
        occupation_share=f"{100 * st['occupation_share']:.0f}",
        standout=standout,
        media=st["primary_media"],
        media_share=f"{100 * st['primary_media_share']:.0f}",
    )


def _icon(top: list[TraitStat]) -> str:
    icon = " ".join(dict.fromkeys(s.trait.icon for s in top if s.trait.icon)) if top else "👥"
    return " ".join(icon.split(" ")[:3])


def separation_label(ratio: float) -> str:
    """How far a segment stands from its nearest neighbour, in words."""
    if ratio >= 2.0:
        return "High Separation"
    if ratio >= 1.3:
        return "Medium Separation"
    return "Low Separation"
