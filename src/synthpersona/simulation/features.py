"""Session, path (funnel) and user features of a clickstream.

All three functions take the canonical event log of :func:`~synthpersona.simulation.etl.load_event_log`
(or any frame it accepts) and compute on numpy arrays of session boundaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from synthpersona.errors import InputError, did_you_mean
from synthpersona.simulation._sessions import Sessions, index_sessions
from synthpersona.simulation.etl import ensure_event_log

__all__ = [
    "DEFAULT_FUNNEL",
    "cut_session_index",
    "cut_sessions_at",
    "default_completion_events",
    "default_drop_events",
    "engineer_path_features",
    "engineer_session_features",
    "engineer_user_features",
    "funnel_table",
    "resolve_events",
    "user_attribute_columns",
]

DEFAULT_FUNNEL = ("landing", "signup_start", "signup_complete")
_COMPLETE_WORDS = ("complete", "purchase", "convert", "checkout_success", "order_placed", "subscribe")
_DROP_WORDS = ("drop", "exit", "bounce", "abandon", "churn", "lost", "quit", "leave", "cancel", "timeout")


def default_completion_events(vocabulary: Iterable[str]) -> set[str]:
    """Events that look like a conversion (``signup_complete``, ``purchase``...)."""
    return {v for v in vocabulary if any(w in v.lower() for w in _COMPLETE_WORDS)}


def default_drop_events(vocabulary: Iterable[str]) -> set[str]:
    """Events that look like leaving (``drop_off``, ``exit``, ``bounce``...)."""
    return {v for v in vocabulary if any(w in v.lower() for w in _DROP_WORDS)}


def resolve_events(names: Iterable[str] | None, vocabulary: Sequence[str], what: str) -> list[str]:
    """Validate event names against the log's vocabulary (clear error with suggestions)."""
    out = []
    for name in names or ():
        if name not in vocabulary:
            raise InputError(
                f"{what} event {name!r} does not occur in the event log.{did_you_mean(name, vocabulary)} "
                f"Events in the log: {', '.join(sorted(vocabulary))}.",
                details={"event": name, "allowed": sorted(vocabulary)},
            )
        out.append(name)
    return out


def cut_sessions_at(
    events: pd.DataFrame, stop_events: Iterable[str], *, sessions: Sessions | None = None
) -> pd.DataFrame:
    """The log with every session cut after its first stop event (a conversion or a drop).

    The simulator ends a session at its first completion or drop event, so chains meant to
    simulate it are fitted on sessions cut the same way: then a fitted first-order chain
    reaches the goal in exactly the share of sessions that reach it in the log (every visit
    to the goal is a first visit). Fitted on whole sessions, a shop log whose buyers browse
    on after buying gives the chain repeat purchases and a conversion 2.4 points too low.
    Names the log does not contain are ignored. ``sessions``: the log's session index when the
    caller has built it already (:func:`cut_session_index` gives the cut log's from it).

    Examples
    --------
    >>> log = pd.DataFrame({"user_id": [1, 1, 1, 2], "event": ["view", "buy", "view", "view"],
    ...                     "timestamp": pd.date_range("2026-01-01", periods=4, freq="min")})
    >>> cut_sessions_at(log, ["buy"])["event"].tolist()
    ['view', 'buy', 'view']
    """
    log = ensure_event_log(events)
    keep = _kept_rows(index_sessions(log, sessions), stop_events)
    if keep.all():
        return log
    out = log.loc[keep].reset_index(drop=True)
    out.attrs = dict(log.attrs)
    return out


