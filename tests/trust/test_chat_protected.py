"""Chat with a persona of a privacy-checked run answers from the protected persona (issue 21).

A goal run on the user's own population withholds each persona's exact age, city, income,
occupation, ... until k customers share what it states. Whatever the withheld value was, no
question to the persona the library hands out (``run.persona``, ``run.to_dict()``) elicits it.
"""

from __future__ import annotations

from typing import Any

import pytest

from support.withheld import QUESTIONS, SAID, leaks
from synthpersona.population import generate
from synthpersona.usecases.chat import reply
from synthpersona.usecases.goals import GoalRun, run_goal

GOAL = "Gen Z moms in tier-2 cities"


@pytest.fixture(scope="module")
def people() -> Any:
    return generate(6_000, random_state=4)


@pytest.fixture(scope="module")
def run(people: Any) -> GoalRun:
    return run_goal(GOAL, k_max=4, population=people)


def _withheld(run: GoalRun) -> dict[str, list[str]]:
    """Per persona: patterns of the anchor's exact values the privacy check withheld (recounted)."""
    out: dict[str, list[str]] = {}
    for entry in run.privacy["personas"]:  # type: ignore[index]
        gone = {g.split(":")[0] for g in entry["generalised"]}
        built = run.persona(entry["persona_id"], protected=False).attributes
        shown = run.shown[entry["persona_id"]]["profile"]  # type: ignore[index]
        pats = []
        for col, said in SAID.items():
            if col in gone and built.get(col) is not None and str(built[col]) not in map(str, shown.values()):
                pats += said(built[col])
        out[entry["persona_id"]] = pats
    return out


def test_library_chat_cannot_elicit_withheld_facts(run: GoalRun) -> None:
    withheld = _withheld(run)
    assert sum(map(len, withheld.values())) >= 10  # the check did withhold exact values
    unprotected_leaks = 0
    for pid, pats in withheld.items():
        for q in QUESTIONS:
            assert not leaks(reply(run.persona(pid), q).response, pats), (pid, q)
            assert not leaks(
                reply(run.to_dict()["personas"][pid.split("_")[1]][int(pid.split("_")[2])], q).response, pats
            )
            unprotected_leaks += bool(leaks(reply(run.persona(pid, protected=False), q).response, pats))
    assert unprotected_leaks >= 5  # the same questions to the persona as built do tell
