"""Event preprocessing as a small declarative pipeline (JSON in, JSON saved with the analysis).

A pipeline is a list of steps, each a dataclass with a ``kind``; ``Pipeline.from_dict``
reads the JSON form (``{"steps": [{"kind": "rename", "mapping": {...}}, ...]}``) and
``to_dict`` writes it back, so an analysis records exactly how its log was prepared.
Every step keeps the canonical columns and the rows sorted by user and time.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from synthpersona.analytics._log import build_log, check_columns
from synthpersona.errors import InputError, did_you_mean

START = "path_start"
END = "path_end"


def _path_index(events: pd.DataFrame, path_unit: str) -> np.ndarray:
    """Path number of each row of a log sorted by user (and session)."""
    if not len(events):
        return np.zeros(0, dtype=np.int64)
    change = np.zeros(len(events), dtype=bool)
    cols = ["user_id", "session_id"] if path_unit == "session" else ["user_id"]
    for col in cols:
        values = events[col].to_numpy()
        change[1:] |= values[1:] != values[:-1]
    change[0] = True
    return np.cumsum(change) - 1


def _event_values(events: pd.DataFrame) -> pd.Series:
    ev = events["event"]
    return ev if isinstance(ev.dtype, pd.CategoricalDtype) else ev.astype(str).astype("category")


def _check_events(events: pd.DataFrame, names: Sequence[str], what: str) -> None:
    known = [str(c) for c in _event_values(events).cat.categories]
    for name in names:
        if name not in known:
            raise InputError(
                f"{what}: event {name!r} is not in the log.{did_you_mean(name, known)} "
                f"Known events: {', '.join(known[:30])}.",
                code="unknown_event",
                details={"event": name, "allowed": known},
            )


@dataclass
class Step:
    """Base of the pipeline steps; ``kind`` names the step in JSON."""

    kind: ClassVar[str] = ""

    def apply(self, events: pd.DataFrame) -> pd.DataFrame:  # pragma: no cover - abstract
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **asdict(self)}


@dataclass
class RenameEvents(Step):
    """Rename events, or group several into one (``{"search": "browse", "filter": "browse"}``)."""

    kind: ClassVar[str] = "rename"
    mapping: dict[str, str] = field(default_factory=dict)

    def apply(self, events: pd.DataFrame) -> pd.DataFrame:
        ev = _event_values(events)
        cats = [self.mapping.get(str(c), str(c)) for c in ev.cat.categories]
        uniq, inverse = np.unique(np.asarray(cats, dtype=object), return_inverse=True)
        codes = ev.cat.codes.to_numpy()
        new_codes = np.where(codes >= 0, inverse[codes], -1).astype(np.int64)
        new = pd.Categorical.from_codes(new_codes, categories=pd.Index(uniq))
        return events.assign(event=new)


@dataclass
class FilterEvents(Step):
    """Keep only the events in ``keep`` (when given) and drop those in ``drop``."""

    kind: ClassVar[str] = "filter_events"
    keep: list[str] | None = None
    drop: list[str] = field(default_factory=list)

    def apply(self, events: pd.DataFrame) -> pd.DataFrame:
        _check_events(events, [*(self.keep or []), *self.drop], "filter_events")
        ev = _event_values(events)
        mask = np.ones(len(events), dtype=bool)
        if self.keep is not None:
            mask &= ev.isin(self.keep).to_numpy()
        if self.drop:
            mask &= ~ev.isin(self.drop).to_numpy()
        out = events.loc[mask]
        return out.assign(event=_event_values(out).cat.remove_unused_categories()).reset_index(drop=True)


@dataclass
class FilterUsers(Step):
    """Keep users who did all of ``with_events``, none of ``without_events``, at least
    ``min_events`` events, and whose ``column`` (a user attribute) is one of ``values``."""

    kind: ClassVar[str] = "filter_users"
    with_events: list[str] = field(default_factory=list)
    without_events: list[str] = field(default_factory=list)
    min_events: int = 0
    column: str | None = None
    values: list[str] = field(default_factory=list)

    def apply(self, events: pd.DataFrame) -> pd.DataFrame:
        _check_events(events, [*self.with_events, *self.without_events], "filter_users")
        users = events["user_id"]
        keep = pd.Series(True, index=pd.unique(users))
        ev = _event_values(events)
        for name in self.with_events:
            keep &= keep.index.isin(users[(ev == name).to_numpy()].unique())
        for name in self.without_events:
            keep &= ~keep.index.isin(users[(ev == name).to_numpy()].unique())
        if self.min_events:
            keep &= users.value_counts().reindex(keep.index).to_numpy() >= self.min_events
        if self.column is not None:
            if self.column not in events.columns:
                cols = [str(c) for c in events.columns]
                raise InputError(
                    f"filter_users: column {self.column!r} is not in the log."
                    f"{did_you_mean(self.column, cols)}",
                    code="unknown_column",
                    details={"column": self.column, "allowed": cols},
                )
            first = events.groupby("user_id", sort=False)[self.column].first().astype(str)
            keep &= first.reindex(keep.index).isin([str(v) for v in self.values]).to_numpy()
        mask = users.map(keep).to_numpy(dtype=bool) if len(events) else np.zeros(0, bool)
        return events.loc[mask].reset_index(drop=True)


@dataclass
class CollapseRepeats(Step):
    """Collapse runs of the same event within a path to their first occurrence."""

    kind: ClassVar[str] = "collapse_repeats"
    path_unit: str = "user"

    def apply(self, events: pd.DataFrame) -> pd.DataFrame:
        path = _path_index(events, self.path_unit)
        codes = _event_values(events).cat.codes.to_numpy()
        repeat = np.zeros(len(events), dtype=bool)
        repeat[1:] = (path[1:] == path[:-1]) & (codes[1:] == codes[:-1])
        return events.loc[~repeat].reset_index(drop=True)


@dataclass
class SplitSessions(Step):
    """Number each user's sessions (``session_id`` 1, 2, ...) anew, split at gaps over ``gap_minutes``."""

    kind: ClassVar[str] = "split_sessions"
    gap_minutes: float = 30.0

    def apply(self, events: pd.DataFrame) -> pd.DataFrame:
        if self.gap_minutes <= 0:
            raise InputError(f"split_sessions: gap_minutes must be positive, got {self.gap_minutes}.")
        path = _path_index(events, "user")
        ts = events["timestamp"].to_numpy("datetime64[ns]").view("i8")
        new = np.ones(len(events), dtype=bool)
        gap = np.int64(self.gap_minutes * 60e9)
        new[1:] = (path[1:] != path[:-1]) | ((ts[1:] - ts[:-1]) > gap)
        run = np.cumsum(new)
        first_of_user = np.r_[True, path[1:] != path[:-1]] if len(path) else new
        base = np.maximum.accumulate(np.where(first_of_user, run, 0))
        return events.assign(session_id=(run - base + 1).astype(np.int64))


