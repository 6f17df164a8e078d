"""Use case: the memory budget of a process running jobs, checked before the work starts.

``SYNTHPERSONA_JOB_MEMORY_MB`` bounds the memory of one service process: what it already
holds (interpreter, libraries, loaded population: ~300 MB idle) plus the work's estimated
peak. Work whose estimate does not fit in what is left is refused before it starts, with a
:class:`~synthpersona.errors.DataError` (422) naming the limit, the estimate, what the
process holds and the way out. (Until session 5 only the estimate was compared with the
budget, so a process reached ~1.3 GB at a budget of 1,024 MB.) The runner of
:mod:`synthpersona.usecases.jobs` enforces the same bound while jobs run.

A job runs in a thread of the service process, so an operating-system limit
(``resource.RLIMIT_AS``) would cap the whole process, not the job. The peak is estimated
from what is cheap to know before it starts (the rows of an event log from its Parquet
footer or its line count, the audience rows a goal run may segment). The per-row costs are
measured (``docs/benchmarks.md``; see the constants).

Examples
--------
>>> held = 300 * MB  # what the process holds before the work
>>> check_memory(100 * MB, 1024, "a behaviour view of 500,000 events", "use a smaller log", held_bytes=held)
104857600
>>> check_memory(800 * MB, 1024, "a behaviour view of 4,000,000 events", "use a smaller log", held_bytes=held)
Traceback (most recent call last):
...
synthpersona.errors.DataError: A behaviour view of 4,000,000 events needs about 800 MB; ...
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import TYPE_CHECKING

from synthpersona.errors import DataError

if TYPE_CHECKING:
    from synthpersona.config import Settings

__all__ = [
    "BYTES_PER_AUDIENCE_ROW",
    "BYTES_PER_CELL",
    "BYTES_PER_EVENT",
    "MB",
    "behaviour_estimate",
    "check_behaviour",
    "check_goal",
    "check_memory",
    "check_table",
    "event_rows",
    "goal_estimate",
    "process_rss_bytes",
]

MB = 1024 * 1024
#: Peak bytes per event of a behaviour view, the loaded frame included: 944 MB for the
#: transition graph of 5,023,593 events (``bench_behaviour.py``, 188 B), and 742 MB over an
#: idle server of 314 MB for 3,455,610 events through ``POST /behaviour/graph`` (225 B,
#: ``chaos.py --memory``, 2026-12-04), rounded up.
BYTES_PER_EVENT = 230
#: Peak bytes per cell (row x column) of a table analysis: 1,237 MB over the idle process for
#: 4,978,000 rows x 9 columns from a 199 MB CSV (``scripts/chaos.py --memory``), rounded up.
BYTES_PER_CELL = 30
#: Peak bytes per audience row a goal run segments (features, k candidates, personas):
#: 4,304 measured with ``run_goal`` (k 2-8) on 40,401 of a 100,000-person population, rounded up.
BYTES_PER_AUDIENCE_ROW = 4_500
_CHUNK = 1 << 20


def process_rss_bytes() -> int:
    """Resident memory of this process now, in bytes (Linux ``/proc``; 0 where unknown)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


def check_memory(
    need_bytes: int, budget_mb: int, what: str, way_out: str, *, held_bytes: int | None = None
) -> int:
    """Refuse work whose estimated peak ``need_bytes`` does not fit in ``budget_mb`` megabytes.

    ``held_bytes`` is what the process holds before the work (default: its resident memory
    now, :func:`process_rss_bytes`). Returns ``need_bytes`` (the job runner keeps it to
    decide which job to stop when the process goes over the budget anyway).
    """
    held = process_rss_bytes() if held_bytes is None else held_bytes
    need_mb, held_mb = -(-need_bytes // MB), -(-held // MB)
    if held_mb + need_mb > budget_mb:
        raise DataError(
            f"{what[:1].upper()}{what[1:]} needs about {need_mb:,} MB; this server process already "
            f"holds {held_mb:,} MB and its memory budget is {budget_mb:,} MB "
            f"(SYNTHPERSONA_JOB_MEMORY_MB). {way_out[:1].upper()}{way_out[1:]}, "
            "or raise SYNTHPERSONA_JOB_MEMORY_MB on the server.",
            code="job_memory_budget",
            details={
                "limit_mb": budget_mb,
                "estimate_mb": need_mb,
                "held_mb": held_mb,
                "setting": "SYNTHPERSONA_JOB_MEMORY_MB",
            },
        )
    return need_bytes


def event_rows(path: str | Path) -> int:
    """Rows of an event log, read cheaply: the Parquet footer, else the file's line count.

    Gzip files are counted through the decompressor (their size is bounded by
    ``SYNTHPERSONA_MAX_DECOMPRESSED_BYTES`` at upload); other binary formats (xlsx) count
    one row per 20 bytes of file, a generous bound for compressed XML.
    """
    p = Path(path)
    suffixes = [s.lower() for s in p.suffixes]
    if suffixes[-1:] == [".parquet"]:
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(p).metadata.num_rows)
    if suffixes[-1:] in ([".xlsx"], [".xls"]):
        return p.stat().st_size // 20
    opener = gzip.open if suffixes[-1:] == [".gz"] else open
    lines = 0
    with opener(p, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            lines += chunk.count(b"\n")
    return lines


def behaviour_estimate(path: str | Path) -> tuple[int, int]:
    """``(rows, estimated peak bytes)`` of a behaviour view of the log at ``path``."""
    rows = event_rows(path)
    return rows, rows * BYTES_PER_EVENT


def check_behaviour(path: str | Path | None, settings: Settings) -> int:
    """Refuse a behaviour view of ``path`` (``None``: the bundled sample) over the memory budget;
    return its estimated peak bytes."""
    if path is None:
        return 0
    rows, need = behaviour_estimate(path)
    return check_memory(
        need,
        settings.job_memory_mb,
        f"a behaviour view of {rows:,} events",
        "filter the log to fewer users or a shorter period",
    )


def check_table(path: str | Path, n_columns: int, settings: Settings) -> int:
    """Refuse a table analysis of ``path`` (``n_columns`` columns) over the memory budget;
    return its estimated peak bytes."""
    rows = event_rows(path)
    return check_memory(
        rows * max(1, n_columns) * BYTES_PER_CELL,
        settings.job_memory_mb,
        f"analysing a table of {rows:,} rows and {n_columns:,} columns",
        "analyse a sample of the rows or fewer columns",
    )


def goal_estimate(settings: Settings) -> tuple[int, int]:
    """``(rows, estimated peak bytes)`` of the largest goal run: the audience is sampled above
    ``SYNTHPERSONA_AUDIENCE_ROWS``, so no goal segments more than that or the population."""
    rows = min(settings.population_size, settings.audience_rows)
    return rows, rows * BYTES_PER_AUDIENCE_ROW


def check_goal(settings: Settings) -> int:
    """Refuse goal segmentations when even the largest audience would be over the memory budget;
    return the estimated peak bytes of the largest."""
    rows, need = goal_estimate(settings)
    return check_memory(
        need,
        settings.job_memory_mb,
        f"segmenting an audience of up to {rows:,} people",
        "lower SYNTHPERSONA_AUDIENCE_ROWS (larger audiences are then sampled)",
    )
