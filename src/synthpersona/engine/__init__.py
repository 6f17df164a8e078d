"""Query engines: where SQL runs. DuckDB (embedded) is the default; Spark for clusters.

Every SQL statement of synthpersona goes through an :class:`Engine`; :func:`get_engine`
picks one by name (``engine=`` of every use case, setting ``SYNTHPERSONA_ENGINE``) from
:data:`ENGINES`. Files are registered by path and read by the engine itself.

Examples
--------
>>> get_engine().name
'duckdb'
"""

from synthpersona.engine._assign import assign_clusters
from synthpersona.engine._base import PATH_SUFFIXES, Engine, path_format
from synthpersona.engine._duckdb import DuckDBEngine
from synthpersona.engine._registry import (
    ENGINES,
    EngineInfo,
    engine_for_source,
    engine_name,
    engine_reads,
    get_engine,
    in_memory_note,
    requested_engine,
)

__all__ = [
    "ENGINES",
    "PATH_SUFFIXES",
    "DuckDBEngine",
    "Engine",
    "EngineInfo",
    "assign_clusters",
    "engine_for_source",
    "engine_name",
    "engine_reads",
    "get_engine",
    "in_memory_note",
    "path_format",
    "requested_engine",
]


def __getattr__(name: str) -> object:
    # SparkEngine imports pyspark only when asked for (extra 'spark').
    if name == "SparkEngine":
        from synthpersona.engine._spark import SparkEngine

        return SparkEngine
    raise AttributeError(f"module 'synthpersona.engine' has no attribute {name!r}")
