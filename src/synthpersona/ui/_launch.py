"""Build and run the ``streamlit run`` command for the packaged app."""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

from synthpersona.errors import ConfigError, ConflictError, InputError

__all__ = ["APP_PATH", "CONFIG_PATH", "launch", "streamlit_command", "streamlit_flags"]

APP_PATH = Path(__file__).with_name("app.py")
CONFIG_PATH = Path(__file__).with_name("streamlit_config.toml")


def _flag_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def streamlit_flags(config_path: Path = CONFIG_PATH) -> list[str]:
    """Turn the shipped Streamlit config file into ``--section.key=value`` flags.

    Passing the configuration as flags makes it apply whatever the working directory
    (Streamlit only reads ``.streamlit/config.toml`` from the current directory).

    Examples
    --------
    >>> "--browser.gatherUsageStats=false" in streamlit_flags()
    True
    """
    try:
        config = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"cannot read the UI's Streamlit config {str(config_path)!r}: {exc}; reinstall synthpersona",
            details={"path": str(config_path)},
        ) from exc
    flags: list[str] = []
    for section, values in config.items():
        for key, value in values.items():
            flags.append(f"--{section}.{key}={_flag_value(value)}")
    # Usage statistics stay off even if someone edits the shipped file.
    flags = [f for f in flags if not f.startswith("--browser.gatherUsageStats=")]
    flags.append("--browser.gatherUsageStats=false")
    return flags


def _check_port(host: str, port: int) -> None:
    if not 1 <= port <= 65535:
        raise InputError(f"--port must be between 1 and 65535, got {port}", details={"port": port})
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except socket.gaierror as exc:
            raise InputError(
                f"--host {host!r} is not a valid address here: {exc.strerror}; try 127.0.0.1 or 0.0.0.0",
                details={"host": host},
            ) from exc
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ConflictError(
                    f"port {port} on {host} is already in use; pass another one with --port",
                    details={"host": host, "port": port},
                ) from exc
            raise InputError(
                f"cannot listen on {host}:{port}: {exc.strerror}; pick another --host/--port",
                details={"host": host, "port": port},
            ) from exc


def streamlit_command(host: str = "127.0.0.1", port: int = 8501) -> list[str]:
    """Return the command line that starts the web UI on ``host:port``.

    Examples
    --------
    >>> cmd = streamlit_command(port=8600)
    >>> cmd[1:4] == ["-m", "streamlit", "run"] and "--server.port=8600" in cmd
    True
    """
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_PATH),
        *streamlit_flags(),
        f"--server.address={host}",
        f"--server.port={port}",
    ]


def launch(host: str = "127.0.0.1", port: int = 8501, *, check_port: bool = True) -> int:
    """Start the web UI in a child process and wait for it; return its exit code.

    Raises
    ------
    InputError
        When the port is out of range or the host is invalid.
    ConflictError
        When the port is already in use.
    """
    from synthpersona._extras import require

    require("streamlit", "ui", load=False)  # imported by the child process
    if check_port:
        _check_port(host, port)
    env = dict(os.environ)
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    shown = "localhost" if host in ("0.0.0.0", "::", "127.0.0.1") else host
    print(f"synthpersona web UI: http://{shown}:{port}  (Ctrl+C to stop)", flush=True)
    proc = subprocess.Popen(streamlit_command(host, port), env=env)

    def _forward(signum: int, _frame: object) -> None:
        # Stopping the launcher (e.g. `kill`, a process manager) must stop the server too.
        proc.send_signal(signum)

    previous = signal.signal(signal.SIGTERM, _forward)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
