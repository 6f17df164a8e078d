"""Product-flow simulation: synthetic sessions through the real flow or a modified one.

:class:`FlowModification` describes a hypothetical product change; the
:class:`ProductFlowSimulator` applies it to the fitted chains of a
:class:`~synthpersona.simulation.persona_generator.MarkovPersonaGenerator` and walks
synthetic sessions through the result, all sessions at once.

Semantics of a modification (applied to the targeted personas only):

- ``additional_steps`` / ``friction_factor``: before every arrival at a gated event
  (the completion events unless ``insert_before`` names another), the session must
  pass ``additional_steps`` extra steps and drops at each with probability
  ``friction_factor``; a dropped session ends with ``friction_drop``. Extra steps
  count toward engagement, not toward ``max_length`` (as in the seed's simulator).
- ``remove_steps``: the event disappears; transitions into it go where it led
  (its self-loops skipped).
- ``transition_probabilities``: ``{"pricing->signup_start": 0.5}`` sets a
  transition's probability, the other exits of ``pricing`` rescaled to fit.
- ``transition_multipliers``: ``{"form_error->signup_complete": 1.3}`` scales one
  (capped at 1, others rescaled).
- ``personas``: ids or names of the personas affected (default: everyone).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from synthpersona.errors import InputError, did_you_mean
from synthpersona.simulation._walk import ENDED, GATE_DROP, STOPPED, TRUNCATED, walk
from synthpersona.simulation.persona_generator import (
    MarkovPersonaGenerator,
    _positive_int,
    as_generator,
    draw_personas,
)

__all__ = ["FRICTION_EVENT", "FlowModification", "ProductFlowSimulator", "SimulationResult"]

FRICTION_EVENT = "friction_drop"


def _parse_transition(key: str | tuple[str, str]) -> tuple[str, str]:
    if isinstance(key, tuple) and len(key) == 2:
        return str(key[0]), str(key[1])
    text = str(key)
    for sep in ("->", ">", "→"):
        if sep in text:
            a, b = text.split(sep, 1)
            return a.strip(), b.strip()
    raise InputError(
        f"Transition {key!r} is not of the form 'from->to', e.g. 'pricing->signup_start'.",
        details={"transition": str(key)},
    )


@dataclass(frozen=True)
class FlowModification:
    """A hypothetical product change.

    Parameters
    ----------
    description
        What the change is, for reports.
    additional_steps
        Extra steps inserted before the gated event(s).
    friction_factor
        Probability of dropping at each extra step (0-1).
    insert_before
        Event the extra steps come before (default: the completion events).
    remove_steps
        Events removed from the flow.
    transition_probabilities
        ``{"a->b": p}``: new probability of a transition.
    transition_multipliers
        ``{"a->b": m}``: multiply a transition's probability.
    personas
        Persona ids or names targeted (empty: all).

    Examples
    --------
    >>> mod = FlowModification("Add two extra onboarding clicks", additional_steps=2, friction_factor=0.1)
    >>> round(mod.drop_probability, 2)
    0.19
    """

    description: str = "Product change"
    additional_steps: int = 0
    friction_factor: float = 0.0
    insert_before: str | None = None
    remove_steps: tuple[str, ...] = ()
    transition_probabilities: Mapping[str, float] = field(default_factory=dict)
    transition_multipliers: Mapping[str, float] = field(default_factory=dict)
    personas: tuple[int | str, ...] = ()

    def __post_init__(self) -> None:
        steps = self.additional_steps
        if not isinstance(steps, int | np.integer) or isinstance(steps, bool) or steps < 0 or steps > 1000:
            raise InputError(f"additional_steps must be an integer 0-1000, got {steps!r}.")
        f = self.friction_factor
        if not isinstance(f, int | float) or not 0.0 <= float(f) <= 1.0:
            raise InputError(f"friction_factor must be a probability between 0 and 1, got {f!r}.")
        for key, p in self.transition_probabilities.items():
            _parse_transition(key)
            if not isinstance(p, int | float) or not 0.0 <= float(p) <= 1.0:
                raise InputError(f"Probability for {key!r} must be between 0 and 1, got {p!r}.")
        for key, m in self.transition_multipliers.items():
            _parse_transition(key)
            if not isinstance(m, int | float) or float(m) < 0:
                raise InputError(f"Multiplier for {key!r} must be a number >= 0, got {m!r}.")
        object.__setattr__(self, "remove_steps", tuple(self.remove_steps))
        object.__setattr__(self, "personas", tuple(self.personas))

    @property
    def drop_probability(self) -> float:
        """Chance that a session fails at least one of the extra steps."""
        return 1.0 - (1.0 - float(self.friction_factor)) ** int(self.additional_steps)

    @property
    def is_noop(self) -> bool:
        """True when the modification changes nothing."""
        return (
            self.drop_probability == 0.0
            and not self.remove_steps
            and not self.transition_probabilities
            and not self.transition_multipliers
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable dict."""
        return {
            "description": self.description,
            "additional_steps": int(self.additional_steps),
            "friction_factor": float(self.friction_factor),
            "insert_before": self.insert_before,
            "remove_steps": list(self.remove_steps),
            "transition_probabilities": dict(self.transition_probabilities),
            "transition_multipliers": dict(self.transition_multipliers),
            "personas": list(self.personas),
        }


