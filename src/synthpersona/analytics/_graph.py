"""Transition graph: weighted event -> event edges between consecutive events of a path."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.analytics._log import Log, build_log, distinct, path_groups, pick_groups, seconds

EDGE_COLUMNS = ("source", "target", "count", "share", "paths", "mean_seconds", "median_seconds")


def _edges(log: Log) -> pd.DataFrame:
    n = len(log.names)
    n2 = n * n
    # Consecutive rows of different paths go to an extra bin (n2) instead of being masked out:
    # no copies of 5M-row arrays.
    pair = log.event[:-1].astype(np.int64) * n + log.event[1:]
    pair[log.path[1:] != log.path[:-1]] = n2
    gap = seconds(np.diff(log.ts))
    counts = np.bincount(pair, minlength=n2 + 1)[:n2]
    present = np.flatnonzero(counts)
    if not len(present):
        return pd.DataFrame({c: pd.Series(dtype=float) for c in EDGE_COLUMNS}).astype(
            {"source": object, "target": object, "count": np.int64, "paths": np.int64}
        )
    total_gap = np.bincount(pair, weights=gap, minlength=n2 + 1)[:n2]
    out_count = counts.reshape(n, n).sum(axis=1)
    paths = _distinct_paths(log.path[:-1], pair, present, n2)
    median = pd.Series(gap).groupby(pair).median()
    frame = pd.DataFrame(
        {
            "source": log.names[present // n],
            "target": log.names[present % n],
            "count": counts[present].astype(np.int64),
            "share": counts[present] / out_count[present // n],
            "paths": paths[present].astype(np.int64),
            "mean_seconds": total_gap[present] / counts[present],
            "median_seconds": median.reindex(present).to_numpy(),
        }
    )
    return frame.sort_values(["count", "source", "target"], ascending=[False, True, True], ignore_index=True)


def _distinct_paths(path: np.ndarray, pair: np.ndarray, present: np.ndarray, n2: int) -> np.ndarray:
    """Number of distinct paths with each pair (indexed by pair code, length ``n2``)."""
    n_paths = int(path[-1]) + 1 if len(path) else 0
    m = len(present) + 1  # the last column takes the cross-path bin
    out = np.zeros(n2, dtype=np.int64)
    if n_paths * m <= 200_000_000:  # a paths x pairs bit matrix: one scatter, one column sum
        column = np.full(n2 + 1, m - 1, dtype=np.int64)
        column[present] = np.arange(m - 1)
        seen = np.zeros(n_paths * m, dtype=bool)
        seen[path * m + column[pair]] = True
        out[present] = seen.reshape(n_paths, m)[:, :-1].sum(axis=0)
        return out
    keys = distinct(path[pair < n2] * n2 + pair[pair < n2])  # large vocabularies: sort instead
    return np.bincount(keys % n2, minlength=n2)


def _filter(frame: pd.DataFrame, min_count: int, min_share: float) -> pd.DataFrame:
    keep = (frame["count"] >= min_count) & (frame["share"] >= min_share)
    return frame.loc[keep].reset_index(drop=True)


def transition_graph(
    events: pd.DataFrame,
    *,
    path_unit: str = "user",
    min_count: int = 0,
    min_share: float = 0.0,
) -> pd.DataFrame:
    """Weighted edges between consecutive events of each path.

    Parameters
    ----------
    events
        A canonical event log (``user_id, event, timestamp``; ``session_id`` for sessions).
    path_unit
        ``"user"`` (one path per user) or ``"session"``.
    min_count, min_share
        Keep edges with at least this many transitions and this share of the source's
        outgoing transitions (shares are computed before filtering).

    Returns
    -------
    pandas.DataFrame
        One row per edge: ``source``, ``target``, ``count``, ``share`` (of the source's
        outgoing transitions, so shares of a source sum to 1 before filtering),
        ``paths`` (distinct paths with the transition), ``mean_seconds`` and
        ``median_seconds`` between the two events; most frequent first.

    Examples
    --------
    >>> events = pd.DataFrame({"user_id": ["a", "a", "a", "b", "b"],
    ...     "event": ["home", "cart", "buy", "home", "cart"],
    ...     "timestamp": pd.to_datetime([0, 60, 90, 0, 30], unit="s")})
    >>> transition_graph(events)[["source", "target", "count", "share", "mean_seconds"]]
      source target  count  share  mean_seconds
    0   home   cart      2    1.0          45.0
    1   cart    buy      1    1.0          30.0
    """
    return _filter(_edges(build_log(events, path_unit)), min_count, min_share)


def transition_graph_by_group(
    events: pd.DataFrame,
    group_by: str | Mapping[Any, Any] | pd.Series,
    *,
    path_unit: str = "user",
    min_count: int = 0,
    min_share: float = 0.0,
) -> pd.DataFrame:
    """:func:`transition_graph` of each group, stacked with a ``group`` column first.

    ``group_by`` is an event-log column (a path takes its first row's value) or a mapping
    from user id to a label (e.g. a behavioural persona per user).
    """
    log = build_log(events, path_unit)
    labels = path_groups(events, log, group_by)
    parts = []
    for group in pd.Series(labels).dropna().unique():
        frame = _filter(_edges(log.subset_paths(labels == group)), min_count, min_share)
        parts.append(frame.assign(group=str(group)))
    if not parts:
        return pd.DataFrame(columns=["group", *EDGE_COLUMNS])
    out = pd.concat(parts, ignore_index=True)
    return out[["group", *EDGE_COLUMNS]]


def transition_graph_difference(
    events: pd.DataFrame,
    group_by: str | Mapping[Any, Any] | pd.Series,
    groups: tuple[str, str] | None = None,
    *,
    path_unit: str = "user",
    min_count: int = 0,
) -> pd.DataFrame:
    """Edges of two groups side by side and their difference (group A minus group B).

    Returns
    -------
    pandas.DataFrame
        ``source``, ``target``, ``count_a``, ``count_b``, ``share_a``, ``share_b``,
        ``share_diff`` (difference of the source-normalised shares), ``paths_a``/``paths_b``
        and ``path_rate_diff`` (difference of the share of each group's paths making the
        transition), sorted by the absolute share difference. ``attrs["groups"]`` holds (A, B).
        Edges with fewer than ``min_count`` transitions in both groups are left out.
    """
    log = build_log(events, path_unit)
    labels = path_groups(events, log, group_by)
    a, b = pick_groups(labels, groups)
    sides = [(_edges(log.subset_paths(labels == g)), int((labels == g).sum())) for g in (a, b)]
    return edges_difference(sides[0], sides[1], (a, b), min_count)


def edges_difference(
    side_a: tuple[pd.DataFrame, int], side_b: tuple[pd.DataFrame, int], pair: tuple[str, str], min_count: int
) -> pd.DataFrame:
    """Two groups' edges (each with its number of paths) side by side, and A minus B.

    Shared with the SQL twin (``simulation.sql_analytics``), which counts the edges in the engine.
    """
    sides = []
    for (edges, n_paths), suffix in ((side_a, "_a"), (side_b, "_b")):
        frame = edges[["source", "target", "count", "share", "paths"]].copy()
        frame["path_rate"] = frame["paths"] / max(n_paths, 1)
        sides.append(frame.set_index(["source", "target"]).add_suffix(suffix))
    both = sides[0].join(sides[1], how="outer").fillna(0.0)
    both = both[(both["count_a"] >= min_count) | (both["count_b"] >= min_count)]
    for col in ("count_a", "count_b", "paths_a", "paths_b"):
        both[col] = both[col].astype(np.int64)
    both["share_diff"] = both["share_a"] - both["share_b"]
    both["path_rate_diff"] = both["path_rate_a"] - both["path_rate_b"]
    out = both.reset_index()
    out = out.iloc[np.argsort(-out["share_diff"].abs().to_numpy(), kind="stable")].reset_index(drop=True)
    out.attrs["groups"] = pair
    return out
