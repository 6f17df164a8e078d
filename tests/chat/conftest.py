"""Real personas (8 goals on the built-in population, 16 segments) for the chat tests and harness."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"


@cache
def _personas() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads((DATA / "personas.json").read_text("utf-8")))


@pytest.fixture(scope="session")
def real_personas() -> list[dict[str, Any]]:
    """48 personas as ``run_goal`` builds them (seed 000 shape with profile and evidence)."""
    return [dict(p) for p in _personas()]
