"""Assign every row of a table to its nearest cluster, where the data lives (fit on a sample first)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.engine._base import Engine, check_identifier

# Rows turned into a feature matrix at a time within an engine's batch: the float64 matrix
# and its scaled copies are then a few MB, not hundreds (a DuckDB batch is 500,000 rows).
_SLICE = 32_768


def assign_clusters(
    engine: Engine,
    sql: str,
    columns: Sequence[str],
    estimator: Any,
    table: str,
    *,
    key: str = "user_id",
    center: Sequence[float] | None = None,
    scale: Sequence[float] | None = None,
    key_type: str = "BIGINT",
    transform: Callable[[pd.DataFrame], np.ndarray] | None = None,
    params: Sequence[Any] | None = None,
) -> None:
    """Label every row of ``sql`` with ``estimator.predict`` batch by batch, as table ``table``.

    The estimator is fitted beforehand on a sample brought to the driver; here only its
    ``predict`` travels to the rows (DuckDB: streamed batches; Spark: a pandas UDF on the
    executors), so the full data never leaves the engine. The result has the columns
    ``key`` and ``cluster_id`` (1-based).

    Parameters
    ----------
    engine
        Where the rows are.
    sql
        Query returning ``key`` and ``columns``.
    columns
        The numeric feature columns, in the order the estimator was fitted on.
    estimator
        A fitted model with ``predict(X)`` (k-means, a :class:`~synthpersona.segmentation`
        estimator).
    table
        Name of the result table.
    center, scale
        Standardisation applied before ``predict`` (``(x - center) / scale``), as in the fit.
    key_type
        SQL type of ``key`` in the result: ``"BIGINT"`` (default) or ``"STRING"`` (text ids).
    transform
        Turns a batch of rows (a DataFrame) into the estimator's matrix, e.g. a fitted feature
        pipeline's ``transform``; then ``columns`` may be empty and ``center``/``scale`` apply after it.
        Must be picklable for Spark (it travels to the executors).
    params
        Values of the ``?`` placeholders of ``sql``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sklearn.cluster import KMeans
    >>> from synthpersona.engine import DuckDBEngine
    >>> eng = DuckDBEngine()
    >>> eng.register("t", pd.DataFrame({"user_id": [1, 2, 3, 4], "x": [0.0, 0.1, 5.0, 5.1]}))
    >>> km = KMeans(2, n_init=1, random_state=0).fit(np.array([[0.0], [5.0]]))
    >>> assign_clusters(eng, "SELECT user_id, x FROM t", ["x"], km, "labels")
    >>> eng.query("SELECT count(DISTINCT cluster_id) AS k FROM labels")["k"].item()
    2
    """
    check_identifier(table)
    if key_type not in ("BIGINT", "STRING"):
        from synthpersona.errors import InputError

        raise InputError(f"key_type must be 'BIGINT' or 'STRING', got {key_type!r}.")
    cols = list(columns)
    mu = None if center is None else np.asarray(center, dtype=np.float64)
    sd = None if scale is None else np.asarray(scale, dtype=np.float64)

    def labels_of(rows: pd.DataFrame) -> np.ndarray:
        if transform is None:
            X = rows[cols].to_numpy(dtype=np.float64)
        else:
            X = np.asarray(transform(rows), dtype=np.float64)
        if mu is not None:
            X = X - mu
        if sd is not None:
            X = X / np.where(sd == 0, 1.0, sd)
        return np.asarray(estimator.predict(X), dtype=np.int32) + 1

    def predict(frame: pd.DataFrame) -> pd.DataFrame:
        slices = [labels_of(frame.iloc[s : s + _SLICE]) for s in range(0, len(frame), _SLICE)]
        labels = np.concatenate(slices) if slices else np.zeros(0, dtype=np.int32)
        ids = (
            frame[key].to_numpy(dtype=np.int64) if key_type == "BIGINT" else frame[key].astype(str).to_numpy()
        )
        return pd.DataFrame({key: ids, "cluster_id": labels})

    engine.map_batches(sql, predict, f"{key} {key_type}, cluster_id INT", table, params)
