"""Event-log files read into Arrow: Parquet and delimited text (CSV, TSV, W3C access logs, gzip).

The readers :data:`synthpersona.formats.READERS` names for event logs
(:func:`read_events_parquet`, :func:`read_events_delimited`) and the one entry
:func:`synthpersona.simulation.etl.load_event_log` calls (:func:`_read_file`); size limits are
checked from a Parquet footer or a gzip trailer before anything is decompressed.
"""

from __future__ import annotations

import csv
import gzip
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from synthpersona.errors import DataError, InputError
from synthpersona.formats import load_reader, reader_for
from synthpersona.simulation._w3c import W3CRows, opened, w3c_header

if TYPE_CHECKING:
    from synthpersona.tables import TableLimits

__all__ = ["read_events_delimited", "read_events_parquet"]


def _check_size(path: Path, parquet: bool) -> None:
    """Refuse a file that decompresses past ``SYNTHPERSONA_MAX_DECOMPRESSED_BYTES`` before reading it."""
    if parquet:
        meta = pq.ParquetFile(path).metadata if path.stat().st_size >= 12 else None
        if meta is not None:
            limits = _limits()
            limits.check_columns([""] * meta.num_columns, path.name)
            size = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
            limits.check_decompressed(size, path.name)
    elif path.suffix.lower() == ".gz" and path.stat().st_size >= 18:
        with path.open("rb") as fh:  # gzip's trailer holds the decompressed size (mod 4 GiB)
            fh.seek(-4, 2)
            _limits().check_decompressed(int.from_bytes(fh.read(4), "little"), path.name)


def _limits() -> TableLimits:
    """The settings' table limits (read only when a check needs them: the settings cost an import)."""
    from synthpersona.config import get_settings
    from synthpersona.tables import TableLimits

    return TableLimits.from_settings(get_settings())


def _read_file(path: Path, event_col: str) -> pd.DataFrame:
    if not path.exists():
        raise DataError(
            f"Event log {str(path)!r} does not exist. Pass the path of a CSV or Parquet file.",
            details={"path": str(path)},
        )
    with path.open("rb") as fh:
        head = fh.read(8)
    try:
        reader = reader_for(path, "event_log", head)
    except InputError as exc:  # an unreadable file is a data problem here, as before
        raise DataError(exc.message, details={"path": str(path), **exc.details}) from None
    try:
        table = load_reader(reader, "event_log")(path, event_col)
    except pa.ArrowInvalid as exc:
        # pyarrow reports the offending row; keep its text, it names the problem.
        raise DataError(  # only the file name: an API upload's server path stays on the server
            f"Could not read event log {path.name!r}: {str(exc).replace(str(path), path.name)}",
            details={"file": path.name},
        ) from exc
    except pa.ArrowException as exc:  # pragma: no cover - other pyarrow failures
        raise DataError(
            f"Could not read event log {path.name!r}: {str(exc).replace(str(path), path.name)}",
            details={"file": path.name},
        ) from exc
    frame = table.to_pandas()
    del table
    pa.default_memory_pool().release_unused()  # arrow's allocator keeps freed pages otherwise
    return frame


def read_events_parquet(path: Path, event_col: str) -> pa.Table:
    """An event log from a Parquet file (reader of :data:`synthpersona.formats.READERS`)."""
    _check_size(path, parquet=True)  # a bad footer is reported by the caller like any unreadable file
    return pq.read_table(path)


def read_events_delimited(path: Path, event_col: str) -> pa.Table:
    """An event log from delimited text, tab-separated for ``.tsv``/``.tab``, else comma (gzip allowed)."""
    _check_size(path, parquet=False)
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    read = pacsv.ReadOptions()
    nulls: dict[str, Any] = {}
    gz = path.suffix.lower() == ".gz"
    opener = gzip.open if gz else open  # CloudFront delivers its logs gzipped
    with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as fh:
        first = fh.readline()
        w3c = w3c_header(first, fh) if first.startswith("#") else None
    source: Any = path
    header: list[str] = []
    if w3c is not None:  # a W3C extended log (CloudFront, IIS): "#Fields:" names the columns
        header, _, delimiter = w3c
        read = pacsv.ReadOptions(column_names=header)
        nulls = {"null_values": ["-", ""], "strings_can_be_null": True}
        source = W3CRows  # every "#" directive line dropped (IIS repeats them after a restart)
    elif not gz:  # a gzipped file's event names are read as text, its separator is the default
        delimiter = _header_delimiter(first, delimiter)
        header = next(csv.reader([first], delimiter=delimiter), [])
    # Event names are read straight into dictionary codes: a few distinct strings, millions of rows.
    types = {event_col: pa.dictionary(pa.int32(), pa.string())} if event_col in header else {}
    parse = pacsv.ParseOptions(delimiter=delimiter)
    convert = pacsv.ConvertOptions(column_types=types, **nulls)
    try:
        # Streamed block by block: the whole-file reader holds ~3x the table in parse buffers
        # (700 MB for a 230 MB, 5M-event file), the stream about one table.
        table = pacsv.open_csv(
            opened(source, path), read_options=read, parse_options=parse, convert_options=convert
        ).read_all()
    except pa.ArrowInvalid:
        # The stream fixes each column's type from the first block; a later block that does not
        # fit (ids that turn alphanumeric) needs the whole-file reader, which infers over all.
        table = pacsv.read_csv(
            opened(source, path), read_options=read, parse_options=parse, convert_options=convert
        )
    pa.default_memory_pool().release_unused()
    return table


def _header_delimiter(line: str, default: str) -> str:
    """The separator of a header line: European exports use semicolons, some tabs or pipes."""
    counts = {d: len(next(csv.reader([line], delimiter=d), [])) for d in (default, ",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])  # the default (first) wins a tie
    return best if counts[best] > counts[default] else default
