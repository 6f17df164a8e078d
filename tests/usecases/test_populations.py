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


def test_a_frames_identity_follows_its_content_whatever_the_column_types() -> None:
    import numpy as np
    import pandas as pd

    frame = pd.DataFrame(
        {
            "income": np.array([1.5, 2.5, np.nan]),
            "age": np.array([30, 41, 52], dtype=np.int32),
            "city": pd.Categorical(["Pune", "Delhi", "Pune"]),
            "active": [True, False, True],
            "seen": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"]),
            "note": ["a", None, "c"],
            "n": pd.array([1, None, 3], dtype="Int64"),
        }
    )
    digest = _populations.frame_digest
    same = frame.copy()
    same.index = [7, 8, 9]  # the index is not content
    assert digest(frame) == digest(same)
    changes = [
        frame.assign(income=[1.5, 2.5, 3.0]),
        frame.assign(age=np.array([30, 41, 53], dtype=np.int32)),
        frame.assign(age=np.array([30, 41, 52], dtype=np.int64)),  # same numbers, other type
        frame.assign(city=pd.Categorical(["Pune", "Delhi", "Delhi"])),
        frame.assign(city=pd.Categorical(["Pune", "Delhi", "Pune"], categories=["Pune", "Delhi"])),
        frame.assign(active=[True, True, True]),
        frame.assign(seen=pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-02"])),
        frame.assign(note=["a", "b", "c"]),
        frame.assign(n=pd.array([1, 2, 3], dtype="Int64")),
        frame.rename(columns={"note": "notes"}),
        frame[list(reversed(frame.columns))],
        frame.head(2),
    ]
    assert len({digest(frame), *map(digest, changes)}) == len(changes) + 1
