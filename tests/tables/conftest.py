"""Fixtures of the tables tests: planted leads tables written to disk in several shapes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ._data import make_customers, make_leads


@pytest.fixture(scope="session")
def leads_df() -> pd.DataFrame:
    """2,000 messy leads from four planted segments (``_segment`` is the truth)."""
    return make_leads(2000, seed=3, messy=True)


@pytest.fixture(scope="session")
def leads_csv(tmp_path_factory: pytest.TempPathFactory, leads_df: pd.DataFrame) -> Path:
    path = tmp_path_factory.mktemp("leads") / "leads.csv"
    leads_df.to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def customers_df() -> pd.DataFrame:
    return make_customers()
