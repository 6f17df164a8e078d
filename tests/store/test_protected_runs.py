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

from synthpersona.errors import ConflictError
from synthpersona.population import generate
from synthpersona.store import to_jsonable
from synthpersona.usecases import service
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
    PRIVACY_STATE_KIND,
    RunService,
    built_personas,
    new_run_id,
    normalise_run,
)
from synthpersona.views import seed000

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


def _stored_the_old_way(store: Any, people: pd.DataFrame) -> tuple[str, Any]:
    """A privacy-checked run as a service stored it before 6c5aad7: rows and persona values as built."""
    run = run_goal(GOAL, k_max=4, population=people)
    data = normalise_run(run.to_dict(protected=False))
    data["source_run_id"], data["run_id"] = data["run_id"], new_run_id()
    store.save_run(data)
    values = {p.persona_id: seed000.persona_values(p) for ps in run.personas.values() for p in ps}
    store.put_document(PERSONA_VALUES_KIND, data["run_id"], values)
    return str(data["run_id"]), run


def _anchored(rows: Any) -> bool:
    return "anchor_user_id" in json.dumps(rows)


def test_a_run_stored_with_its_personas_as_built_is_protected_once_and_a_cut_repair_is_redone(
    make_store: Callable[[], Any], people: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = functools.partial(run_goal, population=people)
    store = make_store()
    run_id, run = _stored_the_old_way(store, people)
    assert _anchored(store.get_run(run_id))
    # the repair is cut short after the rows were rewritten (a crash before the last write)
    with monkeypatch.context() as m:
        m.setattr(service, "_save_built_personas", lambda *a: (_ for _ in ()).throw(OSError("killed")))
        with pytest.raises(OSError):
            RunService(make_store(), runner=runner).get_run(run_id)
    assert not _anchored(store.get_run(run_id)) and built_personas(store, run_id) is None
    # the next reader (after a restart) finishes it: protected rows and values, as built apart
    assert RunService(make_store(), runner=runner).protect_stored(run_id)
    rows = store.get_run(run_id)
    assert not _anchored(rows) and rows["privacy"]["k"] == 5
    assert rows["personas"] == normalise_run(run)["personas"]  # as a new run is stored
    assert not _anchored(store.list_personas(run_id))
    pids = [p.persona_id for ps in run.personas.values() for p in ps]
    assert store.get_document(PERSONA_VALUES_KIND, run_id) == to_jsonable(
        {i: seed000.persona_values(run.persona(i)) for i in pids}
    )
    built = built_personas(store, run_id)
    assert built is not None and _anchored(built)

    # done once: later readers neither recompute nor rewrite
    def no_recompute(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("recomputed a run already protected")

    later = RunService(make_store(), runner=no_recompute)
    assert not later.protect_stored(run_id) and later.get_run(run_id).personas == rows["personas"]


def test_runs_not_checked_are_read_as_stored_and_a_changed_population_is_refused(
    make_store: Callable[[], Any], people: pd.DataFrame
) -> None:
    store = make_store()
    synthetic = functools.partial(run_goal, population=people, k_anonymity=None)
    calls: list[str] = []

    def counted(goal: str, **kwargs: Any) -> Any:
        calls.append(goal)
        return synthetic(goal, **kwargs)

    run, _ = RunService(store, runner=counted).generate(GOAL, k_max=4)  # as built on purpose
    assert _anchored(run.personas) and store.has_document(PRIVACY_STATE_KIND, run.run_id)
    assert RunService(make_store(), runner=counted).get_run(run.run_id).personas == run.personas
    assert len(calls) == 1  # read after a restart without segmenting again
    # an old as-built run whose population changed since cannot be protected: it is not served
    run_id, _ = _stored_the_old_way(store, people)
    other = functools.partial(run_goal, population=people.iloc[:5_000])
    with pytest.raises(ConflictError, match="Delete it and generate it again"):
        RunService(make_store(), runner=other).get_run(run_id)
    assert _anchored(store.get_run(run_id))  # left as it was, for the user to delete
