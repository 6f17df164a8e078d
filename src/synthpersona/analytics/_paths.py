"""Per-path metrics (conversion, time and steps to convert, loops, back-steps) and time to an event."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from synthpersona.analytics._log import Log, build_log, distinct, seconds


def _first_hit(log: Log, codes: Sequence[int], pos: np.ndarray) -> np.ndarray:
    """Row index of the first row per path whose event is in ``codes``; -1 where none."""
    first = np.full(log.n_paths, -1, dtype=np.int64)
    rows = np.flatnonzero(np.isin(log.event, np.asarray(codes, dtype=log.event.dtype)))[::-1]
    first[log.path[rows]] = rows  # reversed, so the earliest row of a path is written last
    return first


def _targets(target: str | Sequence[str]) -> list[str]:
    return [target] if isinstance(target, str) else list(target)


def path_metrics_from_log(log: Log, target: str | Sequence[str]) -> pd.DataFrame:
    """:func:`path_metrics` on an already built :class:`~synthpersona.analytics._log.Log`."""
    pos = log.position()
    starts = log.starts
    ends = np.r_[starts[1:], len(log.path)] - 1 if log.n_paths else starts
    lengths = ends - starts + 1
    first = _first_hit(log, [log.code(t) for t in _targets(target)], pos)
    converted = first >= 0
    hit = np.where(converted, first, 0)
    ttc = np.where(converted, seconds(log.ts[hit] - log.ts[starts]), np.nan)
    steps = np.where(converted, pos[hit] + 1, -1)
    n = len(log.names)
    # Loops: events that revisit an event already seen in the path = length - distinct events.
    n_distinct = np.bincount(distinct(log.path * n + log.event) // n, minlength=log.n_paths)
    same = log.path[1:] == log.path[:-1]
    repeat = same & (log.event[1:] == log.event[:-1])
    same2 = log.path[2:] == log.path[:-2]
    back = same2 & (log.event[2:] == log.event[:-2]) & (log.event[2:] != log.event[1:-1])
    return pd.DataFrame(
        {
            "path_id": log.path_ids,
            "user_id": log.users,
            "n_events": lengths,
            "duration_seconds": seconds(log.ts[ends] - log.ts[starts]),
            "converted": converted,
            "time_to_convert_seconds": ttc,
            "steps_to_convert": pd.Series(steps).where(converted).astype("Int64"),
            "loops": lengths - n_distinct,
            "repeats": np.bincount(log.path[1:][repeat], minlength=log.n_paths),
            "back_steps": np.bincount(log.path[2:][back], minlength=log.n_paths),
        }
    )


def path_metrics(
    events: pd.DataFrame,
    target: str | Sequence[str],
    *,
    path_unit: str = "user",
) -> pd.DataFrame:
    """One row per path: conversion, time and steps to convert, loops and back-steps.

    Parameters
    ----------
    events
        A canonical event log.
    target
        The conversion event (or several: the first of any of them counts).
    path_unit
        ``"user"`` or ``"session"``.

    Returns
    -------
    pandas.DataFrame
        ``path_id``, ``user_id``, ``n_events``, ``duration_seconds`` (first to last event),
        ``converted``, ``time_to_convert_seconds`` and ``steps_to_convert`` (to the first
        target, counting the target as a step; missing when not converted), ``loops``
        (events revisiting an event already seen in the path: length minus distinct
        events), ``repeats`` (an event straight after itself) and ``back_steps``
        (A -> B -> A: returning to the event before last).

    Examples
    --------
    >>> events = pd.DataFrame({"user_id": ["a"] * 4, "event": ["home", "cart", "home", "buy"],
    ...     "timestamp": pd.to_datetime([0, 10, 20, 50], unit="s")})
    >>> path_metrics(events, "buy")[["converted", "time_to_convert_seconds", "steps_to_convert",
    ...     "loops", "back_steps"]]
       converted  time_to_convert_seconds  steps_to_convert  loops  back_steps
    0       True                     50.0                 4      1           1
    """
    return path_metrics_from_log(build_log(events, path_unit), target)


def time_to_event(
    events: pd.DataFrame,
    to_event: str,
    *,
    from_event: str | None = None,
    path_unit: str = "user",
) -> pd.DataFrame:
    """Time and steps from a path's start (or its first ``from_event``) to the next ``to_event``.

    Only paths that reach ``to_event`` (after ``from_event`` when given) have a row.

    Returns
    -------
    pandas.DataFrame
        ``path_id``, ``user_id``, ``seconds``, ``steps`` (events from the start event to
        ``to_event``, counting neither); ``attrs["n_paths"]`` is the number of paths
        considered (all paths, or those with ``from_event``).
    """
    log = build_log(events, path_unit)
    pos = log.position()
    starts = log.starts
    origin = starts.astype(np.int64) if from_event is None else _first_hit(log, [log.code(from_event)], pos)
    considered = origin >= 0
    to_code = log.code(to_event)
    # The first to_event at or after the origin row of its path.
    after = (log.event == to_code) & (np.arange(len(log.path)) >= origin[log.path]) & considered[log.path]
    if from_event is not None:
        after &= np.arange(len(log.path)) > origin[log.path]
    first = np.full(log.n_paths, -1, dtype=np.int64)
    rows = np.flatnonzero(after)[::-1]
    first[log.path[rows]] = rows
    reached = first >= 0
    o, f = origin[reached], first[reached]
    out = pd.DataFrame(
        {
            "path_id": log.path_ids[reached],
            "user_id": log.users[reached],
            "seconds": seconds(log.ts[f] - log.ts[o]),
            "steps": np.maximum(f - o - 1, 0),
        }
    )
    out.attrs["n_paths"] = int(considered.sum())
    return out
