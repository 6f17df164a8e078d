"""Reading customer tables (CSV/TXT/TSV, Parquet, Excel) and writing files atomically.

Every cell is read as text so the clustered output can reproduce the original
values exactly (``007`` stays ``007``); types are inferred later, per column.
CSV-like files have their encoding (UTF-8, UTF-8 with BOM, cp1252/Latin-1, ...)
and delimiter (comma, semicolon, tab, pipe) detected from a sample.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from synthpersona._files import atomic_path, atomic_write_bytes, atomic_write_text
from synthpersona.errors import DataError, InputError
from synthpersona.formats import describe, load_reader, reader_for
from synthpersona.tables._limits import TableLimits
from synthpersona.tables._repair import (
    find_header,
    inner_junk,
    junk_line,
    lone_rows,
    page_line,
    trailing_junk,
)

__all__ = ["SourceInfo", "atomic_path", "atomic_write_bytes", "atomic_write_text", "read_table", "write_csv"]

_SAMPLE_BYTES = 256 * 1024
_DELIMITERS = (",", ";", "\t", "|")
_LINES = re.compile(r"\r\n|\n|\r")
_HEADER_SCAN = 200  # a report's title and filter lines sit within its first lines
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
# The formats and their extensions are the registry synthpersona.formats.READERS (kind "table").
SUPPORTED = describe("table")


@dataclass
class SourceInfo:
    """How a table was read: format, detected encoding and delimiter, size."""

    path: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    n_rows: int = 0
    n_columns: int = 0
    notes: list[str] = field(default_factory=list)
    sampled_rows: int | None = None  # set when only the first rows were kept (previews)

    def describe(self) -> str:
        """One line such as ``CSV, utf-8-sig, semicolon-separated, 1,000 rows x 9 columns``."""
        parts = [self.format]
        if self.encoding:
            parts.append(self.encoding)
        if self.delimiter:
            parts.append(f"{_DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))}-separated")
        parts.append(f"{self.n_rows:,} rows x {self.n_columns} columns")
        if self.sampled_rows is not None and self.sampled_rows < self.n_rows:
            parts.append(f"column statistics from the first {self.sampled_rows:,} rows")
        return ", ".join(parts)


def read_table(
    path: str | Path, limits: TableLimits | None = None, *, head: int | None = None, sheet: str | None = None
) -> tuple[pd.DataFrame, SourceInfo]:
    """Read a customer table with every column as text.

    Parameters
    ----------
    path
        A file in a format of :data:`synthpersona.formats.READERS` readable as a table (CSV
        and other delimited text, Parquet, Excel); recognised by its first bytes, else its
        extension, else read as delimited text.
    limits
        Largest table accepted (columns, rows, cell length, decompressed size); from the
        settings (``SYNTHPERSONA_MAX_ROWS`` ...) when omitted. Checked before the costly steps.
    head
        Keep only the first ``head`` rows (previews): CSV and Parquet are streamed, so a
        200 MB file is never held whole; ``info.n_rows`` still counts every row and
        ``info.sampled_rows`` says how many were kept.
    sheet
        Excel only: the sheet to read (default: the first sheet holding a table).

    Report exports are repaired as an analyst would: title and filter lines above the
    header and total/copyright lines below the data are dropped, each repair noted in
    ``info.notes``.

    Returns
    -------
    (DataFrame, SourceInfo)
        The table (string columns, original order; missing cells are ``NA``) and how it was read.

    Raises
    ------
    DataError
        The file does not exist, is empty, has a header but no rows, is not a table, or is
        over a limit.

    Examples
    --------
    >>> df, info = read_table("leads.csv")  # doctest: +SKIP
    >>> info.describe()  # doctest: +SKIP
    'CSV, utf-8, comma-separated, 1,000 rows x 9 columns'
    """
    p = Path(path)
    if not p.exists():
        raise DataError(f"File {str(p)!r} does not exist; check the path.", details={"path": str(p)})
    if p.is_dir():
        raise DataError(f"{str(p)!r} is a folder, not a file; give the path of a table file: {SUPPORTED}.")
    if p.stat().st_size == 0:
        raise DataError(f"File {p.name!r} is empty (0 bytes); export the table again.", code="empty_file")
    with open(p, "rb") as fh:
        magic = fh.read(8)
    if limits is None:
        from synthpersona.config import get_settings

        limits = TableLimits.from_settings(get_settings())
    reader = reader_for(p, "table", magic)
    if sheet is not None and reader.name != "Excel":
        raise InputError(
            f"--sheet {sheet!r} applies to Excel workbooks; {p.name!r} is read as {reader.name}.",
            code="sheet_not_excel",
            details={"sheet": sheet, "format": reader.name},
        )
    extra = {"sheet": sheet} if sheet is not None else {}
    df, info = load_reader(reader, "table")(p, limits, head, **extra)
    if head is not None and info.sampled_rows is None:  # formats that are not streamed
        info.n_rows, info.sampled_rows = len(df), min(head, len(df))
        df = df.head(head)
    limits.check_columns(list(df.columns), p.name)
    limits.check_rows(info.n_rows if head is not None else len(df), p.name)
    limits.check_cells(df, p.name)
    df.columns = _unique_names([str(c) for c in df.columns])
    df = _drop_inner_junk(df, info)
    if len(df) == 0:
        raise DataError(
            f"File {p.name!r} has a header ({', '.join(map(str, df.columns[:6]))}) but no data rows.",
            code="empty_file",
        )
    info.n_rows, info.n_columns = (info.n_rows if head is not None else len(df)), df.shape[1]
    return df, info


def _unique_names(names: list[str]) -> list[str]:
    seen: Counter[str] = Counter()
    out = []
    for i, raw in enumerate(names):
        name = raw.strip() or f"column_{i + 1}"
        seen[name] += 1
        out.append(name if seen[name] == 1 else f"{name}.{seen[name] - 1}")
    return out


def _to_text_frame(table: pa.Table) -> pd.DataFrame:
    # pandas' pyarrow strings are large_string: a column of another type is cast once, here
    cols = {}
    for name, col in zip(table.column_names, table.columns, strict=True):
        if not pa.types.is_large_string(col.type):
            col = col.cast(pa.large_string())
        cols[name] = col
    return pa.table(cols).to_pandas(types_mapper=lambda t: pd.StringDtype("pyarrow"))


def read_parquet(p: Path, limits: TableLimits, head: int | None = None) -> tuple[pd.DataFrame, SourceInfo]:
    limits.check_parquet(p)
    n_rows: int | None = None
    try:
        if head is None:
            table = pq.read_table(p)
        else:
            parquet = pq.ParquetFile(p)
            n_rows = parquet.metadata.num_rows
            batches = []
            kept = 0
            for batch in parquet.iter_batches(batch_size=min(head, 65_536)):
                batches.append(batch.slice(0, head - kept))
                kept += batches[-1].num_rows
                if kept >= head:
                    break
            table = pa.Table.from_batches(batches, schema=parquet.schema_arrow)
    except (pa.ArrowInvalid, OSError) as exc:
        raise DataError(
            # pyarrow quotes the full path: only the file name leaves the server
            f"File {p.name!r} is not a readable Parquet file ({str(exc).replace(str(p), p.name)}).",
            code="not_a_table",
        ) from exc
    text = pa.table({n: _arrow_text(c) for n, c in zip(table.column_names, table.columns, strict=True)})
    info = SourceInfo(path=str(p), format="Parquet")
    if n_rows is not None:
        info.n_rows, info.sampled_rows = n_rows, table.num_rows
    return _to_text_frame(text), info


def _arrow_text(col: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        return col
    if pa.types.is_dictionary(col.type):
        return col.cast(pa.string())
    if pa.types.is_floating(col.type):
        # Whole floats print as "3" rather than "3.0" would lose nothing, but keep Arrow's own text.
        return col.cast(pa.string())
    try:
        return col.cast(pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pa.chunked_array(
            [pa.array([None if v is None else str(v) for v in col.to_pylist()], pa.string())]
        )


_LATIN_PAGES = {
    "cp1250",
    "cp1252",
    "cp1254",
    "cp1257",
    "latin-1",
    "iso8859-1",
    "iso8859-2",
    "iso8859-9",
    "iso8859-13",
    "iso8859-15",
    "cp850",
    "cp852",
    "cp775",
    "cp437",
    "mac-roman",
    "mac-latin2",
}


def _decodes(sample: bytes, encoding: str) -> bool:
    try:
        sample.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(sample: bytes) -> str:
    """Return the encoding of a byte sample: ``utf-8-sig``, ``utf-8``, ``utf-16`` or a legacy code page."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        # A multi-byte character may be cut at the end of the sample; the incremental decoder allows that.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        # Cut at the last line end: a sample that ends inside a multi-byte character (Shift_JIS,
        # GBK, ...) fails every strict decode, and the detector then finds nothing at all.
        head = sample[:65536]
        head = head[: head.rfind(b"\n") + 1] or head
        names = [codecs.lookup(m.encoding).name for m in from_bytes(head)]
        # Western exports are overwhelmingly cp1252 (a superset of Latin-1's printable range). Accented
        # Latin text is often ranked as a sibling code page (cp1250, cp1257, ...); those only differ in
        # rare letters, so cp1252 wins unless the text is in another script (Cyrillic, Greek, CJK...).
        if not names or names[0] in _LATIN_PAGES or "cp1252" in names:
            return "cp1252" if _decodes(sample, "cp1252") else (names[0] if names else "latin-1")
        return names[0]
    except (ImportError, LookupError):  # detection is best effort; cp1252 decodes any byte
        pass
    return "cp1252"


