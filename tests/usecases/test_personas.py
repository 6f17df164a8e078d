"""One stored goal persona: its card, and edits re-verified against the run's data."""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd
import pytest

from synthpersona.errors import InputError, NotFoundError
from synthpersona.population import generate
from synthpersona.usecases.goals import run_goal
from synthpersona.usecases.personas import edit_persona, find_persona, persona_card, verify_persona
from synthpersona.usecases.service import normalise_run


@pytest.fixture(scope="module")
def population() -> pd.DataFrame:
    return generate(20_000, random_state=1)


# A generated population is synthetic: its runs are shown as built (k_anonymity=None), so the
# edits here are checked against the anchor's own values (a privacy-checked run's edits:
# tests/trust/test_protected_edits.py).
@pytest.fixture(scope="module")
def stored(population: pd.DataFrame) -> dict[str, Any]:
    return normalise_run(
        run_goal("Gen Z moms in tier-2 cities", k_max=4, population=population, k_anonymity=None)
    )


def _runner(population: pd.DataFrame):  # type: ignore[no-untyped-def]
    return lambda goal, **request: run_goal(goal, population=population, k_anonymity=None, **request)


def test_edits_the_data_contradicts_are_flagged_and_true_ones_pass(
    stored: dict[str, Any], population: pd.DataFrame
) -> None:
    persona = find_persona(stored, "dyn_1_0")
    runner = _runner(population)
    assert verify_persona(stored, persona, runner=runner) == []  # as generated: true to the data
    anchor = population.set_index("user_id").loc[persona["profile"]["anchor_user_id"]]
    wrong_age = edit_persona(persona, {"age": int(anchor["age"]) + 20})
    found = verify_persona(stored, wrong_age, runner=runner)
    assert [(m.where, m.claim, m.expected) for m in found] == [
        ("dyn_1_0 profile.age", str(int(anchor["age"]) + 20), str(int(anchor["age"])))
    ]
    media = "TV" if anchor["primary_media"] != "TV" else "Radio"
    assert [
        m.where
        for m in verify_persona(stored, edit_persona(persona, {"media_preference": media}), runner=runner)
    ] == ["dyn_1_0 media_preference"]
    # an edit that agrees with the data: the anchor's own values
    same = edit_persona(persona, {"age": int(anchor["age"]), "city": str(anchor["city"])})
    assert verify_persona(stored, same, runner=runner) == []


def test_edit_persona_writes_every_place_a_field_shows(stored: dict[str, Any]) -> None:
    persona = find_persona(stored, "dyn_1_0")
    before = copy.deepcopy(persona)
    edited = edit_persona(
        persona,
        {
            "title": "Careful Planner",
            "care_about_top2": ["Affordability"],
            "barriers_top1": "Distrust of buying online",
        },
    )
    assert (
        edited["persona_name"].endswith(" — Careful Planner")
        and edited["profile"]["title"] == "Careful Planner"
    )
    assert edited["care_about_top2"] == edited["profile"]["care_about"] == ["Affordability"]
    assert edited["barriers_top1"] == edited["profile"]["barrier"] == "Distrust of buying online"
    assert persona == before  # the stored persona is untouched
    with pytest.raises(InputError, match=r"'nickname'.*editable: title"):
        edit_persona(persona, {"nickname": "Ash"})
    with pytest.raises(InputError, match="whole number"):
        edit_persona(persona, {"age": "old"})
    with pytest.raises(InputError, match="one or two"):
        edit_persona(persona, {"care_about_top2": ["a", "b", "c"]})
    with pytest.raises(NotFoundError, match="dyn_1_0"):
        find_persona(stored, "dyn_9_9")


def test_card_of_a_stored_persona(stored: dict[str, Any]) -> None:
    persona = find_persona(stored, "dyn_1_0")
    assert persona_card(persona, fmt="png")[:4] == b"\x89PNG"
    assert persona_card(persona, fmt="pdf", context=f"Goal: {stored['goal']}")[:4] == b"%PDF"


def test_edits_are_saved_as_versions_with_verify_result(
    stored: dict[str, Any], population: pd.DataFrame
) -> None:
    from synthpersona.store import Store
    from synthpersona.usecases.personas import (
        delete_persona_edit,
        get_persona_edit,
        list_persona_edits,
        save_persona_edit,
    )

    store = Store("sqlite://")
    persona = find_persona(stored, "dyn_1_0")
    runner = _runner(population)
    age = int(persona["profile"]["age"])
    wrong = edit_persona(persona, {"age": age + 20})
    first = save_persona_edit(store, stored, wrong, verify_persona(stored, wrong, runner=runner))
    assert first["version"] == 1 and not first["verified"]
    assert first["changed"] == {"age": {"from": age, "to": age + 20}}
    assert [m["where"] for m in first["mismatches"]] == ["dyn_1_0 profile.age"]
    assert str(age) in first["mismatches"][0]["expected"]  # the data's age, kept with the version
    honest = edit_persona(persona, {"title": persona["profile"]["title"]})
    second = save_persona_edit(store, stored, honest, verify_persona(stored, honest, runner=runner))
    assert second["version"] == 2 and second["verified"] and second["changed"] == {}
    # reopened exactly as saved, newest first, filtered by run and persona
    assert get_persona_edit(store, first["edit_id"])["persona"]["profile"]["age"] == age + 20
    assert [e["version"] for e in list_persona_edits(store, run_id=stored["run_id"])] == [2, 1]
    assert list_persona_edits(store, run_id="another") == []
    delete_persona_edit(store, first["edit_id"])
    with pytest.raises(NotFoundError, match="No saved persona version"):
        get_persona_edit(store, first["edit_id"])
    assert (
        save_persona_edit(store, stored, wrong, [])["version"] == 3
    )  # numbered after the newest kept version
