"""Behaviour views of an event log computed in the engine: transition graph, step matrix, retention.

The SQL twins of :mod:`synthpersona.analytics` (``transition_graph``, ``transition_graph_difference``,
``step_matrix``, ``step_matrix_difference``, ``retention_matrix``, ``time_to_event``) over a log
registered with :func:`~synthpersona.simulation.sql.open_event_log` (DuckDB or Spark, read in
place): window functions order each path and aggregations count edges, cells and cohorts;
only those counts reach pandas, where the analytics module's own assembly code
(``shares_frame``, ``edges_difference``, ``retention_from_counts``) turns them into the same
tables. On a log without ties in time inside a path the results equal the in-memory
functions' (``tests/simulation/test_sql_analytics.py``); ties are ordered by event name here
(a file's row order is not a property SQL engines keep).

Groups (for the differences) are a SQL query giving ``user_id, grp``:
:func:`converted_groups_sql` (reached a target event or not) and :func:`persona_groups_sql`
(the labels table the sequence clustering leaves in the engine).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from synthpersona.analytics._graph import EDGE_COLUMNS, edges_difference
from synthpersona.analytics._log import PATH_UNITS
from synthpersona.analytics._retention import PERIODS, Retention, retention_from_counts
from synthpersona.analytics._steps import ENDED, NOT_STARTED, matrix_difference, shares_frame
from synthpersona.engine._base import check_identifier, sql_string
from synthpersona.errors import InputError, did_you_mean
from synthpersona.simulation.sql import EventTable

__all__ = [
    "converted_groups_sql",
    "group_sizes",
    "persona_groups_sql",
    "retention_matrix_sql",
    "step_matrix_difference_sql",
    "step_matrix_sql",
    "time_to_event_sql",
    "transition_graph_difference_sql",
    "transition_graph_sql",
]

CONVERTED, NOT_CONVERTED = "converted", "not converted"


# --- paths, groups and engine dialect ----------------------------------------------------------


def _partition(path_unit: str) -> str:
    if path_unit not in PATH_UNITS:
        raise InputError(
            f"Path unit {path_unit!r} is not one of {', '.join(PATH_UNITS)}.",
            code="bad_path_unit",
            details={"allowed": list(PATH_UNITS)},
        )
    return "user_id" if path_unit == "user" else "user_id, session_id"


def _path_key(path_unit: str) -> str:
    """One value per path (for ``count(DISTINCT ...)``)."""
    if path_unit == "user":
        return "user_id"
    return "concat(CAST(user_id AS STRING), '/', CAST(session_id AS STRING))"


def _micros(log: EventTable, expr: str) -> str:
    """Microseconds since the epoch of a timestamp expression (the two engines spell it differently)."""
    return f"unix_micros({expr})" if log.engine.name == "spark" else f"epoch_us({expr})"


def _code(log: EventTable, event: str) -> str:
    """``event`` as a SQL literal, after checking it is in the log (the error names the known ones)."""
    if event not in log.vocabulary:
        raise InputError(
            f"Event {event!r} is not in the log.{did_you_mean(event, log.vocabulary)} Known events: "
            f"{', '.join(log.vocabulary[:30])}.",
            code="unknown_event",
            details={"event": event, "allowed": log.vocabulary},
        )
    return sql_string(event)


def _steps(log: EventTable, path_unit: str) -> str:
    """Engine table of the log's rows in path order, computed once per log and path unit.

    Columns ``user_id, session_id, pk`` (the path), ``event, timestamp``, ``pos`` (0-based
    step in the path) and ``nxt``/``nts`` (the next event and its time, NULL at the path's
    end). The canonical log is a DISTINCT over the file and each view needs the same sorted
    window, so materialising it once saves that work for every later view of the log.
    """
    key = f"steps_{path_unit}"
    if key not in log._derived:
        part = _partition(path_unit)
        name = check_identifier(f"{log.table}_{key}")
        log.engine.create_view(
            name,
            f"SELECT user_id, session_id, {_path_key(path_unit)} AS pk, event, timestamp, "
            "row_number() OVER w - 1 AS pos, lead(event) OVER w AS nxt, lead(timestamp) OVER w AS nts "
            f"FROM {log.table} WINDOW w AS (PARTITION BY {part} ORDER BY timestamp, event)",
            materialize=True,
        )
        log._derived[key] = name
    return log._derived[key]


def _source(log: EventTable, groups_sql: str | None, path_unit: str = "user") -> str:
    """The log's rows in path order (:func:`_steps`), with each user's group ``grp`` when grouped
    (ungrouped users left out)."""
    steps = _steps(log, path_unit)
    if groups_sql is None:
        return steps
    return f"(SELECT e.*, g.grp FROM {steps} e JOIN ({groups_sql}) g ON e.user_id = g.user_id)"


def converted_groups_sql(log: EventTable, targets: Sequence[str]) -> str:
    """SQL of ``user_id, grp``: ``"converted"`` for users with one of ``targets``, else ``"not converted"``.

    Examples
    --------
    >>> import pandas as pd
    >>> from synthpersona.simulation.sql import open_event_log
    >>> raw = pd.DataFrame({"user_id": [1, 1, 2], "session_id": 1, "event": ["home", "buy", "home"],
    ...                     "timestamp": pd.to_datetime(["2026-09-01 10:00", "2026-09-01 10:01",
    ...                                                  "2026-09-01 10:02"])})
    >>> log = open_event_log(raw, "duckdb")
    >>> log.engine.query(converted_groups_sql(log, ["buy"]) + " ORDER BY user_id")["grp"].tolist()
    ['converted', 'not converted']
    """
    names = ", ".join(_code(log, t) for t in targets)
    return (
        f"SELECT user_id, CASE WHEN max(CASE WHEN event IN ({names}) THEN 1 ELSE 0 END) = 1 "
        f"THEN '{CONVERTED}' ELSE '{NOT_CONVERTED}' END AS grp FROM {log.table} GROUP BY user_id"
    )


def persona_groups_sql(log: EventTable, labels_table: str | None = None) -> str:
    """SQL of ``user_id, grp`` with ``grp = "persona <i>"`` (0-based) from the clustering's labels table."""
    table = check_identifier(labels_table or f"{log.table}_clusters")
    return f"SELECT user_id, concat('persona ', CAST(cluster_id - 1 AS STRING)) AS grp FROM {table}"