def detect_delimiter(text: str) -> str | None:
    """Return the delimiter (comma, semicolon, tab or pipe) that splits the sample most consistently."""
    lines = [ln for ln in text.splitlines()[:200] if ln.strip()]
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last line of a sample may be cut
    if not lines:
        return None
    best: tuple[float, int, str] | None = None
    for delim in _DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=delim)]
        except csv.Error:
            continue
        if not counts:
            continue
        mode, freq = Counter(counts).most_common(1)[0]
        if mode < 2:
            continue
        score = (freq / len(counts), mode, delim)
        if best is None or score[:2] > best[:2]:
            best = score
    return best[2] if best else None


@dataclass
class CsvLayout:
    """Where a delimited file's table sits: its encoding, delimiter and header line.

    Attributes
    ----------
    encoding, delimiter
        As detected from the first 256 KB.
    start
        Index of the header line (title/filter lines of a report sit above it).
    names
        The header's column names, made unique (``Name``, ``Name_2``).
    notes
        The repairs made to find it (title lines skipped), as ``SourceInfo.notes`` says them.
    """

    encoding: str
    delimiter: str
    start: int
    names: list[str]
    notes: list[str]


def csv_layout(p: Path) -> CsvLayout:
    """The layout of the delimited file ``p``; what ``read_table`` and the in-place reader share.

    Raises
    ------
    DataError
        The file is binary, blank, JSON/HTML/XML, or has no delimiter.
    """
    with gzip.open(p, "rb") if p.name.lower().endswith(".gz") else open(p, "rb") as fh:
        sample = fh.read(_SAMPLE_BYTES)
    if b"\x00" in sample[:4096] and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DataError(
            f"File {p.name!r} is binary, not a table. Use one of: {SUPPORTED}.",
            code="not_a_table",
        )
    encoding = detect_encoding(sample)
    text = sample.decode(encoding, errors="replace")
    if not text.strip():
        raise DataError(
            f"File {p.name!r} contains only blank space; export the table again.", code="empty_file"
        )
    stripped = text.lstrip("\ufeff \r\n\t")
    if stripped[:1] in ("{", "[") or stripped.lower().startswith(("<!doctype", "<html", "<?xml")):
        raise DataError(
            f"File {p.name!r} looks like JSON/HTML/XML, not a table. Use one of: {SUPPORTED}.",
            code="not_a_table",
        )
    delimiter = detect_delimiter(text)
    if delimiter is None:
        first = stripped.splitlines()[0][:80] if stripped else ""
        raise DataError(
            f"File {p.name!r} is not a table: no comma, semicolon, tab or pipe separates its columns "
            f"(first line: {first!r}). Export it as CSV with a header row.",
            code="not_a_table",
        )
    lines = _LINES.split(text.lstrip("\ufeff"), maxsplit=_HEADER_SCAN)[:_HEADER_SCAN]
    rows = [next(csv.reader([ln], delimiter=delimiter), []) for ln in lines]
    start = find_header(rows)
    notes = []
    if start:
        above = [" ".join(c.strip() for c in r if c.strip()) for r in rows[:start]]
        shown = "; ".join(repr(a[:60]) for a in above if a)
        notes.append(
            f"header found on line {start + 1}: {start} title/filter line(s) above it skipped ({shown})"
        )
    return CsvLayout(encoding, delimiter, start, _unique_names(rows[start]), notes)