@dataclass
class SimulationResult:
    """Sessions simulated through one version of the flow.

    ``vocabulary`` may end with :data:`FRICTION_EVENT` (added when the log lacks it).
    """

    vocabulary: list[str]
    persona: np.ndarray
    paths: np.ndarray
    lengths: np.ndarray
    outcome: np.ndarray
    converted: np.ndarray
    extra_steps: np.ndarray
    persona_ids: list[int]
    persona_names: list[str]
    targeted: np.ndarray  # per persona: was the modification applied
    modification: FlowModification | None = None

    @property
    def n(self) -> int:
        """Number of sessions."""
        return len(self.lengths)

    @property
    def engagement(self) -> np.ndarray:
        """Steps taken per session: events plus completed extra steps (the friction marker excluded)."""
        return self.lengths - (self.outcome == GATE_DROP) + self.extra_steps

    @property
    def conversion_rate(self) -> float:
        """Share of sessions that converted."""
        return float(self.converted.mean()) if self.n else float("nan")

    def exit_events(self) -> np.ndarray:
        """Code of the last event of each session."""
        return self.paths[np.arange(self.n), self.lengths - 1].astype(np.int64)

    def funnel(self, funnel_events: Sequence[str]) -> np.ndarray:
        """Share of sessions reaching each funnel step in order (steps the log lacks reach 0)."""
        reached = np.ones(self.n, dtype=bool)
        pos = np.full(self.n, -1, dtype=np.int64)
        cols = np.arange(self.paths.shape[1])[None, :]
        out = []
        for step in funnel_events:
            code = self.vocabulary.index(step) if step in self.vocabulary else -2
            hit = (self.paths == code) & (cols > pos[:, None])
            any_hit = hit.any(axis=1)
            pos = np.where(any_hit, hit.argmax(axis=1), pos)
            reached &= any_hit
            out.append(float(reached.mean()) if self.n else 0.0)
        return np.asarray(out)

    def outcome_counts(self) -> dict[str, int]:
        """Sessions per outcome: converted, dropped, friction_drop, ended, max_length."""
        o = self.outcome
        return {
            "converted": int(self.converted.sum()),
            "stopped_not_converted": int(((o == STOPPED) & ~self.converted).sum()),
            "friction_drop": int((o == GATE_DROP).sum()),
            "ended": int((o == ENDED).sum()),
            "max_length": int((o == TRUNCATED).sum()),
        }


