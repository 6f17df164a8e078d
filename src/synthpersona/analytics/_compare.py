"""Two groups compared on conversion, path length, time to convert, events and step by step.

Every row of the table is one test between group A and group B: the two values, their
difference with a 95% confidence interval, an effect size, the test statistic, the raw
p-value and the Benjamini-Hochberg adjusted p-value over all rows of the table (the
false discovery rate is controlled over everything the table shows). The step rows say
from which step the two groups move differently: ``attrs["first_step"]``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from synthpersona.analytics._log import build_log, distinct, path_groups, pick_groups
from synthpersona.analytics._paths import path_metrics_from_log
from synthpersona.analytics._steps import ENDED

COMPARE_COLUMNS = (
    "metric",
    "test",
    "value_a",
    "value_b",
    "difference",
    "ci_low",
    "ci_high",
    "effect_size",
    "effect_name",
    "statistic",
    "p_value",
    "p_adjusted",
    "significant",
    "n_a",
    "n_b",
)
_Z = float(stats.norm.ppf(0.975))


def benjamini_hochberg(p_values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (NaN stays NaN and is not counted).

    Examples
    --------
    >>> benjamini_hochberg([0.01, 0.04, 0.03]).round(3).tolist()
    [0.03, 0.04, 0.04]
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if ok.any():
        out[ok] = stats.false_discovery_control(p[ok], method="bh")
    return out


def _proportions(metric: str, x_a: int, n_a: int, x_b: int, n_b: int) -> dict[str, Any]:
    """Two-proportion z-test (pooled), Wald CI of the difference, Cohen's h."""
    pa = float(x_a / n_a) if n_a else np.nan
    pb = float(x_b / n_b) if n_b else np.nan
    pooled = (x_a + x_b) / (n_a + n_b) if n_a + n_b else np.nan
    se0 = np.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b)) if n_a and n_b else np.nan
    diff = pa - pb
    z = diff / se0 if se0 and se0 > 0 else (0.0 if diff == 0 else np.nan)
    p = float(2 * stats.norm.sf(abs(z))) if not np.isnan(z) else np.nan
    se = np.sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b) if n_a and n_b else np.nan
    h = 2 * np.arcsin(np.sqrt(pa)) - 2 * np.arcsin(np.sqrt(pb))
    return {
        "metric": metric,
        "test": "two-proportion z",
        "value_a": pa,
        "value_b": pb,
        "difference": diff,
        "ci_low": diff - _Z * se,
        "ci_high": diff + _Z * se,
        "effect_size": h,
        "effect_name": "Cohen's h",
        "statistic": z,
        "p_value": p,
        "n_a": n_a,
        "n_b": n_b,
    }