def group_sizes(log: EventTable, groups_sql: str, path_unit: str = "user") -> pd.Series:
    """Paths per group, largest first (ties by name), as ``pick_groups`` ranks them."""
    sizes = log.engine.query(
        f"SELECT grp, count(*) AS n FROM {_source(log, groups_sql, path_unit)} s WHERE pos = 0 GROUP BY grp"
    )
    sizes = sizes.dropna(subset=["grp"])
    order = sorted(
        zip(sizes["grp"].astype(str), sizes["n"].astype(np.int64), strict=True), key=lambda r: -r[1]
    )
    return pd.Series({g: int(n) for g, n in order}, dtype=np.int64)


def _pick(log: EventTable, groups_sql: str, pair: tuple[str, str] | None, path_unit: str) -> pd.Series:
    """The sizes of the two groups to compare: ``pair`` checked, or the two largest."""
    sizes = group_sizes(log, groups_sql, path_unit)
    if pair is None:
        if len(sizes) < 2:
            raise InputError(
                f"Comparing needs two groups; the grouping has {len(sizes)} "
                f"({', '.join(map(str, sizes.index))}). Pick another --group-by.",
                code="too_few_groups",
            )
        return sizes.iloc[:2]
    for g in pair:
        if str(g) not in sizes.index:
            known = [str(v) for v in sizes.index]
            raise InputError(
                f"Group {g!r} has no paths.{did_you_mean(str(g), known)} Groups: {', '.join(known[:30])}.",
                code="unknown_group",
                details={"group": g, "allowed": known},
            )
    return sizes.loc[[str(pair[0]), str(pair[1])]]


# --- transition graph --------------------------------------------------------------------------


def _edges(log: EventTable, path_unit: str, groups_sql: str | None) -> pd.DataFrame:
    """Edge counts (with ``grp`` when grouped): count, paths, mean and median seconds, share."""
    grp = "grp, " if groups_sql else ""
    gap = f"({_micros(log, 'nts')} - {_micros(log, 'timestamp')}) / 1000000.0"
    edges = log.engine.query(
        f"SELECT {grp}event AS source, nxt AS target, count(*) AS n, count(DISTINCT pk) AS paths, "
        f"avg({gap}) AS mean_seconds, median({gap}) AS median_seconds "
        f"FROM {_source(log, groups_sql, path_unit)} t "
        f"WHERE nxt IS NOT NULL GROUP BY {grp}event, nxt"
    )
    edges = edges.astype({"source": object, "target": object, "n": np.int64, "paths": np.int64})
    keys = ["grp", "source"] if groups_sql else ["source"]
    out_count = edges.groupby(keys)["n"].transform("sum")
    edges = edges.rename(columns={"n": "count"}).assign(share=edges["n"] / out_count)
    return edges


