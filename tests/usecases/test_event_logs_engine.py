"""A log's logged A/B test and session cap counted in the engine over every user (issue 18).

A run on a log by path reads a sample of its users into memory; the logged A/B test's table and
the session cap are counted in SQL over the whole log, so they equal the in-memory run's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from synthpersona.simulation import make_sample_events
from synthpersona.usecases._simulation_engine import open_log_by_path
from synthpersona.usecases.event_logs import (
    LoggedExperiment,
    logged_experiment,
    logged_experiment_in_engine,
    session_cap,
    session_cap_in_engine,
)
from synthpersona.usecases.simulation import run_simulation

GOAL = ["signup_complete"]
NUMBERS = ["value_a", "value_b", "difference", "ci_low", "ci_high", "effect_size", "statistic", "p_value"]


@pytest.fixture(scope="module")
def log_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample log with a logged experiment: one arm per user, by a hash of the id."""
    log = make_sample_events(n_users=160, random_state=4)
    codes = log["user_id"].astype(str).map(lambda u: sum(map(ord, u)) % 2)
    log["variant"] = np.where(codes == 0, "control", "new_checkout")
    path = tmp_path_factory.mktemp("ablog") / "events.csv"
    log.to_csv(path, index=False)
    return path


def _same(ours: LoggedExperiment | None, theirs: LoggedExperiment | None) -> None:
    assert ours is not None and theirs is not None
    assert (ours.column, ours.treatment, ours.control) == (theirs.column, theirs.treatment, theirs.control)
    a, b = ours.table, theirs.table
    cols = ["metric", "test", "effect_name", "n_a", "n_b", "significant"]
    pd.testing.assert_frame_equal(a[cols], b[cols])
    # Mann-Whitney U and Kolmogorov-Smirnov from the histograms; means summed in another order
    np.testing.assert_allclose(a[NUMBERS].to_numpy(float), b[NUMBERS].to_numpy(float), rtol=1e-9, atol=1e-12)
    assert a.attrs == b.attrs


def test_the_whole_log_counts_give_the_in_memory_ab_table_and_cap(log_path: Path) -> None:
    opened = open_log_by_path(log_path, "duckdb", sample_users=10_000)  # the sample is the whole log
    assert not opened.sampled
    _same(
        logged_experiment_in_engine(opened.table, opened.sample, GOAL), logged_experiment(opened.sample, GOAL)
    )
    assert session_cap_in_engine(opened.table) == session_cap(opened.sample)


@pytest.mark.slow  # two simulation runs (~5 s quiet)
def test_a_sampled_run_states_the_logged_ab_test_of_every_user(log_path: Path) -> None:
    kw: dict[str, Any] = {"n_personas": 100, "k": 2, "deck": False, "validate": False}
    whole = run_simulation(log_path, **kw)  # in memory: every user
    sampled = run_simulation(log_path, engine="duckdb", sample_users=50, **kw)
    assert sampled.events["user_id"].nunique() < 100  # about a third of the 160 users in memory
    _same(sampled.logged_experiment, whole.logged_experiment)
    assert sampled.logged_experiment is not None
    row = sampled.logged_experiment.table.iloc[0]
    assert row["metric"] == "conversion" and row["n_a"] + row["n_b"] == 160
    assert sampled.experiment.max_length == whole.experiment.max_length  # the cap from every session


@pytest.mark.parametrize(("column", "arms"), [("new_checkout", (False, True)), ("variant", (0, 1))])
def test_a_boolean_or_0_1_arm_column_is_the_same_test_in_the_engine(
    tmp_path: Path, column: str, arms: tuple[Any, Any]
) -> None:
    # SQL writes a boolean as 'true', pandas as 'True': the arms are matched in one form
    log = make_sample_events(n_users=160, random_state=4)
    codes = log["user_id"].astype(str).map(lambda u: sum(map(ord, u)) % 2)
    log[column] = np.where(codes == 0, arms[0], arms[1])
    path = tmp_path / "events.csv"
    log.to_csv(path, index=False)
    opened = open_log_by_path(path, "duckdb", sample_users=10_000)
    memory = logged_experiment(opened.sample, GOAL)
    assert memory is not None and memory.column == column
    _same(logged_experiment_in_engine(opened.table, opened.sample, GOAL), memory)
