"""Report exports: title/filter lines above the header and totals/copyright below the data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from synthpersona.errors import SynthPersonaError
from synthpersona.tables import read_table
from synthpersona.tables._repair import junk_line

BODY = "Name,State,Won\nAsha,Goa,Yes\nBen,Ohio,No\nChen,Goa,Yes\n"


@pytest.mark.parametrize(
    ("head", "foot"),
    [
        ("", ""),
        ('"Leads by Source"\n"Filtered By:"\n"  Status not equal to Junk"\n\n', ""),
        ("", '\n"Grand Totals (3 records)"\n\n"Confidential Information - Do Not Distribute"\n'),
        ("Report: Leads,,\nGenerated 2024-05-01,,\n", "Total,,\n\u00a9 2024 Zoho Corporation,,\n"),
    ],
)
def test_report_export_reads_as_the_table(tmp_path: Path, head: str, foot: str) -> None:
    path = tmp_path / "report.csv"
    path.write_text(head + BODY + foot, encoding="utf-8")
    df, info = read_table(path)
    assert list(df.columns) == ["Name", "State", "Won"]
    assert df["Name"].tolist() == ["Asha", "Ben", "Chen"]
    # every repair is reported
    assert bool(head) == any("header found" in n for n in info.notes)
    assert bool(foot) == any("after the data dropped" in n for n in info.notes)


def test_ragged_data_rows_still_fail(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BODY + "Dee,Goa\n" + "Eve,Ohio,No\n", encoding="utf-8")
    with pytest.raises(SynthPersonaError):
        read_table(path)


def test_excel_sheet_and_header_below_title(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    table = pd.DataFrame({"Name": ["Asha", "Ben", "Chen"], "State": ["Goa", "Ohio", "Goa"]})
    with pd.ExcelWriter(path) as xw:
        pd.DataFrame({"About": ["Exported by CRM"]}).to_excel(xw, sheet_name="Cover", index=False)
        pd.DataFrame([["Leads report"], [""]]).to_excel(xw, sheet_name="Leads", index=False, header=False)
        table.to_excel(xw, sheet_name="Leads", index=False, startrow=2)
    df, info = read_table(path)
    assert df["Name"].tolist() == ["Asha", "Ben", "Chen"]
    assert any("read 'Leads'" in n for n in info.notes) and any("header found" in n for n in info.notes)
    df, _ = read_table(path, sheet="leads")
    assert list(df.columns) == ["Name", "State"]
    with pytest.raises(SynthPersonaError, match="'Cover', 'Leads'"):
        read_table(path, sheet="Deals")
    csv = tmp_path / "t.csv"
    csv.write_text(BODY)
    with pytest.raises(SynthPersonaError, match="Excel"):
        read_table(csv, sheet="Leads")


@pytest.mark.parametrize(
    "line",
    ["Totale (1200 record)", "Totaal: 52", "Totalt 1 200", "Toplam", "Razem 300",
     "Generato il 30/11/2024 alle 18:02", "Erstellt am 01.12.2024", "Wygenerowano: 2024-11-30"],
)  # fmt: skip
def test_total_and_generated_lines_of_reports_in_other_languages_are_junk(line: str) -> None:
    assert junk_line([line, "", "", "", "", ""])
    assert not junk_line(["Totale Spa", "Milano", "Lombardia", "Manifattura", "12,5", "Sì"])  # a company row


def test_a_paginated_report_drops_its_repeated_headers_and_page_lines(tmp_path: Path) -> None:
    # a report exported page by page: the header again on every page, a page line after each
    pages = [BODY.splitlines()[1:], ["Dee,Ohio,No", "Eve,Goa,Yes"], ["Fay,Goa,No"]]
    lines = ["Leads by State", ""]
    for p, page in enumerate(pages):
        lines += ["Name,State,Won", *page, f"Page {p + 1} / 3"]
    path = tmp_path / "paged.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    df, info = read_table(path)
    assert df["Name"].tolist() == ["Asha", "Ben", "Chen", "Dee", "Eve", "Fay"]
    assert set(df["Won"]) == {"Yes", "No"}
    assert any("2 row(s) inside the data that repeat the header" in n for n in info.notes)
    assert any("3 page line(s)" in n for n in info.notes)


def test_a_board_exported_group_by_group_keeps_only_its_items(tmp_path: Path) -> None:
    # monday.com-style: a title, then per group its title line and the header row, blank between
    lines: list[list[object]] = [["Pipeline"]]
    groups = (("March", [["Asha", "Goa", 1]]), ("April", [["Ben", "Ohio", 0], ["Chen", "Goa", 1]]))
    for title, items in groups:
        lines += [[title], ["Name", "State", "Won"], *items, []]
    path = tmp_path / "board.xlsx"
    pd.DataFrame(lines).to_excel(path, index=False, header=False)
    df, info = read_table(path)
    assert df["Name"].tolist() == ["Asha", "Ben", "Chen"]
    assert df["Won"].tolist() == ["1", "0", "1"]
    assert any("repeat the header" in n for n in info.notes)


def test_a_record_that_names_a_column_once_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Name,State,Won\nState,Goa,Yes\nBen,Ohio,No\n", encoding="utf-8")
    df, info = read_table(path)
    assert df["Name"].tolist() == ["State", "Ben"]
    assert not any("repeat the header" in n for n in info.notes)
