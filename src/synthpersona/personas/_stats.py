"""Per-cluster statistics against the filtered audience, computed vectorised.

Everything a label, description or persona says comes from a :class:`TraitStat`
computed here, so claims can be traced back (``evidence``) and re-computed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from synthpersona.model import Evidence
from synthpersona.personas._traits import CATEGORICAL_TRAITS, NUMERIC_TRAITS, Trait, band, noun
from synthpersona.personas.rules import (
    MIN_ABS_DIFF,
    MIN_ABS_UNIT,
    MIN_EFFECT,
    MIN_REL_INCOME,
    MIN_SHARE,
    WORD,
    WordRule,
    trait_rule,
)
from synthpersona.schema import Col

# The thresholds of the goal's trait words live with every other word rule (``rules``):
# a contrast of ``MIN_EFFECT`` audience SDs and ``MIN_ABS_DIFF`` / ``MIN_ABS_UNIT`` /
# ``MIN_REL_INCOME`` in the column's unit, a categorical value's share of ``MIN_SHARE``.
__all__ = ["MIN_ABS_DIFF", "MIN_ABS_UNIT", "MIN_EFFECT", "MIN_REL_INCOME", "MIN_SHARE"]

# Columns that express the same concept; a label uses at most one of each group.
CONCEPT = {
    Col.MONTHLY_INCOME_INR: "income",
    Col.INCOME_LEVEL: "income",
    Col.HAS_CHILDREN: "children",
    Col.PARENTING_STAGE: "children",
}


@dataclass(frozen=True)
class TraitStat:
    """One trait of one cluster with the numbers behind it."""

    trait: Trait
    cluster_value: float  # mean (numeric, bool share) or share of the value (categorical)
    audience_value: float
    effect: float  # standardised difference, signed in the trait's direction (> 0)
    statistic: str  # "mean", "share" or "value_share"
    spread: float  # the audience's standard deviation (numeric) or sqrt(p (1 - p)) (categorical)

    @property
    def rule(self) -> WordRule:
        """The word's rule (``personas.rules``): its absolute cut and its contrast cut."""
        return trait_rule(self.trait)

    @property
    def concept(self) -> str:
        return CONCEPT.get(self.trait.column, self.trait.column)

    @property
    def level(self) -> str:
        """The segment's absolute level (``"low"``, ``"mid"``, ``"high"``; ``"is"`` for categories)."""
        if self.statistic == "value_share":
            return "is"
        return band(self.trait.column, self.cluster_value)

    @property
    def true_twice(self) -> bool:
        """Whether the word holds both against the audience and in absolute terms.

        The word's :class:`~synthpersona.personas.rules.WordRule` judges it: the contrast
        (``effect >= MIN_EFFECT``, which every computed stat has) and the absolute level
        (a numeric word needs the segment's level in the word's own band, "Affluent" a high
        income, not just a higher one; a categorical one a majority, ``MIN_SHARE``).
        """
        return self.rule.verdict(self.cluster_value, self.audience_value, self.spread) == WORD

    @property
    def claim(self) -> str:
        """The words for this stat: the trait's phrase when true twice, else the precise contrast.

        ``"higher income than the audience, still low"``: both facts, neither dropped.
        """
        if self.true_twice:
            return self.trait.phrase
        return contrast_phrase(self.trait.column, self.trait.direction, self.level)

    @property
    def label(self) -> str:
        """Short words for a segment label: the trait's label when true twice, else a comparative."""
        return (
            self.trait.label
            if self.true_twice
            else comparative_label(self.trait.column, self.trait.direction)
        )

    def to_evidence(self, field: str, segment_id: int) -> Evidence:
        """The evidence linking a claim about ``field`` of segment ``segment_id`` to this statistic.

        ``thresholds`` are the rule's: the contrast cut-offs and the absolute bands.
        """
        return self.rule.evidence(
            field,
            self.cluster_value,
            self.audience_value,
            claim=self.claim,
            segment_id=segment_id,
            spread=self.spread,
        )

    def describe(self) -> str:
        """Human text with the numbers, e.g. ``high tech savviness (0.78 vs 0.52 overall)``."""
        return describe(self.to_evidence("", 0))


