"""The reader registry is the one list of file formats: readers, uploads, messages and help agree."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pandas as pd
import pytest
import typer
from fastapi.testclient import TestClient

from synthpersona.api import create_app
from synthpersona.cli._app import load_commands
from synthpersona.config import Settings
from synthpersona.errors import DataError, InputError
from synthpersona.formats import READERS, describe, extensions, reader_for, sniff_suffix
from synthpersona.simulation import load_event_log
from synthpersona.tables import read_table

TABLE = pd.DataFrame({"State": ["Goa", "Delhi", "Goa"], "Industry": ["Banking", "IT", "Retail"]})
EVENTS = pd.DataFrame(
    {
        "user_id": [1, 1, 2, 2],
        "session_id": [1, 1, 2, 2],
        "event": ["landing", "signup_start", "landing", "drop_off"],
        "timestamp": [
            "2026-01-01 10:00:00",
            "2026-01-01 10:01:00",
            "2026-01-01 11:00:00",
            "2026-01-01 11:02:00",
        ],
    }
)


def _write(frame: pd.DataFrame, path: Path, reader: str) -> None:
    if reader == "parquet":
        frame.to_parquet(path)
    elif reader == "excel":
        frame.to_excel(path, index=False, engine="openpyxl")
    elif reader == "json":  # an array for .json, one object a line for .jsonl/.ndjson
        lines = path.suffix != ".json"
        path.write_text(frame.to_json(orient="records", lines=lines, force_ascii=False))
    elif reader == "gzip":
        path.write_bytes(gzip.compress(frame.to_csv(index=False).encode()))
    else:
        sep = "\t" if path.suffix in (".tsv", ".tab") else ","
        path.write_text(frame.to_csv(index=False, sep=sep))


def _cases(kind: str) -> list[tuple[str, str]]:
    return [
        (key, ext)
        for key, r in READERS.items()
        if r.reads(kind)  # type: ignore[arg-type]
        for ext in r.extensions
        if not (key == "excel" and ext in (".xls", ".xlsm"))  # writers for these need other engines
    ]


@pytest.mark.parametrize(("reader", "ext"), _cases("table"))
def test_every_table_extension_is_read(tmp_path: Path, reader: str, ext: str) -> None:
    path = tmp_path / f"leads{ext}"
    _write(TABLE, path, reader)
    df, info = read_table(path)
    assert df.to_dict("list") == TABLE.to_dict("list")
    assert info.format.startswith(READERS[reader].name)


@pytest.mark.parametrize(("reader", "ext"), _cases("event_log"))
def test_every_event_log_extension_is_read(tmp_path: Path, reader: str, ext: str) -> None:
    path = tmp_path / f"events{ext}"
    _write(EVENTS, path, reader)
    log = load_event_log(path)
    assert log["event"].astype(str).tolist() == EVENTS["event"].tolist()


def test_unreadable_kinds_are_refused_with_the_registry_list(tmp_path: Path) -> None:
    path = tmp_path / "events.xlsx"
    _write(EVENTS, path, "excel")
    with pytest.raises(DataError) as err:
        load_event_log(path)
    assert err.value.details["allowed"] == list(extensions("event_log"))
    assert describe("event_log") in err.value.message
    # a table with an unknown extension is sniffed as delimited text
    assert reader_for("export.out", "table").name == "CSV"
    # the format is recognised from the first bytes whatever the name says
    pq_named_csv = tmp_path / "really_parquet.csv"
    TABLE.to_parquet(pq_named_csv)
    assert read_table(pq_named_csv)[1].format == "Parquet"
    with pytest.raises(InputError, match=r"Unsupported event log format '\.exe'"):
        reader_for("x.exe", "event_log")


def test_table_error_messages_list_the_registry(tmp_path: Path) -> None:
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00" * 20)
    with pytest.raises(DataError) as err:
        read_table(path)
    assert describe("table") in err.value.message


def test_api_uploads_accept_the_registry(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(home=tmp_path / "home"), llm=None)) as api:
        buf = io.BytesIO()
        TABLE.to_parquet(buf)
        for name, data in [("leads.pq", buf.getvalue()), ("leads.dat", TABLE.to_csv(index=False).encode())]:
            r = api.post("/datasets", files={"file": (name, data, "application/octet-stream")})
            assert r.status_code == 201 and r.json()["preview"]["n_rows"] == 3
            stored = tmp_path / "home" / "datasets" / r.json()["dataset_id"] / f"source{Path(name).suffix}"
            assert stored.read_bytes() == data
        r = api.post("/simulations", files={"events": ("events.xlsx", b"PK\x03\x04", "application/zip")})
        assert r.status_code == 422
        assert r.json()["error"]["details"]["allowed"] == list(extensions("event_log"))
        schema = api.get("/openapi.json").json()
    assert describe("table") in str(schema)


def test_uploads_named_without_a_known_extension_are_recognised_by_their_content(tmp_path: Path) -> None:
    # a script or browser dropped the extension: Parquet, Excel, JSON and CSV content are still
    # read (and the recognised format is said); content that is none of them is a 422 with the list
    parquet = io.BytesIO()
    TABLE.to_parquet(parquet)
    assert sniff_suffix("export", "table", b"PK\x03\x04") == (".xlsx", "Excel")
    assert sniff_suffix("leads", "table", b"State,Industry\nGoa,IT\n") == (".csv", "CSV")
    uploads = [
        ("leads", parquet.getvalue(), "Parquet", ".parquet"),
        ("data.bin", TABLE.to_json(orient="records").encode(), "JSON", ".json"),
    ]
    with TestClient(create_app(Settings(home=tmp_path / "home"), llm=None)) as api:
        for name, data, fmt, suffix in uploads:
            r = api.post("/datasets", files={"file": (name, data, "application/octet-stream")})
            assert r.status_code == 201, r.text
            preview = r.json()["preview"]
            assert preview["format"] == fmt and preview["n_rows"] == 3
            assert f"recognised as {fmt}" in preview["repairs"][0]
            assert (tmp_path / "home" / "datasets" / r.json()["dataset_id"] / f"source{suffix}").is_file()
        for kind, field, url in (("table", "file", "/datasets"), ("event_log", "events", "/simulations")):
            r = api.post(url, files={field: ("blob", bytes(range(256)) * 4, "application/octet-stream")})
            assert r.status_code == 422
            body = r.json()["error"]
            assert body["code"] == "unsupported_format"
            assert body["details"]["allowed"] == list(extensions(kind))


def test_text_without_a_known_extension_in_any_encoding_is_a_csv_and_binary_content_is_refused(
    tmp_path: Path,
) -> None:
    # a CRM's cp1251/cp1252 export or Excel's "Unicode text" (UTF-16) saved as 'leads' or
    # 'report.php' is a table; only bytes no text holds (NUL, control bytes) are refused
    texts = [
        "Имя;Город;Сумма\nИван;Москва;100\n".encode("cp1251"),
        "Nom;Société\nA;Crédit\n".encode("cp1252"),
        "a\tb\n1\t2\n".encode("utf-16"),
        "名前,都市\n田中,東京\n".encode("shift_jis"),
        b"email\nx@y.com\nz@w.org\n",  # a one-column list is a table too
    ]
    for head in texts:
        assert sniff_suffix("leads", "table", head) == (".csv", "CSV"), head
    log = "user;évènement\n1;Achat\n".encode("cp1252")
    assert sniff_suffix("events", "event_log", log) == (".csv", "CSV")
    assert sniff_suffix("events", "event_log", '[{"event": "Play"}]'.encode("utf-16")) == (".json", "JSON")
    jpeg, pdf = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\x00\x01"
    for binary in (jpeg, pdf, bytes(range(256))):
        for kind in ("table", "event_log"):
            with pytest.raises(InputError) as err:
                sniff_suffix("blob", kind, binary)
            assert err.value.code == "unsupported_format"
    towns, trades = ["Москва", "Санкт-Петербург", "Новосибирск"], ["Банки", "Розничная торговля"]
    rows = "Клиент;Город;Отрасль\n"
    rows += "".join(f"Клиент {i};{towns[i % 3]};{trades[i % 2]}\n" for i in range(30))
    with TestClient(create_app(Settings(home=tmp_path / "home"), llm=None)) as api:
        r = api.post("/datasets", files={"file": ("report.php", rows.encode("cp1251"), "text/plain")})
        assert r.status_code == 201, r.text
        preview = r.json()["preview"]
        assert preview["n_rows"] == 30 and "Город" in str(preview["columns"])


@pytest.mark.slow
def test_an_event_log_named_without_an_extension_is_simulated_and_its_format_said(tmp_path: Path) -> None:
    from synthpersona.simulation import sample_events_path

    events = b"".join(sample_events_path().read_bytes().splitlines(keepends=True)[:600])
    form = {"n_personas": "50", "run_validation": "false", "deck": "false"}
    with TestClient(create_app(Settings(home=tmp_path / "home"), llm=None)) as api:
        r = api.post("/simulations", files={"events": ("clicks", events, "text/plain")}, data=form)
    assert r.status_code == 201, r.text
    assert r.json()["ingest"]["sniffed_format"] == "CSV"
    assert "recognised as CSV" in r.json()["notes"][0]


def test_cli_help_and_ui_types_come_from_the_registry() -> None:
    command = typer.main.get_command(load_commands())
    analyze = command.commands["leads"].commands["analyze"]  # type: ignore[attr-defined]
    assert (
        next(p.help for p in analyze.params if p.name == "file")
        == f"The table: {describe('table')}; - reads stdin."
    )
    simulate = command.commands["simulate"]  # type: ignore[attr-defined]
    assert describe("event_log") in next(p.help for p in simulate.params if p.name == "events")


def test_ui_uploaders_accept_the_registry() -> None:
    from streamlit.testing.v1 import AppTest

    from synthpersona.ui import APP_PATH

    at = AppTest.from_file(str(APP_PATH), default_timeout=120)
    at.run()
    at.switch_page("views/leads.py").run()
    accepted = [t.lstrip(".") for t in at.file_uploader(key="leads_file").proto.type]
    assert accepted == [e.lstrip(".") for e in extensions("table")]
    at.switch_page("views/simulation.py").run()
    at.radio(key="sim_source").set_value("Upload my event log").run()
    accepted = [t.lstrip(".") for t in at.file_uploader(key="sim_file").proto.type]
    assert accepted == [e.lstrip(".") for e in extensions("event_log")]


def test_a_server_log_under_its_own_suffix_is_read_as_json_lines_or_text(tmp_path: Path) -> None:
    # nginx's JSON access log is saved as access.log; a CSV export may be named .out
    lines = [
        json.dumps(
            {
                "time_iso8601": f"2024-03-01T10:00:0{i}+05:30",
                "uid_got": f"uid=A{i % 3}",
                "request_uri": f"/p{i}",
            }
        )
        for i in range(9)
    ]
    (tmp_path / "access.log").write_text("\n".join(lines) + "\n")
    assert reader_for(tmp_path / "access.log", "event_log", b'{"time_').name == "JSON"
    events = load_event_log(tmp_path / "access.log")
    assert len(events) == 9 and set(events["user_id"]) == {"uid=A0", "uid=A1", "uid=A2"}
    assert reader_for("events.out", "event_log", b"user_id,").name == "CSV"


@pytest.mark.parametrize(
    ("reader", "magic", "ext"),
    [(name, magic, ext) for name, r in READERS.items() for magic, ext in r.magic.items()],
)
def test_a_signature_names_its_readers_extension_and_stdin_copies_use_it(
    reader: str, magic: bytes, ext: str
) -> None:
    from synthpersona.cli._stdin import _suffix
    from synthpersona.formats import signature_extension

    assert ext in READERS[reader].extensions
    assert signature_extension(magic + b"rest") == ext
    assert _suffix(magic + b"rest", ".csv") == ext  # `leads analyze -` names its copy after the bytes
    assert reader_for(f"stdin{ext}", "table", head=magic).name == READERS[reader].name
