"""Long single calls into C for the tests of work run in a child process (issue 20).

Module-level functions, so a child process can import them by name.
"""

from __future__ import annotations


def duckdb_sum(rows: int) -> int:
    """One DuckDB query over ``rows`` generated rows (hours for 10**13): a single C call."""
    import duckdb

    with duckdb.connect() as con:
        row = con.execute(f"SELECT sum(hash(i) % 7) FROM range({int(rows)}) t(i)").fetchone()
    return int(row[0]) if row else 0


def numpy_fill(n: int) -> float:
    """``n`` float64 ones filled by NumPy in one call (8 bytes each), then summed."""
    import numpy as np

    return float(np.ones(int(n)).sum())
