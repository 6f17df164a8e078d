"""Fixtures for API tests: the real app on a small generated population, live servers."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from synthpersona.config import Settings

GOAL = "college students interested in headphones"


@pytest.fixture(scope="session")
def small_population() -> pd.DataFrame:
    """A 6,000-person population: big enough for real segments, small enough to be quick."""
    from synthpersona.population import generate

    return generate(6_000, random_state=0)


@pytest.fixture(scope="session")
def goal_runner(small_population: pd.DataFrame) -> Callable[..., Any]:
    """The real :func:`run_goal` on the small population."""
    from synthpersona.usecases.goals import run_goal

    return functools.partial(run_goal, population=small_population)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path, population_size=6_000)


@pytest.fixture
def make_app(settings: Settings, goal_runner: Callable[..., Any]) -> Callable[..., FastAPI]:
    from synthpersona.api import create_app

    def _make(**overrides: Any) -> FastAPI:
        fields = {k: v for k, v in overrides.items() if k in Settings.model_fields}
        s = Settings(**{**settings.model_dump(), **fields})  # validated, e.g. str -> SecretStr
        kwargs = {k: v for k, v in overrides.items() if k not in Settings.model_fields}
        kwargs.setdefault("goal_runner", goal_runner)
        return create_app(s, **kwargs)

    return _make


@pytest.fixture
def client(make_app: Callable[..., FastAPI]) -> Iterator[TestClient]:
    with TestClient(make_app()) as c:
        yield c


@pytest.fixture
def run(client: TestClient) -> dict[str, Any]:
    """A generated run (clusters response)."""
    r = client.post("/clusters/generate", json={"goal": GOAL, "k_max": 4})
    assert r.status_code == 200, r.text
    return r.json()
