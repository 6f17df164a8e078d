"""Exact conversion of a fitted chain through the simulator's rules (for checking the simulation)."""

from __future__ import annotations

import numpy as np

from synthpersona.simulation import MarkovPersonaGenerator, ProductFlowSimulator


def exact_conversion(
    sim: ProductFlowSimulator,
    max_length: int,
    keep: float = 1.0,
    start: np.ndarray | None = None,
    trans: np.ndarray | None = None,
) -> float:
    """P(convert within ``max_length`` events), first-order chains, arrivals thinned by ``keep``."""
    g: MarkovPersonaGenerator = sim.generator
    v = len(g.vocabulary_)
    start = g.start_probs_ if start is None else start
    trans = g.transition_probs_ if trans is None else trans
    complete = np.array([e in sim.completion_events for e in g.vocabulary_])
    stop = complete | np.array([e in sim.drop_events for e in g.vocabulary_])
    total = 0.0
    for p, w in enumerate(g.persona_weights_):
        dist = start[p].copy()
        conv = dist[complete].sum()
        for _ in range(max_length - 1):
            dist = np.where(stop, 0.0, dist) @ trans[p][:, :v]
            conv += keep * dist[complete].sum()
            dist = np.where(complete, dist * keep, dist)
        total += w * conv
    return float(total)
