"""Fixtures for the segmentation tests: planted clusters and a small population."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_blobs

from synthpersona.population import generate


@pytest.fixture(scope="session")
def blobs() -> tuple[np.ndarray, np.ndarray]:
    """Four well-separated Gaussian blobs in 5 dimensions (600 rows)."""
    X, y = make_blobs(n_samples=600, n_features=5, centers=4, cluster_std=0.6, random_state=7)
    return X.astype(np.float32), y


@pytest.fixture(scope="session")
def population() -> pd.DataFrame:
    """A small built-in population (3,000 people)."""
    return generate(3_000, random_state=0)
