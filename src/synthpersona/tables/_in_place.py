"""Report exports read in place: the repairs of ``read_table`` as SQL over the engine's rows.

:func:`~synthpersona.tables.read_table` repairs a report export in memory: it finds the
header below title/filter lines, drops the ``Page 2 of 5`` lines between pages, the
header repeated on every page, and the total/copyright lines after the data
(:mod:`synthpersona.tables._repair`). A table read in place by the engine
(:func:`~synthpersona.tables.sql_file.open_table_file`) gets the same repairs here: the
CSV is opened at the header line :func:`~synthpersona.tables._io.csv_layout` finds, and the
non-record rows are kept out by a SQL condition built from the same rules and patterns, so
both paths read the same records and say the same repairs.
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from synthpersona.tables._repair import _JUNK, _PAGE, _name

__all__ = [
    "InPlaceSource",
    "blank_condition",
    "csv_source",
    "header_again_condition",
    "junk_condition",
    "page_condition",
    "position",
]

# DuckDB reads these encodings natively; another one is copied to UTF-8 first
_DUCKDB_ENCODINGS = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "utf-16": "utf-16", "latin-1": "latin-1"}


@dataclass
class InPlaceSource:
    """The SQL reading a delimited file from its header line, and the repairs that took.

    ``copy`` is the UTF-8 copy the SQL reads when the file is in another encoding: the caller
    removes it when the engine's view of it is no longer used.
    """

    sql: str
    notes: list[str] = field(default_factory=list)
    copy: Path | None = None


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def csv_source(path: Path) -> InPlaceSource:
    """DuckDB's ``read_csv`` of ``path`` at the header line ``read_table`` finds, every column as text.

    Lines shorter than the header (a page or total line) are padded with ``NULL`` and kept
    out afterwards by :func:`junk_condition`, as ``read_table`` skips them.
    """
    from synthpersona.engine._base import sql_string
    from synthpersona.tables._io import csv_layout

    layout = csv_layout(path)
    notes = list(layout.notes)
    encoding = _DUCKDB_ENCODINGS.get(layout.encoding.lower())
    copy = None
    if encoding is None:  # cp1252, cp1251, Shift-JIS...: the engine reads a UTF-8 copy
        path = copy = _utf8_copy(path, layout.encoding)
        encoding = "utf-8"
        notes.append(f"read as {layout.encoding} (copied to UTF-8 for the engine)")
    columns = ", ".join(f"{_literal(n)}: 'VARCHAR'" for n in layout.names)
    options = [
        "auto_detect=false",
        "header=false",
        f"skip={layout.start + 1}",
        f"delim={_literal(layout.delimiter)}",
        "quote='\"'",
        "escape='\"'",
        "null_padding=true",
        f"columns={{{columns}}}",
        f"encoding={_literal(encoding)}",
    ]
    return InPlaceSource(f"read_csv({sql_string(str(path))}, {', '.join(options)})", notes, copy)


def _utf8_copy(path: Path, encoding: str) -> Path:
    """A UTF-8 copy of ``path`` (decoded from ``encoding`` 1 MB at a time); the caller removes it."""
    gzipped = path.name.lower().endswith(".gz")
    fd, name = tempfile.mkstemp(
        prefix="synthpersona-utf8-", suffix=Path(path.stem).suffix if gzipped else path.suffix
    )
    try:
        with (
            (gzip.open if gzipped else open)(
                path, "rt", encoding=encoding, errors="replace", newline=""
            ) as src,
            open(fd, "w", encoding="utf-8", newline="") as dst,
        ):
            shutil.copyfileobj(src, dst, 1 << 20)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _quote(engine: Any, name: str) -> str:
    if engine.name == "spark":
        return "`" + name.replace("`", "``") + "`"
    return '"' + name.replace('"', '""') + '"'


def _cells(engine: Any, names: Sequence[str]) -> list[str]:
    return [f"trim(coalesce(CAST({_quote(engine, c)} AS STRING), ''))" for c in names]


def _matches(engine: Any, cell: str, pattern: str) -> str:
    pattern = "(?i)" + pattern
    if engine.name == "spark":  # Spark SQL literals read backslashes as escapes
        return f"{cell} RLIKE {_literal(pattern.replace(chr(92), chr(92) * 2))}"
    return f"regexp_matches({cell}, {_literal(pattern)})"


def header_again_condition(engine: Any, names: Sequence[str]) -> str:
    """SQL condition true on a row repeating the column names (the header again).

    The rule of :func:`synthpersona.tables.inner_junk` (at least two cells equal to their
    column's name, and most of the filled ones); only a row whose first or second cell is a
    column name is looked at whole.
    """
    if len(names) < 2:
        return "FALSE"
    cells = [(f"lower({cell})", _name(c)) for cell, c in zip(_cells(engine, names), names, strict=True)]
    same = " + ".join(f"CASE WHEN {cell} = {_literal(name)} THEN 1 ELSE 0 END" for cell, name in cells)
    filled = " + ".join(f"CASE WHEN {cell} <> '' THEN 1 ELSE 0 END" for cell, _ in cells)
    maybe = " OR ".join(f"{cell} = {_literal(name)}" for cell, name in cells[:2])
    header = f"({same}) >= 2 AND ({same}) >= 0.6 * greatest({filled}, 1)"
    return f"(CASE WHEN {maybe} THEN {header} ELSE FALSE END)"


def _short(engine: Any, names: Sequence[str], most: int) -> tuple[str, str]:
    """SQL (a cheap gate, the first filled cell) for rows with at most ``most`` filled cells.

    The gate: the last two cells are empty (a short line padded with ``NULL``, a total line
    ``Total,,,,``), so the whole row is looked at only there.
    """
    cells = _cells(engine, names)
    gate = " AND ".join(f"{c} = ''" for c in cells[-2:])
    filled = " + ".join(f"CASE WHEN {c} <> '' THEN 1 ELSE 0 END" for c in cells)
    first = "coalesce(" + ", ".join(f"nullif({c}, '')" for c in cells) + ", '')"
    return f"({gate}) AND ({filled}) <= {most}", first


def page_condition(engine: Any, names: Sequence[str]) -> str:
    """SQL condition true on a page line between a report's pages (``Page 2 of 5``, ``Side 2 av 3``)."""
    if len(names) < 2:
        return "FALSE"
    short, first = _short(engine, names, 1)
    return f"(CASE WHEN {short} THEN {_matches(engine, first, _PAGE.pattern)} ELSE FALSE END)"


def junk_condition(engine: Any, names: Sequence[str]) -> str:
    """SQL condition true on a blank, total, count or copyright line (:func:`~._repair.junk_line`).

    Such a line is junk only after the data (:func:`~._repair.trailing_junk`): a sparse record
    named "Total Energies" or "Summa Foods" inside it is a record; the caller keeps the
    condition to the rows after the last record.
    """
    if len(names) < 2:
        return "FALSE"
    short, first = _short(engine, names, max(2, len(names) // 3))
    junk = f"{first} = '' OR {_matches(engine, first, _JUNK.pattern)}"
    return f"(CASE WHEN {short} THEN ({junk}) ELSE FALSE END)"


def blank_condition(engine: Any, names: Sequence[str]) -> str:
    """SQL condition true on a row with no filled cell (a blank line, skipped anywhere as in memory)."""
    return "(" + " AND ".join(f"{c} = ''" for c in _cells(engine, names)) + ")" if names else "FALSE"


def position(engine: Any) -> str:
    """SQL of a row's position in file order (increasing, not necessarily consecutive)."""
    return "monotonically_increasing_id()" if engine.name == "spark" else "row_number() OVER ()"
