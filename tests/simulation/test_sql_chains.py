"""Persona chains fitted from SQL counts equal the chains fitted on the log in memory."""

from __future__ import annotations

import numpy as np
import pytest

from synthpersona.simulation import attach_clusters, load_event_log, make_sample_events
from synthpersona.simulation.features import cut_sessions_at
from synthpersona.simulation.persona_generator import MarkovPersonaGenerator, chain_counts
from synthpersona.simulation.sql import cluster_event_sequences_sql, open_event_log
from synthpersona.simulation.sql_chains import chain_counts_sql, fit_chains_sql
from synthpersona.usecases.simulation import run_simulation

STOPS = ["signup_complete", "drop_off"]
FITTED = ("start_probs_", "transition_probs_", "length_odds_", "n_sessions_", "persona_weights_", "leave_")


@pytest.fixture(scope="module")
def clustered():  # type: ignore[no-untyped-def]
    log = load_event_log(make_sample_events(n_users=150, random_state=3))
    sql = open_event_log(log, "duckdb")
    segmented = attach_clusters(log, cluster_event_sequences_sql(sql, k=3, random_state=0))
    return sql, cut_sessions_at(segmented, STOPS)


def _same(a: MarkovPersonaGenerator, b: MarkovPersonaGenerator) -> None:
    assert a.vocabulary_ == b.vocabulary_ and a.persona_ids_ == b.persona_ids_
    for name in FITTED:
        x, y = getattr(a, name), getattr(b, name)
        assert (x is None and y is None) or np.array_equal(x, y), name


def test_counts_and_chains_from_sql_equal_the_in_memory_fit(clustered) -> None:  # type: ignore[no-untyped-def]
    sql, cut = clustered
    order = 2  # counts both orders (first order: also the run_simulation test below)
    ours = chain_counts_sql(sql, order=order, labels_table="events_clusters", cut_at=STOPS)
    mem = chain_counts(cut, order=order)
    assert ours.persona_ids == mem.persona_ids == [0, 1, 2]
    assert np.array_equal(ours.first, mem.first) and np.array_equal(ours.starts, mem.starts)
    assert np.array_equal(ours.second, mem.second)
    # the sessions were cut after their first stop: no transition leaves a stop event
    stop_codes = [sql.vocabulary.index(s) for s in STOPS]
    assert ours.first[:, stop_codes, :-1].sum() == 0
    fitted = fit_chains_sql(
        sql, order=order, labels_table="events_clusters", cut_at=STOPS, goals=["signup_complete"]
    )
    _same(fitted, MarkovPersonaGenerator.from_events(cut, order=order, goals=["signup_complete"]))


def test_one_chain_for_all_users_without_labels(clustered) -> None:  # type: ignore[no-untyped-def]
    sql, _ = clustered
    counts = chain_counts_sql(sql)
    whole = chain_counts(load_event_log(make_sample_events(n_users=150, random_state=3)))
    assert counts.persona_ids == [0] and np.array_equal(counts.first, whole.first)
    assert int(counts.shapes.n.sum()) == int(whole.shapes.n.sum())


def test_run_simulation_through_the_engine_fits_the_same_chains() -> None:
    log = make_sample_events(n_users=120, random_state=5)
    kw = {"n_personas": 200, "k": 3, "validate": False, "deck": False, "random_state": 0}
    in_engine = run_simulation(log, engine="duckdb", **kw)  # type: ignore[arg-type]
    in_memory = run_simulation(log, **kw)  # type: ignore[arg-type]
    assert np.array_equal(in_engine.clustering.labels, in_memory.clustering.labels)
    _same(in_engine.generator, in_memory.generator)
    assert in_engine.experiment.summary() == in_memory.experiment.summary()


def test_a_large_log_counted_in_parts_by_user_gives_the_same_chains(  # type: ignore[no-untyped-def]
    clustered, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql, _ = clustered
    kw = {"labels_table": "events_clusters", "cut_at": STOPS}
    whole = [chain_counts_sql(sql, order=2, **kw), chain_counts_sql(sql, visits=True, **kw)]
    monkeypatch.setattr("synthpersona.simulation.sql._SUMMARY_PART_ROWS", 300)  # ~10 parts by user hash
    sent: list[str] = []
    real = sql.engine.query
    monkeypatch.setattr(sql.engine, "query", lambda q, *a, **k: sent.append(q) or real(q, *a, **k))
    parts = [chain_counts_sql(sql, order=2, **kw), chain_counts_sql(sql, visits=True, **kw)]
    assert sum(" OVER " in q and "hash(user_id)" in q for q in sent) >= 10  # each part sorted on its own
    for a, b in zip(whole, parts, strict=True):
        assert np.array_equal(a.first, b.first) and np.array_equal(a.starts, b.starts)
        assert (a.second is None and b.second is None) or np.array_equal(a.second, b.second)
        assert a.visit_cap == b.visit_cap and np.array_equal(a.visits, b.visits)
        shapes = [
            sorted(
                zip(*(getattr(c.shapes, f).tolist() for f in ("persona", "length", "last", "n")), strict=True)
            )
            for c in (a, b)
        ]
        assert (
            shapes[0] == shapes[1]
        )  # the same sessions by persona, length and last event (rows in any order)
    assert whole[1].visits is not None
