"""JSON exports (Mixpanel JSON lines, PostHog/API arrays, wrapped arrays) read as tables and event logs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from synthpersona.errors import DataError
from synthpersona.simulation import load_event_log
from synthpersona.simulation.etl import ingest_report
from synthpersona.tables import TableLimits, read_table
from synthpersona.tables._json import read_json_records

RECORDS = [
    {
        "event": ev,
        "properties": {"time": 1_709_000_000 + 60 * i, "distinct_id": f"u{i // 3}", "plan": {"tier": "pro"}},
    }
    for i, ev in enumerate(["Abrir", "Ver", "Comprar"] * 4)
]


def test_json_lines_and_arrays_flatten_nested_properties_to_short_names(tmp_path: Path) -> None:
    lines = tmp_path / "mixpanel.jsonl"
    lines.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    array = tmp_path / "posthog.json"
    array.write_text(json.dumps(RECORDS, indent=2))
    wrapped = tmp_path / "api.json"
    wrapped.write_text(json.dumps({"next": None, "results": RECORDS}))
    for path in (lines, array, wrapped):
        table = read_json_records(path)
        assert table.column_names == ["event", "time", "distinct_id", "tier"], path.name
        assert table.column("time").to_pylist()[:2] == [1_709_000_000, 1_709_000_060]
    df, info = read_table(array)
    assert info.format == "JSON" and df.shape == (12, 4) and df["tier"].unique().tolist() == ["pro"]


def test_json_array_is_streamed_in_batches_and_types_unified(tmp_path: Path, monkeypatch) -> None:
    import synthpersona.tables._json as mod

    monkeypatch.setattr(mod, "BATCH", 5)
    monkeypatch.setattr(mod, "_CHUNK", 64)  # objects straddle the buffer's edge
    rows = [{"id": i if i < 7 else f"x{i}", "v": i} for i in range(13)]  # ids turn text after a batch
    path = tmp_path / "a.json"
    path.write_text(json.dumps(rows))
    table = mod.read_json_records(path)
    assert table.num_rows == 13 and table.column("id").to_pylist()[-1] == "x12"
    assert table.column("id").to_pylist()[0] == "0"


def test_json_event_log_is_read_without_naming_columns(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    log = load_event_log(path)
    report = ingest_report(log)
    assert report is not None
    assert report.column_mapping == {"user_id": "distinct_id", "event": "event", "timestamp": "time"}
    assert log["user_id"].nunique() == 4 and len(log) == 12


@pytest.mark.parametrize(
    ("text", "match"),
    [("[1, 2, 3]", "an item is a int"), ('[{"a": 1}, {"a": ', "cut short"), ("hello", "starts with 'h'")],
)
def test_bad_json_is_a_clear_data_error(tmp_path: Path, text: str, match: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(DataError, match=match):
        read_json_records(path)


def test_json_keys_past_the_column_limit_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    path.write_text(json.dumps({f"k{i}": i for i in range(30)}) + "\n")
    with pytest.raises(DataError, match="columns"):
        read_json_records(path, TableLimits(max_columns=20))