def contrast_phrase(column: str, direction: str, level: str) -> str:
    """A contrast with the audience that the absolute level does not back, said precisely.

    Examples
    --------
    >>> contrast_phrase("monthly_income_inr", "high", "low")
    'higher income than the audience, still low'
    >>> contrast_phrase("age", "low", "mid")
    'younger than the audience, still middle-aged'
    """
    if column == "age":
        words = {"low": "young", "mid": "middle-aged", "high": "older"}
        return f"{'older' if direction == 'high' else 'younger'} than the audience, still {words[level]}"
    more = "higher" if direction == "high" else "lower"
    where = {"low": "still low", "mid": "mid-range", "high": "still high"}[level]
    return f"{more} {noun(column)} than the audience, {where}"


def comparative_label(column: str, direction: str) -> str:
    """A label that says only what the contrast says: ``"Higher Income"``, ``"Younger"``.

    Examples
    --------
    >>> comparative_label("interest_tech", "high"), comparative_label("age", "low")
    ('Higher Interest in Tech', 'Younger')
    """
    if column == "age":
        return "Older" if direction == "high" else "Younger"
    words = noun(column).split(" ")
    title = " ".join(w if w in ("in", "of") else w[:1].upper() + w[1:] for w in words)
    return f"{'Higher' if direction == 'high' else 'Lower'} {title}"


def whole(value: float) -> int:
    """``value`` rounded half up (the one rounding of ages: summaries and descriptions agree).

    Examples
    --------
    >>> whole(33.5), whole(34.5), whole(20.4)
    (34, 35, 20)
    """
    return int(np.floor(value + 0.5))


def describe(ev: Evidence) -> str:
    """A trait claim with its numbers: ``high tech savviness (0.78 vs 0.52 overall)``."""
    baseline = fmt_value(ev, audience=True) if ev.baseline is not None else "?"
    return f"{ev.claim} ({fmt_value(ev)} vs {baseline} overall)"


def fmt_value(ev: Evidence, *, audience: bool = False) -> str:
    """Format the value (or the baseline) of a statistic in its natural unit."""
    v = (ev.baseline or 0.0) if audience else ev.value
    col = ev.column
    if ev.statistic in ("share", "value_share"):
        return f"{100 * v:.0f}%"
    if col == Col.MONTHLY_INCOME_INR:
        return f"₹{v / 1000:.0f}K/month"
    if col == Col.AGE:
        return f"{v:.0f} yrs"
    if col in (Col.DEVICE_COUNT, Col.DAILY_SCREEN_HOURS, Col.ONLINE_SHOPPING_FREQ, Col.FAMILY_SIZE):
        return f"{v:.1f}"
    return f"{v:.2f}"


@dataclass
class ClusterStats:
    """Statistics of every cluster of one segmentation."""

    k: int
    sizes: np.ndarray
    traits: list[list[TraitStat]]  # per cluster, sorted by effect, strongest first
    numeric_means: pd.DataFrame  # k x numeric columns
    audience_means: pd.Series


