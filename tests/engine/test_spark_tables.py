"""Spark aggregates the table workflow's cross-tabs and conversion counts exactly as memory and DuckDB."""

from __future__ import annotations

from typing import Any

from synthpersona.tables import analyze_table
from synthpersona.views import seed003
from tables._data import make_leads  # tests/tables (tests/ is on sys.path)


def test_leads_personas_are_the_same_in_memory_on_duckdb_and_on_spark(spark: Any) -> None:
    df = make_leads(600, seed=4, messy=True)
    runs = {
        name: analyze_table(df, k=3, exclude=["_segment"], engine=engine)
        for name, engine in (("memory", None), ("duckdb", "duckdb"), ("spark", spark))
    }
    assert {name: run.engine for name, run in runs.items()} == {
        "memory": None,
        "duckdb": "duckdb",
        "spark": "spark",
    }
    views = {name: seed003.personas(run.segments, run.personas) for name, run in runs.items()}
    assert views["spark"] == views["duckdb"] == views["memory"]
    assert runs["spark"].overall == runs["memory"].overall
    assert [s.outcome for s in runs["spark"].segments] == [s.outcome for s in runs["memory"].segments]
