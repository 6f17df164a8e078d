"""Shared populations for the population tests (generated once per session; tests must not mutate them)."""

from __future__ import annotations

import pandas as pd
import pytest

from synthpersona.population import generate


@pytest.fixture(scope="session")
def pop100k() -> pd.DataFrame:
    """A 100,000-person population (seed 11) for joint-structure checks."""
    return generate(100_000, random_state=11)


@pytest.fixture(scope="session")
def pop200k() -> pd.DataFrame:
    """The n = 200,000 population (seed 0) the calibration test is specified at."""
    return generate(200_000, random_state=0)
