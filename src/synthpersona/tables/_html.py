"""HTML tables saved under an Excel name (``.xls``), as CRMs' "Export to Excel" write them.

Bitrix24, older Salesforce "Export Details" and many PHP CRMs write an HTML page holding a
``<table>`` and name it ``.xls``; Excel opens it, a workbook reader does not.
:func:`html_tables` reads the tables of such a page with the standard library's HTML parser
(no extra dependency), every cell as text, so ``read_excel`` goes on as with a workbook
(header found below title rows, total rows dropped).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd

__all__ = ["html_tables", "looks_like_html", "looks_like_spreadsheet_xml"]

_SPREADSHEET_XML = (b"urn:schemas-microsoft-com:office:spreadsheet", b"<workbook", b"<ss:workbook")


def looks_like_spreadsheet_xml(head: bytes) -> bool:
    """Whether a file's first bytes open an Excel 2003 XML workbook (SpreadsheetML, also named ``.xls``)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<?xml") and any(mark in text for mark in _SPREADSHEET_XML)


def looks_like_html(head: bytes) -> bool:
    """Whether a file's first bytes open an HTML page (not a workbook, nor an XML workbook)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<?xml"):  # XHTML holding a table, not SpreadsheetML (whose <Table> is no HTML)
        return b"<html" in text and b"<table" in text and not looks_like_spreadsheet_xml(head)
    return text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta", b"<head"))


class _Tables(HTMLParser):
    """The top-level tables' rows; end tags of cells and rows are optional, as in HTML.

    A table inside a cell (nested) gives its text to that cell.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._depth = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def _close_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
        self._cell = None

    def _close_row(self) -> None:
        self._close_cell()
        if self._row is not None and self.tables:
            self.tables[-1].append(self._row)
        self._row = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append([])
            elif self._cell is not None:
                self._cell.append(" ")
        elif self._depth > 1:
            if tag in ("td", "th", "tr", "br") and self._cell is not None:
                self._cell.append(" ")  # a nested table's cells, apart in the outer cell's text
        elif self._depth == 1 and tag == "tr":
            self._close_row()  # an open row ends where the next begins (</tr> is optional)
            self._row = []
        elif self._depth == 1 and tag in ("td", "th"):
            self._close_cell()  # so does an open cell (</td> is optional)
            if self._row is None:
                self._row = []
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._depth != 1:
            if tag == "table" and self._depth:
                self._depth -= 1
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr":
            self._close_row()
        elif tag == "table":
            self._close_row()
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def close(self) -> None:
        super().close()
        if self._depth:  # the page ends inside its table
            self._close_row()


def html_tables(text: str) -> dict[str, pd.DataFrame]:
    """The page's top-level tables as frames of text (``None`` for blanks), named ``table 1``...

    Examples
    --------
    >>> page = "<html><table><tr><th>Name</th><th>Won</th></tr><tr><td>A</td><td>Tak</td></tr></table>"
    >>> html_tables(page)["table 1"].values.tolist()
    [['Name', 'Won'], ['A', 'Tak']]
    """
    parser = _Tables()
    parser.feed(text)
    parser.close()
    out = {}
    for i, rows in enumerate(t for t in parser.tables if t):
        width = max(len(r) for r in rows)
        padded = [[c if c else None for c in r] + [None] * (width - len(r)) for r in rows]
        out[f"table {i + 1}"] = pd.DataFrame(padded, dtype=object)
    return out
