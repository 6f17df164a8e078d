"""Resource limits of table reading: refused from the cheap facts (header, footer, zip directory) first."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from synthpersona.errors import DataError
from synthpersona.tables import TableLimits, read_table


def _refused(path: Path, limits: TableLimits | None = None) -> DataError:
    with pytest.raises(DataError) as err:
        read_table(path, limits)
    return err.value


def test_a_small_file_with_ten_thousand_columns_is_refused_from_its_header(tmp_path: Path) -> None:
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(10_000)) + "\n" + ",".join(["1"] * 10_000) + "\n")
    err = _refused(wide)
    assert err.code == "too_many_columns" and "10,000 columns" in err.message
    assert "SYNTHPERSONA_MAX_COLUMNS" in err.message and err.details["limit"] == 500


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_rows_columns_and_cells_over_the_limit_name_the_setting(tmp_path: Path, fmt: str) -> None:
    df = pd.DataFrame({"a": [str(i) for i in range(120)], "b": ["x"] * 119 + ["y" * 300]})
    path = tmp_path / f"t.{fmt}"
    {"csv": lambda: df.to_csv(path, index=False), "parquet": lambda: df.to_parquet(path),
     "xlsx": lambda: df.to_excel(path, index=False)}[fmt]()  # fmt: skip
    assert _refused(path, TableLimits(max_rows=100)).code == "too_many_rows"
    assert _refused(path, TableLimits(max_columns=1)).code == "too_many_columns"
    err = _refused(path, TableLimits(max_cell_chars=200))
    assert err.code == "cell_too_long" and "'b'" in err.message and "300" in err.message
    frame, _ = read_table(path, TableLimits(max_rows=120, max_columns=2, max_cell_chars=300))
    assert frame.shape == (120, 2)


def test_a_workbook_that_expands_is_refused_from_its_zip_directory(tmp_path: Path) -> None:
    book = tmp_path / "bomb.xlsx"
    pd.DataFrame({"a": np.arange(5_000), "b": ["same text"] * 5_000}).to_excel(book, index=False)
    with zipfile.ZipFile(book) as zf:
        expanded = sum(i.file_size for i in zf.infolist())
    assert book.stat().st_size < expanded / 3  # it does compress
    err = _refused(book, TableLimits(max_decompressed_bytes=4 * (expanded - 1)))
    assert err.code == "too_large_decompressed" and f"{expanded:,}" in err.message
    assert read_table(book, TableLimits(max_decompressed_bytes=4 * expanded))[0].shape == (5_000, 2)


def test_parquet_limits_come_from_the_footer(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    pd.DataFrame({f"c{i}": np.arange(10) for i in range(30)}).to_parquet(path)
    assert _refused(path, TableLimits(max_columns=29)).code == "too_many_columns"
    assert _refused(path, TableLimits(max_decompressed_bytes=100)).code == "too_large_decompressed"


def test_limits_are_read_from_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b,c\n1,2,3\n")
    monkeypatch.setenv("SYNTHPERSONA_MAX_COLUMNS", "2")
    assert _refused(path).code == "too_many_columns"


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_a_preview_keeps_the_first_rows_and_counts_them_all(tmp_path: Path, fmt: str) -> None:
    from synthpersona.usecases.tables import preview_file

    df = pd.DataFrame({"id": [str(i) for i in range(2_500)], "state": ["CA", "NY"] * 1_250})
    path = tmp_path / f"t.{fmt}"
    {"csv": lambda: df.to_csv(path, index=False), "parquet": lambda: df.to_parquet(path),
     "xlsx": lambda: df.to_excel(path, index=False)}[fmt]()  # fmt: skip
    head, info = read_table(path, head=100)
    assert len(head) == 100 and head["id"].tolist() == [str(i) for i in range(100)]
    assert info.n_rows == 2_500 and info.sampled_rows == 100
    assert "first 100 rows" in info.describe()
    whole, info = read_table(path)
    assert len(whole) == 2_500 and info.sampled_rows is None
    preview = preview_file(path)
    assert preview["n_rows"] == 2_500 and preview["columns"][1]["n_distinct"] == 2
    assert TableLimits(max_rows=2_000) and _refused(path, TableLimits(max_rows=2_000)).code == "too_many_rows"
    with pytest.raises(DataError):
        read_table(path, TableLimits(max_rows=2_000), head=100)  # the total counts, not the sample


def test_a_broken_parquet_error_names_the_file_not_the_server_path(tmp_path: Path) -> None:
    from synthpersona.simulation import load_event_log

    path = tmp_path / "source.parquet"
    path.write_bytes(b"PAR1" + b"x" * 100 + b"PAR1")
    for read in (read_table, load_event_log):
        with pytest.raises(DataError) as err:
            read(path)
        assert "source.parquet" in err.value.message
        assert str(tmp_path) not in err.value.message and str(tmp_path) not in str(err.value.details)
