"""``synthpersona ui``: start the web UI (Streamlit) on the packaged app."""

from __future__ import annotations

from typing import Annotated

import typer

Host = Annotated[str, typer.Option("--host", help="Address to listen on (0.0.0.0 for all).")]
Port = Annotated[int, typer.Option("--port", help="Port to listen on.")]


def register(app: typer.Typer) -> None:
    """Add the ``ui`` command to ``app``."""
    app.command("ui")(ui_cmd)


def ui_cmd(host: Host = "127.0.0.1", port: Port = 8501) -> None:
    """Start the web UI in the browser: goal → segments, personas and chat, leads, simulation,
    role-play. Usage statistics are off; data stays on this machine."""
    from synthpersona.ui import launch

    code = launch(host, port)
    if code not in (0, 130):
        raise typer.Exit(code)
