"""run_simulation on a log by path through an engine: the in-memory run's result, with bounded memory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from synthpersona.simulation import make_sample_events
from synthpersona.usecases.simulation import SimulationRun, run_simulation

KW: dict[str, Any] = {"n_personas": 200, "k": 3, "deck": False, "random_state": 0}
FIGURES = ("n_users", "share_users", "n_sessions", "conversion_rate", "median_session_events")
FIGURES += ("mean_duration_s", "mean_back_steps")
CHAINS = ("start_probs_", "transition_probs_", "length_odds_", "n_sessions_", "persona_weights_")


@pytest.fixture(scope="module")
def log_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("simlog") / "events.csv"
    make_sample_events(n_users=120, random_state=7).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def in_memory(log_csv: Path) -> SimulationRun:
    return run_simulation(log_csv, **KW)


@pytest.fixture(scope="module")
def sampled(log_csv: Path) -> SimulationRun:
    """The log by path through DuckDB with about 35 of its 120 users read into memory."""
    return run_simulation(log_csv, engine="duckdb", sample_users=35, validate=False, **KW)


def _same_chains(a: SimulationRun, b: SimulationRun) -> None:
    assert a.generator.vocabulary_ == b.generator.vocabulary_
    for name in CHAINS:
        assert np.array_equal(getattr(a.generator, name), getattr(b.generator, name)), name


def test_a_path_through_duckdb_gives_the_in_memory_run(log_csv: Path, in_memory: SimulationRun) -> None:
    by_path = run_simulation(log_csv, engine="duckdb", **KW)
    ours, theirs = by_path.summary(), in_memory.summary()
    assert (ours.pop("engine"), theirs.pop("engine")) == ("duckdb", None)  # how each read the log
    for key in ("simulation_id", "timings", "clustering"):
        ours.pop(key), theirs.pop(key)
    # goal, ingest report, personas (profiles, privacy), validation, A/B test: all equal
    assert ours == theirs
    assert np.array_equal(by_path.clustering.labels, in_memory.clustering.labels)
    assert by_path.real_funnel == pytest.approx(in_memory.real_funnel, abs=1e-12)
    _same_chains(by_path, in_memory)


def test_a_log_larger_than_the_sample_reads_only_the_sampled_users(
    log_csv: Path, in_memory: SimulationRun, sampled: SimulationRun
) -> None:
    run = sampled
    in_sample = run.events["user_id"].nunique()
    assert 20 < in_sample < 120  # md5 of the id: about 35 of the 120 users in memory
    assert sum(len(s.member_ids) for s in run.segments) == in_sample
    # what the engine counts covers every user: the same clusters, chains, funnel and ingest counts
    assert np.array_equal(run.clustering.labels, in_memory.clustering.labels)
    _same_chains(run, in_memory)
    assert run.real_funnel == pytest.approx(in_memory.real_funnel, abs=1e-12)
    assert run.ingest.to_dict() == in_memory.ingest.to_dict()
    notes = " ".join(run.summary()["notes"])
    assert f"sample of {in_sample:,} users" in notes
    assert "each name is chosen from these figures" in notes
    # the personas state the whole log's aggregate figures (SQL over all 120 users), not the sample's
    whole = {r["cluster_id"]: r for r in in_memory.summary()["personas"]}
    assert sum(s.size for s in run.segments) == 120
    for rec in run.summary()["personas"]:
        theirs = whole[rec["cluster_id"]]
        for key in FIGURES:
            assert rec[key] == pytest.approx(theirs[key], rel=1e-9), key
        assert f"{theirs['share_users']:.0%} of users" in rec["description"]


def test_a_sampled_run_names_its_personas_on_the_whole_log(
    log_csv: Path, in_memory: SimulationRun, sampled: SimulationRun
) -> None:
    """Every figure of a name's evidence is the whole log's, recomputed here with pandas."""
    run = sampled
    log = in_memory.events  # all 120 users with the same labels (checked above)
    per = log.groupby(["user_id", "session_id"])
    sessions = pd.DataFrame({"n": per.size(), "cluster_id": per["cluster_id"].first()})
    segments = {s.segment_id: s for s in in_memory.segments}
    all_sessions = sum(s.facts.n_sessions for s in in_memory.segments)
    converted = sum(s.outcome.successes for s in in_memory.segments)
    back = sum(s.facts.mean_back_steps * s.facts.n_sessions for s in in_memory.segments) / all_sessions
    checked = 0
    for persona in run.personas:
        theirs = segments[persona.segment_id]
        mine = sessions[sessions["cluster_id"] == persona.segment_id]
        for ev in persona.evidence:
            if ev.statistic == "rate":
                expected = (theirs.outcome.rate, converted / all_sessions)
            elif ev.statistic == "median_session_events":
                expected = (float(mine["n"].median()), float(sessions["n"].median()))
            elif ev.statistic == "mean_back_steps":
                expected = (theirs.facts.mean_back_steps, back)
            else:
                assert ev.statistic == "event_session_share", ev
                has = log[log["event"] == ev.category].groupby(["user_id", "session_id"]).size()
                inside = sessions.index.isin(has.index)
                expected = (inside[sessions["cluster_id"] == persona.segment_id].mean(), inside.mean())
            assert (ev.value, ev.baseline) == pytest.approx(expected, rel=1e-9), (persona.name, ev)
            checked += 1
    assert checked >= len(run.personas)


def test_a_sampled_run_picks_its_role_words_and_exit_on_the_whole_log(
    log_csv: Path, in_memory: SimulationRun, sampled: SimulationRun
) -> None:
    # The events a name may take its role from (distinctive events) and the exit event are the
    # whole log's (SQL over all 120 users), chosen by the profile's rules: the sampled run's
    # personas are named exactly as the in-memory run over every user names them.
    run = sampled
    assert np.array_equal(run.clustering.labels, in_memory.clustering.labels)
    whole = {s.segment_id: s for s in in_memory.segments}
    differs_in_sample = 0
    for seg in run.segments:
        theirs = whole[seg.segment_id].facts
        assert seg.facts.exit_event == theirs.exit_event
        assert [e for e, _ in seg.facts.distinctive_events] == [e for e, _ in theirs.distinctive_events]
        assert [r for _, r in seg.facts.distinctive_events] == pytest.approx(
            [r for _, r in theirs.distinctive_events], rel=1e-9
        )
        sampled = seg.member_ids
        differs_in_sample += len(sampled) < whole[seg.segment_id].size
    assert differs_in_sample == len(run.segments)  # each persona's sample is part of its users
    assert [p.name for p in run.personas] == [p.name for p in in_memory.personas]
    assert "the exit event" in " ".join(run.notes) and "as are the events a name" in " ".join(run.notes)
