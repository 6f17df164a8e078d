"""One session per user: users on disjoint paths are told apart, a log without paths is not.

With one session each, a user's transitions are one draw per branch and one Markov chain that
branches explains disjoint paths as well as a chain per path: the mixture put every user in one
group at k=3 and called it clear (review13). The events a user visits replace the transitions then
(``_mixture.with_visits``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from synthpersona.simulation import cluster_event_sequences, load_event_log
from synthpersona.simulation._mixture import with_visits
from synthpersona.simulation.sequences import event_behaviour_counts

_PATHS = (["Home", "Product", "Cart", "Order"], ["Home", "Pricing", "Exit"], ["Home", "Blog", "Blog", "Exit"])


def _paths_log(gap_s: int, n: int = 600, sessions: int = 1) -> pd.DataFrame:
    """``n`` users, a third on each path (30 % with a search step after Home), ``gap_s`` between events."""
    rng = np.random.default_rng(0)
    rows = []
    t0 = pd.Timestamp("2024-03-01")
    for p in range(n):
        for s in range(sessions):
            steps = list(_PATHS[p % 3])
            if rng.random() < 0.3:
                steps.insert(1, "Search")
            start = t0 + pd.Timedelta(days=s, minutes=10 * p)
            rows += [
                {
                    "user_id": f"u{p:04d}",
                    "event": e,
                    "timestamp": start + pd.Timedelta(seconds=gap_s * j),
                    "path": p % 3,
                }
                for j, e in enumerate(steps)
            ]
    return load_event_log(pd.DataFrame(rows))


def _agreement(log: pd.DataFrame, res) -> float:  # type: ignore[no-untyped-def]
    truth = log.groupby("user_id", observed=True)["path"].first().loc[np.asarray(res.row_ids)]
    return float(adjusted_rand_score(truth.to_numpy(), res.labels))


@pytest.mark.parametrize("gap_s", [30, 0], ids=["constant-gap", "same-timestamp"])
def test_k3_splits_one_session_users_by_their_path(gap_s: int) -> None:
    log = _paths_log(gap_s)
    res = cluster_event_sequences(log, k=3, random_state=0)
    assert np.bincount(res.labels).tolist() == [200, 200, 200]
    assert _agreement(log, res) == 1.0


def test_automatic_k_finds_the_three_paths() -> None:
    log = _paths_log(30)
    res = cluster_event_sequences(log, random_state=0)
    assert res.k == 3
    assert res.selection is not None and res.selection.clear
    assert _agreement(log, res) == 1.0


def test_one_session_log_without_paths_is_not_called_clear() -> None:
    # every step drawn uniformly from 8 pages: one chain, no paths
    rng = np.random.default_rng(1)
    t0 = pd.Timestamp("2024-03-01")
    rows = [
        {
            "user_id": f"u{p:04d}",
            "event": "ABCDEFGH"[rng.integers(8)],
            "timestamp": t0 + pd.Timedelta(minutes=7 * p, seconds=30 * j),
        }
        for p in range(900)
        for j in range(int(rng.integers(2, 7)))
    ]
    res = cluster_event_sequences(load_event_log(pd.DataFrame(rows)), random_state=0)
    assert res.selection is not None and not res.selection.clear


def test_visits_replace_transitions_only_when_users_make_one_choice_each() -> None:
    one, _ = event_behaviour_counts(_paths_log(30))
    three, _ = event_behaviour_counts(_paths_log(30, n=150, sessions=3))
    assert any(n.startswith("visits ") for n in with_visits(one).names)
    assert not any(">" in n for n in with_visits(one).names)
    assert with_visits(three) is three
