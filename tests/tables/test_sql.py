"""The table workflow's cross-tabs, profiles and conversion counts in SQL equal the in-memory ones."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from synthpersona.engine import DuckDBEngine
from synthpersona.errors import ConfigError, InputError
from synthpersona.tables import analyze_table
from synthpersona.tables._personas import _count
from synthpersona.tables.sql import count_in_engine
from synthpersona.usecases.tables import analyze_file
from synthpersona.views import seed003


def _same_counts(a: object, b: object) -> None:
    assert np.array_equal(a.sizes, b.sizes)  # type: ignore[attr-defined]
    assert a.tables.keys() == b.tables.keys()  # type: ignore[attr-defined]
    for key in a.tables:  # type: ignore[attr-defined]
        assert np.array_equal(a.tables[key], b.tables[key]), key  # type: ignore[attr-defined]
    for key in a.overall_share:  # type: ignore[attr-defined]
        assert np.allclose(a.overall_share[key], b.overall_share[key]), key  # type: ignore[attr-defined]
    assert a.outcomes == b.outcomes  # type: ignore[attr-defined]


def test_sql_counts_equal_bincount_with_empty_cells_and_blank_outcomes(leads_df: pd.DataFrame) -> None:
    df = leads_df.copy()
    df.loc[df.index[::17], "is_sale"] = ""  # outcomes not known: in the sizes, not in the rates
    base = analyze_table(df, k=4, exclude=["_segment"])
    assert base.target == "is_sale" and base.outcome is not None and (~base.outcome[1]).any()
    # a cluster that misses some levels entirely: cells with no row must come back as zeros
    labels = base.labels.copy()
    first = base.prepared[0]
    labels[first.codes == 0] = 0
    k = base.k
    want = _count(labels, k, base.prepared, base.outcome, base.titles)
    got = count_in_engine(DuckDBEngine(), labels, k, base.prepared, base.outcome, base.titles)
    _same_counts(got, want)
    # no target: sizes and cross-tabs only
    _same_counts(
        count_in_engine("duckdb", labels, k, base.prepared, None),
        _count(labels, k, base.prepared, None, None),
    )


def test_leads_on_duckdb_give_the_same_personas_as_in_memory(leads_csv: Path, tmp_path: Path) -> None:
    memory = analyze_file(leads_csv, k=4, exclude=["_segment"])
    duck = analyze_file(leads_csv, k=4, exclude=["_segment"], engine="duckdb")
    assert memory.engine is None and duck.engine == "duckdb"
    assert duck.summary()["engine"] == "duckdb"
    assert seed003.personas(duck.segments, duck.personas) == seed003.personas(
        memory.segments, memory.personas
    )
    assert [s.outcome for s in duck.segments] == [s.outcome for s in memory.segments]
    assert duck.overall == memory.overall


def test_the_setting_picks_the_engine_and_bad_names_are_refused(
    leads_df: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = leads_df.head(300)
    monkeypatch.setenv("SYNTHPERSONA_ENGINE", "duckdb")
    assert analyze_table(small, k=3, exclude=["_segment"]).engine == "duckdb"
    monkeypatch.setenv("SYNTHPERSONA_ENGINE", "postgres")
    with pytest.raises(ConfigError, match="SYNTHPERSONA_ENGINE"):
        analyze_table(small, k=3, exclude=["_segment"])
    monkeypatch.delenv("SYNTHPERSONA_ENGINE")
    with pytest.raises(InputError, match=r"Unknown engine 'duckdbb'.*duckdb"):
        analyze_table(small, k=3, exclude=["_segment"], engine="duckdbb")
