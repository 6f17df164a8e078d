"""The "recorded vs now" rules of `make bench` (benchmarks/compare.py) and the doc block of run_all."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import compare  # noqa: E402
from compare import Spec, compare_one, figures_of, locate, parse_number  # noqa: E402

SECTION = """## Something (issue 0)

| case     | run        | wall s | peak MB | ARI            |
|----------|------------|--------|---------|----------------|
| 100k     | baseline   | 2.88   | 389     | ARI 0.26 (k=4) |
|          | ours       | 1,117  | 289     | ARI 0.76 (k=4) |
| 1M       | ours       | 3.33   | 750     | -              |

- 50,000 people: slowest goal 0.181 s warm (median) against < 0.3 s: met.
"""


def spec(**kw: object) -> Spec:
    base: dict[str, object] = {"bench": "b", "name": "n", "unit": "", "better": "higher", "kind": "quality"}
    return Spec(**{**base, **kw})  # type: ignore[arg-type]


def test_locate_reads_a_row_whose_group_cell_is_blank_and_a_line_of_text() -> None:
    # "ours" under "100k" inherits the blank first cell, so it is found by both cells
    assert locate(spec(row=["100k", "ours"], column="wall s"), SECTION) == 1117.0
    assert locate(spec(row=["1M", "ours"], column="peak MB"), SECTION) == 750.0
    assert locate(spec(row=["100k", "ours"], column="ARI", pattern=r"ARI ([\d.]+)"), SECTION) == 0.76
    assert locate(spec(text=r"50,000 people: slowest goal ([\d.]+) s"), SECTION) == 0.181
    # a cell without a number, a row or column that is not there: None (reported as "missing")
    assert locate(spec(row=["1M", "ours"], column="ARI"), SECTION) is None
    assert locate(spec(row=["10M"], column="wall s"), SECTION) is None
    assert locate(spec(row=["1M"], column="CPU s"), SECTION) is None


def test_parse_number_reads_separators_signs_and_patterns() -> None:
    assert parse_number("-0.33 pp") == -0.33
    assert parse_number("-0.33 pp", r"([\d.]+) pp") == 0.33
    assert parse_number("42/64 = 65.6%", r"= ([\d.]+)%") == 65.6
    assert parse_number("n/a") is None


def test_quality_figures_are_compared_exactly_in_their_direction() -> None:
    ari = spec(recorded=0.868)
    assert compare_one(ari, 0.868).status == "same"
    worse = compare_one(ari, 0.81)
    assert (worse.status, worse.regression) == ("worse", True)
    assert (compare_one(ari, 0.9).status, compare_one(ari, 0.9).regression) == ("better", False)
    errors = spec(better="lower", recorded=0.0)
    assert compare_one(errors, 3.0).regression
    assert not compare_one(errors, 0.0).regression
    # a figure's own tolerance absorbs rounding
    assert compare_one(spec(recorded=0.92, tol=0.005), 0.923).status == "same"


def test_speed_figures_have_a_tolerance_and_are_labelled_by_the_load() -> None:
    wall = spec(kind="speed", better="lower", recorded=1.0)
    assert compare_one(wall, 1.2).status == "same"  # within 25 %
    assert compare_one(wall, 0.5).status == "faster"
    quiet = compare_one(wall, 1.5, load_per_core=0.1)
    loaded = compare_one(wall, 1.5, load_per_core=1.5)
    assert (quiet.status, quiet.regression) == ("slower", True)
    assert (loaded.status, loaded.regression) == ("slower under load", True)
    rate = spec(kind="speed", better="higher", recorded=1000.0)
    assert compare_one(rate, 600.0).status == "slower"
    memory = spec(kind="memory", better="lower", recorded=600.0)  # no load label: memory is not slowed
    assert compare_one(memory, 650.0).status == "same"  # within 15 %
    assert compare_one(memory, 900.0).status == "larger"


def test_missing_and_never_measured_figures() -> None:
    assert compare_one(spec(recorded=1.0), None).status == "missing"
    assert compare_one(spec(recorded=1.0), None).regression
    assert (
        compare_one(spec(recorded=None), None).status,
        compare_one(spec(recorded=None), None).regression,
    ) == (
        "none",
        False,
    )
    assert compare_one(spec(recorded=None), 0.5).status == "new"


def test_write_results_saves_the_declared_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    recorded = tmp_path / "recorded.json"
    figures = [
        {"bench": "b", "name": "wall", "unit": "s", "better": "lower", "kind": "speed", "recorded": 1.0,
         "row": ["1M", "ours"], "column": "wall s"},
        {"bench": "other", "name": "x", "unit": "", "better": "higher", "kind": "quality", "recorded": 1.0,
         "text": "x ([\\d.]+)"},
    ]  # fmt: skip
    recorded.write_text(json.dumps({"figures": figures}))
    monkeypatch.setattr(compare, "RECORDED", recorded)
    path = compare.write_results("b", SECTION, tmp_path / "results")
    data = json.loads(path.read_text())
    assert [(f["name"], f["value"]) for f in data["figures"]] == [("wall", 3.33)]
    results, _loads = compare.read_results(tmp_path / "results")
    rows = compare.compare(compare.load_specs(recorded), results, {"b": 1.5})
    assert [(r.name, r.status) for r in rows] == [("wall", "slower under load"), ("x", "missing")]
    assert "✗" in compare.render(rows)


def test_every_recorded_figure_is_well_formed() -> None:
    specs = compare.load_specs()
    assert len({(s.bench, s.name) for s in specs}) == len(specs)
    for s in specs:
        assert s.kind in compare.KINDS and s.better in ("higher", "lower")
        assert bool(s.text) != bool(s.column), s.name


def test_the_doc_block_replaces_only_the_generated_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import run_all

    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\n## Notes written by hand\n\nkeep me\n")
    monkeypatch.setattr(run_all, "DOC", doc)
    run_all.write_doc("first run")
    run_all.write_doc("second run")
    text = doc.read_text()
    assert text.count(run_all.START) == 1 and "second run" in text and "first run" not in text
    assert text.endswith("## Notes written by hand\n\nkeep me\n")


def test_record_keeps_timings_taken_under_load(monkeypatch: pytest.MonkeyPatch) -> None:
    import run_all

    specs = [spec(name="q", recorded=0.8), spec(name="t", kind="speed", better="lower", recorded=1.0)]
    rows = [compare_one(specs[0], 0.7), compare_one(specs[1], 2.0, load_per_core=2.0)]
    assert run_all.record(specs, rows) == 1
    assert specs[0].recorded == 0.7 and specs[1].recorded == 1.0
    assert figures_of("b", SECTION, []) == []


def test_record_only_takes_the_named_figures_whatever_their_status() -> None:
    import run_all

    specs = [
        spec(bench="leads", name="peak", kind="memory", better="lower", recorded=463.0),
        spec(bench="scale", name="peak", kind="memory", better="lower", recorded=650.0),
        spec(bench="trust", name="calibration", recorded=92.5),
    ]
    rows = [compare_one(specs[0], 457.0), compare_one(specs[1], 791.0), compare_one(specs[2], 91.2)]
    assert rows[1].regression and rows[2].regression
    assert run_all.record(specs, rows, only=["scale: peak"]) == 1
    assert [s.recorded for s in specs] == [463.0, 791.0, 92.5]  # the worse quality figure is not blessed
    assert run_all.unknown_figures(specs, ["scale", "leads: peak", "leads: pea"]) == ["leads: pea"]
