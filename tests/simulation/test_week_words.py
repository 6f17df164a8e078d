"""The week in behavioural personas: "comes mostly at weekends" / "comes on weekdays", true twice.

The profiler says a segment's week only when its share of sessions on Saturday or Sunday passes
both the level and the contrast with all users (``personas.rules.WEEKEND`` / ``WEEKDAY``), in the
users' local time when the log wrote UTC offsets (otherwise the claim names its clock and no day
part is said); ``verify_behaviour`` recomputes the share from the log and flags words the log does
not back.
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from synthpersona.personas import rules as words
from synthpersona.simulation import load_event_log, profile_behavioural_personas, verify_behaviour
from synthpersona.views import seed002

MONDAY = pd.Timestamp("2027-01-04")


def _log(
    days_of_cluster: dict[int, list[int]],
    users: int = 40,
    seed: int = 0,
    hours_of_cluster: dict[int, tuple[int, int]] | None = None,
    offset: str | None = None,
) -> pd.DataFrame:
    """``users`` per cluster, 3 sessions each on the cluster's days of the week (Monday 0), starting
    in the cluster's hours (``[lo, hi)``; default 10-18h). With ``offset`` (``"+11:00"``) the days and
    hours are local: the times are written as text with that UTC offset and read by ``load_event_log``."""
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
    frame = pd.DataFrame(rows, columns=["user_id", "session_id", "event", "timestamp", "cluster_id"])
    if offset is None:
        return frame
    frame["timestamp"] = frame["timestamp"].dt.strftime("%Y-%m-%dT%H:%M:%S") + offset
    return load_event_log(frame)


def _wall_clock(log: pd.DataFrame) -> pd.Series:
    """Each session's first time as the log wrote it (recomputed from the text's own offset)."""
    first = log.groupby("session_id").first()
    return first["timestamp"] + pd.to_timedelta(first["_utc_offset_min"], unit="min")


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
        offset="+02:00",
    )
    records = {r["cluster_id"]: r for r in _records(log)}
    assert f"{words.DAYPART.word} weekday evenings" in records[0]["description"]
    assert f"{words.DAYPART.word} weekend mornings" in records[1]["description"]
    assert words.DAYPART.word not in records[2]["description"]  # any day, any hour: no cell of its own
    first = log.groupby("session_id").first()
    wall = _wall_clock(log)
    cell = 4 * (wall.dt.dayofweek >= 5) + wall.dt.hour // 6
    ev = next(e for e in records[0]["evidence"] if e["statistic"] == words.DAYPART_SHARE)
    assert ev["value"] == float((cell[first["cluster_id"] == 0] == 3).mean())  # weekday evenings
    assert ev["baseline"] == float((cell == 3).mean())
    assert _verify(log, list(records.values())) == []
    bad = copy.deepcopy(records[2])
    bad["description"] += f" {words.DAYPART.word} weekday evenings"
    assert any(m.kind == "word" and "weekday evenings" in m.claim for m in _verify(log, [bad]))


def _sydney() -> pd.DataFrame:
    """review13's tz.py: evening commuters (weekdays 19-22h) and daytime visitors (10-16h, any day),
    local times of Sydney in January (+11:00)."""
    return _log(
        {0: [0, 1, 2, 3, 4], 1: list(range(7))}, hours_of_cluster={0: (19, 22), 1: (10, 16)}, offset="+11:00"
    )


def test_the_week_is_said_in_the_users_local_time_when_the_log_writes_offsets() -> None:
    log = _sydney()
    records = {r["cluster_id"]: r for r in _records(log)}
    # before: read in UTC, the commuters came "mostly on weekday mornings", the daytime visitors at night
    assert f"{words.DAYPART.word} weekday evenings" in records[0]["description"]
    assert words.WEEKDAY.word in records[0]["description"]
    assert "UTC" not in records[0]["description"] and "clock" not in records[0]["description"]
    first = log.groupby("session_id").first()
    wall = _wall_clock(log)
    ev = next(e for e in records[0]["evidence"] if e["statistic"] == words.DAYPART_SHARE)
    assert ev["category"] == "weekday evenings" and ev["columns"] == ["timestamp", "_utc_offset_min"]
    assert (
        ev["value"]
        == 1.0
        == float(((wall.dt.dayofweek < 5) & (wall.dt.hour >= 18))[first["cluster_id"] == 0].mean())
    )
    weekend = wall.dt.dayofweek >= 5
    assert records[1]["weekend_share"] == float(weekend[first["cluster_id"] == 1].mean())
    assert _verify(log, list(records.values())) == []
    # the same rows read as UTC (offsets dropped) are what the claims must not be computed from
    utc = log.drop(columns="_utc_offset_min")
    assert _verify(utc, list(records.values()))


def test_times_without_local_offsets_name_their_clock_and_say_no_day_part() -> None:
    local = _sydney()
    epoch = local.drop(columns="_utc_offset_min").assign(
        timestamp=local["timestamp"].astype("int64") // 10**9
    )
    for log, clock in ((load_event_log(epoch), "utc"), (local.drop(columns="_utc_offset_min"), "unstated")):
        records = _records(log)
        for rec in records:
            assert words.DAYPART.word not in rec["description"]
            week = [e for e in rec["evidence"] if e["statistic"] == words.WEEKEND_SHARE]
            assert week and week[0]["claim"].endswith(words.CLOCKS[clock]) and words.CLOCKS[clock]
            assert week[0]["claim"] in rec["description"]
        assert words.CLOCKS["utc"] == " in UTC"
        assert _verify(log, records) == []
        bad = copy.deepcopy(records[0])
        bad["description"] += f" {words.DAYPART.word} weekday evenings"
        assert any(m.kind == "word" and "weekday evenings" in m.claim for m in _verify(log, [bad]))
        bare = copy.deepcopy(records[0])  # a week word that hides its clock
        for ev in bare["evidence"]:
            ev["claim"] = ev["claim"].removesuffix(words.CLOCKS[clock])
        assert any("week" in m.where for m in _verify(log, [bare]))


def test_mostly_means_more_than_half_and_a_day_part_never_contradicts_the_week() -> None:
    assert words.WEEKEND.verdict(0.5, 0.2) != words.WORD and words.WEEKEND.verdict(0.51, 0.2) == words.WORD
    assert words.DAYPART.verdict(0.5, 0.2) != words.WORD and words.DAYPART.verdict(0.51, 0.2) == words.WORD
    # review13's contra.py: half the sessions at weekends (any hour), half on weekday evenings
    rng = np.random.default_rng(0)
    rows = []
    sid = 0
    for u in range(40):
        for week in range(4):
            for cid, (day, hour) in {
                0: (7 * week + int(rng.integers(5, 7)), int(rng.integers(0, 24)))
                if week < 2
                else (7 * week + int(rng.integers(0, 5)), int(rng.integers(18, 24))),
                1: (7 * week + int(rng.integers(0, 5)), int(rng.integers(8, 17))),
            }.items():
                sid += 1
                start = MONDAY + pd.Timedelta(days=day, hours=hour)
                for i, ev in enumerate(
                    ["home", "product", "drop_off" if rng.random() < 0.7 else "signup_complete"]
                ):
                    t = start + pd.Timedelta(seconds=30 * i)
                    rows.append((1000 * cid + u, sid, ev, t.strftime("%Y-%m-%dT%H:%M:%S") + "+01:00", cid))
    log = load_event_log(
        pd.DataFrame(rows, columns=["user_id", "session_id", "event", "timestamp", "cluster_id"])
    )
    records = {r["cluster_id"]: r for r in _records(log)}
    text = records[0]["description"]
    assert records[0]["weekend_share"] == 0.5
    assert words.WEEKEND.word not in text and f"{words.DAYPART.word} weekday evenings" not in text
    assert _verify(log, list(records.values())) == []
    # a record saying both is flagged, even with evidence behind each
    both = copy.deepcopy(records[0])
    both["description"] = (
        text.replace(words.WEEKEND.comparative, words.WEEKEND.word) + " mostly on weekday evenings"
    )
    both["evidence"].append(
        words.evidence_record(
            words.DAYPART.evidence(
                "description", 0.5, 0.25, claim="mostly on weekday evenings", category="weekday evenings"
            )
        )
    )
    assert any("contradicts" in m.expected for m in _verify(log, [both]))
