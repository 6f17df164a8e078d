"""The memory budget's estimates: rows of an event log read cheaply, and the refusal."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from synthpersona.config import Settings
from synthpersona.errors import DataError
from synthpersona.usecases.budget import (
    BYTES_PER_AUDIENCE_ROW,
    MB,
    check_behaviour,
    check_goal,
    event_rows,
    goal_estimate,
)


def test_event_rows_from_the_parquet_footer_and_line_counts(tmp_path: Path) -> None:
    frame = pd.DataFrame({"user_id": range(1234), "event": "x"})
    frame.to_parquet(tmp_path / "e.parquet")
    text = frame.to_csv(index=False).encode()
    (tmp_path / "e.csv").write_bytes(text)
    (tmp_path / "e.csv.gz").write_bytes(gzip.compress(text))
    assert event_rows(tmp_path / "e.parquet") == 1234
    assert event_rows(tmp_path / "e.csv") == event_rows(tmp_path / "e.csv.gz") == 1235  # with the header


def test_the_budget_is_checked_against_the_settings(tmp_path: Path) -> None:
    log = tmp_path / "e.csv"
    log.write_bytes(b"user_id,event\n" + b"u,x\n" * 100_000)
    check_behaviour(log, Settings(home=tmp_path, job_memory_mb=64))  # 100,001 x 230 B = 22 MB
    with pytest.raises(DataError, match="SYNTHPERSONA_JOB_MEMORY_MB") as info:
        check_behaviour(log, Settings(home=tmp_path, job_memory_mb=16))
    assert info.value.details["estimate_mb"] == 22
    check_behaviour(None, Settings(home=tmp_path, job_memory_mb=16))  # the bundled sample

    big = Settings(home=tmp_path, population_size=2_000_000, audience_rows=400_000)
    assert goal_estimate(big) == (400_000, 400_000 * BYTES_PER_AUDIENCE_ROW)
    with pytest.raises(DataError, match="SYNTHPERSONA_AUDIENCE_ROWS"):
        check_goal(big)  # 1,717 MB > 1,024 MB by default
    check_goal(Settings(home=tmp_path, population_size=2_000_000))  # 200,000 rows: 859 MB
    assert 200_000 * BYTES_PER_AUDIENCE_ROW < 1024 * MB