@dataclass
class Truncate(Step):
    """Cut each path at its first ``event``: keep what comes ``"before"`` or ``"after"`` it.

    ``inclusive`` keeps the event itself; paths without the event are kept whole unless
    ``drop_missing``.
    """

    kind: ClassVar[str] = "truncate"
    event: str = ""
    keep: str = "before"
    inclusive: bool = True
    drop_missing: bool = False
    path_unit: str = "user"

    def apply(self, events: pd.DataFrame) -> pd.DataFrame:
        if self.keep not in ("before", "after"):
            raise InputError(f"truncate: keep must be 'before' or 'after', got {self.keep!r}.")
        _check_events(events, [self.event], "truncate")
        path = _path_index(events, self.path_unit)
        n_paths = int(path[-1]) + 1 if len(path) else 0
        idx = np.arange(len(events))
        first = np.full(n_paths, -1, dtype=np.int64)
        rows = np.flatnonzero((_event_values(events) == self.event).to_numpy())[::-1]
        first[path[rows]] = rows
        cut = first[path]
        has = cut >= 0
        if self.keep == "before":
            inside = (idx <= cut) if self.inclusive else (idx < cut)
        else:
            inside = (idx >= cut) if self.inclusive else (idx > cut)
        mask = np.where(has, inside, not self.drop_missing)
        return events.loc[mask].reset_index(drop=True)


