"""The days of the week users come: a block of the mixture's counts, read only when it tells users apart."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from synthpersona.simulation import cluster_event_sequences

_MONDAY = pd.Timestamp("2026-10-05")


def _weekly(n: int, seed: int, weekend_group: bool = True) -> tuple[pd.DataFrame, np.ndarray]:
    """``n`` users, one route, one tempo and one hour; half come on weekends, half on weekdays.

    Every user walks the same random chain over eight events (6 sessions of ~7 events, 20 s a step,
    log-normal), each session at a random hour of 8-22 h on a random day of eight weeks. The
    weekend users' sessions fall on a Saturday or Sunday four times in five, the others' one time in
    ten. ``weekend_group=False``: everyone comes on any day (no group).
    """
    rng = np.random.default_rng(seed)
    events = np.array(["home", "search", "item", "reviews", "cart", "pay", "done", "help"])
    v = len(events)
    P = rng.dirichlet(np.full(v, 0.8), size=v)
    weekend = (rng.random(n) < 0.5) & weekend_group
    rows = []
    for u in range(n):
        p_we = 0.8 if weekend[u] else (0.1 if weekend_group else 2 / 7)
        for s in range(6):
            dow = int(rng.integers(5, 7)) if rng.random() < p_we else int(rng.integers(0, 5))
            day = 7 * int(rng.integers(0, 8)) + dow
            e, clock = int(rng.integers(v)), day * 86400.0 + 3600.0 * rng.uniform(8, 22)
            for _ in range(int(rng.integers(4, 11))):
                rows.append((u + 1, u * 10 + s, events[e], clock))
                clock += 20.0 * float(np.exp(0.5 * rng.normal()))
                e = int(rng.choice(v, p=P[e]))
    log = pd.DataFrame(rows, columns=["user_id", "session_id", "event", "t"])
    log["timestamp"] = _MONDAY + pd.to_timedelta(log.pop("t").round(), unit="s")
    return log, weekend.astype(int)


def test_weekend_and_weekday_users_are_found() -> None:
    log, weekend = _weekly(600, seed=5)
    res = cluster_event_sequences(log, k=None, random_state=0)
    truth = weekend[np.asarray(res.row_ids) - 1]
    assert res.k == 2 and res.selection is not None and res.selection.clear
    assert adjusted_rand_score(truth, res.labels) >= 0.8  # ~0 without the weekday block
    assert any("days of the week" in note for note in res.notes)


def test_with_k_given_the_weekdays_are_still_read() -> None:
    log, weekend = _weekly(600, seed=6)
    res = cluster_event_sequences(log, k=2, random_state=0)
    assert adjusted_rand_score(weekend[np.asarray(res.row_ids) - 1], res.labels) >= 0.8
    assert any("days of the week" in note for note in res.notes)


def test_a_log_where_everyone_comes_on_any_day_does_not_read_weekdays() -> None:
    log, _ = _weekly(600, seed=7, weekend_group=False)
    res = cluster_event_sequences(log, k=None, random_state=0)
    assert not any("days of the week" in note for note in res.notes)
    assert res.selection is not None and not res.selection.clear
