"""Versions of stored goal runs: the same goal on refreshed data, diffed by members, ids kept."""

from __future__ import annotations

import functools

import pandas as pd
import pytest

from synthpersona.config import Settings
from synthpersona.errors import InputError
from synthpersona.population import generate
from synthpersona.store import Store
from synthpersona.usecases.goals import run_goal
from synthpersona.usecases.service import RunService
from synthpersona.usecases.trust import diff_stored_runs, goal_run_versions, stored_run_history
from synthpersona.usecases.trust_runs import RUN_MEMBERS_KIND

GOAL = "college students interested in headphones"


def test_a_goal_run_again_on_refreshed_data_is_a_version_with_stable_ids(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = Store("sqlite://")
    people = generate(6_000, random_state=4)
    refreshed = people.iloc[:5_000]  # the refresh lost 1,000 people
    runs = []
    for n, population in ((6_000, people), (5_000, refreshed)):
        service = RunService(
            store,
            runner=functools.partial(run_goal, population=population),
            settings=Settings(home=tmp_path, population_size=n),  # another population: another request key
        )
        runs.append(service.generate(GOAL, k_max=4)[0].to_dict())
        service.shutdown()
    versions = goal_run_versions(store, GOAL.upper())
    assert [v["run_id"] for v in versions] == [r["run_id"] for r in runs]
    (d,) = diff_stored_runs(store, [r["run_id"] for r in runs])
    # shares recomputed from the kept members
    for r, share_of in ((runs[0], "share_old"), (runs[1], "share_new")):
        members = pd.DataFrame(store.get_document(RUN_MEMBERS_KIND, r["run_id"]))
        assert len(members) == r["meta"]["subset_n"]
        key = "old_id" if share_of == "share_old" else "new_id"
        for m in d.summary()["matches"]:
            assert m[share_of] == pytest.approx((members["cluster_id"] == m[key]).mean())
    # a persisting segment keeps its personas' ids
    assert d.matches and not d.new_segments
    old_personas = {str(c): [p["persona_id"] for p in ps] for c, ps in runs[0]["personas"].items()}
    for m in d.matches:
        for p in runs[1]["personas"][m.new_id]:
            assert d.persona_ids[p["persona_id"]] in old_personas[str(m.old_id)]


def test_diffs_need_two_runs_with_members() -> None:
    store = Store("sqlite://")
    with pytest.raises(InputError, match="two or more run ids"):
        diff_stored_runs(store, ["a"])
    for rid in ("r1", "r2"):
        store.save_run({"run_id": rid, "goal": "g", "clusters": [], "personas": {}, "meta": {}})
    with pytest.raises(InputError, match="has no stored members"):
        diff_stored_runs(store, ["r1", "r2"])


def test_history_rows_follow_each_persona_by_its_stable_id() -> None:
    store = Store("sqlite://")
    clusters = [{"cluster_id": 1, "cluster_label": "A"}, {"cluster_id": 2, "cluster_label": "B"}]
    for rid, labels in (("r1", [1] * 60 + [2] * 40), ("r2", [2] * 60 + [1] * 40)):  # ids swapped
        personas = {c["cluster_id"]: [{"persona_id": f"dyn_{c['cluster_id']}_0"}] for c in clusters}
        store.save_run({"run_id": rid, "goal": "g", "clusters": clusters, "personas": personas, "meta": {}})
        store.put_document(
            RUN_MEMBERS_KIND, rid, {"run_id": rid, "user_id": list(range(100)), "cluster_id": labels}
        )
    _, rows = stored_run_history(store, ["r1", "r2"])
    by = {(r["persona_id"], r["version"]): (r["segment_id"], r["share"]) for r in rows}
    # the same people, renumbered: persona dyn_1_0 is segment 2 of the second run, same share
    assert by[("dyn_1_0", 0)] == (1, 0.6) and by[("dyn_1_0", 1)] == (2, 0.6)
    assert by[("dyn_2_0", 1)] == (1, 0.4) and len(rows) == 4
