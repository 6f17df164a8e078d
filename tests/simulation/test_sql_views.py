"""Funnel, per-segment profiles and per-segment transitions in SQL equal the in-memory figures."""

from __future__ import annotations

import pandas as pd
import pytest

from synthpersona.errors import InputError
from synthpersona.model import BehaviourSegmentFacts
from synthpersona.simulation import load_event_log, make_sample_events, profile_behavioural_personas
from synthpersona.simulation.features import engineer_path_features, funnel_table
from synthpersona.simulation.sql import cluster_event_sequences_sql, open_event_log, transition_counts
from synthpersona.simulation.sql_views import (
    funnel_counts,
    segment_profiles,
    segment_session_stats,
    segment_transition_counts,
)

FUNNEL = ["landing", "signup_start", "signup_complete"]


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    # unique times per session, so the in-memory file order and the SQL order agree
    return make_sample_events(n_users=240, random_state=3)


@pytest.mark.parametrize("funnel", [FUNNEL, FUNNEL[:2], ["signup_start", "landing"]])
def test_funnel_counts_equal_the_in_memory_funnel_table(raw: pd.DataFrame, funnel: list[str]) -> None:
    memory = load_event_log(raw)
    want = funnel_table(engineer_path_features(memory, funnel), funnel)
    got = funnel_counts(open_event_log(raw, "duckdb"), funnel)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_a_large_log_is_counted_in_parts_with_the_same_funnel(
    raw: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory = load_event_log(raw)
    want = funnel_table(engineer_path_features(memory, FUNNEL), FUNNEL)
    monkeypatch.setattr("synthpersona.simulation.sql._SUMMARY_PART_ROWS", 211)  # ~10 parts by user hash
    got = funnel_counts(open_event_log(raw, "duckdb"), FUNNEL)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_segment_profiles_and_transitions_recomputed_with_pandas(raw: pd.DataFrame) -> None:
    log = open_event_log(raw, "duckdb")
    res = cluster_event_sequences_sql(log, k=3, random_state=0)
    memory = load_event_log(raw)
    memory["cluster_id"] = memory["user_id"].map(dict(zip(res.row_ids, res.labels, strict=True)))
    memory["event"] = memory["event"].astype(str)
    converted = memory.groupby("user_id")["event"].agg(lambda e: int("signup_complete" in set(e)))
    want = (
        memory.groupby("cluster_id")
        .agg(
            users=("user_id", "nunique"),
            sessions=("session_id", lambda s: s.groupby(memory.loc[s.index, "user_id"]).nunique().sum()),
            events=("event", "size"),
        )
        .join(
            converted.groupby(memory.groupby("user_id")["cluster_id"].first()).sum().rename("converted_users")
        )
        .reset_index()
    )
    pd.testing.assert_frame_equal(
        segment_profiles(log, ["signup_complete"]), want, check_dtype=False, check_index_type=False
    )
    per = segment_transition_counts(log)
    for c in range(res.k):
        part = memory[memory["cluster_id"] == c]
        grp = part.groupby(["user_id", "session_id"], sort=False)["event"]
        prev = grp.shift(1).astype(object).fillna("^").astype(str)
        ends = part["event"][grp.shift(-1).isna()]
        pairs = pd.concat(
            [
                pd.DataFrame({"source": prev, "target": part["event"]}),
                pd.DataFrame({"source": ends, "target": "$"}),
            ]
        )
        expect = pairs.value_counts().rename("n").reset_index()
        expect = expect.sort_values(["source", "target"], ignore_index=True)
        got = per[per["cluster_id"] == c].drop(columns="cluster_id").reset_index(drop=True)
        pd.testing.assert_frame_equal(got, expect, check_dtype=False)
    total = per.groupby(["source", "target"], as_index=False)["n"].sum()
    pd.testing.assert_frame_equal(total, transition_counts(log), check_dtype=False)


def test_unknown_events_are_named(raw: pd.DataFrame) -> None:
    log = open_event_log(raw, "duckdb")
    with pytest.raises(InputError, match="signup_compleet"):
        funnel_counts(log, ["landing", "signup_compleet"])


def test_segment_session_stats_equal_the_in_memory_persona_figures(raw: pd.DataFrame) -> None:
    log = open_event_log(raw, "duckdb")
    res = cluster_event_sequences_sql(log, k=3, random_state=0)
    memory = load_event_log(raw)
    memory["cluster_id"] = memory["user_id"].map(dict(zip(res.row_ids, res.labels, strict=True)))
    segments, _ = profile_behavioural_personas(memory, completion_events=["signup_complete"])
    got = segment_session_stats(log, ["signup_complete"])
    assert got["cluster_id"].tolist() == [s.segment_id for s in segments]
    for seg, row in zip(segments, got.to_dict("records"), strict=True):
        f = seg.facts
        assert isinstance(f, BehaviourSegmentFacts) and seg.outcome is not None
        assert (row["users"], row["sessions"]) == (seg.size, f.n_sessions)
        assert row["converted_sessions"] == seg.outcome.successes
        assert row["median_session_events"] == f.median_session_events
        assert row["mean_duration_s"] == pytest.approx(f.mean_duration_s, rel=1e-9)
        assert row["mean_back_steps"] == pytest.approx(f.mean_back_steps, rel=1e-12)


def _shuffled_log(seed: int) -> pd.DataFrame:
    """Sessions of random events with steps repeated and out of order (a step before the one it follows)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    rows = []
    for user in range(60):
        for session in range(1, int(rng.integers(1, 4)) + 1):
            n = int(rng.integers(1, 9))
            names = rng.choice(["landing", "signup_start", "signup_complete", "pricing"], n)
            times = pd.Timestamp("2026-09-01") + pd.to_timedelta(
                np.sort(rng.choice(500, n, replace=False)), "s"
            )
            rows += [
                (user, session, e, t + pd.Timedelta(days=session)) for e, t in zip(names, times, strict=True)
            ]
    return pd.DataFrame(rows, columns=["user_id", "session_id", "event", "timestamp"])


@pytest.mark.parametrize("seed", [0, 1])
def test_the_funnel_of_repeated_and_reordered_steps_equals_the_in_memory_one(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = _shuffled_log(seed)
    memory = load_event_log(raw)
    for funnel in (FUNNEL, ["signup_start", "landing", "signup_complete"]):
        want = funnel_table(engineer_path_features(memory, funnel), funnel)
        pd.testing.assert_frame_equal(
            funnel_counts(open_event_log(raw, "duckdb"), funnel), want, check_dtype=False
        )
    want = funnel_table(engineer_path_features(memory, FUNNEL), FUNNEL)
    monkeypatch.setattr("synthpersona.simulation.sql._SUMMARY_PART_ROWS", 97)  # in parts by user hash
    pd.testing.assert_frame_equal(
        funnel_counts(open_event_log(raw, "duckdb"), FUNNEL), want, check_dtype=False
    )


def test_the_funnel_sorts_the_log_once_per_part(raw: pd.DataFrame) -> None:
    """A 4-step funnel was a join chain over the whole log's window: 10 sorted passes of the log
    (s(s+1)/2), and one more DISTINCT for the sessions. Now one window over the funnel's rows."""
    log = open_event_log(raw, "duckdb")
    sent: list[str] = []
    for name in ("query", "scalar", "create_view"):
        real = getattr(log.engine, name)

        def spy(*args: object, _real: object = real, **kw: object) -> object:
            sent.append(str(args[-1] if len(args) > 1 and isinstance(args[-1], str) else args[0]))
            return _real(*args, **kw)  # type: ignore[operator]

        setattr(log.engine, name, spy)
    funnel_counts(log, ["landing", "pricing", "signup_start", "signup_complete"])
    assert sum(s.count(" OVER ") for s in sent) == 1


def test_session_stats_counted_in_parts_by_user_are_the_same(
    raw: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = open_event_log(raw, "duckdb")
    cluster_event_sequences_sql(log, k=3, random_state=0)
    kw = {"events": ["pricing", "form_error"], "overall": True, "exits": ["drop_off"]}
    whole = segment_session_stats(log, ["signup_complete"], **kw)
    monkeypatch.setattr("synthpersona.simulation.sql._SUMMARY_PART_ROWS", 300)  # ~10 parts by user hash
    parts = segment_session_stats(log, ["signup_complete"], **kw)
    pd.testing.assert_frame_equal(parts, whole, check_exact=False, rtol=1e-12)
    assert (whole["cluster_id"] == -1).any() and "exit:pricing" in whole.columns
