"""Step matrix: share of paths at each event by step number (from the start or back from a target)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.analytics._log import Log, build_log, path_groups, pick_groups
from synthpersona.errors import InputError

ENDED = "(ended)"
NOT_STARTED = "(not started)"


def _matrix(log: Log, max_steps: int, target: str | None) -> pd.DataFrame:
    n = len(log.names)
    pos = log.position()
    if target is None:
        keep = pos < max_steps
        col = pos[keep]
        n_paths = log.n_paths
        columns = list(range(1, max_steps + 1))
        filler = ENDED
    else:
        code = log.code(target)
        hit = log.event == code
        first = np.full(log.n_paths, -1, dtype=np.int64)
        # The first hit per path: reversed assignment leaves the smallest position.
        hit_rows = np.flatnonzero(hit)[::-1]
        first[log.path[hit_rows]] = pos[hit_rows]
        reached = first >= 0
        rel = pos - first[log.path]  # 0 at the target, negative before it
        keep = reached[log.path] & (rel <= 0) & (rel > -max_steps)
        col = rel[keep] + max_steps - 1
        n_paths = int(reached.sum())
        columns = list(range(-(max_steps - 1), 1))
        filler = NOT_STARTED
    cells = np.bincount(log.event[keep].astype(np.int64) * max_steps + col, minlength=n * max_steps)
    return shares_frame(log.names, cells.reshape(n, max_steps), n_paths, columns, filler)


def shares_frame(
    names: np.ndarray, cells: np.ndarray, n_paths: int, columns: list[int], filler: str
) -> pd.DataFrame:
    """The step matrix from its path counts (events x steps): shares, unused events dropped, filler row.

    Shared with the SQL twin (``simulation.sql_analytics``), which counts the cells in the engine.
    """
    shares = cells / max(n_paths, 1)
    frame = pd.DataFrame(shares, index=pd.Index(names, name="event"), columns=columns)
    frame = frame.loc[frame.sum(axis=1) > 0]
    frame.loc[filler] = (1.0 - frame.sum(axis=0)).clip(lower=0.0) if n_paths else 0.0
    frame.columns.name = "step"
    frame.attrs["n_paths"] = n_paths
    return frame


def _check_steps(max_steps: int) -> None:
    if not 1 <= max_steps <= 1000:
        raise InputError(f"max_steps must be between 1 and 1000, got {max_steps}.", code="bad_max_steps")


def step_matrix(
    events: pd.DataFrame,
    *,
    max_steps: int = 10,
    target: str | None = None,
    path_unit: str = "user",
) -> pd.DataFrame:
    """Share of paths at each event by step number.

    Parameters
    ----------
    events
        A canonical event log.
    max_steps
        Number of steps (columns).
    target
        ``None``: steps 1..max_steps from each path's start; the row ``"(ended)"`` holds the
        paths that had already ended, so every column sums to 1. An event name: steps
        ``-(max_steps-1)..0`` back from the path's first ``target`` (step 0), over the paths
        that reach it; ``"(not started)"`` holds the paths that began later.
    path_unit
        ``"user"`` or ``"session"``.

    Returns
    -------
    pandas.DataFrame
        Rows: events (plus the filler row), columns: step numbers, values: shares of paths.
        ``attrs["n_paths"]`` is the number of paths counted.

    Examples
    --------
    >>> events = pd.DataFrame({"user_id": ["a", "a", "b"], "event": ["home", "buy", "home"],
    ...     "timestamp": pd.to_datetime([0, 1, 0], unit="s")})
    >>> step_matrix(events, max_steps=2).to_dict(orient="index")
    {'home': {1: 1.0, 2: 0.0}, 'buy': {1: 0.0, 2: 0.5}, '(ended)': {1: 0.0, 2: 0.5}}
    """
    _check_steps(max_steps)
    return _matrix(build_log(events, path_unit), max_steps, target)


def step_matrix_difference(
    events: pd.DataFrame,
    group_by: str | Mapping[Any, Any] | pd.Series,
    groups: tuple[str, str] | None = None,
    *,
    max_steps: int = 10,
    target: str | None = None,
    path_unit: str = "user",
) -> pd.DataFrame:
    """Step matrix of group A minus that of group B (events missing in one side count as 0).

    Every column of the difference sums to 0. ``attrs`` holds ``groups`` (A, B) and
    ``n_paths`` of each.
    """
    _check_steps(max_steps)
    log = build_log(events, path_unit)
    labels = path_groups(events, log, group_by)
    a, b = pick_groups(labels, groups)
    ma = _matrix(log.subset_paths(labels == a), max_steps, target)
    mb = _matrix(log.subset_paths(labels == b), max_steps, target)
    return matrix_difference(ma, mb, (a, b))


def matrix_difference(ma: pd.DataFrame, mb: pd.DataFrame, pair: tuple[str, str]) -> pd.DataFrame:
    """Step matrix ``ma`` minus ``mb`` over the union of their events (filler rows last)."""
    index = [e for e in ma.index.union(mb.index, sort=False) if e not in (ENDED, NOT_STARTED)]
    index += [r for r in (ENDED, NOT_STARTED) if r in ma.index or r in mb.index]
    # Rounded so that exact ties print as 0, not 1e-16.
    diff = (ma.reindex(index, fill_value=0.0) - mb.reindex(index, fill_value=0.0)).round(12)
    diff.attrs = {"groups": pair, "n_paths": (ma.attrs["n_paths"], mb.attrs["n_paths"])}
    return diff
