"""The vectorised Markov walk shared by the generator and the flow simulator.

All sessions advance together: at each of the at most ``max_length`` steps, every
active session draws one uniform number and finds its next event in O(1) with
Walker's alias method (the integer part of ``u * K`` picks a column of its row,
the fractional part decides between that column and its alias). There is no
Python loop over sessions; the loop runs over steps only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_BLOCK = 1 << 16  # sessions walked together

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


@dataclass
class PositionOdds:
    """Factors on the odds of leaving and of converting after an event at each position.

    ``odds[p, t, 0]`` scales the odds of leaving (``leave`` columns: the end of the session
    and exit events) and ``odds[p, t, 1]`` those of moving to a goal (``goal`` columns) for
    persona ``p`` after the event at position ``t`` (the last for later positions).

    ``reach`` (optional, ``(P, V + 1)``): each event's chance of leading to a goal. With it,
    the converting factor (``odds[p, 0, 1]``, one per persona) tilts every move by
    ``factor ** reach[p, next]`` instead of scaling the goal moves alone: where conversion is
    decided steps before the goal (seat, then paying, then confirmed), the move into the
    deciding state is the one scaled, and the goal move itself (certain by then) is not.
    """

    odds: np.ndarray  # (P, T, 2)
    leave: np.ndarray  # (V + 1,) bool
    goal: np.ndarray  # (V + 1,) bool
    reach: np.ndarray | None = None  # (P, V + 1) chance of reaching a goal from each event


def tilt_rows(trans: np.ndarray, factor: np.ndarray, reach: np.ndarray) -> np.ndarray:
    """Rows of ``trans`` with each column scaled by ``factor ** reach`` and renormalised.

    >>> tilt_rows(np.array([[0.5, 0.5]]), np.array([3.0]), np.array([[1.0, 0.0]])).round(2).tolist()
    [[0.75, 0.25]]
    """
    w = trans * np.power(np.asarray(factor, dtype=np.float64)[:, None], reach)
    total = w.sum(axis=1, keepdims=True)
    scale = trans.sum(axis=1, keepdims=True) / np.where(total > 0, total, 1.0)
    return np.where(total > 0, w * scale, trans)


@dataclass
class _Split:
    """Each row's mass of leaving, converting and going on, and where each goes."""

    mass: np.ndarray  # (rows, 3): leave, goal, onward
    onward: AliasTable
    leave: AliasTable
    goal: AliasTable


def _split_rows(trans: np.ndarray, lengths: PositionOdds, v: int) -> _Split:
    leave = np.asarray(lengths.leave, dtype=bool).copy()
    leave[v] = True
    goal = np.asarray(lengths.goal, dtype=bool) & ~leave
    parts = []
    for cols in (leave, goal, ~(leave | goal)):
        part = np.where(cols[None, :], trans, 0.0)
        part[part.sum(axis=1) <= 0, v] = 1.0  # never drawn (its mass is 0), but a valid table
        parts.append(part)
    mass = np.stack([trans[:, leave].sum(axis=1), trans[:, goal].sum(axis=1)], axis=1)
    mass = np.column_stack([mass, np.clip(1.0 - mass.sum(axis=1), 0.0, 1.0)])
    return _Split(mass, alias_table(parts[2]), alias_table(parts[0]), alias_table(parts[1]))


