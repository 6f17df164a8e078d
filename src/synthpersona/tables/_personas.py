"""Per-cluster profiles and personas: conversion metrics, distributions, names, narratives.

Everything is counted from category codes with ``np.bincount`` (one pass per
column), so a million rows cost milliseconds. Percentages are rounded with the
largest-remainder method so that every distribution (top values + ``Other``) and
the cluster shares add up to exactly 100.0.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from synthpersona._stats import wilson_interval
from synthpersona.tables._columns import UNKNOWN
from synthpersona.tables._types import PreparedColumn

__all__ = [
    "ConversionMetrics",
    "Persona",
    "build_personas",
    "concentration_level",
    "conversion_metrics",
    "round_to_100",
    "value_tier",
]

_TOP = 3
# role -> (section, key in the seed's personas.json)
SECTIONS: dict[str, tuple[str, str]] = {
    "seniority": ("demographics", "seniority"),
    "experience": ("demographics", "experience"),
    "age": ("demographics", "age"),
    "gender": ("demographics", "gender"),
    "state": ("geography", "states"),
    "industry": ("professional", "industry"),
    "job_title": ("professional", "titles"),
    "education": ("professional", "education"),
    "lead_source": ("acquisition", "lead_sources"),
}


def value_tier(rate_pct: float) -> str:
    """The seed's value tier of a conversion rate in percent.

    Examples
    --------
    >>> [value_tier(r) for r in (50, 49.9, 25, 10, 5, 4.9)]
    ['PREMIUM', 'HIGH', 'HIGH', 'MEDIUM', 'LOW', 'MINIMAL']
    """
    if rate_pct >= 50:
        return "PREMIUM"
    if rate_pct >= 25:
        return "HIGH"
    if rate_pct >= 10:
        return "MEDIUM"
    if rate_pct >= 5:
        return "LOW"
    return "MINIMAL"


def concentration_level(top_share_pct: float) -> str:
    """Geographic concentration: High (> 70 %), Medium (40-70 %), Low (< 40 %)."""
    if top_share_pct > 70:
        return "High"
    if top_share_pct >= 40:
        return "Medium"
    return "Low"


def round_to_100(values: np.ndarray, decimals: int = 1) -> list[float]:
    """Percentages of ``values`` rounded so they add up to exactly 100 (largest remainder).

    Examples
    --------
    >>> round_to_100(np.array([1, 1, 1]))
    [33.4, 33.3, 33.3]
    """
    total = float(np.sum(values))
    if total <= 0:
        return [0.0] * len(values)
    unit = 10**decimals
    raw = np.asarray(values, dtype=np.float64) * 100.0 * unit / total
    floor = np.floor(raw).astype(np.int64)
    short = int(100 * unit - floor.sum())
    order = np.argsort(-(raw - floor), kind="stable")
    floor[order[:short]] += 1
    return [round(float(v) / unit, decimals) for v in floor]


@dataclass
class ConversionMetrics:
    """Conversion of one group: the seed's fields plus a Wilson 95 % interval and lift."""

    conversion_rate: float
    value_tier: str
    conversions: int
    non_conversions: int
    total_records: int
    unknown_outcomes: int = 0
    ci_low: float = 0.0
    ci_high: float = 0.0
    lift: float = 1.0


def conversion_metrics(
    conv: int, non_conv: int, unknown: int, overall_rate: float | None
) -> ConversionMetrics:
    """Metrics of a group with ``conv`` conversions and ``non_conv`` non-conversions (rates in percent)."""
    known = conv + non_conv
    rate = 100.0 * conv / known if known else 0.0
    lo, hi = (100.0 * x for x in wilson_interval(conv, known)) if known else (0.0, 0.0)
    lift = rate / overall_rate if overall_rate else 0.0
    return ConversionMetrics(
        conversion_rate=round(rate, 1),
        value_tier=value_tier(rate),
        conversions=int(conv),
        non_conversions=int(non_conv),
        total_records=int(known + unknown),
        unknown_outcomes=int(unknown),
        ci_low=round(lo, 1),
        ci_high=round(hi, 1),
        lift=round(lift, 2),
    )


