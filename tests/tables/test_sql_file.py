"""Tables larger than memory: a file analysed by path, fitted on a sample, every row labelled in batches."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from synthpersona.tables import analyze_table, read_table
from synthpersona.tables.sql_file import analyze_table_file
from synthpersona.views import seed003


@pytest.fixture(scope="module")
def leads_csv(tmp_path_factory: pytest.TempPathFactory, leads_df: pd.DataFrame) -> Path:
    """900 messy planted leads (blanks, case and spacing variants) as a CSV file."""
    path = tmp_path_factory.mktemp("by_path") / "leads.csv"
    leads_df.head(900).to_csv(path, index=False)
    return path


def test_a_table_within_the_sample_size_gives_the_in_memory_result(leads_csv: Path) -> None:
    df, _ = read_table(leads_csv)
    memory = analyze_table(df, k=4, exclude=["_segment"])
    by_path = analyze_table_file(leads_csv, k=4, exclude=["_segment"])
    assert np.array_equal(by_path.labels, memory.labels)
    assert seed003.personas(by_path.segments, by_path.personas) == seed003.personas(
        memory.segments, memory.personas
    )


@pytest.fixture(scope="module")
def sampled(leads_csv: Path):  # type: ignore[no-untyped-def]
    return analyze_table_file(leads_csv, k=4, exclude=["_segment"], sample_rows=300, batch_rows=250)


def test_fitted_on_a_sample_every_row_is_labelled_and_counted(sampled, leads_csv: Path) -> None:  # type: ignore[no-untyped-def]
    df, _ = read_table(leads_csv)
    assert sampled.n_rows == len(sampled.labels) == len(df) == sum(s.size for s in sampled.segments)
    assert any("fitted on a sample of" in n for n in sampled.notes)
    flag = df["is_sale"].astype(str).str.strip().str.casefold()
    for seg in sampled.segments:  # every count a persona shows is the whole table's, recomputed here
        rows = df[sampled.labels == seg.segment_id]
        assert seg.size == len(rows)
        assert seg.outcome is not None
        assert seg.outcome.successes == int(flag[rows.index].isin(["true", "yes", "1", "y"]).sum())
        gender = seg.distributions["Gender"]
        top = max(gender, key=lambda g: gender[g])
        if top not in ("Other", "Unknown"):
            assert gender[top] == int(rows["Gender"].str.strip().str.casefold().eq(top.casefold()).sum())


def test_the_sampled_fit_finds_the_segments_of_the_whole_fit(sampled, leads_csv: Path) -> None:  # type: ignore[no-untyped-def]
    df, _ = read_table(leads_csv)
    memory = analyze_table(df, k=4, exclude=["_segment"])
    assert adjusted_rand_score(memory.labels, sampled.labels) > 0.8
    assert adjusted_rand_score(df["_segment"], sampled.labels) > 0.5


def test_bad_sizes_are_refused(leads_csv: Path) -> None:
    from synthpersona.errors import InputError

    with pytest.raises(InputError, match="sample_rows"):
        analyze_table_file(leads_csv, sample_rows=1)


def test_parquet_file_by_path(tmp_path: Path, leads_csv: Path) -> None:
    df, _ = read_table(leads_csv)
    path = tmp_path / "leads.parquet"
    df.to_parquet(path)
    res = analyze_table_file(path, k=3, exclude=["_segment"], sample_rows=400, batch_rows=300)
    assert len(res.labels) == len(df) and pd.Series(res.labels).nunique() == 3


def test_the_clustered_table_is_written_batch_by_batch_in_file_order(leads_csv: Path, tmp_path: Path) -> None:
    from synthpersona.tables.sql_file import open_table_file

    opened = open_table_file(leads_csv, k=4, exclude=["_segment"], sample_rows=300, batch_rows=250)
    assert len(opened.sample) < opened.analysis.n_rows == 900
    out = opened.write_clustered(tmp_path / "clustered.csv", batch_rows=200)
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    original = pd.read_csv(leads_csv, dtype=str, keep_default_na=False)
    assert written.drop(columns=["Cluster"]).equals(original)  # every row, as the file holds it
    assert np.array_equal(written["Cluster"].astype(int).to_numpy(), opened.analysis.labels)


def test_repeated_header_rows_are_dropped_in_place_as_in_memory(tmp_path: Path) -> None:
    # a paginated report repeats its header row: no path reads "Name, Stage, Amount" as a record
    from synthpersona.tables.sql_file import open_table_file

    rng = np.random.default_rng(4)
    lines = ["Name,Stage,Amount,Region"]
    for i in range(300):
        if i and i % 60 == 0:
            lines.append("Name,Stage,Amount,Region")
        stage = ["Won", "Lost", "Open"][int(rng.integers(3))]
        lines.append(f"Lead {i},{stage},{int(rng.integers(1, 90)) * 1000},{['North', 'South'][i % 2]}")
    path = tmp_path / "report.csv"
    path.write_text("\n".join(lines) + "\n")
    in_memory, _ = read_table(path)
    for sample_rows in (1000, 100):  # the whole file, and a sample with every row labelled in batches
        opened = open_table_file(path, k=2, sample_rows=sample_rows, batch_rows=70)
        assert opened.analysis.n_rows == len(in_memory) == 300
        assert "Name" not in set(opened.sample["Name"]) and "Stage" not in set(opened.sample["Stage"])
        assert len(opened.analysis.labels) == 300


def test_a_report_export_is_repaired_in_place_as_in_memory(tmp_path: Path) -> None:
    # a report export: title and filter lines, "Page n of m" between pages, a total line; in a
    # legacy encoding. Read in place, the same records are kept and the same repairs reported.
    from synthpersona.tables.sql_file import open_table_file

    rng = np.random.default_rng(5)
    rows = [
        f"Lead {i};{['Gewonnen', 'Verloren'][i % 2]};{int(rng.integers(1, 90)) * 1000};"
        f"{['Nord', 'Süd', 'Köln'][int(rng.integers(3))]}"
        for i in range(300)
    ]
    lines = ["Bericht: Leads nach Quelle;", "Filter: alle Leads;", "", "Name;Phase;Betrag;Region"]
    for p in range(3):
        lines += [*rows[p * 100 : (p + 1) * 100], f"Seite {p + 1} von 3;"]
    lines.append("Gesamt (300 Datensätze);")
    path = tmp_path / "bericht.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    in_memory, info = read_table(path)
    assert len(in_memory) == 300
    for sample_rows in (1000, 100):
        opened = open_table_file(path, k=2, sample_rows=sample_rows, batch_rows=70)
        source = opened.analysis.source
        assert source is not None
        assert opened.analysis.n_rows == 300 and len(opened.analysis.labels) == 300
        assert list(opened.sample.columns) == list(in_memory.columns)
        assert not opened.sample["Name"].str.startswith(("Seite", "Gesamt")).any()
        assert set(opened.sample["Region"]) <= {"Nord", "Süd", "Köln"}  # decoded as the file's encoding
        notes = " | ".join(source.notes)
        assert "header found on line 4" in notes and "3 page line(s)" in notes
        assert "1 total/copyright line(s)" in notes
        assert info.notes[0] in source.notes  # the same header repair, said the same way


def test_a_sparse_record_named_total_inside_the_data_is_kept_in_place_as_in_memory(tmp_path: Path) -> None:
    # a lead export's sparse records "Total Energies", "Summa Foods" (last cells empty) inside the
    # data are records; only the total line after the last record is dropped
    from synthpersona.tables.sql_file import open_table_file

    rng = np.random.default_rng(8)
    lines = ["Company,Contact,Email,City,Stage,Amount,Owner,Source,Created"]
    for i in range(60):
        lines.append(
            f"Firm{i},P{i},p{i}@x.com,{['Paris', 'Lyon', 'Nice'][i % 3]},"
            f"{['Won', 'Lost'][int(rng.integers(2))]},{int(rng.integers(1, 9)) * 1000},"
            f"{['Ann', 'Bob'][i % 2]},{['Web', 'Ads'][i % 2]},2024-0{1 + i % 9}-01"
        )
    lines.insert(31, "Total Energies,Jean,jean@total.fr,,,,,,")
    lines.insert(11, "Summa Foods,Eva,eva@summa.se,,,,,,")
    lines += ["", "Grand Totals (62 records),,,,,,,,"]
    path = tmp_path / "leads.csv"
    path.write_text("\n".join(lines) + "\n")
    in_memory, _ = read_table(path)
    assert len(in_memory) == 62
    opened = open_table_file(path, k=2)
    source = opened.analysis.source
    assert source is not None
    assert opened.analysis.n_rows == 62 and len(opened.sample) == 62
    assert {"Total Energies", "Summa Foods"} <= set(opened.sample["Company"])
    assert not opened.sample["Company"].str.startswith("Grand").any()
    assert "1 total/copyright line(s) after the data dropped" in source.notes


def test_the_utf8_copy_of_a_legacy_encoded_table_lives_as_long_as_its_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a cp1252 CSV is read in place from a UTF-8 copy; the copy is removed when the table view
    # is dropped (an API analysis child leaves through os._exit: nothing is left for an exit hook)
    import gc
    import tempfile

    from synthpersona.tables.sql_file import analyze_table_file, open_table_file

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    rows = [
        f"Lead {i};{['Köln', 'Zürich', 'Genève'][i % 3]};{['Gewonnen', 'Verloren'][i % 2]}" for i in range(60)
    ]
    path = tmp_path / "leads.csv"
    path.write_bytes(("Name;Stadt;Phase\n" + "\n".join(rows) + "\n").encode("cp1252"))
    opened = open_table_file(path, k=2)
    source = opened.analysis.source
    assert source is not None and any("copied to UTF-8" in n for n in source.notes)
    assert len(list(scratch.iterdir())) == 1  # the copy, while the view is in use
    out = opened.write_clustered(tmp_path / "clustered.csv")
    assert "Zürich" in out.read_text(encoding="utf-8")
    del opened
    gc.collect()
    assert list(scratch.iterdir()) == []
    analyze_table_file(path, k=2)
    gc.collect()
    assert list(scratch.iterdir()) == []


def test_a_gzipped_csv_is_read_in_place_as_the_text_it_holds(tmp_path: Path) -> None:
    # a .csv.gz read in place keeps every cell as written (not DuckDB's type guess) and is said
    # to be CSV; a legacy-encoded one is decoded as such; the one list of in-place formats takes it
    import gzip

    from synthpersona.engine import PATH_SUFFIXES, path_format
    from synthpersona.tables.sql_file import open_table_file
    from synthpersona.usecases.tables import IN_PLACE_SUFFIXES, reads_in_place

    rng = np.random.default_rng(9)
    rows = [
        f"Firm{i};{int(rng.integers(1, 90)) * 1000}.50;{['TRUE', 'FALSE'][i % 2]};0{1 + i % 9}/11/2024;"
        f"{['Köln', 'Zürich'][i % 2]}"
        for i in range(60)
    ]
    path = tmp_path / "leads.csv.gz"
    path.write_bytes(
        gzip.compress(("Company;Amount;Won;Created;City\n" + "\n".join(rows) + "\n").encode("cp1252"))
    )
    opened = open_table_file(path, k=2)
    source = opened.analysis.source
    assert source is not None and source.format == "CSV"
    assert opened.sample.iloc[0].tolist()[:4] == [rows[0].split(";")[0], *rows[0].split(";")[1:4]]
    assert set(opened.sample["City"]) == {"Köln", "Zürich"}
    assert IN_PLACE_SUFFIXES == PATH_SUFFIXES and path_format(path) == "CSV"
    assert reads_in_place(path, True) and path_format(tmp_path / "leads.xlsx") is None