def compute_stats(df: pd.DataFrame, labels: np.ndarray, k: int) -> ClusterStats:
    """Compute every trait statistic of every cluster in one pass per column."""
    labels = np.asarray(labels)
    sizes = np.bincount(labels, minlength=k).astype(np.int64)
    safe_sizes = np.maximum(sizes, 1)
    per_cluster: list[list[TraitStat]] = [[] for _ in range(k)]

    numeric_cols = sorted({t.column for t in NUMERIC_TRAITS if t.column in df.columns})
    means: dict[str, np.ndarray] = {}
    audience: dict[str, float] = {}
    for col in numeric_cols:
        values = df[col].to_numpy(dtype=np.float64)
        sums = np.bincount(labels, weights=values, minlength=k)
        means[col] = sums / safe_sizes
        audience[col] = float(values.mean())
        sd = float(values.std())
        is_share = df[col].dtype == bool
        if sd <= 1e-12:
            continue
        for trait in (t for t in NUMERIC_TRAITS if t.column == col):
            rule = trait_rule(trait)
            signed = rule.effects(means[col], audience[col], sd)
            for c in range(k):
                if sizes[c] and signed[c] >= rule.contrast:
                    per_cluster[c].append(
                        TraitStat(
                            trait,
                            float(means[col][c]),
                            audience[col],
                            float(signed[c]),
                            "share" if is_share else "mean",
                            sd,
                        )
                    )

    text: dict[str, np.ndarray] = {}
    for trait in CATEGORICAL_TRAITS:
        if trait.column not in df.columns:
            continue
        hit = (_as_text(df[trait.column], text) == trait.value).astype(np.float64)
        p = float(hit.mean())
        if p <= 0.0 or p >= 1.0:
            continue
        shares = np.bincount(labels, weights=hit, minlength=k) / safe_sizes
        rule, spread = trait_rule(trait), float(np.sqrt(p * (1 - p)))
        effect = rule.effects(shares, p, spread)
        for c in range(k):
            if sizes[c] and rule.level_holds(float(shares[c])) and effect[c] >= rule.contrast:
                per_cluster[c].append(
                    TraitStat(trait, float(shares[c]), p, float(effect[c]), "value_share", spread)
                )

    for lst in per_cluster:
        lst.sort(key=lambda s: (-s.effect, s.trait.column, s.trait.direction))
    return ClusterStats(
        k=k,
        sizes=sizes,
        traits=per_cluster,
        numeric_means=pd.DataFrame(means, index=pd.RangeIndex(k, name="cluster")),
        audience_means=pd.Series(audience),
    )


def _as_text(series: pd.Series, cache: dict[str, np.ndarray]) -> np.ndarray:
    """A column's values as text, once per column."""
    key = str(series.name)
    if key not in cache:
        cache[key] = text_values(series)
    return cache[key]


def text_values(series: pd.Series) -> np.ndarray:
    """``series.astype(str)`` as an object array; categories map their codes, not every row.

    Examples
    --------
    >>> text_values(pd.Series(["a", None, "b"], dtype="category")).tolist()
    ['a', 'nan', 'b']
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = np.append(series.cat.categories.astype(str).to_numpy(dtype=object), "nan")
        return cats[series.cat.codes.to_numpy()]  # code -1 (missing) -> "nan"
    return series.astype(str).to_numpy(dtype=object)


def top_distinct(stats: list[TraitStat], n: int, *, skip: int = 0) -> list[TraitStat]:
    """The ``n`` strongest traits with at most one per concept (column group)."""
    seen: set[str] = set()
    out: list[TraitStat] = []
    for s in stats:
        if s.concept in seen:
            continue
        seen.add(s.concept)
        out.append(s)
    return out[skip : skip + n]


def mode_share(series: pd.Series) -> tuple[str, float]:
    """Most common value of ``series`` (as text) and its share; ties go to the first in text order.

    Categories are counted by code (no per-row text conversion), so this stays fast on
    large segments.

    Examples
    --------
    >>> mode_share(pd.Series(["b", "a", "b", "a", "c"]))
    ('a', 0.4)
    """
    n = len(series)
    if n == 0:
        return "Unknown", 0.0
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        counts = np.bincount(codes[codes >= 0], minlength=len(series.cat.categories))
        names = series.cat.categories.astype(str).to_numpy(dtype=object)
        missing = int((codes < 0).sum())
        if missing:
            names, counts = np.append(names, "nan"), np.append(counts, missing)
    else:
        names, counts = np.unique(series.astype(str).to_numpy(dtype=object), return_counts=True)
    order = np.lexsort((names.astype(str), -counts))  # most common first, then by text
    return str(names[order[0]]), float(counts[order[0]]) / n
