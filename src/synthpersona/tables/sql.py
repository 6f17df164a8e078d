"""Table (leads) aggregations in SQL: cross-tabs, profiles and conversion rates through an engine.

The table workflow prepares every column once into category codes (``PreparedColumn``)
and clusters the rows. Everything a segment and persona then states is an aggregation
over that *feature matrix*: cluster sizes, the ``(k, levels)`` value counts of each
column per cluster (the cross-tabs behind the distributions, the stand-out values and
the names), each column's share over the whole table, and the conversion counts per
cluster. :func:`count_in_engine` registers the matrix (narrow integer columns, never the
text) with an :class:`~synthpersona.engine.Engine` (DuckDB, or Spark on a cluster) and
computes all of it in one SQL statement per kind; the in-memory path counts the same
with ``np.bincount``. ``analyze_table(engine=...)`` hands :func:`counter` to
``build_personas`` (its ``counts=`` hook), so both paths give identical segments and
personas (tested on DuckDB and Spark).

Examples
--------
>>> import numpy as np
>>> from synthpersona.engine import DuckDBEngine
>>> from synthpersona.tables._types import PreparedColumn
>>> col = PreparedColumn("Industry", "category", "industry", np.array([0, 1, 1, 0]), ["Banking", "IT"])
>>> counts = count_in_engine(DuckDBEngine(), np.array([0, 0, 1, 1]), 2, [col], None)
>>> counts.tables["Industry"].tolist()
[[1, 1], [1, 1]]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.model import Outcome
from synthpersona.tables._personas import _Counts, _titles_key
from synthpersona.tables._types import PreparedColumn

__all__ = ["count_in_engine", "counter", "crosstab_sql", "outcome_sql"]

#: Name under which the feature matrix is registered (one per call: a fresh engine table each time).
MATRIX_TABLE = "table_codes"


def _matrix(
    labels: np.ndarray,
    columns: list[PreparedColumn],
    outcome: tuple[np.ndarray, np.ndarray] | None,
) -> pd.DataFrame:
    """The feature matrix as narrow integer columns: ``cluster_id``, ``c0..cN`` and the outcome flags."""
    data: dict[str, Any] = {"cluster_id": np.asarray(labels, dtype=np.int32)}
    for i, col in enumerate(columns):
        data[f"c{i}"] = np.asarray(col.codes, dtype=np.int32)
    if outcome is not None:
        truth, known = outcome
        data["is_true"] = np.asarray(truth, dtype=np.int8)
        data["is_known"] = np.asarray(known, dtype=np.int8)
    return pd.DataFrame(data)


def crosstab_sql(table: str, n_columns: int) -> str:
    """One statement counting rows per (column, cluster, code) for columns ``c0..c{n-1}`` of ``table``.

    A ``UNION ALL`` of one ``GROUP BY`` per column (the common SQL of DuckDB and Spark), so a
    remote engine runs one job, not one per column.

    Examples
    --------
    >>> print(crosstab_sql("m", 1))
    SELECT 0 AS col, cluster_id, c0 AS code, count(*) AS n FROM m GROUP BY cluster_id, c0
    """
    return "\nUNION ALL\n".join(
        f"SELECT {i} AS col, cluster_id, c{i} AS code, count(*) AS n FROM {table} GROUP BY cluster_id, c{i}"
        for i in range(n_columns)
    )


def outcome_sql(table: str, with_outcome: bool) -> str:
    """Rows, conversions and known non-conversions per cluster of ``table``.

    Examples
    --------
    >>> outcome_sql("m", False)
    'SELECT cluster_id, count(*) AS size FROM m GROUP BY cluster_id'
    """
    if not with_outcome:
        return f"SELECT cluster_id, count(*) AS size FROM {table} GROUP BY cluster_id"
    return (
        "SELECT cluster_id, count(*) AS size, "
        "sum(CASE WHEN is_true = 1 AND is_known = 1 THEN 1 ELSE 0 END) AS conv, "
        "sum(CASE WHEN is_true = 0 AND is_known = 1 THEN 1 ELSE 0 END) AS non "
        f"FROM {table} GROUP BY cluster_id"
    )


def count_in_engine(
    engine: Any,
    labels: np.ndarray,
    k: int,
    columns: list[PreparedColumn],
    outcome: tuple[np.ndarray, np.ndarray] | None,
    titles: PreparedColumn | None = None,
    *,
    table: str = MATRIX_TABLE,
) -> _Counts:
    """Cluster sizes, per-cluster cross-tabs, overall shares and conversion counts, in SQL.

    Parameters
    ----------
    engine
        An engine, a name of :data:`~synthpersona.engine.ENGINES` or a SparkSession
        (see :func:`~synthpersona.engine.get_engine`).
    labels
        ``(n,)`` cluster of every row, ``0 .. k-1``.
    columns
        The prepared feature columns (their ``codes`` are counted).
    outcome
        ``(is_true, is_known)`` of the target flag, or ``None``.
    titles
        The raw job titles as a prepared column (counted as ``"<name> (titles)"``).

    Returns
    -------
    The same counts ``build_personas`` makes with ``np.bincount`` (tested equal).
    """
    from synthpersona.engine import get_engine

    eng = get_engine(engine)
    counted = [*columns, *([titles] if titles is not None else [])]
    eng.register(table, _matrix(labels, counted, outcome))
    per_cluster = eng.query(outcome_sql(table, outcome is not None))
    sizes = np.zeros(k, dtype=np.int64)
    idx = per_cluster["cluster_id"].to_numpy(dtype=np.int64)
    sizes[idx] = per_cluster["size"].to_numpy(dtype=np.int64)
    outcomes: list[Outcome | None] = [None] * k
    if outcome is not None:
        conv, non = np.zeros(k, dtype=np.int64), np.zeros(k, dtype=np.int64)
        conv[idx] = per_cluster["conv"].to_numpy(dtype=np.int64)
        non[idx] = per_cluster["non"].to_numpy(dtype=np.int64)
        c_all, n_all = int(conv.sum()), int(non.sum())
        base = c_all / (c_all + n_all) if c_all + n_all else 0.0
        outcomes = [
            Outcome(int(conv[c]), int(non[c]), int(sizes[c] - conv[c] - non[c]), base) for c in range(k)
        ]
    cells = eng.query(crosstab_sql(table, len(counted)))
    tables: dict[str, np.ndarray] = {}
    for i, col in enumerate(counted):
        part = cells[cells["col"].to_numpy() == i]
        grid = np.zeros((k, len(col.levels)), dtype=np.int64)
        grid[part["cluster_id"].to_numpy(dtype=np.int64), part["code"].to_numpy(dtype=np.int64)] = part[
            "n"
        ].to_numpy(dtype=np.int64)
        tables[_titles_key(col) if titles is not None and i == len(columns) else col.name] = grid
    n = max(int(sizes.sum()), 1)
    return _Counts(
        sizes=sizes,
        tables=tables,
        overall_share={col.name: tables[col.name].sum(axis=0) / n for col in columns},
        outcomes=outcomes,
    )


def counter(engine: Any) -> Callable[..., _Counts]:
    """The ``counts=`` hook of ``build_personas`` that counts through ``engine`` (one engine for the run)."""
    from synthpersona.engine import get_engine

    eng = get_engine(engine)

    def count(
        labels: np.ndarray,
        k: int,
        columns: list[PreparedColumn],
        outcome: tuple[np.ndarray, np.ndarray] | None,
        titles: PreparedColumn | None,
    ) -> _Counts:
        return count_in_engine(eng, labels, k, columns, outcome, titles)

    return count
