"""Exact conversion of a fitted chain through the simulator's rules (for checking the simulation)."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from synthpersona.simulation import MarkovPersonaGenerator, ProductFlowSimulator


def exact_conversion(
    sim: ProductFlowSimulator,
    max_length: int,
    keep: float = 1.0,
    start: np.ndarray | None = None,
    trans: np.ndarray | None = None,
) -> float:
    """P(convert within ``max_length`` events), first-order chains, arrivals thinned by ``keep``.

    With the generator's length calibration (``length_odds_``), each step's row is reweighted
    as the walk does: leaving columns by the position's leave factor, goal columns by its
    goal factor, renormalised.
    """
    g: MarkovPersonaGenerator = sim.generator
    v = len(g.vocabulary_)
    start = g.start_probs_ if start is None else start
    trans = g.transition_probs_ if trans is None else trans
    complete = np.array([e in sim.completion_events for e in g.vocabulary_])
    stop = complete | np.array([e in sim.drop_events for e in g.vocabulary_])
    if getattr(g, "visit_cap_", 1) > 1:
        return _with_visits(g, start, trans, complete, stop, max_length, keep)
    total = 0.0
    for p, w in enumerate(g.persona_weights_):
        dist = start[p].copy()
        conv = dist[complete].sum()
        for t in range(max_length - 1):
            dist = np.where(stop, 0.0, dist) @ _at_position(g, trans[p], p, t)[:, :v]
            conv += keep * dist[complete].sum()
            dist = np.where(complete, dist * keep, dist)
        total += w * conv
    return float(total)


def _with_visits(
    g: MarkovPersonaGenerator,
    start: np.ndarray,
    trans: np.ndarray,
    complete: np.ndarray,
    stop: np.ndarray,
    max_length: int,
    keep: float,
) -> float:
    """The same over states (event, visits of every event so far capped at ``visit_cap_``).

    A session's row is that of (its event's visit bucket, its event); where it goes next
    depends on how often it has been at that next event, so the state carries every count.
    """
    v, cap = len(g.vocabulary_), int(g.visit_cap_)
    total = 0.0
    for p, w in enumerate(g.persona_weights_):
        states: dict[tuple[int, tuple[int, ...]], float] = defaultdict(float)
        for e in np.flatnonzero(start[p] > 0):
            states[(int(e), tuple(int(i == e) for i in range(v)))] += float(start[p][e])
        conv = sum(pr for (e, _), pr in states.items() if complete[e])
        for t in range(max_length - 1):
            rows = _at_position(g, trans[p], p, t)
            new: dict[tuple[int, tuple[int, ...]], float] = defaultdict(float)
            for (e, seen), pr in states.items():
                if stop[e]:
                    continue
                row = rows[(min(seen[e], cap) - 1) * v + e]
                for n in np.flatnonzero(row[:v] > 0):
                    after = list(seen)
                    after[n] = min(after[n] + 1, cap)
                    new[(int(n), tuple(after))] += pr * float(row[n])
            conv += keep * sum(pr for (e, _), pr in new.items() if complete[e])
            states = {k: pr * keep if complete[k[0]] else pr for k, pr in new.items()}
        total += w * conv
    return float(total)


def _at_position(g: MarkovPersonaGenerator, rows: np.ndarray, p: int, t: int) -> np.ndarray:
    """Persona ``p``'s transition rows after an event at position ``t``, as the walk draws them."""
    odds = getattr(g, "length_odds_", None)
    if odds is None:
        return rows
    leave, goal = g.leave_.copy(), g.goal_ & ~g.leave_
    r_leave, r_goal = odds[p, min(t, odds.shape[1] - 1)]
    scale = np.where(leave, r_leave, np.where(goal, r_goal, 1.0))
    weighted = rows * scale[None, :]
    return weighted / weighted.sum(axis=1, keepdims=True)