def cut_session_index(sessions: Sessions, stop_events: Iterable[str]) -> Sessions:
    """The session index of ``cut_sessions_at(log, stop_events)``, from ``log``'s index.

    No second pass over the log: every session keeps a prefix of its rows (at least its
    first), so the cut index is the kept rows of each array.

    Examples
    --------
    >>> log = pd.DataFrame({"user_id": [1, 1, 1, 2], "event": ["view", "buy", "view", "view"],
    ...                     "timestamp": pd.date_range("2026-01-01", periods=4, freq="min")})
    >>> sx = index_sessions(log)
    >>> cut = cut_session_index(sx, ["buy"])
    >>> cut.lengths.tolist() == index_sessions(cut_sessions_at(log, ["buy"])).lengths.tolist() == [2, 1]
    True
    """
    keep = _kept_rows(sessions, stop_events)
    if keep.all():
        return sessions
    lengths = np.add.reduceat(keep.astype(np.int64), sessions.starts) if len(keep) else sessions.lengths
    starts = np.zeros(len(lengths), dtype=sessions.starts.dtype)
    np.cumsum(lengths[:-1], out=starts[1:])
    return Sessions(
        vocabulary=sessions.vocabulary,
        codes=sessions.codes[keep],
        times=sessions.times[keep],
        starts=starts,
        lengths=lengths.astype(sessions.lengths.dtype, copy=False),
        session_of_row=sessions.session_of_row[keep],
        user_of_session=sessions.user_of_session,
        user_ids=sessions.user_ids,
        session_ids=sessions.session_ids,
    )


def _kept_rows(sx: Sessions, stop_events: Iterable[str]) -> np.ndarray:
    """Rows of ``sx`` up to and including each session's first stop event."""
    is_stop = np.isin(np.array(sx.vocabulary, dtype=object), list(stop_events))
    hit = is_stop[sx.codes].astype(np.int64)
    before = np.cumsum(hit) - hit  # stop events on earlier rows, counted over the whole log
    return np.asarray(before == np.repeat(before[sx.starts], sx.lengths))


def _completion_mask(sx: Sessions, completion_events: Iterable[str] | None) -> np.ndarray:
    names = (
        resolve_events(completion_events, sx.vocabulary, "Completion")
        if completion_events is not None
        else sorted(default_completion_events(sx.vocabulary))
    )
    is_complete = np.zeros(len(sx.vocabulary), dtype=bool)
    is_complete[[sx.vocabulary.index(n) for n in names]] = True
    return is_complete


