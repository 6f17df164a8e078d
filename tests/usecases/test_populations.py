"""The goal workflow's population holder (usecases/_populations.py)."""

from __future__ import annotations

import pytest

from synthpersona.engine import DuckDBEngine
from synthpersona.population import generate, open_population
from synthpersona.usecases import _populations


def test_only_a_large_population_has_freed_large_blocks_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(_populations, "return_freed_memory", lambda: calls.append(1) or {})
    table = open_population(DuckDBEngine(), generate(300, random_state=0))
    _populations.GoalPopulation(table, "small")
    assert calls == []  # 50,000 people: glibc's default re-faults less (goal latency)
    monkeypatch.setattr(_populations, "RETURN_FREED_FROM", 299)
    _populations.GoalPopulation(table, "large")
    assert calls == [1]  # 2,000,000 people: the audiences' freed arrays go back to the kernel
