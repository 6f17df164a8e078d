"""Versions and drift: a planted refresh (one segment +10 points, one new segment) is detected."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from synthpersona.trust import column_drift, planted_table, psi
from synthpersona.usecases.trust import diff_frames

# bankers 30 % -> 40 % of rows, and a new segment (clinicians, 10 %)
REFRESH = {"bankers": 0.40, "developers": 0.22, "shopkeepers": 0.18, "students": 0.10, "clinicians": 0.10}


@pytest.fixture(scope="module")
def refresh() -> tuple[pd.DataFrame, pd.DataFrame]:
    old = planted_table(2_500, random_state=10).drop(columns=["_segment"])
    new = planted_table(2_500, random_state=11, shares=REFRESH, extra_segment=True)
    return old, new


def test_planted_refresh_growth_and_new_segment_are_detected(
    refresh: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    old, new = refresh
    d = diff_frames(old, new.drop(columns=["_segment"]))
    assert [s.label for s in d.new_segments] and d.vanished_segments == []
    assert d.emerging == []  # named once: the new run gave the newcomers their own segment
    (appeared,) = d.new_segments
    # the planted newcomers: Healthcare, Central, Pro, 55+
    assert appeared.profile["Industry=Healthcare"] > 0.6 and appeared.profile["Region=Central"] > 0.6
    assert 0.07 < appeared.share < 0.14
    grown = max(d.matches, key=lambda m: m.share_change)
    assert "Banking" in grown.new_label and 0.07 < grown.share_change < 0.13
    assert grown in d.changed_shares


def test_persona_ids_stay_stable_where_segments_persist(refresh: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    old, new = refresh
    d = diff_frames(old, new.drop(columns=["_segment"]))
    persisted = {m.new_id: m.old_id for m in d.matches}
    assert len(persisted) == 4
    for m in d.matches:  # table persona ids are cluster-<segment id>
        assert d.persona_ids[f"cluster-{m.new_id}"] == f"cluster-{m.old_id}"
    (appeared,) = d.new_segments
    fresh = d.persona_ids[appeared.persona_ids[0]]
    assert fresh not in {f"cluster-{m.old_id}" for m in d.matches}


def test_an_unchanged_refresh_reports_no_new_segment_and_no_major_drift() -> None:
    old = planted_table(2_000, random_state=12).drop(columns=["_segment"])
    new = planted_table(2_000, random_state=13).drop(columns=["_segment"])
    d = diff_frames(old, new)
    assert d.new_segments == [] and d.vanished_segments == [] and len(d.matches) == 4
    assert d.emerging == []
    assert d.changed_shares == [] and all(c.level == "stable" for c in d.columns)
    assert all(v == k for k, v in d.persona_ids.items())


def test_a_new_segment_the_new_run_merges_is_still_named(refresh: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    # k fixed at 4 in both versions: the new run cannot give the newcomers a segment, as
    # the automatic k did not at 100,000 rows; the diff must still find and name them
    old, new = refresh
    d = diff_frames(old, new.drop(columns=["_segment"]), k=4)
    assert d.new_segments == [] and len(d.matches) == 4
    (group,) = d.emerging
    named = {c: v for c, v, _, _ in group.values}
    assert named["Industry"] == "Healthcare" and named["Region"] == "Central" and named["Age_range"] == "55+"
    assert "Healthcare" in group.label and 0.05 < group.excess < 0.14
    # recomputed from the data: the named combination is new in the new version
    combo = {"Industry": "Healthcare", "Region": "Central", "Age_range": "55+"}
    in_old = np.logical_and.reduce([old[c] == v for c, v in combo.items()]).mean()
    in_new = np.logical_and.reduce([new[c] == v for c, v in combo.items()]).mean()
    assert in_new > 5 * in_old
    (newcomers,) = [m for m in d.matches if m.new_id == group.new_segment_id]
    assert group.share_of_segment > 0.15 and any("Healthcare" in line for line in d.notes)
    assert newcomers.old_id in {m.old_id for m in d.matches}  # persona ids of the others unchanged
    assert all(d.persona_ids[f"cluster-{m.new_id}"] == f"cluster-{m.old_id}" for m in d.matches)


def test_no_emerging_group_without_newcomers() -> None:
    from synthpersona.trust import emerging_groups

    old = planted_table(3_000, random_state=20).drop(columns=["_segment", "Lead ID", "Signup Date"])
    grown = planted_table(3_000, random_state=21, shares={"bankers": 0.45, "students": 0.05})
    assert emerging_groups(old, grown.drop(columns=["_segment", "Lead ID", "Signup Date"])) == []


def test_psi_and_tests_flag_a_shifted_column_only() -> None:
    rng = np.random.default_rng(0)
    a = pd.DataFrame({"n": rng.normal(0, 1, 3000), "c": rng.choice(list("xyz"), 3000)})
    b = pd.DataFrame({"n": rng.normal(0, 1, 3000), "c": rng.choice(list("xyz"), 3000, p=[0.6, 0.2, 0.2])})
    drift = {d.column: d for d in column_drift(a, b, numeric=["n"])}
    assert drift["n"].level == "stable" and drift["n"].p_value > 0.01
    assert drift["c"].level != "stable" and drift["c"].p_value < 1e-6
    assert psi(a["c"], a["c"]) == 0.0


def _goal_run_folders(tmp_path: Path, populations: list[tuple[str, pd.DataFrame]]) -> list[Path]:
    from synthpersona.usecases.goals import run_goal
    from synthpersona.usecases.verify import write_members

    folders = []
    for name, population in populations:
        run = run_goal("college students interested in headphones", k_max=4, population=population)
        folder = tmp_path / name
        folder.mkdir()
        (folder / "run.json").write_text(json.dumps(run.to_dict(), default=str))
        write_members(run, folder)
        folders.append(folder)
    return folders


def test_goal_runs_diff_by_member_overlap(tmp_path: Path) -> None:
    from synthpersona.population import generate
    from synthpersona.usecases.trust import diff_runs

    people = generate(6_000, random_state=4)
    # the refresh lost 1,000 people
    folders = _goal_run_folders(tmp_path, [("v1", people), ("v2", people.iloc[:5_000])])
    d = diff_runs(*folders, populations=(people, people.iloc[:5_000]))
    assert d.new_segments == [] and d.vanished_segments == [] and d.matches
    assert all(m.overlap > 0.5 for m in d.matches)
    shares_new = {
        s["cluster_id"]: s["cluster_size_pct"]
        for s in json.loads((folders[1] / "run.json").read_text())["clusters"]
    }
    for m in d.matches:
        assert round(100 * m.share_new, 1) == pytest.approx(shares_new[m.new_id], abs=0.05)


def test_goal_runs_diff_names_the_traits_that_moved(tmp_path: Path) -> None:
    from synthpersona.population import generate
    from synthpersona.usecases.trust import diff_runs

    people = generate(6_000, random_state=4)
    refreshed = people.copy()
    refreshed["daily_screen_hours"] = refreshed["daily_screen_hours"] + 1.5  # everyone watches more
    # the same members, their data refreshed: only the screen hours moved
    folders = _goal_run_folders(tmp_path, [("v1", people), ("v2", people)])
    d = diff_runs(*folders, populations=(people, refreshed))
    members = {name: pd.read_parquet(folders[i] / "members.parquet") for i, name in enumerate(("v1", "v2"))}
    assert d.matches
    for m in d.matches:
        moved = {t.feature: t for t in m.traits if t.significant}
        assert list(moved) == ["daily_screen_hours"] and m.shifts[0][0] == "daily_screen_hours"
        # recomputed from the data: the segment's members' mean in each version
        ids_old = members["v1"].loc[members["v1"]["cluster_id"] == m.old_id, "user_id"]
        ids_new = members["v2"].loc[members["v2"]["cluster_id"] == m.new_id, "user_id"]
        t = moved["daily_screen_hours"]
        old_mean = people.set_index("user_id").loc[ids_old, "daily_screen_hours"].mean()
        new_mean = refreshed.set_index("user_id").loc[ids_new, "daily_screen_hours"].mean()
        assert t.old == pytest.approx(old_mean) and t.new == pytest.approx(new_mean)
        assert t.new - t.old > 1.0 and t.p_value < 0.01  # Holm-adjusted over the segment's traits
    # the same population on both sides: nothing moved beyond noise
    same = diff_runs(folders[0], folders[0], populations=(people, people))
    assert all(not t.significant for m in same.matches for t in m.traits) and same.matches[0].traits


def test_drift_tests_agree_with_scipy() -> None:
    from scipy.stats import chi2_contingency, ks_2samp

    rng = np.random.default_rng(5)
    a = pd.DataFrame({"n": rng.normal(0, 1, 3000), "c": rng.choice(list("xyz"), 3000)})
    b = pd.DataFrame({"n": rng.normal(0.08, 1, 2000), "c": rng.choice(list("xyz"), 2000, p=[0.4, 0.3, 0.3])})
    drift = {d.column: d for d in column_drift(a, b, numeric=["n"])}
    ks = ks_2samp(a["n"], b["n"], method="asymp")
    assert drift["n"].statistic == pytest.approx(ks.statistic) and drift["n"].p_value == pytest.approx(
        ks.pvalue, abs=0.01
    )
    table = pd.crosstab(np.r_[np.zeros(3000), np.ones(2000)], np.r_[a["c"], b["c"]]).to_numpy()
    stat, p = chi2_contingency(table)[:2]
    assert drift["c"].statistic == pytest.approx(stat) and drift["c"].p_value == pytest.approx(p)


def test_persona_history_follows_stable_ids_across_three_versions(tmp_path: Path) -> None:
    from synthpersona.usecases.trust import diff_tables, persona_history

    paths = []
    for seed in (40, 41, 42):
        path = tmp_path / f"v{seed}.csv"
        planted_table(1_200, random_state=seed).drop(columns=["_segment"]).to_csv(path, index=False)
        paths.append(path)
    drifts = diff_tables(paths, k=4)
    rows = persona_history(drifts)
    by_persona: dict[str, list[dict[str, object]]] = {}
    for r in rows:
        by_persona.setdefault(str(r["persona_id"]), []).append(r)
    assert len(by_persona) == 4 and all([r["version"] for r in v] == [0, 1, 2] for v in by_persona.values())
    # each version's shares are the diffs' own, and add up to the whole table
    for version in (0, 1, 2):
        assert sum(float(r["share"]) for r in rows if r["version"] == version) == pytest.approx(1.0)
    assert {r["version_name"] for r in rows} == {p.name for p in paths}
