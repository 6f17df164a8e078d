"""The CLI shell: lazy command groups, usage errors, version."""

from __future__ import annotations

import pytest

from synthpersona.cli._app import COMMANDS, run


def test_every_listed_command_is_what_its_module_registers() -> None:
    from synthpersona.cli import app

    names = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    assert names == set(COMMANDS)


def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["no-such-command"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: No such command") and len(err.splitlines()) == 1
    assert run(["segment"]) == 2
    err = capsys.readouterr().err.strip()
    assert "--goal" in err and len(err.splitlines()) == 1


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--version"]) == 0
    assert capsys.readouterr().out.startswith("synthpersona ")
