"""Table personas are true twice, and ``verify`` recomputes every figure and word (library, CLI, API)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from synthpersona.cli._app import run
from synthpersona.personas import rules as words
from synthpersona.tables import analyze_table, verify_table_personas
from synthpersona.usecases.tables import analyze_file
from synthpersona.usecases.verify import verify_table, verify_table_dir
from synthpersona.views import seed003

from ._data import make_customers, make_leads


@pytest.mark.parametrize("k", [3, 6])
def test_leads_and_generic_tables_verify_clean(k: int) -> None:
    leads = analyze_table(make_leads(900, seed=k, messy=True), k=k, exclude=["_segment"])
    generic = analyze_table(make_customers(), k=k, random_state=k)
    for res in (leads, generic):
        assert verify_table(res) == []
        for p in res.personas:
            for ev in p.evidence:
                rule = words.rule_of(ev.statistic, ev.thresholds)
                if rule is not None:  # every name word: level in the segment AND contrast with the table
                    assert rule.verdict(ev.value, ev.baseline or 0.0) == words.WORD
                    assert ev.claim in p.name


def test_verify_reports_a_false_name_word_a_wrong_number_and_a_false_mostly() -> None:
    res = analyze_table(make_leads(900, seed=2, messy=True), k=4, exclude=["_segment"])
    entries = copy.deepcopy(seed003.personas(res.segments, res.personas))
    a, b = entries[0], entries[-1]
    named = next(e for e in a["evidence"] if e["statistic"] == "value_share")
    b["persona_name"] = a["persona_name"].split(" [")[0] + " [" + b["persona_name"].split(" [")[1]
    b["evidence"] = [{**named, "segment_id": b["cluster_id"]}]
    a["cluster_percentage"] += 2.0
    a["narrative"] = a["narrative"].replace("Most often reached through", "Mostly reached through")
    a["narrative"] = a["narrative"].split(" (")[0] + ". Mostly reached through Nowhere and Else."
    found = verify_table_personas(entries, res.labels, res.prepared, res.outcome, res.titles)
    wheres = " | ".join(m.where for m in found)
    assert any(m.kind == "word" and m.claim == named["claim"] for m in found), wheres
    assert "cluster_percentage" in wheres
    assert any("Mostly reached" in m.claim for m in found), wheres


def test_cli_verifies_a_leads_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "leads.csv"
    make_leads(600, seed=5, messy=True).to_csv(src, index=False)
    out = tmp_path / "out"
    analyze_file(src, k=3, exclude=["_segment"], out_dir=out)
    assert verify_table_dir(out) == []
    assert run(["verify", str(out)]) == 0
    personas = json.loads((out / "personas.json").read_text())
    personas[0]["cluster_size"] += 1
    (out / "personas.json").write_text(json.dumps(personas))
    assert run(["verify", str(out)]) == 1
    assert "cluster_size" in capsys.readouterr().out
