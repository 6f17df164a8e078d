"""Shared fixtures: every test runs with its own data directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests are deterministic: the same examples on every run and machine (derandomize),
# without wall-clock deadlines (no timing asserts in tests; the CI machine is shared).
settings.register_profile(
    "deterministic", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("deterministic")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the tests marked ``slow`` first, each group keeping its order.

    ``make test`` runs on two xdist workers, which take tests in collection order: the browser
    walk-through (over two minutes) collected near the end ran while the other worker sat idle,
    adding about a minute to the suite. Started first, it runs beside everything else.
    """
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point ``SYNTHPERSONA_HOME`` at a fresh folder so tests never touch the user's data."""
    home = tmp_path_factory.mktemp("sp_home")
    monkeypatch.setenv("SYNTHPERSONA_HOME", str(home))
    for var in (
        "SYNTHPERSONA_LLM_BASE_URL",
        "SYNTHPERSONA_LLM_MODEL",
        "SYNTHPERSONA_LLM_API_KEY",
        "SYNTHPERSONA_API_KEY",
        "SYNTHPERSONA_DATABASE_URL",
    ):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture(autouse=True)
def _no_held_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """The job memory budget counts what the server process holds (``usecases.budget``); a test
    process holds whatever earlier tests loaded, so tests count nothing unless they set it."""
    from synthpersona.usecases import budget

    monkeypatch.setattr(budget, "process_rss_bytes", lambda: 0)
