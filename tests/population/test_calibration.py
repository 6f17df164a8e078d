"""Marginals against the shipped, sourced targets (targets.json)."""

from __future__ import annotations

import json
from importlib import resources
from itertools import pairwise

import pandas as pd
import pytest

from synthpersona.errors import DataError
from synthpersona.population import CATEGORICAL_VALUES, calibration_report, generate, targets


def _raw() -> dict:
    text = resources.files("synthpersona.population").joinpath("targets.json").read_text(encoding="utf-8")
    return json.loads(text)


def test_every_figure_is_within_2pp_at_200k(pop200k: pd.DataFrame) -> None:
    report = calibration_report(pop200k)
    assert len(report) == len(targets()) >= 50
    worst = report.loc[report["diff_pp"].abs().idxmax()]
    assert report["diff_pp"].abs().max() <= _raw()["tolerance_pp"] == 2.0, worst.to_dict()


def test_calibration_holds_for_other_seeds() -> None:
    report = calibration_report(generate(60_000, random_state=123))
    assert report["diff_pp"].abs().max() <= 2.0


def test_report_shape_and_arithmetic(pop200k: pd.DataFrame) -> None:
    report = calibration_report(pop200k)
    assert list(report.columns) == ["figure", "target", "actual", "diff_pp", "source"]
    female = report.set_index("figure").loc["gender = Female"]
    actual = 100 * float((pop200k["gender"] == "Female").mean())
    assert female["actual"] == pytest.approx(actual, abs=0.01)
    assert female["diff_pp"] == pytest.approx(female["actual"] - female["target"], abs=0.02)
    band = report.set_index("figure").loc["age 25-34"]
    assert band["actual"] == pytest.approx(100 * float(pop200k["age"].between(25, 34).mean()), abs=0.01)


def test_targets_file_is_complete_and_sourced() -> None:
    raw = _raw()
    for entry in raw["figures"]:
        assert entry["source"].strip() and entry["note"].strip(), entry["column"]
        shares = entry.get("shares") or entry.get("bands")
        assert all(0 < v < 1 for v in shares.values())
        column = entry["column"]
        if column in CATEGORICAL_VALUES:
            assert set(shares) == set(CATEGORICAL_VALUES[column]), column
            assert sum(shares.values()) == pytest.approx(1.0, abs=1e-9), column
    bands = next(e["bands"] for e in raw["figures"] if e["column"] == "age")
    edges = [tuple(int(x) for x in b.split("-")) for b in bands]
    assert edges[0][0] == 18 and edges[-1][1] == 75
    assert all(hi + 1 == lo for (_, hi), (lo, _) in pairwise(edges))
    assert sum(bands.values()) == pytest.approx(1.0)
    sources = " ".join(e["source"] for e in raw["figures"])
    for name in ("Census of India 2011", "NFHS-5", "PLFS", "IAMAI", "TRAI"):
        assert name in sources


def test_report_on_a_table_without_the_columns_is_a_data_error() -> None:
    with pytest.raises(DataError, match="lacks column"):
        calibration_report(pd.DataFrame({"age": [30]}))
    with pytest.raises(DataError, match="empty"):
        calibration_report(generate(10).iloc[0:0])
