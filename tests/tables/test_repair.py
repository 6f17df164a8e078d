"""Report exports: title/filter lines above the header and totals/copyright below the data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from synthpersona.errors import SynthPersonaError
from synthpersona.tables import read_table

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
