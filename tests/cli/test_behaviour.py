"""`synthpersona behaviour ...` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from synthpersona.cli._app import run


def test_compare_json_on_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["behaviour", "compare", "--group-by", "device", "--groups", "mobile,desktop", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["params"]["groups"] == ["mobile", "desktop"]
    rows = {(r["metric"], r["test"]): r for r in body["data"]}
    assert ("conversion", "two-proportion z") in rows
    assert all(r["p_adjusted"] is None or r["p_adjusted"] >= r["p_value"] for r in rows.values())


def test_graph_writes_interactive_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pipeline = json.dumps([{"kind": "collapse_repeats"}])
    code = run(["behaviour", "graph", "--min-share", "0.2", "--pipeline", pipeline, "--out", str(tmp_path)])
    assert code == 0
    assert "source" in capsys.readouterr().out
    assert (tmp_path / "graph.html").is_file() and (tmp_path / "plotly.min.js").is_file()
    assert json.loads((tmp_path / "pipeline.json").read_text())["steps"][0]["kind"] == "collapse_repeats"


def test_errors_are_one_line_and_non_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["behaviour", "steps", "--back-from", "signup_compleet"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Did you mean 'signup_complete'" in err
    assert run(["behaviour", "graph", "--pipeline", "[{"]) == 2


def test_sankey_per_group_writes_html_and_a_png_per_view(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from PIL import Image

    code = run(
        ["behaviour", "sankey", "--group-by", "device", "--max-steps", "4", "--json", "--out", str(tmp_path)]
    )
    assert code == 0
    body = json.loads(capsys.readouterr().out)
    groups = {r["group"] for r in body["data"]}
    assert groups == set(body["params"]["n_paths"]) and len(groups) >= 2  # every device, not one arm
    for group, n_paths in body["params"]["n_paths"].items():
        leaving_first = sum(r["paths"] for r in body["data"] if r["group"] == group and r["step"] == 1)
        assert leaving_first == n_paths
    assert (tmp_path / "sankey.html").is_file()
    with Image.open(tmp_path / "sankey.png") as png:
        assert png.format == "PNG" and png.width > png.height  # one panel per group, side by side
    assert run(["behaviour", "steps", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "steps.png").stat().st_size > 10_000


def test_compare_says_from_which_step_converters_and_the_rest_move_apart(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["behaviour", "compare", "--group-by", "converted", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    first = body["params"]["first_step"]
    row = next(r for r in body["data"] if r["metric"].startswith(f"step {first}:"))
    assert row["significant"] and f"first move differently at step {first}" in body["params"]["answer"]
    # the step's numbers are the step matrix's (converted minus the rest) at that step
    assert run(["behaviour", "steps", "--group-by", "converted", "--max-steps", str(first), "--json"]) == 0
    steps = json.loads(capsys.readouterr().out)["data"]
    event = row["metric"].split(": ", 1)[1]
    assert steps["shares"][steps["events"].index(event)][first - 1] == pytest.approx(row["difference"])
    assert run(["behaviour", "compare", "--group-by", "converted"]) == 0
    assert body["params"]["answer"] in capsys.readouterr().out  # the sentence ends the printed table
