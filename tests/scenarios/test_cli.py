"""``synthpersona scenario persona|prompt|template``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from synthpersona.cli._app import run
from synthpersona.examples import EXAMPLES_DIR

EXAMPLES = EXAMPLES_DIR / "scenarios"


def test_persona_json_and_prompt(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    tpl = str(EXAMPLES / "maternity_inquiry.json")
    assert (
        run(["scenario", "persona", "--template", tpl, "--mode", "assess_mode", "--seed", "3", "--json"]) == 0
    )
    persona = json.loads(capsys.readouterr().out)
    assert persona["archetype"] == "HELP_SEEKING" and persona["generation_metadata"]["random_state"] == 3
    out = tmp_path / "prompt.txt"
    assert run(["scenario", "prompt", "--template", tpl, "--seed", "3", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("# Your character") and out.read_text().strip() == printed.strip()
    assert persona["name"] in printed


def test_persona_table_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(
            [
                "scenario",
                "persona",
                "-t",
                str(EXAMPLES / "dei_training.yaml"),
                "--seed",
                "1",
                "--gender",
                "Male",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    # the archetype in the plain words a trainer reads, not its key
    assert "incident_context" in out and "Male" in out
    assert "a difficult conversation about a grievance" in out and "CONFRONTATION" not in out


def test_template_from_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "scenario.txt"
    doc.write_text(
        "Showroom visit\nA 38-year-old father from Jaipur visits a car showroom to compare SUVs. "
        "You are a sales consultant."
    )
    out = tmp_path / "t.json"
    assert run(["scenario", "template", "--from-text", str(doc), "--out", str(out), "--id", "suv"]) == 0
    tpl = json.loads(out.read_text())
    assert (
        tpl["template_id"] == "suv"
        and tpl["persona_definitions"]["assess_mode_ai_bot"]["location"] == "Jaipur"
    )
    assert run(["scenario", "persona", "-t", str(out), "--seed", "2", "--json"]) == 0
    capsys.readouterr()


def test_cli_errors_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(["scenario", "persona", "--template", str(tmp_path / "none.json")]) == 5
    assert capsys.readouterr().err.count("\n") == 1
    assert run(["scenario", "persona", "-t", str(EXAMPLES / "pharma_sales.json"), "--mode", "asses"]) == 2
    assert "assess_mode" in capsys.readouterr().err
    assert run(["scenario", "persona", "-t", str(EXAMPLES / "pharma_sales.json"), "--engine", "llm"]) == 2
    assert "SYNTHPERSONA_LLM_BASE_URL" in capsys.readouterr().err


def test_facts_of_a_free_text_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        "Loan counter. You are a loan officer in Indore. Smt. Geeta Yadav, 47, a tailor and mother of "
        "two, wants a loan of 2 lakh rupees. She is nervous and not fluent in English."
    )
    assert run(["scenario", "facts", text, "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts["name"] == "Smt. Geeta Yadav" and facts["learner"] == "loan officer"
    assert (facts["age"], facts["children"], facts["channel"]) == (47, 2, "in_person")
    assert facts["not_fluent"] == ["English"] and any("2 lakh" in m for m in facts["money"])
    assert run(["scenario", "facts", text]) == 0
    assert "Smt. Geeta Yadav" in capsys.readouterr().out


def test_score_a_transcript(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    talk = [
        {"role": "persona", "message": "My claim was rejected and nobody tells me why!"},
        {"role": "user", "message": "I understand how upsetting this is. Can you tell me the claim number?"},
        {"role": "persona", "message": "It is 4471. I paid from my savings."},
        {
            "role": "user",
            "message": "The claim was rejected because a bill was missing. I will call you by 5 pm.",
        },
    ]
    path = tmp_path / "talk.json"
    path.write_text(json.dumps(talk))
    assert (
        run(["scenario", "score", str(path), "--archetype", "confrontation", "--engine", "offline", "--json"])
        == 0
    )
    score = json.loads(capsys.readouterr().out)
    assert score["archetype"] == "CONFRONTATION" and 0 <= score["overall"] <= 100
    quotes = [q for c in score["criteria"] for q in c["evidence"]]
    assert quotes and all(any(q in t["message"] for t in talk if t["role"] == "user") for q in quotes)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert run(["scenario", "score", str(bad), "--archetype", "confrontation"]) != 0
    assert "not JSON" in capsys.readouterr().err


def test_persona_from_reviewed_facts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A trainer corrects the extracted facts; the persona follows the corrected file."""
    text = (
        "Loan counter. You are a loan officer in Indore. Smt. Geeta Yadav, 47, a tailor and mother of "
        "two, wants a loan of 2 lakh rupees. She is nervous."
    )
    doc, tpl, facts = tmp_path / "s.txt", tmp_path / "t.json", tmp_path / "facts.json"
    doc.write_text(text)
    assert run(["scenario", "template", "--from-text", str(doc), "--out", str(tpl)]) == 0
    assert run(["scenario", "facts", str(doc), "--out", str(facts), "--json"]) == 0
    capsys.readouterr()
    reviewed = json.loads(facts.read_text())
    assert reviewed["age"] == 47
    reviewed["age"], reviewed["city"] = 52, "Bhopal"
    facts.write_text(json.dumps(reviewed))
    args = ["scenario", "persona", "-t", str(tpl), "--seed", "4", "--engine", "offline", "--json"]
    assert run([*args, "--facts", str(facts)]) == 0
    persona = json.loads(capsys.readouterr().out)
    assert persona["age"] == 52 and "Bhopal" in json.dumps(persona)
    facts.write_text(json.dumps({**reviewed, "age": "old"}))
    assert run([*args, "--facts", str(facts)]) != 0
    err = capsys.readouterr().err.strip()
    assert "age" in err and len(err.splitlines()) == 1