def engineer_session_features(
    events: pd.DataFrame, completion_events: Iterable[str] | None = None
) -> pd.DataFrame:
    """One row per session: length, duration, loops, back-steps, conversion and exit event.

    Parameters
    ----------
    events
        Event log (see :func:`~synthpersona.simulation.etl.load_event_log`).
    completion_events
        Events that count as a conversion; default: events named like ``*complete*``,
        ``purchase``...

    Returns
    -------
    pandas.DataFrame
        Columns ``user_id, session_id, start, end, duration_s, n_events, n_unique_events,
        repeat_visits, self_loops, back_steps, first_event, last_event, converted,
        dropoff_event`` (the last event of a session that did not convert, else missing).

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> sf = engineer_session_features(make_sample_events(n_users=50, random_state=0))
    >>> bool((sf["n_events"] >= 1).all())
    True
    """
    sx = index_sessions(events)
    codes, starts, ends, sor = sx.codes, sx.starts, sx.ends, sx.session_of_row
    v = len(sx.vocabulary)
    pair = np.unique(sor.astype(np.int64) * v + codes)
    n_unique = np.bincount(pair // v, minlength=sx.n_sessions)
    same_sess1 = sor[1:] == sor[:-1]
    self_loop = np.zeros(len(codes), dtype=bool)
    self_loop[1:] = same_sess1 & (codes[1:] == codes[:-1])
    back = np.zeros(len(codes), dtype=bool)
    if len(codes) > 2:
        back[2:] = (sor[2:] == sor[:-2]) & (codes[2:] == codes[:-2]) & (codes[2:] != codes[1:-1])
    is_complete = _completion_mask(sx, completion_events)
    converted = (
        np.add.reduceat(is_complete[codes].astype(np.int64), starts) > 0 if len(codes) else np.array([])
    )
    cats = pd.Categorical.from_codes(codes[ends], categories=pd.Index(sx.vocabulary))
    last_event = pd.Series(cats)
    return pd.DataFrame(
        {
            "user_id": sx.user_ids[sx.user_of_session],
            "session_id": sx.session_ids,
            "start": pd.to_datetime(sx.times[starts]),
            "end": pd.to_datetime(sx.times[ends]),
            "duration_s": (sx.times[ends] - sx.times[starts]) / 1e9,
            "n_events": sx.lengths,
            "n_unique_events": n_unique,
            "repeat_visits": sx.lengths - n_unique,
            "self_loops": np.add.reduceat(self_loop.astype(np.int64), starts),
            "back_steps": np.add.reduceat(back.astype(np.int64), starts),
            "first_event": pd.Categorical.from_codes(codes[starts], categories=pd.Index(sx.vocabulary)),
            "last_event": last_event,
            "converted": converted,
            "dropoff_event": last_event.where(~converted),
        }
    )


def engineer_path_features(
    events: pd.DataFrame,
    funnel_events: Sequence[str] = DEFAULT_FUNNEL,
    *,
    max_path_events: int = 12,
) -> pd.DataFrame:
    """One row per session: the funnel steps reached in order, the drop-off step and the path.

    A step counts as reached when it occurs after the previous step was reached
    (ordered funnel). ``dropoff_step`` is the first funnel step not reached.

    Parameters
    ----------
    events
        Event log.
    funnel_events
        Ordered funnel, e.g. ``["landing", "signup_start", "signup_complete"]``.
    max_path_events
        Paths longer than this are elided in the ``path`` column.

    Returns
    -------
    pandas.DataFrame
        ``user_id, session_id, path, n_events, steps_reached, reached_<step>...,
        converted, dropoff_step, seconds_to_convert``.

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> pf = engineer_path_features(make_sample_events(n_users=50, random_state=0),
    ...                             funnel_events=["landing", "signup_start", "signup_complete"])
    >>> int(pf["steps_reached"].max()) <= 3
    True
    """
    funnel = list(funnel_events)
    if len(funnel) < 2:
        raise InputError(
            f"A funnel needs at least two steps, got {funnel!r}, "
            "e.g. ['landing', 'signup_start', 'signup_complete'].",
        )
    if len(set(funnel)) != len(funnel):
        raise InputError(f"Funnel steps must be distinct, got {funnel!r}.")
    sx = index_sessions(events)
    resolve_events(funnel, sx.vocabulary, "Funnel")
    n = sx.n_sessions
    pos = sx.position_in_session()
    sor = sx.session_of_row
    reached_pos = np.full(n, -1, dtype=np.int64)  # position where the previous step was reached
    reached_time = np.zeros(n, dtype=np.int64)
    alive = np.ones(n, dtype=bool)
    data: dict[str, object] = {}
    steps = np.zeros(n, dtype=np.int64)
    for j, step in enumerate(funnel):
        rows = np.flatnonzero(sx.codes == sx.vocabulary.index(step))
        rows = rows[alive[sor[rows]] & (pos[rows] > reached_pos[sor[rows]])]
        sess, first = np.unique(sor[rows], return_index=True)
        hit = np.zeros(n, dtype=bool)
        hit[sess] = True
        reached_pos[sess] = pos[rows[first]]
        if j == 0:
            reached_time[sess] = sx.times[rows[first]]
        elif j == len(funnel) - 1:
            last_time = np.zeros(n, dtype=np.int64)
            last_time[sess] = sx.times[rows[first]]
        alive &= hit
        steps += alive
        data[f"reached_{step}"] = alive.copy()
    converted = alive
    drop_codes = np.where(converted, -1, steps)
    dropoff = pd.Categorical.from_codes(
        np.where(drop_codes >= len(funnel), -1, drop_codes), categories=pd.Index(funnel)
    )
    hashes = sx.path_hashes()
    _, first_idx, inverse = np.unique(hashes, return_index=True, return_inverse=True)
    rendered = np.array([sx.render_path(int(i), max_path_events) for i in first_idx], dtype=object)
    seconds = np.where(converted, (last_time - reached_time) / 1e9, np.nan)
    return pd.DataFrame(
        {
            "user_id": sx.user_ids[sx.user_of_session],
            "session_id": sx.session_ids,
            "path": pd.Categorical(rendered[inverse]),
            "n_events": sx.lengths,
            "steps_reached": steps,
            **data,
            "converted": converted,
            "dropoff_step": dropoff,
            "seconds_to_convert": seconds,
        }
    )


def engineer_user_features(
    events: pd.DataFrame,
    session_features: pd.DataFrame | None = None,
    path_features: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per user: activity, visit cadence, conversion, funnel depth and attributes.

    Parameters
    ----------
    events
        Event log; extra columns constant within a user (e.g. ``device``, ``country``)
        are carried over as user attributes.
    session_features, path_features
        Outputs of :func:`engineer_session_features` / :func:`engineer_path_features`;
        computed from ``events`` when omitted (path features are optional).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``user_id``: ``n_sessions, n_events, mean_session_events,
        mean_session_duration_s, session_conversion_rate, converted, first_seen,
        last_seen, active_days, mean_days_between_sessions, mean_repeat_visits,
        mean_back_steps`` (+ ``max_steps_reached, typical_dropoff_step`` with path
        features, + user attributes).

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> uf = engineer_user_features(make_sample_events(n_users=40, random_state=0))
    >>> len(uf)
    40
    """
    log = ensure_event_log(events)
    sf = session_features if session_features is not None else engineer_session_features(log)
    sf = sf.sort_values(["user_id", "start"], kind="stable")
    g = sf.groupby("user_id", sort=True, observed=True)
    out = pd.DataFrame(
        {
            "n_sessions": g.size(),
            "n_events": g["n_events"].sum(),
            "mean_session_events": g["n_events"].mean(),
            "mean_session_duration_s": g["duration_s"].mean(),
            "session_conversion_rate": g["converted"].mean(),
            "converted": g["converted"].any(),
            "first_seen": g["start"].min(),
            "last_seen": g["end"].max(),
            "mean_repeat_visits": g["repeat_visits"].mean(),
            "mean_back_steps": g["back_steps"].mean(),
        }
    )
    out["active_days"] = (out["last_seen"] - out["first_seen"]).dt.total_seconds() / 86400
    # Cadence: mean gap between consecutive session starts of the same user.
    gaps = sf["start"].diff().dt.total_seconds() / 86400
    gaps[sf["user_id"].ne(sf["user_id"].shift())] = np.nan
    out["mean_days_between_sessions"] = gaps.groupby(sf["user_id"], sort=True).mean()
    if path_features is not None:
        pg = path_features.groupby("user_id", sort=True, observed=True)
        out["max_steps_reached"] = pg["steps_reached"].max()
        drops = path_features.dropna(subset=["dropoff_step"])
        if len(drops):
            mode = (
                drops.groupby(["user_id", "dropoff_step"], observed=True)
                .size()
                .reset_index(name="n")
                .sort_values(["user_id", "n"], ascending=[True, False], kind="stable")
                .drop_duplicates("user_id")
                .set_index("user_id")["dropoff_step"]
            )
            out["typical_dropoff_step"] = mode.reindex(out.index)
    attrs = user_attribute_columns(log)
    if attrs:
        first = log.drop_duplicates("user_id").set_index("user_id")[attrs]
        out = out.join(first)
    out.index.name = "user_id"
    return out


def user_attribute_columns(events: pd.DataFrame) -> list[str]:
    """Extra columns of the log that are constant within each user (user attributes).

    Columns starting with ``_`` (e.g. a planted ``_group`` used for scoring) are excluded.
    """
    core = {"user_id", "session_id", "event", "timestamp", "cluster_id", "persona_id", "persona"}
    cols = [c for c in events.columns if c not in core and not str(c).startswith("_")]
    out = []
    for c in cols:
        per_user = events.groupby("user_id", sort=False, observed=True)[c].nunique(dropna=False)
        if (per_user <= 1).all():
            out.append(c)
    return out


def funnel_table(path_features: pd.DataFrame, funnel_events: Sequence[str]) -> pd.DataFrame:
    """Sessions reaching each funnel step (in order) from :func:`engineer_path_features` output.

    Returns ``step, sessions, share, step_conversion`` (share of the previous step's sessions).

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> funnel = ["landing", "signup_start", "signup_complete"]
    >>> paths = engineer_path_features(make_sample_events(n_users=50, random_state=0), funnel)
    >>> t = funnel_table(paths, funnel)
    >>> t["step"].tolist() == funnel
    True
    """
    n = max(len(path_features), 1)
    rows = []
    prev = len(path_features)
    for step in funnel_events:
        col = f"reached_{step}"
        if col not in path_features.columns:
            raise InputError(
                f"Funnel step {step!r} is not in these path features; compute them with the same funnel.",
            )
        k = int(path_features[col].sum())
        rows.append(
            {"step": step, "sessions": k, "share": k / n, "step_conversion": k / prev if prev else 0.0}
        )
        prev = k
    return pd.DataFrame(rows)
