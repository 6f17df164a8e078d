"""Behaviour aggregations of an event log in the engine: funnel, per-segment profiles and transitions.

Over a log registered with :func:`~synthpersona.simulation.sql.open_event_log` (DuckDB or
Spark, read in place) and, for the per-segment figures, the labels table that
:func:`~synthpersona.simulation.sql.cluster_event_sequences_sql` leaves in the engine
(``user_id, cluster_id`` with 1-based ids):

- :func:`funnel_counts`: sessions reaching each step of an ordered funnel (a step counts
  when it occurs after the previous step was reached), the same table as
  ``funnel_table(engineer_path_features(log, funnel), funnel)`` in memory;
- :func:`segment_profiles`: users, sessions, events and converting users per segment;
- :func:`segment_transition_counts`: the first-order Markov transition counts of each
  segment (``^`` start, ``$`` end), what a persona's chain is fitted from;
- :func:`segment_session_stats`: each segment's users, sessions, converting sessions, median
  session length, mean duration and mean back steps, the figures a behavioural persona states
  (``profile_behavioural_personas`` computes the same in memory).

Everything is SQL in the common subset of DuckDB and Spark; only the small results reach
pandas. Ties in time inside a session are ordered by event name (as in :mod:`.sql`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from synthpersona.engine._base import check_identifier, sql_string
from synthpersona.errors import InputError
from synthpersona.simulation.sql import _END, _START, EventTable, _steps_sql, session_summary, user_parts

__all__ = ["funnel_counts", "segment_profiles", "segment_session_stats", "segment_transition_counts"]


def _labels(log: EventTable, labels_table: str | None) -> str:
    return check_identifier(labels_table or f"{log.table}_clusters")


def _check_events(log: EventTable, events: Sequence[str], what: str) -> list[str]:
    from synthpersona.simulation.features import resolve_events

    return resolve_events([str(e) for e in events], log.vocabulary, what)


def funnel_counts(log: EventTable, funnel: Sequence[str]) -> pd.DataFrame:
    """Sessions reaching each step of the ordered ``funnel``, in SQL.

    Returns
    -------
    pandas.DataFrame
        ``step, sessions, share, step_conversion`` as ``funnel_table`` gives them.

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> from synthpersona.simulation.sql import open_event_log
    >>> log = open_event_log(make_sample_events(n_users=50, random_state=0), "duckdb")
    >>> funnel_counts(log, ["landing", "signup_start"])["step"].tolist()
    ['landing', 'signup_start']
    """
    steps = _check_events(log, funnel, "Funnel")
    if len(steps) < 2 or len(set(steps)) != len(steps):
        raise InputError(f"A funnel needs at least two distinct steps, got {steps!r}.")
    eng = log.engine
    counts = np.zeros(len(steps), dtype=np.int64)
    step_of = "CASE event " + " ".join(f"WHEN {sql_string(s)} THEN {j}" for j, s in enumerate(steps)) + " END"
    listed = ", ".join(sql_string(s) for s in steps)
    kept = check_identifier(f"{log.table}_funnel_rows")
    for where in user_parts(log):  # a large log in parts by user: the window fits the memory budget
        # One sorted pass over the funnel's own rows, kept: their order among themselves is their
        # order in the session, and every step's join below reads this small table (the join chain
        # over the whole log's window cost s(s+1)/2 sorted passes of the log for s steps).
        keep = f"{where} AND" if where else " WHERE"
        eng.create_view(
            kept,
            f"SELECT user_id, session_id, {step_of} AS j, row_number() OVER "
            f"(PARTITION BY user_id, session_id ORDER BY timestamp, event) AS pos "
            f"FROM {log.table}{keep} event IN ({listed})",
            materialize=True,
        )
        # step j is reached at the first occurrence after the position where step j-1 was reached
        reached = (
            f"SELECT user_id, session_id, min(pos) AS p FROM {kept} WHERE j = 0 GROUP BY user_id, session_id"
        )
        selects = [f"SELECT 0 AS j, count(*) AS n FROM ({reached}) r0"]
        for j in range(1, len(steps)):
            reached = (
                f"SELECT e.user_id, e.session_id, min(e.pos) AS p FROM {kept} e JOIN ({reached}) r "
                "ON e.user_id = r.user_id AND e.session_id = r.session_id "
                f"WHERE e.j = {j} AND e.pos > r.p GROUP BY e.user_id, e.session_id"
            )
            selects.append(f"SELECT {j} AS j, count(*) AS n FROM ({reached}) r{j}")
        counts += eng.query(" UNION ALL ".join(selects)).sort_values("j")["n"].to_numpy(dtype=np.int64)
    total = session_summary(log)["n_sessions"]  # counted once per log (the ingest report's count)
    n = max(total, 1)
    rows, prev = [], total
    for step, k in zip(steps, counts, strict=True):
        rows.append(
            {"step": step, "sessions": int(k), "share": k / n, "step_conversion": k / prev if prev else 0.0}
        )
        prev = int(k)
    return pd.DataFrame(rows)


def segment_profiles(
    log: EventTable, completion_events: Sequence[str], *, labels_table: str | None = None
) -> pd.DataFrame:
    """Users, sessions, events and converting users of each segment, in SQL.

    Returns
    -------
    pandas.DataFrame
        ``cluster_id`` (0-based), ``users``, ``sessions``, ``events``, ``converted_users``
        (users with at least one of ``completion_events``), sorted by ``cluster_id``.
    """
    completes = _check_events(log, completion_events, "Completion")
    table = _labels(log, labels_table)
    flags = ", ".join(sql_string(e) for e in completes)
    per_user = (
        "SELECT e.user_id, c.cluster_id, count(*) AS events, "
        "count(DISTINCT e.session_id) AS sessions, "
        f"max(CASE WHEN e.event IN ({flags}) THEN 1 ELSE 0 END) AS converted "
        f"FROM {log.table} e JOIN {table} c ON e.user_id = c.user_id GROUP BY e.user_id, c.cluster_id"
    )
    out = log.engine.query(
        "SELECT cluster_id - 1 AS cluster_id, count(*) AS users, sum(sessions) AS sessions, "
        f"sum(events) AS events, sum(converted) AS converted_users FROM ({per_user}) u GROUP BY cluster_id"
    )
    out = out.astype({c: np.int64 for c in out.columns})
    return out.sort_values("cluster_id", ignore_index=True)


def segment_session_stats(
    log: EventTable,
    completion_events: Sequence[str],
    *,
    labels_table: str | None = None,
    events: Sequence[str] = (),
    overall: bool = False,
    exits: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The session figures of each segment a behavioural persona states, in SQL over every user.

    A session converts when it contains one of ``completion_events``; a back step is an event
    equal to the one two before it and unlike the one between (``a b a``), as in
    :func:`~synthpersona.simulation.profile_behavioural_personas`.

    Parameters
    ----------
    events
        Events whose session share (share of the sessions containing the event) is wanted too:
        the statistic behind a persona's role word and its distinctive events.
    overall
        Add a row for every user (``cluster_id`` -1): the baselines the names compare with.
    exits
        The drop events (leaving): with it, one ``exit:<event>`` per event of the log, the
        non-converting sessions whose exit event it is (the last event, or the one before a final
        drop event; a persona's exit is the most frequent), as ``profile_behavioural_personas``.

    Returns
    -------
    pandas.DataFrame
        ``cluster_id`` (0-based), ``users``, ``sessions``, ``converted_sessions``,
        ``median_session_events``, ``mean_duration_s``, ``mean_back_steps`` and one
        ``share:<event>`` per event, by ``cluster_id``.

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> from synthpersona.simulation.sql import cluster_event_sequences_sql, open_event_log
    >>> log = open_event_log(make_sample_events(n_users=60, random_state=0), "duckdb")
    >>> _ = cluster_event_sequences_sql(log, k=2, random_state=0)
    >>> stats = segment_session_stats(log, ["signup_complete"])
    >>> int(stats["users"].sum())
    60
    """
    from synthpersona.simulation.sql_analytics import _micros

    completes = _check_events(log, completion_events, "Completion")
    named = _check_events(log, events, "Named") if events else []
    table = _labels(log, labels_table)
    flags = ", ".join(sql_string(e) for e in completes) or "NULL"  # no goal: no session converts
    last = ", lead(event, 1) OVER w AS n1" if exits is not None else ""
    has = "".join(
        f", max(CASE WHEN event = {sql_string(e)} THEN 1 ELSE 0 END) AS has_{i}" for i, e in enumerate(named)
    )
    exit_sums = ""
    if exits is not None:  # the session's exit event, on its last row (n1 NULL: one row per session)
        drops = ", ".join(sql_string(e) for e in exits if e in log.vocabulary) or "NULL"  # others never occur
        has += (
            ", max(CASE WHEN n1 IS NULL THEN CASE WHEN p1 IS NOT NULL AND event IN "
            f"({drops}) THEN p1 ELSE event END END) AS exit_event"
        )
        exit_sums = "".join(
            f", sum(CASE WHEN s.converted = 0 AND s.exit_event = {sql_string(e)} THEN 1 ELSE 0 END) "
            f"AS exit_{i}"
            for i, e in enumerate(log.vocabulary)
        )
    has_sums = "".join(f", sum(s.has_{i}) AS has_{i}" for i in range(len(named)))
    # Sums and a histogram of session lengths per segment, by part of the users: they add up
    # exactly across parts (the median comes from the histogram, the means from integer sums), and
    # each part's window sorts a tenth of a large log within the engine's memory budget.
    cells = []
    for where in user_parts(log):
        ordered = (
            "SELECT user_id, session_id, event, timestamp, "
            f"lag(event, 1) OVER w AS p1, lag(event, 2) OVER w AS p2{last} "
            f"FROM (SELECT * FROM {log.table}{where}) t "
            "WINDOW w AS (PARTITION BY user_id, session_id ORDER BY timestamp, event)"
        )
        per_session = (
            "SELECT user_id, session_id, count(*) AS n_events, "
            f"max(CASE WHEN event IN ({flags}) THEN 1 ELSE 0 END) AS converted, "
            "sum(CASE WHEN p2 = event AND p1 <> event THEN 1 ELSE 0 END) AS back, "
            f"{_micros(log, 'max(timestamp)')} - {_micros(log, 'min(timestamp)')} AS micros"
            f"{has} FROM ({ordered}) o GROUP BY user_id, session_id"
        )
        cells.append(
            log.engine.query(
                "SELECT c.cluster_id - 1 AS cluster_id, s.n_events, count(*) AS sessions, "
                "sum(s.converted) AS converted_sessions, sum(s.micros) AS micros, sum(s.back) AS back"
                f"{has_sums}{exit_sums} FROM ({per_session}) s JOIN {table} c ON s.user_id = c.user_id "
                "GROUP BY c.cluster_id, s.n_events"
            )
        )
    counted = pd.concat(cells, ignore_index=True)
    counted = counted.astype({c: np.int64 for c in counted.columns})
    ids = counted["cluster_id"].to_numpy()
    rows = [{"cluster_id": int(c), **_session_figures(counted[ids == c])} for c in np.unique(ids)]
    if overall:  # every user: the baselines the names compare with
        rows.append({"cluster_id": -1, **_session_figures(counted)})
    out = pd.DataFrame(rows)
    users = log.engine.query(
        f"SELECT cluster_id - 1 AS cluster_id, count(*) AS users FROM {table} GROUP BY cluster_id"
    )
    users = users.astype(np.int64)
    if overall:
        users = pd.concat([users, pd.DataFrame({"cluster_id": [-1], "users": [int(users["users"].sum())]})])
    out = out.astype({"cluster_id": np.int64}).merge(users, on="cluster_id", how="left")
    out = out.rename(columns={f"has_{i}": f"share:{e}" for i, e in enumerate(named)})
    exit_columns = (
        {f"exit_{i}": f"exit:{e}" for i, e in enumerate(log.vocabulary)} if exits is not None else {}
    )
    out = out.rename(columns=exit_columns)
    counts = ["cluster_id", "users", "sessions", "converted_sessions", *exit_columns.values()]
    out = out.astype({**{c: np.int64 for c in counts}, **{c: float for c in out.columns if c not in counts}})
    front = ["cluster_id", "users", "sessions", "converted_sessions", "median_session_events"]
    out = out[[*front, *(c for c in out.columns if c not in front)]]
    return out.sort_values("cluster_id", ignore_index=True)


