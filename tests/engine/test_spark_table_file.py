"""A table file analysed by path on Spark gives DuckDB's sample, segments and personas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from synthpersona.tables.sql_file import analyze_table_file
from synthpersona.views import seed003
from tables._data import make_leads  # tests/tables (tests/ is on sys.path)


def test_table_file_on_spark_equals_duckdb(spark: Any, tmp_path: Path) -> None:
    path = tmp_path / "leads.parquet"
    make_leads(500, seed=5, messy=True).astype("string").to_parquet(path)
    kw: dict[str, Any] = {"k": 3, "exclude": ["_segment"], "sample_rows": 250, "batch_rows": 200}
    duck = analyze_table_file(path, **kw)
    on_spark = analyze_table_file(path, engine=spark, **kw)
    assert on_spark.engine == "spark" and duck.engine == "duckdb"
    assert on_spark.notes == duck.notes  # the same md5 sample of the same size
    assert [s.size for s in on_spark.segments] == [s.size for s in duck.segments]
    assert seed003.personas(on_spark.segments, on_spark.personas) == seed003.personas(
        duck.segments, duck.personas
    )
