"""Visit counters: a simulated loop goes round as often as the log's, in memory and in SQL alike."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synthpersona.simulation import MarkovPersonaGenerator, load_event_log
from synthpersona.simulation._chain_counts import chain_counts
from synthpersona.simulation.sql import open_event_log
from synthpersona.simulation.sql_chains import chain_counts_sql


def _loop_log(n: int = 1500, seed: int = 0) -> pd.DataFrame:
    """A varying prefix (1-3 pages), then a product page viewed exactly 2 or 3 times, then the cart.

    Position in the session does not tell how often the product page was seen, so a length
    calibration by position cannot place the loop's end; only a visit count can.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(n):
        path = [
            "home",
            *["a", "b", "c"][: int(rng.integers(1, 4))],
            *["product"] * int(rng.choice([2, 3])),
            "cart",
        ]
        rows += [(s, e, i) for i, e in enumerate(path)]
    log = pd.DataFrame(rows, columns=["user_id", "event", "i"])
    log["timestamp"] = pd.Timestamp("2026-01-01") + pd.to_timedelta(
        log["user_id"] * 3600 + log["i"] * 30, unit="s"
    )
    return load_event_log(log.drop(columns="i"))


@pytest.fixture(scope="module")
def loop_log() -> pd.DataFrame:
    return _loop_log()


def test_a_loop_goes_round_as_often_as_in_the_log(loop_log: pd.DataFrame) -> None:
    gen = MarkovPersonaGenerator.from_events(loop_log)
    sessions = gen.generate(20_000, max_length=40, random_state=0)
    repeats = (sessions.paths == gen.vocabulary_.index("product")).sum(axis=1)
    # the log: always 2 or 3 views; a first-order chain gives a geometric count (58 % in {2, 3}, 20 % > 3)
    assert np.isin(repeats, [2, 3]).mean() > 0.97
    assert (repeats > 3).mean() < 0.01
    assert gen.visit_cap_ == 3  # #1, #2, #3+: the 95th percentile of repeats
    # the paths hold the log's events, never a visit state
    assert set(np.unique(sessions.paths[sessions.paths >= 0])) <= set(range(len(gen.vocabulary_)))


def test_visit_counts_from_sql_equal_the_in_memory_counts(loop_log: pd.DataFrame) -> None:
    ours = chain_counts_sql(open_event_log(loop_log, "duckdb"), visits=True)
    mem = chain_counts(loop_log, visits=True)
    assert ours.visit_cap == mem.visit_cap == 3
    assert ours.visits is not None and mem.visits is not None
    assert np.array_equal(ours.visits, mem.visits)
    # every move is counted once whatever its visit: the buckets add up to the first-order counts
    v = len(mem.vocabulary)
    assert np.array_equal(mem.visits.reshape(1, 3, v, v + 1).sum(axis=1), mem.first)


def test_a_log_without_repeats_counts_no_visits() -> None:
    log = _loop_log(300).drop_duplicates(["user_id", "event"])  # every event once per session
    gen = MarkovPersonaGenerator.from_events(log.reset_index(drop=True))
    v = len(gen.vocabulary_)
    assert gen.visit_cap_ == 1 and gen.transition_probs_.shape == (1, v, v + 1)


def test_visit_states_stay_few_on_a_log_of_many_events() -> None:
    from synthpersona.simulation._visits import visit_cap

    hist = np.bincount(np.array([1, 2, 3, 4] * 200 + [1] * 100))  # repeats up to 4 visits
    assert visit_cap(hist, 10, 3, 40_000_000) == 4
    # 300 events and 6 personas: 4 states would add 5,400 rows to every alias table built
    assert visit_cap(hist, 300, 6, 40_000_000) == 2
    assert visit_cap(hist, 1000, 6, 40_000_000) == 1
