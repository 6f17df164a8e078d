"""Markov persona chains fitted from SQL counts: the simulation's model on logs larger than memory.

:class:`~synthpersona.simulation.persona_generator.MarkovPersonaGenerator` needs only counts
per persona: sessions starting with each event, transitions ``(previous,) current -> next or
end``, and how many sessions had each length and last event (the length calibration).
:func:`chain_counts_sql` counts them in the engine over a log registered with
:func:`~synthpersona.simulation.sql.open_event_log` and the labels table the clustering left
there (``user_id, cluster_id``, 1-based), optionally cutting every session after its first
stop event as the simulator does (:func:`~synthpersona.simulation.features.cut_sessions_at`).
One ``GROUP BY`` over one window pass; only arrays of size personas x events² reach
Python. :func:`fit_chains_sql` fits the generator from them: on a log small enough for memory it
equals ``MarkovPersonaGenerator.from_events`` on the same (cut) log, on DuckDB and on Spark
(``tests/simulation/test_sql_chains.py``). Ties in time inside a session are ordered by event
name (as everywhere in :mod:`.sql`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from synthpersona.engine._base import check_identifier, sql_string
from synthpersona.errors import InputError
from synthpersona.simulation._chain_counts import _MAX_TABLE, ChainCounts, SessionShapes, check_chain_size
from synthpersona.simulation._visits import MAX_VISIT_STATES, visit_cap
from synthpersona.simulation.persona_generator import MarkovPersonaGenerator
from synthpersona.simulation.sql import EventTable, user_parts

__all__ = ["chain_counts_sql", "fit_chains_sql"]


def _steps(log: EventTable, labels_table: str | None, cut_at: Sequence[str], where: str = "") -> str:
    """Each kept row with its persona, position, previous and next event code (NULL at the edges).

    ``where``: one of :func:`~synthpersona.simulation.sql.user_parts`' clauses (the rows of some users).
    """
    persona = "c.cluster_id - 1" if labels_table else "0"
    join = f" JOIN {check_identifier(labels_table)} c ON e.user_id = c.user_id" if labels_table else ""
    order = "ORDER BY e.timestamp, e.event"
    coded = (
        f"SELECT e.user_id, e.session_id, e.timestamp, e.event, v.code, {persona} AS persona"
        f"{_stops_before(cut_at, order)} FROM (SELECT * FROM {log.table}{where}) e "
        f"JOIN {log.table}_vocab v ON e.event = v.event"
        f"{join}"
    )
    kept = f"SELECT * FROM ({coded}) k" + (" WHERE coalesce(stops_before, 0) = 0" if cut_at else "")
    return (
        "SELECT persona, code, row_number() OVER w AS pos, lag(code) OVER w AS prev, "
        "lead(code) OVER w AS nxt, row_number() OVER (PARTITION BY user_id, session_id, code "
        f"ORDER BY timestamp, event) AS visit FROM ({kept}) s "
        "WINDOW w AS (PARTITION BY user_id, session_id ORDER BY timestamp, event)"
    )


def _stops_before(cut_at: Sequence[str], order: str) -> str:
    """Column counting the stop events on earlier rows of the session (a session is cut after its first)."""
    if not cut_at:
        return ""
    names = ", ".join(sql_string(e) for e in cut_at)
    return (
        f", sum(CASE WHEN e.event IN ({names}) THEN 1 ELSE 0 END) OVER (PARTITION BY e.user_id, "
        f"e.session_id {order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS stops_before"
    )


def chain_counts_sql(
    log: EventTable,
    *,
    order: int = 1,
    labels_table: str | None = None,
    cut_at: Sequence[str] = (),
    visits: bool = False,
) -> ChainCounts:
    """Count what a persona chain is fitted from, in SQL (the log stays in the engine).

    Parameters
    ----------
    log
        A log opened with :func:`~synthpersona.simulation.sql.open_event_log`.
    order
        1 or 2 (second order also counts ``(previous, current) -> next``).
    labels_table
        Engine table ``user_id, cluster_id`` (1-based, as
        :func:`~synthpersona.simulation.sql.cluster_event_sequences_sql` leaves it): one chain
        per persona. ``None``: one chain for all users (persona id 0).
    cut_at
        Stop events: every session is cut after its first one (names the log lacks are ignored).
    visits
        Also count moves by the event's visit number in its session (order 1; see
        :mod:`synthpersona.simulation._visits`), as ``chain_counts(..., visits=True)`` does.

    Returns
    -------
    ChainCounts

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> from synthpersona.simulation.sql import open_event_log
    >>> log = open_event_log(make_sample_events(n_users=30, random_state=0), "duckdb")
    >>> counts = chain_counts_sql(log)
    >>> int(counts.starts.sum()) == int(counts.shapes.n.sum())  # one start per session
    True
    """
    if order not in (1, 2):
        raise InputError(f"order must be 1 or 2, got {order!r}.", details={"allowed": [1, 2]})
    v = len(log.vocabulary)
    stops = [str(e) for e in cut_at if str(e) in log.vocabulary]
    prev, nxt = f"coalesce(prev, {v})", f"coalesce(nxt, {v})"
    ended = "CASE WHEN nxt IS NULL THEN pos ELSE 0 END"  # a session's length, on its last row only
    visit = f"least(visit, {MAX_VISIT_STATES + 2})"  # exact up to the most visit states + 1
    # one pass: every (previous, current, next) move, the last ones also by session length. A large
    # log is counted in parts by user (counts add up exactly): each part's windows sort a tenth of
    # the log within the engine's memory budget, where the whole log's three sorts spilled to disk.
    cells = _ints(
        pd.concat(
            [
                log.engine.query(
                    f"SELECT persona, {prev} AS prev, code, {nxt} AS nxt, {ended} AS length, "
                    f"{visit} AS visit, count(*) AS n FROM ({_steps(log, labels_table, stops, where)}) t "
                    f"GROUP BY persona, {prev}, code, {nxt}, {ended}, {visit}"
                )
                for where in user_parts(log)
            ],
            ignore_index=True,
        )
    )
    moves = cells.groupby(["persona", "prev", "code", "nxt"], as_index=False, sort=False).agg(n=("n", "sum"))
    last = cells[cells["length"] > 0].rename(columns={"code": "last"})
    ends = last.groupby(["persona", "length", "last"], as_index=False, sort=False).agg(n=("n", "sum"))
    counts = _arrays(log.vocabulary, order, moves, ends)
    if visits and order == 1:
        _count_visits(counts, cells)
    return counts


def _count_visits(counts: ChainCounts, cells: pd.DataFrame) -> None:
    """Moves by visit bucket (in place), as :func:`~synthpersona.simulation._chain_counts.chain_counts`."""
    v, p_count = len(counts.vocabulary), len(counts.persona_ids)
    hist = np.bincount(cells["visit"].to_numpy(), weights=cells["n"].to_numpy().astype(np.float64))
    cap = visit_cap(hist, v, p_count, _MAX_TABLE)
    if cap <= 1:
        return
    p = np.searchsorted(np.asarray(counts.persona_ids), cells["persona"].to_numpy())
    ctx = (np.minimum(cells["visit"].to_numpy(), cap) - 1) * v + cells["code"].to_numpy()
    by_visit = np.zeros((p_count, v * cap, v + 1), dtype=np.int64)
    np.add.at(by_visit, (p, ctx, cells["nxt"].to_numpy()), cells["n"].to_numpy())
    counts.visits, counts.visit_cap = by_visit, cap


def _ints(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({c: np.int64 for c in frame.columns})


def _arrays(vocabulary: list[str], order: int, moves: pd.DataFrame, ends: pd.DataFrame) -> ChainCounts:
    """The count arrays (personas in sorted id order) from the two grouped tables."""
    v = len(vocabulary)
    ids = np.unique(ends["persona"].to_numpy())
    check_chain_size(order, v, len(ids))
    p = np.searchsorted(ids, moves["persona"].to_numpy())
    prev, code, nxt, n = (moves[c].to_numpy() for c in ("prev", "code", "nxt", "n"))
    first = np.zeros((len(ids), v, v + 1), dtype=np.int64)
    np.add.at(first, (p, code, nxt), n)
    starts = np.zeros((len(ids), v), dtype=np.int64)
    at_start = prev == v
    np.add.at(starts, (p[at_start], code[at_start]), n[at_start])
    second = None
    if order == 2:
        second = np.zeros((len(ids), (v + 1) * v, v + 1), dtype=np.int64)
        np.add.at(second, (p, prev * v + code, nxt), n)
    shapes = SessionShapes(
        np.searchsorted(ids, ends["persona"].to_numpy()),
        ends["length"].to_numpy(),
        ends["last"].to_numpy(),
        ends["n"].to_numpy(),
    )
    return ChainCounts(list(vocabulary), [int(i) for i in ids], starts, first, second, shapes)


def fit_chains_sql(
    log: EventTable,
    *,
    order: int = 1,
    labels_table: str | None = None,
    cut_at: Sequence[str] = (),
    persona_names: Mapping[int, str] | None = None,
    goals: Sequence[str] = (),
    smoothing: float = 1.0,
    lengths: str = "position",
    visits: bool = True,
) -> MarkovPersonaGenerator:
    """A :class:`MarkovPersonaGenerator` fitted from counts the engine took (see :func:`chain_counts_sql`).

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> from synthpersona.simulation.sql import open_event_log
    >>> log = open_event_log(make_sample_events(n_users=30, random_state=0), "duckdb")
    >>> fit_chains_sql(log, goals=["signup_complete"]).generate(5, random_state=0).paths.shape[0]
    5
    """
    counts = chain_counts_sql(log, order=order, labels_table=labels_table, cut_at=cut_at, visits=visits)
    gen = MarkovPersonaGenerator(
        order=order, smoothing=smoothing, lengths=lengths, goals=goals, visits=visits
    )
    return gen.fit_counts(counts, persona_names=persona_names)
