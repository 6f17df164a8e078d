"""Report exports: find the header row below title/filter lines and drop total/copyright lines.

CRM *reports* (Salesforce, Zoho, HubSpot, Excel exports of any tool) put a title, the
filters and a blank line above the header, and "Grand Totals (250 records)",
"Confidential Information - Do Not Distribute" or a copyright line below the data.
Paginated reports and board exports (Zoho, monday.com) also repeat the header row inside
the data, on every page or above every group, with a ``Page 2 / 5`` or group title line
beside it. An analyst deletes those lines by hand; :func:`find_header`, :func:`junk_line`
and :func:`inner_junk` do it, and every repair is reported in the table's
``SourceInfo.notes``.

Examples
--------
>>> rows = [["Leads by Source"], ["Filtered By:"], [], ["Name", "State", "Won"], ["A", "Goa", "1"]]
>>> find_header(rows)
3
>>> junk_line(["Grand Totals (250 records)", "", ""])
True
>>> import pandas as pd
>>> df = pd.DataFrame({"Name": ["A", "April", "Name", "B"], "Won": ["1", None, "won", "0"]})
>>> inner_junk(df).tolist()
[False, True, True, False]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["find_header", "inner_junk", "junk_line", "lone_rows", "page_line", "trailing_junk"]

_JUNK = re.compile(
    r"^\(?(grand\s+)?(sub)?totals?\b|^(record\s+)?count\b|^sum\b|^average\b|copyright|\(c\)\s*\d{4}|©|"
    r"confidential|do not distribute|all rights reserved|^generated\s+(by|on|at)|^exported\s+(by|on|at)|"
    r"^report\s+(generated|run|name)|^\(?\d[\d,.]*\s+records?\)?$|^filtered\s+by|"
    r"^gesamt|^summe|^total général|^\s*$|"
    # totals and "generated on" lines of reports in other languages (it, nl, sv/da, tr, pl, es/pt, fr, de)
    r"^totale\b|^totaal\b|^totalt\b|^i alt\b|^toplam\b|^razem\b|^suma\b|^summa\b|^totales\b|"
    r"^generat[oa] (il|el|em)\b|^gerado em\b|^généré le\b|^erstellt am\b|^wygenerowano\b|^oluşturuldu\b",
    re.IGNORECASE,
)
# a page line of a paginated report: "Page 2 / 5", "Seite 2 von 5", "Página 2 de 5", "- 3 -"
_PAGE = re.compile(
    r"^(page|pages|seite|página|pagina|pág\.?|strona|sida|side|sivu|blad|stránka|strana|oldal|sayfa|"
    r"pag\.?|p\.)\s*\d+(\s*(/|of|sur|von|de|di|z|av|af|van|из|/)\s*\d+)?\.?$|^-\s*\d+\s*-$",
    re.IGNORECASE,
)
_PAGE_RE2 = _PAGE.pattern  # the same pattern for arrow's RE2 kernels
_NUMBERISH = re.compile(r"^[\s$€£₹%+\-.,()\d]+$")


def _filled(row: Sequence[str]) -> list[str]:
    return [c.strip() for c in row if c is not None and str(c).strip()]


def find_header(rows: Sequence[Sequence[str]]) -> int:
    """Index of the header row among the first rows of a table (``0`` when it is the first).

    The header is the first row as wide as the table's body (the most common width among
    rows with at least two filled cells) with most cells filled and few of them numbers.
    """
    widths = Counter(len(_filled(r)) for r in rows if len(_filled(r)) >= 2)
    if not widths:
        return 0
    width = widths.most_common(1)[0][0]
    for i, row in enumerate(rows):
        cells = _filled(row)
        if len(cells) < max(2, 0.6 * width):
            continue
        numbers = sum(bool(_NUMBERISH.match(c)) for c in cells)
        if numbers <= 0.2 * len(cells):
            return i
    return 0


def junk_line(cells: Sequence[str | None]) -> bool:
    """Whether a row is a total, count, page, copyright or confidentiality line (or blank)."""
    filled = _filled([c for c in cells if c is not None])
    if not filled:
        return True
    return len(filled) <= max(2, len(cells) // 3) and bool(_JUNK.search(filled[0]) or _PAGE.match(filled[0]))


def page_line(cells: Sequence[str | None]) -> bool:
    """Whether a row is the page line of a paginated report (``Page 2 / 5``, ``Seite 2 von 5``)."""
    filled = _filled([c for c in cells if c is not None])
    return len(filled) == 1 and bool(_PAGE.match(filled[0]))


def trailing_junk(rows: Sequence[Sequence[str | None]]) -> int:
    """How many rows at the end are junk (see :func:`junk_line`)."""
    n = 0
    for row in reversed(rows):
        if not junk_line(row):
            break
        n += 1
    return n


def _stripped(frame: pd.DataFrame) -> list[pd.Series]:
    return [frame.iloc[:, j].astype("string").str.strip() for j in range(frame.shape[1])]


def _filled_count(text: list[pd.Series]) -> np.ndarray:
    return np.sum([t.fillna("").ne("").to_numpy() for t in text], axis=0)


def lone_rows(frame: pd.DataFrame) -> np.ndarray:
    """Rows with at most one filled cell (blank lines, group titles, page lines)."""
    if frame.shape[1] == 0:
        return np.ones(len(frame), dtype=bool)
    return _filled_count(_stripped(frame)) <= 1


def _name(column: object) -> str:
    return re.sub(r"_\d+$", "", str(column)).strip().casefold()  # "Name_2": a repeated header name


def inner_junk(frame: pd.DataFrame) -> np.ndarray:
    """Rows inside the data that are not records: repeated header rows and their page lines.

    A row whose cells repeat the column names (at least two, and most of its filled cells)
    is the header again (a paginated report, a board exported group by group); a row with at
    most one filled cell just above it (a group title such as ``April``, a blank line) goes
    with it, and a lone ``Page 2 / 5`` line goes wherever it is. Only rows whose first or
    second cell could be such a line are looked at whole, so a large table costs two scans.
    """
    n = len(frame)
    drop = np.zeros(n, dtype=bool)
    if n == 0 or frame.shape[1] < 2:
        return drop
    maybe = np.zeros(n, dtype=bool)
    for j in range(2):  # arrow kernels: a million rows in well under a second
        cells = pa.array(frame.iloc[:, j].astype("string"), type=pa.large_string())
        names = pa.array(
            sorted({str(frame.columns[j]), str(frame.columns[j]).strip(), _name(frame.columns[j])})
        )
        hit = pc.or_kleene(
            pc.is_in(pc.utf8_lower(pc.utf8_trim_whitespace(cells)), value_set=pc.utf8_lower(names)),
            pc.match_substring_regex(cells, _PAGE_RE2, ignore_case=True),
        )
        maybe |= np.asarray(pc.fill_null(hit, False).to_numpy(zero_copy_only=False), dtype=bool)
    rows = np.flatnonzero(maybe)
    if not len(rows):
        return drop
    part = frame.iloc[rows]
    text = _stripped(part)
    filled = _filled_count(text)
    same = np.sum(
        [
            t.str.casefold().eq(_name(c)).fillna(False).to_numpy()
            for t, c in zip(text, frame.columns, strict=True)
        ],
        axis=0,
    )
    header = (same >= 2) & (same >= 0.6 * np.maximum(filled, 1))
    first = text[0].fillna("").where(text[0].fillna("") != "", text[1].fillna(""))
    page = (filled <= 1) & first.str.match(_PAGE).fillna(False).to_numpy()
    drop[rows[header | page]] = True
    for i in rows[header][::-1]:  # lone lines just above a repeated header: its group title, blanks
        k = i - 1
        while k >= 0 and not drop[k] and lone_rows(frame.iloc[k : k + 1])[0]:
            drop[k] = True
            k -= 1
    return drop
