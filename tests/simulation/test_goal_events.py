"""The goal event is found from a log's paths in any language, or the candidates are listed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synthpersona.errors import InputError
from synthpersona.simulation._goal_events import find_goal_event, goal_named, goal_scores, leave_named
from synthpersona.usecases.event_logs import goal_candidates, resolve_goal


def _log(paths: list[list[str]]) -> pd.DataFrame:
    rows = [(s, s, e, pd.Timestamp("2025-01-01") + pd.Timedelta(minutes=s * 100 + i))
            for s, path in enumerate(paths) for i, e in enumerate(path)]  # fmt: skip
    log = pd.DataFrame(rows, columns=["user_id", "session_id", "event", "timestamp"])
    log["event"] = log["event"].astype("category")
    return log


def _shop(rng: np.random.Generator, names: dict[str, str], n: int = 600) -> pd.DataFrame:
    """A shop: browse loops, a narrow checkout step before the goal, an exit ending the rest."""
    paths = []
    for _ in range(n):
        path = [names["home"]] + [names["item"]] * int(rng.integers(1, 6))
        if rng.random() < 0.25:
            path += [names["pay"], names["goal"]]
        else:
            path += [names["blog"]] * int(rng.integers(0, 3)) + [names["exit"]]
        paths.append(path)
    return _log(paths)


def test_an_unnamed_goal_is_found_from_the_paths_alone() -> None:
    # event names that say nothing in any language: only the structure can tell
    names = {"home": "e1", "item": "e2", "pay": "e3", "goal": "e4", "blog": "e5", "exit": "e6"}
    log = _shop(np.random.default_rng(0), names)
    choice = find_goal_event(log)
    assert choice.event == "e4"
    scores = goal_scores(log)
    assert scores.loc["e4", "ends"] == 1.0 and scores.loc["e4", "before"] == 1.0
    assert "ends 100% of the times it happens" in choice.reason


@pytest.mark.parametrize(
    ("goal", "leave"),
    [("Ordine confermato", "Uscita"), ("Zakup planu", "Wylogowanie"), ("Compra finalizada", "App fechado"),
     ("Bestellung abgeschlossen", "Verlassen")],
)  # fmt: skip
def test_a_goal_named_in_another_language_is_found_and_leaving_is_not(goal: str, leave: str) -> None:
    names = {"home": "Start", "item": "Produkt", "pay": "Kasse", "goal": goal, "blog": "Blog", "exit": leave}
    log = _shop(np.random.default_rng(1), names)
    assert goal_named([goal]) == {goal} and leave_named([leave]) == {leave}
    assert find_goal_event(log).event == goal
    assert goal_candidates(log)[0] == goal and leave not in goal_candidates(log)
    _out, completes, note = resolve_goal(log, None, None)  # the use case's own path
    assert completes == [goal] and "found from the log's paths" in note and "--goal" in note


def test_two_events_ending_sessions_alike_are_listed_not_guessed() -> None:
    rng = np.random.default_rng(2)
    paths = []
    for _ in range(400):  # two unnamed outcomes, equally final, equally rare, same funnel shape
        path = ["a", "b"] * int(rng.integers(1, 3))
        r = rng.random()
        path += ["c", "x"] if r < 0.2 else ["d", "y"] if r < 0.4 else ["z"]
        paths.append(path)
    log = _log(paths)
    with pytest.raises(InputError) as err:
        find_goal_event(log)
    assert err.value.code == "goal_ambiguous"
    assert {"x", "y"} <= set(err.value.details["candidates"])
    assert "--goal" in err.value.message and "'x'" in err.value.message


def test_an_event_repeated_at_the_end_of_sessions_is_not_a_goal() -> None:
    rng = np.random.default_rng(3)
    paths = []
    for _ in range(500):  # readers end on a repeated article; few pay
        path = ["open"] + ["article"] * int(rng.integers(2, 6))
        if rng.random() < 0.15:
            path += ["pricing", "p9"]
        paths.append(path)
    log = _log(paths)
    scores = goal_scores(log)
    assert scores.loc["article", "per_session"] > 2
    assert find_goal_event(log).event == "p9"


def test_a_detour_sessions_go_on_from_to_pay_is_not_the_goal() -> None:
    # a coupon page ends most of its sessions like the payment does; the few that go on from it
    # go on to pay, and nobody goes from paying to the coupon: the payment is the outcome
    rng = np.random.default_rng(1)
    paths = []
    for _ in range(900):
        if rng.random() < 0.5:
            path = ["k1", "k2"] + ["k3", "k4"] * int(rng.integers(1, 4))
            path += ["k5", "k6", "k7"] if rng.random() < 0.45 else []
        else:
            path = ["k1", "k8"] * int(rng.integers(1, 3)) + ["k9"]
            path += ["k2", "k5", "k6", "k7"] if rng.random() < 0.06 else []
        paths.append(path)
    choice = find_goal_event(_log(paths))
    assert choice.event == "k7"
    assert "k9" in choice.candidates  # still listed, so the user sees what was weighed


def test_a_marker_every_session_closes_with_does_not_hide_the_goal() -> None:
    # Sensors Data's "$AppEnd" (Countly's session end) is written last in every session: the
    # goal is what sessions end on before it, unnamed in any lexicon
    rng = np.random.default_rng(1)
    paths = []
    for _ in range(500):
        path = ["$AppStart", "e1"] + ["e2"] * int(rng.integers(1, 4))
        path += ["e3", "e4"] if rng.random() < 0.25 else ["e5"] * int(rng.integers(1, 3))
        paths.append([*path, "$AppEnd"])
    assert find_goal_event(_log(paths)).event == "e4"
