"""Session, path and user features on a hand-made log whose answers are known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synthpersona.errors import InputError
from synthpersona.simulation import engineer_path_features, engineer_session_features, engineer_user_features
from synthpersona.simulation.features import funnel_table

FUNNEL = ["landing", "signup_start", "signup_complete"]


@pytest.fixture
def tiny() -> pd.DataFrame:
    t = pd.Timestamp("2026-09-01 10:00")
    m = pd.Timedelta(minutes=1)
    rows = [
        # u1 s1: converts, with a back-step (pricing -> product_view -> pricing)
        ("u1", 1, "landing", t),
        ("u1", 1, "pricing", t + m),
        ("u1", 1, "product_view", t + 2 * m),
        ("u1", 1, "pricing", t + 3 * m),
        ("u1", 1, "signup_start", t + 4 * m),
        ("u1", 1, "signup_complete", t + 5 * m),
        # u1 s2 two days later: stalls at the form, self-loop on form_error
        ("u1", 2, "landing", t + pd.Timedelta(days=2)),
        ("u1", 2, "signup_start", t + pd.Timedelta(days=2) + m),
        ("u1", 2, "form_error", t + pd.Timedelta(days=2) + 2 * m),
        ("u1", 2, "form_error", t + pd.Timedelta(days=2) + 3 * m),
        ("u1", 2, "drop_off", t + pd.Timedelta(days=2) + 4 * m),
        # u2 s3: signup_start before landing does not count as funnel progress
        ("u2", 3, "signup_start", t),
        ("u2", 3, "landing", t + m),
        ("u2", 3, "drop_off", t + 2 * m),
    ]
    return pd.DataFrame(rows, columns=["user_id", "session_id", "event", "timestamp"])


def test_session_features(tiny: pd.DataFrame) -> None:
    sf = engineer_session_features(tiny).set_index("session_id")
    assert sf.loc[1, "n_events"] == 6 and sf.loc[1, "duration_s"] == 300
    assert sf.loc[1, "back_steps"] == 1 and sf.loc[1, "repeat_visits"] == 1
    assert sf.loc[2, "self_loops"] == 1 and sf.loc[2, "back_steps"] == 0
    assert sf["converted"].tolist() == [True, False, False]
    assert pd.isna(sf.loc[1, "dropoff_event"]) and sf.loc[2, "dropoff_event"] == "drop_off"
    assert sf.loc[3, "first_event"] == "signup_start"


def test_path_features_follow_the_funnel_in_order(tiny: pd.DataFrame) -> None:
    pf = engineer_path_features(tiny, FUNNEL).set_index("session_id")
    assert pf["steps_reached"].tolist() == [3, 2, 1]
    assert pf["converted"].tolist() == [True, False, False]
    assert pf.loc[2, "dropoff_step"] == "signup_complete" and pf.loc[3, "dropoff_step"] == "signup_start"
    assert pf.loc[1, "seconds_to_convert"] == 300 and np.isnan(pf.loc[2, "seconds_to_convert"])
    assert pf.loc[3, "path"] == "signup_start > landing > drop_off"
    table = funnel_table(pf, FUNNEL)
    assert table["sessions"].tolist() == [3, 2, 1]
    assert table["step_conversion"].round(3).tolist() == [1.0, 0.667, 0.5]


def test_bad_funnels_are_rejected(tiny: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="signup_start"):
        engineer_path_features(tiny, ["landing", "sign_up_start"])
    with pytest.raises(InputError, match="two steps"):
        engineer_path_features(tiny, ["landing"])


def test_user_features_include_cadence_conversion_and_attributes(tiny: pd.DataFrame) -> None:
    tiny = tiny.assign(device=tiny["user_id"].map({"u1": "mobile", "u2": "desktop"}))
    sf = engineer_session_features(tiny)
    pf = engineer_path_features(tiny, FUNNEL)
    uf = engineer_user_features(tiny, sf, pf)
    assert uf.loc["u1", "n_sessions"] == 2 and uf.loc["u1", "n_events"] == 11
    assert uf.loc["u1", "session_conversion_rate"] == 0.5 and bool(uf.loc["u1", "converted"])
    assert uf.loc["u1", "mean_days_between_sessions"] == pytest.approx(2.0)
    assert np.isnan(uf.loc["u2", "mean_days_between_sessions"])
    assert uf.loc["u1", "max_steps_reached"] == 3
    assert uf.loc["u1", "device"] == "mobile"


def test_features_scale_to_the_sample(sample_log: pd.DataFrame) -> None:
    sf = engineer_session_features(sample_log)
    pf = engineer_path_features(sample_log, FUNNEL)
    assert len(sf) == len(pf) == sample_log["session_id"].nunique()
    # Conversion by path features (ordered funnel) never exceeds "reached the completion event".
    assert pf["converted"].sum() <= sf["converted"].sum()
    uf = engineer_user_features(sample_log, sf, pf)
    assert uf["n_events"].sum() == len(sample_log)


def test_terminal_events_named_like_leaving_read_as_drop_off() -> None:
    from synthpersona.simulation.features import default_completion_events, default_drop_events

    vocab = ["home", "item", "lost", "Exit", "session_timeout", "cancelled", "order", "quit_app", "drop_off"]
    assert default_drop_events(vocab) == {
        "lost",
        "Exit",
        "session_timeout",
        "cancelled",
        "quit_app",
        "drop_off",
    }
    assert not default_drop_events(vocab) & default_completion_events(vocab)


def test_the_cut_logs_session_index_is_the_full_indexs_kept_rows() -> None:
    # run_simulation indexes the log once and derives the cut log's index from it
    from synthpersona.simulation import cut_session_index, cut_sessions_at, index_sessions, make_sample_events

    log = make_sample_events(n_users=200, random_state=3)
    stops = ["pricing", "form_error"]  # mid-session events: sessions go on after them
    built = index_sessions(cut_sessions_at(log, stops))
    derived = cut_session_index(index_sessions(log), stops)
    assert len(derived.codes) < len(log)  # something was cut
    for name in ("codes", "times", "starts", "lengths", "session_of_row", "user_of_session", "user_ids"):
        assert np.array_equal(getattr(derived, name), getattr(built, name)), name
    assert derived.vocabulary == built.vocabulary


def test_a_session_index_of_another_log_is_refused() -> None:
    from synthpersona.simulation import index_sessions, make_sample_events

    log = make_sample_events(n_users=50, random_state=0)
    with pytest.raises(InputError, match="index_sessions"):
        index_sessions(log.iloc[:-3], index_sessions(log))