def _sorted_edges(edges: pd.DataFrame) -> pd.DataFrame:
    frame = edges[list(EDGE_COLUMNS)].astype({"mean_seconds": float, "median_seconds": float})
    return frame.sort_values(["count", "source", "target"], ascending=[False, True, True], ignore_index=True)


def transition_graph_sql(
    log: EventTable, *, path_unit: str = "user", min_count: int = 0, min_share: float = 0.0
) -> pd.DataFrame:
    """:func:`~synthpersona.analytics.transition_graph` computed in the engine.

    Examples
    --------
    >>> import pandas as pd
    >>> from synthpersona.simulation.sql import open_event_log
    >>> raw = pd.DataFrame({"user_id": [1, 1, 1, 2, 2], "session_id": 1,
    ...     "event": ["home", "cart", "buy", "home", "cart"],
    ...     "timestamp": pd.to_datetime([0, 60, 90, 0, 30], unit="s")})
    >>> transition_graph_sql(open_event_log(raw, "duckdb"))[["source", "target", "count", "mean_seconds"]]
      source target  count  mean_seconds
    0   home   cart      2          45.0
    1   cart    buy      1          30.0
    """
    frame = _sorted_edges(_edges(log, path_unit, None))
    keep = (frame["count"] >= min_count) & (frame["share"] >= min_share)
    return frame.loc[keep].reset_index(drop=True)


def transition_graph_difference_sql(
    log: EventTable,
    groups_sql: str,
    groups: tuple[str, str] | None = None,
    *,
    path_unit: str = "user",
    min_count: int = 0,
) -> pd.DataFrame:
    """:func:`~synthpersona.analytics.transition_graph_difference` computed in the engine.

    ``groups_sql`` gives ``user_id, grp`` (:func:`converted_groups_sql`, :func:`persona_groups_sql`).
    """
    sizes = _pick(log, groups_sql, groups, path_unit)
    a, b = (str(g) for g in sizes.index)
    chosen = f"SELECT * FROM ({groups_sql}) g WHERE grp IN ({sql_string(a)}, {sql_string(b)})"
    edges = _edges(log, path_unit, chosen)
    sides = [(_sorted_edges(edges[edges["grp"] == g]), int(sizes[g])) for g in (a, b)]
    return edges_difference(sides[0], sides[1], (a, b), min_count)


# --- step matrix -------------------------------------------------------------------------------


def _check_steps(max_steps: int) -> None:
    if not 1 <= max_steps <= 1000:
        raise InputError(f"max_steps must be between 1 and 1000, got {max_steps}.", code="bad_max_steps")


def _step_cells(
    log: EventTable, max_steps: int, target: str | None, path_unit: str, groups_sql: str | None
) -> dict[str, pd.DataFrame]:
    """Step matrix per group (key ``""`` when ungrouped), from cell counts made in the engine."""
    grp = "grp" if groups_sql else "''"
    positions = f"SELECT {grp} AS grp, pk, event, pos FROM {_source(log, groups_sql, path_unit)} s"
    if target is None:
        cells = log.engine.query(
            f"SELECT grp, event, pos AS col, count(*) AS n FROM ({positions}) p WHERE pos < {int(max_steps)} "
            "GROUP BY grp, event, pos"
        )
        paths = log.engine.query(f"SELECT grp, count(*) AS n FROM ({positions}) p WHERE pos = 0 GROUP BY grp")
        columns, filler = list(range(1, max_steps + 1)), ENDED
    else:
        first = (
            f"SELECT pk, min(pos) AS f FROM ({positions}) p WHERE event = {_code(log, target)} GROUP BY pk"
        )
        cells = log.engine.query(
            f"SELECT p.grp, p.event, p.pos - h.f + {int(max_steps) - 1} AS col, count(*) AS n "
            f"FROM ({positions}) p JOIN ({first}) h ON p.pk = h.pk "
            f"WHERE p.pos <= h.f AND p.pos > h.f - {int(max_steps)} GROUP BY p.grp, p.event, p.pos - h.f"
        )
        paths = log.engine.query(
            f"SELECT p.grp, count(*) AS n FROM ({positions}) p JOIN ({first}) h ON p.pk = h.pk "
            "WHERE p.pos = h.f GROUP BY p.grp"
        )
        columns, filler = list(range(-(max_steps - 1), 1)), NOT_STARTED
    names = np.asarray(log.vocabulary, dtype=object)
    code = {e: i for i, e in enumerate(log.vocabulary)}
    n_paths = {str(g): int(n) for g, n in zip(paths["grp"], paths["n"], strict=True)}
    out = {}
    for g in n_paths if groups_sql else [""]:
        part_cells = cells[cells["grp"].astype(str) == g]
        grid = np.zeros((len(names), max_steps), dtype=np.int64)
        rows = part_cells["event"].map(code).to_numpy(dtype=np.int64)
        grid[rows, part_cells["col"].to_numpy(dtype=np.int64)] = part_cells["n"].to_numpy(dtype=np.int64)
        out[g] = shares_frame(names, grid, n_paths.get(g, 0), columns, filler)
    return out


