"""`analyze_file` and `synthpersona leads analyze`: every output, row fidelity, file formats, errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from synthpersona.cli._app import run
from synthpersona.usecases.tables import OUTPUT_FILES, analyze_file, preview_file

from ._data import make_leads


def _read_text_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_outputs_and_no_row_lost_or_reordered(leads_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = analyze_file(leads_csv, k=4, exclude=["_segment"], out_dir=out)
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_FILES.values())
    original = _read_text_csv(leads_csv)
    clustered = _read_text_csv(out / "clustered.csv")
    assert list(clustered.columns) == [*original.columns, "Cluster"]
    pd.testing.assert_frame_equal(clustered.drop(columns="Cluster"), original)  # same text, same order
    assert np.array_equal(clustered["Cluster"].astype(int).to_numpy(), res.labels)
    personas = json.loads((out / "personas.json").read_text())
    assert [p["persona_name"] for p in personas] == [p.name for p in res.personas]
    sizes = clustered["Cluster"].astype(int).value_counts()
    for p in personas:
        assert p["cluster_size"] == sizes[p["cluster_id"]]
    summary = json.loads((out / "analysis.json").read_text())
    assert summary["k"] == 4 and summary["source"]["format"] == "CSV"
    assert set(summary["outputs"]) == set(OUTPUT_FILES)


def test_existing_cluster_column_is_not_overwritten(tmp_path: Path) -> None:
    df = make_leads(300, seed=1).rename(columns={"_segment": "Cluster"})
    src = tmp_path / "with_cluster.csv"
    df.to_csv(src, index=False)
    analyze_file(src, k=2, exclude=["Cluster"], out_dir=tmp_path / "o")
    clustered = _read_text_csv(tmp_path / "o" / "clustered.csv")
    assert list(clustered.columns) == [*df.columns, "Cluster_2"]
    assert clustered["Cluster"].tolist() == df["Cluster"].tolist()


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet", ".tsv"])
def test_excel_parquet_and_tsv_inputs_through_the_cli(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    df = make_leads(400, seed=4, messy=True)
    src = tmp_path / f"leads{suffix}"
    if suffix == ".xlsx":
        df.to_excel(src, index=False)
    elif suffix == ".parquet":
        df.to_parquet(src)
    else:
        df.to_csv(src, sep="\t", index=False)
    code = run(
        [
            "leads",
            "analyze",
            str(src),
            "--k",
            "3",
            "--exclude",
            "_segment",
            "--out",
            str(tmp_path / "o"),
            "--quiet",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert len(_read_text_csv(tmp_path / "o" / "clustered.csv")) == 400
    assert "Personas ranked by conversion" in capsys.readouterr().out


def test_cli_json_auto_k_and_features(
    leads_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        [
            "leads",
            "analyze",
            str(leads_csv),
            "--k",
            "auto",
            "--features",
            "state,industry",
            "--features",
            "job_title",
            "--target",
            "IS SALE",
            "--seed",
            "3",
            "--json",
            "--out",
            str(tmp_path / "o"),
        ]
    )
    assert code == 0
    personas = json.loads(capsys.readouterr().out)
    assert personas and all("conversion_metrics" in p for p in personas)
    summary = json.loads((tmp_path / "o" / "analysis.json").read_text())
    assert summary["features"] == ["State", "Industry", "Job Title"]
    assert summary["random_state"] == 3


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["--target", "Industry"], 2, "is not a yes/no flag"),  # a bad parameter, not bad data
        (["--features", "Job Titel"], 4, "did you mean 'Job Title'"),
        (["--k", "one"], 2, "k must be a whole number"),
        (["--algorithm", "kmean"], 2, "Did you mean 'kmeans'"),
    ],
)
def test_cli_errors_are_one_line(
    leads_csv: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    needle: str,
) -> None:
    assert run(["leads", "analyze", str(leads_csv), "--out", str(tmp_path / "o"), "-q", *args]) == code
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and needle in err and "\n" not in err
    assert not (tmp_path / "o").exists()  # nothing half-written


def test_cli_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert run(["leads", "analyze", str(empty), "--out", str(tmp_path / "o")]) == 4
    assert "is empty" in capsys.readouterr().err
    assert run(["leads", "analyze", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o")]) == 4
    assert "does not exist" in capsys.readouterr().err


def test_small_file_warns_but_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "small.csv"
    make_leads(50, seed=2).to_csv(src, index=False)
    assert run(["leads", "analyze", str(src), "--k", "2", "--out", str(tmp_path / "o"), "-q"]) == 0
    assert "Only 50 rows" in capsys.readouterr().out


def test_preview(leads_csv: Path) -> None:
    pv = preview_file(leads_csv)
    assert pv["n_rows"] == 2000
    cols = {c["name"]: c for c in pv["columns"]}
    assert cols["is_sale"]["kind"] == "target"
    assert cols["Job Title"]["kind"] == "title" and cols["Job Title"]["role"] == "job_title"
    assert cols["Age_range"]["kind"] == "ordered"
    assert len(cols["State"]["examples"]) == 3


def test_cli_roles_and_excel_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ._crm import make_crm

    frame, _ = make_crm(300)
    book = tmp_path / "export.xlsx"
    with pd.ExcelWriter(book) as xw:
        pd.DataFrame({"Info": ["Exported by CRM"]}).to_excel(xw, sheet_name="Info", index=False)
        frame.to_excel(xw, sheet_name="Leads", index=False)
    out = tmp_path / "o"
    args = ["leads", "analyze", str(book), "--out", str(out), "--k", "3", "--sheet", "Leads"]
    assert run([*args, "--role", "Lead-Inhaber=category", "--role", "Bundesland=identifier"]) == 0
    summary = json.loads((out / "analysis.json").read_text())
    assert "Lead-Inhaber" in summary["features"] and "Bundesland" not in summary["features"]
    assert summary["roles"]["Bundesland"] == "identifier" and summary["roles"]["E-Mail"] == "email"
    printed = " ".join(capsys.readouterr().out.split())  # the terminal may wrap lines
    assert "person_name: Vorname, Nachname" in printed
    assert run([*args[:-1], "Deals"]) == 2
    assert "'Info', 'Leads'" in capsys.readouterr().err
    assert run([*args, "--role", "Branche"]) == 2
    assert "COLUMN=ROLE" in capsys.readouterr().err
