"""The engines by name, and the one function every use case calls to get one (``engine=``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from synthpersona.engine._base import PATH_SUFFIXES, Engine
from synthpersona.errors import InputError


@dataclass(frozen=True)
class EngineInfo:
    """One registered engine: a name, a factory and a one-line description."""

    name: str
    factory: Callable[[], Engine]
    description: str


def _duckdb() -> Engine:
    from synthpersona.config import get_settings
    from synthpersona.engine._duckdb import DuckDBEngine

    budget = get_settings().engine_memory_mb  # SYNTHPERSONA_ENGINE_MEMORY_MB: DuckDB spills beyond it
    return DuckDBEngine(memory_limit=f"{budget}MB" if budget else None)


def _spark() -> Engine:
    from synthpersona.engine._spark import SparkEngine

    return SparkEngine()


#: Engine name -> how to make one. ``SYNTHPERSONA_ENGINE`` and every use case's ``engine=`` pick from it.
ENGINES: dict[str, EngineInfo] = {
    "duckdb": EngineInfo("duckdb", _duckdb, "embedded DuckDB: files read in place on this machine (default)"),
    "spark": EngineInfo(
        "spark",
        _spark,
        "Apache Spark (extra 'spark'): local[*] or the cluster of SYNTHPERSONA_SPARK_MASTER",
    ),
}


def engine_name(engine: str | Engine | None = None) -> str:
    """The name of the engine ``engine`` designates (``None``: the ``SYNTHPERSONA_ENGINE`` setting).

    Examples
    --------
    >>> engine_name("DuckDB")
    'duckdb'
    """
    if engine is None:
        from synthpersona.config import get_settings
        from synthpersona.errors import ConfigError

        setting = get_settings().engine
        if setting.strip().lower() not in ENGINES:
            raise ConfigError(
                f"SYNTHPERSONA_ENGINE={setting!r} is not an engine; allowed: {', '.join(ENGINES)}. "
                "Fix or unset it.",
                details={"variables": ["SYNTHPERSONA_ENGINE"], "allowed": list(ENGINES)},
            )
        engine = setting
    if isinstance(engine, str):
        key = engine.strip().lower()
        if key not in ENGINES:
            from synthpersona.errors import did_you_mean

            raise InputError(
                f"Unknown engine {engine!r}.{did_you_mean(key, list(ENGINES))} "
                f"Allowed: {', '.join(ENGINES)}.",
                details={"engine": engine, "allowed": list(ENGINES)},
            )
        return key
    return str(getattr(engine, "name", type(engine).__name__))


def get_engine(engine: str | Engine | Any | None = None) -> Engine:
    """An engine: ``engine`` itself, a new one by name, or the ``SYNTHPERSONA_ENGINE`` setting's.

    Parameters
    ----------
    engine
        An :class:`Engine`, a name of :data:`ENGINES` (``"duckdb"``, ``"spark"``), a
        ``pyspark.sql.SparkSession`` (e.g. the ``spark`` of a Databricks or EMR notebook),
        or ``None`` for the setting (default ``duckdb``).

    Raises
    ------
    InputError
        An unknown name (the allowed ones are listed).

    Examples
    --------
    >>> get_engine("duckdb").name
    'duckdb'
    >>> get_engine("postgres")
    Traceback (most recent call last):
    ...
    synthpersona.errors.InputError: Unknown engine 'postgres'. Allowed: duckdb, spark.
    """
    if engine is None or isinstance(engine, str):
        return ENGINES[engine_name(engine)].factory()
    if type(engine).__name__ == "SparkSession":
        from synthpersona.engine._spark import SparkEngine

        return SparkEngine(session=engine)
    if isinstance(engine, Engine):
        return engine
    raise InputError(
        f"engine must be a name ({', '.join(ENGINES)}), an Engine or a SparkSession, "
        f"got {type(engine).__name__}.",
        details={"allowed": list(ENGINES)},
    )


def requested_engine(engine: str | Engine | Any | None = None) -> str | Engine | Any | None:
    """The engine a caller asked for: ``engine``, else ``SYNTHPERSONA_ENGINE`` when it is set, else ``None``.

    For the use cases whose default is to work in memory (tables, event logs that fit):
    ``None`` means "no engine asked for", so they keep their in-memory path, while a set
    ``SYNTHPERSONA_ENGINE`` (or an explicit ``engine=``) sends their SQL to that engine.

    Examples
    --------
    >>> requested_engine("duckdb")
    'duckdb'
    """
    if engine is not None:
        return engine
    from synthpersona.config import get_settings

    settings = get_settings()
    if "engine" not in settings.model_fields_set:
        return None
    return engine_name(None)  # validates the setting (ConfigError naming the variable)


def engine_reads(source: Any) -> bool:
    """Whether an engine reads the file ``source`` by path: its name ends in one of
    :data:`~synthpersona.engine.PATH_SUFFIXES` (Parquet; CSV, TSV, TXT, also gzipped). JSON lines,
    W3C access logs and the other formats of :data:`synthpersona.formats.READERS` are read in memory only.

    Examples
    --------
    >>> engine_reads("events.parquet"), engine_reads("export.CSV"), engine_reads("segment.jsonl")
    (True, True, False)
    """
    return Path(str(source)).name.lower().endswith(PATH_SUFFIXES)


def in_memory_note(source: Any, engine: str | Engine | Any | None = None) -> str | None:
    """The note saying the ``SYNTHPERSONA_ENGINE`` setting is not used for ``source``, and why.

    ``None`` when :func:`engine_for_source` follows the setting (or none is set, or ``engine=``
    was given, or ``source`` is a DataFrame or the bundled file).
    """
    import pandas as pd

    if engine is not None or source is None or isinstance(source, pd.DataFrame) or engine_reads(source):
        return None
    if requested_engine(None) is None:
        return None
    return (
        f"{Path(str(source)).name!r} was read in memory, not with the SYNTHPERSONA_ENGINE setting's "
        f"engine: the engine reads {', '.join(PATH_SUFFIXES)} files by path, not this format."
    )


def engine_for_source(source: Any, engine: str | Engine | Any | None = None) -> str | Engine | Any | None:
    """The engine a use case reads ``source`` with: ``engine``, else for a source given by path
    (``None``: the use case's bundled file) that an engine reads (:func:`engine_reads`)
    :func:`requested_engine` (the ``SYNTHPERSONA_ENGINE`` setting when it is set), else ``None``
    (in memory; a setting passed over is logged, :func:`in_memory_note`). A DataFrame is already
    in memory: without ``engine=`` it stays there.

    Examples
    --------
    >>> import pandas as pd
    >>> engine_for_source(pd.DataFrame(), None) is None, engine_for_source("log.csv", "spark")
    (True, 'spark')
    """
    import pandas as pd

    if engine is not None or isinstance(source, pd.DataFrame):
        return engine
    note = in_memory_note(source)
    if note is not None:  # JSON lines and the like: the in-memory loader reads them, the engine does not
        logging.getLogger("synthpersona.engine").info(note)
        return None
    return requested_engine(None)
