"""Fixtures of the goal tests: a fixed 'today' and a small generated population."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from synthpersona.engine import DuckDBEngine

TODAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="session")
def population() -> pd.DataFrame:
    from synthpersona.population import generate

    return generate(5_000, random_state=7)


@pytest.fixture()
def engine(population: pd.DataFrame) -> DuckDBEngine:
    eng = DuckDBEngine()
    eng.register("users", population)
    return eng
