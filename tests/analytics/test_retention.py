from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synthpersona.analytics import retention_matrix
from synthpersona.errors import InputError


def _log(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "user_id": [r[0] for r in rows],
            "event": [r[1] for r in rows],
            "timestamp": pd.to_datetime([r[2] for r in rows]),
        }
    )


@pytest.fixture
def weekly() -> pd.DataFrame:
    # 2024-01-01 is a Monday. a: weeks 0, 1, 2; b: week 0 only; c: cohort week of Jan 8, back the next week.
    return _log(
        [
            ("a", "visit", "2024-01-01 09:00"),
            ("a", "buy", "2024-01-09 10:00"),
            ("a", "visit", "2024-01-20 12:00"),
            ("b", "visit", "2024-01-03 08:00"),
            ("c", "visit", "2024-01-10 08:00"),
            ("c", "buy", "2024-01-16 08:00"),
        ]
    )


def test_weekly_matrix_by_hand(weekly):
    r = retention_matrix(weekly, period="week")
    assert [str(c.date()) for c in r.shares.index] == ["2024-01-01", "2024-01-08"]
    assert r.sizes.tolist() == [2, 1]
    assert r.shares.iloc[0].tolist() == [1.0, 0.5, 0.5]
    assert r.shares.iloc[1, :2].tolist() == [1.0, 1.0]
    assert np.isnan(r.shares.iloc[1, 2])  # the week of Jan 22 is after the log ends: unobserved


def test_return_event_and_cohort_event(weekly):
    r = retention_matrix(weekly, period="week", return_event="buy")
    assert r.shares.iloc[0].tolist() == [0.0, 0.5, 0.0]
    c = retention_matrix(weekly, period="week", cohort_event="buy")
    # Cohorts by first purchase: a in week Jan 8, c in week Jan 15; activity before it does not count.
    assert r.to_dict()["period"] == "week"
    assert c.sizes.tolist() == [1, 1]
    assert c.shares.iloc[0].tolist() == [1.0, 1.0]


def test_day_and_month_periods(weekly):
    d = retention_matrix(weekly, period="day", max_periods=3)
    assert d.shares.shape[1] == 3
    assert d.shares.loc[pd.Timestamp("2024-01-01")].tolist() == [1.0, 0.0, 0.0]
    m = retention_matrix(weekly, period="month")
    assert m.shares.to_numpy().tolist() == [[1.0]] and m.sizes.tolist() == [3]


def test_bad_period(weekly):
    with pytest.raises(InputError, match="'year' is not one of day, week, month"):
        retention_matrix(weekly, period="year")
