"""DuckDB engine: embedded analytics SQL over DataFrames and Parquet/CSV files read in place."""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from synthpersona.engine._base import check_identifier, sql_string
from synthpersona.errors import DataError, InputError


def reader_sql(source: Path | str) -> str:
    """The DuckDB table function reading ``source``: a Parquet/CSV file, a folder of Parquet, a glob.

    Examples
    --------
    >>> reader_sql("/data/users.parquet")
    "read_parquet('/data/users.parquet')"
    >>> reader_sql("/data/events/*.csv")
    "read_csv_auto('/data/events/*.csv')"
    """
    text = str(source)
    path = Path(text)
    if path.is_dir():
        return f"read_parquet({sql_string(str(path / '**' / '*.parquet'))})"
    name = path.name.lower()
    if name.endswith((".parquet", ".pq")):
        return f"read_parquet({sql_string(text)})"
    if name.endswith(".tsv"):
        return f"read_csv_auto({sql_string(text)}, delim='\\t')"
    return f"read_csv_auto({sql_string(text)})"


class DuckDBEngine:
    """An in-process DuckDB connection with registered tables.

    Files are registered as views over DuckDB's own readers, so a 20-million-row Parquet
    population is scanned (and filtered, counted, aggregated) in place and only query
    results reach pandas. Thread-safe: calls are serialised on one connection (DataFrames
    registered zero-copy are visible to that connection only; DuckDB parallelises each
    query internally).

    Parameters
    ----------
    threads
        DuckDB worker threads (default: all cores).
    memory_limit
        DuckDB's memory limit, e.g. ``"2GB"``; larger sorts and joins spill to disk.

    Examples
    --------
    >>> import pandas as pd
    >>> eng = DuckDBEngine()
    >>> eng.register("t", pd.DataFrame({"a": [1, 2, 3]}))
    >>> int(eng.scalar("SELECT count(*) FROM t WHERE a >= ?", [2]))
    2
    >>> [len(b) for b in eng.batches("SELECT * FROM t", rows=2)]
    [2, 1]
    """

    name = "duckdb"

    def __init__(self, threads: int | None = None, memory_limit: str | None = None) -> None:
        self._con = duckdb.connect(database=":memory:")
        # a library must not draw DuckDB's progress bar into its caller's terminal or logs
        self._con.execute("SET enable_progress_bar = false")
        # Spilled sorts go to the system's temp folder, not to '.tmp' in the caller's working directory.
        spill = Path(tempfile.gettempdir()) / f"synthpersona-duckdb-{os.getpid()}"
        self._con.execute(f"SET temp_directory = {sql_string(str(spill))}")
        # DuckDB's allocator (jemalloc) keeps the pages a finished query freed until the thread
        # that freed them allocates again: ~80 MB after opening a 2,000,000-person file, as much
        # again after each audience fetch. Its background threads hand them back within a second.
        self._con.execute("SET allocator_background_threads = true")
        if threads:
            self._con.execute(f"SET threads TO {int(threads)}")
        if memory_limit:
            self._con.execute(f"SET memory_limit = {sql_string(memory_limit)}")
        self._lock = threading.RLock()
        self._streaming = False
        self._tables: dict[str, pd.DataFrame | pa.Table | str] = {}

    def _check_free(self) -> None:
        if self._streaming:
            raise RuntimeError("This engine is streaming batches; finish iterating before the next query.")

    def register(self, table: str, source: pd.DataFrame | pa.Table | Path | str) -> None:
        check_identifier(table)
        with self._lock:
            self._check_free()
            if isinstance(source, pd.DataFrame | pa.Table):
                self._con.register(table, source)
                self._tables[table] = source
                return
            text = str(source)
            if not any(ch in text for ch in "*?[") and not Path(text).exists():
                raise DataError(f"File {text!r} does not exist.", details={"path": text})
            with contextlib.suppress(duckdb.Error):
                self._con.unregister(table)  # a DataFrame registered under this name before
            self._con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM {reader_sql(text)}")
            self._tables[table] = text

    def create_view(self, table: str, sql: str, *, materialize: bool = False) -> None:
        check_identifier(table)
        with self._lock:
            self._check_free()
            kind = "TABLE" if materialize else "VIEW"
            for existing in ("VIEW", "TABLE"):  # DROP of the other kind is an error: try both
                with contextlib.suppress(duckdb.CatalogException):
                    self._con.execute(f"DROP {existing} IF EXISTS {table}")
            self._con.execute(f"CREATE {kind} {table} AS {sql}")
            self._tables[table] = sql

    def query(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        with self._lock:
            self._check_free()
            return self._con.execute(sql, list(params or [])).df()

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        with self._lock:
            self._check_free()
            # fetchall() consumes the result, so the connection is free for the next statement.
            rows = self._con.execute(sql, list(params or [])).fetchall()
        return rows[0][0] if rows else None

    def batches(
        self, sql: str, params: Sequence[Any] | None = None, *, rows: int = 1_000_000
    ) -> Iterator[pd.DataFrame]:
        # The connection is held for the whole iteration: another statement on it would end the stream.
        with self._lock:
            self._check_free()
            relation = self._con.sql(sql, params=list(params or []) or None)
            reader: pa.RecordBatchReader = relation.to_arrow_reader(max(1, int(rows)))
            self._streaming = True
            try:
                pending: list[pa.RecordBatch] = []
                count = 0
                for batch in reader:
                    pending.append(batch)
                    count += batch.num_rows
                    if count >= rows:
                        yield pa.Table.from_batches(pending).to_pandas()
                        pending, count = [], 0
                if count:
                    yield pa.Table.from_batches(pending).to_pandas()
            finally:
                self._streaming = False

    def map_batches(
        self,
        sql: str,
        func: Callable[[pd.DataFrame], pd.DataFrame],
        schema: str,
        table: str,
        params: Sequence[Any] | None = None,
    ) -> None:
        """Apply ``func`` to the rows of ``sql`` batch by batch; the results become table ``table``.

        ``schema`` (``"user_id BIGINT, cluster_id INT"``) is the output's columns; memory holds
        one batch at a time plus the (usually narrow) output.
        """
        check_identifier(table)
        names = [part.strip().split()[0] for part in schema.split(",")]
        parts = [func(batch)[names] for batch in self.batches(sql, params, rows=100_000)]
        with self._lock:
            self._check_free()
            self._con.execute(f"CREATE OR REPLACE TABLE {table} ({schema})")
            for i, part in enumerate(parts):
                self._con.register(f"_part_{i}", part)
                self._con.execute(f"INSERT INTO {table} SELECT * FROM _part_{i}")
                self._con.unregister(f"_part_{i}")
            self._tables[table] = sql

    def to_parquet(self, sql: str, path: str | Path, params: Sequence[Any] | None = None) -> str:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        if params:
            raise InputError("to_parquet takes SQL without parameters on DuckDB (COPY cannot bind them).")
        with self._lock:
            self._check_free()
            self._con.execute(f"COPY ({sql}) TO {sql_string(str(target))} (FORMAT parquet, COMPRESSION zstd)")
        return str(target)

    def attach(self, alias: str, path: str | Path, *, read_only: bool = False) -> None:
        """Attach the DuckDB database file ``path`` as ``alias`` (created when missing and writable).

        An alias attached before is detached first, so re-opening a population swaps its copy.
        """
        check_identifier(alias)
        mode = " (READ_ONLY)" if read_only else ""
        with self._lock:
            self._check_free()
            self.detach(alias)
            self._con.execute(f"ATTACH {sql_string(str(path))} AS {alias}{mode}")

    def detach(self, alias: str) -> None:
        """Detach ``alias`` if it is attached."""
        check_identifier(alias)
        with self._lock:
            self._check_free()
            self._con.execute(f"DETACH DATABASE IF EXISTS {alias}")

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        """Run a statement that returns nothing (DDL), e.g. ``CREATE TABLE ... AS ...``."""
        with self._lock:
            self._check_free()
            self._con.execute(sql, list(params or []))

    def columns(self, table: str) -> dict[str, str]:
        check_identifier(table)
        with self._lock:
            self._check_free()
            rows = self._con.execute(f"DESCRIBE SELECT * FROM {table}").fetchall()
        return {str(r[0]): str(r[1]).lower() for r in rows}

    def tables(self) -> list[str]:
        return sorted(self._tables)
