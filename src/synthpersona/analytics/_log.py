"""One sorted, integer-coded view of an event log that every analytics function shares.

Event logs arrive as the canonical frame of :func:`synthpersona.simulation.load_event_log`
(``user_id, session_id, event, timestamp`` plus attribute columns). The views here work on
numpy arrays: paths as contiguous runs of rows (sorted by path, then time), events as
integer codes, timestamps as int64 nanoseconds. Building this once costs one factorize
and, only when the rows are out of order, one stable sort; every view then runs in a few
vectorised passes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.errors import InputError, did_you_mean

PATH_UNITS = ("user", "session")
_NS = 1_000_000_000


@dataclass(frozen=True)
class Log:
    """Integer-coded event log, rows sorted by path then time.

    Attributes
    ----------
    path
        Path index of each row (0..n_paths-1, non-decreasing).
    event
        Event code of each row (index into ``names``).
    ts
        Timestamp of each row, int64 nanoseconds.
    names
        Event names by code.
    path_ids
        The path's identifier (user id, or ``user_id/session_id``) by path index.
    users
        The user id of each path, by path index.
    rows
        Positions of the rows in the original frame (for attribute look-ups); ``None``
        when they are the frame's own order.
    """

    path: np.ndarray
    event: np.ndarray
    ts: np.ndarray
    names: np.ndarray
    path_ids: np.ndarray
    users: np.ndarray
    rows: np.ndarray | None

    def source_rows(self, index: np.ndarray | None = None) -> np.ndarray:
        """Positions in the original frame of the log's rows ``index`` (all rows by default)."""
        if index is None:
            return np.arange(len(self.path)) if self.rows is None else self.rows
        return index if self.rows is None else self.rows[index]

    @property
    def n_paths(self) -> int:
        return len(self.path_ids)

    @property
    def starts(self) -> np.ndarray:
        """Index of the first row of each path (a path with no rows cannot exist)."""
        return np.flatnonzero(np.r_[True, self.path[1:] != self.path[:-1]]) if len(self.path) else self.path

    def position(self) -> np.ndarray:
        """0-based step number of each row within its path."""
        if not len(self.path):
            return self.path
        starts = self.starts
        lengths = np.diff(np.r_[starts, len(self.path)])
        return np.arange(len(self.path)) - np.repeat(starts, lengths)

    def code(self, event: str) -> int:
        """The code of ``event``; an :class:`InputError` naming the known events otherwise."""
        hits = np.flatnonzero(self.names == event)
        if not len(hits):
            known = [str(n) for n in self.names]
            raise InputError(
                f"Event {event!r} is not in the log.{did_you_mean(event, known)} Known events: "
                f"{', '.join(known[:30])}.",
                code="unknown_event",
                details={"event": event, "allowed": known},
            )
        return int(hits[0])

    def subset_paths(self, keep: np.ndarray) -> Log:
        """The log restricted to the paths where ``keep`` (a boolean per path) is true."""
        rows = keep[self.path]
        new_index = np.cumsum(keep) - 1
        return Log(
            path=new_index[self.path[rows]],
            event=self.event[rows],
            ts=self.ts[rows],
            names=self.names,
            path_ids=self.path_ids[keep],
            users=self.users[keep],
            rows=self.source_rows(np.flatnonzero(rows)),
        )


def check_columns(events: pd.DataFrame, needed: tuple[str, ...] = ("user_id", "event", "timestamp")) -> None:
    """Raise an :class:`InputError` naming the missing canonical columns."""
    missing = [c for c in needed if c not in events.columns]
    if missing:
        raise InputError(
            f"The event log has no column(s) {', '.join(missing)}; "
            f"it has {', '.join(map(str, events.columns))}. "
            "Load it with synthpersona.simulation.load_event_log (it maps common names) or rename them.",
            code="missing_columns",
            details={"missing": missing, "columns": [str(c) for c in events.columns]},
        )


