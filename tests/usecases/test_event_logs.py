"""A real event log's own facts: its session cap and the A/B test it logged."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synthpersona.usecases.event_logs import MAX_SESSION_CAP, logged_experiment, session_cap


def _log(n_users: int, arms: dict[str, float], column: str = "variant", seed: int = 0) -> pd.DataFrame:
    """One session per user: landing, browse, then purchase with the arm's rate (else exit)."""
    rng = np.random.default_rng(seed)
    names = list(arms)
    rows = []
    for u in range(n_users):
        arm = names[u % len(names)]
        last = "purchase" if rng.random() < arms[arm] else "exit"
        start = pd.Timestamp("2026-02-01") + pd.Timedelta(hours=u)
        rows += [
            (u, 1, e, start + pd.Timedelta(minutes=i), arm) for i, e in enumerate(["landing", "browse", last])
        ]
    return pd.DataFrame(rows, columns=["user_id", "session_id", "event", "timestamp", column])


def test_a_logged_ab_test_is_found_and_compared_like_the_simulated_one() -> None:
    log = _log(2000, {"control": 0.40, "treatment": 0.55})
    found = logged_experiment(log, ["purchase"])
    assert found is not None
    assert (found.column, found.treatment, found.control) == ("variant", "treatment", "control")
    row = found.table.set_index("metric").loc["conversion"]
    by_arm = log.groupby("user_id").agg(
        arm=("variant", "first"), bought=("event", lambda e: "purchase" in set(e))
    )
    rates = by_arm.groupby("arm")["bought"].mean()
    assert row["value_a"] == pytest.approx(rates["treatment"]) and row["value_b"] == pytest.approx(
        rates["control"]
    )
    assert row["test"] == "two-proportion z" and bool(row["significant"])
    assert found.to_dict()["table"][0]["metric"] == "conversion"


@pytest.mark.parametrize(
    ("arms", "column", "control"),
    [({"B": 0.5, "A": 0.5}, "Group", "A"), ({"new_flow": 0.5, "baseline": 0.5}, "ab_group", "baseline")],
)
def test_control_arm_by_its_label_whatever_the_column_is_called(arms, column, control) -> None:
    found = logged_experiment(_log(200, arms, column=column), ["purchase"])
    assert found is not None and found.control == control and found.column == column


def test_no_experiment_without_a_two_arm_variant_column() -> None:
    assert logged_experiment(_log(300, {"a": 0.5, "b": 0.5, "c": 0.5}), ["purchase"]) is None  # three arms
    assert logged_experiment(_log(300, {"ads": 0.5, "email": 0.5}, column="channel"), ["purchase"]) is None


def test_session_cap_is_the_long_tail_of_real_sessions() -> None:
    lengths = [3] * 990 + [40] * 10
    log = pd.DataFrame({"user_id": np.repeat(np.arange(1000), lengths), "session_id": 1})
    assert session_cap(log) == 40  # 1% of sessions are 40 long: the 99.9th percentile keeps them whole
    huge = pd.DataFrame({"user_id": 0, "session_id": 1}, index=range(5000))
    assert session_cap(huge) == MAX_SESSION_CAP


@pytest.mark.parametrize(
    ("arms", "column", "control"),
    [
        ({"kontrolle": 0.4, "neu": 0.55}, "Testgruppe", "kontrolle"),  # German header and labels
        ({"control": 0.4, "test": 0.55}, "$feature/dark-mode", "control"),  # a PostHog feature flag
        ({"C1": 0.4, "C2": 0.55}, "experimento_home", "C1"),  # unknown labels under a named header
        ({"kontrola": 0.4, "wersja 2": 0.55}, "xq7", "kontrola"),  # arm-like values, a header no list has
    ],
)
def test_an_arm_column_is_found_by_structure_and_values_in_any_language(arms, column, control) -> None:
    found = logged_experiment(_log(400, arms, column=column), ["purchase"])
    assert found is not None and (found.column, found.control) == (column, control)


def test_per_user_columns_that_are_not_experiments_are_not_claimed() -> None:
    # an operating system, one per user and near even, is not an experiment's arm
    assert logged_experiment(_log(400, {"iOS": 0.5, "Android": 0.4}, column="os"), ["purchase"]) is None
    # a two-valued group split 80/20 is a customer attribute, not an arm
    log = _log(500, {"retail": 0.5, "b2b": 0.5}, column="customer_group")
    log["customer_group"] = np.where(log["user_id"] % 5 == 0, "b2b", "retail")
    assert logged_experiment(log, ["purchase"]) is None
    # labels of an arm that change within a user's events are not an arm assignment
    flip = _log(400, {"A": 0.5, "B": 0.5})
    flip["variant"] = np.where(np.arange(len(flip)) % 3 == 0, "A", "B")
    assert logged_experiment(flip, ["purchase"]) is None


def test_an_arm_named_by_its_key_column_is_found() -> None:
    # a custom variable exported as a key/value pair: the value's header says nothing, the key's value does
    log = _log(400, {"originale": 0.4, "variante": 0.55}, column="customVariableValue1")
    log["customVariableName1"] = "Test AB"
    found = logged_experiment(log, ["purchase"])
    assert found is not None
    assert (found.column, found.treatment, found.control) == ("customVariableValue1", "variante", "originale")
    # the same pair whose key names something else (a loyalty tier of two values) is no experiment
    log["customVariableName1"] = "Loyalty tier"
    log["customVariableValue1"] = np.where(log["user_id"] % 2 == 0, "silver", "gold")
    assert logged_experiment(log, ["purchase"]) is None


@pytest.mark.parametrize(
    ("arms", "column", "treatment", "control"),
    [
        ({"false": 0.4, "true": 0.55}, "new_checkout", "true", "false"),  # a yes/no flag of a new version
        ({"0": 0.4, "1": 0.55}, "test_panier", "1", "0"),  # a 0/1 column under a header naming a test
        ({"control": 0.4, "variant_a": 0.55}, "exp_paywall", "variant_a", "control"),
        ({"controlo": 0.4, "novo_fluxo": 0.55}, "exp_onboarding", "novo_fluxo", "controlo"),
        # the arms' own labels name the test; a letter tells them apart (an Adobe Target eVar)
        ({"AT:Checkout-Test:Erlebnis A": 0.4, "AT:Checkout-Test:Erlebnis B": 0.55}, "post_evar12",
         "AT:Checkout-Test:Erlebnis B", "AT:Checkout-Test:Erlebnis A"),
    ],
)  # fmt: skip
def test_arms_written_as_flags_or_inside_longer_labels_are_found(arms, column, treatment, control) -> None:
    found = logged_experiment(_log(400, arms, column=column), ["purchase"])
    assert found is not None
    assert (found.column, found.treatment, found.control) == (column, treatment, control)


@pytest.mark.parametrize(
    ("arms", "column"),
    [
        ({"false": 0.4, "true": 0.55}, "push_enabled"),  # a per-user setting, not an arm
        ({"false": 0.4, "true": 0.55}, "is_new_user"),  # who the user is, not what they got
        ({"1": 0.4, "2": 0.55}, "gender_code"),  # a bare code of two values
        ({"basic": 0.4, "plus": 0.55}, "plan"),
    ],
)
def test_two_valued_per_user_columns_that_are_not_arms_stay_unclaimed(arms, column) -> None:
    assert logged_experiment(_log(400, arms, column=column), ["purchase"]) is None
