"""Tracker double fires (one event fired twice within seconds) count once in the mixture's counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from support.planted import planted_events
from synthpersona.simulation import cluster_event_sequences, load_event_log
from synthpersona.simulation._mixture import DOUBLE_FIRE_S, behaviour_counts
from synthpersona.simulation._sessions import index_sessions
from synthpersona.simulation.sequences import event_behaviour_counts
from synthpersona.simulation.sql import _encode_sql, open_event_log


def _with_double_fires(log: pd.DataFrame, users: np.ndarray, p: float, seed: int) -> pd.DataFrame:
    """``log`` where each event of ``users`` is fired a second time, 1-2 s later, with probability ``p``."""
    rng = np.random.default_rng(seed)
    rows = log[log["user_id"].isin(users) & (rng.random(len(log)) < p)].copy()
    later = pd.to_timedelta(rng.integers(1, DOUBLE_FIRE_S + 1, len(rows)), unit="s")
    rows["timestamp"] = rows["timestamp"] + later
    out = pd.concat([log, rows], ignore_index=True)
    return out.sort_values(["user_id", "timestamp"], kind="stable", ignore_index=True)


def test_a_double_fire_is_one_event_and_a_person_repeating_is_two() -> None:
    t, s = pd.Timestamp("2026-09-01 10:00"), pd.Timedelta(seconds=1)
    steps = {
        1: [("view", 0), ("add", 10), ("add", 11), ("pay", 30)],  # the tracker fired "add" twice
        2: [("view", 0), ("add", 10), ("add", 20), ("pay", 40)],  # the person added twice, 10 s apart
        3: [("view", 0), ("add", 10), ("add", 11), ("add", 12), ("pay", 30)],  # three rapid clicks: behaviour
    }
    log = load_event_log(
        pd.DataFrame(
            [(u, e, t + x * s) for u, path in steps.items() for e, x in path],
            columns=["user_id", "event", "timestamp"],
        )
    )
    counts, users = event_behaviour_counts(log)
    dense = pd.DataFrame(counts.C.toarray(), columns=counts.names, index=users)
    assert dense["add>add"].tolist() == [0, 1, 2]
    assert dense["add>pay"].tolist() == [1, 1, 1]
    assert counts.double_fires == 1
    # user 1's gaps: view>add 10 s, add>pay 20 s from the first fire (the copy's 1 s is gone)
    assert dense.loc[1, ["gap<20s after view", "gap<40s after add"]].tolist() == [1, 1]
    assert dense.loc[1, [c for c in dense if c.startswith("gap<2s")]].sum() == 0
    # the reference count (rows dropped) agrees
    direct = behaviour_counts(index_sessions(log))
    assert direct.double_fires == 1
    np.testing.assert_array_equal(
        pd.DataFrame(direct.C.toarray(), columns=direct.names)[counts.names].to_numpy(), counts.C.toarray()
    )


def test_the_engine_counts_double_fires_like_memory() -> None:
    log, _ = planted_events(2, users=120, random_state=4)
    raw = _with_double_fires(log, log["user_id"].unique()[::2], 0.15, 1)
    memory, users = event_behaviour_counts(raw)
    _, sql_users, _, engine = _encode_sql(open_event_log(raw, "duckdb"), 2, True, 500)
    assert engine is not None and memory.double_fires == engine.double_fires > 50
    assert sorted(memory.names) == sorted(engine.names)
    order = pd.Series(np.arange(len(users)), index=users).loc[sql_users].to_numpy()
    a = pd.DataFrame(memory.C[order].toarray(), columns=memory.names)
    b = pd.DataFrame(engine.C.toarray(), columns=engine.names)[memory.names]
    np.testing.assert_array_equal(a.to_numpy(), b.to_numpy())


def test_double_fires_on_half_the_users_are_not_a_segment() -> None:
    # one behaviour for everyone; the tracker double-fires 10 % of the events of a random half
    # (before counting them once, the mixture called "users with a double fire" a clear k=2)
    log, _ = planted_events(1, users=1200, random_state=0)
    half = log["user_id"].unique()[np.random.default_rng(0).random(1200) < 0.5]
    res = cluster_event_sequences(_with_double_fires(log, half, 0.1, 0), random_state=0)
    users = pd.Series(res.row_ids)
    split = adjusted_rand_score(users.isin(half), res.labels)
    assert not res.selection.clear and split < 0.1
    assert any("double fires" in n for n in res.notes)
