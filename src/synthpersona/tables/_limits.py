"""Resource limits of table reading, checked before the expensive step they guard.

A 4 MB CSV with 10,000 columns, or a 564 KB workbook that expands to 145 MB of XML, costs
gigabytes and minutes to read. Each limit is checked from what is cheap to know first (the
header, the Parquet footer, the zip directory) and answered with a :class:`DataError`
naming the limit and the setting that raises it.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from synthpersona.errors import DataError, InputError

if TYPE_CHECKING:
    from synthpersona.config import Settings

__all__ = ["TableLimits"]

# Parsing a workbook's XML costs about eight times its size in memory (openpyxl): workbooks get
# a quarter of the decompressed budget.
_EXCEL_SHARE = 4


@dataclass(frozen=True)
class TableLimits:
    """Largest table a read accepts; see ``docs/reliability.md``.

    Examples
    --------
    >>> TableLimits(max_columns=3).check_columns(["a", "b"], "t.csv")
    >>> TableLimits(max_columns=1).check_columns(["a", "b"], "t.csv")
    Traceback (most recent call last):
    ...
    synthpersona.errors.DataError: File 't.csv' has 2 columns; the limit is 1 ...
    """

    max_rows: int = 5_000_000
    max_columns: int = 500
    max_cell_chars: int = 100_000
    max_decompressed_bytes: int = 512 * 1024 * 1024
    max_k: int = 50

    @classmethod
    def from_settings(cls, settings: Settings) -> TableLimits:
        """The limits configured in ``settings`` (``SYNTHPERSONA_MAX_ROWS`` and friends)."""
        return cls(
            max_rows=settings.max_rows,
            max_columns=settings.max_columns,
            max_cell_chars=settings.max_cell_chars,
            max_decompressed_bytes=settings.max_decompressed_bytes,
            max_k=settings.max_k,
        )

    @staticmethod
    def _refuse(filename: str, unit: str, value: int, limit: int, setting: str) -> DataError:
        return DataError(
            f"File {filename!r} has {value:,} {unit}; the limit is {limit:,} (SYNTHPERSONA_{setting}). "
            f"Send a table with fewer {unit}, or raise SYNTHPERSONA_{setting} on the server.",
            code=f"too_many_{unit}",
            details={"limit": limit, "value": value, "setting": f"SYNTHPERSONA_{setting}"},
        )

    def check_columns(self, names: list[str], filename: str) -> None:
        """Refuse more than ``max_columns`` columns (from the header, before the body is read)."""
        if len(names) > self.max_columns:
            raise self._refuse(filename, "columns", len(names), self.max_columns, "MAX_COLUMNS")

    def check_rows(self, n_rows: int, filename: str) -> None:
        """Refuse more than ``max_rows`` rows."""
        if n_rows > self.max_rows:
            raise self._refuse(filename, "rows", n_rows, self.max_rows, "MAX_ROWS")

    def check_k(self, k: object) -> None:
        """Refuse a whole-number ``k`` outside ``2..max_k`` before any reading (``"auto"`` passes).

        >>> TableLimits(max_k=8).check_k(9)
        Traceback (most recent call last):
        ...
        synthpersona.errors.InputError: k=9 is outside 2..8 (SYNTHPERSONA_MAX_K)...
        """
        if isinstance(k, bool) or not isinstance(k, int) or 2 <= k <= self.max_k:
            return  # other values ("auto", text) are checked by the analysis itself
        raise InputError(
            f"k={k} is outside 2..{self.max_k} (SYNTHPERSONA_MAX_K); ask for fewer clusters or 'auto'.",
            details={"k": k, "min": 2, "max": self.max_k, "setting": "SYNTHPERSONA_MAX_K"},
        )

    def check_decompressed(self, size: int, filename: str, *, excel: bool = False) -> None:
        """Refuse a file whose content expands past the decompressed budget."""
        limit = self.max_decompressed_bytes // _EXCEL_SHARE if excel else self.max_decompressed_bytes
        if size > limit:
            raise DataError(
                f"File {filename!r} expands to {size:,} bytes when decompressed; the limit is {limit:,} "
                "bytes (SYNTHPERSONA_MAX_DECOMPRESSED_BYTES"
                + (", a quarter of it for Excel workbooks" if excel else "")
                + "). Export it as CSV, split it, or raise the limit on the server.",
                code="too_large_decompressed",
                details={"limit": limit, "value": size, "setting": "SYNTHPERSONA_MAX_DECOMPRESSED_BYTES"},
            )

    def check_excel(self, path: Path) -> None:
        """Sum the sizes in the workbook's zip directory (no XML is parsed)."""
        if not zipfile.is_zipfile(path):
            return  # legacy .xls or not a workbook: the reader reports it
        try:
            with zipfile.ZipFile(path) as zf:
                size = sum(info.file_size for info in zf.infolist())
        except (zipfile.BadZipFile, OSError):
            return
        self.check_decompressed(size, path.name, excel=True)

    def check_parquet(self, path: Path) -> None:
        """Rows, columns and uncompressed size from the Parquet footer (no data is read)."""
        import pyarrow.parquet as pq

        try:
            meta = pq.ParquetFile(path).metadata
        except Exception:
            return
        self.check_columns([""] * meta.num_columns, path.name)
        self.check_rows(meta.num_rows, path.name)
        size = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        self.check_decompressed(size, path.name)

    def check_cells(self, df: pd.DataFrame, filename: str) -> None:
        """Refuse a text cell longer than ``max_cell_chars`` (``df`` has text columns)."""
        for name in df.columns:
            longest = df[name].str.len().max()
            if longest is not None and not pd.isna(longest) and int(longest) > self.max_cell_chars:
                raise DataError(
                    f"Column {str(name)[:60]!r} of {filename!r} has a cell of {int(longest):,} characters; "
                    f"the limit is {self.max_cell_chars:,} (SYNTHPERSONA_MAX_CELL_CHARS). Shorten it or "
                    "raise the limit on the server.",
                    code="cell_too_long",
                    details={"column": str(name)[:60], "limit": self.max_cell_chars, "value": int(longest)},
                )