class ProductFlowSimulator:
    """Walk synthetic sessions through the product flow, as is or modified.

    Parameters
    ----------
    generator
        A fitted :class:`MarkovPersonaGenerator`.
    completion_events
        Events that count as a conversion (a session stops there).
    drop_events
        Events where a session leaves (it stops there); events not in the log are fine.

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> gen = MarkovPersonaGenerator.from_events(make_sample_events(random_state=0))
    >>> sim = ProductFlowSimulator(gen, completion_events={"signup_complete"}, drop_events={"drop_off"})
    >>> res = sim.simulate(1000, FlowModification(additional_steps=2, friction_factor=0.5), random_state=0)
    >>> 0.0 <= res.conversion_rate <= 1.0
    True
    """

    def __init__(
        self,
        generator: MarkovPersonaGenerator,
        completion_events: Iterable[str] = ("signup_complete",),
        drop_events: Iterable[str] = ("drop_off", FRICTION_EVENT),
    ) -> None:
        generator._check_fitted()
        self.generator = generator
        vocab = list(generator.vocabulary_)
        self.completion_events = sorted(set(completion_events))
        self.drop_events = sorted(set(drop_events))
        for e in self.completion_events:
            self._check_event(e, "Completion")
        if not self.completion_events:
            raise InputError("completion_events must name at least one event, e.g. {'signup_complete'}.")
        self.vocabulary = vocab if FRICTION_EVENT in vocab else [*vocab, FRICTION_EVENT]
        self._v = len(vocab)

    def _check_event(self, name: str, what: str) -> int:
        vocab = self.generator.vocabulary_
        if name not in vocab:
            raise InputError(
                f"{what} event {name!r} is not in the fitted event log.{did_you_mean(name, vocab)} "
                f"Known events: {', '.join(sorted(vocab))}.",
                details={"event": name, "allowed": sorted(vocab)},
            )
        return vocab.index(name)

    def _mask(self, names: Sequence[str]) -> np.ndarray:
        m = np.zeros(self._v, dtype=bool)
        for n in names:
            if n in self.generator.vocabulary_:
                m[self.generator.vocabulary_.index(n)] = True
        return m

    def targeted_personas(self, modification: FlowModification | None) -> np.ndarray:
        """Bool per persona: does ``modification`` apply to it."""
        p = self.generator.n_personas
        if modification is None:
            return np.zeros(p, dtype=bool)
        if not modification.personas:
            return np.ones(p, dtype=bool)
        out = np.zeros(p, dtype=bool)
        for persona in modification.personas:
            out[self.generator.persona_index(persona)] = True
        return out

    def modified_chains(self, modification: FlowModification | None) -> tuple[np.ndarray, np.ndarray]:
        """Start ``(P, V)`` and transition ``(P, C, V + 1)`` probabilities after ``modification``."""
        g = self.generator
        start = g.start_probs_.copy()
        trans = g.transition_probs_.copy()
        if modification is None:
            return start, trans
        targeted = self.targeted_personas(modification)
        v, order = self._v, g.order_
        cur_of_ctx = np.arange(g.n_contexts_) % v
        for key, p in modification.transition_probabilities.items():
            a, b = (self._check_event(x, "Transition") for x in _parse_transition(key))
            rows = cur_of_ctx == a
            for pi in np.flatnonzero(targeted):
                trans[pi, rows] = _set_probability(trans[pi, rows], b, float(p))
        for key, m in modification.transition_multipliers.items():
            a, b = (self._check_event(x, "Transition") for x in _parse_transition(key))
            rows = cur_of_ctx == a
            for pi in np.flatnonzero(targeted):
                block = trans[pi, rows]
                trans[pi, rows] = _set_probability(block, b, np.minimum(block[:, b] * float(m), 1.0))
        for name in modification.remove_steps:
            x = self._check_event(name, "Removed")
            if name in self.completion_events:
                raise InputError(f"Cannot remove the completion event {name!r}; it defines conversion.")
            for pi in np.flatnonzero(targeted):
                start[pi], trans[pi] = _remove_event(start[pi], trans[pi], x, v, order)
        return start, trans

    def simulate(
        self,
        n_personas: int,
        modification: FlowModification | None = None,
        max_length: int = 10,
        random_state: int | np.random.Generator | None = None,
    ) -> SimulationResult:
        """Simulate ``n_personas`` synthetic sessions through the (modified) flow.

        Parameters
        ----------
        n_personas
            Number of synthetic users (one session each), drawn from the personas' mix.
        modification
            Product change, or ``None`` for the current flow.
        max_length
            Most events per session (a conversion must happen within them).
        random_state
            Seed or generator (PCG64).
        """
        n = _positive_int(n_personas, "n_personas")
        max_length = _positive_int(max_length, "max_length")
        g = self.generator
        rng = as_generator(random_state)
        start, trans = self.modified_chains(modification)
        targeted = self.targeted_personas(modification)
        persona = draw_personas(g.persona_weights_, n, rng)
        gate = None
        drop_prob = None
        steps = 0
        if modification is not None and modification.drop_probability > 0:
            names = [modification.insert_before] if modification.insert_before else self.completion_events
            for name in names:
                self._check_event(name, "insert_before")
            gate = self._mask(names)
            drop_prob = np.where(targeted[persona], modification.drop_probability, 0.0)
            steps = int(modification.additional_steps)
        v = self._v
        w = walk(
            start,
            trans.reshape(-1, v + 1),
            persona,
            n_events=v,
            n_contexts=g.n_contexts_,
            order=g.order_,
            max_length=max_length,
            rng=rng,
            stop=self._mask(self.completion_events) | self._mask(self.drop_events),
            gate=gate,
            gate_drop_prob=drop_prob,
            gate_steps=steps,
            gate_code=self.vocabulary.index(FRICTION_EVENT),
            position_odds=g.position_odds() if hasattr(g, "length_odds_") else None,
            visit_cap=getattr(g, "visit_cap_", 1),
        )
        last = w.paths[np.arange(n), w.lengths - 1].astype(np.int64)
        complete = np.zeros(len(self.vocabulary), dtype=bool)
        complete[: self._v] = self._mask(self.completion_events)
        converted = (w.outcome == STOPPED) & complete[last]
        return SimulationResult(
            vocabulary=list(self.vocabulary),
            persona=persona,
            paths=w.paths,
            lengths=w.lengths,
            outcome=w.outcome,
            converted=converted,
            extra_steps=w.gate_steps,
            persona_ids=list(g.persona_ids_),
            persona_names=list(g.persona_names_),
            targeted=targeted,
            modification=modification,
        )


