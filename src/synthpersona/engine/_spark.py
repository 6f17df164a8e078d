"""Spark engine: the same SQL on Apache Spark, for data beyond one machine (extra ``spark``).

A :class:`SparkEngine` wraps a ``SparkSession``: one it builds (``local[*]``, or the master
URL of ``SYNTHPERSONA_SPARK_MASTER`` such as ``spark://host:7077``) or one passed in (the
``spark`` of a Databricks or EMR notebook). Files are registered as temporary views over
Spark's own readers, so data on the cluster's storage (``s3://``, ``abfss://``, ``hdfs://``)
is read by the executors; only query results reach the driver.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from synthpersona._extras import require
from synthpersona.engine._base import DELIMITED_PATH_SUFFIXES, check_identifier
from synthpersona.errors import DataError

#: The local driver's JVM heap when ``SYNTHPERSONA_ENGINE_MEMORY_MB`` is unset (Spark's own: 1 GB).
_LOCAL_DRIVER_MB = 2048


def _local_cores(url: str) -> int:
    """Cores of a ``local``, ``local[n]`` or ``local[*]`` master (``local[n, retries]`` too)."""
    inside = url[url.find("[") + 1 : url.find("]")] if "[" in url else "1"
    head = inside.split(",")[0].strip()
    return max(1, os.cpu_count() or 1) if head == "*" else max(1, int(head)) if head.isdigit() else 1


def _plain(value: Any) -> Any:
    """A Python scalar Spark can bind as a literal (numpy scalars become ints, floats, bools)."""
    return value.item() if isinstance(value, np.generic) else value


def _is_remote(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


class SparkEngine:
    """Spark SQL behind the :class:`~synthpersona.engine.Engine` interface.

    Parameters
    ----------
    session
        An existing ``pyspark.sql.SparkSession`` (a notebook's ``spark``); ``None`` builds one.
    master
        Master URL when building a session: ``local[2]``, ``spark://host:7077``, ``yarn``...
        Default: the ``SYNTHPERSONA_SPARK_MASTER`` setting, else ``local[*]``.
    config
        Extra Spark settings when building a session, e.g. ``{"spark.executor.memory": "8g"}``.
        A ``local`` master gets ``spark.driver.memory`` from ``SYNTHPERSONA_ENGINE_MEMORY_MB``
        (default 2,048 MB; Spark's own 1 GB is too little for millions of events) and two
        shuffle partitions per core; a cluster keeps its own settings.

    Examples
    --------
    >>> eng = SparkEngine(master="local[1]")  # doctest: +SKIP
    >>> eng.register("t", pd.DataFrame({"a": [1, 2, 3]}))  # doctest: +SKIP
    >>> int(eng.scalar("SELECT count(*) FROM t WHERE a >= ?", [2]))  # doctest: +SKIP
    2
    """

    name = "spark"

    def __init__(
        self, session: Any = None, *, master: str | None = None, config: dict[str, str] | None = None
    ) -> None:
        require("pyspark", "spark")
        if session is None:
            from pyspark.sql import SparkSession

            from synthpersona.config import get_settings

            settings = get_settings()
            url = master or settings.spark_master or "local[*]"
            builder = (
                SparkSession.builder.master(url)
                .appName("synthpersona")
                .config("spark.sql.execution.arrow.pyspark.enabled", "true")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
            )
            if url.startswith("local"):  # pandas UDFs run in this interpreter (its numpy, sklearn)
                os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
                builder = (
                    builder.config("spark.pyspark.python", sys.executable)
                    .config("spark.sql.shuffle.partitions", str(2 * _local_cores(url)))
                    .config("spark.driver.memory", f"{settings.engine_memory_mb or _LOCAL_DRIVER_MB}m")
                )
            for key, value in (config or {}).items():
                builder = builder.config(key, value)
            session = builder.getOrCreate()
            session.sparkContext.setLogLevel("ERROR")
        self.session = session
        self._tables: dict[str, str] = {}

    def _sql(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        args = [_plain(v) for v in params or []]
        return self.session.sql(sql, args=args) if args else self.session.sql(sql)

    def register(self, table: str, source: pd.DataFrame | pa.Table | Path | str) -> None:
        check_identifier(table)
        if isinstance(source, pa.Table):
            source = source.to_pandas()
        if isinstance(source, pd.DataFrame):
            frame = source.copy()
            for col in frame.columns:  # Spark has no categorical type: text travels as strings
                if isinstance(frame[col].dtype, pd.CategoricalDtype):
                    frame[col] = frame[col].astype(object).astype("string")
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="PySpark does not yet", category=FutureWarning)
                self.session.createDataFrame(frame).createOrReplaceTempView(table)
            self._tables[table] = "frame"
            return
        text = str(source)
        if not _is_remote(text) and not any(ch in text for ch in "*?[") and not Path(text).exists():
            raise DataError(f"File {text!r} does not exist.", details={"path": text})
        name = text.lower()
        reader = self.session.read
        if name.endswith(DELIMITED_PATH_SUFFIXES):
            tabs = name.endswith((".tsv", ".tsv.gz"))
            df = reader.csv(text, header=True, inferSchema=True, sep="\t" if tabs else ",")
        else:
            # pandas writes nanosecond timestamps, which Spark reads only as integers
            nanos = [] if _is_remote(text) else _nanosecond_columns(text)
            df = self._parquet_with_nanos(text, nanos) if nanos else reader.parquet(text)
        df.createOrReplaceTempView(table)
        self._tables[table] = text

    def _parquet_with_nanos(self, path: str, nanos: list[str]) -> Any:
        """Parquet whose ``nanos`` columns are nanosecond timestamps: read as longs, made timestamps (µs).

        Spark reads such columns only as longs (``spark.sql.legacy.parquet.nanosAsLong``, kept on
        for the session's later scans of the file).
        """
        self.session.conf.set("spark.sql.legacy.parquet.nanosAsLong", "true")
        df = self.session.read.parquet(path)
        for col in nanos:
            quoted = "`" + col.replace("`", "``") + "`"
            df = df.withColumn(col, self._functions().expr(f"timestamp_micros({quoted} div 1000)"))
        return df

    @staticmethod
    def _functions() -> Any:
        from pyspark.sql import functions

        return functions

    def create_view(self, table: str, sql: str, *, materialize: bool = False) -> None:
        check_identifier(table)
        if table in self._tables and self.session.catalog.isCached(table):
            self.session.catalog.uncacheTable(table)  # a table replaced (per part) frees its cache
        df = self.session.sql(sql)
        if materialize:
            df = df.cache()
        df.createOrReplaceTempView(table)
        self._tables[table] = sql

    def query(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        with warnings.catch_warnings():
            # pyspark 4.x warns on every conversion that it is not yet tested with pandas 3
            warnings.filterwarnings(
                "ignore", message="PySpark does not yet fully support", category=FutureWarning
            )
            out = self._sql(sql, params).toPandas()
        return out.reset_index(drop=True)

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        row = self._sql(sql, params).first()
        return None if row is None else row[0]

    def batches(
        self, sql: str, params: Sequence[Any] | None = None, *, rows: int = 1_000_000
    ) -> Iterator[pd.DataFrame]:
        """The rows of ``sql`` in order, as frames of at most ``rows`` rows, one slice at a time.

        The result travels to the driver as Arrow, ``rows`` rows at a time: it is persisted
        (memory, then disk) with its partition id and each row's position in its partition
        (``monotonically_increasing_id``: the partition id in the high bits), and each slice
        of a partition is collected by those in turn, so the driver holds one slice.
        Collecting whole partitions ran the driver out of its 2 GB heap on 50,000,000 events
        (four sorted partitions of 12.5M rows each); ``toLocalIterator`` turned every row into
        a Python tuple: 5,000,000 events took most of an hour on ``local[2]``.
        """
        from pyspark import StorageLevel

        fn = self._functions()
        df = self._sql(sql, params)
        columns = df.columns
        parted = (
            df.withColumn("__part", fn.spark_partition_id())
            .withColumn("__row", fn.monotonically_increasing_id())
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        try:
            sizes = {int(r[0]): int(r[1]) for r in parted.groupBy("__part").count().collect()}
            for part in sorted(sizes):
                first = part << 33  # monotonically_increasing_id: partition id above 33 bits of position
                for start in range(0, sizes[part], rows):
                    piece = parted.where(
                        (fn.col("__part") == part)
                        & (fn.col("__row") >= first + start)
                        & (fn.col("__row") < first + start + rows)
                    )
                    table = _naive_times(piece.select(*columns).toArrow())
                    if table.num_rows:
                        yield table.to_pandas()
        finally:
            parted.unpersist()

    def map_batches(
        self,
        sql: str,
        func: Callable[[pd.DataFrame], pd.DataFrame],
        schema: str,
        table: str,
        params: Sequence[Any] | None = None,
    ) -> None:
        """Apply ``func`` to the rows of ``sql`` on the executors (``mapInPandas``), as view ``table``.

        ``schema`` is the output's Spark DDL schema (``"user_id BIGINT, cluster_id INT"``);
        the rows never travel to the driver.
        """
        check_identifier(table)

        def apply(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
            for frame in frames:
                yield func(frame)

        self._sql(sql, params).mapInPandas(apply, schema).createOrReplaceTempView(table)
        self._tables[table] = sql

    def to_parquet(self, sql: str, path: str | Path, params: Sequence[Any] | None = None) -> str:
        self._sql(sql, params).write.mode("overwrite").parquet(str(path))
        return str(path)

    def columns(self, table: str) -> dict[str, str]:
        check_identifier(table)
        schema = self.session.table(table).schema
        return {f.name: f.dataType.simpleString().lower() for f in schema.fields}

    def tables(self) -> list[str]:
        return sorted(self._tables)


def _naive_times(table: pa.Table) -> pa.Table:
    """``table`` with its UTC timestamps as naive ones (what ``toPandas`` and DuckDB give)."""
    fields = [
        pa.field(f.name, pa.timestamp(f.type.unit)) if pa.types.is_timestamp(f.type) and f.type.tz else f
        for f in table.schema
    ]
    return table.cast(pa.schema(fields)) if fields != list(table.schema) else table


def _nanosecond_columns(path: str) -> list[str]:
    """Columns of a local Parquet file (or the first of a folder or glob) holding nanosecond timestamps."""
    import glob

    import pyarrow.parquet as pq

    first = Path(next(iter(sorted(glob.glob(path))), path)) if any(ch in path for ch in "*?[") else Path(path)
    if first.is_dir():
        first = next(iter(sorted(first.rglob("*.parquet"))), first)
    if not first.is_file():
        return []
    try:
        schema = pq.read_schema(first)
    except (OSError, pa.ArrowException):
        return []
    return [f.name for f in schema if pa.types.is_timestamp(f.type) and f.type.unit == "ns"]
