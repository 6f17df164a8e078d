"""Versions and representation of clickstream personas (issue 21): recomputed from the logs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synthpersona.simulation import make_sample_events
from synthpersona.usecases.trust import diff_event_logs, representation_events

OLD_SHARES = {"bouncer": 0.27, "comparer": 0.23, "decisive": 0.27, "researcher": 0.23}


def _log(shares: dict[str, float], n: int, seed: int) -> pd.DataFrame:
    """``n`` users of the sample generator's planted groups in the given shares (``_group`` kept)."""
    pool = make_sample_events(n_users=3 * n, random_state=seed, with_group=True)
    first = pool.drop_duplicates("user_id").set_index("user_id")["_group"]
    rng = np.random.default_rng(seed)
    keep = []
    for group, share in shares.items():
        users = first.index[first == group].to_numpy()
        keep.extend(rng.choice(users, size=round(share * n), replace=False).tolist())
    return pool[pool["user_id"].isin(set(keep))].reset_index(drop=True)


def _newcomers(n: int, seed: int) -> pd.DataFrame:
    """Users who do what nobody in the old log did: open the app, fill a wishlist, share it."""
    rng = np.random.default_rng(seed)
    rows = []
    t0 = pd.Timestamp("2026-11-01")
    for u in range(n):
        device, channel = rng.choice(["mobile", "desktop"]), rng.choice(["ads", "organic"])
        for s in range(int(rng.integers(1, 4))):
            start = t0 + pd.Timedelta(days=int(rng.integers(0, 50)), hours=s)
            path = ["app_open", *["wishlist_add"] * int(rng.integers(1, 4)), "wishlist_share"]
            for i, e in enumerate(path):
                rows.append(
                    (f"new{u}", f"new{u}-{s}", e, start + pd.Timedelta(seconds=40 * i), device, channel)
                )
    out = pd.DataFrame(rows, columns=["user_id", "session_id", "event", "timestamp", "device", "channel"])
    return out.assign(_group="newcomer")


def _majority(log: pd.DataFrame, labels: pd.Series) -> dict[int, str]:
    users = log.drop_duplicates("user_id").set_index("user_id")["_group"]
    both = pd.DataFrame({"group": users, "cluster": labels.reindex(users.index)})
    return {int(c): str(g.mode().iloc[0]) for c, g in both.groupby("cluster")["group"]}


def _labels(log: pd.DataFrame) -> pd.Series:
    from synthpersona.usecases.trust_events import _found

    found = _found(log, k=None, random_state=0, k_anonymity=5)
    return found.events.drop_duplicates("user_id").set_index("user_id")["cluster_id"]


def test_planted_refresh_growth_and_new_segment_detected_ids_stable() -> None:
    old = _log(OLD_SHARES, 400, seed=0)
    grown = {"bouncer": 0.37, "comparer": 0.19, "decisive": 0.23, "researcher": 0.21}  # bouncers +10 points
    new = pd.concat([_log(grown, 350, seed=1), _newcomers(50, seed=2)], ignore_index=True)
    d = diff_event_logs(old.drop(columns="_group"), new.drop(columns="_group"), names=("oct", "nov"))
    # recount: which planted group is each run's segment
    old_group, new_group = _majority(old, _labels(old)), _majority(new, _labels(new))
    assert len(d.new_segments) == 1
    assert new_group[d.new_segments[0].segment_id] == "newcomer"
    assert not d.vanished_segments
    assert len(d.matches) == 4
    for m in d.matches:  # every old segment continues as the new segment of the same group
        assert old_group[m.old_id] == new_group[m.new_id]
        assert d.persona_ids[f"behaviour-{m.new_id}"] == f"behaviour-{m.old_id}"
    grew = max(d.matches, key=lambda m: m.share_change)
    assert old_group[grew.old_id] == "bouncer"
    # the new log's bouncers are 0.37 * 350 / 400 of its users: +5 points net of the newcomers
    assert grew in d.changed_shares or grew.share_change > 0.03
    assert d.persona_ids[f"behaviour-{d.new_segments[0].segment_id}"] not in {
        f"behaviour-{m.old_id}" for m in d.matches
    }
    mix = {c.column: c for c in d.columns}["event"]
    assert mix.level != "stable" and mix.p_value < 0.01  # new events are drift


def test_same_generator_is_stable() -> None:
    d = diff_event_logs(
        _log(OLD_SHARES, 500, 0).drop(columns="_group"), _log(OLD_SHARES, 500, 3).drop(columns="_group")
    )
    assert not d.new_segments and not d.vanished_segments
    assert not d.changed_shares
    # every persona persists: the new run's ids map one to one onto the old run's
    assert sorted(d.persona_ids.values()) == sorted(d.persona_ids)
    assert not d.drifted_columns, [c.column for c in d.drifted_columns]


def test_representation_recounted_from_the_log() -> None:
    rep = representation_events(k=4)
    from synthpersona.usecases.trust_events import _found

    found = _found(None, k=4, random_state=0, k_anonymity=5)
    users = found.events.drop_duplicates("user_id").set_index("user_id")
    sessions = found.events.groupby("user_id")["session_id"].nunique()
    assert rep.dimensions == ["device", "channel", "activity"]
    by = {(g.dimension, g.group): g for g in rep.groups}
    for (dim, group), g in by.items():
        col = users[dim].astype(str) if dim != "activity" else None
        if col is None:
            n_s = sessions.reindex(users.index)
            bands = np.where(n_s <= 1, "1 session", np.where(n_s <= 3, "2-3 sessions", "4+ sessions"))
            col = pd.Series(bands, index=users.index)
        assert g.reference_share == pytest.approx(float((col == group).mean()))
        for sid, share in g.segment_shares:
            members = col[users["cluster_id"] == sid]
            assert share == pytest.approx(float((members == group).mean()))
    # a persona stating a trait fewer than 20 % of its segment hold over-claims; recount each
    stated = {(s.segment_id, t["attribute"]): str(t["value"]) for s in found.segments for t in s.facts.traits}
    for o in rep.over_claims:
        members = users[users["cluster_id"] == o.segment_id]
        if o.dimension != "activity":
            assert stated[(o.segment_id, o.dimension)] == o.group
            assert float((members[o.dimension].astype(str) == o.group).mean()) < 0.2
    flagged = {(o.segment_id, o.dimension) for o in rep.over_claims}
    for (sid, attr), value in stated.items():
        members = users[users["cluster_id"] == sid]
        if float((members[attr].astype(str) == value).mean()) < 0.2:
            assert (sid, attr) in flagged