def read_delimited(p: Path, limits: TableLimits, head: int | None = None) -> tuple[pd.DataFrame, SourceInfo]:
    layout = csv_layout(p)
    encoding, delimiter, start, names, notes = (
        layout.encoding,
        layout.delimiter,
        layout.start,
        layout.names,
        layout.notes,
    )
    limits.check_columns(names, p.name)  # before the body is parsed: 10,000 columns cost gigabytes
    read_opts = pacsv.ReadOptions(
        encoding="utf8" if encoding in ("utf-8", "utf-8-sig") else encoding,
        column_names=names,
        skip_rows=start + 1,
        block_size=8 << 20,
    )
    junk: list[str] = []
    pages: list[str] = []

    def footer(row: pacsv.InvalidRow) -> str:
        # a short row is an error unless it is a total, count or copyright line of a report export
        cells = next(csv.reader([row.text], delimiter=delimiter), [])
        if page_line(cells):  # a paginated report: "Page 2 / 5" between its pages
            pages.append(" ".join(c.strip() for c in cells if c.strip())[:60])
            return "skip"
        if junk_line(cells):
            junk.append(" ".join(c.strip() for c in cells if c.strip())[:60])
            return "skip"
        return "error"

    parse_opts = pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, invalid_row_handler=footer)
    convert_opts = pacsv.ConvertOptions(
        # large_string is what the frame holds (see _to_text_frame): no second copy of the text
        column_types={n: pa.large_string() for n in names},
        strings_can_be_null=True,
        null_values=[""],
        quoted_strings_can_be_null=True,
    )
    n_rows: int | None = None
    try:
        if head is None:
            table = pacsv.read_csv(
                p, read_options=read_opts, parse_options=parse_opts, convert_options=convert_opts
            )
        else:
            table, n_rows = _stream_head(p, head, read_opts, parse_opts, convert_opts)
    except pa.ArrowInvalid as exc:
        msg = str(exc).splitlines()[0]
        raise DataError(
            f"File {p.name!r} could not be parsed as a {_DELIMITER_NAMES[delimiter]}-separated table: {msg}. "
            "Check that every row has the same number of columns as the header.",
            code="not_a_table",
            details={"delimiter": delimiter, "encoding": encoding},
        ) from exc
    if head is None:
        table = _drop_trailing_junk(table, junk)
    info = SourceInfo(path=str(p), format="CSV", encoding=encoding, delimiter=delimiter, notes=notes)
    if junk:
        shown = "; ".join(repr(j) for j in junk[:4] if j)
        info.notes.append(f"{len(junk)} total/copyright line(s) after the data dropped ({shown})")
    if pages:
        info.notes.append(
            f"{len(pages)} page line(s) between the pages dropped ({'; '.join(map(repr, pages[:3]))})"
        )
    if n_rows is not None:
        info.n_rows, info.sampled_rows = n_rows, table.num_rows
    return _to_text_frame(table), info


