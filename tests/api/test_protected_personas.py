"""A privacy-checked run through the REST API: served, chatted with and verified as protected (issue 21).

The service is given a user-supplied population (customer data), so every goal run is
privacy-checked. The store keeps the personas as built server-side (verify, edits) and
serves the protected ones: no response of the API (the run, its personas, one persona,
the chat, the focus group, verify) tells a withheld value, recomputed here from the run
as built; the same chat questions to the persona as built do tell.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from support.withheld import QUESTIONS, SAID, leaks
from synthpersona.config import Settings
from synthpersona.population import generate
from synthpersona.store import to_jsonable
from synthpersona.usecases.chat import reply
from synthpersona.usecases.goals import GoalRun, run_goal
from synthpersona.usecases.service import BUILT_PERSONAS_KIND, PERSONA_VALUES_KIND, new_run_id, normalise_run
from synthpersona.views import seed000

GOAL = "Gen Z moms in tier-2 cities"


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    return generate(6_000, random_state=4)


@pytest.fixture(scope="module")
def library_run(people: pd.DataFrame) -> GoalRun:
    return run_goal(GOAL, k_max=4, population=people)


@pytest.fixture
def client(tmp_path: Path, people: pd.DataFrame) -> Iterator[TestClient]:
    from synthpersona.api import create_app

    app = create_app(
        Settings(home=tmp_path, population_size=6_000),
        goal_runner=functools.partial(run_goal, population=people),
    )
    with TestClient(app) as c:
        yield c


def _withheld(run: GoalRun) -> dict[str, list[str]]:
    """Per persona: patterns of the exact values its anchor has and the protected persona does not show."""
    out: dict[str, list[str]] = {}
    people = run.audience.set_index("user_id")
    for plist in run.personas.values():
        for p in plist:
            assert p.anchor is not None
            anchor = people.loc[p.anchor.member_id]
            shown = run.to_dict()["personas"][str(p.segment_id)][int(p.persona_id.split("_")[2])]["profile"]
            out[p.persona_id] = [
                pat
                for col, said in SAID.items()
                if col in anchor.index and str(anchor[col]) not in map(str, shown.values())
                for pat in said(anchor[col])
            ]
    return out


def test_the_api_serves_and_chats_with_the_protected_personas(
    client: TestClient, library_run: GoalRun
) -> None:
    withheld = _withheld(library_run)
    assert sum(map(len, withheld.values())) >= 10  # the check did withhold exact values
    gen = client.post("/clusters/generate", json={"goal": GOAL, "k_max": 4})
    assert gen.status_code == 200, gen.text
    run_id = gen.json()["run_id"]
    run = client.get(f"/runs/{run_id}").json()
    assert run["privacy"]["k"] == 5 and run["privacy"]["ok"]
    served = {p["persona_id"]: p for ps in run["personas"].values() for p in ps}
    assert set(served) == set(withheld)
    run_text = json.dumps(run, ensure_ascii=False)
    assert "anchor_user_id" not in run_text and '"user_id":' not in run_text
    unprotected_leaks = 0
    for pid, pats in withheld.items():
        cid = served[pid]["cluster_id"]
        one = client.get(f"/personas/{pid}", params={"run_id": run_id}).json()
        by_cluster = client.post(f"/personas/{cid}", json={"run_id": run_id}).json()["personas"]
        for persona in (served[pid], one, next(p for p in by_cluster if p["persona_id"] == pid)):
            text = json.dumps({k: v for k, v in persona.items() if k != "evidence"}, ensure_ascii=False)
            assert not leaks(text, pats), (pid, leaks(text, pats))
            assert "anchor_user_id" not in persona["profile"]
        for q in QUESTIONS:
            r = client.post(f"/personas/{pid}/chat", json={"message": q, "run_id": run_id})
            assert r.status_code == 200, r.text
            assert not leaks(r.json()["response"], pats), (pid, q, r.json()["response"])
            as_built = reply(library_run.persona(pid, protected=False), q).response
            unprotected_leaks += bool(leaks(as_built, pats))
    assert unprotected_leaks >= 5  # the same questions to the persona as built do tell
    focus = client.post(
        f"/runs/{run_id}/focus-group", json={"question": "How old are you and where do you live?"}
    )
    assert focus.status_code == 200, focus.text
    for answer in focus.json()["answers"]:
        assert not leaks(answer["response"], withheld[answer["persona_id"]]), answer


def test_verify_checks_the_personas_as_built_and_the_protected_ones(client: TestClient) -> None:
    run_id = client.post("/clusters/generate", json={"goal": GOAL, "k_max": 4}).json()["run_id"]
    store = client.app.state.store  # type: ignore[attr-defined]
    built = store.get_document(BUILT_PERSONAS_KIND, run_id)["personas"]
    assert all("anchor_user_id" in p["profile"] for ps in built.values() for p in ps)  # kept server-side
    verdict = client.get(f"/runs/{run_id}/verify").json()
    assert verdict["ok"], verdict["mismatches"]
    # a stored protected persona made to state its anchor's exact age again: fewer than k share it
    runs = client.app.state.runs  # type: ignore[attr-defined]
    stored = runs.get_run(run_id).to_dict()
    aged = next(
        e for e in stored["privacy"]["personas"] if any(g.startswith("age:") for g in e["generalised"])
    )
    pid, cid = aged["persona_id"], aged["segment_id"]
    persona = next(p for p in stored["personas"][cid] if p["persona_id"] == pid)
    exact = next(p for p in built[str(cid)] if p["persona_id"] == pid)["profile"]["age"]
    persona["profile"]["age"] = exact
    from synthpersona.usecases.verify import verify_stored

    found = verify_stored(stored, runs.runner, built={int(k): v for k, v in built.items()})
    assert [m.where for m in found] == [f"{pid} privacy"]
    assert str(exact) not in json.dumps([m.__dict__ for m in found])  # the verdict names no withheld value
    client.delete(f"/runs/{run_id}")
    assert not store.has_document(BUILT_PERSONAS_KIND, run_id)  # deleted with the run


def _store_the_old_way(store: Any, run: GoalRun) -> str:
    """A privacy-checked run as a service stored it before 6c5aad7: rows and persona values as built."""
    data = normalise_run(run.to_dict(protected=False))
    data["source_run_id"], data["run_id"] = data["run_id"], new_run_id()
    store.save_run(data)
    values = {p.persona_id: seed000.persona_values(p) for ps in run.personas.values() for p in ps}
    store.put_document(PERSONA_VALUES_KIND, data["run_id"], values)
    return str(data["run_id"])


@pytest.mark.parametrize("first", ["persona", "chat", "run"])
def test_a_run_stored_with_its_personas_as_built_is_protected_when_first_read(
    client: TestClient, library_run: GoalRun, first: str
) -> None:
    withheld = _withheld(library_run)
    store = client.app.state.store  # type: ignore[attr-defined]
    run_id = _store_the_old_way(store, library_run)
    old = store.get_run(run_id)
    assert "anchor_user_id" in json.dumps(old)  # the old rows do tell
    pid = next(iter(withheld))
    # whichever endpoint reads the run first (the persona and chat endpoints read the rows directly)
    if first == "persona":
        r = client.get(f"/personas/{pid}", params={"run_id": run_id})
    elif first == "chat":
        r = client.post(f"/personas/{pid}/chat", json={"message": "How old are you?", "run_id": run_id})
    else:
        r = client.get(f"/runs/{run_id}")
    assert r.status_code == 200, r.text
    # ids and times are random: a timestamp's seconds "…:26" would match an age of 26
    volatile = ("run_id", "source_run_id", "created_at", "conversation_id")
    answer = {k: v for k, v in r.json().items() if k not in volatile}
    if isinstance(answer.get("meta"), dict):  # step timings vary too: "segment_ms": 26.0 would match 26
        answer["meta"] = {k: v for k, v in answer["meta"].items() if k != "timings_ms"}
    assert not leaks(json.dumps(answer, ensure_ascii=False), withheld[pid])
    run = client.get(f"/runs/{run_id}").json()
    assert run["privacy"]["k"] == 5 and run["source_run_id"] == old["source_run_id"]
    assert "anchor_user_id" not in json.dumps(run) and '"user_id":' not in json.dumps(run)
    for p in (p for ps in run["personas"].values() for p in ps):
        one = client.get(f"/personas/{p['persona_id']}", params={"run_id": run_id}).json()
        cluster = client.post(f"/personas/{p['cluster_id']}", json={"run_id": run_id}).json()["personas"]
        for persona in (p, one, next(c for c in cluster if c["persona_id"] == p["persona_id"])):
            text = json.dumps({k: v for k, v in persona.items() if k != "evidence"}, ensure_ascii=False)
            assert not leaks(text, withheld[p["persona_id"]]), (p["persona_id"], leaks(text, withheld[pid]))
    for q in QUESTIONS[:6]:
        answer = client.post(f"/personas/{pid}/chat", json={"message": q, "run_id": run_id}).json()
        assert not leaks(answer["response"], withheld[pid]), (q, answer["response"])
    focus = client.post(f"/runs/{run_id}/focus-group", json={"question": "How old are you?"}).json()
    for answer in focus["answers"]:
        assert not leaks(answer["response"], withheld[answer["persona_id"]]), answer
    # stored protected once, as a new run is: the as-built personas apart, the values protected
    built = store.get_document(BUILT_PERSONAS_KIND, run_id)["personas"]
    assert all("anchor_user_id" in p["profile"] for ps in built.values() for p in ps)
    pids = [p.persona_id for ps in library_run.personas.values() for p in ps]
    values = store.get_document(PERSONA_VALUES_KIND, run_id)  # what the chat knows: the protected persona's
    assert values == to_jsonable({i: seed000.persona_values(library_run.persona(i)) for i in pids})
    assert values != to_jsonable(
        {i: seed000.persona_values(library_run.persona(i, protected=False)) for i in pids}
    )
    assert client.get(f"/runs/{run_id}/verify").json()["ok"]
