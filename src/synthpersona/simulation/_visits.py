"""Visit counters for the persona chains: the same event, a second and a third time.

A first-order chain forgets how often a session has been at an event, so the number of
times it goes round a loop (a product page viewed again and again, a form sent back, a
transfer and its confirmation repeated) is geometric in the loop's return probability.
Real loops are not: a shopper compares two to four products, then stops. KS on session
lengths sees the difference, whatever the position calibration does (it tilts leaving by
position in the session, not by visits to the event).

The chain's state is therefore the event *and* its visit number in the session, ``#1``,
``#2`` ... up to ``#K+``, where ``K`` is the 95th percentile of the visits of events that
repeat (at most :data:`MAX_VISIT_STATES`). States are ``bucket * V + event``, so the event
of a state is ``state % V`` (what modifications and stop masks read), and the walk maps
every state back to its event on output.
"""

from __future__ import annotations

import numpy as np

__all__ = ["MAX_VISIT_STATES", "visit_cap", "visit_counts", "visit_numbers"]

MAX_VISIT_STATES = 4  # #1, #2, #3, #4+ at most: past that the chain's own loop odds take over
_MIN_REPEATS = 20  # (session, event) pairs with a repeat needed before counting visits
_REPEAT_QUANTILE = 0.95
# Extra chain rows the visit states may add: every walk builds its alias tables row by row
# (a Python loop), 8 times in the length calibration; 2,048 rows more cost well under a second
# a walk, where a 300-event log with 6 personas and 4 states (+5,400 rows) cost a minute.
_MAX_EXTRA_ROWS = 2048


def visit_numbers(session_of_row: np.ndarray, codes: np.ndarray, n_events: int) -> np.ndarray:
    """1-based visit number of each row's event within its session (rows in session order).

    >>> visit_numbers(np.array([0, 0, 0, 0, 1]), np.array([0, 1, 0, 0, 0]), 2).tolist()
    [1, 1, 2, 3, 1]
    """
    key = session_of_row.astype(np.int64) * max(int(n_events), 1) + codes.astype(np.int64)
    order = np.argsort(key, kind="stable")
    sk = key[order]
    new = np.ones(len(sk), dtype=bool)
    new[1:] = sk[1:] != sk[:-1]
    first = np.maximum.accumulate(np.where(new, np.arange(len(sk)), 0))
    out = np.empty(len(sk), dtype=np.int64)
    out[order] = np.arange(len(sk)) - first + 1
    return out


def visit_cap(hist: np.ndarray, n_events: int, n_personas: int, max_cells: int) -> int:
    """Visit states per event: the 95th percentile of the visits of repeated events (1: no counting).

    ``hist[n]`` is the number of rows with visit number ``n`` (:func:`visit_numbers`), exact up
    to ``MAX_VISIT_STATES + 1`` (later entries are ignored, so an engine may lump them). Each
    (session, event) pair reaching visit ``n`` has one row there, so the pairs whose visits
    end at ``n`` are ``hist[n] - hist[n + 1]``. Fewer than :data:`_MIN_REPEATS` repeated pairs,
    or a table over ``max_cells``, count nothing; ``K`` shrinks until the visit states add at
    most :data:`_MAX_EXTRA_ROWS` rows (a log of hundreds of events counts fewer visits, or none).

    >>> visit_cap(np.bincount(np.array([1, 2, 3] * 30 + [1] * 50)), 5, 1, 10**6)
    3
    """
    top = MAX_VISIT_STATES + 1
    reached = np.zeros(top + 1, dtype=np.float64)  # reached[n]: pairs reaching visit n (n <= top)
    reached[: min(len(hist), top + 1)] = np.asarray(hist, dtype=np.float64)[: top + 1]
    if reached[2] < _MIN_REPEATS:
        return 1
    ends = reached[2:top] - reached[3 : top + 1]  # pairs whose visits end at 2 .. top - 1
    ends = np.append(ends, reached[top])  # and at top or later
    cum = np.cumsum(ends) / max(ends.sum(), 1.0)
    k = min(int(np.searchsorted(cum, _REPEAT_QUANTILE)) + 2, MAX_VISIT_STATES)
    while k > 1 and (
        n_personas * n_events * k * (n_events + 1) > max_cells
        or n_personas * n_events * (k - 1) > _MAX_EXTRA_ROWS
    ):
        k -= 1
    return k


def visit_counts(
    row_persona: np.ndarray,
    codes: np.ndarray,
    nxt: np.ndarray,
    visits: np.ndarray,
    cap: int,
    n_events: int,
    n_personas: int,
) -> np.ndarray:
    """``(P, K * V, V + 1)`` transitions from each (visit bucket, event) state to the next event or end.

    >>> visit_counts(np.zeros(3, int), np.array([0, 0, 1]), np.array([0, 1, 2]), np.array([1, 2, 1]),
    ...              2, 2, 1)[0].tolist()
    [[1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 0, 0]]
    """
    v, per_row = n_events, n_events + 1
    n_ctx = v * cap
    ctx = (np.minimum(visits, cap) - 1) * v + codes.astype(np.int64)
    flat = (row_persona.astype(np.int64) * n_ctx + ctx) * per_row + nxt.astype(np.int64)
    return np.bincount(flat, minlength=n_personas * n_ctx * per_row).reshape(n_personas, n_ctx, per_row)
