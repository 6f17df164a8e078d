"""A privacy-checked goal run in the store, on SQLite and PostgreSQL (issue 21).

The store's run and persona rows hold the protected personas (what every interface serves);
the personas as built stay server-side in a document (verify and edits need their anchors),
survive a restart and leave with the run. An edit of a protected persona is applied to the
persona as built, verified, and protected again: neither the saved version nor its verdict
tells a withheld value.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from synthpersona.population import generate
from synthpersona.usecases.goals import run_goal
from synthpersona.usecases.personas import (
    EDIT_BUILT_KIND,
    delete_persona_edit,
    edit_protected_persona,
    save_persona_edit,
)
from synthpersona.usecases.service import (
    BUILT_PERSONAS_KIND,
    PERSONA_VALUES_KIND,
    RunService,
    built_personas,
)

GOAL = "Gen Z moms in tier-2 cities"


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    return generate(6_000, random_state=4)


def _texts(persona: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in persona.items() if k != "evidence"}, ensure_ascii=False)


def test_the_store_serves_protected_personas_and_keeps_the_built_ones_apart(
    make_store: Callable[[], Any], people: pd.DataFrame
) -> None:
    runner = functools.partial(run_goal, population=people)
    store = make_store()
    run, _ = RunService(store, runner=runner).generate(GOAL, k_max=4)
    built = built_personas(store, run.run_id)
    assert built is not None and set(built) == set(run.personas)
    values = store.get_document(PERSONA_VALUES_KIND, run.run_id)
    for cid, plist in run.personas.items():
        for shown, as_built in zip(plist, built[cid], strict=True):
            profile, anchor = shown["profile"], as_built["profile"]
            assert "anchor_user_id" not in profile and "anchor_user_id" in anchor
            stored = store.get_persona(shown["persona_id"], run_id=run.run_id)
            assert "anchor_user_id" not in stored["profile"]
            # every exact fact the protection withheld is in no served copy (nor in what the chat reads)
            for key in ("age", "city", "monthly_income_inr", "household_income_inr", "main_festival"):
                if key in anchor and profile.get(key) != anchor[key]:
                    exact = f'"{key}": {json.dumps(anchor[key], ensure_ascii=False)}'
                    assert exact not in _texts(stored), exact
                    assert exact not in json.dumps(values[shown["persona_id"]], ensure_ascii=False), exact
    # after a restart: the same protected personas, the built ones still apart, verify still true
    again = RunService(make_store(), runner=runner)
    assert again.get_run(run.run_id).personas == run.personas
    assert again.verify(run.run_id) == []
    again.delete_run(run.run_id)
    assert built_personas(store, run.run_id) is None and not store.has_document(
        BUILT_PERSONAS_KIND, run.run_id
    )


def test_an_edit_of_a_protected_persona_is_verified_as_built_and_protected_again(
    make_store: Callable[[], Any], people: pd.DataFrame
) -> None:
    runner = functools.partial(run_goal, population=people)
    store = make_store()
    run, _ = RunService(store, runner=runner).generate(GOAL, k_max=4)
    stored = run.to_dict()
    built = built_personas(store, run.run_id)
    assert built is not None
    aged = next(
        e for e in stored["privacy"]["personas"] if any(g.startswith("age:") for g in e["generalised"])
    )
    pid, cid = aged["persona_id"], aged["segment_id"]
    exact = next(p for p in built[cid] if p["persona_id"] == pid)["profile"]["age"]
    # the anchor's own age, typed in: true, but shown again only as k members share it
    same = edit_protected_persona(
        stored, pid, {"age": exact, "title": "Careful Planner"}, built=built, runner=runner
    )
    assert same.built["profile"]["age"] == exact and same.persona["profile"].get("age") != exact
    assert same.persona["profile"]["title"] in ("Careful Planner", "Careful Shopper")
    assert f"{exact}-year-old" not in same.persona["chat_personality"]
    # another age: the verdict says nothing about the age (one edit at a time it would tell it)
    other = edit_protected_persona(stored, pid, {"age": exact + 20}, built=built, runner=runner)
    verdict = json.dumps([m.__dict__ for m in other.mismatches])
    assert str(exact) not in verdict and "profile.age" not in verdict
    record = save_persona_edit(store, stored, same.persona, same.mismatches, built=same.built)
    assert "anchor_user_id" not in json.dumps(record) and str(exact) not in json.dumps(record["changed"])
    assert store.get_document(EDIT_BUILT_KIND, record["edit_id"])["profile"]["age"] == exact
    delete_persona_edit(store, record["edit_id"])
    assert not store.has_document(EDIT_BUILT_KIND, record["edit_id"])
