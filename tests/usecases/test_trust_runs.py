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


def _members(store: Store, run_id: str) -> pd.DataFrame:
    doc = store.get_document(RUN_MEMBERS_KIND, run_id)
    return pd.DataFrame({"user_id": doc["user_id"], "cluster_id": doc["cluster_id"]})


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
        members = _members(store, r["run_id"])
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
    # traits are compared from the statistics kept with each run: recomputed from the members here
    members = [_members(store, r["run_id"]) for r in runs]
    for m in d.matches:
        by_feature = {t.feature: t for t in m.traits}
        for mem, pop, seg in ((members[0], people, m.old_id), (members[1], refreshed, m.new_id)):
            ids = mem.loc[mem["cluster_id"] == seg, "user_id"]
            rows = pop[pop["user_id"].isin(ids)]
            t = by_feature["monthly_income_inr"]
            assert (t.old if pop is people else t.new) == pytest.approx(rows["monthly_income_inr"].mean())
            share = (rows["gender"] == "Female").mean()
            assert (
                by_feature["gender=Female"].old if pop is people else by_feature["gender=Female"].new
            ) == (pytest.approx(share))
        assert not any(t.significant for t in m.traits)  # the same people, 1,000 fewer: nothing moved


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


def test_trait_words_and_traits_beyond_noise_between_stored_runs() -> None:
    """Planted: segment 1's members are 6 years older and lose a trait word; segment 2 is unchanged."""
    import numpy as np

    from synthpersona.trust import segment_stats

    rng = np.random.default_rng(0)
    store = Store("sqlite://")
    frames = []
    for rid, shift, words in (("r1", 0.0, ["Young", "Gamer"]), ("r2", 6.0, ["Gamer", "Saver"])):
        labels = np.repeat([1, 2], 300)
        frame = pd.DataFrame(
            {
                "age": np.where(labels == 1, 25 + shift, 40) + rng.normal(0, 4, 600),
                "gender": rng.choice(["Female", "Male"], 600),
            }
        )
        frames.append((frame, labels))
        clusters = [
            {"cluster_id": 1, "cluster_label": " • ".join(words), "top_traits": []},
            {"cluster_id": 2, "cluster_label": "Steady", "top_traits": ["Steady"]},
        ]
        personas = {c["cluster_id"]: [{"persona_id": f"dyn_{c['cluster_id']}_0"}] for c in clusters}
        store.save_run({"run_id": rid, "goal": "g", "clusters": clusters, "personas": personas, "meta": {}})
        traits = {str(c): segment_stats(frame[labels == c], ["age"]) for c in (1, 2)}
        doc = {"run_id": rid, "user_id": list(range(600)), "cluster_id": labels.tolist(), "traits": traits}
        store.put_document(RUN_MEMBERS_KIND, rid, doc)
    (d,) = diff_stored_runs(store, ["r1", "r2"])
    by = {m.old_id: m for m in d.matches}
    assert by[1].words_gained == ("Saver",) and by[1].words_lost == ("Young",)
    assert by[2].words_gained == () == by[2].words_lost
    age = {m.old_id: next(t for t in m.traits if t.feature == "age") for m in d.matches}
    (old, old_labels), (new, new_labels) = frames
    assert age[1].old == pytest.approx(old["age"][old_labels == 1].mean())
    assert age[1].new == pytest.approx(new["age"][new_labels == 1].mean())
    assert age[1].significant and age[1].effect > 1
    assert not any(t.significant for t in by[2].traits)  # unchanged: no trait beyond noise
    summary = d.summary()["matches"]
    assert {m["old_id"]: m["words_lost"] for m in summary}[1] == ["Young"]


def test_runs_stored_without_trait_statistics_say_so() -> None:
    store = Store("sqlite://")
    clusters = [{"cluster_id": 1, "cluster_label": "A"}]
    for rid in ("r1", "r2"):
        personas = {1: [{"persona_id": "dyn_1_0"}]}
        store.save_run({"run_id": rid, "goal": "g", "clusters": clusters, "personas": personas, "meta": {}})
        store.put_document(
            RUN_MEMBERS_KIND, rid, {"run_id": rid, "user_id": [1, 2, 3], "cluster_id": [1, 1, 1]}
        )
    (d,) = diff_stored_runs(store, ["r1", "r2"])
    assert d.matches[0].traits == ()
    assert any("Traits are not compared" in n for n in d.notes)
