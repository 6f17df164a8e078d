"""Which traits of a persisting segment moved between two versions, by how much, and whether it is noise.

For a matched pair of segments (the same segment in two versions), every profile column
is compared on the members of each version: a numeric column by its mean (Welch's
t-test), a category by the share of each of its values (two-proportion z-test). The
effect is standardised (Cohen's d for means, Cohen's h for shares) so traits on
different scales can be ranked, and the p-values of one pair are adjusted together
(Holm), so "significant" holds for the pair's whole family of tests at ``alpha``. When
the two versions share people the samples are not independent and the tests are
conservative (the difference varies less than they assume).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["TraitShift", "trait_shifts"]


@dataclass(frozen=True)
class TraitShift:
    """One trait of a segment in two versions.

    ``feature`` is a numeric column or ``column=value``; ``old``/``new`` its mean or
    share; ``effect`` the standardised change (Cohen's d or h); ``p_value`` Holm-adjusted
    over the pair's tests.
    """

    feature: str
    old: float
    new: float
    effect: float
    p_value: float
    significant: bool


def _normal_p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


def _numeric_test(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float, float] | None:
    """Means, Cohen's d and Welch's p-value (``None``: too few values or no spread)."""
    from scipy.stats import ttest_ind

    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    if len(a) < 2 or len(b) < 2:
        return None
    pooled = math.sqrt((float(a.var(ddof=1)) + float(b.var(ddof=1))) / 2)
    if pooled == 0:
        return None
    p = float(ttest_ind(a, b, equal_var=False).pvalue)
    return float(a.mean()), float(b.mean()), (float(b.mean()) - float(a.mean())) / pooled, p


def _share_test(xa: int, na: int, xb: int, nb: int) -> tuple[float, float, float, float]:
    pa, pb = xa / na, xb / nb
    pool = (xa + xb) / (na + nb)
    se = math.sqrt(pool * (1 - pool) * (1 / na + 1 / nb))
    p = 1.0 if se == 0 else _normal_p((pb - pa) / se)
    h = 2 * math.asin(math.sqrt(pb)) - 2 * math.asin(math.sqrt(pa))
    return pa, pb, h, p


def _holm(p: Sequence[float]) -> list[float]:
    order = np.argsort(p)
    m = len(p)
    out = [1.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        out[i] = running
    return out


def trait_shifts(
    old: pd.DataFrame,
    new: pd.DataFrame,
    numeric: Sequence[str] = (),
    *,
    alpha: float = 0.01,
    min_count: int = 5,
) -> list[TraitShift]:
    """Every trait of one segment compared across two versions, largest standardised change first.

    Parameters
    ----------
    old, new
        The segment's members in each version (the same columns).
    numeric
        Columns compared by their mean; the others by the share of each value.
    alpha
        Significance level of the pair's tests together (Holm).
    min_count
        A value held by fewer members than this in both versions is not tested.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> a = pd.DataFrame({"age": rng.normal(30, 5, 400), "tier": rng.choice(["1", "2"], 400)})
    >>> b = pd.DataFrame({"age": rng.normal(34, 5, 400), "tier": rng.choice(["1", "2"], 400)})
    >>> top = trait_shifts(a, b, numeric=["age"])[0]
    >>> top.feature, top.significant, round(top.effect, 1)
    ('age', True, 0.8)
    >>> [t.significant for t in trait_shifts(a, b, numeric=["age"]) if t.feature.startswith("tier")]
    [False, False]
    """
    raw: list[tuple[str, float, float, float, float]] = []
    for col in [c for c in old.columns if c in new.columns]:
        if col in numeric:
            a = pd.to_numeric(old[col], errors="coerce").to_numpy(np.float64)
            b = pd.to_numeric(new[col], errors="coerce").to_numpy(np.float64)
            got = _numeric_test(a, b)
            if got is not None:
                raw.append((col, *got))
            continue
        ca = old[col].astype(str).value_counts()
        cb = new[col].astype(str).value_counts()
        na, nb = int(ca.sum()), int(cb.sum())
        if na == 0 or nb == 0:
            continue
        for value in ca.index.union(cb.index):
            xa, xb = int(ca.get(value, 0)), int(cb.get(value, 0))
            if max(xa, xb) < min_count:
                continue
            pa, pb, h, p = _share_test(xa, na, xb, nb)
            raw.append((f"{col}={value}", pa, pb, h, p))
    adjusted = _holm([r[4] for r in raw])
    shifts = [TraitShift(f, a, b, e, p, p < alpha) for (f, a, b, e, _), p in zip(raw, adjusted, strict=True)]
    return sorted(shifts, key=lambda t: (-abs(t.effect), t.feature))