@dataclass
class Persona:
    """One cluster described as a persona (the seed's personas.json entry, plus extras)."""

    persona_id: str
    rank: int
    persona_name: str
    cluster_id: int
    cluster_size: int
    cluster_percentage: float
    conversion_metrics: ConversionMetrics | None
    demographics: dict[str, Any] = field(default_factory=dict)
    geography: dict[str, Any] = field(default_factory=dict)
    professional: dict[str, Any] = field(default_factory=dict)
    acquisition: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    distinctive: list[dict[str, Any]] = field(default_factory=list)
    narrative: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict in the seed's shape (sections without data are left out)."""
        d = asdict(self)
        for key in ("demographics", "geography", "professional", "acquisition", "attributes"):
            if not d[key]:
                d.pop(key)
        if d["conversion_metrics"] is None:
            d.pop("conversion_metrics")
        return d


def _distribution(counts: np.ndarray, levels: list[str]) -> dict[str, float]:
    """Top values of one cluster with their share (%), plus ``Other``; adds up to 100."""
    total = counts.sum()
    if total == 0:
        return {}
    order = [i for i in np.argsort(-counts, kind="stable") if counts[i] > 0]
    top = order[:_TOP]
    rest = int(counts.sum() - counts[top].sum())
    vals = [*counts[top].tolist(), *([rest] if rest else [])]
    names = [levels[i] for i in top] + (["Other"] if rest else [])
    return dict(zip(names, round_to_100(np.asarray(vals)), strict=True))


def _label(column: PreparedColumn, value: str) -> str:
    short = len(value) <= 3 or value.replace(".", "", 1).replace("-", "", 1).isdigit()
    return f"{column.name} {value}" if short or column.kind == "numeric" else value


def build_personas(
    labels: np.ndarray,
    k: int,
    columns: list[PreparedColumn],
    outcome: tuple[np.ndarray, np.ndarray] | None,
    titles: PreparedColumn | None = None,
) -> tuple[list[Persona], ConversionMetrics | None]:
    """Profile each cluster and turn it into a persona; return them ranked, with the overall metrics.

    Parameters
    ----------
    labels
        ``(n,)`` cluster of every row, ``0 .. k-1``.
    columns
        Prepared feature columns (their ``role`` decides the persona section).
    outcome
        ``(is_true, is_known)`` of the target flag, or ``None`` when there is no target.
    titles
        The job-title column as raw (cleaned) titles, for the "titles" entry.
    """
    sizes = np.bincount(labels, minlength=k)
    n = int(sizes.sum())
    shares = round_to_100(sizes)
    overall: ConversionMetrics | None = None
    per_cluster: list[ConversionMetrics | None] = [None] * k
    if outcome is not None:
        truth, known = outcome
        conv = np.bincount(labels, weights=truth & known, minlength=k).astype(np.int64)
        non = np.bincount(labels, weights=~truth & known, minlength=k).astype(np.int64)
        unk = sizes - conv - non
        c_all, n_all = int(conv.sum()), int(non.sum())
        overall_rate = 100.0 * c_all / (c_all + n_all) if c_all + n_all else 0.0
        overall = conversion_metrics(c_all, n_all, int(unk.sum()), overall_rate)
        per_cluster = [
            conversion_metrics(int(conv[c]), int(non[c]), int(unk[c]), overall_rate) for c in range(k)
        ]

    overall_share = {
        col.name: np.bincount(col.codes, minlength=len(col.levels)) / max(n, 1) for col in columns
    }
    tables = {
        col.name: np.bincount(labels * len(col.levels) + col.codes, minlength=k * len(col.levels)).reshape(
            k, len(col.levels)
        )
        for col in columns
    }
    title_table = None
    if titles is not None:
        m = len(titles.levels)
        title_table = np.bincount(labels * m + titles.codes, minlength=k * m).reshape(k, m)

    personas: list[Persona] = []
    for c in range(k):
        p = Persona(
            persona_id="",
            rank=0,
            persona_name="",
            cluster_id=c,
            cluster_size=int(sizes[c]),
            cluster_percentage=shares[c],
            conversion_metrics=per_cluster[c],
        )
        for col in columns:
            dist = _distribution(tables[col.name][c], col.levels)
            role = "seniority" if col.kind == "title" else col.role
            if role in SECTIONS:
                section, key = SECTIONS[role]
                getattr(p, section)[key] = dist
            else:
                p.attributes[col.name] = dist
        if title_table is not None and titles is not None:
            p.professional["titles"] = _distribution(title_table[c], titles.levels)
        if "states" in p.geography:
            top = next(iter(p.geography["states"].values()), 0.0)
            p.geography["concentration"] = top
            p.geography["concentration_level"] = concentration_level(top)
        p.distinctive = _distinctive(tables, overall_share, columns, c, sizes[c])
        personas.append(p)
    _name(personas, columns, tables)
    ranked = sorted(
        personas,
        key=lambda q: (
            -(q.conversion_metrics.conversion_rate if q.conversion_metrics else 0.0),
            -q.cluster_size,
            q.cluster_id,
        ),
    )
    for r, q in enumerate(ranked, start=1):
        q.rank = r
        q.persona_id = f"cluster-{q.cluster_id}"
        q.narrative = _narrative(q, overall)
    return ranked, overall