@dataclass
class AddMarkers(Step):
    """Add synthetic ``start``/``end`` events at each path's first and last timestamp.

    Markers already present are replaced, so applying the step twice changes nothing.
    """

    kind: ClassVar[str] = "add_markers"
    start: str | None = START
    end: str | None = END
    path_unit: str = "user"

    def apply(self, events: pd.DataFrame) -> pd.DataFrame:
        markers = [m for m in (self.start, self.end) if m]
        ev = _event_values(events)
        base = events.loc[~ev.isin(markers).to_numpy()].reset_index(drop=True)
        path = _path_index(base, self.path_unit)
        if not len(base):
            return base
        starts = np.flatnonzero(np.r_[True, path[1:] != path[:-1]])
        ends = np.r_[starts[1:], len(base)] - 1
        parts, ranks, paths = [base], [np.arange(len(base))], [path]
        for name, rows, rank in ((self.start, starts, -1), (self.end, ends, len(base))):
            if name:
                parts.append(base.iloc[rows].assign(event=name))
                ranks.append(np.full(len(rows), rank))
                paths.append(path[rows])
        names = list(dict.fromkeys([*map(str, _event_values(base).cat.categories), *markers]))
        out = pd.concat(parts, ignore_index=True)
        out["event"] = pd.Categorical(out["event"].astype(str), categories=names)
        order = np.lexsort((np.concatenate(ranks), np.concatenate(paths)))
        return out.iloc[order].reset_index(drop=True)


STEPS: dict[str, type[Step]] = {
    cls.kind: cls
    for cls in (RenameEvents, FilterEvents, FilterUsers, CollapseRepeats, SplitSessions, Truncate, AddMarkers)
}


def step_from_dict(spec: Mapping[str, Any]) -> Step:
    """One step from its JSON form ``{"kind": ..., **options}``."""
    spec = dict(spec)
    kind = str(spec.pop("kind", ""))
    if kind not in STEPS:
        raise InputError(
            f"Preprocessing step {kind!r} is unknown.{did_you_mean(kind, STEPS)} Steps: {', '.join(STEPS)}.",
            code="unknown_step",
            details={"kind": kind, "allowed": list(STEPS)},
        )
    cls = STEPS[kind]
    allowed = {f.name for f in fields(cls)}
    unknown = sorted(set(spec) - allowed)
    if unknown:
        raise InputError(
            f"Preprocessing step {kind!r} has no option(s) {', '.join(unknown)}; it takes "
            f"{', '.join(sorted(allowed)) or 'none'}.",
            code="unknown_option",
            details={"kind": kind, "options": unknown, "allowed": sorted(allowed)},
        )
    return cls(**spec)


@dataclass
class Pipeline:
    """An ordered list of preprocessing steps.

    Examples
    --------
    >>> events = pd.DataFrame({"user_id": ["a", "a", "a"], "event": ["home", "home", "buy"],
    ...     "timestamp": pd.to_datetime([0, 1, 2], unit="s")})
    >>> pipe = Pipeline.from_dict({"steps": [{"kind": "collapse_repeats"}, {"kind": "add_markers"}]})
    >>> pipe.apply(events)["event"].tolist()
    ['path_start', 'home', 'buy', 'path_end']
    >>> pipe.to_dict()["steps"][0]
    {'kind': 'collapse_repeats', 'path_unit': 'user'}
    """

    steps: list[Step] = field(default_factory=list)

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None) -> Pipeline:
        """Read ``{"steps": [...]}`` or a bare list of steps (``None``: no steps)."""
        if spec is None:
            return cls()
        items = spec.get("steps", []) if isinstance(spec, Mapping) else spec
        if not isinstance(items, Sequence) or isinstance(items, str):
            raise InputError("A preprocessing pipeline is a list of steps, each {'kind': ..., ...}.")
        return cls([step_from_dict(s) for s in items])

    @classmethod
    def from_json(cls, text: str) -> Pipeline:
        """Read the JSON text form."""
        try:
            return cls.from_dict(json.loads(text))
        except json.JSONDecodeError as exc:
            raise InputError(
                f"The preprocessing pipeline is not valid JSON: {exc}.", code="bad_json"
            ) from None

    def to_dict(self) -> dict[str, Any]:
        return {"steps": [s.to_dict() for s in self.steps]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def apply(self, events: pd.DataFrame) -> pd.DataFrame:
        """Apply the steps in order to a canonical log (sorted by user and time first)."""
        check_columns(events)
        log = build_log(events, "user")
        out = events if log.rows is None else events.iloc[log.rows].reset_index(drop=True)
        out = out.assign(event=_event_values(out))
        report = []
        for step in self.steps:
            before = len(out)
            out = step.apply(out)
            report.append({"kind": step.kind, "rows_in": before, "rows_out": len(out)})
        out.attrs = {**events.attrs, "synthpersona_preprocessing": {**self.to_dict(), "report": report}}
        return out
