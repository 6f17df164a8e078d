"""validate_generator with the caller's session index: the same answer, one index instead of five."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synthpersona.errors import InputError
from synthpersona.simulation import _validation as validation
from synthpersona.simulation import etl, index_sessions, validate_generator
from synthpersona.simulation.sample import make_sample_events


def _log_with_rare_events() -> pd.DataFrame:
    """The sample with persona labels and 30 events each seen once (those of held-out users are dropped)."""
    log = make_sample_events(n_users=400, random_state=3)
    log["cluster_id"] = (log["user_id"].astype("category").cat.codes % 2).to_numpy()
    events = log["event"].astype(str).to_numpy()
    first_rows = np.flatnonzero(log["user_id"].ne(log["user_id"].shift()).to_numpy())
    events[first_rows[:300:10] + 1] = [f"rare_{i}" for i in range(30)]
    log["event"] = events
    return etl.load_event_log(log)


def test_the_callers_index_gives_the_same_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    log = _log_with_rare_events()
    plain = validate_generator(log, n_sessions=3000, random_state=1)
    built = []
    real = validation.index_sessions

    def counting(events: pd.DataFrame, sessions: object = None) -> object:
        built.append(sessions is None)
        return real(events, sessions)  # type: ignore[arg-type]

    monkeypatch.setattr(validation, "index_sessions", counting)
    reused = validate_generator(log, n_sessions=3000, random_state=1, sessions=index_sessions(log))
    pd.testing.assert_frame_equal(plain.table, reused.table)
    assert (plain.n_train_sessions, plain.n_holdout_sessions) == (
        reused.n_train_sessions,
        reused.n_holdout_sessions,
    )
    assert not any(built)  # every index was cut from the one passed in
    vocabulary = reused.generator.vocabulary_
    assert (
        any(e.startswith("rare_") for e in vocabulary) and sum(e.startswith("rare_") for e in vocabulary) < 30
    )


def test_a_rows_index_equals_the_index_of_those_rows() -> None:
    log = _log_with_rare_events()
    rng = np.random.default_rng(0)
    keep = np.isin(log["user_id"].to_numpy(), rng.choice(log["user_id"].unique(), 120, replace=False))
    keep &= log["event"].astype(str).to_numpy() != "pricing"  # rows dropped inside sessions too
    part = log.loc[keep].copy()
    part["event"] = part["event"].cat.remove_unused_categories()
    want, got = index_sessions(part), validation._rows_index(index_sessions(log), keep)
    assert got.vocabulary == want.vocabulary
    for name in (
        "codes",
        "times",
        "starts",
        "lengths",
        "session_of_row",
        "user_of_session",
        "user_ids",
        "session_ids",
    ):
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name), err_msg=name)


def test_an_index_of_another_log_is_refused() -> None:
    log = _log_with_rare_events()
    other = index_sessions(make_sample_events(n_users=50, random_state=0))
    with pytest.raises(InputError, match="session index"):
        validate_generator(log, n_sessions=1000, sessions=other)