def _distinctive(
    tables: dict[str, np.ndarray],
    overall_share: dict[str, np.ndarray],
    columns: list[PreparedColumn],
    c: int,
    size: int,
) -> list[dict[str, Any]]:
    traits: list[dict[str, Any]] = []
    for col in columns:
        share = tables[col.name][c] / max(size, 1)
        for i, lv in enumerate(col.levels):
            if lv in (UNKNOWN, "Other") or share[i] < 0.2 or overall_share[col.name][i] <= 0:
                continue
            lift = share[i] / overall_share[col.name][i]
            if lift >= 1.2:
                traits.append(
                    {
                        "column": col.name,
                        "value": lv,
                        "label": _label(col, lv),
                        "share": round(100 * float(share[i]), 1),
                        "overall_share": round(100 * float(overall_share[col.name][i]), 1),
                        "lift": round(float(lift), 2),
                    }
                )
    traits.sort(key=lambda t: (-t["lift"] * math.sqrt(t["share"]), t["column"], t["value"]))
    return traits[:5]


def _top_value(table: np.ndarray, levels: list[str]) -> str | None:
    order = [i for i in np.argsort(-table, kind="stable") if levels[i] not in (UNKNOWN, "Other")]
    return levels[order[0]] if order else None


def _name(personas: list[Persona], columns: list[PreparedColumn], tables: dict[str, np.ndarray]) -> None:
    by_role = {("seniority" if col.kind == "title" else col.role): col for col in columns}
    lead, where = by_role.get("seniority"), by_role.get("industry")
    for p in personas:
        parts: list[str] = []
        if lead is not None and where is not None:
            a = _top_value(tables[lead.name][p.cluster_id], lead.levels)
            b = _top_value(tables[where.name][p.cluster_id], where.levels)
            parts = [f"{a} in {b}"] if a and b else [x for x in (a, b) if x]
        if not parts:
            parts = [t["label"] for t in p.distinctive[:2]]
        if not parts:
            parts = [f"Segment {p.cluster_id + 1}"]
        p.persona_name = " · ".join(parts)
    # the seed names from the top seniority and industry only; two clusters can share that name,
    # so clashing names get their most distinctive trait appended
    seen: dict[str, list[Persona]] = {}
    for p in personas:
        seen.setdefault(p.persona_name, []).append(p)
    for group in seen.values():
        if len(group) > 1:
            for p in group:
                extra = next((t["label"] for t in p.distinctive if t["label"] not in p.persona_name), None)
                p.persona_name = (
                    f"{p.persona_name} · {extra}" if extra else f"{p.persona_name} ({p.cluster_id})"
                )
    for p in personas:
        if p.conversion_metrics is not None:
            p.persona_name = f"{p.persona_name} [{p.conversion_metrics.value_tier} VALUE]"


def _narrative(p: Persona, overall: ConversionMetrics | None) -> str:
    who = p.persona_name.split(" [")[0]
    text = [f"{who}: {p.cluster_size:,} records ({p.cluster_percentage:.1f}% of the table)."]
    m = p.conversion_metrics
    if m is not None and overall is not None:
        versus = "above" if m.lift > 1.05 else "below" if m.lift < 0.95 else "in line with"
        text.append(
            f"They convert at {m.conversion_rate:.1f}% (95% CI {m.ci_low:.1f}-{m.ci_high:.1f}%), "
            f"{versus} the "
            f"overall {overall.conversion_rate:.1f}% (lift {m.lift:.2f}x): {m.value_tier.lower()} value."
        )
    if p.distinctive:
        traits = ", ".join(
            f"{t['label']} ({t['share']:.0f}% vs {t['overall_share']:.0f}% overall)"
            for t in p.distinctive[:3]
        )
        text.append(f"Stand-out traits: {traits}.")
    if "states" in p.geography:
        top_state = next(iter(p.geography["states"]), None)
        level = p.geography.get("concentration_level", "").lower()
        text.append(f"Geography: {level} concentration, led by {top_state}.")
    sources = p.acquisition.get("lead_sources")
    if sources:
        best = [s for s in sources if s != "Other"][:2]
        text.append(f"Mostly reached through {' and '.join(best)}.")
    return " ".join(text)
