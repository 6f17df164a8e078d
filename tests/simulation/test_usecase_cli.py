"""run_simulation, parse_modification and the ``synthpersona simulate`` command."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from synthpersona.cli import run
from synthpersona.errors import InputError
from synthpersona.simulation import FlowModification
from synthpersona.usecases.simulation import parse_modification, run_simulation

EXPECTED_FILES = {
    "deck.pptx",
    "dropoff.csv",
    "experiment.html",
    "experiment.png",
    "experiment_summary.csv",
    "figures.json",
    "behaviour_graph.html",
    "behaviour_graph_drag.html",
    "behaviour_graph.png",
    "behaviour_steps.html",
    "behaviour_steps.png",
    "funnel.html",
    "funnel.png",
    "generator_validation.csv",
    "index.html",
    "members.parquet",
    "per_persona.csv",
    "persona_summary.csv",
    "personas.html",
    "personas.png",
    "sankey.html",
    "sankey.png",
    "sankey_treatment.html",
    "sankey_treatment.png",
    "summary.json",
    "transitions.html",
    "transitions.png",
}


def test_parse_modification_text_and_mappings() -> None:
    m = parse_modification("additional_steps=2,friction_factor=0.1")
    assert isinstance(m, FlowModification) and m.additional_steps == 2 and m.friction_factor == 0.1
    m = parse_modification(
        "description=Shorter form, fewer fields,remove_steps=form_error|pricing,personas=0|Decisive"
    )
    assert m.description == "Shorter form, fewer fields"
    assert m.remove_steps == ("form_error", "pricing") and m.personas == (0, "Decisive")
    m = parse_modification("pricing->signup_start=0.6,form_error->signup_complete*=1.5")
    assert m.transition_probabilities == {"pricing->signup_start": 0.6}
    assert m.transition_multipliers == {"form_error->signup_complete": 1.5}
    assert parse_modification({"extra_steps": 1, "friction": 0.2}).drop_probability == pytest.approx(0.2)
    assert parse_modification("") is None and parse_modification(None) is None


@pytest.mark.parametrize(
    "spec, fragment",
    [
        ("bogus=1", "Allowed keys"),
        ("additional_steps=two", "integer"),
        ("friction_factor=2", "between 0 and 1"),
        ("just text", "key=value"),
    ],
)
def test_parse_modification_errors(spec: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        parse_modification(spec)


def test_run_simulation_on_the_bundled_sample_writes_every_report(tmp_path: Path) -> None:
    run_ = run_simulation(out_dir=tmp_path / "r", n_personas=500, random_state=42)
    assert set(run_.files) == EXPECTED_FILES | {"plotly.min.js"}
    assert all(p.is_file() and p.stat().st_size > 0 for p in run_.files.values())
    assert run_.funnel == ["landing", "signup_start", "signup_complete"]
    assert run_.completion_events == ["signup_complete"]
    assert run_.experiment.control.n == 500
    assert run_.validation is not None and run_.validation.passed
    assert 3 <= len(run_.personas) <= 8
    summary = run_.summary()
    assert summary["experiment"]["n_per_arm"] == 500 and summary["files"] == sorted(run_.files)
    assert run_.real_funnel[0] == 1.0 and run_.real_funnel[-1] < run_.real_funnel[1]
    # the deck shows how converters and the rest of the real log move differently
    from pptx import Presentation

    deck = Presentation(str(run_.files["deck.pptx"]))
    texts = [" ".join(s.text_frame.text for s in sl.shapes if s.has_text_frame) for sl in deck.slides]
    parting = next(t for t in texts if t.startswith("Where converters and the rest part ways"))
    assert "converted users" in parting and "minus not converted" in parting
    assert any(t.startswith("How they move differently") for t in texts)
    index = run_.files["index.html"].read_text(encoding="utf-8")
    assert 'src="behaviour_steps.png"' in index and 'href="behaviour_graph.html"' in index
    assert 'href="behaviour_graph_drag.html"' in index  # the draggable graph is one click from the report
    # the report says what privacy withheld or generalised (the run's own report, item by item)
    import html as html_

    privacy = summary["privacy"]
    assert privacy is not None and "<h2>Privacy (k = 5)</h2>" in index
    changed = [c for c in privacy["small_cells"]] + [p for p in privacy["personas"] if p["generalised"]]
    assert f"{len(changed)} item" in index
    for cell in privacy["small_cells"]:
        assert (
            f"<td>{html_.escape(str(cell['value']))}</td>" in index and f"<td>{cell['action']}</td>" in index
        )


def test_run_simulation_infers_a_funnel_or_asks_for_one(tmp_path: Path) -> None:
    log = pd.DataFrame(
        {
            "visitor": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5] * 3,
            "action": ["home", "purchase", "home", "exit", "home", "purchase", "home", "exit", "home", "exit"]
            * 3,
            "ts": pd.date_range("2026-01-01", periods=30, freq="h"),
        }
    )
    cols = {"user_id": "visitor", "event": "action", "timestamp": "ts"}
    r = run_simulation(log, columns=cols, n_personas=200, k=2, validate=False)
    assert r.funnel == ["home", "purchase"] and r.completion_events == ["purchase"]
    assert "exit" in r.drop_events
    plain = log.assign(action=log["action"].replace({"purchase": "thanks"}))
    with pytest.raises(InputError, match="--funnel"):
        run_simulation(plain, columns=cols, n_personas=200, validate=False)


def test_cli_simulate_on_the_sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(
        [
            "simulate",
            "--out",
            str(tmp_path / "out"),
            "--personas",
            "400",
            "--seed",
            "42",
            "--funnel",
            "landing,signup_start,signup_complete",
            "--modification",
            "additional_steps=2,friction_factor=0.1",
            "--no-validate",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Behavioural personas" in out and "Decisive sign-up" in out and "A/B" in out
    assert (tmp_path / "out" / "deck.pptx").is_file() and (tmp_path / "out" / "index.html").is_file()


def test_cli_bad_modification_is_one_line_listing_allowed_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["simulate", "--out", str(tmp_path / "o"), "--modification", "extra_clicks=2"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1
    assert "extra_clicks" in err and "additional_steps" in err and "friction_factor" in err
    assert not (tmp_path / "o").exists()


def test_cli_missing_file_and_bad_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["simulate", "--out", str(tmp_path), "--events", str(tmp_path / "none.csv")]) == 4
    assert "does not exist" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,c\n1,2,3\n")  # nothing to recognise a user, an event or a time in
    assert run(["simulate", "--out", str(tmp_path / "x"), "--events", str(bad)]) == 4
    assert "--columns" in capsys.readouterr().err


def test_cli_timestamp_in_year_9999_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = tmp_path / "ev.csv"
    events.write_text(
        "user_id,event,timestamp\n1,landing,2026-01-01 10:00\n1,signup_start,9999-12-31 10:00\n"
    )
    code = run(["simulate", "--out", str(tmp_path / "o"), "--events", str(events)])
    err = capsys.readouterr().err.strip()
    assert code == 4
    assert len(err.splitlines()) == 1 and "9999-12-31" in err and "supported range" in err


def _long_sessions_log() -> pd.DataFrame:
    """800 one-session users: landing, browse repeated (p=0.85 each), then purchase or exit (50/50)."""
    rng = np.random.default_rng(0)
    rows = []
    for u in range(800):
        path = ["landing"]
        while rng.random() < 0.85:
            path.append("browse")
        path.append("purchase" if rng.random() < 0.5 else "exit")
        start = pd.Timestamp("2026-01-01") + pd.Timedelta(hours=u)
        rows += [(u, e, start + pd.Timedelta(minutes=i)) for i, e in enumerate(path)]
    return pd.DataFrame(rows, columns=["user_id", "event", "timestamp"])


def test_simulated_sessions_are_as_long_as_real_ones_and_validation_fails_a_cap_that_cuts_them() -> None:
    log = _long_sessions_log()
    real_conversion = (log.groupby("user_id")["event"].last() == "purchase").mean()
    run_ = run_simulation(log, funnel="landing,purchase", n_personas=3000, k=2)
    lengths = log.groupby("user_id").size()
    # The cap is never below the log's 99.9th percentile session, and runs the chains until
    # (almost) every simulated session has ended on its own.
    assert run_.experiment.max_length >= int(np.quantile(lengths, 0.999, method="higher"))
    cut_short = run_.experiment.control.outcome_counts()["max_length"]
    assert cut_short <= 0.005 * run_.experiment.control.n
    assert abs(run_.experiment.stats["control_rate"] - real_conversion) < 0.03
    checks = run_.validation.table.set_index("metric")["passed"]
    assert checks["conversion rate"]
    assert run_.summary()["logged_experiment"] is None  # the log has no variant column
    # a cap of 4 events cuts most sessions before their end: validation at that cap says so
    short = run_simulation(log, funnel="landing,purchase", n_personas=3000, k=2, max_length=4)
    assert short.experiment.max_length == 4
    assert short.experiment.stats["control_rate"] < real_conversion - 0.15
    assert not short.validation.table.set_index("metric")["passed"]["conversion rate"]
