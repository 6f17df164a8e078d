"""Cluster profiles in seed 000's response shape, every number taken from the data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.personas._stats import ClusterStats, TraitStat, compute_stats, mode_share, top_distinct

_TEMPLATES = Path(__file__).with_name("templates")


def _template(name: str) -> Template:
    lines = (_TEMPLATES / name).read_text(encoding="utf-8").splitlines()
    # Lines starting with '#' are the template's header (name, version, placeholders).
    return Template("\n".join(line for line in lines if not line.startswith("#")).strip())


@dataclass
class ClusterProfile:
    """A profiled cluster; :meth:`to_dict` gives seed 000's cluster shape plus evidence."""

    cluster_id: int  # 1-based, as in the seed
    cluster_label: str
    cluster_size: int
    cluster_size_pct: float
    cluster_description: str
    top_traits: list[str]
    representative_icon: str
    engagement_score: str
    demographics_summary: str
    personas_count: int
    cohesion: float
    separation: float
    traits: list[TraitStat] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    def evidence(self) -> list[dict[str, object]]:
        """Evidence for the label and top traits."""
        return [
            s.evidence("cluster_label" if i < 3 else "top_traits", self.cluster_id)
            for i, s in enumerate(self.traits)
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "cluster_id": self.cluster_id,
            "cluster_label": self.cluster_label,
            "cluster_size": self.cluster_size,
            "cluster_size_pct": self.cluster_size_pct,
            "cluster_description": self.cluster_description,
            "top_traits": self.top_traits,
            "representative_icon": self.representative_icon,
            "engagement_score": self.engagement_score,
            "demographics_summary": self.demographics_summary,
            "personas_count": self.personas_count,
            "summary": self.summary,
            "evidence": self.evidence(),
        }


def personas_per_cluster(size: int, total: int) -> int:
    """Three personas for clusters of at least 15 % of the audience (and 30 people), else two."""
    if size < 2:
        return size
    return 3 if size >= 30 and size >= 0.15 * total else 2


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


def _separation_label(ratio: float) -> str:
    if ratio >= 2.0:
        return "High Separation"
    if ratio >= 1.3:
        return "Medium Separation"
    return "Low Separation"


def _unique_labels(traits: list[list[TraitStat]]) -> list[str]:
    """Labels from the top three distinct traits, extended until no two clusters share one."""
    depth = [3] * len(traits)
    for _ in range(4):
        labels = [
            " • ".join(s.trait.label for s in top_distinct(t, d)) or "Mainstream"
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
) -> list[ClusterProfile]:
    """Profile each cluster of ``df`` against the whole of ``df`` (the filtered audience).

    Parameters
    ----------
    df
        The audience (population rows that matched the goal), population columns.
    labels
        Cluster of each row, ``0..k-1``.
    centroids, distances
        Cluster centres in feature space and each row's distance to its centre.
    silhouette_by_cluster
        Mean silhouette of each cluster (cohesion).

    Examples
    --------
    >>> from synthpersona.population import generate
    >>> from synthpersona.segmentation import segment
    >>> df = generate(2000, random_state=0)
    >>> seg = segment(df, k_min=2, k_max=3)
    >>> profiles = profile_clusters(df, seg.labels, centroids=seg.centroids_x,
    ...     distances=seg.distances, silhouette_by_cluster=seg.silhouette_by_cluster)
    >>> sum(p.cluster_size for p in profiles) == len(df)
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
    describe = _template("cluster_description.txt")
    profiles = []
    for c in range(k):
        members = df[labels == c]
        size = int(stats.sizes[c])
        pct = round(100.0 * size / n, 1) if n else 0.0
        top = top_distinct(stats.traits[c], 5)
        income, income_share = mode_share(members["income_level"])
        tier, tier_share = mode_share(members["city_tier"])
        media, media_share = mode_share(members["primary_media"])
        occupation, occupation_share = mode_share(members["occupation"])
        age = members["age"].to_numpy()
        p10, med, p90 = np.percentile(age, [10, 50, 90]) if size else (0, 0, 0)
        standout = ", ".join(s.describe() for s in top[:3]) or "no trait far from the audience average"
        cohesion = float(silhouette_by_cluster[c]) if c < len(silhouette_by_cluster) else float("nan")
        summary = {
            "age_p10": int(p10),
            "age_median": int(med),
            "age_p90": int(p90),
            "income_level": income,
            "income_level_share": round(income_share, 3),
            "city_tier": tier,
            "city_tier_share": round(tier_share, 3),
            "primary_media": media,
            "primary_media_share": round(media_share, 3),
            "occupation": occupation,
            "occupation_share": round(occupation_share, 3),
            "female_share": round(float((members["gender"].astype(str) == "Female").mean()), 3)
            if size
            else 0.0,
            "median_income_inr": int(np.median(members["monthly_income_inr"])) if size else 0,
        }
        description = describe.substitute(
            pct=f"{pct}",
            size=f"{size:,}",
            income=income.lower(),
            income_share=f"{100 * income_share:.0f}",
            tier=tier,
            tier_share=f"{100 * tier_share:.0f}",
            age=f"{med:.0f}",
            p10=f"{p10:.0f}",
            p90=f"{p90:.0f}",
            occupation=occupation.lower(),
            occupation_share=f"{100 * occupation_share:.0f}",
            standout=standout,
            media=media,
            media_share=f"{100 * media_share:.0f}",
        )
        icon = " ".join(dict.fromkeys(s.trait.icon for s in top if s.trait.icon)) if top else "👥"
        icon = " ".join(icon.split(" ")[:3])
        profiles.append(
            ClusterProfile(
                cluster_id=c + 1,
                cluster_label=names[c],
                cluster_size=size,
                cluster_size_pct=pct,
                cluster_description=description,
                top_traits=[s.describe()[:1].upper() + s.describe()[1:] for s in top],
                representative_icon=icon,
                engagement_score=f"Cohesion {cohesion:.2f} • {_separation_label(float(sep[c]))}",
                demographics_summary=f"{p10:.0f}-{p90:.0f} years • {income} income • {tier} cities",
                personas_count=personas_per_cluster(size, n),
                cohesion=round(cohesion, 4),
                separation=round(float(sep[c]), 3) if np.isfinite(sep[c]) else 0.0,
                traits=top,
                summary=summary,
            )
        )
    return profiles
