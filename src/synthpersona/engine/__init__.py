"""Query engines: where SQL runs. DuckDB (embedded) is the default.

Every SQL statement of synthpersona goes through an :class:`Engine`, so another
backend (PostgreSQL, Spark) can be added behind the same interface.
"""

from synthpersona.engine._base import Engine
from synthpersona.engine._duckdb import DuckDBEngine

__all__ = ["DuckDBEngine", "Engine"]
