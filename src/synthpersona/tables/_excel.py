"""Reading Excel workbooks (and HTML tables saved under an Excel name) with every cell as text.

The sheet holding the table is chosen (a cover or summary sheet often comes first), the
header found below title rows and total rows dropped, as :func:`~synthpersona.tables._io.read_table`
repairs delimited text; every repair is in ``SourceInfo.notes``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from synthpersona.errors import DataError, InputError
from synthpersona.tables._html import html_tables, looks_like_html, looks_like_spreadsheet_xml
from synthpersona.tables._io import (
    _HEADER_SCAN,
    _SAMPLE_BYTES,
    SourceInfo,
    _unique_names,
    detect_encoding,
)
from synthpersona.tables._limits import TableLimits
from synthpersona.tables._repair import find_header, trailing_junk

__all__ = ["read_excel"]


def read_excel(
    p: Path, limits: TableLimits, head: int | None = None, sheet: str | None = None
) -> tuple[pd.DataFrame, SourceInfo]:
    """An Excel sheet (``sheet``, else the first sheet holding a table), header found, totals dropped."""
    # a workbook is read whole (openpyxl has no cheap row streaming); read_table keeps ``head`` rows
    limits.check_excel(p)
    with open(p, "rb") as fh:
        page = fh.read(_SAMPLE_BYTES)
    fmt = "Excel"
    try:
        if looks_like_spreadsheet_xml(page):  # Excel 2003's XML, also named .xls: no workbook reader reads it
            raise ValueError("it is an Excel 2003 XML workbook (SpreadsheetML), which is not read")
        if looks_like_html(page):  # an HTML table named .xls (Bitrix24's and others' "Export to Excel")
            book = html_tables(p.read_bytes().decode(detect_encoding(page), errors="replace"))
            fmt = "Excel (an HTML table)"
            if not book:
                raise ValueError("the page holds no table")
        else:
            book = pd.read_excel(
                p, dtype=str, sheet_name=None, header=None, keep_default_na=False, na_values=[""]
            )
    except Exception as exc:  # openpyxl raises many types for corrupt files
        raise DataError(
            f"File {p.name!r} could not be read as an Excel workbook ({type(exc).__name__}: {exc}). "
            f"Save it as .xlsx or CSV and try again.",
            code="not_a_table",
        ) from exc
    names = [str(n) for n in book]
    notes: list[str] = []
    if sheet is not None:
        chosen = next((n for n in names if n == sheet), None) or next(
            (n for n in names if n.strip().casefold() == sheet.strip().casefold()), None
        )
        if chosen is None:
            raise InputError(
                f"Sheet {sheet!r} is not in {p.name!r}; its sheets are {', '.join(repr(n) for n in names)}.",
                code="unknown_sheet",
                details={"sheet": sheet, "allowed": names},
            )
    else:
        # the first sheet that holds a table (a cover or summary sheet often comes first)
        chosen = next((n for n in names if _is_table(book[n])), names[0])
        if len(names) > 1:
            notes.append(
                f"workbook has sheets {', '.join(repr(n) for n in names)}; read {chosen!r} "
                "(choose another with --sheet)"
            )
    raw = book[chosen].dropna(how="all").dropna(axis=1, how="all")
    rows = [[("" if v is None or v != v else str(v)) for v in r] for r in raw.itertuples(index=False)]
    start = find_header(rows[:_HEADER_SCAN]) if rows else 0
    if start:
        above = "; ".join(repr(" ".join(c for c in r if c.strip())[:60]) for r in rows[:start])
        notes.append(
            f"header found on row {start + 1} of sheet {chosen!r}: {start} row(s) above it skipped ({above})"
        )
    body = rows[start + 1 :]
    n_junk = min(trailing_junk(body), max(len(body) - 1, 0))
    if n_junk:
        shown = "; ".join(repr(" ".join(c for c in r if c.strip())[:60]) for r in body[len(body) - n_junk :])
        notes.append(f"{n_junk} total/copyright row(s) after the data dropped ({shown})")
        body = body[: len(body) - n_junk]
    header = rows[start] if rows else []
    df = pd.DataFrame(
        [[c if c != "" else None for c in r] for r in body], columns=_unique_names(header), dtype=object
    )
    df = df.reset_index(drop=True).astype(pd.StringDtype("pyarrow"))
    if fmt != "Excel":
        notes.insert(0, "an HTML page saved with an Excel name: its table read as the sheet")
    return df, SourceInfo(path=str(p), format=fmt, notes=notes)


def _is_table(frame: pd.DataFrame) -> bool:
    """Whether a sheet holds a table: at least two columns and two rows below a header."""
    filled = frame.dropna(how="all").dropna(axis=1, how="all")
    return filled.shape[0] >= 3 and filled.shape[1] >= 2
