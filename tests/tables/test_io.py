"""Reading tables: encodings, delimiters, Excel, Parquet, bad files; atomic writes; CSV output."""

from __future__ import annotations

import codecs
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from synthpersona.errors import DataError
from synthpersona.tables import atomic_path, atomic_write_text, read_table, write_csv

ROWS = [
    ["State", "Industry", "Job Title", "is_sale"],
    ["São Paulo", "Café & Bäckerei", "Señor Analyst", "TRUE"],
    ["Zürich", "Banking; Finance", "VP, Sales", "no"],
    ["Texas", "Retail", "Team Lead", "1"],
]


def _write(path: Path, delimiter: str, encoding: str, bom: bool = False) -> Path:
    def cell(v: str) -> str:
        return f'"{v}"' if delimiter in v or "," in v or ";" in v else v

    text = "\r\n".join(delimiter.join(cell(v) for v in row) for row in ROWS) + "\r\n"
    data = text.encode(encoding)
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + data)
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("cp1252", False)])
def test_encodings_and_delimiters_are_detected(
    tmp_path: Path, delimiter: str, encoding: str, bom: bool
) -> None:
    path = _write(tmp_path / "t.csv", delimiter, encoding, bom)
    df, info = read_table(path)
    assert list(df.columns) == ROWS[0]
    assert df.iloc[0].tolist() == ROWS[1]  # accents survive every encoding
    assert df.iloc[1, 1] == "Banking; Finance"  # quoted delimiters stay inside the cell
    assert info.delimiter == delimiter
    assert info.encoding == ("utf-8-sig" if bom else "utf-8" if encoding == "utf-8" else "cp1252")
    assert info.n_rows == 3


def test_tsv_and_txt_suffixes(tmp_path: Path) -> None:
    for name in ("t.tsv", "t.txt"):
        df, _info = read_table(_write(tmp_path / name, "\t", "utf-8"))
        assert df.shape == (3, 4)


def test_text_is_kept_verbatim(tmp_path: Path) -> None:
    path = tmp_path / "z.csv"
    path.write_text("zip,amount,name\n00742,1.50, padded \n,2,x\n", encoding="utf-8")
    df, _ = read_table(path)
    assert df["zip"].tolist()[0] == "00742"
    assert df["amount"].tolist()[0] == "1.50"
    assert df["name"].tolist()[0] == " padded "
    assert pd.isna(df["zip"].iloc[1])


def test_excel_and_parquet(tmp_path: Path) -> None:
    frame = pd.DataFrame({"State": ["Ohio", "Texas"], "Seats": [3, 10], "is_sale": ["yes", "no"]})
    frame.to_excel(tmp_path / "t.xlsx", index=False)
    frame.to_parquet(tmp_path / "t.parquet")
    for name, fmt in (("t.xlsx", "Excel"), ("t.parquet", "Parquet")):
        df, info = read_table(tmp_path / name)
        assert info.format == fmt
        assert df["State"].tolist() == ["Ohio", "Texas"]
        assert df["Seats"].tolist() == ["3", "10"]


