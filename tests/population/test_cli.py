"""`synthpersona population ...` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from synthpersona.cli._app import run
from synthpersona.population import COLUMNS, generate, read_population_file, write_population


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_generate_writes_the_requested_population(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    out = tmp_path / f"users{suffix}"
    assert run(["population", "generate", "--rows", "1500", "--seed", "4", "--out", str(out)]) == 0
    summary = capsys.readouterr().out.strip()
    assert summary.startswith("Wrote 1,500 people x 46 columns (seed 4)") and str(out) in summary
    back = read_population_file(out)
    assert tuple(back.columns) == COLUMNS
    pd.testing.assert_frame_equal(
        back, generate(1500, 4), check_dtype=suffix == ".parquet", check_categorical=False
    )


def test_generate_refuses_other_suffixes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "users.xlsx"
    assert run(["population", "generate", "--rows", "10", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --out") and ".parquet or .csv" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_generate_does_not_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "users.parquet"
    out.write_text("precious")
    assert run(["population", "generate", "--rows", "10", "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_text() == "precious"
    assert run(["population", "generate", "--rows", "10", "--out", str(out), "--force"]) == 0
    assert len(read_population_file(out)) == 10


def test_generate_rejects_bad_row_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["population", "generate", "--rows", "0", "--out", str(tmp_path / "u.csv")]) == 2
    assert "n must be between 1 and" in capsys.readouterr().err


def test_calibrate_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["population", "calibrate", "--rows", "30000", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["max_abs_diff_pp"] <= 2.0
    figures = {f["figure"]: f for f in body["figures"]}
    assert figures["city_tier = Tier-1"]["target"] == 42.0
    assert "Census of India" in figures["gender = Female"]["source"]


def test_calibrate_table_and_check_on_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["population", "calibrate", "--rows", "20000", "--check"]) == 0
    text = capsys.readouterr().out
    assert "gender = Female" in text and "figures, all within ±2 pp" in text
    skewed = generate(3000, 1)
    skewed["gender"] = "Female"
    path = write_population(skewed, tmp_path / "skewed.csv")
    assert run(["population", "calibrate", "--population", str(path), "--check"]) == 1
    captured = capsys.readouterr()
    assert "outside ±2 pp" in captured.out
    assert (
        captured.err.startswith("error: 2 figure(s) are more than 2 pp off")
        and "gender = Female" in captured.err
    )


def test_calibrate_reports_bad_files_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("age,gender\n30,Female\n")
    assert run(["population", "calibrate", "--population", str(bad)]) == 4
    err = capsys.readouterr().err
    assert err.startswith("error: bad.csv lacks") and len(err.strip().splitlines()) == 1


def test_info_and_sources(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SYNTHPERSONA_POPULATION_SIZE", "700")
    assert run(["population", "info"]) == 0
    text = capsys.readouterr().out
    assert "700 people x 46 columns" in text and "users_n700_seed0.parquet" in text and "city_tier" in text
    assert run(["population", "sources"]) == 0
    assert "NFHS-5" in capsys.readouterr().out
