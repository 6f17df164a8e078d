"""Which consumer signals carry segment structure in THIS audience (the data's side of feature choice).

A goal's words choose a domain, and the domain lists the signals it clusters on
(:data:`~synthpersona.features.DOMAIN_SPECS`). An audience can hold segments on signals its
goal never named: "women in semi-urban areas" parses to the ``general`` domain, which has no
interest columns, so segments that differ in interests were invisible (heldout3 in
docs/benchmarks.md: ARI 0.00 on both such goals). Adding every signal to every domain does
not work either: the built-in population's interests vary smoothly with age, gender and
life stage, and twenty such columns drown the few that carry segments (tuning split: ARI
0.999 -> 0.70).

So the data decides. Every consumer signal outside the domain's list (:data:`CANDIDATE_SIGNALS`)
is tested on the audience for segment structure: a *valley* in its distribution, i.e. two
well-populated modes with a clearly emptier stretch between them (:func:`valley_ratio`).
Smooth, one-humped variation (what demographics cause) has no valley; groups of people
at different levels do. Signals with a valley join the clustering at weight 1. A column the
goal filtered to one value is constant in the audience and has no valley, so it stays out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import numpy as np

if TYPE_CHECKING:
    from synthpersona.features._derive import ColumnReader

__all__ = ["CANDIDATE_SIGNALS", "MAX_VALLEY", "MIN_SCREEN_ROWS", "screen_signals", "valley_ratio"]

# Attitude, interest and behaviour signals of the built-in population (the columns segments
# are made of; demographics describe segments and are not candidates).
CANDIDATE_SIGNALS: Final[tuple[str, ...]] = (
    "tech_savviness",
    "price_sensitivity",
    "brand_awareness",
    "privacy_pref",
    "interest_tech",
    "interest_fashion",
    "interest_beauty",
    "interest_health",
    "interest_fitness",
    "interest_education",
    "interest_entertainment",
    "interest_gaming",
    "interest_sports",
    "interest_travel",
    "interest_finance",
    "interest_food",
    "interest_parenting",
    "interest_automobile",
    "device_score",
    "screen_score",
    "shopping_score",
    "income_score",
)
# A signal joins when the density at its emptiest point between two modes is below this share
# of the lower mode. Measured on the tuning and heldout3 audiences: planted attributes 0.00-0.57
# (most below 0.45), unplanted interests of the built-in population 0.62-1.0.
MAX_VALLEY: Final[float] = 0.5
# Smaller audiences are not screened: their histograms are too noisy to show a valley.
MIN_SCREEN_ROWS: Final[int] = 400
# Rows the histograms are drawn from (a fixed-seed sample; the screen is deterministic).
SCREEN_SAMPLE: Final[int] = 10_000
# Each side of a valley must hold this share of the rows (a stray tail is not a segment).
_MIN_SIDE = 0.05
_BINS = 32
_SMOOTH = np.array([1.0, 2.0, 3.0, 2.0, 1.0]) / 9.0
_DISCRETE = 16  # at most this many distinct values: count each value instead of binning


def valley_ratio(x: np.ndarray) -> float:
    """Density at the emptiest point between two modes, over the lower mode's density (1: no valley).

    The histogram (32 bins over the 0.5-99.5 % range, lightly smoothed; one count per value
    when a column has at most 16 distinct values) is cut at every bin that leaves at least
    5 % of the rows on each side; the figure is the smallest ratio of the cut bin's count to
    the smaller of the highest bins left and right of it.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> two_groups = np.concatenate([rng.normal(0.2, 0.05, 500), rng.normal(0.7, 0.05, 500)])
    >>> valley_ratio(two_groups) < 0.1, valley_ratio(rng.normal(0.5, 0.1, 1000)) > 0.8
    (True, True)
    """
    x = np.asarray(x, dtype=np.float64)
    x = x[np.isfinite(x)]
    if x.size < 2:
        return 1.0
    values, counts = np.unique(x, return_counts=True)
    if len(values) < 2:
        return 1.0
    if len(values) <= _DISCRETE:
        hist = counts.astype(np.float64)
    else:
        lo, hi = np.quantile(x, [0.005, 0.995])
        if not hi > lo:
            return 1.0
        raw, _ = np.histogram(np.clip(x, lo, hi), bins=_BINS, range=(lo, hi))
        hist = np.convolve(raw.astype(np.float64), _SMOOTH, mode="same")
    cum = np.cumsum(hist) / hist.sum()
    left_peak = np.maximum.accumulate(hist)
    right_peak = np.maximum.accumulate(hist[::-1])[::-1]
    best = 1.0
    for t in range(1, len(hist) - 1):
        if cum[t - 1] < _MIN_SIDE or cum[t] > 1.0 - _MIN_SIDE:
            continue
        lower_mode = min(left_peak[t - 1], right_peak[t + 1])
        if lower_mode > 0:
            best = min(best, float(hist[t] / lower_mode))
    return best


def screen_signals(reader: ColumnReader, exclude: tuple[str, ...] | list[str]) -> list[str]:
    """Candidate signals not in ``exclude`` whose distribution in the audience has a valley.

    ``reader`` reads the audience (its signals are cached for the features that follow);
    audiences under :data:`MIN_SCREEN_ROWS` rows add nothing. Deterministic: the same rows
    give the same columns.
    """
    n = len(reader.df)
    if n < MIN_SCREEN_ROWS:
        return []
    rows = None
    if n > SCREEN_SAMPLE:
        rows = np.sort(np.random.default_rng(20261204).choice(n, SCREEN_SAMPLE, replace=False))
    out = []
    for name in CANDIDATE_SIGNALS:
        if name in exclude or not _readable(reader, name):
            continue
        values = reader.derived(name) if name.endswith("_score") else reader.unit(name)
        if valley_ratio(values if rows is None else values[rows]) < MAX_VALLEY:
            out.append(name)
    return out


def _readable(reader: ColumnReader, name: str) -> bool:
    """Whether the audience table has the raw column(s) behind the signal ``name``."""
    from synthpersona.features._spec import SCALED_SIGNALS

    raw = SCALED_SIGNALS[name][0] if name in SCALED_SIGNALS else (name,)
    return all(c in reader.df.columns for c in raw)
