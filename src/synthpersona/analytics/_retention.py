"""Cohort-by-period retention matrices."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.analytics._log import build_log, distinct
from synthpersona.errors import InputError

PERIODS = ("day", "week", "month")
_DAY_NS = 86_400 * 1_000_000_000
# 1970-01-01 was a Thursday: shifting by 3 days makes weeks start on Mondays.
_MONDAY_SHIFT = 3 * _DAY_NS


@dataclass
class Retention:
    """A cohort-by-period retention matrix.

    Attributes
    ----------
    shares
        Rows: cohorts (start of the cohort's period), columns: periods since the cohort
        period (0, 1, ...), values: share of the cohort's users active in that period;
        NaN where the period lies after the log's last period (not observed yet).
    counts
        The same as user counts.
    sizes
        Users per cohort.
    period
        ``"day"``, ``"week"`` or ``"month"``.
    cohort_event, return_event
        The events that start a cohort and count as a return (``None``: any event).
    """

    shares: pd.DataFrame
    counts: pd.DataFrame
    sizes: pd.Series
    period: str
    cohort_event: str | None = None
    return_event: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: cohorts as ISO dates, NaN as ``None``."""
        cohorts = [str(pd.Timestamp(c).date()) for c in self.shares.index]
        return {
            "period": self.period,
            "cohort_event": self.cohort_event,
            "return_event": self.return_event,
            "cohorts": cohorts,
            "periods": [int(c) for c in self.shares.columns],
            "sizes": [int(v) for v in self.sizes],
            "shares": [[None if pd.isna(v) else float(v) for v in row] for row in self.shares.to_numpy()],
            "counts": [[None if pd.isna(v) else int(v) for v in row] for row in self.counts.to_numpy()],
        }


def _period_index(ts: np.ndarray, period: str) -> np.ndarray:
    """Integer period number of each int64-ns timestamp."""
    if period == "day":
        return ts // _DAY_NS
    if period == "week":
        return (ts + _MONDAY_SHIFT) // (7 * _DAY_NS)
    dt = ts.astype("datetime64[ns]").astype("datetime64[M]").astype(np.int64)
    return dt


def _period_start(index: np.ndarray, period: str) -> pd.DatetimeIndex:
    if period == "day":
        return pd.to_datetime(index * _DAY_NS)
    if period == "week":
        return pd.to_datetime(index * 7 * _DAY_NS - _MONDAY_SHIFT)
    return pd.to_datetime(index.astype("datetime64[M]"))


def retention_matrix(
    events: pd.DataFrame,
    *,
    period: str = "week",
    cohort_event: str | None = None,
    return_event: str | None = None,
    max_periods: int | None = None,
) -> Retention:
    """Share of each cohort's users active in each period after their cohort period.

    Parameters
    ----------
    events
        A canonical event log.
    period
        ``"day"``, ``"week"`` (Monday starts) or ``"month"``.
    cohort_event
        A user's cohort is the period of their first ``cohort_event`` (``None``: first event);
        users without it are left out.
    return_event
        Activity that counts as retained (``None``: any event). Only activity at or after
        the cohort event counts, so with both left ``None`` period 0 is 1.0.
    max_periods
        Keep periods 0..max_periods-1 (``None``: all).

    Returns
    -------
    Retention

    Examples
    --------
    >>> events = pd.DataFrame({"user_id": ["a", "a", "b"], "event": ["x", "x", "x"],
    ...     "timestamp": pd.to_datetime(["2024-01-01", "2024-01-09", "2024-01-02"])})
    >>> retention_matrix(events, period="week").to_dict()["shares"]
    [[1.0, 0.5]]
    """
    if period not in PERIODS:
        raise InputError(
            f"Period {period!r} is not one of {', '.join(PERIODS)}.",
            code="bad_period",
            details={"allowed": list(PERIODS)},
        )
    log = build_log(events, "user")
    per = _period_index(log.ts, period)
    if cohort_event is None:
        start = log.starts.astype(np.int64)
    else:
        start = np.full(log.n_paths, -1, dtype=np.int64)
        rows = np.flatnonzero(log.event == log.code(cohort_event))[::-1]
        start[log.path[rows]] = rows
    has = start >= 0
    cohort = np.where(has, per[np.maximum(start, 0)], 0)
    active = has[log.path] & (np.arange(len(log.path)) >= start[log.path])
    if return_event is not None:
        active &= log.event == log.code(return_event)
    offset = per - cohort[log.path]
    users_with = has.sum()
    if not users_with:
        empty = pd.DataFrame(dtype=float)
        return Retention(empty, empty, pd.Series(dtype=np.int64), period, cohort_event, return_event)
    cohorts = distinct(cohort[has])
    cohort_code = np.searchsorted(cohorts, cohort[has])
    code_of_path = np.full(log.n_paths, -1, dtype=np.int64)
    code_of_path[has] = cohort_code
    last = per.max()
    n_off = int(last - cohorts.min()) + 1  # every period observed for the oldest cohort
    if max_periods is not None:
        n_off = min(n_off, max_periods)
    keep = active & (offset < n_off)
    key = distinct(log.path[keep] * n_off + offset[keep])  # one count per user and period
    cells = np.bincount(code_of_path[key // n_off] * n_off + key % n_off, minlength=len(cohorts) * n_off)
    sizes = np.bincount(cohort_code, minlength=len(cohorts))
    counts = cells.reshape(len(cohorts), n_off)
    return retention_from_counts(cohorts, counts, sizes, int(last), period, cohort_event, return_event)


def retention_from_counts(
    cohorts: np.ndarray,
    cells: np.ndarray,
    sizes: np.ndarray,
    last: int,
    period: str,
    cohort_event: str | None,
    return_event: str | None,
) -> Retention:
    """The :class:`Retention` of users counted per cohort (period numbers, ascending) and offset.

    Shared with the SQL twin (``simulation.sql_analytics``), which counts the cells in the engine.
    """
    n_off = cells.shape[1]
    counts = cells.astype(float)
    # Periods after the log's last period are not observed: NaN, not 0.
    unobserved = (cohorts[:, None] + np.arange(n_off)[None, :]) > last
    counts[unobserved] = np.nan
    index = pd.Index(_period_start(cohorts, period), name="cohort")
    columns = pd.Index(range(n_off), name="period")
    count_frame = pd.DataFrame(counts, index=index, columns=columns)
    shares = count_frame.div(sizes, axis=0)
    return Retention(
        shares=shares,
        counts=count_frame,
        sizes=pd.Series(sizes, index=index, name="users"),
        period=period,
        cohort_event=cohort_event,
        return_event=return_event,
    )
