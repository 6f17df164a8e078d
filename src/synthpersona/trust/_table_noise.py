"""The clustering boundary's own variance for the table back-test, by cross-fitting.

A table's segments are drawn through the building rows themselves, so a segment's share,
its category shares, means and conversion rate on those rows differ from new rows' by more
than the sampling noise of the two samples (an in-sample optimism that grows when segments
are not well separated). :func:`table_boundary_noise` estimates that extra variance on the
building rows only, as :func:`synthpersona.trust.boundary_noise` does for clickstreams: each
of ``folds`` folds is analysed again by the same workflow (same ``k``) on the other folds,
its rows assigned with that analysis (:func:`synthpersona.trust.assign_table_rows`), and
every claim is checked in-sample against out-of-fold (:func:`synthpersona.trust.check_claims`).
Per statistic, the mean of ``(out-of-fold - in-sample)² - sampling variance`` (means in
units of the building variance), floored at 0, is the extra variance the back-test adds to
its intervals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from synthpersona._stats import normal_quantile
from synthpersona.model import MEAN

__all__ = ["TableNoise", "table_boundary_noise"]


@dataclass(frozen=True)
class TableNoise:
    """Extra variance per claim statistic (``mean``: in units of the building variance)."""

    extra_var: dict[str, float] = field(default_factory=dict)
    folds: int = 0
    pairs: int = 0


def table_boundary_noise(
    build: pd.DataFrame,
    analyze: Callable[[pd.DataFrame], Any],
    *,
    folds: int = 5,
    random_state: int = 0,
    max_rows: int = 20_000,
    level: float = 0.95,
) -> TableNoise:
    """Estimate the table clustering boundary's own variance of every kind of claim.

    Parameters
    ----------
    build
        The building rows of the back-test.
    analyze
        The workflow on a part of them (``analyze_table`` with the run's ``k``).
    folds
        Cross-fitting folds.
    random_state
        Seed of the folds.
    max_rows
        Rows cross-fitted at most (a random sample beyond).
    level
        Nominal coverage of the intervals (only to read the sampling variance of means back).

    Examples
    --------
    >>> from functools import partial
    >>> from synthpersona.tables import analyze_table
    >>> from synthpersona.trust import planted_table
    >>> df = planted_table(1_200, random_state=0).drop(columns=["_segment", "Signup Date"])
    >>> noise = table_boundary_noise(df, partial(analyze_table, k=4))  # doctest: +SKIP
    >>> noise.extra_var["segment_share"] < 1e-3  # doctest: +SKIP
    True
    """
    from synthpersona.trust._backtest import check_claims
    from synthpersona.trust._tables import assign_table_rows

    rng = np.random.default_rng([random_state, 31])
    rows = np.arange(len(build))
    if len(rows) > max_rows:
        rows = np.sort(rng.choice(len(rows), max_rows, replace=False))
    fold_of = rng.permutation(len(rows)) % folds
    z = normal_quantile(0.5 + level / 2)
    diffs: dict[str, list[float]] = defaultdict(list)
    for f in range(folds):
        tr = build.iloc[rows[fold_of != f]].reset_index(drop=True)
        te = build.iloc[rows[fold_of == f]].reset_index(drop=True)
        fit = analyze(tr)
        assigned = assign_table_rows(tr, te, fit)
        checks = check_claims(
            assigned.build_levels,
            assigned.held_out_levels,
            fit.labels,
            assigned.held_out_segments,
            fit.segments,
            fit.personas,
            build_outcome=assigned.build_outcome,
            held_out_outcome=assigned.held_out_outcome,
            level=level,
        )
        for c in checks:
            if c.held_out is None or c.n_held_out == 0 or c.n_build == 0:
                continue
            scale2 = 1 / c.n_build + 1 / c.n_held_out
            if c.statistic == MEAN:
                samp = ((c.interval[1] - c.interval[0]) / (2 * z)) ** 2  # a mean's interval is not clipped
                if samp <= 0:
                    continue
                diffs[MEAN].append(((c.held_out - c.stated) ** 2 - samp) / (samp / scale2))
            else:
                p = (c.stated * c.n_build + 0.5) / (c.n_build + 1)
                diffs[c.statistic].append((c.held_out - c.stated) ** 2 - p * (1 - p) * scale2)
    return TableNoise(
        extra_var={s: max(0.0, float(np.mean(d))) for s, d in diffs.items()},
        folds=folds,
        pairs=sum(len(d) for d in diffs.values()),
    )
