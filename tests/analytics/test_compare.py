from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synthpersona.analytics import COMPARE_COLUMNS, benjamini_hochberg, compare_groups


def _arms(conv_x: int, conv_y: int, n: int = 200, seed: int | None = None) -> pd.DataFrame:
    """``n`` users per arm; the first ``conv_*`` of each arm go home -> buy, the rest home -> leave."""
    rng = np.random.default_rng(seed)
    rows = []
    for arm, conv in (("x", conv_x), ("y", conv_y)):
        for i in range(n):
            buys = i < conv if seed is None else rng.random() < conv / n
            t0 = pd.Timestamp("2024-01-01") + pd.Timedelta(minutes=i)
            gap = pd.Timedelta(seconds=30 + (i % 7) * 10)
            rows += [(f"{arm}{i}", arm, "home", t0), (f"{arm}{i}", arm, "buy" if buys else "leave", t0 + gap)]
    return pd.DataFrame(rows, columns=["user_id", "arm", "event", "timestamp"])


def _row(table: pd.DataFrame, metric: str, test: str | None = None) -> pd.Series:
    rows = table[(table["metric"] == metric) & ((table["test"] == test) if test else True)]
    return rows.iloc[0]


def test_a_known_conversion_difference_is_found_with_the_right_numbers():
    table = compare_groups(_arms(160, 40), "arm", "buy", ("x", "y"))
    assert list(table.columns) == list(COMPARE_COLUMNS)
    conv = _row(table, "conversion")
    # 0.8 vs 0.2: pooled 0.5, se = sqrt(0.25 * 2/200) = 0.05, z = 0.6 / 0.05 = 12.
    assert (conv["value_a"], conv["value_b"]) == (0.8, 0.2)
    assert conv["statistic"] == pytest.approx(12.0)
    se = np.sqrt(0.8 * 0.2 / 200 * 2)
    assert conv["ci_low"] == pytest.approx(0.6 - 1.959964 * se, abs=1e-6)
    assert conv["effect_size"] == pytest.approx(2 * np.arcsin(np.sqrt(0.8)) - 2 * np.arcsin(np.sqrt(0.2)))
    assert conv["significant"]
    assert conv["p_adjusted"] >= conv["p_value"]
    did_buy = _row(table, "did buy")
    assert did_buy["statistic"] == pytest.approx(144.0)  # the 2x2 chi-square is z squared
    assert (did_buy["n_a"], did_buy["n_b"]) == (200, 200)


def test_identical_groups_show_no_significant_difference():
    table = compare_groups(_arms(100, 100), "arm", "buy", ("x", "y"))
    assert not table["significant"].any()
    conv = _row(table, "conversion")
    assert conv["difference"] == 0.0 and conv["p_value"] == pytest.approx(1.0)


def test_two_random_arms_with_the_same_rate_are_not_significant_after_correction():
    table = compare_groups(_arms(100, 100, seed=7), "arm", "buy", ("x", "y"))
    assert not table["significant"].any()
    assert (table["p_adjusted"].dropna() >= table["p_value"].dropna()).all()


def test_time_and_steps_compare_converters_only():
    events = _arms(160, 40)
    table = compare_groups(events, "arm", "buy", ("x", "y"))
    steps = _row(table, "steps to convert", "Mann-Whitney U")
    assert (steps["n_a"], steps["n_b"]) == (160, 40)
    assert steps["value_a"] == steps["value_b"] == 2.0
    ks = _row(table, "path length (events)", "Kolmogorov-Smirnov")
    assert ks["effect_size"] == 0.0 and ks["p_value"] == pytest.approx(1.0)


def test_benjamini_hochberg_by_hand():
    assert benjamini_hochberg([0.01, 0.04, 0.03, np.nan]).round(6).tolist()[:3] == [0.03, 0.04, 0.04]
    assert np.isnan(benjamini_hochberg([0.5, np.nan])[1])


def _fork_at_step(n: int, fork: int, share_b: float) -> pd.DataFrame:
    """``n`` users per group: home -> list -> ... for ``fork - 1`` steps, then at step ``fork`` A all
    go to ``buy``; in B a ``share_b`` of them go to ``buy``, the rest to ``leave``."""
    rows = []
    for group in ("a", "b"):
        for i in range(n):
            t0 = pd.Timestamp("2024-01-01") + pd.Timedelta(minutes=i)
            path = ["home", *["list"] * (fork - 2)]
            path.append("buy" if group == "a" or i < share_b * n else "leave")
            rows += [(f"{group}{i}", group, e, t0 + pd.Timedelta(seconds=10 * s)) for s, e in enumerate(path)]
    return pd.DataFrame(rows, columns=["user_id", "team", "event", "timestamp"])


def test_the_step_where_two_groups_part_is_found_with_its_event_and_numbers():
    table = compare_groups(_fork_at_step(60, fork=3, share_b=0.5), "team", "buy", ("a", "b"), steps_tested=4)
    steps = table[table["test"] == "chi-square (events at the step)"].set_index("metric")
    assert list(steps.index) == ["step 1: home", "step 2: list", "step 3: buy"]  # nobody has a 4th step
    assert not steps["significant"].iloc[:2].any() and steps["p_value"].iloc[:2].tolist() == [1.0, 1.0]
    buy = steps.loc["step 3: buy"]
    assert (buy["value_a"], buy["value_b"], buy["difference"]) == (1.0, 0.5, 0.5)
    # 2x2 table [[60, 0], [30, 30]]: chi-square = 120 * (60*30 - 0*30)^2 / (60*60*90*30) = 40
    assert buy["statistic"] == pytest.approx(40.0) and buy["effect_size"] == pytest.approx(np.sqrt(40 / 120))
    assert buy["significant"] and table.attrs["first_step"] == 3


def test_groups_that_move_alike_have_no_first_step():
    table = compare_groups(_fork_at_step(60, fork=3, share_b=1.0), "team", "buy", ("a", "b"), steps_tested=3)
    assert table.attrs["first_step"] is None
    assert not table.loc[table["test"] == "chi-square (events at the step)", "significant"].any()


def test_a_difference_chance_gives_is_not_called_a_first_step():
    # B's 50 % against A's 56 % at step 3 with 50 users each: inside the noise
    log = _fork_at_step(50, fork=3, share_b=0.5)
    log.loc[
        (log["team"] == "a") & log["user_id"].isin([f"a{i}" for i in range(22)]) & (log["event"] == "buy"),
        "event",
    ] = "leave"
    table = compare_groups(log, "team", "buy", ("a", "b"), steps_tested=3)
    assert table.attrs["first_step"] is None
