"""The behaviour views computed in the engine equal the in-memory analytics functions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synthpersona import analytics
from synthpersona.errors import InputError
from synthpersona.simulation import load_event_log
from synthpersona.simulation.sql import cluster_event_sequences_sql, open_event_log
from synthpersona.simulation.sql_analytics import (
    converted_groups_sql,
    persona_groups_sql,
    retention_matrix_sql,
    step_matrix_difference_sql,
    step_matrix_sql,
    time_to_event_sql,
    transition_graph_difference_sql,
    transition_graph_sql,
)
from synthpersona.usecases.behaviour import converted_groups

EVENTS = ["home", "search", "item", "cart", "buy", "help"]


def _random_log(seed: int, n_users: int = 120) -> pd.DataFrame:
    """Users with 1-4 sessions over ~10 weeks, distinct times inside a user (no ties to order)."""
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(n_users):
        start = pd.Timestamp("2026-01-01") + pd.Timedelta(hours=int(rng.integers(0, 24 * 50)))
        for s in range(1, int(rng.integers(1, 5)) + 1):
            t = start + pd.Timedelta(days=int(rng.integers(0, 20)) * s)
            for _ in range(int(rng.integers(1, 9))):
                t = t + pd.Timedelta(seconds=int(rng.integers(1, 600)))
                rows.append((u, s, EVENTS[int(rng.choice(6, p=[0.3, 0.2, 0.2, 0.12, 0.08, 0.1]))], t))
    return pd.DataFrame(rows, columns=["user_id", "session_id", "event", "timestamp"])


@pytest.fixture(scope="module", params=[3, 11])
def logs(request: pytest.FixtureRequest) -> tuple[pd.DataFrame, object]:
    raw = _random_log(request.param)
    return load_event_log(raw), open_event_log(raw, "duckdb", table=f"ev{request.param}")


def _same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got, want, check_dtype=False, check_index_type=False, atol=1e-9)


@pytest.mark.parametrize("unit", ["user", "session"])
def test_transition_graph_equals_memory(logs: tuple, unit: str) -> None:
    memory, log = logs
    want = analytics.transition_graph(memory, path_unit=unit, min_count=2, min_share=0.05)
    _same(transition_graph_sql(log, path_unit=unit, min_count=2, min_share=0.05), want)


@pytest.mark.parametrize(("unit", "target"), [("user", None), ("session", None), ("user", "cart")])
def test_step_matrix_equals_memory(logs: tuple, unit: str, target: str | None) -> None:
    memory, log = logs
    want = analytics.step_matrix(memory, max_steps=6, target=target, path_unit=unit)
    got = step_matrix_sql(log, max_steps=6, target=target, path_unit=unit)
    _same(got, want)
    assert got.attrs["n_paths"] == want.attrs["n_paths"]


def test_differences_by_conversion_and_by_persona_equal_memory(logs: tuple) -> None:
    memory, log = logs
    groups = converted_groups(memory, ["buy"])
    pair = ("converted", "not converted")
    want = analytics.transition_graph_difference(memory, groups, pair, min_count=1)
    got = transition_graph_difference_sql(log, converted_groups_sql(log, ["buy"]), pair, min_count=1)
    # rows with equal |share_diff| may come in another order: compare by edge
    key = ["source", "target"]
    _same(got.sort_values(key, ignore_index=True), want.sort_values(key, ignore_index=True))
    assert np.all(np.diff(got["share_diff"].abs().to_numpy()) <= 1e-12)
    steps = step_matrix_difference_sql(log, converted_groups_sql(log, ["buy"]), pair, max_steps=5)
    _same(steps, analytics.step_matrix_difference(memory, groups, pair, max_steps=5))
    assert steps.attrs["n_paths"] == analytics.step_matrix_difference(memory, groups, pair).attrs["n_paths"]
    # personas: the labels the clustering left in the engine, the two largest groups by default
    res = cluster_event_sequences_sql(log, k=3, random_state=0)
    personas = {u: f"persona {int(c)}" for u, c in zip(res.row_ids, res.labels, strict=True)}
    by_persona = step_matrix_difference_sql(log, persona_groups_sql(log), max_steps=4, target="cart")
    _same(by_persona, analytics.step_matrix_difference(memory, personas, max_steps=4, target="cart"))


@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_retention_equals_memory(logs: tuple, period: str) -> None:
    memory, log = logs
    for cohort_event, return_event in [(None, None), ("cart", "buy")]:
        want = analytics.retention_matrix(
            memory, period=period, cohort_event=cohort_event, return_event=return_event
        )
        got = retention_matrix_sql(log, period=period, cohort_event=cohort_event, return_event=return_event)
        assert got.to_dict() == want.to_dict()


@pytest.mark.parametrize(("unit", "origin"), [("user", None), ("session", "search")])
def test_time_to_event_equals_memory(logs: tuple, unit: str, origin: str | None) -> None:
    memory, log = logs
    want = analytics.time_to_event(memory, "buy", from_event=origin, path_unit=unit)
    want = want.astype({"path_id": str}).sort_values("path_id", ignore_index=True)
    got = time_to_event_sql(log, "buy", from_event=origin, path_unit=unit)
    assert got.attrs["n_paths"] == want.attrs["n_paths"]
    got = got.astype({"path_id": str}).sort_values("path_id", ignore_index=True)
    _same(got, want)


def test_unknown_event_names_the_known_ones(logs: tuple) -> None:
    _, log = logs
    with pytest.raises(InputError, match="Known events"):
        step_matrix_sql(log, target="chekout")
    with pytest.raises(InputError, match="has no paths"):
        transition_graph_difference_sql(log, converted_groups_sql(log, ["buy"]), ("converted", "nobody"))
