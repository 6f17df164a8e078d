"""Clickstream personas: nothing a behavioural persona states rests on fewer than k real users."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from synthpersona.simulation import profile_behavioural_personas
from synthpersona.trust import protect_behaviour_personas
from synthpersona.views.seed002 import persona_record

OUTLIER = "visitor-zz-9001"


def _session(rows: list[dict], user: str, sid: str, path: list[str], t0: pd.Timestamp, **attrs: str) -> None:
    for j, ev in enumerate(path):
        rows.append(
            {
                "user_id": user,
                "session_id": sid,
                "event": ev,
                "timestamp": t0 + pd.Timedelta(seconds=20 * j),
                **attrs,
            }
        )


def _crafted_log(seed: int = 0) -> pd.DataFrame:
    """Two segments of 40 users with mixed, common attributes; one unique user inside segment 0.

    The outlier is the only user from Liechtenstein on a Blackberry via a one-off campaign, and
    takes 30 sessions of a path (with an event) nobody else takes: unprotected, its values have
    the highest lift of segment 0 and its path is the segment's most common one.
    """
    rng = np.random.default_rng(seed)
    rows: list[dict] = []
    t0 = pd.Timestamp("2026-01-01")
    paths = {
        0: [["landing", "search", "product_view", "checkout"], ["landing", "product_view", "pricing"]],
        1: [["landing", "signup_start", "checkout"], ["landing", "drop_off"]],
    }
    for cid in (0, 1):
        for i in range(40):
            user = f"visitor-{cid}-{i:03d}"
            attrs = {
                "platform": ["ios", "android"][i % 2],
                "country": ["IN", "US"][(i // 2) % 2],
                "campaign": ["spring", "summer"][int(rng.integers(2))],
            }
            _session(rows, user, f"{user}-s0", paths[cid][i % 2], t0 + pd.Timedelta(hours=i), **attrs)
            rows[-1]["cluster_id"] = cid
    attrs = {"platform": "blackberry", "country": "Liechtenstein", "campaign": "vaduz-vip-launch"}
    for s in range(30):
        _session(
            rows,
            OUTLIER,
            f"{OUTLIER}-s{s}",
            ["landing", "gift_wrap", "gift_wrap", "checkout"],
            t0 + pd.Timedelta(days=3, hours=s),
            **attrs,
        )
    log = pd.DataFrame(rows)
    log["cluster_id"] = log.groupby("user_id")["cluster_id"].transform("max").fillna(0).astype(int)
    return log.sort_values(["user_id", "session_id", "timestamp"], kind="stable").reset_index(drop=True)


def _text(segments, personas) -> str:  # what a persona shows: its record (API, reports, UI)
    return json.dumps([persona_record(s, p) for s, p in zip(segments, personas, strict=True)], default=str)


def test_outlier_is_exposed_without_the_check_and_hidden_with_it() -> None:
    log = _crafted_log()
    segments, personas = profile_behavioural_personas(log, completion_events=["checkout"])
    shown = _text(segments, personas)
    assert "Liechtenstein" in shown or "blackberry" in shown  # the check has something to do
    assert "gift_wrap > gift_wrap" in shown

    segs, ps, report = protect_behaviour_personas(log, segments, personas, k=5)
    protected = _text(segs, ps)
    for secret in ("Liechtenstein", "blackberry", "vaduz", "gift_wrap", OUTLIER):
        assert secret not in protected
    assert not re.search(r"visitor-\d", protected)  # no user id at all
    assert report.ok and not report.leaks
    assert {c.action for c in report.small_cells} >= {"path replaced", "event withdrawn"}
    assert any(c.value in ("Liechtenstein", "blackberry", "vaduz-vip-launch") for c in report.small_cells)


@pytest.mark.parametrize("k", [5, 12])
def test_every_stated_combination_is_recounted_in_the_source_log(k: int) -> None:
    log = _crafted_log(seed=k)
    segs, _ps, report = protect_behaviour_personas(
        log, *profile_behavioural_personas(log, completion_events=["checkout"]), k=k
    )
    users = log.drop_duplicates("user_id").set_index("user_id")
    sessions = log.groupby(["user_id", "session_id"], sort=False)["event"].agg(" > ".join).reset_index()
    for seg in segs:
        members = users[users["cluster_id"] == seg.segment_id]
        facts = seg.facts
        traits = [t for t in facts.traits if t.get("share") is not None]
        for t in traits:  # each trait value is held by >= k of the segment's users
            assert (members[t["attribute"]].astype(str) == t["value"]).sum() >= k
        combo = np.ones(len(users), dtype=bool)  # the combination matches >= k users of the whole log
        for t in traits:
            combo &= (users[t["attribute"]].astype(str) == t["value"]).to_numpy()
        assert combo.sum() >= k
        seg_sessions = sessions[sessions["user_id"].isin(members.index)]
        for path, _share in facts.typical_paths:  # each path is taken by >= k users of the segment
            assert seg_sessions.loc[seg_sessions["event"] == path, "user_id"].nunique() >= k
        seg_rows = log[log["user_id"].isin(members.index)]
        named = [e for e, _ in facts.distinctive_events] + [
            e for e in (facts.exit_event, facts.dropoff_step) if e
        ]
        for ev in named:  # each event named is done by >= k users of the segment
            assert seg_rows.loc[seg_rows["event"] == ev, "user_id"].nunique() >= k
    assert all(c.matches >= k for c in report.combinations)


def test_a_segment_smaller_than_k_is_withheld() -> None:
    log = _crafted_log()
    log.loc[log["user_id"] == OUTLIER, "cluster_id"] = 2  # the outlier alone in its own segment
    segs, ps, report = protect_behaviour_personas(
        log, *profile_behavioural_personas(log, completion_events=["checkout"]), k=5
    )
    alone = next(s for s in segs if s.segment_id == 2)
    assert alone.facts.traits == [] and alone.facts.typical_paths == []
    assert next(p for p in ps if p.segment_id == 2).name == "Behaviour group 3"
    assert any(c.action == "persona withheld" for c in report.small_cells)
    assert "Liechtenstein" not in _text(segs, ps)
