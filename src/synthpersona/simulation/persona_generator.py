"""Markov-chain generators of synthetic sessions, one chain per behavioural persona.

:class:`MarkovPersonaGenerator` fits, for every persona (``cluster_id``), a first-
or second-order chain over the events plus an end-of-session state and a start
distribution. Smoothing is hierarchical: each persona's rows are shrunk toward
the pooled chain of all users with ``smoothing`` pseudo-sessions, so small
personas borrow strength without inventing transitions nobody made; second-order
rows are shrunk toward the persona's first-order row. Generation is vectorised
over all sessions (see :mod:`synthpersona.simulation._walk`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from synthpersona.errors import InputError
from synthpersona.simulation._chain_counts import ChainCounts, SessionShapes, chain_counts, check_chain_size
from synthpersona.simulation._sessions import Sessions
from synthpersona.simulation._walk import ENDED, PositionOdds, Walk, walk

__all__ = ["ChainCounts", "MarkovPersonaGenerator", "SessionShapes", "SyntheticSessions", "chain_counts"]

END_STATE = "(end)"


@dataclass
class SyntheticSessions:
    """Sessions drawn from a generator.

    Attributes
    ----------
    vocabulary
        Event names; ``paths`` hold indices into it (``-1`` pads).
    persona
        Persona index of each session (into ``persona_ids``/``persona_names``).
    paths, lengths
        ``(n, max_length)`` event codes and the number of events per session.
    ended
        True when the chain ended the session (else it was cut at ``max_length``).
    """

    vocabulary: list[str]
    persona: np.ndarray
    paths: np.ndarray
    lengths: np.ndarray
    ended: np.ndarray
    persona_ids: list[int]
    persona_names: list[str]

    def __len__(self) -> int:
        return len(self.lengths)

    def to_frame(self, start: str = "2026-01-01", seconds_between_events: float = 30.0) -> pd.DataFrame:
        """Long event log ``user_id, session_id, event, timestamp, cluster_id`` (one user per session)."""
        mask = self.paths >= 0
        sess = np.nonzero(mask)[0]
        pos = np.nonzero(mask)[1]
        offsets = sess * 3600.0 + pos * seconds_between_events
        return pd.DataFrame(
            {
                "user_id": sess + 1,
                "session_id": sess + 1,
                "event": pd.Categorical.from_codes(
                    self.paths[mask].astype(np.int64), categories=pd.Index(self.vocabulary)
                ),
                "timestamp": pd.Timestamp(start) + pd.to_timedelta(offsets, unit="s"),
                "cluster_id": np.asarray(self.persona_ids)[self.persona[sess]],
            }
        )


class MarkovPersonaGenerator:
    """Per-persona Markov chains fitted on an event log.

    Parameters
    ----------
    order
        1 (next event depends on the current one) or 2 (on the last two).
    smoothing
        Pseudo-count pulling each persona's transition rows toward the pooled chain
        (and second-order rows toward first-order ones). 0 gives maximum likelihood.
    persona_column
        Column holding the persona of each event (default ``cluster_id``); when the
        log lacks it, one chain is fitted for all users.
    lengths
        ``"position"`` (default): the odds of ending a session after an event are scaled
        by a factor per persona and position in the session, calibrated so that the
        chain ends as many sessions at each position as the log does
        (:func:`calibrate_length_odds`); simulated sessions are then as long as real ones.
        A first-order chain alone gives geometric lengths (8.4 simulated against 8.0 real
        events per session on Retentioneering's ecom log). ``"chain"``: the chain's end
        column alone. Leaving counts the end of a session and moving to an exit event
        (one after which sessions end, ``App Closed``), except the ``goals``.
    goals
        Conversion events: moving to them is never scaled by the length calibration, so
        the chain converts as often as it was fitted to.
    visits
        True (default, order 1): the chain's state is the event and its visit number in the
        session (``#1``, ``#2`` ... ``#K+``, ``K`` the 95th percentile of repeats; see
        :mod:`synthpersona.simulation._visits`), so a loop goes round as often as real ones
        do instead of a geometric number of times. A log without repeats counts nothing.

    Attributes
    ----------
    vocabulary_ : list of str
    persona_ids_, persona_names_ : lists
    persona_weights_ : ndarray, share of sessions of each persona
    start_probs_ : ndarray ``(P, V)``
    transition_probs_ : ndarray ``(P, C, V + 1)``, last column ends the session (with visit
        counting ``C = K * V``, context ``bucket * V + event``)
    visit_cap_ : int, ``K`` visit states per event (1: none counted)
    first_order_probs_ : ndarray ``(P, V, V + 1)``
    n_sessions_ : ndarray ``(P,)``
    length_odds_ : ndarray ``(P, T, 2)`` or None, factors on the odds of leaving (0) and of
        converting (1) after an event at position ``t`` (``lengths="position"``)

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> gen = MarkovPersonaGenerator.from_events(make_sample_events(n_users=100, random_state=0))
    >>> sessions = gen.generate(1000, max_length=10, random_state=0)
    >>> sessions.paths.shape
    (1000, 10)
    """

    def __init__(
        self,
        order: int = 1,
        smoothing: float = 1.0,
        persona_column: str = "cluster_id",
        lengths: str = "position",
        goals: Sequence[str] = (),
        visits: bool = True,
    ) -> None:
        self.order = order
        self.smoothing = smoothing
        self.persona_column = persona_column
        self.lengths = lengths
        self.goals = tuple(goals)
        self.visits = visits

    @classmethod
    def from_events(
        cls,
        events: pd.DataFrame,
        *,
        order: int = 1,
        smoothing: float = 1.0,
        persona_column: str = "cluster_id",
        persona_names: Mapping[int, str] | None = None,
        lengths: str = "position",
        goals: Sequence[str] = (),
        sessions: Sessions | None = None,
        visits: bool = True,
    ) -> MarkovPersonaGenerator:
        """Fit a generator on an event log (see the class parameters; ``sessions`` as in :meth:`fit`)."""
        return cls(
            order=order,
            smoothing=smoothing,
            persona_column=persona_column,
            lengths=lengths,
            goals=goals,
            visits=visits,
        ).fit(events, persona_names=persona_names, sessions=sessions)

    def fit(
        self,
        events: pd.DataFrame,
        persona_names: Mapping[int, str] | None = None,
        sessions: Sessions | None = None,
    ) -> MarkovPersonaGenerator:
        """Count starts and transitions per persona and smooth them.

        Parameters
        ----------
        events
            Event log, optionally with the persona column.
        persona_names
            Display name of each persona id (default ``"Persona <id>"``).
        sessions
            The log's session index (``index_sessions``) when the caller has built it already.
        """
        self._check_params()
        return self.fit_counts(
            chain_counts(
                events,
                persona_column=self.persona_column,
                order=self.order,
                sessions=sessions,
                visits=bool(self.visits),
            ),
            persona_names=persona_names,
        )

    def fit_counts(
        self, counts: ChainCounts, persona_names: Mapping[int, str] | None = None
    ) -> MarkovPersonaGenerator:
        """Fit from counts already taken (:func:`chain_counts`, or SQL: ``simulation.sql_chains``).

        The chain needs only counts: starts, transitions and the length and last event of
        every session, per persona. An engine counts them where a large log lives, so the
        log never reaches this process; the fit is the same as :meth:`fit` on the log.
        """
        self._check_params()
        v = len(counts.vocabulary)
        p_count = len(counts.persona_ids)
        n_ctx = v if self.order == 1 else (v + 1) * v
        check_chain_size(self.order, v, p_count)
        if self.order == 2 and counts.second is None:
            raise InputError("Second-order counts are missing: count them with order=2.")
        n1 = counts.first.astype(np.float64)
        starts = counts.starts.astype(np.float64)
        alpha = float(self.smoothing)
        pooled = _normalise_rows(n1.sum(axis=0))
        # Normalising (counts + alpha * pooled) row-wise is the posterior mean under a Dirichlet prior
        # centred on the pooled row; empty rows (alpha = 0, state never left) end the session.
        first = _normalise_rows(n1 + alpha * pooled[None])
        pooled_start = starts.sum(axis=0) / max(starts.sum(), 1)
        start = _normalise_rows(starts + alpha * pooled_start[None], empty_to_last=False)
        if self.order == 2:
            assert counts.second is not None
            n2 = counts.second.astype(np.float64)
            backoff = np.tile(first, (1, v + 1, 1))  # context (prev, cur) backs off to row cur
            trans = _normalise_rows(n2 + alpha * backoff)
            trans = np.where(n2.sum(axis=2, keepdims=True) > 0, trans, backoff)
        else:
            trans = first
        cap = counts.visit_cap if self.order == 1 and counts.visits is not None and self.visits else 1
        if cap > 1:
            assert counts.visits is not None
            nv = counts.visits.astype(np.float64)
            backoff = np.tile(first, (1, cap, 1))  # state (bucket, cur) backs off to row cur
            trans = _normalise_rows(nv + alpha * backoff)
            trans = np.where(nv.sum(axis=2, keepdims=True) > 0, trans, backoff)
            n_ctx = v * cap
        persona_ids = list(counts.persona_ids)
        shapes = counts.shapes
        names = dict(persona_names or {})
        self.vocabulary_ = list(counts.vocabulary)
        self.persona_ids_ = persona_ids
        self.persona_names_ = [
            str(names.get(i, "All users" if p_count == 1 else f"Persona {i}")) for i in persona_ids
        ]
        sessions_per = np.bincount(
            shapes.persona, weights=shapes.n.astype(np.float64), minlength=p_count
        ).astype(np.int64)
        self.n_sessions_ = sessions_per
        self.persona_weights_ = sessions_per / sessions_per.sum()
        self.start_probs_ = start
        self.first_order_probs_ = first
        self.transition_probs_ = trans
        self.n_contexts_ = n_ctx
        self.order_ = self.order
        self.visit_cap_ = cap
        self.length_odds_ = None
        self.leave_ = np.zeros(v + 1, dtype=bool)
        self.leave_[v] = True
        self.goal_ = np.zeros(v + 1, dtype=bool)
        self.goal_[:v] = np.isin(self.vocabulary_, list(self.goals))
        self.reach_ = goal_reach(first, self.goal_)
        if self.lengths == "position":
            # exit events: sessions (nearly) always end after them (App Closed, sortie)
            self.leave_[:v] = (pooled[:, v] >= 0.95) & ~self.goal_[:v]
            real = _decisions_by_position(
                shapes.length,
                shapes.last,
                shapes.persona,
                p_count,
                _positions(shapes.length),
                self.leave_,
                self.goal_,
                weight=shapes.n.astype(np.float64),
            )
            odds = calibrate_length_odds(self, real)
            # Keep the calibration only if the chain still converts as fitted: where conversion
            # is decided a few steps before the goal (billing page, then card, then paying),
            # ending fewer sessions early makes more of them convert (+5 pp on a SaaS log).
            if abs(_conversion(self, odds) - _conversion(self, None)) <= CONVERSION_TOLERANCE:
                self.length_odds_ = odds
        return self

    def _check_params(self) -> None:
        if self.order not in (1, 2):
            raise InputError(f"order must be 1 or 2, got {self.order!r}.", details={"allowed": [1, 2]})
        if not (isinstance(self.smoothing, int | float) and self.smoothing >= 0):
            raise InputError(f"smoothing must be a number >= 0, got {self.smoothing!r}.")
        if self.lengths not in ("position", "chain"):
            raise InputError(
                f"lengths must be 'position' or 'chain', got {self.lengths!r}.",
                details={"allowed": ["position", "chain"]},
            )

    def position_odds(self, odds: np.ndarray | None = None) -> PositionOdds | None:
        """The fitted length calibration for the walk (``None`` with ``lengths="chain"``)."""
        self._check_fitted()
        odds = getattr(self, "length_odds_", None) if odds is None else odds
        if odds is None:
            return None
        return PositionOdds(odds, self.leave_, self.goal_, getattr(self, "reach_", None))

    def _walk(
        self,
        persona: np.ndarray,
        max_length: int,
        rng: np.random.Generator,
        position_odds: PositionOdds | None,
    ) -> Walk:
        """Walk one session per entry of ``persona`` through the fitted chain."""
        v = len(self.vocabulary_)
        return walk(
            self.start_probs_,
            self.transition_probs_.reshape(-1, v + 1),
            persona,
            n_events=v,
            n_contexts=self.n_contexts_,
            order=self.order_,
            max_length=max_length,
            rng=rng,
            position_odds=position_odds,
            visit_cap=getattr(self, "visit_cap_", 1),
        )

    def _check_fitted(self) -> None:
        if not hasattr(self, "transition_probs_"):
            raise InputError("This generator is not fitted yet; call fit(events) or from_events(events).")

    @property
    def n_personas(self) -> int:
        """Number of personas (chains)."""
        self._check_fitted()
        return len(self.persona_ids_)

    def persona_index(self, persona: int | str) -> int:
        """Index of a persona given by id or name (clear error when unknown)."""
        self._check_fitted()
        for i, (pid, name) in enumerate(zip(self.persona_ids_, self.persona_names_, strict=True)):
            if persona == pid or str(persona) == str(pid) or str(persona).lower() == name.lower():
                return i
        allowed = [str(p) for p in self.persona_ids_] + self.persona_names_
        raise InputError(
            f"Unknown persona {persona!r}; known personas: "
            + ", ".join(f"{p} ({n})" for p, n in zip(self.persona_ids_, self.persona_names_, strict=True)),
            details={"allowed": allowed},
        )

    def transition_matrix(self, persona: int | str | None = None) -> pd.DataFrame:
        """First-order transition probabilities (rows: from, columns: to + ``(end)``).

        ``persona=None`` gives the mixture of all personas weighted by sessions.
        """
        self._check_fitted()
        if persona is None:
            counts = self.first_order_probs_ * self.n_sessions_[:, None, None]
            probs = _normalise_rows(counts.sum(axis=0))
        else:
            probs = self.first_order_probs_[self.persona_index(persona)]
        return pd.DataFrame(probs, index=self.vocabulary_, columns=[*self.vocabulary_, END_STATE])

    def generate(
        self,
        n_sessions: int,
        max_length: int = 20,
        random_state: int | np.random.Generator | None = None,
        persona_weights: np.ndarray | None = None,
    ) -> SyntheticSessions:
        """Draw ``n_sessions`` synthetic sessions (all at once, reproducible with ``random_state``).

        Parameters
        ----------
        n_sessions
            Sessions to generate.
        max_length
            Most events per session.
        random_state
            Seed or ``numpy.random.Generator``.
        persona_weights
            Mix of personas (default: their share of real sessions).
        """
        self._check_fitted()
        n_sessions = _positive_int(n_sessions, "n_sessions", allow_zero=True)
        max_length = _positive_int(max_length, "max_length")
        rng = as_generator(random_state)
        weights = (
            self.persona_weights_ if persona_weights is None else np.asarray(persona_weights, dtype=float)
        )
        persona = draw_personas(weights, n_sessions, rng)
        w = self._walk(persona, max_length, rng, self.position_odds())
        return SyntheticSessions(
            vocabulary=list(self.vocabulary_),
            persona=persona,
            paths=w.paths,
            lengths=w.lengths,
            ended=w.outcome == ENDED,
            persona_ids=list(self.persona_ids_),
            persona_names=list(self.persona_names_),
        )


CONVERSION_TOLERANCE = 0.01  # most a length calibration may move the simulated conversion (1 point)
_LENGTH_POSITIONS = 64  # positions calibrated one by one; later positions share the last factor
_CALIBRATION_SESSIONS = 20_000
_CALIBRATION_ROUNDS = 6


def _positions(lengths: np.ndarray) -> int:
    return int(min(max(int(lengths.max(initial=1)), 1), _LENGTH_POSITIONS))


def _decisions_by_position(
    lengths: np.ndarray,
    last: np.ndarray,
    persona: np.ndarray,
    p_count: int,
    t_count: int,
    leave: np.ndarray,
    goal: np.ndarray,
    weight: np.ndarray | None = None,
) -> np.ndarray:
    """``(3, P, T)``: decisions at each position, and how many left and converted there.

    A session whose ``last`` event is an exit event or a goal decided at the event before
    it; one that simply ended decided after its last event. Positions from ``t_count - 1``
    on are pooled (a session decides there once per event). ``weight``: sessions each entry
    stands for (counted sessions of one shape; default 1 each).
    """
    w = np.ones(len(lengths)) if weight is None else np.asarray(weight, dtype=np.float64)
    stops = leave[:-1] | goal[:-1]
    decided = lengths - 1 - stops[last].astype(np.int64)  # position of the last decision
    ok = decided >= 0
    at = np.clip(decided, 0, t_count - 1)
    visits = np.zeros((p_count, t_count))
    np.add.at(visits, (persona[ok], at[ok]), w[ok])
    visits = visits[:, ::-1].cumsum(axis=1)[:, ::-1]  # sessions deciding at position >= t
    extra = np.zeros(p_count)
    np.add.at(extra, persona, np.maximum(decided - (t_count - 1), 0).astype(float) * w)
    visits[:, -1] += extra
    converted = goal[:-1][last] & ok
    out = np.zeros((3, p_count, t_count))
    out[0] = visits
    left = ok & ~converted
    np.add.at(out[1], (persona[left], at[left]), w[left])
    np.add.at(out[2], (persona[converted], at[converted]), w[converted])
    return out


def calibrate_length_odds(generator: MarkovPersonaGenerator, real: np.ndarray) -> np.ndarray:
    """``(P, T, 2)`` factors on the odds of leaving and converting at each position, fitted to the log.

    ``real`` holds, per persona and position, the sessions deciding there whether to go on
    and how many left or converted (:func:`_decisions_by_position`). Starting from the
    chain (factors 1), each round walks :data:`_CALIBRATION_SESSIONS` sessions (fixed seed),
    compares the share leaving at each position with the log's and moves that position's
    factor by the ratio of the odds; one factor per persona on converting keeps its
    conversion rate the log's (a first-order chain cannot place conversions by position).
    Positions decided by fewer than 20 real sessions keep the factor of the position
    before. Sessions then end where real ones do, and the chain still chooses the paths.

    Examples
    --------
    >>> log = pd.DataFrame({"user_id": np.repeat(np.arange(200), 3), "session_id": 1, "event": "view",
    ...                     "timestamp": pd.date_range("2026-01-01", periods=600, freq="min")})
    >>> gen = MarkovPersonaGenerator.from_events(log)  # every real session has exactly 3 events
    >>> sessions = gen.generate(2000, max_length=20, random_state=0)
    >>> float(np.mean(sessions.lengths == 3)) > 0.95
    True
    """
    visits, left, converted = real
    p_count, t_count = visits.shape
    odds = np.ones((p_count, t_count, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        target = left / visits
    trusted = visits >= 20
    sessions = np.repeat(np.arange(p_count), max(_CALIBRATION_SESSIONS // p_count, 200))
    n_real = np.maximum(visits[:, 0], 1.0)  # every session decides at its first event (or converts)
    real_conv = converted.sum(axis=1) / np.maximum(n_real, converted.sum(axis=1))
    for round_ in range(_CALIBRATION_ROUNDS + 2):  # the last two rounds settle conversion only
        w = generator._walk(sessions, MAX_WALK, np.random.default_rng(0), generator.position_odds(odds))
        last = np.take_along_axis(w.paths, (w.lengths - 1)[:, None], axis=1)[:, 0].astype(np.int64)
        sim = _decisions_by_position(
            w.lengths, last, sessions, p_count, t_count, generator.leave_, generator.goal_
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            leave_ratio = _odds(target) / _odds(sim[1] / sim[0])
            sim_conv = sim[2].sum(axis=1) / np.bincount(sessions, minlength=p_count)
            conv_ratio = _odds(real_conv) / _odds(sim_conv)
        usable = trusted & np.isfinite(leave_ratio) & (leave_ratio > 0) & np.isfinite(target)
        if round_ < _CALIBRATION_ROUNDS:
            odds[:, :, 0] *= np.where(usable, leave_ratio, 1.0)
        # converting: one factor per persona keeps its conversion as fitted, whatever the lengths
        has_goal = (real_conv > 0) & (sim_conv > 0) & np.isfinite(conv_ratio)
        odds[:, :, 1] *= np.where(has_goal, conv_ratio, 1.0)[:, None]
        odds = np.clip(odds, 1e-3, 1e3)
        # positions with too few real sessions follow the one before, inside the loop: filled only
        # afterwards, the walks calibrated conversion on odds that were not the final ones
        # (+6 points on a persona whose sessions then ran on after its last trusted position)
        for t in range(1, t_count):
            odds[:, t, 0] = np.where(trusted[:, t], odds[:, t, 0], odds[:, t - 1, 0])
        # no real session of the persona decides this late: the chain's sessions end here too,
        # else the few walks that get this far run on with the last factor (a tail of 100+ events)
        odds[:, :, 0] = np.where(visits > 0, odds[:, :, 0], 1e3)
    return odds


def goal_reach(first: np.ndarray, goal: np.ndarray) -> np.ndarray:
    """``(P, V + 1)``: each persona's chance of reaching a goal from each event (end: 0, goal: 1).

    Solves ``h = b + Q h`` on the first-order rows ``first`` (``(P, V, V + 1)``), goals
    absorbing. The length calibration's factor on converting tilts moves by it
    (:class:`~synthpersona.simulation._walk.PositionOdds`).

    >>> first = np.array([[[0.0, 0.5, 0.5], [0.0, 0.0, 1.0]]])  # a -> b half the time, b is the goal
    >>> goal_reach(first, np.array([False, True, False])).tolist()
    [[0.5, 1.0, 0.0]]
    """
    p_count, v = first.shape[0], first.shape[1]
    out = np.zeros((p_count, v + 1))
    g = np.asarray(goal[:v], dtype=bool)
    out[:, :v][:, g] = 1.0
    if not g.any():
        return out
    rest = np.flatnonzero(~g)
    for p in range(p_count):
        q = first[p][np.ix_(rest, rest)]
        b = first[p][rest][:, :v][:, g].sum(axis=1)
        # a state the chain never leaves would make I - Q singular: a tiny leak keeps it solvable
        h = np.linalg.solve(np.eye(len(rest)) - (1 - 1e-9) * q, b)
        out[p, rest] = np.clip(h, 0.0, 1.0)
    return out


def _conversion(generator: MarkovPersonaGenerator, odds: np.ndarray | None) -> float:
    """Share of sessions reaching a goal, walked with ``odds`` (``None``: the chain alone)."""
    if not generator.goal_.any():
        return 0.0
    v = len(generator.vocabulary_)
    persona = draw_personas(generator.persona_weights_, _CALIBRATION_SESSIONS, np.random.default_rng(1))
    odds_ = None if odds is None else generator.position_odds(odds)
    w = generator._walk(persona, MAX_WALK, np.random.default_rng(1), odds_)
    return float(generator.goal_[:v][np.where(w.paths >= 0, w.paths, 0)].any(axis=1).mean())


MAX_WALK = 200


def _odds(p: np.ndarray) -> np.ndarray:
    q = np.clip(p, 1e-6, 1 - 1e-6)
    return q / (1 - q)


def as_generator(random_state: int | np.random.Generator | None) -> np.random.Generator:
    """A PCG64 generator from a seed (or the generator itself)."""
    if isinstance(random_state, np.random.Generator):
        return random_state
    return np.random.Generator(np.random.PCG64(random_state))


def draw_personas(weights: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Persona index of ``n`` sessions drawn with ``weights`` (inverse CDF, vectorised)."""
    w = np.asarray(weights, dtype=float)
    if w.ndim != 1 or len(w) == 0 or (w < 0).any() or w.sum() <= 0:
        raise InputError(
            f"persona_weights must be non-negative numbers with a positive sum, got {w.tolist()}."
        )
    cum = np.cumsum(w / w.sum())
    cum[-1] = 1.0
    return np.searchsorted(cum, rng.random(n), side="right").astype(np.int64)


def _normalise_rows(m: np.ndarray, empty_to_last: bool = True) -> np.ndarray:
    """Rows summing to 1; empty rows end the session (all mass on the last column)."""
    m = np.asarray(m, dtype=np.float64)
    total = m.sum(axis=-1, keepdims=True)
    out = np.divide(m, total, out=np.zeros_like(m), where=total > 0)
    if empty_to_last:
        out[(total <= 0)[..., 0], -1] = 1.0
    return out


def _positive_int(value: object, name: str, allow_zero: bool = False) -> int:
    ok = isinstance(value, int | np.integer) and not isinstance(value, bool)
    low = 0 if allow_zero else 1
    if not ok or int(value) < low:  # type: ignore[call-overload]
        raise InputError(f"{name} must be an integer >= {low}, got {value!r}.", details={name: str(value)})
    return int(value)  # type: ignore[call-overload]
