"""Populations as engine tables: a Parquet/CSV file is checked in SQL and queried in place.

:func:`open_population` registers a population with a query engine without reading it
into pandas when the file already has the built-in columns, types and vocabularies (every
file ``synthpersona population generate`` writes, and most exports of it): the checks run
as two aggregate queries (distinct values of the text columns; min, max and empties of the
others; unique ``user_id``), and a typed view over the file becomes the table. Files that
need coercion (other spellings, ``yes``/``no`` flags, derived columns) are read and
validated in memory as before (:func:`read_population_file`). Query results are brought
back with the same dtypes the validated DataFrame has (:meth:`PopulationTable.frame`).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from synthpersona import schema as S
from synthpersona.engine import DuckDBEngine, Engine
from synthpersona.engine._base import check_identifier, sql_string
from synthpersona.errors import DataError
from synthpersona.population._validate import INT_COLUMNS, OPEN_CATEGORIES, validate_population

__all__ = ["PopulationTable", "open_population"]

#: Populations up to this many rows are copied into the engine's memory; larger ones are read in place.
MATERIALIZE_ROWS = 1_000_000
_WIDE = ("user_id", "monthly_income_inr", "household_income_inr")
_NUMERIC_TYPES = ("int", "bigint", "smallint", "tinyint", "hugeint", "u", "double", "float", "real", "dec")


@dataclass
class PopulationTable:
    """A population registered as ``table`` in ``engine``, with what is needed to read results back.

    ``categories`` holds each text column's categories (the built-in vocabulary, then any
    other values of the open vocabularies ``city`` and ``state``), so a query result has
    the dtypes of :func:`~synthpersona.population.validate_population`'s output.
    ``lazy`` says whether the engine reads the file in place (no copy in pandas).
    """

    engine: Engine
    table: str
    n: int
    categories: dict[str, list[str]] = field(default_factory=dict)
    lazy: bool = False
    source: str = "frame"

    def frame(self, df: pd.DataFrame) -> pd.DataFrame:
        """``df`` (a query result) with the population's dtypes: categories, integer widths, flags."""
        out: dict[str, Any] = {}
        for col in df.columns:
            values = df[col]
            if col in self.categories:
                wanted = self.categories[col]
                if isinstance(values.dtype, pd.CategoricalDtype) and list(values.cat.categories) == wanted:
                    out[col] = values.cat.as_unordered()  # DuckDB's ENUMs arrive ordered
                else:
                    out[col] = pd.Categorical(values.astype(object), categories=pd.Index(wanted))
            elif col in INT_COLUMNS and pd.api.types.is_numeric_dtype(values):
                out[col] = values.to_numpy(dtype=np.int64 if col in _WIDE else np.int32)
            elif col in S.BOOLEAN_COLUMNS and pd.api.types.is_bool_dtype(values):
                out[col] = values.to_numpy(dtype=bool)
            else:
                out[col] = values
        return pd.DataFrame(out, index=pd.RangeIndex(len(df)))

    def fetch(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Run ``sql`` on the engine and return the result with the population's dtypes."""
        return self.frame(self.engine.query(sql, params))


def _categories(df: pd.DataFrame) -> dict[str, list[str]]:
    return {
        c: [str(v) for v in df[c].cat.categories]
        for c in S.CATEGORICAL_VALUES
        if c in df.columns and isinstance(df[c].dtype, pd.CategoricalDtype)
    }


def _register_frame(engine: Engine, df: pd.DataFrame, table: str, source: str) -> PopulationTable:
    engine.register(table, df)
    return PopulationTable(engine, table, len(df), _categories(df), lazy=False, source=source)


def _kind(type_name: str) -> str:
    t = type_name.lower()
    if t in ("varchar", "string") or t.startswith(("varchar", "string", "enum")):
        return "text"
    if t in ("boolean", "bool"):
        return "bool"
    if t.startswith(_NUMERIC_TYPES):
        return "number"
    return "other"


def _conforming_columns(types: dict[str, str]) -> bool:
    """Every built-in column present under its own name with a type of the right kind."""
    for col in S.COLUMNS:
        kind = _kind(types.get(col, "missing"))
        if col in S.CATEGORICAL_VALUES:
            ok = kind == "text"
        elif col in S.BOOLEAN_COLUMNS:
            ok = kind == "bool"
        else:
            ok = kind == "number"
        if not ok:
            return False
    return True


def _profile(
    engine: Engine, raw: str
) -> tuple[int, int, dict[str, list[str]], dict[str, tuple[Any, Any]], int]:
    """Rows, distinct ids, distinct text values, numeric (min, max) and the number of empties."""
    text = [c for c in S.COLUMNS if c in S.CATEGORICAL_VALUES]
    others = [c for c in S.COLUMNS if c not in S.CATEGORICAL_VALUES]
    aggs = ["count(*) AS n_rows", "count(DISTINCT user_id) AS n_ids"]
    aggs += [f"min({c}) AS min_{c}, max({c}) AS max_{c}" for c in others if c not in S.BOOLEAN_COLUMNS]
    empties = " + ".join(f"(count(*) - count({c}))" for c in S.COLUMNS)
    aggs.append(f"{empties} AS n_empty")
    row = engine.query(f"SELECT {', '.join(aggs)} FROM {raw}").iloc[0]
    ranges = {c: (row[f"min_{c}"], row[f"max_{c}"]) for c in others if c not in S.BOOLEAN_COLUMNS}
    # One scan for the distinct values of every text column (GROUPING SETS: DuckDB and Spark).
    sets = ", ".join(f"({c})" for c in text)
    grouped = engine.query(f"SELECT {', '.join(text)} FROM {raw} GROUP BY GROUPING SETS ({sets})")
    distinct: dict[str, list[str]] = {c: sorted(str(v) for v in grouped[c].dropna().unique()) for c in text}
    return int(row["n_rows"]), int(row["n_ids"]), distinct, ranges, int(row["n_empty"])


def _extremes(distinct: dict[str, list[str]], ranges: dict[str, tuple[Any, Any]]) -> pd.DataFrame:
    """A small table holding every distinct text value and each number's min and max.

    Validating it applies every per-value rule of :func:`validate_population` to the whole file.
    """
    size = max([2, *(len(v) for v in distinct.values())])
    data: dict[str, Any] = {}
    for col in S.COLUMNS:
        if col in distinct:
            values = distinct[col] or ["?"]
            data[col] = [values[i % len(values)] for i in range(size)]
        elif col in S.BOOLEAN_COLUMNS:
            data[col] = [i % 2 == 0 for i in range(size)]
        elif col == "user_id":
            data[col] = list(range(1, size + 1))
        else:
            lo, hi = ranges[col]
            data[col] = [lo if i % 2 == 0 else hi for i in range(size)]
    return pd.DataFrame(data)


def _typed_view_sql(raw: str, extras: list[str], categories: dict[str, list[str]], enums: bool) -> str:
    cols = []
    for col in S.COLUMNS:
        if col in INT_COLUMNS:
            cols.append(f"CAST({col} AS {'BIGINT' if col in _WIDE else 'INTEGER'}) AS {col}")
        elif col in categories and enums:  # DuckDB: results come back as pandas categoricals directly
            levels = ", ".join(sql_string(v) for v in categories[col])
            cols.append(f"CAST({col} AS ENUM({levels})) AS {col}")
        elif col in S.CATEGORICAL_VALUES or col in S.BOOLEAN_COLUMNS:
            cols.append(col)
        else:
            cols.append(f"CAST({col} AS DOUBLE) AS {col}")
    cols += [c for c in extras if c.isidentifier()]  # other names are not needed by any workflow
    return f"SELECT {', '.join(cols)} FROM {raw}"


def open_population(
    engine: Engine, source: pd.DataFrame | str | Path, table: str = "users"
) -> PopulationTable:
    """Register a population as ``table``: a file in place when it conforms, else validated in memory.

    Parameters
    ----------
    engine
        The query engine (DuckDB, Spark).
    source
        A DataFrame (validated, then registered), a Parquet/CSV path, a folder of Parquet files,
        a glob such as ``"people/part-*.parquet"`` (all files one table), or a URL the engine reads
        (``s3://...`` on Spark).
    table
        Table name in the engine.

    Returns
    -------
    PopulationTable
        The table, its row count and categories; ``lazy`` is ``True`` when the engine
        reads the file itself.

    Raises
    ------
    DataError
        The file is missing, unreadable, or holds values a population may not have
        (the same messages as :func:`read_population_file`).

    Examples
    --------
    >>> import tempfile
    >>> from synthpersona.engine import DuckDBEngine
    >>> from synthpersona.population import generate, write_population
    >>> path = write_population(generate(300), Path(tempfile.mkdtemp()) / "u.parquet")
    >>> pop = open_population(DuckDBEngine(), path)
    >>> pop.n, pop.lazy
    (300, True)
    >>> pop.fetch("SELECT city_tier FROM users LIMIT 2")["city_tier"].dtype.name
    'category'
    """
    from synthpersona.population._storage import read_population_file

    check_identifier(table)
    if isinstance(source, pd.DataFrame):
        return _register_frame(engine, validate_population(source, source="DataFrame"), table, "frame")
    remote = isinstance(source, str) and "://" in source  # s3://, abfss://, hdfs://: Spark reads it
    path = Path(source).expanduser()
    many = not remote and (path.is_dir() or any(ch in str(source) for ch in "*?["))
    if many and not path.is_dir():
        if not sorted(path.parent.glob(path.name)):
            raise DataError(f"Population glob {str(path)!r} matches no file.", details={"path": str(path)})
    elif not remote and not path.exists():
        raise DataError(f"Population file {str(path)!r} does not exist.", details={"path": str(path)})

    def fallback() -> PopulationTable:
        """The file read and validated in memory (precise messages), or an error for many files."""
        if many:
            raise DataError(
                f"The files of {str(path)!r} are not one population with the built-in columns and values, "
                "unique user_id and no empty cells; check each with `synthpersona population validate FILE`.",
                details={"path": str(path)},
            )
        return _register_frame(engine, read_population_file(path), table, str(path))

    raw = f"{table}__file"
    try:
        engine.register(raw, source if remote else path)
        types = engine.columns(raw)
    except DataError:
        raise
    except Exception:  # the engine cannot read it: the in-memory reader gives the precise message
        return fallback()
    if not _conforming_columns(types):
        return fallback()
    n_rows, n_ids, distinct, ranges, n_empty = _profile(engine, raw)
    if n_rows == 0 or n_empty or n_ids != n_rows:
        return fallback()
    try:
        checked = validate_population(_extremes(distinct, ranges), source=path.name)
    except DataError:
        return fallback()
    for col, values in distinct.items():
        if sorted(str(v) for v in checked[col].unique()) != values:  # needs coercion (other spellings)
            return fallback()
    categories = {
        col: [*S.CATEGORICAL_VALUES[col], *(v for v in distinct[col] if v not in S.CATEGORICAL_VALUES[col])]
        if col in OPEN_CATEGORIES
        else list(S.CATEGORICAL_VALUES[col])
        for col in distinct
    }
    extras = [c for c in types if c not in S.COLUMNS]
    view = _typed_view_sql(raw, extras, categories, enums=engine.name == "duckdb")
    if n_rows > MATERIALIZE_ROWS and not remote and isinstance(engine, DuckDBEngine) and _copy_wanted():
        # Opt-in (SYNTHPERSONA_POPULATION_COPY=1): DuckDB's own file format, written once, scans
        # a sample of all columns ~3x and the assignment columns ~4x cheaper (CPU, 4M people),
        # but DuckDB keeps the blocks it read: +180 MB peak at 4M people, so probably over the
        # 2 GB target at 20M (not measured); the default reads the Parquet file in place.
        native = _native_copy(engine, view, table, path, many)
        if native is not None:
            engine.create_view(table, f"SELECT * FROM {native}")
            return PopulationTable(engine, table, n_rows, categories, lazy=True, source=str(path))
    # A small population is kept in the engine's own columnar memory (not pandas): goal queries
    # on the default 50,000 people then cost what they did when the table was a DataFrame.
    engine.create_view(table, view, materialize=n_rows <= MATERIALIZE_ROWS)
    return PopulationTable(engine, table, n_rows, categories, lazy=True, source=str(path))


def _copy_wanted() -> bool:
    from synthpersona.config import get_settings

    return bool(get_settings().population_copy)


def native_cache_dir() -> Path:
    """Where DuckDB copies of large population files are kept (``<data home>/cache/populations``)."""
    from synthpersona.config import data_home

    return data_home() / "cache" / "populations"


def _native_copy(engine: DuckDBEngine, view: str, table: str, path: Path, many: bool) -> str | None:
    """The population's typed rows in a DuckDB database file, written once per version of the source.

    The file is named after the source's identity (resolved paths, sizes and modification
    times of its files), so a changed file gets a new copy; it is written under a temporary
    name and renamed, so concurrent processes never attach a half-written copy. Returns the
    attached table's name, or ``None`` when no copy can be written (read-only data home): the
    caller reads the Parquet in place as before.
    """
    import hashlib
    import json
    import os

    files = (
        sorted(path.rglob("*.parquet"))
        if path.is_dir()
        else (sorted(path.parent.glob(path.name)) if many else [path])
    )
    stats = [(str(f.resolve()), f.stat().st_size, f.stat().st_mtime_ns) for f in files]
    digest = hashlib.sha256(json.dumps([stats, view]).encode()).hexdigest()[:20]
    folder = native_cache_dir()
    target = folder / f"{digest}.duckdb"
    alias = f"{table}__native"
    try:
        if not target.exists():
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{digest}.{os.getpid()}.tmp"
            tmp.unlink(missing_ok=True)
            engine.attach(alias, tmp)
            engine.execute(f"CREATE TABLE {alias}.people AS {view}")
            engine.detach(alias)
            os.replace(tmp, target)
        engine.attach(alias, target, read_only=True)
    except Exception:  # OSError or DuckDB's IOException (read-only home, full disk): read in place
        with contextlib.suppress(Exception):
            engine.detach(alias)
        return None
    return f"{alias}.people"
