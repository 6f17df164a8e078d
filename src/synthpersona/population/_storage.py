"""Storage of populations: the cached built-in Parquet file, user files and DuckDB registration."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from synthpersona._files import atomic_path
from synthpersona.config import data_home, get_settings
from synthpersona.engine import DuckDBEngine, Engine
from synthpersona.errors import DataError, InputError
from synthpersona.population._generate import GENERATOR_VERSION, STREAM_MAX_ROWS, iter_generate
from synthpersona.population._lazy import PopulationTable, open_population
from synthpersona.population._validate import validate_population

log = logging.getLogger(__name__)

METADATA_KEY = b"synthpersona"
SUFFIXES = (".parquet", ".csv")  # a population file: read, written and named in messages from here

_path_locks: dict[Path, threading.Lock] = {}
_engine_locks: dict[tuple[int, int, str], threading.Lock] = {}
_engines: dict[tuple[int, int, str], PopulationTable] = {}
_registry_lock = threading.Lock()


def _defaults(n: int | None, random_state: int | None) -> tuple[int, int]:
    if n is None or random_state is None:
        settings = get_settings()  # a bad SYNTHPERSONA_* variable is a ConfigError naming it
        n = settings.population_size if n is None else n
        random_state = settings.population_seed if random_state is None else random_state
    return int(n), int(random_state)


def population_path(n: int | None = None, random_state: int | None = None) -> Path:
    """Path of the cached built-in population file for ``(n, random_state)``.

    Defaults come from :class:`~synthpersona.config.Settings` (``population_size``,
    ``population_seed``); the file lives in ``data_home()/population/``.

    Examples
    --------
    >>> population_path(1000, 3).name
    'users_n1000_seed3.parquet'
    """
    n, seed = _defaults(n, random_state)
    return data_home() / "population" / f"users_n{n}_seed{seed}.parquet"


def _metadata(path: Path) -> dict[str, object] | None:
    try:
        meta = pq.read_schema(path).metadata or {}
        raw = meta.get(METADATA_KEY)
        return None if raw is None else dict(json.loads(raw))
    except (OSError, pa.ArrowException, ValueError):
        return None


def write_population(
    df: pd.DataFrame, path: str | Path, *, metadata: dict[str, object] | None = None
) -> Path:
    """Write a population to Parquet or CSV (by suffix) atomically: temp file, then rename.

    Parameters
    ----------
    df
        The population.
    path
        Destination ending in ``.parquet`` or ``.csv``; parent folders are created.
    metadata
        Extra key/values stored in the Parquet schema metadata (ignored for CSV).

    Returns
    -------
    pathlib.Path
        The written path.

    Examples
    --------
    >>> import tempfile
    >>> from synthpersona.population import generate
    >>> out = write_population(generate(100), Path(tempfile.mkdtemp()) / "users.parquet")
    >>> out.exists()
    True
    """
    path = Path(path).expanduser()
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"Cannot write a population to {path.name!r}: the file name must end in .parquet or .csv.",
            details={"path": str(path), "allowed": list(SUFFIXES)},
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(
            f"Cannot write into the folder {str(path.parent)!r}: {exc.strerror or exc}.",
            details={"path": str(path)},
        ) from exc
    try:
        with atomic_path(path) as tmp:
            if suffix == ".parquet":
                table = pa.Table.from_pandas(df, preserve_index=False)
                meta = dict(table.schema.metadata or {})
                meta[METADATA_KEY] = json.dumps(metadata or {}).encode()
                pq.write_table(table.replace_schema_metadata(meta), tmp, compression="zstd")
            else:
                df.to_csv(tmp, index=False)
    except OSError as exc:
        raise DataError(
            f"Cannot write {str(path)!r}: {exc.strerror or exc}.", details={"path": str(path)}
        ) from exc
    except (pa.ArrowException, ValueError, TypeError) as exc:
        raise DataError(
            f"Cannot write the population to {path.name!r}: {exc}. Check that every column has one type "
            "(validate_population coerces them).",
            details={"path": str(path)},
        ) from exc
    return path


def write_generated(
    path: str | Path, n: int, random_state: int | None = 0, *, metadata: dict[str, object] | None = None
) -> Path:
    """Generate ``n`` people straight into a Parquet file, chunk by chunk (memory does not grow with ``n``).

    The file holds exactly ``generate(n, random_state)`` (one row group per chunk of about
    250,000 rows); it is written to a temporary file and renamed, so readers never see a
    partial one. Up to 2,000,000,000 rows.

    Examples
    --------
    >>> import tempfile
    >>> out = write_generated(Path(tempfile.mkdtemp()) / "users.parquet", 1_000, random_state=2)
    >>> pq.read_metadata(out).num_rows
    1000
    """
    path = Path(path).expanduser()
    if path.suffix.lower() != ".parquet":
        raise InputError(
            f"Cannot stream a population to {path.name!r}: the file name must end in .parquet.",
            details={"path": str(path), "allowed": [".parquet"]},
        )
    meta = {"generator_version": GENERATOR_VERSION, "n": int(n), "random_state": random_state}
    meta.update(metadata or {})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            writer: pq.ParquetWriter | None = None
            try:
                for part in iter_generate(n, random_state, max_rows=STREAM_MAX_ROWS):
                    table = pa.Table.from_pandas(part, preserve_index=False)
                    if writer is None:
                        schema_meta = dict(table.schema.metadata or {})
                        schema_meta[METADATA_KEY] = json.dumps(meta).encode()
                        writer = pq.ParquetWriter(
                            tmp, table.schema.with_metadata(schema_meta), compression="zstd"
                        )
                    writer.write_table(table.replace_schema_metadata(writer.schema.metadata))
            finally:
                if writer is not None:
                    writer.close()
    except OSError as exc:
        raise DataError(
            f"Cannot write {str(path)!r}: {exc.strerror or exc}.", details={"path": str(path)}
        ) from exc
    return path


def population_file(n: int | None = None, random_state: int | None = None) -> Path:
    """The cached built-in population file for ``(n, random_state)``, generated first when missing.

    A file written by another generator version, or damaged, is rebuilt. The file is
    written chunk by chunk (:func:`write_generated`), so 20 million rows need no more
    memory than 250,000.

    Examples
    --------
    >>> population_file(500, 1).name
    'users_n500_seed1.parquet'
    """
    n, seed = _defaults(n, random_state)
    path = population_path(n, seed)
    with _registry_lock:
        lock = _path_locks.setdefault(path, threading.Lock())
    with lock:
        meta = _metadata(path) if path.exists() else None
        if meta is not None and str(meta.get("generator_version")) == GENERATOR_VERSION:
            return path
        if path.exists():
            log.info("Rebuilding population file %s (damaged or written by another generator version)", path)
        return write_generated(path, n, seed)


def load_population(n: int | None = None, random_state: int | None = None) -> pd.DataFrame:
    """The built-in population, generated once and cached as Parquet in the data directory.

    The first call for a given ``(n, random_state)`` generates the table and writes
    it atomically to :func:`population_path` (:func:`population_file`); later calls read
    the file. Large populations are better queried in place: :func:`default_population`.

    Parameters
    ----------
    n
        Number of rows; default ``Settings().population_size`` (50,000).
    random_state
        Seed; default ``Settings().population_seed`` (0).

    Returns
    -------
    pandas.DataFrame
        The population (a fresh copy on every call; callers may modify it).

    Examples
    --------
    >>> df = load_population(500, random_state=1)
    >>> len(df)
    500
    """
    n, seed = _defaults(n, random_state)
    try:
        path = population_file(n, seed)
    except DataError as exc:
        # A read-only or full data directory must not stop the work: the table is made in memory.
        log.warning("Could not cache the population (%s); using it in memory.", exc.message)
        from synthpersona.population._generate import generate

        return generate(n, random_state=seed)
    try:
        return pd.read_parquet(path)
    except (OSError, pa.ArrowException, ValueError) as exc:
        log.warning("Rebuilding damaged population file %s: %s", path, exc)
        path.unlink(missing_ok=True)
        return pd.read_parquet(population_file(n, seed))


def read_population_file(path: str | Path) -> pd.DataFrame:
    """Read a user-supplied population (Parquet or CSV) and validate it.

    Columns are matched by name (case, spaces and hyphens ignored); values are
    coerced to the built-in dtypes and vocabularies (``Tier 1`` -> ``Tier-1``,
    ``Bangalore`` -> ``Bengaluru``, ``yes`` -> ``True``); ``user_id``,
    ``income_level`` and ``has_children`` are derived when absent.

    Raises
    ------
    DataError
        The file is missing, unreadable, empty, lacks required columns (listed, with
        close matches) or holds values outside the allowed ones.

    Examples
    --------
    >>> import tempfile
    >>> from synthpersona.population import generate
    >>> p = write_population(generate(50), Path(tempfile.mkdtemp()) / "u.csv")
    >>> read_population_file(p).shape
    (50, 46)
    """
    path = Path(path).expanduser()
    if not path.exists():
        raise DataError(f"Population file {str(path)!r} does not exist.", details={"path": str(path)})
    if path.is_dir():
        raise DataError(
            f"{str(path)!r} is a folder; give a .parquet or .csv file.", details={"path": str(path)}
        )
    name = path.name.lower()
    try:
        if name.endswith((".parquet", ".pq")):
            df = pd.read_parquet(path)
        elif name.endswith((".csv", ".csv.gz", ".txt")):
            df = pd.read_csv(path, sep=None, engine="python") if name.endswith(".txt") else pd.read_csv(path)
        elif name.endswith(".tsv"):
            df = pd.read_csv(path, sep="\t")
        else:
            raise DataError(
                f"Cannot read {path.name!r}: population files must be .parquet or .csv.",
                details={"path": str(path), "allowed": list(SUFFIXES)},
            )
    except DataError:
        raise
    except pd.errors.EmptyDataError as exc:
        raise DataError(f"Population file {path.name!r} is empty.", details={"path": str(path)}) from exc
    except (OSError, ValueError, pa.ArrowException, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(
            f"Cannot read population file {path.name!r}: {exc}. Is it a valid Parquet/CSV file?",
            details={"path": str(path)},
        ) from exc
    return validate_population(df, source=path.name)


def register_population(
    engine: Engine, source: pd.DataFrame | str | Path | None = None, table: str = "users"
) -> pd.DataFrame:
    """Register a population in a query engine as ``table`` (default ``users``).

    Parameters
    ----------
    engine
        The engine, e.g. a :class:`~synthpersona.engine.DuckDBEngine`.
    source
        A DataFrame (validated), a path to a Parquet/CSV population, or ``None`` for
        the built-in population (:func:`load_population`).
    table
        Table name in the engine.

    Returns
    -------
    pandas.DataFrame
        The registered (validated) population.

    Examples
    --------
    >>> from synthpersona.engine import DuckDBEngine
    >>> eng = DuckDBEngine()
    >>> _ = register_population(eng, load_population(300, 0))
    >>> int(eng.scalar("SELECT count(*) FROM users"))
    300
    """
    if source is None:
        df = load_population()
    elif isinstance(source, pd.DataFrame):
        df = validate_population(source, source="DataFrame")
    else:
        df = read_population_file(source)
    engine.register(table, df)
    return df


def default_population(engine: str | Engine | None = None) -> PopulationTable:
    """The built-in population registered as ``users`` in a process-wide engine, read in place.

    Created on first use (thread-safe) and cached per ``(population_size, population_seed,
    engine)``; the engine (``SYNTHPERSONA_ENGINE`` by default, or ``engine``: a name) reads the
    cached Parquet file itself, so a 20-million-row population never passes through pandas.

    Examples
    --------
    >>> pop = default_population()
    >>> pop.table, pop.lazy
    ('users', True)
    """
    from synthpersona.engine import engine_name, get_engine

    name = engine_name(engine if isinstance(engine, str) or engine is None else None)
    key = (*_defaults(None, None), name)
    with _registry_lock:
        found = _engines.get(key)
        if found is not None:
            return found
    # Build outside the registry lock (generation can take seconds) but once per key.
    with _registry_lock:
        lock = _engine_locks.setdefault(key, threading.Lock())
    with lock:
        with _registry_lock:
            if key in _engines:
                return _engines[key]
        try:
            source: pd.DataFrame | Path = population_file(key[0], key[1])
        except DataError:
            source = load_population(key[0], key[1])  # read-only data directory: in memory
        table = open_population(get_engine(name), source)
        with _registry_lock:
            _engines[key] = table
        return table


def default_engine() -> DuckDBEngine:
    """A process-wide DuckDB engine with the default population registered as ``users``.

    Created on first use (thread-safe) and cached per ``(population_size,
    population_seed)`` settings; the population file is read in place
    (:func:`default_population`).

    Examples
    --------
    >>> eng = default_engine()
    >>> "users" in eng.tables()
    True
    """
    engine = default_population("duckdb").engine
    assert isinstance(engine, DuckDBEngine)
    return engine


def clear_default_engine() -> None:
    """Forget the cached default engines (e.g. after changing the population settings)."""
    with _registry_lock:
        _engines.clear()