def _set_probability(block: np.ndarray, col: int, new: float | np.ndarray) -> np.ndarray:
    """Set column ``col`` of each row to ``new`` and rescale the others to keep sums at 1."""
    out = block.copy()
    new = np.broadcast_to(np.asarray(new, dtype=float), (len(block),))
    old = block[:, col]
    rest = 1.0 - old
    scale = np.divide(1.0 - new, rest, out=np.zeros_like(rest), where=rest > 1e-12)
    out *= scale[:, None]
    out[:, col] = new
    # A row whose only exit was ``col`` has nothing to rescale: the remainder ends the session.
    stuck = rest <= 1e-12
    out[stuck, -1] += 1.0 - new[stuck]
    return out


def _remove_event(
    start: np.ndarray, trans: np.ndarray, x: int, v: int, order: int
) -> tuple[np.ndarray, np.ndarray]:
    """Redirect every transition into ``x`` to where ``x`` leads (self-loops skipped)."""
    n_ctx = trans.shape[0]
    ctx = np.arange(n_ctx)
    after = (ctx % v) * v + x if order == 2 else np.full(n_ctx, x)
    exits = trans[after].copy()  # what follows x, from each context
    loop = exits[:, x].copy()
    exits[:, x] = 0.0
    denom = np.where(1.0 - loop > 1e-12, 1.0 - loop, 1.0)
    exits /= denom[:, None]
    exits[1.0 - loop <= 1e-12, -1] = 1.0  # x only looped on itself: the session ends
    into = trans[:, x].copy()
    out = trans + into[:, None] * exits
    out[:, x] = 0.0
    first_ctx = v * v + x if order == 2 else x
    s_exit = exits[first_ctx]
    new_start = start + start[x] * s_exit[:v]
    new_start[x] = 0.0
    # Sessions that would have started at x and left right after it start nowhere: renormalise.
    total = new_start.sum()
    new_start = new_start / total if total > 0 else start
    return new_start, out