def test_trainee_progress_over_sessions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    weak = [
        {"role": "persona", "message": "My claim was rejected and nobody tells me why!"},
        {"role": "user", "message": "That is the policy."},
    ]
    strong = [
        {"role": "persona", "message": "My claim was rejected and nobody tells me why!"},
        {
            "role": "user",
            "message": "I understand how upsetting this is, and I'm sorry. What is the claim number?",
        },
        {"role": "persona", "message": "It is 4471."},
        {
            "role": "user",
            "message": "It was rejected because a bill was missing. I will call you by 5 pm today.",
        },
    ]
    scores = []
    for i, talk in enumerate((weak, strong)):
        path = tmp_path / f"talk{i}.json"
        path.write_text(json.dumps(talk))
        cmd = ["scenario", "score", str(path), "--archetype", "confrontation", "--engine", "offline"]
        assert run([*cmd, "--trainee", "asha-01", "--json"]) == 0
        scores.append(json.loads(capsys.readouterr().out)["overall"])
    assert run(["scenario", "progress", "asha-01", "--json"]) == 0
    progress = json.loads(capsys.readouterr().out)
    assert [s["overall"] for s in progress["sessions"]] == scores
    assert progress["overall_change"] == round(scores[1] - scores[0], 1) and scores[1] > scores[0]
    assert run(["scenario", "progress", "asha-01"]) == 0
    assert "2 sessions" in capsys.readouterr().out
    assert run(["scenario", "progress", "nobody"]) == 0
    assert "No scored role-plays" in capsys.readouterr().out


def test_cli_and_web_ui_offer_the_scenario_registries() -> None:
    import typer

    from synthpersona.cli._app import load_commands
    from synthpersona.scenarios import GENDERS, Archetype, Mode
    from synthpersona.ui.views import roleplay

    group = typer.main.get_command(load_commands()).commands["scenario"]  # type: ignore[attr-defined]

    def help_of(command: str, option: str) -> str:
        return next(p.help for p in group.commands[command].params if p.name == option)

    assert all(g in help_of("persona", "gender") for g in GENDERS)
    assert all(a.value in help_of("score", "archetype") for a in Archetype)
    assert set(roleplay._GENDERS) == {"any", *GENDERS}  # Non-binary too (the UI offered two)
    assert set(roleplay._MODES) == {m.value for m in Mode} and roleplay._MODES[0] == Mode.ASSESS.value