def _mean_ci(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Difference of means with a Welch 95% interval."""
    diff = float(a.mean() - b.mean())
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    se = np.sqrt(va + vb)
    if se == 0:
        return diff, diff, diff
    dof = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    t = float(stats.t.ppf(0.975, dof))
    return diff, diff - t * se, diff + t * se


def _distributions(metric: str, a: np.ndarray, b: np.ndarray) -> list[dict[str, Any]]:
    """Mann-Whitney U (location; rank-biserial r) and Kolmogorov-Smirnov (shape; D)."""
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    base = {"metric": metric, "n_a": len(a), "n_b": len(b)}
    if len(a) < 2 or len(b) < 2:
        nan = {
            "value_a": np.nan,
            "value_b": np.nan,
            "difference": np.nan,
            "ci_low": np.nan,
            "ci_high": np.nan,
        }
        return [
            {
                **base,
                **nan,
                "test": t,
                "effect_size": np.nan,
                "effect_name": e,
                "statistic": np.nan,
                "p_value": np.nan,
            }
            for t, e in (("Mann-Whitney U", "rank-biserial r"), ("Kolmogorov-Smirnov", "KS D"))
        ]
    diff, lo, hi = _mean_ci(a, b)
    mw = stats.mannwhitneyu(a, b, alternative="two-sided")
    ks = stats.ks_2samp(a, b)
    means = {
        "value_a": float(a.mean()),
        "value_b": float(b.mean()),
        "difference": diff,
        "ci_low": lo,
        "ci_high": hi,
    }
    return [
        {
            **base,
            **means,
            "test": "Mann-Whitney U",
            "effect_size": float(2 * mw.statistic / (len(a) * len(b)) - 1),
            "effect_name": "rank-biserial r",
            "statistic": float(mw.statistic),
            "p_value": float(mw.pvalue),
        },
        {
            **base,
            **means,
            "test": "Kolmogorov-Smirnov",
            "effect_size": float(ks.statistic),
            "effect_name": "KS D",
            "statistic": float(ks.statistic),
            "p_value": float(ks.pvalue),
        },
    ]


def _event_rows(
    log_event: np.ndarray, path: np.ndarray, names: np.ndarray, in_a: np.ndarray, in_b: np.ndarray
) -> list[dict[str, Any]]:
    """Per event: share of each group's paths with the event, 2x2 chi-square on paths."""
    n = len(names)
    keys = distinct(path * n + log_event)  # one (path, event) pair per path that did the event
    p, e = keys // n, keys % n
    n_a, n_b = int(in_a.sum()), int(in_b.sum())
    x_a, x_b = np.bincount(e[in_a[p]], minlength=n), np.bincount(e[in_b[p]], minlength=n)
    return _event_count_rows(names, x_a, x_b, n_a, n_b)


def _event_count_rows(
    names: Sequence[Any] | np.ndarray, x_a: np.ndarray, x_b: np.ndarray, n_a: int, n_b: int
) -> list[dict[str, Any]]:
    """The event rows from counts: ``x_a[i]`` of group A's ``n_a`` paths did ``names[i]``."""
    rows = []
    for code in np.flatnonzero((x_a + x_b) > 0):
        row = _proportions(f"did {names[int(code)]}", int(x_a[code]), n_a, int(x_b[code]), n_b)
        table = np.array([[x_a[code], n_a - x_a[code]], [x_b[code], n_b - x_b[code]]])
        if (table.sum(axis=0) > 0).all():
            chi = stats.chi2_contingency(table, correction=False)
            row.update(statistic=float(chi.statistic), p_value=float(chi.pvalue))
        else:
            row.update(statistic=0.0, p_value=1.0)
        row["test"] = "chi-square (paths with the event)"
        rows.append(row)
    return rows


STEP_TEST = "chi-square (events at the step)"
_POOLED = "(other events)"


def _step_rows(
    log_event: np.ndarray,
    path: np.ndarray,
    position: np.ndarray,
    names: np.ndarray,
    in_a: np.ndarray,
    in_b: np.ndarray,
    n_steps: int,
) -> list[dict[str, Any]]:
    """Per step k: do A's and B's paths reach different events there (ended paths included)?

    A chi-square test of homogeneity on the events-by-group counts at step k (events with
    fewer than 5 paths in both groups together pooled, so that expected counts stay usable);
    the row shows the event whose share differs most, with its two-proportion interval, and
    Cramér's V of the whole step.
    """
    n = len(names)
    n_a, n_b = int(in_a.sum()), int(in_b.sum())
    labels = np.array([*map(str, names), ENDED], dtype=object)
    keep = position < n_steps
    cell = position[keep] * n + log_event[keep]
    group_of_row = in_a[path[keep]].astype(np.int64) - in_b[path[keep]].astype(np.int64)  # 1 A, -1 B
    counts_a = np.bincount(cell[group_of_row == 1], minlength=n_steps * n).reshape(n_steps, n)
    counts_b = np.bincount(cell[group_of_row == -1], minlength=n_steps * n).reshape(n_steps, n)
    rows = []
    for k in range(n_steps):
        xa = np.r_[counts_a[k], n_a - counts_a[k].sum()]  # the last column: paths ended before step k+1
        xb = np.r_[counts_b[k], n_b - counts_b[k].sum()]
        if (xa[:-1].sum() + xb[:-1].sum()) == 0:
            break  # no path of either group is this long
        gap = np.abs(xa / max(n_a, 1) - xb / max(n_b, 1))
        top = int(np.lexsort((xa + xb, gap))[-1])  # the largest gap; among equal gaps the commonest event
        row = _proportions(f"step {k + 1}: {labels[top]}", int(xa[top]), n_a, int(xb[top]), n_b)
        table = _pooled(np.vstack([xa, xb]))
        if table.shape[1] >= 2:
            chi = stats.chi2_contingency(table, correction=False)
            stat, p = float(chi.statistic), float(chi.pvalue)
        else:
            stat, p = 0.0, 1.0
        total = table.sum()
        row.update(
            test=STEP_TEST,
            statistic=stat,
            p_value=p,
            effect_size=float(np.sqrt(stat / total)) if total else np.nan,
            effect_name="Cramér's V",
        )
        rows.append(row)
    return rows


def _pooled(table: np.ndarray) -> np.ndarray:
    """Columns (events) with fewer than 5 paths in all pooled into one; empty columns dropped."""
    totals = table.sum(axis=0)
    small = (totals > 0) & (totals < 5)
    out = table[:, totals >= 5]
    if small.any():
        out = np.hstack([out, table[:, small].sum(axis=1, keepdims=True)])
    return out


def first_step(table: pd.DataFrame) -> int | None:
    """The first step whose row of a :func:`compare_groups` table is significant (``None``: none).

    Examples
    --------
    >>> t = pd.DataFrame({"test": [STEP_TEST, STEP_TEST], "metric": ["step 1: home", "step 2: buy"],
    ...                   "significant": [False, True]})
    >>> first_step(t)
    2
    """
    steps = table[(table["test"] == STEP_TEST) & table["significant"].astype(bool)]
    if steps.empty:
        return None
    return int(str(steps["metric"].iloc[0]).split(":")[0].removeprefix("step "))


def compare_groups(
    events: pd.DataFrame,
    group_by: str | Mapping[Any, Any] | pd.Series,
    target: str | Sequence[str],
    groups: tuple[str, str] | None = None,
    *,
    path_unit: str = "user",
    alpha: float = 0.05,
    events_tested: bool = True,
    steps_tested: int = 0,
) -> pd.DataFrame:
    """Compare two groups of paths on conversion, path length, time to convert and events.

    Parameters
    ----------
    events
        A canonical event log.
    group_by
        An event-log column (a logged variant, a user attribute; a path takes its first
        row's value) or a mapping from user id to a label (e.g. behavioural persona).
    target
        The conversion event(s).
    groups
        The two labels (A, B) to compare; ``None`` takes the two largest groups.
    alpha
        Level for ``significant`` on the Benjamini-Hochberg adjusted p-value.
    events_tested
        Add one row per event (share of paths with it, chi-square).
    steps_tested
        Add one row per step 1..``steps_tested`` from the path's start: are the events the
        two groups reach there (or having ended) distributed alike (chi-square; the row
        names the event whose share differs most)? 0 (the default): none, and
        ``attrs["first_step"]`` is ``None``. The behaviour view ``compare`` (CLI, API, UI)
        tests 10 steps.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COMPARE_COLUMNS`: conversion (two-proportion z, Cohen's h), steps
        and time to convert among converters and path length (Mann-Whitney U with the
        rank-biserial r, and Kolmogorov-Smirnov with D; values are means, the interval is
        Welch's for the difference of means), and per event the share of paths with it
        (chi-square); the step rows (the events reached at each step: chi-square, Cramér's V)
        come before the event rows.
        ``attrs["groups"]`` holds (A, B); ``attrs["first_step"]`` the first step whose
        difference is significant (``None`` when none is).

    Examples
    --------
    >>> events = pd.DataFrame({"user_id": list("aabbcd"), "arm": list("AABBAB"),
    ...     "event": ["home", "buy", "home", "home", "home", "home"],
    ...     "timestamp": pd.to_datetime([0, 5, 0, 9, 0, 0], unit="s")})
    >>> table = compare_groups(events, "arm", "buy", ("A", "B"), events_tested=False)
    >>> table.loc[0, "metric"], float(table.loc[0, "value_a"]), float(table.loc[0, "value_b"])
    ('conversion', 0.5, 0.0)
    """
    log = build_log(events, path_unit)
    labels = path_groups(events, log, group_by)
    a, b = pick_groups(labels, groups)
    in_a, in_b = labels == a, labels == b
    metrics = path_metrics_from_log(log, target)
    conv = metrics["converted"].to_numpy()
    rows = [
        _proportions(
            "conversion", int(conv[in_a].sum()), int(in_a.sum()), int(conv[in_b].sum()), int(in_b.sum())
        )
    ]
    steps = metrics["steps_to_convert"].astype("float64").to_numpy()
    ttc = metrics["time_to_convert_seconds"].to_numpy()
    length = metrics["n_events"].to_numpy().astype(float)
    rows += _distributions("steps to convert", steps[in_a], steps[in_b])
    rows += _distributions("time to convert (s)", ttc[in_a], ttc[in_b])
    rows += _distributions("path length (events)", length[in_a], length[in_b])
    if steps_tested > 0:
        rows += _step_rows(log.event, log.path, log.position(), log.names, in_a, in_b, steps_tested)
    if events_tested:
        rows += _event_rows(log.event, log.path, log.names, in_a, in_b)
    return _finish(rows, (a, b), alpha)


def _finish(rows: list[dict[str, Any]], groups: tuple[str, str], alpha: float) -> pd.DataFrame:
    """The comparison table of ``rows``: Benjamini-Hochberg over every row, columns in order."""
    table = pd.DataFrame(rows)
    table["p_adjusted"] = benjamini_hochberg(table["p_value"].to_numpy())
    table["significant"] = table["p_adjusted"] < alpha
    table = table[list(COMPARE_COLUMNS)]
    table.attrs["groups"] = groups
    table.attrs["first_step"] = first_step(table)
    return table


def compare_group_counts(
    groups: tuple[str, str],
    users: tuple[int, int],
    converted: tuple[int, int],
    histograms: Mapping[str, tuple[pd.Series, pd.Series]],
    events: tuple[Sequence[Any], np.ndarray, np.ndarray] | None = None,
    *,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """:func:`compare_groups`' table from counts: what an engine aggregates over a log too large
    to read (``synthpersona.simulation.sql_experiment``).

    Parameters
    ----------
    groups
        The two labels (A, B).
    users, converted
        Paths of A and B, and how many of them converted.
    histograms
        ``"steps to convert"``, ``"time to convert (s)"`` and ``"path length (events)"``, each a
        pair (A, B) of Series: value -> number of paths with it (converters only for the first
        two). Mann-Whitney U and Kolmogorov-Smirnov depend only on these counts, so the rows
        equal :func:`compare_groups`' (means to the last digits of their summation order).
    events
        ``(names, x_a, x_b)``: paths of A and of B with each event; ``None``: no event rows.

    Examples
    --------
    >>> h = {m: (pd.Series({1.0: 3}), pd.Series({2.0: 3})) for m in ("steps to convert",
    ...      "time to convert (s)", "path length (events)")}
    >>> t = compare_group_counts(("A", "B"), (4, 4), (3, 3), h)
    >>> t["metric"].tolist()[:2], float(t.loc[0, "value_a"])
    (['conversion', 'steps to convert'], 0.75)
    """
    (n_a, n_b), (x_a, x_b) = users, converted
    rows = [_proportions("conversion", int(x_a), int(n_a), int(x_b), int(n_b))]
    for metric in ("steps to convert", "time to convert (s)", "path length (events)"):
        pair = [
            np.repeat(h.index.to_numpy(dtype=float), h.to_numpy(dtype=np.int64)) for h in histograms[metric]
        ]
        rows += _distributions(metric, pair[0], pair[1])
    if events is not None:
        names, e_a, e_b = events
        rows += _event_count_rows(names, np.asarray(e_a), np.asarray(e_b), int(n_a), int(n_b))
    return _finish(rows, groups, alpha)
