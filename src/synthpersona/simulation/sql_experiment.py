"""A logged A/B test's figures and the session lengths of a whole log, counted in the engine (issue 18).

A simulation run on a log by path reads only a sample of its users into memory; these counts
let it state the logged A/B test and take its session cap from every user instead:

- :func:`session_length_counts`: how many sessions have each number of events (the session
  cap is a quantile of it);
- :func:`arm_counts`: per arm of a logged experiment column (a user's arm is the value on the
  first row of the user's path), the users, the histograms of path length, steps and time to
  the first conversion, and the users with each event: everything
  :func:`synthpersona.analytics.compare_group_counts` needs for ``compare_groups``' table.

Both count a log of over 10,000,000 rows in parts by a hash of the user (each part's window
sorts within the engine's memory budget; the counts add up across parts). SQL in the common
subset of DuckDB and Spark; only the histograms reach pandas. Ties in time inside a path are
ordered by event name (as in :mod:`.sql`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from synthpersona.engine._base import sql_string
from synthpersona.simulation.sql import EventTable, _quote, user_parts
from synthpersona.simulation.sql_analytics import _micros

__all__ = ["arm_counts", "arm_key", "session_length_counts"]


def arm_key(arm: object) -> str:
    """An arm's value in the one form SQL and pandas agree on: text, trimmed, case folded.

    A boolean arm column reads ``true``/``false`` in SQL and ``True``/``False`` in pandas; a
    column of ``TRUE``/``FALSE`` text may be either.

    Examples
    --------
    >>> arm_key(True) == arm_key("true") == arm_key(" TRUE"), arm_key(1)
    (True, '1')
    """
    return str(arm).strip().casefold()


def session_length_counts(log: EventTable) -> pd.Series:
    """Sessions of the canonical log by their number of events (index: events, values: sessions).

    Examples
    --------
    >>> from synthpersona.simulation.sql import open_event_log
    >>> raw = pd.DataFrame({"user_id": [1, 1, 1, 2], "session_id": [1, 1, 2, 1], "event": list("abaa"),
    ...                     "timestamp": pd.to_datetime([0, 1, 2, 3], unit="s")})
    >>> session_length_counts(open_event_log(raw, "duckdb")).to_dict()
    {1: 2, 2: 1}
    """
    parts = [
        log.engine.query(
            "SELECT n, count(*) AS sessions FROM (SELECT user_id, session_id, count(*) AS n "
            f"FROM {log.table}{where} GROUP BY user_id, session_id) s GROUP BY n"
        )
        for where in user_parts(log)
    ]
    frame = pd.concat(parts, ignore_index=True).astype({"n": "int64", "sessions": "int64"})
    return frame.groupby("n")["sessions"].sum().sort_index().rename_axis(None).rename("sessions")


def arm_counts(log: EventTable, column: str, targets: Sequence[str]) -> pd.DataFrame:
    """Per arm of the log's ``column``: the counts behind a comparison of its two arms.

    A user's arm is ``column`` (as the engine writes it as text, trimmed: compare arms through
    :func:`arm_key`) on the user's first row (by time, then
    event name, then the smallest arm among equal rows); users whose first row has no arm are
    left out. A path is a user's events in order; it converts at its first event in
    ``targets``.

    Returns
    -------
    pandas.DataFrame
        ``kind, arm, value, event, n``: ``kind`` ``"length"`` (paths with ``value`` events),
        ``"steps"`` (converting paths whose first target is the ``value``-th event),
        ``"seconds"`` (converting paths whose first target came ``value`` seconds after
        their first event) and ``"event"`` (paths with ``event``).

    Examples
    --------
    >>> from synthpersona.simulation.sql import open_event_log
    >>> raw = pd.DataFrame({"user_id": [1, 1, 2, 2], "arm": ["A", "A", "B", "B"],
    ...                     "event": ["home", "buy", "home", "exit"],
    ...                     "timestamp": pd.to_datetime([0, 5, 0, 9], unit="s")})
    >>> counts = arm_counts(open_event_log(raw, "duckdb"), "arm", ["buy"])
    >>> counts[counts["kind"] == "seconds"][["arm", "value", "n"]].to_dict("records")
    [{'arm': 'A', 'value': 5.0, 'n': 1}]
    """
    raw = f"{log.table}_raw"
    user, event, ts = (_quote(log.columns.get(c, c)) for c in ("user_id", "event", "timestamp"))
    arm = _quote(column)
    hit = f"event IN ({', '.join(sql_string(t) for t in targets)})" if targets else "FALSE"
    wheres = user_parts(log)
    n_parts = len(wheres)
    frames = []
    for part, where in enumerate(wheres):
        rows = f"SELECT * FROM {raw} WHERE {user} IS NOT NULL AND {event} IS NOT NULL AND {ts} IS NOT NULL"
        if n_parts > 1:  # the same users as the canonical log's part (the same hash of the same id)
            rows += f" AND (hash({user}) % {n_parts} + {n_parts}) % {n_parts} = {part}"
        sql = (
            f"WITH r AS ({rows}), "
            f"f AS (SELECT {user} AS uid, min(CAST({ts} AS TIMESTAMP)) AS t0 FROM r GROUP BY {user}), "
            f"c AS (SELECT f.uid, trim(CAST(r.{event} AS STRING)) AS ev, "
            f"trim(CAST(r.{arm} AS STRING)) AS arm "
            f"FROM r JOIN f ON r.{user} = f.uid AND CAST(r.{ts} AS TIMESTAMP) = f.t0), "
            "fe AS (SELECT uid, min(ev) AS ev FROM c GROUP BY uid), "
            "a AS (SELECT c.uid, min(c.arm) AS arm FROM c JOIN fe ON c.uid = fe.uid AND c.ev = fe.ev "
            "GROUP BY c.uid), "
            "s AS (SELECT user_id, event, timestamp, row_number() OVER (PARTITION BY user_id "
            f"ORDER BY timestamp, event) AS pos FROM {log.table}{where}), "
            f"p AS (SELECT user_id, count(*) AS n_events, min(CASE WHEN {hit} THEN pos END) AS hit, "
            f"{_micros(log, f'min(CASE WHEN {hit} THEN timestamp END)')} - {_micros(log, 'min(timestamp)')} "
            "AS us FROM s GROUP BY user_id), "
            "j AS (SELECT a.arm, p.n_events, p.hit, p.us FROM p JOIN a ON p.user_id = a.uid "
            "WHERE a.arm IS NOT NULL) "
            "SELECT 'length' AS kind, arm, CAST(n_events AS DOUBLE) AS value, CAST(NULL AS STRING) AS event, "
            "count(*) AS n FROM j GROUP BY arm, n_events "
            "UNION ALL SELECT 'steps', arm, CAST(hit AS DOUBLE), CAST(NULL AS STRING), count(*) "
            "FROM j WHERE hit IS NOT NULL GROUP BY arm, hit "
            "UNION ALL SELECT 'seconds', arm, CAST(us AS DOUBLE) / 1000000.0, CAST(NULL AS STRING), count(*) "
            "FROM j WHERE hit IS NOT NULL GROUP BY arm, us "
            "UNION ALL SELECT 'event', a.arm, CAST(NULL AS DOUBLE), d.event, count(*) FROM "
            f"(SELECT DISTINCT user_id, event FROM {log.table}{where}) d JOIN a ON d.user_id = a.uid "
            "WHERE a.arm IS NOT NULL GROUP BY a.arm, d.event"
        )
        frames.append(log.engine.query(sql))
    frame = pd.concat(frames, ignore_index=True).astype({"n": "int64", "value": "float64"})
    frame = frame.astype({"kind": "string", "arm": "string", "event": "string"})
    keys = ["kind", "arm", "value", "event"]
    out = frame.groupby(keys, dropna=False, sort=True)["n"].sum().reset_index()
    return out.astype({"kind": object, "arm": object, "event": object})
