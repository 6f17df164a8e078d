"""Event logs through the engine give the same sessions, counts, features and clusters as in memory."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from synthpersona.engine import DuckDBEngine
from synthpersona.errors import DataError, InputError
from synthpersona.simulation import (
    cluster_event_sequences,
    encode_event_sequences,
    load_event_log,
    make_sample_events,
)
from synthpersona.simulation.sql import (
    cluster_event_sequences_sql,
    encode_event_sequences_sql,
    ngram_counts,
    open_event_log,
    session_summary,
    transition_counts,
)


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return make_sample_events(n_users=240, random_state=3)


def _same_features(memory: pd.DataFrame, engine_log: object, **kw: int) -> None:
    X1, u1, n1 = encode_event_sequences(memory, **kw)
    X2, u2, n2 = encode_event_sequences_sql(engine_log, **kw)  # type: ignore[arg-type]
    assert list(u2) == list(u1)
    assert sorted(n2) == sorted(n1)
    order = [n1.index(name) for name in n2]
    np.testing.assert_allclose(X2.toarray(), X1[:, order].toarray(), atol=1e-6)


@pytest.mark.parametrize("max_n", [1, 2, 3])
def test_features_equal_the_in_memory_encoding(raw: pd.DataFrame, max_n: int) -> None:
    _same_features(raw, open_event_log(raw, "duckdb"), max_n=max_n)


def test_batches_never_split_a_user(raw: pd.DataFrame) -> None:
    log = open_event_log(raw, "duckdb")
    X_big, u_big, _ = encode_event_sequences_sql(log)
    X_small, u_small, _ = encode_event_sequences_sql(log, batch_rows=7)  # many tiny batches
    assert list(u_small) == list(u_big)
    assert abs(X_small - X_big).max() == 0


def test_sessions_split_at_the_gap_like_load_event_log(raw: pd.DataFrame) -> None:
    no_sessions = raw.drop(columns=["session_id"])
    memory = load_event_log(no_sessions, inactivity_gap=20)
    log = open_event_log(no_sessions, "duckdb", inactivity_gap_minutes=20)
    assert log.sessions_inferred
    assert session_summary(log)["n_sessions"] == memory.groupby(["user_id", "session_id"]).ngroups
    _same_features(memory, log)


def test_duplicates_and_unusable_rows_are_dropped_like_load_event_log(raw: pd.DataFrame) -> None:
    dirty = pd.concat([raw, raw.iloc[:50]], ignore_index=True)  # 50 exact duplicates
    dirty.loc[100, "user_id"] = None
    dirty.loc[200, "event"] = None
    memory = load_event_log(dirty)
    log = open_event_log(dirty, "duckdb")
    assert session_summary(log)["n_events"] == len(memory) == len(raw) - 2
    _same_features(memory, log)


def test_a_large_log_is_counted_in_parts_with_the_same_totals(
    raw: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    dirty = pd.concat([raw, raw.iloc[:50]], ignore_index=True)  # exact duplicates: counted once
    memory = load_event_log(dirty)
    log = open_event_log(dirty, "duckdb")
    monkeypatch.setattr("synthpersona.simulation.sql._SUMMARY_PART_ROWS", 97)  # ~20 parts by user hash
    assert session_summary(log) == {
        "n_events": len(memory),
        "n_sessions": memory.groupby(["user_id", "session_id"]).ngroups,
        "n_users": memory["user_id"].nunique(),
    }


def test_transition_counts_recomputed_with_pandas(raw: pd.DataFrame) -> None:
    memory = load_event_log(raw)
    got = transition_counts(open_event_log(raw, "duckdb"))
    ev = memory["event"].astype(str)
    grp = memory.groupby(["user_id", "session_id"], sort=False)["event"]
    prev = grp.shift(1).astype(object).fillna("^").astype(str)
    nxt = grp.shift(-1)
    pairs = pd.concat(
        [
            pd.DataFrame({"source": prev, "target": ev}),
            pd.DataFrame({"source": ev[nxt.isna()], "target": "$"}),
        ]
    )
    want = pairs.value_counts().rename("n").reset_index().sort_values(["source", "target"], ignore_index=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert got.loc[got["source"] == "^", "n"].sum() == memory.groupby(["user_id", "session_id"]).ngroups


@pytest.mark.parametrize("gap", [None, 20])
def test_transitions_from_the_feature_pass_equal_the_sql_counts(raw: pd.DataFrame, gap: int | None) -> None:
    dirty = pd.concat([raw, raw.iloc[:50]], ignore_index=True)  # exact duplicates are counted once
    if gap is not None:  # sessions inferred with window functions
        dirty = dirty.drop(columns=["session_id"])
    opened = {"inactivity_gap_minutes": gap} if gap else {}
    sql = transition_counts(open_event_log(dirty, "duckdb", **opened))
    log = open_event_log(dirty, "duckdb", **opened)
    encode_event_sequences_sql(log, batch_rows=11)  # counts the bigrams, transitions included
    assert log._transitions is not None
    pd.testing.assert_frame_equal(transition_counts(log), sql)


def test_ngram_counts_worked_by_hand() -> None:
    t = pd.to_datetime(["2026-09-01 10:00", "2026-09-01 10:01", "2026-09-01 10:02", "2026-09-01 10:03"])
    raw = pd.DataFrame(
        {
            "user_id": [1, 1, 1, 2, 2, 2, 2],
            "session_id": [1, 1, 1, 5, 5, 5, 5],
            "event": ["a", "b", "a", "a", "b", "a", "b"],
            "timestamp": [*t[:3], *t],
        }
    )
    log = open_event_log(raw, "duckdb")
    two = ngram_counts(log, 2).set_index("ngram")
    assert two.loc["a>b", "n_occurrences"] == 3 and two.loc["a>b", "n_users"] == 2
    assert two.loc["b>a", "n_occurrences"] == 2
    three = ngram_counts(log, 3).set_index("ngram")
    assert three["n_occurrences"].to_dict() == {"a>b>a": 2, "b>a>b": 1}
    with pytest.raises(InputError, match="n must be 1, 2 or 3"):
        ngram_counts(log, 4)


@pytest.mark.parametrize("k", [3, None])
def test_clusters_equal_the_in_memory_clustering(raw: pd.DataFrame, k: int | None) -> None:
    memory = cluster_event_sequences(raw, k=k, random_state=0)
    log = open_event_log(raw, "duckdb")
    got = cluster_event_sequences_sql(log, k=k, random_state=0)
    assert got.k == memory.k
    np.testing.assert_array_equal(got.labels, memory.labels)
    assert got.top_features == memory.top_features
    # the labels also live in the engine, one row per user, 1-based
    table = log.engine.query("SELECT user_id, cluster_id FROM events_clusters ORDER BY user_id")
    assert list(table["user_id"]) == list(memory.row_ids)
    np.testing.assert_array_equal(table["cluster_id"].to_numpy() - 1, memory.labels)


def test_a_sampled_fit_labels_every_user(raw: pd.DataFrame) -> None:
    log = open_event_log(raw, "duckdb")
    got = cluster_event_sequences_sql(log, k=3, fit_sample=100, random_state=0)
    assert got.sampled and any("fitted on 100 of 240 users" in note for note in got.notes)
    assert len(got.labels) == len(got.row_ids) == 240
    assert sorted(np.unique(got.labels)) == [0, 1, 2]
    assert int(log.engine.scalar("SELECT count(DISTINCT user_id) FROM events_clusters")) == 240


def test_parquet_files_are_read_in_place_by_glob(raw: pd.DataFrame, tmp_path: Path) -> None:
    users = sorted(raw["user_id"].unique())
    half = raw["user_id"].isin(users[:100])
    raw[half].to_parquet(tmp_path / "part-1.parquet")
    raw[~half].to_parquet(tmp_path / "part-2.parquet")
    log = open_event_log(str(tmp_path / "part-*.parquet"), DuckDBEngine())
    assert session_summary(log)["n_users"] == 240
    _same_features(raw, log)


def test_bad_input_is_named(raw: pd.DataFrame) -> None:
    with pytest.raises(DataError, match=r"missing column.*'visitor'"):
        open_event_log(raw, "duckdb", columns={"user_id": "visitor"})
    with pytest.raises(InputError, match="Unknown canonical column 'usr'"):
        open_event_log(raw, "duckdb", columns={"usr": "user_id"})
    with pytest.raises(InputError, match="inactivity_gap_minutes must be positive"):
        open_event_log(raw, "duckdb", inactivity_gap_minutes=0)
    renamed = raw.rename(columns={"user_id": "visitor"})
    assert (
        session_summary(open_event_log(renamed, "duckdb", columns={"user_id": "visitor"}))["n_users"] == 240
    )
