"""run_simulation's event roles: which events form the funnel, count as the goal and as leaving."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from synthpersona.errors import InputError
from synthpersona.simulation.environment import FRICTION_EVENT
from synthpersona.simulation.features import (
    DEFAULT_FUNNEL,
    default_completion_events,
    default_drop_events,
    resolve_events,
)


@dataclass(frozen=True)
class EventRoles:
    """Which events form the funnel, count as a conversion and as leaving."""

    funnel: list[str]
    completes: list[str]
    drops: list[str]


def event_roles(
    log: pd.DataFrame,
    funnel: Sequence[str] | str | None,
    completion_events: Sequence[str] | None,
    drop_events: Sequence[str] | None,
    vocabulary: Sequence[str] | None = None,
) -> EventRoles:
    # the whole log's events when it lives in an engine (a sample may miss rare ones)
    vocab = list(vocabulary) if vocabulary is not None else [str(c) for c in log["event"].cat.categories]
    funnel_list = resolve_funnel(funnel, log, completion_events, vocab)
    completes = list(completion_events) if completion_events else [funnel_list[-1]]
    resolve_events(completes, vocab, "Completion")
    drops = sorted(
        set(drop_events) if drop_events is not None else default_drop_events(vocab) | {FRICTION_EVENT}
    )
    return EventRoles(funnel_list, completes, drops)


def describe_goal(
    funnel: Sequence[str] | str | None, completion_events: Sequence[str] | None, roles: EventRoles
) -> str:
    """Where the goal came from, and how to choose another (for the summary and the report)."""
    goal = ", ".join(repr(c) for c in roles.completes)
    if completion_events:
        return f"Goal {goal}: as given."
    how = "the last step of the funnel given" if funnel else "the last step of the funnel found in the log"
    return f"Goal {goal}: {how}. Choose another with --goal EVENT (API: goal, library: completion_events)."


def resolve_funnel(
    funnel: Sequence[str] | str | None,
    log: pd.DataFrame,
    completion: Sequence[str] | None,
    vocab: list[str],
) -> list[str]:
    if isinstance(funnel, str):
        funnel = [s.strip() for s in funnel.split(",") if s.strip()]
    if funnel:
        steps = resolve_events(funnel, vocab, "Funnel")
        if len(steps) < 2:
            raise InputError(f"A funnel needs at least two steps, got {steps!r}.")
        return steps
    if all(s in vocab for s in DEFAULT_FUNNEL):
        return list(DEFAULT_FUNNEL)
    completes = list(completion) if completion else sorted(default_completion_events(vocab))
    if not completes:
        raise InputError(
            "Could not tell which event is a conversion. Pass the funnel, e.g. --funnel landing,signup_start,"
            "signup_complete (its last step is the conversion). "
            f"Events in the log: {', '.join(sorted(vocab))}.",
            code="funnel_required",
            details={"events": sorted(vocab)},
        )
    # Otherwise: the most common session entry, then the conversion.
    first_rows = ~log.duplicated(["user_id", "session_id"])
    entries = log.loc[first_rows, "event"].astype(str).value_counts()
    entry = next((e for e in entries.index if e not in completes), None)
    return [entry, completes[0]] if entry else list(completes[:2])