def _leave_or_convert(
    nxt: np.ndarray,
    rows: np.ndarray,
    t: int,
    split: _Split,
    lengths: PositionOdds,
    n_contexts: int,
    rng: np.random.Generator,
) -> None:
    """Redraw, in place, which sessions leave or convert after position ``t`` with the position's odds."""
    col = min(t, lengths.odds.shape[1] - 1)
    factor = lengths.odds[rows // n_contexts, col]  # (n, 2)
    if lengths.reach is not None:  # converting already acts through the tilted rows
        factor = np.column_stack([factor[:, 0], np.ones(len(rows))])
    weight = split.mass[rows] * np.column_stack([factor, np.ones(len(rows))])
    cum = np.cumsum(weight, axis=1)
    u = rng.random(len(rows)) * cum[:, 2]
    away, conv = u < cum[:, 0], (u >= cum[:, 0]) & (u < cum[:, 1])
    nxt[away] = draw(split.leave, rows[away], rng.random(int(away.sum())))
    nxt[conv] = draw(split.goal, rows[conv], rng.random(int(conv.sum())))


@dataclass
class AliasTable:
    """Walker alias tables of ``rows`` discrete distributions over ``k`` outcomes (flattened)."""

    prob: np.ndarray  # (rows * k,) acceptance threshold of each cell
    alias: np.ndarray  # (rows * k,) outcome used when the threshold is not met
    k: int


def alias_table(probs: np.ndarray) -> AliasTable:
    """Build alias tables (Vose's method) for each row of ``probs`` (rows need not be normalised)."""
    p = np.asarray(probs, dtype=np.float64)
    rows, k = p.shape
    total = p.sum(axis=1, keepdims=True)
    total[total <= 0] = 1.0
    scaled = p / total * k
    prob = np.ones((rows, k))
    alias = np.tile(np.arange(k, dtype=np.int32), (rows, 1))  # int32 like the drawn columns
    for r in range(rows):
        s = scaled[r].copy()
        small = [i for i in range(k) if s[i] < 1.0]
        large = [i for i in range(k) if s[i] >= 1.0]
        while small and large:
            lo, hi = small.pop(), large.pop()
            prob[r, lo] = s[lo]
            alias[r, lo] = hi
            s[hi] -= 1.0 - s[lo]
            (small if s[hi] < 1.0 else large).append(hi)
        # Leftovers are 1 up to rounding; cells of zero-probability outcomes always defer to their alias.
        for i in small + large:
            prob[r, i] = 1.0
    prob[scaled == 0] = 0.0
    return AliasTable(prob.ravel(), alias.ravel(), k)


def draw(table: AliasTable, rows: np.ndarray, u: np.ndarray) -> np.ndarray:
    """One outcome per row index in ``rows`` from one uniform ``u`` in [0, 1) each."""
    x = u * table.k
    col = x.astype(np.int32)
    x -= col
    cell = rows * table.k + col
    return np.where(x < table.prob[cell], col, table.alias[cell])


def walk(
    start_probs: np.ndarray,
    trans_probs: np.ndarray,
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
    position_odds: PositionOdds | None = None,
    visit_cap: int = 1,
) -> Walk:
    """Walk ``len(persona)`` sessions through per-persona chains.

    Parameters
    ----------
    start_probs
        ``(P, V)`` start distributions.
    trans_probs
        ``(P * C, V + 1)`` next-event distributions (column ``V`` ends the session).
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
    position_odds
        Odds factors by persona and position on leaving the session and on moving to a
        goal (:class:`PositionOdds`), so simulated sessions end and convert at the
        positions real ones do. ``None``: the rows alone decide.
    visit_cap
        ``K`` > 1 (order 1): the rows are per state ``bucket * V + event``, the bucket the
        event's visit number in the session capped at ``K`` (:mod:`~synthpersona.simulation._visits`);
        the paths hold events.
    """
    n = len(persona)
    v = n_events
    stop_mask = np.zeros(v, dtype=bool) if stop is None else np.asarray(stop, dtype=bool)
    trans = np.array(trans_probs, dtype=np.float64, copy=True)
    if position_odds is not None and position_odds.reach is not None:
        persona_of_row = np.arange(trans.shape[0]) // n_contexts
        trans = tilt_rows(
            trans, position_odds.odds[persona_of_row, 0, 1], position_odds.reach[persona_of_row]
        )
    # A stop event ends its session: its rows send everyone to the end column, so the loop only
    # has to look for one thing (the end) and the outcome is read off the last event afterwards.
    stop_rows = stop_mask[np.arange(trans.shape[0]) % n_contexts % v]
    trans[stop_rows] = 0.0
    trans[stop_rows, v] = 1.0
    start_table, trans_table = alias_table(start_probs), alias_table(trans)
    split = _split_rows(trans, position_odds, v) if position_odds is not None else None
    if split is not None:
        trans_table = split.onward
    # Steps are the slow axis while walking, so each step writes one contiguous row.
    steps_major = np.full((max_length, n), -1, dtype=np.int16)
    gate_at = np.full(n, -1, dtype=np.int64)
    steps_done = np.zeros(n, dtype=np.int64)
    gated = gate is not None and gate_drop_prob is not None and gate_steps > 0 and bool(np.any(gate))
    gate_mask = np.zeros(v + 1, dtype=bool)
    if gated:
        gate_mask[:v] = np.asarray(gate, dtype=bool)
    counting = visit_cap > 1 and order == 1
    # Sessions go through in blocks small enough for their working arrays to stay in the CPU
    # cache across the dozen vectorised operations of a step (a loop over blocks, not sessions);
    # counting visits holds one byte per session and event, so blocks shrink with many events.
    block = max(1024, min(_BLOCK, (1 << 24) // max(v, 1))) if counting else _BLOCK
    for lo in range(0, n if max_length else 0, block):
        hi = min(lo + block, n)
        state = draw(start_table, persona[lo:hi], rng.random(hi - lo))
        steps_major[0, lo:hi] = state
        # int32 indices halve the memory traffic of the gathers (tables are far below 2**31 cells).
        idx = np.arange(lo, hi, dtype=np.int32)
        base = persona[lo:hi].astype(np.int32) * np.int32(n_contexts)
        state = state.astype(np.int32)
        ctx = state + np.int32(v * v) if order == 2 else state  # order 2: context (start marker, first)
        seen = np.zeros((hi - lo, v if counting else 0), dtype=np.uint8)  # visits of each event so far
        if counting:
            seen[np.arange(hi - lo), state] = 1
        for t in range(max_length - 1):
            if len(idx) == 0:
                break
            nxt = draw(trans_table, base + ctx, rng.random(len(idx)))
            if split is not None and position_odds is not None:
                _leave_or_convert(nxt, base + ctx, t, split, position_odds, n_contexts, rng)
            going = nxt != v
            if gated:
                going &= _gate(
                    nxt, idx, going, gate_mask, gate_drop_prob, gate_steps, rng, steps_done, gate_at, t
                )
            keep = np.flatnonzero(going)
            idx, nxt, base = idx[keep], nxt[keep], base[keep]
            if counting:
                ctx = _visit_state(seen, idx - lo, nxt, visit_cap, v)
            else:
                ctx = (ctx[keep] % v) * v + nxt if order == 2 else nxt
            steps_major[t + 1, idx] = nxt
    lengths = np.count_nonzero(steps_major >= 0, axis=0).astype(np.int64)
    # A transposed view, not a copy: consumers mostly read whole steps (columns), which stay contiguous.
    paths = steps_major.T
    dropped = gate_at >= 0
    paths[dropped, gate_at[dropped]] = gate_code
    lengths[dropped] = gate_at[dropped] + 1
    outcome = np.where(lengths < max_length, ENDED, TRUNCATED).astype(np.int8)
    if n:
        last = paths[np.arange(n), np.maximum(lengths - 1, 0)]
        outcome[stop_mask[np.clip(last, 0, v - 1)] & (last >= 0) & (last < v)] = STOPPED
    outcome[dropped] = GATE_DROP
    return Walk(paths, lengths, outcome, steps_done)


def _visit_state(seen: np.ndarray, local: np.ndarray, nxt: np.ndarray, cap: int, v: int) -> np.ndarray:
    """Count one more visit of ``nxt`` for each session; its state ``(min(visits, cap) - 1) * V + nxt``."""
    visits = np.minimum(seen[local, nxt], 254) + 1
    seen[local, nxt] = visits
    return (np.minimum(visits, cap).astype(np.int32) - 1) * np.int32(v) + nxt.astype(np.int32)


def _gate(
    nxt: np.ndarray,
    idx: np.ndarray,
    going: np.ndarray,
    gate_mask: np.ndarray,
    gate_drop_prob: np.ndarray | None,
    gate_steps: int,
    rng: np.random.Generator,
    steps_done: np.ndarray,
    gate_at: np.ndarray,
    t: int,
) -> np.ndarray:
    """Run the extra steps for sessions arriving at a gated event; return the mask of survivors."""
    assert gate_drop_prob is not None
    arriving = gate_mask[nxt] & going
    arriving[arriving] = gate_drop_prob[idx[arriving]] > 0
    survive = np.ones(len(nxt), dtype=bool)
    if not arriving.any():
        return survive
    where = np.flatnonzero(arriving)
    g = idx[where]
    p_fail = gate_drop_prob[g]
    u = rng.random(len(g))
    fail = u < p_fail
    # Step at which a failing session drops: inverse CDF of the truncated geometric.
    per_step = np.minimum(1.0 - np.power(1.0 - p_fail, 1.0 / gate_steps), 1 - 1e-12)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = np.ceil(np.log1p(-u) / np.log1p(-per_step))
    at = np.clip(np.nan_to_num(at, nan=1.0), 1, gate_steps).astype(np.int64)
    steps_done[g] = np.where(fail, at - 1, gate_steps)
    gate_at[g[fail]] = t + 1
    survive[where[fail]] = False
    return survive
