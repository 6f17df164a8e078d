"""Fixtures for the feature tests."""

from __future__ import annotations

import pandas as pd
import pytest

from synthpersona.population import generate


@pytest.fixture(scope="session")
def population() -> pd.DataFrame:
    """A small built-in population (2,000 people)."""
    return generate(2_000, random_state=1)
