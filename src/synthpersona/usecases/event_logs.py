"""What a real event log says about itself: how long its sessions are, and the A/B test it logged.

The simulation use case reads both before simulating: :func:`session_cap` so simulated
sessions are as long as real ones, and :func:`logged_experiment` so a real A/B test in the
log is analysed with the same statistics as the simulated one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from synthpersona.errors import InputError

if TYPE_CHECKING:
    from synthpersona.simulation import MarkovPersonaGenerator

__all__ = [
    "CONTROL_LABELS",
    "EXPERIMENT_COLUMNS",
    "MAX_SESSION_CAP",
    "LoggedExperiment",
    "chain_session_cap",
    "goal_candidates",
    "logged_experiment",
    "resolve_goal",
    "session_cap",
]

MAX_SESSION_CAP = 200

# Column names under which event logs record the arm of a real A/B test.
EXPERIMENT_COLUMNS = (
    "variant",
    "arm",
    "ab_group",
    "ab_variant",
    "experiment_group",
    "test_group",
    "group",
    "bucket",
)
# Labels of the control arm, compared as B (the other arm is A: "variant minus control").
CONTROL_LABELS = ("control", "ctrl", "a", "baseline", "original", "0", "off", "false")


@dataclass
class LoggedExperiment:
    """A real A/B test recorded in the log: which column, which arms, and the comparison table."""

    column: str
    treatment: str
    control: str
    table: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
        rows = self.table.astype(object).where(self.table.notna(), None).to_dict(orient="records")
        return {"column": self.column, "treatment": self.treatment, "control": self.control, "table": rows}


def chain_session_cap(
    generator: MarkovPersonaGenerator,
    stop_events: Iterable[str],
    *,
    floor: int = 2,
    share: float = 0.001,
) -> int:
    """The shortest cap at which at most ``share`` of simulated sessions are cut (floor..200).

    A chain's session lengths have a longer tail than the log's, so a cap at the log's
    99.9th percentile still cut ~4 % of simulated sessions on Retentioneering's ecom log
    and cost 0.6 conversion points. This runs the fitted first-order chains' probability
    mass forward (``stop_events`` end a session) until what is still going falls to ``share``.

    Examples
    --------
    >>> from synthpersona.simulation import MarkovPersonaGenerator
    >>> log = pd.DataFrame({"user_id": [1] * 10 + [2] * 2, "event": ["view"] * 9 + ["buy", "view", "buy"],
    ...                     "timestamp": pd.date_range("2026-01-01", periods=12, freq="min")})
    >>> # "view" repeats with chance 0.8: after 22 events fewer than 1 % of sessions are going
    >>> chain_session_cap(MarkovPersonaGenerator.from_events(log, smoothing=0.0), ["buy"], share=0.01)
    22
    """
    stops = set(stop_events)
    stop = np.array([e in stops for e in generator.vocabulary_], dtype=bool)
    going = generator.start_probs_ * np.asarray(generator.persona_weights_, dtype=float)[:, None]
    first = generator.first_order_probs_
    v = len(stop)
    odds = getattr(generator, "length_odds_", None)
    for length in range(1, MAX_SESSION_CAP):
        going = np.where(stop[None, :], 0.0, going)
        moving = first[:, :, :v]  # without the end state
        if odds is not None:  # leaving and converting scaled at this position (see MarkovPersonaGenerator)
            leave, goal = generator.leave_, generator.goal_ & ~generator.leave_
            r = odds[:, min(length - 1, odds.shape[1] - 1)]  # (P, 2)
            gone, won = first[:, :, leave].sum(axis=2), first[:, :, goal].sum(axis=2)
            z = 1.0 - gone - won + gone * r[:, :1] + won * r[:, 1:]
            scale = np.where(leave[:v], r[:, :1, None], np.where(goal[:v], r[:, 1:, None], 1.0))
            moving = moving * scale / z[:, :, None]
        going = np.einsum("pv,pvw->pw", going, moving)  # mass with at least length + 1 events
        if going.sum() <= share:
            return max(length, floor)
    return MAX_SESSION_CAP


def logged_experiment(events: pd.DataFrame, completes: Sequence[str]) -> LoggedExperiment | None:
    """The real A/B test logged in ``events`` (a two-arm variant column), analysed like the simulated one.

    A column named like :data:`EXPERIMENT_COLUMNS` with exactly two values, one of them a
    control label (:data:`CONTROL_LABELS`, or the first in sort order when none is), is
    compared with :func:`synthpersona.analytics.compare_groups`: conversion (two-proportion
    z), steps and time to convert, path length and events, Benjamini-Hochberg corrected.
    ``None`` when the log has no such column, or when its arms cannot be compared (an arm
    with no paths, no conversion event): the simulation then runs without it.

    Examples
    --------
    >>> events = pd.DataFrame({"user_id": list("aabbcd"), "variant": list("AABBAB"),
    ...     "session_id": 1, "event": ["home", "buy", "home", "home", "home", "home"],
    ...     "timestamp": pd.to_datetime([0, 5, 0, 9, 0, 0], unit="s")})
    >>> found = logged_experiment(events, ["buy"])
    >>> found.treatment, found.control, float(found.table.loc[0, "value_b"])
    ('B', 'A', 0.5)
    """
    from synthpersona import analytics

    by_name = {str(c).strip().lower().replace(" ", "_"): c for c in events.columns}
    for name in EXPERIMENT_COLUMNS:
        column = by_name.get(name)
        if column is None:
            continue
        arms = sorted(str(v) for v in events[column].dropna().unique())
        if len(arms) != 2:
            continue
        control = next((a for a in arms if a.strip().lower() in CONTROL_LABELS), arms[0])
        treatment = arms[1] if control == arms[0] else arms[0]
        frame = events.assign(**{str(column): events[column].astype(str)})
        try:
            table = analytics.compare_groups(frame, str(column), list(completes), (treatment, control))
        except InputError:
            return None
        return LoggedExperiment(str(column), treatment, control, table)
    return None


def goal_candidates(log: pd.DataFrame, min_end_share: float = 0.5, min_sessions: float = 0.005) -> list[str]:
    """Events that can be the goal of a log, likeliest first (the web UI's goal picker).

    A goal ends the session it happens in (the user converted and left): an event that is the
    last of its session in at least ``min_end_share`` of its occurrences, in at least
    ``min_sessions`` of the sessions. Events named like a conversion come first, events named
    like leaving (``exit``, ``abandon``...) are left out, then the more often an event ends its
    session the earlier it comes. Without any such event, every event is a candidate.

    Examples
    --------
    >>> log = pd.DataFrame({"session_id": [1, 1, 1, 2, 2, 3, 3],
    ...     "event": ["home", "cart", "order_placed", "home", "exit", "home", "faq"]})
    >>> goal_candidates(log)
    ['order_placed', 'faq']
    """
    from synthpersona.simulation._goal_events import goal_named, goal_scores, leave_named
    from synthpersona.simulation.features import default_completion_events, default_drop_events

    events = log["event"].astype(str)  # the log in session order, as load_event_log gives it
    keys = [c for c in ("user_id", "session_id") if c in log.columns]
    session = log.groupby(keys, sort=False, observed=True).ngroup().to_numpy()
    last = np.r_[session[1:] != session[:-1], True]
    sessions = max(int(session.max(initial=-1)) + 1, 1)
    ended = pd.Series(last, index=events.index).groupby(events.to_numpy()).mean()
    reach = pd.DataFrame({"e": events.to_numpy(), "s": session}).drop_duplicates()
    reached = reach.groupby("e").size() / sessions
    vocab = list(ended.index)
    drops = default_drop_events(vocab) | leave_named(vocab)
    named = default_completion_events(vocab) | goal_named(vocab)
    drops -= named
    score = goal_scores(log)["score"]
    found = [
        e
        for e in vocab
        if e not in drops and (e in named or (ended[e] >= min_end_share and reached[e] >= min_sessions))
    ]
    if not found:
        found = vocab
    return sorted(found, key=lambda e: (e not in named, -float(score.get(e, 0.0)), -float(ended[e]), e))


def resolve_goal(
    log: pd.DataFrame,
    funnel: Sequence[str] | str | None,
    completion_events: Sequence[str] | None,
) -> tuple[pd.DataFrame, list[str] | None, str]:
    """The log, its goal events and a note saying where the goal came from.

    A goal or funnel the user gives is kept (``note`` empty: the caller describes it).
    Otherwise, when no event reads as a conversion in English, a stage/status column of the
    log whose last value marks the outcome (:func:`~synthpersona.simulation.find_stage_goal`)
    becomes the goal: an event is added where each user's stage turns to that value, and the
    note says so and how to choose another goal. Without one, the goal is found from the
    paths and a multilingual lexicon (``find_goal_event``: the event that ends sessions, is
    reached by a minority, once per session, after a narrow funnel step); when the paths do
    not point to one event, an :class:`~synthpersona.errors.InputError` lists the candidates.

    Examples
    --------
    >>> log = pd.DataFrame({"user_id": [1, 1, 2, 2], "session_id": 1, "event": ["in", "card", "in", "out"],
    ...     "timestamp": pd.date_range("2026-01-01", periods=4, freq="min"),
    ...     "status": ["Trial", "Customer", "Trial", "Trial"]})
    >>> log["event"] = log["event"].astype("category")
    >>> out, goal, note = resolve_goal(log, None, None)
    >>> goal, out["event"].astype(str).tolist()
    (['Customer'], ['in', 'card', 'Customer', 'in', 'out'])
    """
    from synthpersona.simulation import add_stage_goal_events, find_stage_goal
    from synthpersona.simulation._goal_events import find_goal_event
    from synthpersona.simulation.features import DEFAULT_FUNNEL, default_completion_events

    if funnel or completion_events:
        return log, list(completion_events) if completion_events else None, ""
    vocab = [str(c) for c in log["event"].cat.categories]
    if all(s in vocab for s in DEFAULT_FUNNEL) or default_completion_events(vocab):
        return log, None, ""
    stage = find_stage_goal(log)
    if stage is not None:
        return add_stage_goal_events(log, stage), [stage.event], stage.note()
    choice = find_goal_event(log)  # from the paths (any language), or an error listing the candidates
    return log, [choice.event], choice.note()


def session_cap(events: pd.DataFrame, quantile: float = 0.999) -> int:
    """Session cap for simulation: the ``quantile`` of the log's session lengths (2..200 events).

    A fixed cap of 10 halves conversion on shop logs whose buyers take 15 steps; the
    99.9th percentile keeps all but the rarest sessions whole.

    Examples
    --------
    >>> events = pd.DataFrame({"user_id": [1] * 12 + [2] * 3, "session_id": [1] * 12 + [1] * 3})
    >>> session_cap(events)
    12
    """
    lengths = events.groupby(["user_id", "session_id"], observed=True, sort=False).size().to_numpy()
    if not len(lengths):
        return 2
    return int(min(max(np.ceil(np.quantile(lengths, quantile, method="higher")), 2), MAX_SESSION_CAP))
