"""The table use case (``usecases.tables.analyze_file``) on Spark gives DuckDB's personas and privacy.

By path (the engine reads the file in place, asked for with the ``SYNTHPERSONA_ENGINE``
setting) and in memory (the engine aggregates the counts, asked for with ``engine=``); issue 18.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from synthpersona.usecases.tables import analyze_file
from synthpersona.views import seed003
from tables._data import make_leads  # tests/tables (tests/ is on sys.path)


@pytest.fixture(scope="module")
def leads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("leads_usecase") / "leads.csv"
    make_leads(400, seed=6).drop(columns=["_segment"]).to_csv(path, index=False)
    return path


@pytest.mark.slow  # Spark's first pandas UDF starts its Python workers (~10 s)
@pytest.mark.parametrize("by_path", [True, False], ids=["by_path_setting", "in_memory_engine"])
def test_the_table_use_case_is_the_same_on_spark_and_duckdb(
    spark: Any, leads: Path, by_path: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    duck = analyze_file(leads, k=3, by_path=by_path, engine="duckdb")
    if by_path:  # the setting: a new SparkEngine joins the running local session
        monkeypatch.setenv("SYNTHPERSONA_ENGINE", "spark")
        on_spark = analyze_file(leads, k=3, by_path=True)
    else:
        on_spark = analyze_file(leads, k=3, by_path=False, engine=spark)
    assert (on_spark.engine, duck.engine) == ("spark", "duckdb")
    assert [s.size for s in on_spark.segments] == [s.size for s in duck.segments]
    assert seed003.personas(on_spark.segments, on_spark.personas) == seed003.personas(
        duck.segments, duck.personas
    )
    assert on_spark.privacy == duck.privacy and duck.privacy is not None
