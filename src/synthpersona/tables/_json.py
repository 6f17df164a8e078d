"""Reading JSON exports: JSON lines or a JSON array of records, nested properties flattened.

Analytics tools export events as JSON: Mixpanel's raw export is one object a line
(``{"event": ..., "properties": {"time": ..., "distinct_id": ...}}``), PostHog, Amplitude
and most APIs give an array of objects, sometimes wrapped (``{"results": [...]}``). The
records are streamed (a JSON array is decoded one object at a time, never held whole as
Python objects) and turned into Arrow batches of :data:`BATCH` records, so memory holds
the table plus one batch.

Nested objects are flattened to dotted names (``properties.time``); a wrapper's prefix is
then dropped where the short name is unique (``time``), which is what an analyst calls the
column. Lists are kept as JSON text.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from synthpersona.errors import DataError
from synthpersona.tables._limits import TableLimits

__all__ = ["flatten_record", "iter_records", "read_events_json", "read_json", "read_json_records"]

BATCH = 20_000
_CHUNK = 1 << 20
_WRAPPERS = ("data", "results", "events", "records", "rows", "items")
_decoder = json.JSONDecoder()
_SKIP = re.compile(r"[\s,]*")


def flatten_record(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """One record with nested objects as dotted keys and lists as JSON text.

    Examples
    --------
    >>> flatten_record({"event": "Play", "properties": {"time": 1, "tags": ["a"]}})
    {'event': 'Play', 'properties.time': 1, 'properties.tags': '["a"]'}
    """
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten_record(value, f"{name}."))
        elif isinstance(value, list):
            out[name] = json.dumps(value, ensure_ascii=False)
        else:
            out[name] = value
    return out


def _not_records(path: Path, why: str) -> DataError:
    return DataError(
        f"File {path.name!r} is not a JSON export of records ({why}); expected JSON lines "
        '(one {"event": ..., ...} object a line) or an array of objects.',
        code="not_a_table",
        details={"file": path.name},
    )


def gzipped(path: Path) -> bool:
    """Whether ``path`` is gzip-compressed (its first two bytes), whatever it is called."""
    try:
        with path.open("rb") as fh:
            return fh.read(2) == b"\x1f\x8b"
    except OSError:
        return False


def _open_text(path: Path, errors: str = "strict") -> Any:
    """``path`` as text, decompressed on the fly when gzipped (Amplitude's ``.json.gz`` exports)."""
    if gzipped(path):
        return gzip.open(path, "rt", encoding="utf-8-sig", errors=errors)
    return path.open(encoding="utf-8-sig", errors=errors)


def _first_char(path: Path) -> str:
    with _open_text(path, errors="replace") as fh:
        while chunk := fh.read(4096):
            stripped = chunk.lstrip()
            if stripped:
                return stripped[0]
    return ""


def _skip(buf: str, pos: int) -> int:
    """The position after the whitespace and commas at ``pos``."""
    skipped = _SKIP.match(buf, pos)
    return skipped.end() if skipped else pos


def _array_records(path: Path) -> Iterator[Any]:
    """The items of a top-level JSON array, decoded one at a time from a sliding buffer."""
    with _open_text(path) as fh:
        buf = fh.read(_CHUNK)
        pos = _skip(buf, 0) + 1  # past the opening bracket
        eof = False
        while True:
            pos = _skip(buf, pos)
            if pos < len(buf) and buf[pos] == "]":
                return
            try:
                item, end = _decoder.raw_decode(buf, pos)
            except json.JSONDecodeError:
                if eof:
                    raise _not_records(path, "the array is cut short or malformed") from None
                more = fh.read(_CHUNK)
                eof = not more
                buf, pos = buf[pos:] + more, 0
                continue
            yield item
            pos = end
            if len(buf) - pos < _CHUNK // 4 and not eof:
                more = fh.read(_CHUNK)
                eof = not more
                buf, pos = buf[pos:] + more, 0


def _wrapped_records(path: Path, limits: TableLimits) -> Iterator[Any]:
    """A single JSON document holding the records under a key (``{"results": [...]}``)."""
    limits.check_decompressed(path.stat().st_size, path.name)  # read whole: bounded by the size limit
    with _open_text(path) as fh:  # a gzipped document is read no further than the limit
        text = fh.read(limits.max_decompressed_bytes + 1)
    limits.check_decompressed(len(text), path.name)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _not_records(path, f"line {exc.lineno}: {exc.msg}") from None
    if isinstance(doc, list):
        yield from doc
        return
    if not isinstance(doc, dict):
        raise _not_records(path, f"the document is a {type(doc).__name__}")
    lists = {k: v for k, v in doc.items() if isinstance(v, list) and v and isinstance(v[0], dict)}
    key = next((k for k in _WRAPPERS if k in lists), next(iter(lists), None) if len(lists) == 1 else None)
    if key is None:
        yield doc  # one record
        return
    yield from lists[key]


def iter_records(path: Path, limits: TableLimits | None = None) -> Iterator[dict[str, Any]]:
    """Every record of a JSON-lines file, a JSON array, or one document wrapping an array."""
    limits = limits or TableLimits()
    first = _first_char(path)
    if first == "[":
        source: Iterator[Any] = _array_records(path)
    elif first == "{":
        source = _lines_or_document(path, limits)
    else:
        raise _not_records(path, f"it starts with {first!r}" if first else "it is empty")
    for item in source:
        if not isinstance(item, dict):
            raise _not_records(path, f"an item is a {type(item).__name__}, not an object")
        yield item


def _lines_or_document(path: Path, limits: TableLimits) -> Iterator[Any]:
    with _open_text(path) as fh:
        for i, line in enumerate(fh):
            text = line.strip()
            if not text:
                continue
            try:
                item = json.loads(text)
            except json.JSONDecodeError:
                if i == 0:  # not JSON lines: one (pretty-printed) document
                    break
                raise _not_records(path, f"line {i + 1} is not a JSON object") from None
            if i == 0 and _wraps_records(item):  # one document on one line: {"results": [...]}
                break
            yield item
        else:
            return
    yield from _wrapped_records(path, limits)


def _wraps_records(item: Any) -> bool:
    return isinstance(item, dict) and any(
        isinstance(v, list) and v and isinstance(v[0], dict) for v in item.values()
    )


def _short_names(names: list[str]) -> dict[str, str]:
    """Dotted names renamed to their last part where that part is unique and not taken."""
    taken = {n for n in names if "." not in n}
    last = pd.Series([n.rsplit(".", 1)[-1] for n in names]).value_counts()
    out = {}
    for n in names:
        short = n.rsplit(".", 1)[-1]
        if "." in n and short not in taken and last[short] == 1:
            out[n] = short
    return out


def _batch_table(rows: list[dict[str, Any]], columns: list[str]) -> pa.Table:
    arrays = {}
    for c in columns:
        values = [r.get(c) for r in rows]
        try:
            arrays[c] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed types in one key: text
            arrays[c] = pa.array([None if v is None else str(v) for v in values], pa.string())
    return pa.table(arrays)


def _unify(tables: list[pa.Table], columns: list[str]) -> pa.Table:
    """Batches with every column, a column whose type differs between batches read as text."""
    out = []
    for c in columns:
        arrays = [
            t.column(c) if c in t.column_names else pa.chunked_array([pa.nulls(t.num_rows)]) for t in tables
        ]
        kinds = {a.type for a in arrays if not pa.types.is_null(a.type)}
        if len(kinds) > 1 and all(pa.types.is_integer(k) or pa.types.is_floating(k) for k in kinds):
            target: pa.DataType = pa.float64()
        elif len(kinds) > 1:
            target = pa.string()
        else:
            target = next(iter(kinds), pa.null())
        parts = []
        for a in arrays:
            try:
                parts.extend(a.cast(target).chunks)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                parts.append(pa.array([None if v is None else json.dumps(v) for v in a.to_pylist()], target))
        out.append(pa.chunked_array(parts, target))
    return pa.table(dict(zip(columns, out, strict=True)))


def read_json_records(path: Path, limits: TableLimits | None = None, head: int | None = None) -> pa.Table:
    """The records of a JSON export as one Arrow table (flattened, short names where unique).

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "e.json"
    >>> _ = p.write_text('{"event": "Play", "properties": {"time": 1700000000, "distinct_id": "u1"}}\\n')
    >>> read_json_records(p).column_names
    ['event', 'time', 'distinct_id']
    """
    limits = limits or TableLimits()
    tables: list[pa.Table] = []
    columns: dict[str, None] = {}
    rows: list[dict[str, Any]] = []
    for n, record in enumerate(iter_records(path, limits), start=1):
        flat = flatten_record(record)
        for key in flat:
            if key not in columns:
                columns[key] = None
                limits.check_columns(list(columns), path.name)
        rows.append(flat)
        if len(rows) >= BATCH:
            tables.append(_batch_table(rows, list(columns)))
            rows = []
            limits.check_rows(n, path.name)
        if head is not None and n >= head:
            break
    if rows:
        tables.append(_batch_table(rows, list(columns)))
    if not tables:
        raise DataError(f"File {path.name!r} holds no records.", code="empty_file")
    names = list(columns)
    table = _unify(tables, names)
    return table.rename_columns([_short_names(names).get(n, n) for n in names])


def read_json(p: Path, limits: TableLimits, head: int | None = None) -> tuple[pd.DataFrame, Any]:
    """A JSON export as a table of text columns (reader of :data:`synthpersona.formats.READERS`)."""
    from synthpersona.tables._io import SourceInfo, _arrow_text, _to_text_frame

    table = read_json_records(p, limits, head)
    text = pa.table({n: _arrow_text(c) for n, c in zip(table.column_names, table.columns, strict=True)})
    return _to_text_frame(text), SourceInfo(path=str(p), format="JSON")


def read_events_json(path: Path, event_col: str) -> pa.Table:
    """An event log from a JSON export (reader of :data:`synthpersona.formats.READERS`)."""
    from synthpersona.config import get_settings

    return read_json_records(path, TableLimits.from_settings(get_settings()))