def _drop_inner_junk(df: pd.DataFrame, info: SourceInfo) -> pd.DataFrame:
    """Drop header rows repeated inside the data (and their page/group title lines); note how many."""
    drop = inner_junk(df)
    if not drop.any():
        return df
    header_again = int(np.sum(drop & ~lone_rows(df)))
    others = int(drop.sum()) - header_again
    info.notes.append(
        f"{header_again} row(s) inside the data that repeat the header row dropped"
        + (f", with {others} page/group title or blank line(s) beside them" if others else "")
        + " (a paginated report or a board exported group by group)"
    )
    return df[~drop].reset_index(drop=True)


def _drop_trailing_junk(table: pa.Table, junk: list[str]) -> pa.Table:
    """Drop total/copyright rows as wide as the table at its end (``Total,,,,``); note them in ``junk``."""
    tail = table.slice(max(0, table.num_rows - 10)).to_pylist()
    n = trailing_junk([list(r.values()) for r in tail])
    n = min(n, table.num_rows - 1)  # never drop every row
    for r in tail[len(tail) - n :]:
        junk.append(" ".join(str(v).strip() for v in r.values() if v is not None and str(v).strip())[:60])
    return table.slice(0, table.num_rows - n) if n > 0 else table


def _stream_head(
    p: Path,
    head: int,
    read_opts: pacsv.ReadOptions,
    parse_opts: pacsv.ParseOptions,
    convert_opts: pacsv.ConvertOptions,
) -> tuple[pa.Table, int]:
    """The first ``head`` rows and the number of rows, holding one block at a time."""
    batches: list[pa.RecordBatch] = []
    kept = total = 0
    options = {"read_options": read_opts, "parse_options": parse_opts, "convert_options": convert_opts}
    with pacsv.open_csv(p, **options) as r:
        for batch in r:
            total += batch.num_rows
            if kept < head:
                batches.append(batch.slice(0, head - kept))
                kept += batches[-1].num_rows
    return pa.Table.from_batches(batches, schema=r.schema), total


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` as UTF-8 CSV atomically, quoting only the cells that need it (as most exports do).

    Text and integer columns are written by Arrow's CSV writer, which refuses cells holding
    a comma, quote or line break unquoted; any such table, and tables with other types, go
    through DuckDB, which quotes exactly those cells.

    Examples
    --------
    >>> write_csv(pd.DataFrame({"State": ["Goa", "Delhi, NCR"]}), "out/states.csv")  # doctest: +SKIP
    """
    columns = [str(c) for c in df.columns]
    with atomic_path(path) as tmp:
        table = _plain_arrow(df)
        if table is not None:
            header = io.StringIO()
            csv.writer(header, lineterminator="\n").writerow(columns)
            try:
                with tmp.open("wb") as fh:
                    fh.write(header.getvalue().encode("utf-8"))
                    pacsv.write_csv(table, fh, pacsv.WriteOptions(include_header=False, quoting_style="none"))
                return Path(path)
            except pa.ArrowInvalid:
                pass  # a cell needs quotes
        from synthpersona.engine import DuckDBEngine

        engine = DuckDBEngine()
        engine.register("frame", table if table is not None else df)
        quoted = str(tmp).replace("'", "''")
        engine.query(f"COPY frame TO '{quoted}' (HEADER, DELIMITER ',', QUOTE '\"')")
    return Path(path)


def _plain_arrow(df: pd.DataFrame) -> pa.Table | None:
    """``df`` as an Arrow table (zero-copy for Arrow-backed text) when it holds only text and integers."""
    try:
        table = pa.Table.from_pandas(df, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return None
    plain = all(
        pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_integer(t)
        for t in table.schema.types
    )
    return table if plain else None
