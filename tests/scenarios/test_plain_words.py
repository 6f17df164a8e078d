"""Texts a trainer reads name archetypes in plain words from one vocabulary, never by their keys."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from synthpersona.cli._app import run
from synthpersona.cli._scenario import _render_persona
from synthpersona.scenarios import Archetype, ScenarioTemplate, archetype_label, score_transcript
from synthpersona.scenarios._templates import ArchetypeInfo
from synthpersona.usecases import scenarios as uc

KEYS = [a.value for a in Archetype]
RAW = re.compile(r"\b(?:" + "|".join(KEYS) + r")\b|\bprior\b|\(z [+-]")


def test_every_archetype_has_its_own_plain_label() -> None:
    labels = [archetype_label(k) for k in KEYS]
    assert len(set(labels)) == len(KEYS)
    assert not any(RAW.search(label) or "_" in label for label in labels)


@pytest.mark.parametrize("key", KEYS)
def test_reasons_prompt_and_cli_view_never_show_a_raw_key(
    templates: dict[str, ScenarioTemplate], key: str
) -> None:
    tpl = templates["salary_negotiation"].model_copy(deep=True)
    tpl.archetype_classification = ArchetypeInfo(primary_archetype=key)
    res = uc.generate_prompt(tpl, "assess_mode", random_state=0, engine="offline")
    reasons = res.persona.generation_metadata["category_reasons"]
    assert reasons and all(reasons.values())
    out = io.StringIO()
    _render_persona(res.persona, Console(file=out, width=200))
    for text in (*reasons.values(), res.system_prompt, out.getvalue()):
        assert not RAW.search(text), text
    assert archetype_label(key) in out.getvalue()


def test_score_and_progress_outputs_use_the_plain_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    talk = [
        {"role": "persona", "message": "Why should I pay more than the other quote?"},
        {"role": "user", "message": "What matters most to you in this deal? I can send terms by Friday."},
    ]
    path = tmp_path / "talk.json"
    path.write_text(json.dumps(talk))
    for key in ("negotiation", "persuasion"):
        args = ["scenario", "score", str(path), "--archetype", key, "--engine", "offline", "--trainee", "t1"]
        assert run(args) == 0
    assert run(["scenario", "progress", "t1"]) == 0
    shown = capsys.readouterr().out
    assert archetype_label("NEGOTIATION") in shown and archetype_label("PERSUASION") in shown
    assert not RAW.search(shown), shown
    criteria = score_transcript(talk, "NEGOTIATION").to_dict()["criteria"]
    assert not RAW.search(json.dumps(criteria))
