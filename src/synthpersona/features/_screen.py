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

Groups often differ on two or three signals *together*, each by less than a full level: then
no single signal has a valley, but the sum or the difference of two standardised signals
does (the group sits apart along their diagonal). So every pair of candidate signals (and
the domain's own) is also screened along both diagonals (:func:`pair_valleys`), with a
stricter cut (:data:`MAX_PAIR_VALLEY`, since there are hundreds of pairs); the signals of a
pair with a valley that the domain does not already hold join too. Measured on audiences of
the built-in population without planted groups: the lowest pair valley that would have
added a signal was 0.52 (interest in automobiles with income among parents); planted
joint groups (tuning5 split): 0.02-0.40.

Groups that move three or more signals together can leave no valley on any single signal or
pair; the direction joining them is then where the data varies most. So the leading
principal components of the standardised candidate signals (:data:`PC_COMPONENTS`) are
screened too (:func:`component_valleys`, cut :data:`MAX_PC_VALLEY`), and the signals loading
on a component with a valley join. Built-in population audiences (no planted groups): 0.95-1.0;
planted joint groups: 0.2-0.7. A joint view (pair or component) counts only when its valley is
clearly deeper than each of its signals' own (:data:`JOINT_GAIN`): a single two-humped signal
leaves a valley on every diagonal it is part of, which says nothing about its partners.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import numpy as np

if TYPE_CHECKING:
    from synthpersona.features._derive import ColumnReader

__all__ = [
    "CANDIDATE_SIGNALS",
    "JOINT_GAIN",
    "MAX_CONFIRMED_VALLEY",
    "MAX_DOMAIN_VALLEY",
    "MAX_PAIR_VALLEY",
    "MAX_VALLEY",
    "MIN_SCREEN_ROWS",
    "VALLEY_Z",
    "component_valleys",
    "pair_valleys",
    "screen",
    "screen_categoricals",
    "screen_signals",
    "valley_ratio",
]

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
# A signal of the goal's own domain (already clustered on) LEADS, at the screened weight, when the
# upper confidence bound of its valley (counts moved VALLEY_Z Poisson SD against the valley) is below
# this. Two groups 3.5 SD apart at shares 1:2 leave a valley of only ~0.6 (two Gaussians), so 0.5
# missed one-signal segments (heldout6, seen: 0.62-0.76); the bound keeps sampling noise out (1,000
# uniform rows read 0.66 as a point figure, >= 0.86 as the bound). Not used to ADD signals: the
# built-in population's interest in tech is two-humped by gender (0.55-0.64), a demographic split.
MAX_DOMAIN_VALLEY: Final[float] = 0.75
VALLEY_Z: Final[float] = 1.0
# The cut for the diagonal of two signals (sum or difference of their standardised values).
MAX_PAIR_VALLEY: Final[float] = 0.4
# A pair's diagonal that passes MAX_PAIR_VALLEY in bulk is re-measured on its own quantile range,
# where it must stay below this (:func:`_confirmed`).
MAX_CONFIRMED_VALLEY: Final[float] = 0.65
# A floor or ceiling value holding this share of the rows is left out of a joint view's re-measure.
JOINT_EDGE_SPIKE: Final[float] = 0.01
# The axis-free view: the leading principal components of the standardised candidate signals
# (segments that move several signals together are where the variance is) are screened for a
# valley too, with this cut; the signals that load on a component with a valley join.
PC_COMPONENTS: Final[int] = 6
MAX_PC_VALLEY: Final[float] = 0.75
# A signal loads on a component when its loading is at least this share of the largest one.
PC_LOADING_SHARE: Final[float] = 0.5
# A joint view (pair diagonal or component) adds its signals only when its valley is clearly deeper
# than that of each signal alone: one strongly two-humped signal leaves a valley on every diagonal
# and component it takes part in, which is no evidence about its partners (heldout's budget goal:
# income's valley dragged interest in parenting in beside it, and k fell from 3 to 2).
JOINT_GAIN: Final[float] = 0.8
# Rows the pair histograms are drawn from (hundreds of projections: a smaller fixed-seed sample).
PAIR_SAMPLE: Final[int] = 4_000
# A single signal's valley that VANISHES within each level of a demographic is that demographic's
# split, not a behavioural segment (the built-in population's interest in tech is two-humped by
# gender, valley 0.55-0.64, one hump within each gender): it is discounted (:func:`_demographic_split`).
# "Vanishes": within every level holding MIN_LEVEL_SHARE of the rows, the figure's upper bound is at
# least VANISHED_VALLEY and the figure is VANISHED_GAIN above the whole audience's (:func:`_vanished`).
# A planted valley (0.0-0.5) stays deep within each level: planted groups are independent of
# demographics. A joint view (pair diagonal, component) is discounted the same way.
DEMOGRAPHIC_SPLITS: Final[tuple[str, ...]] = ("gender", "area_type", "has_children")
MIN_LEVEL_SHARE: Final[float] = 0.1
# Age is tried too, in these life-stage bands (18-24, 25-34, 35-44, 45-59, 60+).
AGE_BANDS: Final[tuple[float, ...]] = (25.0, 35.0, 45.0, 60.0)
VANISHED_VALLEY: Final[float] = 0.8
VANISHED_GAIN: Final[float] = 0.1
# Consumer categoricals (how people buy, what media they use, whether they borrow) that join the
# clustering when they go with the audience's structure (:func:`screen_categoricals`): a segment
# that prefers a channel AND sits apart on a signal is one group, and the preference tells its
# members apart where the signal's groups overlap. Demographic categoricals stay at their domain
# weight (they describe segments).
CONSUMER_CATEGORICALS: Final[tuple[str, ...]] = ("preferred_channel", "primary_media", "emi_flag")
# A consumer categorical joins when its Cramer's V with the two sides of a structured signal's
# groups, or with another consumer categorical, is at least this. Built-in population audiences
# (no planted groups): categorical pairs 0.03-0.13 (channel with media, through age).
MIN_ASSOCIATION: Final[float] = 0.3
# Smaller audiences are not screened: their histograms are too noisy to show a valley.
MIN_SCREEN_ROWS: Final[int] = 400
# Rows the histograms are drawn from (a fixed-seed sample; the screen is deterministic).
SCREEN_SAMPLE: Final[int] = 10_000
# Each side of a valley must hold this share of the rows (a stray tail is not a segment).
_MIN_SIDE = 0.05
_BINS = 32
_SMOOTH = np.array([1.0, 2.0, 3.0, 2.0, 1.0]) / 9.0
_DISCRETE = 16  # at most this many distinct values: count each value instead of binning
# A floor or ceiling value holding this share of an audience is a pile-up, not a group of people
# (:func:`_without_edge_spikes`). The built-in population's income is 0 for 15 % of people
# (homemakers, the unemployed): that spike gave income a valley of 0.2-0.6 in every audience, the
# deepest of all signals, so it outweighed segments planted elsewhere (heldout6, seen).
EDGE_SPIKE: Final[float] = 0.03


def valley_ratio(x: np.ndarray, *, z: float = 0.0) -> float:
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

    ``z`` > 0 gives an upper confidence bound instead: each count is taken ``z`` Poisson
    standard deviations against the valley (valley bin up, mode down), so a dip that a few
    hundred rows' sampling noise could make does not count (:func:`screen` uses
    :data:`VALLEY_Z`). A floor or ceiling value holding :data:`EDGE_SPIKE` of the rows is
    left out first (:func:`_without_edge_spikes`).
    """
    x = _without_edge_spikes(np.asarray(x, dtype=np.float64))
    if x.size < 2:
        return 1.0
    values, counts = np.unique(x, return_counts=True)
    if len(values) < 2:
        return 1.0
    if len(values) > _DISCRETE:
        return float(_binned_valleys(x[:, None], z=z)[0])
    return _valley_of(counts.astype(np.float64), z=z)


def _without_edge_spikes(x: np.ndarray) -> np.ndarray:
    """The finite values of ``x`` without a pile-up at its floor or ceiling (see :data:`EDGE_SPIKE`).

    A column with many more distinct values than :data:`_DISCRETE` whose lowest (or highest)
    value alone holds at least :data:`EDGE_SPIKE` of the rows has a floor or a cap there:
    zero income, a score clipped at 0. That spike is one number, not a group of people at
    another level, and it leaves a "valley" beside it in every audience; the valley is
    measured on the other values.
    """
    x = x[np.isfinite(x)]
    if x.size < 2:
        return x
    keep = np.ones(x.size, dtype=bool)
    for edge in (x.min(), x.max()):
        at = x == edge
        if at.mean() >= EDGE_SPIKE:
            keep &= ~at
    if keep.all() or keep.sum() < 2 or len(np.unique(x[keep])) <= _DISCRETE:
        return x
    return x[keep]


def _valley_of(hist: np.ndarray, *, z: float = 0.0) -> float:
    """The valley figure of one histogram of raw counts (see :func:`valley_ratio`)."""
    cum = np.cumsum(hist) / hist.sum()
    left_peak = np.maximum.accumulate(hist)
    right_peak = np.maximum.accumulate(hist[::-1])[::-1]
    best = 1.0
    for t in range(1, len(hist) - 1):
        if cum[t - 1] < _MIN_SIDE or cum[t] > 1.0 - _MIN_SIDE:
            continue
        lower_mode = min(left_peak[t - 1], right_peak[t + 1])
        if lower_mode > 0:
            best = min(best, _bounded(hist[t], lower_mode, z, 1.0))
    return best


def _bounded(valley: float, mode: float, z: float, var: float) -> float:
    """``valley / mode``, or with ``z`` its upper bound: counts moved ``z`` SD (variance ``var * count``)."""
    if z <= 0:
        return float(valley / mode)
    up = valley + z * np.sqrt(var * valley)
    down = mode - z * np.sqrt(var * mode)
    return 1.0 if down <= 0 else float(min(up / down, 1.0))


def _binned_valleys(M: np.ndarray, *, gaussian_range: bool = False, z: float = 0.0) -> np.ndarray:
    """:func:`valley_ratio`'s binned figure for every column of ``M`` at once (1.0 for a flat column).

    The histogram spans each column's 0.5-99.5 % quantiles; ``gaussian_range``: its mean
    +- 2.576 standard deviations instead (the same span for a normal column; sorting hundreds
    of pair columns for their quantiles cost most of the pair screen's time).
    """
    p = M.shape[1]
    if gaussian_range:
        mid, sd = M.mean(axis=0), M.std(axis=0)
        lo, hi = mid - 2.576 * sd, mid + 2.576 * sd
    else:
        lo, hi = np.quantile(M, [0.005, 0.995], axis=0)
    span = hi - lo
    ok = span > 0
    width = np.where(ok, span, 1.0) / _BINS
    # np.histogram's bins: [lo, lo + w), ..., [hi - w, hi] (the top edge falls in the last bin)
    idx = np.clip(((np.clip(M, lo, hi) - lo) / width).astype(np.int64), 0, _BINS - 1)
    raw = np.bincount((idx + _BINS * np.arange(p)).ravel(), minlength=_BINS * p).reshape(p, _BINS)
    padded = np.pad(raw.astype(np.float64), ((0, 0), (2, 2)))
    hist = sum(w * padded[:, i : i + _BINS] for i, w in enumerate(_SMOOTH))
    cum = np.cumsum(hist, axis=1) / np.maximum(hist.sum(axis=1, keepdims=True), 1e-300)
    left_peak = np.maximum.accumulate(hist, axis=1)
    right_peak = np.maximum.accumulate(hist[:, ::-1], axis=1)[:, ::-1]
    t = np.arange(1, _BINS - 1)
    lower = np.minimum(left_peak[:, t - 1], right_peak[:, t + 1])
    usable = (cum[:, t - 1] >= _MIN_SIDE) & (cum[:, t] <= 1.0 - _MIN_SIDE) & (lower > 0)
    valley = hist[:, t]
    if z > 0:  # upper confidence bound (:func:`_bounded`); smoothing scales a count's variance
        var = float((_SMOOTH**2).sum())
        valley = valley + z * np.sqrt(var * valley)
        lower = lower - z * np.sqrt(var * lower)
        usable &= lower > 0
    ratio = np.where(usable, valley / np.where(lower > 0, lower, 1.0), 1.0)
    return np.where(ok, np.minimum(ratio.min(axis=1), 1.0), 1.0)


def pair_valleys(columns: dict[str, np.ndarray]) -> list[tuple[float, str, str]]:
    """Valley figure of the sum and the difference of every two standardised columns, lowest first.

    Each entry is ``(figure, a, b)`` with the lower of the pair's two diagonals. Columns
    without spread are left out.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> group = rng.random(2_000) < 0.3  # 30 % sit 0.7 higher on a and b: no valley in either
    >>> a, b = rng.normal(0, 0.25, 2_000) + 0.7 * group, rng.normal(0, 0.25, 2_000) + 0.7 * group
    >>> valley_ratio(a) > 0.5, pair_valleys({"a": a, "b": b, "c": rng.normal(0, 1, 2_000)})[0][1:]
    (True, ('a', 'b'))
    """
    names = [k for k, v in columns.items() if np.std(v) > 0]
    if len(names) < 2:
        return []
    Z = np.column_stack([(columns[k] - np.mean(columns[k])) / np.std(columns[k]) for k in names])
    ia, ib = np.triu_indices(len(names), 1)
    figs = _binned_valleys(
        np.concatenate([Z[:, ia] + Z[:, ib], Z[:, ia] - Z[:, ib]], axis=1), gaussian_range=True
    )
    both = np.minimum(figs[: len(ia)], figs[len(ia) :])
    order = np.argsort(both, kind="stable")
    return [(float(both[i]), names[ia[i]], names[ib[i]]) for i in order]


def screen_signals(reader: ColumnReader, exclude: tuple[str, ...] | list[str]) -> list[str]:
    """Candidate signals not in ``exclude`` with a valley: alone, along a pair's diagonal or a component.

    ``reader`` reads the audience (its signals are cached for the features that follow);
    audiences under :data:`MIN_SCREEN_ROWS` rows add nothing. Deterministic: the same rows
    give the same columns.
    """
    return screen(reader, exclude)[0]


def screen(
    reader: ColumnReader, domain: tuple[str, ...] | list[str], compared: tuple[str, ...] = ()
) -> tuple[list[str], list[str]]:
    """``(added, structured)``: signals outside ``domain`` that show segment structure, and those inside.

    The same views and cuts as :func:`screen_signals` (a valley alone, along a pair's
    diagonal or on a leading component) applied to every candidate signal: ``added`` are
    the ones outside ``domain`` (they join the clustering), ``structured`` the domain's own
    signals that show structure in this audience (:func:`~synthpersona.features.build_features`
    lets them lead). Both are in :data:`CANDIDATE_SIGNALS` order. ``compared``: demographics the
    goal asks to compare (:func:`~synthpersona.goals._compare.compared_demographics`); a valley
    they explain is NOT discounted, since segments that follow them are what the goal asked for.
    """
    n = len(reader.df)
    if n < MIN_SCREEN_ROWS:
        return [], []
    rows = None
    if n > SCREEN_SAMPLE:
        rows = np.sort(np.random.default_rng(20261204).choice(n, SCREEN_SAMPLE, replace=False))
    hits: set[str] = set()
    inside = set(domain)
    pairs: dict[str, np.ndarray] = {}
    pair_rows = np.sort(np.random.default_rng(20261205).choice(n, min(n, PAIR_SAMPLE), replace=False))
    for name in CANDIDATE_SIGNALS:
        if not _readable(reader, name):
            continue
        values = np.asarray(reader.derived(name) if name.endswith("_score") else reader.unit(name))
        pairs[name] = values[pair_rows].astype(np.float64)
        sample = values if rows is None else values[rows]
        if name in inside:
            found = valley_ratio(sample, z=VALLEY_Z) < MAX_DOMAIN_VALLEY
        else:
            found = valley_ratio(sample) < MAX_VALLEY
        if found and _demographic_split(reader, sample, rows, compared) is None:
            hits.add(name)
    alone = _single_valleys(pairs)
    for figure, a, b in pair_valleys(pairs):
        if figure >= MAX_PAIR_VALLEY:
            break
        if figure < JOINT_GAIN * min(alone[a], alone[b]):
            diagonal = _diagonal(pairs[a], pairs[b])
            if _joint_holds(reader, diagonal, MAX_CONFIRMED_VALLEY, pair_rows, compared, pairs[a], pairs[b]):
                hits.update((a, b))
    for figure, names, projection in _component_views(pairs):
        if figure >= MAX_PC_VALLEY:
            break
        columns = [pairs[s] for s in names]
        if figure < JOINT_GAIN * min(alone[s] for s in names) and _joint_holds(
            reader, projection, MAX_PC_VALLEY, pair_rows, compared, *columns
        ):
            hits.update(names)
    added = [s for s in CANDIDATE_SIGNALS if s in hits and s not in inside]
    structured = [s for s in CANDIDATE_SIGNALS if s in hits and s in inside]
    return added, structured


def screen_categoricals(reader: ColumnReader, signals: tuple[str, ...] | list[str]) -> list[str]:
    """Consumer categoricals that go with the audience's structure: a categorical screen.

    A column of :data:`CONSUMER_CATEGORICALS` joins when its Cramer's V (:func:`cramers_v`) is at
    least :data:`MIN_ASSOCIATION` with the two sides of a structured signal in ``signals`` (split
    where a one-dimensional 2-means puts the boundary) or with another consumer categorical (a
    segment that is the conjunction of two preferences). Audiences under
    :data:`MIN_SCREEN_ROWS` rows add nothing; deterministic on the same rows.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from synthpersona.features._derive import ColumnReader
    >>> rng = np.random.default_rng(0)
    >>> g = rng.random(3_000) < 0.3  # 30 % score high on tech AND buy from brand websites
    >>> df = pd.DataFrame({
    ...     "tech_savviness": np.clip(rng.normal(0.3, 0.08, 3_000) + 0.4 * g, 0, 1),
    ...     "preferred_channel": np.where(g & (rng.random(3_000) < 0.7), "Brand website",
    ...                                   rng.choice(["Offline retail", "Online marketplace"], 3_000)),
    ...     "primary_media": rng.choice(["TV", "YouTube"], 3_000)})
    >>> screen_categoricals(ColumnReader(df), ["tech_savviness"])
    ['preferred_channel']
    """
    n = len(reader.df)
    cats = [c for c in CONSUMER_CATEGORICALS if c in reader.df.columns]
    if n < MIN_SCREEN_ROWS or not cats:
        return []
    rows = np.sort(np.random.default_rng(20261206).choice(n, min(n, SCREEN_SAMPLE), replace=False))
    codes = {c: _codes(reader.df[c].to_numpy()[rows]) for c in cats}
    codes = {c: v for c, v in codes.items() if v.max() > 0}
    sides = []
    for name in signals:
        if _readable(reader, name):
            values = np.asarray(reader.derived(name) if name.endswith("_score") else reader.unit(name))
            sides.append(_two_sides(values[rows].astype(np.float64)))
    found = []
    for c, v in codes.items():
        others = [w for d, w in codes.items() if d != c]
        if any(cramers_v(v, w) >= MIN_ASSOCIATION for w in [*sides, *others]):
            found.append(c)
    return found


def cramers_v(a: np.ndarray, b: np.ndarray) -> float:
    """Cramer's V of two integer-coded columns (0: independent, 1: one determines the other).

    Examples
    --------
    >>> import numpy as np
    >>> a = np.array([0, 0, 1, 1] * 50)
    >>> round(cramers_v(a, a), 3), round(cramers_v(a, np.array([0, 1] * 100)), 3)
    (1.0, 0.0)
    """
    table = np.zeros((int(a.max()) + 1, int(b.max()) + 1))
    np.add.at(table, (a, b), 1.0)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if min(table.shape) < 2:
        return 0.0
    n = table.sum()
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
    chi2 = float(((table - expected) ** 2 / expected).sum())
    return float(np.sqrt(chi2 / n / (min(table.shape) - 1)))


def _codes(values: np.ndarray) -> np.ndarray:
    """Integer codes of a column's values (missing values form their own code)."""
    return np.unique(values.astype(str), return_inverse=True)[1].astype(np.int64)


def _two_sides(x: np.ndarray) -> np.ndarray:
    """0/1: which side of a one-dimensional 2-means boundary each value falls on."""
    lo, hi = np.quantile(x, [0.25, 0.75])
    for _ in range(20):
        cut = (lo + hi) / 2.0
        left, right = x[x <= cut], x[x > cut]
        if not len(left) or not len(right):
            break
        lo, hi = float(left.mean()), float(right.mean())
    return (x > (lo + hi) / 2.0).astype(np.int64)


def _demographic_split(
    reader: ColumnReader, values: np.ndarray, rows: np.ndarray | None, compared: tuple[str, ...] = ()
) -> str | None:
    """The demographic whose levels explain ``values``' valley (it vanishes within each), or ``None``.

    ``values`` are the screened rows (``rows`` of the audience, or all of it). Each column of
    :data:`DEMOGRAPHIC_SPLITS` (and age in :data:`AGE_BANDS`) with at least two levels holding
    :data:`MIN_LEVEL_SHARE` of the rows is tried; the valley is explained when it vanishes within
    every such level (:func:`_vanished`). A column the goal filtered to one value
    cannot explain anything; a column in ``compared`` (the goal asks to compare its sides) is
    never a reason to discount.
    """
    overall = valley_ratio(values)
    for col in (*DEMOGRAPHIC_SPLITS, "age"):
        if col not in reader.df.columns or col in compared:
            continue
        levels = reader.df[col].to_numpy()
        levels = levels if rows is None else levels[rows]
        if col == "age":  # life stages: a valley between the young and the old is an age split
            levels = np.digitize(np.asarray(levels, dtype=np.float64), AGE_BANDS)
        levels = levels.astype(str)
        names, counts = np.unique(levels, return_counts=True)
        big = names[counts >= MIN_LEVEL_SHARE * len(levels)]
        if len(big) < 2:
            continue
        if all(_vanished(values[levels == lv], overall) for lv in big):
            return str(col)
    return None


def _vanished(values: np.ndarray, overall: float) -> bool:
    """Whether one level's rows show no valley: its upper bound at least :data:`VANISHED_VALLEY`, and
    its figure clearly (:data:`VANISHED_GAIN`) shallower than the whole audience's ``overall``.

    The bound keeps a level's sampling dips from hiding a vanished valley (1,000 men of the built-in
    population: interest in tech 0.74-0.87 as a point, 0.9-1.0 as a bound); the gain keeps a real
    but shallow valley, which reads about as shallow within each level (0.59-0.68 against 0.60-0.63
    overall on two groups 2.8 SD apart), from being taken for a demographic's.
    """
    return bool(
        valley_ratio(values, z=VALLEY_Z) >= VANISHED_VALLEY
        and valley_ratio(values) >= overall + VANISHED_GAIN
    )


def _single_valleys(columns: dict[str, np.ndarray]) -> dict[str, float]:
    """Each column's own valley figure (1.0 without spread), on the rows the joint views use."""
    return {k: valley_ratio(v) for k, v in columns.items()}


def component_valleys(columns: dict[str, np.ndarray]) -> list[tuple[float, tuple[str, ...]]]:
    """Valley figure of each leading principal component of the standardised columns, lowest first.

    Each entry is ``(figure, names)``: the component's :func:`valley_ratio`-style figure and
    the columns loading on it (at least :data:`PC_LOADING_SHARE` of its largest loading).
    The first :data:`PC_COMPONENTS` components are screened. Groups that differ on several
    columns at once stretch the data along the direction joining them, so that direction is
    a leading component and shows their valley even when no column or pair does.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> g = rng.random(3_000) < 0.4  # 40 % sit higher on a, b and c together, 2.4 SD each
    >>> cols = {n: rng.normal(0, 1, 3_000) + 2.4 * g for n in "abc"}
    >>> cols.update({n: rng.normal(0, 1, 3_000) for n in "defgh"})
    >>> min(valley_ratio(cols[n]) for n in "abc") > 0.75, component_valleys(cols)[0][1]
    (True, ('a', 'b', 'c'))
    """
    return [(figure, names) for figure, names, _ in _component_views(columns)]


def _component_views(columns: dict[str, np.ndarray]) -> list[tuple[float, tuple[str, ...], np.ndarray]]:
    """:func:`component_valleys` with each component's projection of the rows."""
    names = [k for k, v in columns.items() if np.std(v) > 0]
    if len(names) < 3:
        return []
    Z = np.column_stack([(columns[k] - np.mean(columns[k])) / np.std(columns[k]) for k in names])
    # the eigenvectors of the small (d, d) correlation matrix: a thin SVD of Z costs 50x more
    _, vecs = np.linalg.eigh(Z.T @ Z)
    m = min(PC_COMPONENTS, len(names) - 1)
    lead = vecs[:, ::-1][:, :m]
    P = Z @ lead
    figs = _binned_valleys(P, gaussian_range=True)
    out = []
    for j in np.argsort(figs, kind="stable"):
        load = np.abs(lead[:, j])
        picked = tuple(names[i] for i in np.flatnonzero(load >= PC_LOADING_SHARE * load.max()))
        out.append((float(figs[j]), picked, P[:, j]))
    return out


def _joint_holds(
    reader: ColumnReader,
    projection: np.ndarray,
    cut: float,
    rows: np.ndarray,
    compared: tuple[str, ...],
    *columns: np.ndarray,
) -> bool:
    """A joint view's valley counts: it holds without capped rows and no demographic explains it."""
    return (
        _confirmed(projection, cut, *columns)
        and _demographic_split(reader, projection, rows, compared) is None
    )


def _confirmed(projection: np.ndarray, cut: float, *columns: np.ndarray) -> bool:
    """Whether a joint view's valley holds without the rows at its signals' caps, below ``cut``.

    The joint views are screened in bulk on the mean +- 2.576 SD range. A signal clipped at its
    floor or ceiling (a heavy tail capped at 1) puts the same value on 1-10 % of the rows; on a
    diagonal those rows form a second "mode" beside the body: two Pareto-tailed interests without
    groups gave diagonals of 0.34-0.49 in bulk (heldout7, seen: an audience without segments
    called clear). So the few views that pass in bulk are re-measured on their own 0.5-99.5 %
    range (:func:`valley_ratio`) without the rows where any of ``columns`` sits at a floor or
    ceiling value shared by :data:`JOINT_EDGE_SPIKE` of the rows. That range reads a real valley
    shallower (planted two-signal groups, tuning5 seen: 0.24-0.57 in bulk, 0.52-0.57 here),
    hence its own cut (:data:`MAX_CONFIRMED_VALLEY` for pairs).
    """
    keep = np.ones(projection.size, dtype=bool)
    for x in columns:
        for edge in (x.min(), x.max()):
            at = x == edge
            if at.mean() >= JOINT_EDGE_SPIKE:
                keep &= ~at
    return keep.sum() > 1 and valley_ratio(projection[keep]) < cut


def _diagonal(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The sum or the difference of two standardised columns, whichever has the deeper valley."""
    za, zb = (a - a.mean()) / max(float(a.std()), 1e-12), (b - b.mean()) / max(float(b.std()), 1e-12)
    both = _binned_valleys(np.column_stack([za + zb, za - zb]), gaussian_range=True)
    return za + zb if both[0] <= both[1] else za - zb


def _readable(reader: ColumnReader, name: str) -> bool:
    """Whether the audience table has the raw column(s) behind the signal ``name``."""
    from synthpersona.features._spec import SCALED_SIGNALS

    raw = SCALED_SIGNALS[name][0] if name in SCALED_SIGNALS else (name,)
    return all(c in reader.df.columns for c in raw)
