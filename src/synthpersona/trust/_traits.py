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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["TraitShift", "segment_stats", "shifts_from_stats", "trait_shifts"]


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


def segment_stats(members: pd.DataFrame, numeric: Sequence[str] = ()) -> dict[str, Any]:
    """What :func:`shifts_from_stats` needs of one segment's members, small enough to store.

    ``numeric``: ``{column: [n, mean, variance]}`` (finite values, ``ddof=1``); every other
    column: ``{column: {value: count}}``.

    Examples
    --------
    >>> segment_stats(pd.DataFrame({"age": [20, 30], "tier": ["1", "1"]}), numeric=["age"])
    {'numeric': {'age': [2, 25.0, 50.0]}, 'counts': {'tier': {'1': 2}}}
    """
    out: dict[str, Any] = {"numeric": {}, "counts": {}}
    for col in members.columns:
        if col in numeric:
            a = pd.to_numeric(members[col], errors="coerce").to_numpy(np.float64)
            a = a[np.isfinite(a)]
            var = float(a.var(ddof=1)) if len(a) >= 2 else 0.0
            out["numeric"][col] = [len(a), float(a.mean()) if len(a) else 0.0, var]
        else:
            counts = members[col].astype(str).value_counts()
            out["counts"][col] = {str(v): int(c) for v, c in counts.items()}
    return out


def shifts_from_stats(
    old: Mapping[str, Any], new: Mapping[str, Any], *, alpha: float = 0.01, min_count: int = 5
) -> list[TraitShift]:
    """:func:`trait_shifts` from two :func:`segment_stats` (e.g. kept with stored runs).

    Means by Welch's t-test from the summary statistics, value shares by the two-proportion
    test; Holm over the pair; largest standardised change first.
    """
    from scipy.stats import ttest_ind_from_stats

    raw: list[tuple[str, float, float, float, float]] = []
    for col, (na, ma, va) in old.get("numeric", {}).items():
        if col not in new.get("numeric", {}):
            continue
        nb, mb, vb = new["numeric"][col]
        pooled = math.sqrt((va + vb) / 2)
        if na < 2 or nb < 2 or pooled == 0:
            continue
        p = float(ttest_ind_from_stats(ma, math.sqrt(va), na, mb, math.sqrt(vb), nb, equal_var=False).pvalue)
        raw.append((col, float(ma), float(mb), (mb - ma) / pooled, p))
    for col, ca in old.get("counts", {}).items():
        cb = new.get("counts", {}).get(col)
        if cb is None:
            continue
        na, nb = sum(ca.values()), sum(cb.values())
        if na == 0 or nb == 0:
            continue
        for value in sorted(set(ca) | set(cb)):
            xa, xb = int(ca.get(value, 0)), int(cb.get(value, 0))
            if max(xa, xb) < min_count:
                continue
            pa, pb, h, p = _share_test(xa, na, xb, nb)
            raw.append((f"{col}={value}", pa, pb, h, p))
    adjusted = _holm([r[4] for r in raw])
    shifts = [TraitShift(f, a, b, e, p, p < alpha) for (f, a, b, e, _), p in zip(raw, adjusted, strict=True)]
    return sorted(shifts, key=lambda t: (-abs(t.effect), t.feature))


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
    shared = [c for c in old.columns if c in new.columns]
    return shifts_from_stats(
        segment_stats(old[shared], numeric),
        segment_stats(new[shared], numeric),
        alpha=alpha,
        min_count=min_count,
    )
