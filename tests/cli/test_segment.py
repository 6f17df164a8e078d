"""`synthpersona segment` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from synthpersona.cli._app import run
from synthpersona.population import generate


@pytest.fixture(scope="module")
def pop_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pop") / "users.parquet"
    generate(8000, random_state=2).to_parquet(path)
    return path


def test_segment_json(pop_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(
        [
            "segment",
            "--goal",
            "Gen Z in tier-1 cities",
            "--k-max",
            "4",
            "--population",
            str(pop_file),
            "--json",
        ]
    )
    assert code == 0
    body = json.loads(capsys.readouterr().out)
    assert body["meta"]["subset_n"] > 0 and body["clusters"]
    assert body["personas"]["1"][0]["persona_id"] == "dyn_1_0"


def test_segment_pretty_and_out(pop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run"
    code = run(
        ["segment", "--goal", "millennials", "--k-max", "3", "--population", str(pop_file), "--out", str(out)]
    )
    assert code == 0
    text = capsys.readouterr().out
    assert "Segments" in text and "dyn_1_0" in text
    clusters = json.loads((out / "clusters.json").read_text())
    assert clusters["meta"]["k"] == len(clusters["clusters"])
    assert json.loads((out / "personas.json").read_text())["1"]["cluster_info"]["cluster_id"] == 1


def test_segment_shows_the_words_it_ignored(pop_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    goal = "first-time smartphone buyers in tier-2 cities"
    code = run(["segment", "--goal", goal, "--k-max", "3", "--population", str(pop_file)])
    assert code == 0
    text = capsys.readouterr().out
    assert "not understood (ignored)" in text and "first time" in text
    code = run(["segment", "--goal", goal, "--k-max", "3", "--population", str(pop_file), "--json"])
    assert json.loads(capsys.readouterr().out)["meta"]["unparsed"] == "first time"


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["--algorithm", "kmean"], 2, "kmeans"),
        (["--k-min", "6", "--k-max", "3"], 2, "k_min"),
        (["--population", "/nonexistent/users.parquet"], 2, "does not exist"),
    ],
)
def test_segment_errors_are_one_line(
    args: list[str], code: int, needle: str, pop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["segment", "--goal", "students", *args]
    if "--population" not in args:
        argv += ["--population", str(pop_file)]
    assert run(argv) == code
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and len(err.splitlines()) == 1 and needle in err


def test_unparseable_goal_exit_code(pop_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a goal nothing could be understood in is bad input (InputError): exit 2
    assert run(["segment", "--goal", "qwzx vvvv", "--population", str(pop_file)]) == 2
    assert capsys.readouterr().err.startswith("error:")


@pytest.mark.parametrize(
    ("flag", "value"), [("--k-max", "1000000000000"), ("--k-min", "1"), ("--k-max", "51")]
)
def test_k_out_of_range_is_refused_at_once_in_one_line(
    flag: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["segment", "--goal", "college students", flag, value]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "between 2 and 50" in err and "SYNTHPERSONA_MAX_K" in err


def test_segment_out_writes_members_and_verify_recomputes_the_run(
    pop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pandas as pd

    out = tmp_path / "run"
    goal = "women interested in fashion"
    assert (
        run(["segment", "--goal", goal, "--k-max", "4", "--population", str(pop_file), "--out", str(out)])
        == 0
    )
    members = pd.read_parquet(out / "members.parquet")
    body = json.loads((out / "run.json").read_text())
    assert {"user_id", "cluster_id"} <= set(members.columns)
    sizes = members["cluster_id"].value_counts().to_dict()
    assert sizes == {c["cluster_id"]: c["cluster_size"] for c in body["clusters"]}
    population = pd.read_parquet(pop_file).set_index("user_id")
    assert (population.loc[members["user_id"], "gender"].astype(str) == "Female").all()
    capsys.readouterr()

    assert run(["verify", str(out), "--population", str(pop_file)]) == 0
    assert capsys.readouterr().out.startswith("ok:")

    # A label word the data contradicts and a wrong size: one line each, exit 1.
    seg = body["clusters"][0]
    m = population.loc[members.loc[members["cluster_id"] == seg["cluster_id"], "user_id"]]
    seg["cluster_label"] = "Affluent" if m["monthly_income_inr"].mean() < 100_000 else "Budget-constrained"
    seg["cluster_size"] += 1
    (out / "run.json").write_text(json.dumps(body))
    assert run(["verify", str(out), "--population", str(pop_file)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert any(line.startswith("cluster 1 label:") for line in lines)
    assert any(line.startswith("cluster 1 cluster_size:") for line in lines)
    assert run(["verify", str(out), "--population", str(pop_file), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and {m["where"] for m in report["mismatches"]} >= {"cluster 1 label"}
    assert all(set(m) == {"where", "claim", "expected", "kind"} for m in report["mismatches"])


def test_verify_names_a_folder_without_a_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["verify", str(tmp_path)]) != 0
    err = capsys.readouterr().err
    assert "run.json" in err and "segment --goal ... --out DIR" in err


def test_segment_says_when_the_segments_are_not_clear(
    pop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The printed verdict is the one in the run's own selection diagnostics, whichever it is.
    code = run(["segment", "--goal", "millennials", "--k-max", "3", "--population", str(pop_file), "--json"])
    assert code == 0
    selection = json.loads(capsys.readouterr().out)["meta"]["selection"]
    code = run(["segment", "--goal", "millennials", "--k-max", "3", "--population", str(pop_file)])
    assert code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert ("No clear segments" in text) == (selection["clear"] is False)
    if not selection["clear"]:
        assert " ".join(selection["reason"].split())[:60] in text
