"""What a Markov persona chain is fitted from: starts, transitions and session shapes per persona.

:func:`chain_counts` counts them in an in-memory log; an engine counts the same arrays in
SQL (:mod:`synthpersona.simulation.sql_chains`), and
:meth:`~synthpersona.simulation.persona_generator.MarkovPersonaGenerator.fit_counts` fits
from either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.errors import InputError
from synthpersona.simulation._sessions import Sessions, index_sessions
from synthpersona.simulation._visits import MAX_VISIT_STATES, visit_cap, visit_counts, visit_numbers

__all__ = ["ChainCounts", "SessionShapes", "chain_counts", "check_chain_size"]

_MAX_TABLE = 40_000_000


@dataclass
class SessionShapes:
    """How many sessions (``n``) of each persona had each length and last event (code)."""

    persona: np.ndarray  # persona index
    length: np.ndarray
    last: np.ndarray  # event code of the last event
    n: np.ndarray


@dataclass
class ChainCounts:
    """Everything :class:`MarkovPersonaGenerator` is fitted from, counted per persona.

    ``V`` events, ``P`` personas; the column ``V`` of ``first``/``second`` is the end of a
    session, and the context ``prev * V + cur`` of ``second`` uses ``prev = V`` at a start.
    An engine can count them in SQL (:func:`synthpersona.simulation.sql_chains.chain_counts_sql`),
    so the chain of a log larger than memory is fitted from a few small arrays.

    Attributes
    ----------
    vocabulary : list of str
    persona_ids : list, sorted persona ids (``P``)
    starts : ndarray ``(P, V)``, sessions starting with each event
    first : ndarray ``(P, V, V + 1)``, transitions ``cur -> next or end``
    second : ndarray ``(P, (V + 1) * V, V + 1)`` or None, transitions ``(prev, cur) -> next or end``
    shapes : SessionShapes
    visits : ndarray ``(P, K * V, V + 1)`` or None, transitions from ``(visit bucket, cur)``
        (context ``bucket * V + cur``; see :mod:`synthpersona.simulation._visits`)
    visit_cap : int, ``K`` (1: visits not counted)
    """

    vocabulary: list[str]
    persona_ids: list[Any]
    starts: np.ndarray
    first: np.ndarray
    second: np.ndarray | None
    shapes: SessionShapes
    visits: np.ndarray | None = None
    visit_cap: int = 1


def check_chain_size(order: int, n_events: int, n_personas: int) -> None:
    """An error when a chain's table would be too large to hold (before counting it)."""
    n_ctx = n_events if order == 1 else (n_events + 1) * n_events
    if n_personas * n_ctx * (n_events + 1) > _MAX_TABLE:
        raise InputError(
            f"A order-{order} chain over {n_events} events and {n_personas} personas is too large; "
            "use order=1 or fewer personas.",
        )


def chain_counts(
    events: pd.DataFrame,
    *,
    persona_column: str = "cluster_id",
    order: int = 1,
    sessions: Sessions | None = None,
    visits: bool = False,
) -> ChainCounts:
    """Count what a chain is fitted from in an in-memory log (one persona per session: its first row's).

    ``sessions``: the log's session index when the caller has built it already (same rows).
    ``visits``: also count transitions by the event's visit number in its session (order 1).

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> counts = chain_counts(make_sample_events(n_users=20, random_state=0))
    >>> int(counts.starts.sum()) == int(counts.shapes.n.sum())  # one start per session
    True
    """
    sx = index_sessions(events, sessions)
    v = len(sx.vocabulary)
    if persona_column in events.columns:
        raw = events[persona_column].to_numpy()[sx.starts]
        ids, persona = np.unique(raw, return_inverse=True)
        persona_ids = [int(i) if isinstance(i, int | np.integer) else i for i in ids]
    else:
        persona = np.zeros(sx.n_sessions, dtype=np.int64)
        persona_ids = [0]
    p_count = len(persona_ids)
    check_chain_size(order, v, p_count)
    per_row = v + 1
    row_persona = persona[sx.session_of_row]
    codes = sx.codes.astype(np.int64)
    # Successor of every row: the next event in its session, or the end state.
    nxt = np.full(len(codes), v, dtype=np.int64)
    nxt[:-1] = codes[1:]
    nxt[sx.ends] = v
    n1 = np.bincount((row_persona * v + codes) * per_row + nxt, minlength=p_count * v * per_row)
    starts = np.bincount(persona * v + codes[sx.starts], minlength=p_count * v).reshape(p_count, v)
    second = None
    if order == 2:
        n_ctx = (v + 1) * v
        prev = np.empty_like(codes)
        prev[1:] = codes[:-1]
        prev[sx.starts] = v  # start marker
        ctx = prev * v + codes
        n2 = np.bincount((row_persona * n_ctx + ctx) * per_row + nxt, minlength=p_count * n_ctx * per_row)
        second = n2.reshape(p_count, n_ctx, per_row)
    by_visit, cap = None, 1
    if visits and order == 1:
        visit = visit_numbers(sx.session_of_row, codes, v)
        cap = visit_cap(np.bincount(np.minimum(visit, MAX_VISIT_STATES + 2)), v, p_count, _MAX_TABLE)
        if cap > 1:
            by_visit = visit_counts(row_persona, codes, nxt, visit, cap, v, p_count)
    shapes = SessionShapes(
        persona.astype(np.int64),
        sx.lengths.astype(np.int64),
        codes[sx.ends],
        np.ones(sx.n_sessions, np.int64),
    )
    return ChainCounts(
        list(sx.vocabulary),
        persona_ids,
        starts,
        n1.reshape(p_count, v, per_row),
        second,
        shapes,
        by_visit,
        cap,
    )