def test_duplicate_and_blank_headers_get_unique_names(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("a,a,\n1,2,3\n", encoding="utf-8")
    df, _ = read_table(path)
    assert list(df.columns) == ["a", "a.1", "column_3"]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty_file"),
        (b"   \n\n", "empty_file"),
        (b"State,Industry,is_sale\n", "empty_file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not_a_table"),
        (b'{"State": "Ohio", "is_sale": true}', "not_a_table"),
        (b"Dear team,\nplease find the leads attached\nThanks\n", "not_a_table"),
    ],
)
def test_bad_files_raise_clear_errors(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(DataError) as err:
        read_table(path)
    assert err.value.code == code
    assert "bad.csv" in err.value.message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(DataError, match="folder"):
        read_table(tmp_path)


def test_corrupt_excel_is_not_a_table(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DataError) as err:
        read_table(path)
    assert err.value.code == "not_a_table"


def test_atomic_write_replaces_or_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "personas.json"
    atomic_write_text(target, "old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half-written")
        raise RuntimeError("crash while writing")
    assert target.read_text() == "old"
    assert [p.name for p in target.parent.iterdir()] == ["personas.json"]  # no temp file left behind
    atomic_write_text(target, "new")
    assert target.read_text() == "new"
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # normal permissions, not mkstemp's


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "u16.csv"
    path.write_bytes("State;Industry\nZürich;Bank\nOhio;Retail\n".encode("utf-16"))
    df, info = read_table(path)
    assert info.encoding == "utf-16" and info.delimiter == ";"
    assert df["State"].tolist() == ["Zürich", "Ohio"]


def test_cyrillic_legacy_code_page_is_not_forced_to_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "ru.csv"
    path.write_bytes("Город,Отрасль\nМосква,Банк\nКазань,Розница\nСамара,Связь\n".encode("cp1251"))
    df, info = read_table(path)
    assert info.encoding == "cp1251"
    assert df["Город"].tolist()[0] == "Москва"


def test_shift_jis_export_longer_than_the_detection_sample_is_read(tmp_path: Path) -> None:
    # the detection sample ends inside a two-byte character; it must still be found as Shift_JIS
    rows = "".join(f"東京都港区{i},小売業,営業部長\n" for i in range(6000))
    for pad in ("", "x"):  # one ASCII byte moves the cut into the middle of a character
        data = (f"{pad}所在地,業種,役職\n" + rows).encode("cp932")
        if not _whole_chars(data[:65536], "cp932"):
            break
    assert len(data) > 65536 and not _whole_chars(data[:65536], "cp932")
    path = tmp_path / "ja.csv"
    path.write_bytes(data)
    df, info = read_table(path)
    assert codecs.lookup(info.encoding).name in {"cp932", "shift_jis"}
    assert df.columns.tolist()[1:] == ["業種", "役職"]
    assert df["業種"].iloc[-1] == "小売業"


def _whole_chars(sample: bytes, encoding: str) -> bool:
    try:
        sample.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def test_accented_western_export_is_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "es.csv"
    path.write_bytes("Región;Sector\nPeña Ñuñoa;Café\nSão Paulo;Banca\n".encode("cp1252"))
    df, info = read_table(path)
    assert info.encoding == "cp1252"
    assert df["Región"].tolist() == ["Peña Ñuñoa", "São Paulo"]


def test_write_csv_quotes_only_the_cells_that_need_it(tmp_path: Path) -> None:
    plain = pd.DataFrame({"State": ["Goa", "Kerala"], "Job Title": ["CEO", None], "Cluster": [0, 1]})
    plain = plain.astype({"State": "string[pyarrow]", "Job Title": "string[pyarrow]"})
    expected = "State,Job Title,Cluster\nGoa,CEO,0\nKerala,,1\n"
    assert write_csv(plain, tmp_path / "a.csv").read_text() == expected
    odd = plain.assign(State=pd.Series(["Delhi, NCR", 'say "hi"'], dtype="string[pyarrow]"))
    text = write_csv(odd, tmp_path / "b.csv").read_text()
    assert text == 'State,Job Title,Cluster\n"Delhi, NCR",CEO,0\n"say ""hi""",,1\n'
    headers = pd.DataFrame({"a,b": ["x"], "n": [1.5]})  # header needing quotes; a float column
    assert write_csv(headers, tmp_path / "c.csv").read_text() == '"a,b",n\nx,1.5\n'


_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
_cells = st.one_of(st.none(), st.text(alphabet=_chars, max_size=12))


@given(st.lists(st.tuples(_cells, _cells), min_size=1, max_size=20))
def test_write_csv_round_trips_any_text(tmp_path_factory: pytest.TempPathFactory, rows: list) -> None:
    df = pd.DataFrame(rows, columns=["first", "second"], dtype="string[pyarrow]")
    df["Cluster"] = np.arange(len(df), dtype=np.int32)
    path = write_csv(df, tmp_path_factory.mktemp("csv") / "out.csv")
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    expected = {
        "first": ["" if a is None else a for a, _ in rows],
        "second": ["" if b is None else b for _, b in rows],
        "Cluster": [str(i) for i in range(len(rows))],
    }
    assert back.to_dict("list") == expected


def test_an_html_table_saved_as_xls_is_read_as_the_sheet(tmp_path: Path) -> None:
    # CRMs' "Export to Excel" (Bitrix24, Salesforce's export details) write an HTML page named .xls
    rows = "".join(
        f"<tr><td>Lead {i}</td><td>{['Tak', 'Nie'][i % 2]}</td><td>{1000 + i}&nbsp;zł</td></tr>"
        for i in range(30)
    )
    page = (
        '<html><head><meta charset="utf-8"></head><body><table border="1">'
        "<tr><td>Raport: leady</td></tr><tr><th>Nazwa</th><th>Klient</th><th>Przychód</th></tr>"
        f"{rows}<tr><td>Razem</td><td></td><td></td></tr></table></body></html>"
    )
    path = tmp_path / "leady.xls"
    path.write_text(page, encoding="utf-8")
    df, info = read_table(path)
    assert list(df.columns) == ["Nazwa", "Klient", "Przychód"] and len(df) == 30
    assert df["Klient"].tolist()[:2] == ["Tak", "Nie"] and df["Przychód"][0] == "1000 zł"
    assert info.format == "Excel (an HTML table)"
    assert any("HTML page" in n for n in info.notes) and any("header found" in n for n in info.notes)


def test_an_html_table_without_end_tags_or_with_a_nested_table_is_read_whole(tmp_path: Path) -> None:
    # </td> and </tr> are optional in HTML (PHP and old CRM exporters leave them out); a table
    # inside a cell gives its text to that cell, and the outer row goes on after it
    from synthpersona.tables._html import html_tables

    body = "".join(
        f"<tr><td>Firma {i}<td>Warszawa<td>{1000 + i}<td>{'Tak' if i % 2 else 'Nie'}\n" for i in range(30)
    )
    path = tmp_path / "deals.xls"
    path.write_text("<html><body><table><tr><th>Nazwa<th>Miasto<th>Kwota<th>Wygrana\n" + body + "</table>")
    df, info = read_table(path)
    assert list(df.columns) == ["Nazwa", "Miasto", "Kwota", "Wygrana"] and len(df) == 30
    assert df.iloc[1].tolist() == ["Firma 1", "Warszawa", "1001", "Tak"]
    assert info.format == "Excel (an HTML table)"
    inner = "<table><tr><td>A</td><td>x</td></tr></table>"
    nested = f"<table><tr><td>Name</td><td>Won</td></tr><tr><td>{inner}</td><td>Tak"
    assert html_tables(nested)["table 1"].values.tolist() == [["Name", "Won"], ["A x", "Tak"]]


def test_an_excel_2003_xml_workbook_named_xls_is_refused_as_such(tmp_path: Path) -> None:
    # SpreadsheetML holds <Table> too: it is no HTML page, and the error says what the file is
    path = tmp_path / "export.xls"
    path.write_text(
        '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
        '<Worksheet ss:Name="Leads"><Table><Row><Cell><Data ss:Type="String">Name</Data></Cell></Row>'
        "</Table></Worksheet></Workbook>"
    )
    with pytest.raises(DataError, match="Excel 2003 XML workbook") as err:
        read_table(path)
    assert err.value.code == "not_a_table"
