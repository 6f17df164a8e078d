"""The time spent on each event is its own block of the mixture's counts (the dwell per event)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from synthpersona.simulation import cluster_event_sequences
from synthpersona.simulation.sequences import event_behaviour_counts


def _readers(
    n: int, seed: int, page: str | None = "reviews", slow: float = 100.0
) -> tuple[pd.DataFrame, np.ndarray]:
    """``n`` users, one route and one tempo; half of them stay ~5x longer on one page of ten.

    ``page=None``: the readers stay ``slow`` seconds instead of 20 on every page (a whole tempo).

    Every user walks the same random chain over ten events (6 sessions of ~8 events, 20 s a step,
    log-normal); the readers spend ~100 s instead of 20 s on ``"reviews"``, an event that is
    about one in ten of the steps. Pooled over all events, their gaps differ on ~10 % of them.
    """
    rng = np.random.default_rng(seed)
    events = np.array(
        ["home", "search", "results", "item", "reviews", "cart", "pay", "done", "help", "deals"]
    )
    v = len(events)
    P = rng.dirichlet(np.full(v, 0.8), size=v)
    reader = rng.random(n) < 0.5
    rows = []
    for u in range(n):
        day = int(rng.integers(0, 20))
        for s in range(6):
            day += 1 + int(rng.poisson(2))
            e, clock = int(rng.integers(v)), day * 86400.0 + 3600.0 * rng.uniform(8, 22)
            for _ in range(int(rng.integers(5, 12))):
                rows.append((u + 1, u * 10 + s, events[e], clock))
                dwell = slow if (reader[u] and (page is None or events[e] == page)) else 20.0
                clock += dwell * float(np.exp(0.5 * rng.normal()))
                e = int(rng.choice(v, p=P[e]))
    log = pd.DataFrame(rows, columns=["user_id", "session_id", "event", "t"])
    log["timestamp"] = pd.Timestamp("2026-10-05") + pd.to_timedelta(log.pop("t").round(), unit="s")
    return log, reader.astype(int)


def test_a_group_that_stays_longer_on_one_page_is_found() -> None:
    log, reader = _readers(600, seed=3)
    res = cluster_event_sequences(log, k=None, random_state=0)
    truth = reader[np.asarray(res.row_ids) - 1]
    assert res.k == 2 and res.selection is not None and res.selection.clear
    assert adjusted_rand_score(truth, res.labels) >= 0.8  # 0.41-0.49 with one pooled gap block
    assert any("read per event" in note for note in res.notes)
    # the counts name the page and the time spent on it
    counts, _ = event_behaviour_counts(log)
    assert "gap<160s after reviews" in counts.names and "gap<160s" not in counts.names


def test_a_group_whose_whole_tempo_differs_is_read_on_the_pooled_gaps() -> None:
    # every page 30 s instead of 20 s: each page's block shows it a little, the pooled block well
    log, reader = _readers(600, seed=5, page=None, slow=30.0)
    res = cluster_event_sequences(log, k=None, random_state=0)
    truth = reader[np.asarray(res.row_ids) - 1]
    assert res.k == 2 and adjusted_rand_score(truth, res.labels) >= 0.8
    assert not any("read per event" in note for note in res.notes)


def test_with_k_given_the_one_page_readers_are_still_read_per_event() -> None:
    log, reader = _readers(600, seed=4)
    res = cluster_event_sequences(log, k=2, random_state=0)
    truth = reader[np.asarray(res.row_ids) - 1]
    assert adjusted_rand_score(truth, res.labels) >= 0.8
    assert any("read per event" in note for note in res.notes)
