"""The week in behavioural personas: "comes mostly at weekends" / "comes on weekdays", true twice.

The profiler says a segment's week only when its share of sessions on Saturday or Sunday passes
both the level and the contrast with all users (``personas.rules.WEEKEND`` / ``WEEKDAY``);
``verify_behaviour`` recomputes the share from the log and flags words the log does not back.
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from synthpersona.personas import rules as words
from synthpersona.simulation import profile_behavioural_personas, verify_behaviour
from synthpersona.views import seed002

MONDAY = pd.Timestamp("2027-01-04")


def _log(
    days_of_cluster: dict[int, list[int]],
    users: int = 40,
    seed: int = 0,
    hours_of_cluster: dict[int, tuple[int, int]] | None = None,
) -> pd.DataFrame:
    """``users`` per cluster, 3 sessions each on the cluster's days of the week (Monday 0), starting
    in the cluster's hours (``[lo, hi)``; default 10-18h)."""
    rng = np.random.default_rng(seed)
    rows = []
    sid = 0
    for cid, days in days_of_cluster.items():
        for u in range(users):
            uid = 1000 * cid + u
            for week in range(3):
                sid += 1
                lo, hi = (hours_of_cluster or {}).get(cid, (10, 18))
                start = MONDAY + pd.Timedelta(
                    days=7 * week + int(rng.choice(days)), hours=int(rng.integers(lo, hi))
                )
                path = ["home", "product", "signup_complete" if rng.random() < 0.3 else "drop_off"]
                for i, ev in enumerate(path):
                    rows.append((uid, sid, ev, start + pd.Timedelta(seconds=30 * i), cid))
    return pd.DataFrame(rows, columns=["user_id", "session_id", "event", "timestamp", "cluster_id"])


def _records(log: pd.DataFrame) -> list[dict]:
    segments, personas = profile_behavioural_personas(
        log, completion_events=["signup_complete"], drop_events=["drop_off"]
    )
    return [seed002.persona_record(s, p) for s, p in zip(segments, personas, strict=True)]


def _verify(log: pd.DataFrame, records: list[dict]) -> list:
    return verify_behaviour(log, records, completion_events=["signup_complete"], drop_events=["drop_off"])


def test_weekend_and_weekday_segments_are_said_with_their_shares_and_verify_clean() -> None:
    log = _log({0: [5, 6], 1: [0, 1, 2, 3, 4], 2: [0, 2, 4, 5]})
    records = {r["cluster_id"]: r for r in _records(log)}
    # recomputed from the log by hand: sessions starting on Saturday or Sunday
    first = log.groupby("session_id").first()
    weekend = first["timestamp"].dt.dayofweek >= 5
    overall = float(weekend.mean())
    for cid in (0, 1, 2):
        assert records[cid]["weekend_share"] == float(weekend[first["cluster_id"] == cid].mean())
    assert records[0]["weekend_share"] == 1.0 and records[1]["weekend_share"] == 0.0
    assert words.WEEKEND.word in records[0]["description"]
    assert f"all users {overall:.0%}" in records[0]["description"]
    assert words.WEEKDAY.word in records[1]["description"]
    week = [e for e in records[0]["evidence"] if e["statistic"] == words.WEEKEND_SHARE]
    assert week[0]["value"] == 1.0 and week[0]["baseline"] == overall
    assert _verify(log, list(records.values())) == []


def test_no_week_words_when_the_level_or_the_contrast_is_missing() -> None:
    # every cluster comes on every day: the same share as all users, no contrast, nothing said
    log = _log({0: list(range(7)), 1: list(range(7))})
    for rec in _records(log):
        assert "weekend" not in rec["description"] and "weekday" not in rec["description"]
        assert not [e for e in rec["evidence"] if e["statistic"] == words.WEEKEND_SHARE]


def test_verify_flags_a_week_word_the_log_does_not_back() -> None:
    log = _log({0: [5, 6], 1: [0, 1, 2, 3, 4]})
    records = _records(log)
    weekday_rec = next(r for r in records if r["cluster_id"] == 1)
    bad = copy.deepcopy(weekday_rec)
    bad["description"] = bad["description"].replace(words.WEEKDAY.word, words.WEEKEND.word)
    found = _verify(log, [bad])
    assert any(m.kind == "word" and words.WEEKEND.word in m.claim for m in found)
    swapped = copy.deepcopy(weekday_rec)
    for ev in swapped["evidence"]:
        if ev["statistic"] == words.WEEKEND_SHARE:
            ev["value"] = 0.9  # a share the log does not give
    assert any("week" in m.where for m in _verify(log, [swapped]))


def test_a_cell_of_the_week_is_said_when_most_sessions_start_in_it_and_verify_recomputes_it() -> None:
    log = _log(
        {0: [0, 1, 2, 3, 4], 1: [5, 6], 2: list(range(7))},
        hours_of_cluster={0: (19, 23), 1: (7, 11), 2: (0, 24)},
    )
    records = {r["cluster_id"]: r for r in _records(log)}
    assert f"{words.DAYPART.word} weekday evenings" in records[0]["description"]
    assert f"{words.DAYPART.word} weekend mornings" in records[1]["description"]
    assert words.DAYPART.word not in records[2]["description"]  # any day, any hour: no cell of its own
    first = log.groupby("session_id").first()
    cell = 4 * (first["timestamp"].dt.dayofweek >= 5) + first["timestamp"].dt.hour // 6
    ev = next(e for e in records[0]["evidence"] if e["statistic"] == words.DAYPART_SHARE)
    assert ev["value"] == float((cell[first["cluster_id"] == 0] == 3).mean())  # weekday evenings
    assert ev["baseline"] == float((cell == 3).mean())
    assert _verify(log, list(records.values())) == []
    bad = copy.deepcopy(records[2])
    bad["description"] += f" {words.DAYPART.word} weekday evenings"
    assert any(m.kind == "word" and "weekday evenings" in m.claim for m in _verify(log, [bad]))
