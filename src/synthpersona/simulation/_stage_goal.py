"""The goal of an event log whose outcome is a stage/status column rather than an event.

CRM and product logs often record the outcome as a column (``Lifecycle Stage`` going
Trial → Activated → Paying customer) while no event says "paid". When the user names no
goal and no event reads as a conversion, :func:`find_stage_goal` finds such a column and
its outcome value, and :func:`add_stage_goal_events` writes one goal event at the row where
each user's stage first turns to that value, so the funnel, personas and simulation read
the stage like any goal event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["StageGoal", "add_stage_goal_events", "find_stage_goal"]

# Column names of a stage/status (compared lower-case, letters and digits only), several languages.
_STAGE_NAME = re.compile(
    r"(stage|status|phase|lifecycle|pipeline|funnel|statut|etape|étape|stufe|etapa|fase|estado|"
    r"stato|stadium|стадия|статус|этап)"
)
# Values that read as reaching the outcome.
_OUTCOME_VALUE = re.compile(
    r"\b(customer|client|paying|paid|won|converted|purchased|subscribed|subscriber|member|enrol+ed|"
    r"closed[ -]?won|kunde|gewonnen|abgeschlossen|gagn[ée]|cliente|ganado|vinto|pagante|pagato|"
    r"клиент|оплачен|успешн\w*)\b",
    re.IGNORECASE,
)
_MAX_VALUES = 20
_ABSORBING = 0.95  # share of users who, once at the value, stay there
_MAX_REACH = 0.8  # a value nearly every user has is where they start, not an outcome
_CANONICAL = {"user_id", "session_id", "event", "timestamp", "cluster_id", "_group"}


@dataclass(frozen=True)
class StageGoal:
    """A stage column, its outcome value and the goal event that marks reaching it."""

    column: str
    value: str
    event: str
    users_reached: int

    def note(self) -> str:
        """One line for the run's notes: what the goal is, why, and how to choose another."""
        return (
            f"Goal {self.event!r}: no goal was given and no event reads as a conversion, so the stage "
            f"column {self.column!r} reaching {self.value!r} is the goal ({self.users_reached:,} users "
            "got there; an event is added where each user's stage turns to it). Choose another with "
            "--goal EVENT (API: goal, library: completion_events)."
        )


def find_stage_goal(log: pd.DataFrame) -> StageGoal | None:
    """The stage/status column of ``log`` whose value marks the outcome, or ``None``.

    A candidate column is named like a stage or status, holds 2 to 20 values and changes
    within users. Its outcome value is *absorbing* (at least 95 % of the users who reach it
    never leave it), reached by some users but not by most of them from their first event;
    of several, the one that reads as an outcome (customer, paid, won, converted...) wins,
    then the one reached latest.

    Examples
    --------
    >>> log = pd.DataFrame({"user_id": [1, 1, 1, 2, 2, 3, 3], "session_id": 1,
    ...     "event": ["login", "card", "logout", "login", "logout", "login", "card"],
    ...     "timestamp": pd.date_range("2026-01-01", periods=7, freq="min"),
    ...     "Lifecycle Stage": ["Trial", "Paying", "Paying", "Trial", "Trial", "Trial", "Paying"]})
    >>> goal = find_stage_goal(log)
    >>> goal.column, goal.value, goal.users_reached
    ('Lifecycle Stage', 'Paying', 2)
    """
    best: tuple[tuple[bool, float], StageGoal] | None = None
    users = log["user_id"].to_numpy()
    for column in log.columns:
        key = "".join(ch for ch in str(column).lower() if ch.isalnum())
        if column in _CANONICAL or not _STAGE_NAME.search(key):
            continue
        values = log[column].astype("string")
        levels = values.dropna().unique()
        if not 2 <= len(levels) <= _MAX_VALUES:
            continue
        found = _outcome_value(values, users, [str(v) for v in levels])
        if found is None:
            continue
        value, reached, rank = found
        score = (bool(_OUTCOME_VALUE.search(value)), rank)
        goal = StageGoal(str(column), value, value, reached)
        if best is None or score > best[0]:
            best = (score, goal)
    if best is None:
        return None
    goal = best[1]
    vocab = {str(e) for e in log["event"].astype(str).unique()}
    event = goal.value if goal.value not in vocab else f"{goal.value} ({goal.column})"
    return StageGoal(goal.column, goal.value, event, goal.users_reached)


def _outcome_value(values: pd.Series, users: np.ndarray, levels: list[str]) -> tuple[str, int, float] | None:
    """The absorbing value reached latest (value, users reaching it, mean position of reaching)."""
    frame = pd.DataFrame({"u": users, "v": values.to_numpy()}).dropna()
    frame["pos"] = frame.groupby("u", sort=False).cumcount()
    n_users = frame["u"].nunique()
    starts = frame.groupby("u", sort=False)["v"].first()
    out: list[tuple[bool, float, str, int]] = []
    for level in levels:
        at = frame["v"] == level
        reached = frame.loc[at, "u"].unique()
        if not len(reached) or len(reached) > _MAX_REACH * n_users:
            continue
        if (starts.reindex(reached) == level).mean() > 0.5:
            continue  # most users start there: an initial stage
        first = frame.loc[at].groupby("u", sort=False)["pos"].min()
        later = frame[frame["u"].isin(reached)].merge(first.rename("first"), left_on="u", right_index=True)
        after = later[later["pos"] >= later["first"]]
        stayed = (after["v"] == level).groupby(after["u"], sort=False).all()
        if stayed.mean() < _ABSORBING:
            continue
        out.append((bool(_OUTCOME_VALUE.search(level)), float(first.mean()), level, len(reached)))
    if not out:
        return None
    _, rank, level, n = max(out)
    return level, n, rank


def add_stage_goal_events(log: pd.DataFrame, goal: StageGoal) -> pd.DataFrame:
    """``log`` with a ``goal.event`` row right after each row where a user's stage turns to the goal value.

    Users already at the value on their first row never turned to it inside the log and get
    no goal event. The new row copies the triggering row (same session and time).

    Examples
    --------
    >>> log = pd.DataFrame({"user_id": [1, 1, 2], "session_id": 1, "event": ["a", "b", "a"],
    ...     "timestamp": pd.to_datetime([0, 1, 0], unit="s"), "stage": ["Trial", "Paid", "Paid"]})
    >>> goal = StageGoal("stage", "Paid", "Paid", 1)
    >>> add_stage_goal_events(log, goal)["event"].astype(str).tolist()
    ['a', 'b', 'Paid', 'a']
    """
    at = (log[goal.column].astype("string") == goal.value).fillna(False).to_numpy(dtype=bool)
    same_user = np.zeros(len(log), dtype=bool)
    users = log["user_id"].to_numpy()
    same_user[1:] = users[1:] == users[:-1]
    before = np.zeros(len(log), dtype=bool)
    before[1:] = at[:-1]
    turns = np.flatnonzero(at & same_user & ~before)
    added = log.iloc[turns].copy()
    events = log["event"]
    if isinstance(events.dtype, pd.CategoricalDtype) and goal.event not in events.cat.categories:
        events = events.cat.add_categories([goal.event])
    added["event"] = (
        pd.Categorical([goal.event] * len(added), categories=events.cat.categories)
        if isinstance(events.dtype, pd.CategoricalDtype)
        else goal.event
    )
    order = np.concatenate([np.arange(len(log)) * 2, turns * 2 + 1])
    out = pd.concat([log.assign(event=events), added], ignore_index=True)
    out = out.iloc[np.argsort(order, kind="stable")].reset_index(drop=True)
    out.attrs = dict(log.attrs)
    return out