def _session_figures(cells: pd.DataFrame) -> dict[str, float | int]:
    """One segment's session figures from its per-length sums (``segment_session_stats``' cells).

    The median session length is the middle of the sorted lengths (the mean of the two middle
    ones for an even count), as SQL's ``median`` and numpy's give it.
    """
    hist = cells.groupby("n_events")["sessions"].sum().sort_index()
    n = int(hist.sum())
    ends = np.cumsum(hist.to_numpy())  # sessions up to and including each length
    lengths = hist.index.to_numpy()
    low, high = (lengths[np.searchsorted(ends, i, side="right")] for i in ((n - 1) // 2, n // 2))
    sums = cells.drop(columns=["cluster_id", "n_events", "sessions"]).sum()
    out: dict[str, float | int] = {
        "sessions": n,
        "converted_sessions": int(sums["converted_sessions"]),
        "median_session_events": (int(low) + int(high)) / 2,
        "mean_duration_s": int(sums["micros"]) / n / 1_000_000,
        "mean_back_steps": int(sums["back"]) / n,
    }
    for column in sums.index:
        if column.startswith("has_"):
            out[column] = int(sums[column]) / n
        elif column.startswith("exit_"):
            out[column] = int(sums[column])
    return out


def segment_transition_counts(log: EventTable, *, labels_table: str | None = None) -> pd.DataFrame:
    """First-order transition counts of each segment, in SQL (``^`` start, ``$`` end of a session).

    Returns
    -------
    pandas.DataFrame
        ``cluster_id`` (0-based), ``source``, ``target``, ``n``, sorted by those columns;
        summed over the segments they equal :func:`~synthpersona.simulation.sql.transition_counts`.
    """
    table = _labels(log, labels_table)
    last = "CASE WHEN t.next1 IS NULL THEN 1 ELSE 0 END"
    triples = log.engine.query(
        f"SELECT c.cluster_id - 1 AS cluster_id, t.prev1, t.event, {last} AS last, count(*) AS n "
        f"FROM ({_steps_sql(log)}) t JOIN {table} c ON t.user_id = c.user_id "
        f"GROUP BY c.cluster_id, t.prev1, t.event, {last}"
    )
    triples["n"] = triples["n"].astype(np.int64)
    inner = triples.assign(source=triples["prev1"].astype(object).fillna(_START), target=triples["event"])
    ends = triples[triples["last"] == 1].assign(source=lambda f: f["event"], target=_END)
    both = pd.concat([inner, ends])[["cluster_id", "source", "target", "n"]]
    both = both.astype({"cluster_id": np.int64, "source": str, "target": str})
    out = both.groupby(["cluster_id", "source", "target"], as_index=False, sort=False).agg(n=("n", "sum"))
    return out.sort_values(["cluster_id", "source", "target"], ignore_index=True)