def build_log(events: pd.DataFrame, path_unit: str = "user") -> Log:
    """Return the :class:`Log` of ``events``, with paths per user or per session."""
    if path_unit not in PATH_UNITS:
        raise InputError(
            f"Path unit {path_unit!r} is not one of {', '.join(PATH_UNITS)}.",
            code="bad_path_unit",
            details={"allowed": list(PATH_UNITS)},
        )
    check_columns(
        events, ("user_id", "event", "timestamp", *(("session_id",) if path_unit == "session" else ()))
    )
    ts_col = events["timestamp"]
    if not pd.api.types.is_datetime64_any_dtype(ts_col.dtype):
        raise InputError(
            "The event log's timestamp column is not datetimes; load it with "
            "synthpersona.simulation.load_event_log, which parses them.",
            code="bad_timestamps",
        )
    if isinstance(ts_col.dtype, pd.DatetimeTZDtype):
        ts_col = ts_col.dt.tz_convert("UTC").dt.tz_localize(None)
    ts = ts_col.to_numpy("datetime64[ns]").view("i8")
    ev = events["event"]
    if isinstance(ev.dtype, pd.CategoricalDtype):
        codes = ev.cat.codes.to_numpy()
        names = np.asarray(ev.cat.categories.astype(str), dtype=object)
    else:
        codes, uniq = pd.factorize(ev.astype(str))
        names = np.asarray(uniq, dtype=object)
    fast = _sorted_paths(events, ts, codes, path_unit)
    if fast is not None:
        path, users, path_ids = fast
        return Log(path=path, event=codes.astype(np.int32, copy=False), ts=ts, names=names,
                   path_ids=path_ids, users=users, rows=None)  # fmt: skip
    user_codes, user_uniques = pd.factorize(events["user_id"])
    key = user_codes.astype(np.int64)
    if path_unit == "session":
        sess_codes, _ = pd.factorize(events["session_id"])
        key = key * (int(sess_codes.max(initial=0)) + 1) + sess_codes
    valid = (codes >= 0) & (user_codes >= 0)
    rows = np.flatnonzero(valid) if not valid.all() else np.arange(len(events))
    key, ts, codes = key[rows], ts[rows], codes[rows]
    same = key[1:] == key[:-1]
    in_order = bool(np.all(key[1:] >= key[:-1])) and bool(np.all(ts[1:][same] >= ts[:-1][same]))
    if not in_order:
        order = np.lexsort((ts, key))  # stable: equal timestamps keep their logged order
        key, ts, codes, rows = key[order], ts[order], codes[order], rows[order]
    boundary = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, bool)
    path = np.cumsum(boundary) - 1
    first_rows = rows[boundary]
    users = np.asarray(user_uniques, dtype=object)[user_codes[first_rows]]
    if path_unit == "session":
        sess = events["session_id"].to_numpy()[first_rows]
        path_ids = np.asarray([f"{u}/{s}" for u, s in zip(users, sess, strict=True)], dtype=object)
    else:
        path_ids = users
    return Log(
        path=path.astype(np.int64),
        event=codes.astype(np.int32),
        ts=ts,
        names=names,
        path_ids=path_ids,
        users=users,
        rows=rows,
    )


def _sorted_paths(
    events: pd.DataFrame, ts: np.ndarray, codes: np.ndarray, path_unit: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Paths straight from run boundaries when the log is already in order (as ``load_event_log``
    and the preprocessing pipeline leave it); ``None`` when it is not (the caller sorts)."""
    users = events["user_id"]
    if not len(users) or not users.is_monotonic_increasing or users.isna().any() or (codes < 0).any():
        return None
    values = users.to_numpy()
    change = values[1:] != values[:-1]
    if path_unit == "session":
        sess = events["session_id"].to_numpy()
        if not np.all((sess[1:] >= sess[:-1]) | change):
            return None
        change = change | (sess[1:] != sess[:-1])
    if not np.all((ts[1:] >= ts[:-1]) | change):
        return None
    boundary = np.r_[True, change]
    path = np.cumsum(boundary, dtype=np.int64) - 1
    first = np.flatnonzero(boundary)
    path_users = np.asarray(values[first], dtype=object)
    if path_unit == "session":
        sess_first = events["session_id"].to_numpy()[first]
        ids = np.asarray([f"{u}/{s}" for u, s in zip(path_users, sess_first, strict=True)], dtype=object)
        return path, path_users, ids
    return path, path_users, path_users


def path_groups(events: pd.DataFrame, log: Log, group_by: str | Mapping[Any, Any] | pd.Series) -> np.ndarray:
    """Group label (as text) of each path of ``log``; ``None`` where a path has no label.

    ``group_by`` is a column of ``events`` (a user attribute or a logged variant column; a
    path takes the value of its first row), or a mapping / Series from user id to a label
    (e.g. behavioural persona or cluster of each user).
    """
    if isinstance(group_by, str):
        if group_by not in events.columns:
            cols = [str(c) for c in events.columns]
            raise InputError(
                f"Group column {group_by!r} is not in the event log.{did_you_mean(group_by, cols)} "
                f"Columns: {', '.join(cols)}.",
                code="unknown_column",
                details={"column": group_by, "allowed": cols},
            )
        values = events[group_by].to_numpy()[log.source_rows(log.starts)]
    else:
        mapping = group_by if isinstance(group_by, pd.Series) else pd.Series(dict(group_by))
        values = pd.Series(log.users).map(mapping).to_numpy()
    labels = pd.Series(values)
    out = labels.astype(str).to_numpy(dtype=object)
    out[labels.isna().to_numpy()] = None
    return out


def pick_groups(labels: np.ndarray, groups: tuple[str, str] | None) -> tuple[str, str]:
    """The two groups to compare: ``groups`` checked against ``labels``, or the two largest."""
    present = pd.Series(labels).dropna().value_counts()
    if groups is None:
        if len(present) < 2:
            raise InputError(
                f"Comparing needs two groups; the grouping has {len(present)} "
                f"({', '.join(map(str, present.index))}). Pick another --group-by.",
                code="too_few_groups",
            )
        return str(present.index[0]), str(present.index[1])
    for g in groups:
        if str(g) not in present.index:
            known = [str(v) for v in present.index]
            raise InputError(
                f"Group {g!r} has no paths.{did_you_mean(str(g), known)} Groups: {', '.join(known[:30])}.",
                code="unknown_group",
                details={"group": g, "allowed": known},
            )
    return str(groups[0]), str(groups[1])


def distinct(keys: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an integer array.

    numpy 2's hash-based ``np.unique`` takes ~50 s on 5M path-major keys on this
    machine; a sort (keys are nearly sorted already) and a diff take ~0.4 s.
    """
    ordered = np.sort(keys)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def seconds(ns: np.ndarray) -> np.ndarray:
    """Nanosecond differences as float seconds."""
    return ns.astype(np.float64) / _NS
