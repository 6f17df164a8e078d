"""DuckDB engine: embedded analytics SQL over DataFrames and Parquet files."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from synthpersona.errors import DataError, InputError


class DuckDBEngine:
    """An in-process DuckDB connection with registered tables.

    Thread-safe: calls are serialised on one connection (DataFrames registered
    zero-copy are visible to that connection only; DuckDB parallelises each query
    internally).

    Examples
    --------
    >>> import pandas as pd
    >>> eng = DuckDBEngine()
    >>> eng.register("t", pd.DataFrame({"a": [1, 2, 3]}))
    >>> int(eng.scalar("SELECT count(*) FROM t WHERE a >= ?", [2]))
    2
    """

    name = "duckdb"

    def __init__(self, threads: int | None = None) -> None:
        self._con = duckdb.connect(database=":memory:")
        # a library must not draw DuckDB's progress bar into its caller's terminal or logs
        self._con.execute("SET enable_progress_bar = false")
        if threads:
            self._con.execute(f"SET threads TO {int(threads)}")
        self._lock = threading.Lock()
        self._tables: dict[str, pd.DataFrame | pa.Table | str] = {}

    def register(self, table: str, source: pd.DataFrame | pa.Table | Path | str) -> None:
        if not table.isidentifier():
            raise InputError(f"Table name {table!r} is not a plain identifier.")
        with self._lock:
            if isinstance(source, pd.DataFrame | pa.Table):
                self._con.register(table, source)
                self._tables[table] = source
                return
            path = Path(source)
            if not path.exists():
                raise DataError(f"File {str(path)!r} does not exist.", details={"path": str(path)})
            reader = "read_parquet" if path.suffix.lower() == ".parquet" else "read_csv_auto"
            # The path is quoted as a SQL string literal; single quotes are doubled.
            quoted = str(path).replace("'", "''")
            self._con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM {reader}('{quoted}')")
            self._tables[table] = str(path)

    def query(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        with self._lock:
            return self._con.execute(sql, list(params or [])).df()

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        with self._lock:
            # fetchall() consumes the result, so the connection is free for the next statement.
            rows = self._con.execute(sql, list(params or [])).fetchall()
        return rows[0][0] if rows else None

    def tables(self) -> list[str]:
        return sorted(self._tables)
