"""The engine interface: what every query engine (DuckDB, Spark) offers the library."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pandas as pd
import pyarrow as pa

from synthpersona.formats import READERS

#: Delimited text an engine reads by path (DuckDB and Spark decompress ``.gz`` themselves).
DELIMITED_PATH_SUFFIXES = (".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz")
#: File suffixes an engine registers by path (read by the engine itself, never through pandas):
#: the one list of what is read in place.
PATH_SUFFIXES = (*READERS["parquet"].extensions, *DELIMITED_PATH_SUFFIXES)


def path_format(path: str | Path) -> str | None:
    """The format an engine reads ``path`` as (``"CSV"``, ``"Parquet"``), ``None`` if not by path.

    Examples
    --------
    >>> path_format("leads.csv.gz"), path_format("leads.PQ"), path_format("leads.xlsx")
    ('CSV', 'Parquet', None)
    """
    name = str(path).lower()
    if name.endswith(DELIMITED_PATH_SUFFIXES):
        return READERS["delimited"].name
    if name.endswith(READERS["parquet"].extensions):
        return READERS["parquet"].name
    return None


@runtime_checkable
class Engine(Protocol):
    """Runs parameterised SQL over named tables.

    SQL is the common subset of DuckDB and Spark SQL: ``?`` positional parameters,
    ``count(*) FILTER (WHERE ...)`` is DuckDB-only (use ``sum(CASE WHEN ... THEN 1 ELSE 0 END)``
    in code meant for both), ``md5``, ``concat``, ``substr`` and window functions exist in both.
    """

    name: str

    def register(self, table: str, source: pd.DataFrame | pa.Table | Path | str) -> None:
        """Make ``source`` (a DataFrame, an Arrow table or a Parquet/CSV path) queryable as ``table``.

        A path is read by the engine when a query needs it (lazily, never into pandas); a
        folder or glob of Parquet files is one table.
        """
        ...

    def query(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Run ``sql`` with positional ``?`` parameters and return the result."""
        ...

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        """Run ``sql`` and return the first column of the first row."""
        ...

    def batches(
        self, sql: str, params: Sequence[Any] | None = None, *, rows: int = 1_000_000
    ) -> Iterator[pd.DataFrame]:
        """Run ``sql`` and yield its result in DataFrames of at most ``rows`` rows (bounded memory)."""
        ...

    def create_view(self, table: str, sql: str, *, materialize: bool = False) -> None:
        """Register ``sql`` (no parameters) as the view ``table``; ``materialize`` keeps its result
        in the engine's own memory (DuckDB: a table; Spark: a cached view) for faster queries."""
        ...

    def map_batches(
        self,
        sql: str,
        func: Callable[[pd.DataFrame], pd.DataFrame],
        schema: str,
        table: str,
        params: Sequence[Any] | None = None,
    ) -> None:
        """Apply ``func`` (DataFrame -> DataFrame with the columns of ``schema``) to the rows of
        ``sql`` in batches, where the data lives (Spark: on the executors, a pandas UDF), and
        register the result as ``table``."""
        ...

    def to_parquet(self, sql: str, path: str | Path, params: Sequence[Any] | None = None) -> str:
        """Write the result of ``sql`` to Parquet at ``path`` (a file for DuckDB, a folder for Spark)."""
        ...

    def columns(self, table: str) -> dict[str, str]:
        """Column name -> engine type name (lower case) of ``table``."""
        ...

    def tables(self) -> list[str]:
        """Names of the registered tables."""
        ...


def check_identifier(table: str) -> str:
    """``table`` if it is a plain SQL identifier, else an :class:`~synthpersona.errors.InputError`.

    Examples
    --------
    >>> check_identifier("users")
    'users'
    """
    from synthpersona.errors import InputError

    if not isinstance(table, str) or not table.isidentifier() or not table.isascii():
        raise InputError(
            f"Table name {table!r} is not a plain identifier (letters, digits, underscores).",
            details={"table": str(table)},
        )
    return table


def sql_string(text: str) -> str:
    """``text`` as a SQL string literal (single quotes doubled).

    Examples
    --------
    >>> sql_string("it's")
    "'it''s'"
    """
    return "'" + str(text).replace("'", "''") + "'"
