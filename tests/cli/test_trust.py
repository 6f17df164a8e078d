"""`synthpersona backtest` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from synthpersona.cli._app import run
from synthpersona.trust import planted_table


def test_backtest_of_a_table_prints_calibration_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "leads.csv"
    planted_table(1_500, random_state=2).drop(columns=["_segment"]).to_csv(path, index=False)
    assert run(["backtest", "--table", str(path)]) == 0
    out = capsys.readouterr().out
    assert "time:Signup Date split" in out and "claims inside their 95% prediction interval" in out
    report = tmp_path / "trust.html"
    assert (
        run(["backtest", "--table", str(path), "--json", "--test-fraction", "0.2", "--report", str(report)])
        == 0
    )
    body = json.loads(capsys.readouterr().out)
    page = report.read_text()
    assert f"{body['inside']} of {body['checked']} claims" in page
    assert "<h2>Privacy</h2>" in page and "<h2>Representation</h2>" in page
    assert body["n_held_out"] == 300 and body["checked"] == len(
        [c for c in body["claim_checks"] if c["inside"] is not None]
    )
    assert body["inside"] == sum(bool(c["inside"]) for c in body["claim_checks"])


def test_backtest_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["backtest"]) == 2
    assert "exactly one of --goal TEXT, --table FILE or --events FILE" in capsys.readouterr().err
    path = tmp_path / "t.csv"
    planted_table(200).to_csv(path, index=False)
    assert run(["backtest", "--table", str(path), "--test-fraction", "0.7"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "between 0.1 and 0.5" in err


def test_privacy_writes_protected_personas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, out = tmp_path / "t.csv", tmp_path / "personas.json"
    df = planted_table(900, random_state=7).drop(columns=["_segment"])
    df["Email"] = [f"p{i}@corp.example" for i in range(len(df))]
    df.to_csv(path, index=False)
    assert run(["privacy", str(path), "--k-anonymity", "5", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert (
        "privacy (k=5): ok" in text
        and "never shown (personal, identifier, free text): Lead ID, Email" in text
    )
    assert len(json.loads(out.read_text())) == 4 and "@corp.example" not in out.read_text()


def test_diff_of_two_versions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "q1.csv", tmp_path / "q2.csv"
    planted_table(1_500, random_state=20).drop(columns=["_segment"]).to_csv(a, index=False)
    planted_table(1_500, random_state=21).drop(columns=["_segment"]).to_csv(b, index=False)
    assert run(["diff", str(a), str(b), "--k", "4"]) == 0
    out = capsys.readouterr().out
    assert "q1.csv -> q2.csv" in out and out.count("stable  segment") == 4 and "NEW" not in out
    assert run(["diff", str(a)]) == 2
    assert "at least two versions" in capsys.readouterr().err


def test_represent_lists_groups_and_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.csv"
    planted_table(900, random_state=3).drop(columns=["_segment"]).to_csv(path, index=False)
    assert run(["represent", "--table", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Gender:" in out and "Region:" in out and "reference" in out
    assert run(["represent"]) == 2


def test_backtest_of_the_sample_event_log(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["backtest", "--events", "sample", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["workflow"] == "clickstream" and 0 < body["agreement"]["transition_agreement"] <= 1


def test_privacy_of_a_goal_run_and_its_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SYNTHPERSONA_POPULATION_SIZE", "6000")
    out = tmp_path / "personas.json"
    assert run(["privacy", "--goal", "college students interested in headphones", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "privacy (k=5): ok" in text and "generalised: " in text and "-> not shown" in text
    assert "anchor_user_id" not in out.read_text()
    assert run(["privacy"]) == 2
    assert "exactly one of TABLE (a file), --goal TEXT or --events FILE" in capsys.readouterr().err


def test_privacy_of_an_event_log_lists_what_rests_on_fewer_than_k_users(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from synthpersona.usecases.simulation import sample_events_path
    from synthpersona.usecases.trust import privacy_events

    assert run(["privacy", "--events", str(sample_events_path()), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    report, _ = privacy_events(sample_events_path())  # the one check every simulation applies
    assert shown == json.loads(json.dumps(report.summary())) and shown["ok"]
    # the sample has paths taken by fewer than 5 users: each is replaced, never shown
    assert shown["small_cells"] and all(c["count"] < 5 for c in shown["small_cells"])
    assert all(p["matches"] >= 5 for p in shown["personas"])
    assert run(["privacy", "--events", str(sample_events_path()), "--epsilon", "1"]) == 2
    assert "--epsilon (Laplace noise) applies to tables" in capsys.readouterr().err


def test_diff_and_represent_of_event_logs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from synthpersona.simulation import make_sample_events

    a, b = tmp_path / "oct.csv", tmp_path / "nov.csv"
    make_sample_events(n_users=300, random_state=3).to_csv(a, index=False)
    make_sample_events(n_users=300, random_state=4).to_csv(b, index=False)
    assert run(["diff", "--events", str(a), str(b), "--k", "4", "--json"]) == 0
    (d,) = json.loads(capsys.readouterr().out)
    assert (d["old"], d["new"]) == ("oct.csv", "nov.csv") and len(d["matches"]) == 4
    assert not d["new_segments"] and {c["column"] for c in d["columns"]} >= {"event", "device", "sessions"}
    assert run(["represent", "--events", str(a), "--k", "4"]) == 0
    out = capsys.readouterr().out
    assert "device:" in out and "channel:" in out and "activity:" in out and "reference" in out
    assert run(["represent", "--events", str(a), "--k", "four"]) == 2
    assert "--k must be a whole number or 'auto'" in capsys.readouterr().err


def test_backtest_of_an_event_log_in_an_engine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import synthpersona.usecases._simulation_engine as engine_step
    from synthpersona.simulation import make_sample_events

    seen: list[str] = []
    real = engine_step.open_log_by_path
    monkeypatch.setattr(
        engine_step, "open_log_by_path", lambda src, eng, **kw: seen.append(str(eng)) or real(src, eng, **kw)
    )
    path = tmp_path / "log.csv"
    make_sample_events(n_users=200, random_state=3).to_csv(path, index=False)
    assert run(["backtest", "--events", str(path), "--engine", "duckdb", "--json"]) == 0
    assert seen == ["duckdb"] and json.loads(capsys.readouterr().out)["n_build"] > 0
    assert run(["backtest", "--goal", "moms in Pune", "--engine", "duckdb"]) == 2
    assert "--engine reads an event log" in capsys.readouterr().err
