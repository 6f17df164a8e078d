"""``synthpersona ui``: the command, the shipped config (usage statistics off) and bad ports."""

from __future__ import annotations

import socket
import subprocess
import tomllib
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from synthpersona.cli import _ui
from synthpersona.ui import APP_PATH, CONFIG_PATH, _launch, streamlit_command, streamlit_flags


def _app() -> typer.Typer:
    app = typer.Typer()
    _ui.register(app)

    @app.command("noop")
    def _noop() -> None:  # a second command keeps `ui` a named subcommand
        pass

    return app


def test_shipped_config_turns_usage_statistics_off() -> None:
    config = tomllib.loads(CONFIG_PATH.read_text())
    assert config["browser"]["gatherUsageStats"] is False
    assert "--browser.gatherUsageStats=false" in streamlit_flags()


def test_command_runs_the_packaged_app_on_the_given_address() -> None:
    cmd = streamlit_command("0.0.0.0", 8765)
    assert cmd[1:4] == ["-m", "streamlit", "run"] and cmd[4] == str(APP_PATH) and APP_PATH.exists()
    assert "--server.address=0.0.0.0" in cmd and "--server.port=8765" in cmd
    assert "--server.headless=true" in cmd


def test_cli_starts_streamlit_without_usage_stats(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    class FakePopen:
        def __init__(self, cmd: list[str], env: dict[str, str]) -> None:
            seen["cmd"], seen["env"] = cmd, env

        def wait(self, timeout: float | None = None) -> int:
            return 0

    monkeypatch.setattr(_launch.subprocess, "Popen", FakePopen)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = CliRunner().invoke(_app(), ["ui", "--port", str(port)])
    assert result.exit_code == 0, result.output
    assert f"http://localhost:{port}" in result.output
    assert f"--server.port={port}" in seen["cmd"]
    assert seen["env"]["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] == "false"


def test_port_in_use_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_launch.subprocess, "Popen", lambda *a, **k: pytest.fail("must not start"))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(_app(), ["ui", "--port", str(port)])
    assert result.exit_code != 0
    assert "already in use" in str(result.exception)


@pytest.mark.parametrize("port", [0, 70000])
def test_port_out_of_range(port: int) -> None:
    from synthpersona.errors import InputError

    with pytest.raises(InputError, match="between 1 and 65535"):
        _launch.launch("127.0.0.1", port)


def test_python_m_entry_reports_errors_in_one_line() -> None:
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "synthpersona.ui", "--port", "0"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("error: --port must be between 1 and 65535")
    assert "Traceback" not in proc.stderr
