"""The engine interface."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
import pyarrow as pa


class Engine(Protocol):
    """Runs parameterised SQL over named tables."""

    name: str

    def register(self, table: str, source: pd.DataFrame | pa.Table | Path | str) -> None:
        """Make ``source`` (a DataFrame, an Arrow table or a Parquet/CSV path) queryable as ``table``."""
        ...

    def query(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Run ``sql`` with positional ``?`` parameters and return the result."""
        ...

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        """Run ``sql`` and return the first column of the first row."""
        ...

    def tables(self) -> list[str]:
        """Names of the registered tables."""
        ...