def step_matrix_sql(
    log: EventTable, *, max_steps: int = 10, target: str | None = None, path_unit: str = "user"
) -> pd.DataFrame:
    """:func:`~synthpersona.analytics.step_matrix` computed in the engine.

    Examples
    --------
    >>> import pandas as pd
    >>> from synthpersona.simulation.sql import open_event_log
    >>> raw = pd.DataFrame({"user_id": [1, 1, 2], "session_id": 1, "event": ["home", "buy", "home"],
    ...     "timestamp": pd.to_datetime([0, 1, 0], unit="s")})
    >>> step_matrix_sql(open_event_log(raw, "duckdb"), max_steps=2).to_dict(orient="index")
    {'buy': {1: 0.0, 2: 0.5}, 'home': {1: 1.0, 2: 0.0}, '(ended)': {1: 0.0, 2: 0.5}}
    """
    _check_steps(max_steps)
    return _step_cells(log, max_steps, target, path_unit, None)[""]


def step_matrix_difference_sql(
    log: EventTable,
    groups_sql: str,
    groups: tuple[str, str] | None = None,
    *,
    max_steps: int = 10,
    target: str | None = None,
    path_unit: str = "user",
) -> pd.DataFrame:
    """:func:`~synthpersona.analytics.step_matrix_difference` computed in the engine."""
    _check_steps(max_steps)
    sizes = _pick(log, groups_sql, groups, path_unit)
    a, b = (str(g) for g in sizes.index)
    chosen = f"SELECT * FROM ({groups_sql}) g WHERE grp IN ({sql_string(a)}, {sql_string(b)})"
    mats = _step_cells(log, max_steps, target, path_unit, chosen)
    empty = shares_frame(
        np.asarray(log.vocabulary, dtype=object),
        np.zeros((len(log.vocabulary), max_steps), dtype=np.int64),
        0,
        list(range(1, max_steps + 1)) if target is None else list(range(-(max_steps - 1), 1)),
        ENDED if target is None else NOT_STARTED,
    )
    return matrix_difference(mats.get(a, empty), mats.get(b, empty), (a, b))


# --- retention and time to event ---------------------------------------------------------------


def _period_sql(log: EventTable, period: str) -> str:
    """Integer period number of ``timestamp`` as ``analytics._retention._period_index`` numbers them."""
    if period not in PERIODS:
        raise InputError(
            f"Period {period!r} is not one of {', '.join(PERIODS)}.",
            code="bad_period",
            details={"allowed": list(PERIODS)},
        )
    us = _micros(log, "timestamp")
    day = 86_400_000_000
    if period == "day":
        return f"CAST(floor({us} / {day}.0) AS BIGINT)"
    if period == "week":  # 1970-01-01 was a Thursday: shifted by 3 days, weeks start on Mondays
        return f"CAST(floor(({us} + {3 * day}) / {7 * day}.0) AS BIGINT)"
    return "((year(timestamp) - 1970) * 12 + month(timestamp) - 1)"


