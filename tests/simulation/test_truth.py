"""Behavioural persona names are true twice, and ``verify_behaviour`` recomputes every claim."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pandas as pd
import pytest

from synthpersona.cli._app import run as cli_run
from synthpersona.personas import rules as words
from synthpersona.simulation import (
    attach_clusters,
    cluster_event_sequences,
    load_event_log,
    make_sample_events,
    profile_behavioural_personas,
    verify_behaviour,
)
from synthpersona.usecases.simulation import run_simulation
from synthpersona.usecases.verify import verify_simulation
from synthpersona.views import seed002

_ROLES = {"completion_events": ["signup_complete"], "drop_events": ["drop_off"]}


def _records(log: pd.DataFrame) -> list[dict]:
    segments, personas = profile_behavioural_personas(log, **_ROLES)
    return [seed002.persona_record(s, p) for s, p in zip(segments, personas, strict=True)]


@pytest.fixture(scope="module")
def runs() -> list[tuple[pd.DataFrame, list[dict]]]:
    out = []
    for seed, k in ((3, None), (4, 3), (5, 6)):
        raw = load_event_log(make_sample_events(n_users=220, random_state=seed))
        log = attach_clusters(raw, cluster_event_sequences(raw, k=k, random_state=seed))
        out.append((log, _records(log)))
    return out


def test_every_name_word_recomputes_true_twice(runs: list[tuple[pd.DataFrame, list[dict]]]) -> None:
    for log, records in runs:
        assert verify_behaviour(log, records, **_ROLES) == []
        for rec in records:
            assert rec["evidence"], rec["name"]
            for ev in rec["evidence"]:
                assert ev["claim"].lower() in rec["name"].lower()
                rule = words.rule_of(ev["statistic"], ev["thresholds"])
                assert rule is not None
                need = words.expected_verdict(rule, ev["claim"])
                if need != words.NONE:
                    assert rule.verdict(ev["value"], ev["baseline"]) == need


def test_mostly_needs_a_majority_and_a_contrast() -> None:
    # 35 % against 20 % is more than average, never "mostly"; 55 % against 70 % is not above it
    assert words.MOSTLY_SIGNS_UP.says(0.35, 0.20) == "signs up more than average"
    assert words.MOSTLY_SIGNS_UP.says(0.55, 0.70) == ""
    assert words.STALLS.says(0.55, 0.70) == "signs up less than average"
    assert words.STALLS.says(0.30, 0.50) == "stalls at"


def test_verify_reports_a_false_word_and_a_wrong_number(runs: list[tuple[pd.DataFrame, list[dict]]]) -> None:
    log, records = runs[0]
    low = min(records, key=lambda r: r["conversion_rate"])
    bad = copy.deepcopy(records)
    target = next(r for r in bad if r["cluster_id"] == low["cluster_id"])
    target["name"] = "Researcher who mostly signs up"
    target["n_sessions"] += 1
    found = verify_behaviour(log, bad, **_ROLES)
    kinds = {(m.kind, m.claim) for m in found}
    assert ("word", "mostly signs up") in kinds
    assert any(m.where.endswith("n_sessions") for m in found)


def test_simulation_run_and_its_reports_folder_verify(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reports"
    run = run_simulation(n_personas=100, validate=False, deck=False, out_dir=out)
    assert verify_simulation(run) == []
    assert (out / "members.parquet").is_file()
    assert cli_run(["verify", str(out)]) == 0
    summary = json.loads((out / "summary.json").read_text())
    summary["personas"][0]["name"] = "Researcher who mostly signs up"
    summary["personas"][0]["conversion_rate"] = 0.99
    (out / "summary.json").write_text(json.dumps(summary))
    assert cli_run(["verify", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "conversion_rate" in printed and "name" in printed


def test_comparative_names_are_not_read_as_the_word(runs: list[tuple[pd.DataFrame, list[dict]]]) -> None:
    # "signs up less than average" is the comparative, not "who signs up" (decisive)
    log, records = runs[0]
    rec = copy.deepcopy(min(records, key=lambda r: r["conversion_rate"]))
    base = sum(r["conversion_rate"] * r["n_sessions"] for r in records) / sum(
        r["n_sessions"] for r in records
    )
    assert rec["conversion_rate"] < base - 0.05
    rec["name"] = "Researcher who signs up less than average"
    ev = words.STALLS.evidence("persona_name", rec["conversion_rate"], base, claim=words.STALLS.comparative)
    rec["evidence"] = [words.evidence_record(ev)]
    found = verify_behaviour(log, [rec], **_ROLES)
    assert all(m.claim != "who signs up" for m in found)  # never judged as the decisive word
    # at 2 % against 53 % both halves of "stalls at" hold, so the comparative alone is refused
    assert [m.claim for m in found if m.kind == "word"] == ["signs up less than average"] * 2
