"""`synthpersona chat`: one persona, or all personas of a run as a focus group."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from synthpersona.chat._offer import budget
from synthpersona.chat._persona import PersonaView
from synthpersona.cli._app import run

PERSONAS = Path(__file__).resolve().parents[1] / "chat" / "data" / "personas.json"


def test_chat_all_is_a_focus_group_with_stances(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["chat", "Would you pay ₹30,000 for a phone?", "--personas", str(PERSONAS), "--all", "--json"])
    assert code == 0
    body = json.loads(capsys.readouterr().out)
    personas = json.loads(PERSONAS.read_text("utf-8"))
    assert len(body["answers"]) == len(personas) and sum(body["stances"].values()) == len(personas)
    stance = {
        "comfortable": "positive",
        "stretch": "neutral",
        "emi_only": "neutral",
        "out_of_reach": "negative",
    }
    for a, p in zip(body["answers"], personas, strict=True):
        assert a["stance"] == stance[budget(PersonaView.from_dict(p)).verdict(30000)]


def test_chat_one_persona_and_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(["chat", "What is your monthly income?", "--personas", str(PERSONAS), "--persona", "dyn_2_0"])
        == 0
    )
    assert "₹" in capsys.readouterr().out
    assert run(["chat", "Do you use EMI?", "--personas", str(PERSONAS), "--all"]) == 0
    assert "Focus group" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--all"], "--goal"),
        (["--personas", str(PERSONAS)], "--persona ID"),
        (["--personas", str(PERSONAS), "--persona", "dyn_9_9"], "No persona 'dyn_9_9'"),
        (["--personas", "/nonexistent.json", "--all"], "not a readable JSON file"),
    ],
)
def test_chat_errors_are_one_line(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["chat", "hi", *args]) != 0
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_chat_asks_the_configured_llm(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from support.fake_llm import FakeLLM, reply

    with FakeLLM() as llm:
        monkeypatch.setenv("SYNTHPERSONA_LLM_BASE_URL", llm.base_url)
        monkeypatch.setenv("SYNTHPERSONA_LLM_MODEL", "fake-model")
        llm.script(reply("I mostly shop on Flipkart."))
        args = ["chat", "Where do you shop?", "--personas", str(PERSONAS), "--persona", "dyn_2_0", "--json"]
        assert run(args) == 0
        answer = json.loads(capsys.readouterr().out)
        # Before, the CLI never passed the settings: the offline engine answered although an LLM was set.
        assert answer["engine"] == "llm" and answer["response"] == "I mostly shop on Flipkart."
        assert len(llm.chat_requests) == 1
