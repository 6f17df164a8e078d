"""The vectorised Markov walk shared by the generator and the flow simulator.

All sessions advance together: at each of the at most ``max_length`` steps, every
active session draws one uniform number and finds its next event by inverse-CDF
lookup (``searchsorted``) in a flattened table of cumulative transition rows, one
row per (persona, context). There is no Python loop over sessions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Outcome codes of a walk.
ENDED = 0  # the chain emitted its end-of-session token
STOPPED = 1  # reached a stop event (completion or drop)
TRUNCATED = 2  # hit max_length
GATE_DROP = 3  # dropped in the extra steps inserted before a gated event


@dataclass
class Walk:
    """Paths and outcomes of a batch of simulated sessions."""

    paths: np.ndarray  # (n, max_length) int16 event codes, -1 padded
    lengths: np.ndarray  # events in each path
    outcome: np.ndarray  # int8, see the module constants
    gate_steps: np.ndarray  # extra (inserted) steps completed


def cumulative_table(probs: np.ndarray) -> np.ndarray:
    """Flatten ``(rows, k)`` probabilities into offset cumulative sums for :func:`draw`.

    Row ``r`` occupies ``[r*k, (r+1)*k)`` with values ``r + cumsum(p_r)``; the last one
    is forced to exactly ``r + 1`` so every uniform draw lands inside its row.
    """
    rows, k = probs.shape
    cum = np.cumsum(probs, axis=1)
    total = cum[:, -1:].copy()
    total[total <= 0] = 1.0
    cum = cum / total
    cum[:, -1] = 1.0
    return (cum + np.arange(rows, dtype=np.float64)[:, None]).ravel()


def draw(table: np.ndarray, rows: np.ndarray, u: np.ndarray, k: int) -> np.ndarray:
    """Inverse-CDF draw of one column per row: ``rows`` index the table, ``u`` in [0, 1)."""
    idx = np.searchsorted(table, rows + u, side="right")
    return (idx - rows * k).astype(np.int64)


def walk(
    start_table: np.ndarray,
    trans_table: np.ndarray,
    persona: np.ndarray,
    *,
    n_events: int,
    n_contexts: int,
    order: int,
    max_length: int,
    rng: np.random.Generator,
    stop: np.ndarray | None = None,
    gate: np.ndarray | None = None,
    gate_drop_prob: np.ndarray | None = None,
    gate_steps: int = 0,
    gate_code: int = -1,
) -> Walk:
    """Walk ``len(persona)`` sessions through per-persona chains.

    Parameters
    ----------
    start_table
        :func:`cumulative_table` of the ``(P, V)`` start distributions.
    trans_table
        :func:`cumulative_table` of the ``(P * C, V + 1)`` next-event distributions
        (column ``V`` ends the session).
    persona
        Persona index of each session.
    n_events, n_contexts, order
        ``V``, ``C`` (``V`` for order 1, ``(V + 1) * V`` for order 2) and the order.
    max_length
        Most events per session; a session still going after ``max_length`` events is
        truncated (its next draw is never looked at).
    stop
        ``(V,)`` bool, events that end a session when reached (completion, drop).
    gate, gate_drop_prob, gate_steps, gate_code
        Extra steps inserted before arriving at a ``gate`` event: a session drops
        there with probability ``gate_drop_prob[session]`` (the chance to fail one of
        ``gate_steps`` steps) and its path ends with ``gate_code``.
    """
    n = len(persona)
    v = n_events
    paths = np.full((n, max_length), -1, dtype=np.int16)
    lengths = np.zeros(n, dtype=np.int64)
    outcome = np.full(n, TRUNCATED, dtype=np.int8)
    steps_done = np.zeros(n, dtype=np.int64)
    if n == 0 or max_length == 0:
        return Walk(paths, lengths, outcome, steps_done)
    state = draw(start_table, persona, rng.random(n), v)
    ctx = state + v * v if order == 2 else state  # order 2: context (start marker, first event)
    paths[:, 0] = state
    idx = np.arange(n)
    per_row = v + 1
    stop_mask = stop if stop is not None else np.zeros(v, dtype=bool)
    for t in range(max_length):
        lengths[idx] = t + 1
        at_stop = stop_mask[state]
        if at_stop.any():
            outcome[idx[at_stop]] = STOPPED
            keep = ~at_stop
            idx, state, ctx = idx[keep], state[keep], ctx[keep]
        if len(idx) == 0 or t + 1 == max_length:
            break
        nxt = draw(trans_table, persona[idx] * n_contexts + ctx, rng.random(len(idx)), per_row)
        ended = nxt == v
        if ended.any():
            outcome[idx[ended]] = ENDED
            keep = ~ended
            idx, nxt, ctx = idx[keep], nxt[keep], ctx[keep]
        if gate is not None and gate_drop_prob is not None and gate_steps > 0:
            gated = gate[nxt] & (gate_drop_prob[idx] > 0)
            if gated.any():
                g = idx[gated]
                p_fail = gate_drop_prob[g]
                u = rng.random(len(g))
                fail = u < p_fail
                # Step at which a failing session drops: inverse CDF of the truncated geometric.
                per_step = 1.0 - np.power(1.0 - p_fail, 1.0 / gate_steps)
                with np.errstate(divide="ignore", invalid="ignore"):
                    at = np.ceil(np.log1p(-u) / np.log1p(-np.minimum(per_step, 1 - 1e-12)))
                at = np.clip(np.nan_to_num(at, nan=1.0), 1, gate_steps).astype(np.int64)
                steps_done[g] = np.where(fail, at - 1, gate_steps)
                if fail.any():
                    dropped = g[fail]
                    paths[dropped, t + 1] = gate_code
                    lengths[dropped] = t + 2
                    outcome[dropped] = GATE_DROP
                    keep = np.ones(len(idx), dtype=bool)
                    keep[np.flatnonzero(gated)[fail]] = False
                    idx, nxt, ctx = idx[keep], nxt[keep], ctx[keep]
        paths[idx, t + 1] = nxt
        ctx = (ctx % v) * v + nxt if order == 2 else nxt
        state = nxt
    return Walk(paths, lengths, outcome, steps_done)