def retention_matrix_sql(
    log: EventTable,
    *,
    period: str = "week",
    cohort_event: str | None = None,
    return_event: str | None = None,
    max_periods: int | None = None,
) -> Retention:
    """:func:`~synthpersona.analytics.retention_matrix` computed in the engine.

    Examples
    --------
    >>> import pandas as pd
    >>> from synthpersona.simulation.sql import open_event_log
    >>> raw = pd.DataFrame({"user_id": [1, 1, 2], "session_id": [1, 2, 1], "event": ["x", "x", "x"],
    ...     "timestamp": pd.to_datetime(["2024-01-01", "2024-01-09", "2024-01-02"])})
    >>> retention_matrix_sql(open_event_log(raw, "duckdb"), period="week").to_dict()["shares"]
    [[1.0, 0.5]]
    """
    per = _period_sql(log, period)
    rows = f"SELECT user_id, event, {per} AS per, pos FROM {_steps(log, 'user')}"
    starting = "" if cohort_event is None else f"WHERE event = {_code(log, cohort_event)} "
    # each user's cohort row: the first row (or first cohort_event), its period
    start = (
        f"SELECT user_id, pos AS spos, per AS cohort FROM (SELECT user_id, pos, per, row_number() OVER "
        f"(PARTITION BY user_id ORDER BY pos) AS k FROM ({rows}) r {starting}) f WHERE k = 1"
    )
    returning = "" if return_event is None else f"AND r.event = {_code(log, return_event)} "
    eng = log.engine
    last = eng.scalar(f"SELECT max(per) FROM ({rows}) r")
    sizes = eng.query(f"SELECT cohort, count(*) AS n FROM ({start}) s GROUP BY cohort ORDER BY cohort")
    if last is None or sizes.empty:
        empty = pd.DataFrame(dtype=float)
        return Retention(empty, empty, pd.Series(dtype=np.int64), period, cohort_event, return_event)
    cohorts = sizes["cohort"].to_numpy(dtype=np.int64)
    n_off = int(last) - int(cohorts.min()) + 1
    if max_periods is not None:
        n_off = min(n_off, max_periods)
    cells = eng.query(
        "SELECT cohort, off, count(DISTINCT user_id) AS n FROM (SELECT r.user_id, s.cohort, "
        f"r.per - s.cohort AS off FROM ({rows}) r JOIN ({start}) s ON r.user_id = s.user_id "
        f"WHERE r.pos >= s.spos {returning}) a WHERE off < {n_off} GROUP BY cohort, off"
    )
    grid = np.zeros((len(cohorts), n_off), dtype=np.int64)
    grid[
        np.searchsorted(cohorts, cells["cohort"].to_numpy(dtype=np.int64)),
        cells["off"].to_numpy(dtype=np.int64),
    ] = cells["n"].to_numpy(dtype=np.int64)
    return retention_from_counts(
        cohorts, grid, sizes["n"].to_numpy(dtype=np.int64), int(last), period, cohort_event, return_event
    )


def time_to_event_sql(
    log: EventTable, to_event: str, *, from_event: str | None = None, path_unit: str = "user"
) -> pd.DataFrame:
    """:func:`~synthpersona.analytics.time_to_event` computed in the engine.

    Returns ``path_id``, ``user_id``, ``seconds`` and ``steps`` of the paths that reach
    ``to_event`` (after ``from_event`` when given), sorted by ``path_id``;
    ``attrs["n_paths"]`` is the number of paths considered.
    """
    to_lit = _code(log, to_event)
    rows = f"SELECT pk, user_id, event, timestamp, pos FROM {_steps(log, path_unit)}"
    if from_event is None:
        origin = f"SELECT pk, pos AS opos, timestamp AS ots FROM ({rows}) r WHERE pos = 0"
        after = ">="
    else:
        origin = (
            f"SELECT pk, pos AS opos, timestamp AS ots FROM (SELECT pk, pos, timestamp, row_number() OVER "
            f"(PARTITION BY pk ORDER BY pos) AS k FROM ({rows}) r WHERE event = {_code(log, from_event)}) o "
            "WHERE k = 1"
        )
        after = ">"
    hits = (
        "SELECT r.pk, r.user_id, o.opos, o.ots, min(r.pos) AS fpos FROM "
        f"({rows}) r JOIN ({origin}) o ON r.pk = o.pk WHERE r.event = {to_lit} AND r.pos {after} o.opos "
        "GROUP BY r.pk, r.user_id, o.opos, o.ots"
    )
    gap = f"({_micros(log, 'r.timestamp')} - {_micros(log, 'h.ots')}) / 1000000.0"
    eng = log.engine
    out = eng.query(
        f"SELECT h.pk AS path_id, h.user_id, {gap} AS seconds, "
        "CASE WHEN h.fpos - h.opos - 1 > 0 THEN h.fpos - h.opos - 1 ELSE 0 END AS steps "
        f"FROM ({hits}) h JOIN ({rows}) r ON r.pk = h.pk AND r.pos = h.fpos"
    )
    out = out.astype({"seconds": float, "steps": np.int64})
    out = out.sort_values("path_id", ignore_index=True)
    out.attrs["n_paths"] = int(eng.scalar(f"SELECT count(*) FROM ({origin}) o") or 0)
    return out
