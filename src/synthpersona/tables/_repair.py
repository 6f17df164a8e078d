"""Report exports: find the header row below title/filter lines and drop total/copyright lines.

CRM *reports* (Salesforce, Zoho, HubSpot, Excel exports of any tool) put a title, the
filters and a blank line above the header, and "Grand Totals (250 records)",
"Confidential Information - Do Not Distribute" or a copyright line below the data. An
analyst deletes those lines by hand; :func:`find_header` and :func:`junk_line` do it, and
every repair is reported in the table's ``SourceInfo.notes``.

Examples
--------
>>> rows = [["Leads by Source"], ["Filtered By:"], [], ["Name", "State", "Won"], ["A", "Goa", "1"]]
>>> find_header(rows)
3
>>> junk_line(["Grand Totals (250 records)", "", ""])
True
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

__all__ = ["find_header", "junk_line", "trailing_junk"]

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
    """Whether a row is a total, count, copyright or confidentiality line (or blank)."""
    filled = _filled([c for c in cells if c is not None])
    if not filled:
        return True
    return len(filled) <= max(2, len(cells) // 3) and bool(_JUNK.search(filled[0]))


def trailing_junk(rows: Sequence[Sequence[str | None]]) -> int:
    """How many rows at the end are junk (see :func:`junk_line`)."""
    n = 0
    for row in reversed(rows):
        if not junk_line(row):
            break
        n += 1
    return n
