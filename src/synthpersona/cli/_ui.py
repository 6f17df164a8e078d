"""``synthpersona ui``: start the web UI (Streamlit) on the packaged app."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the ``ui`` command to ``app``."""

    @app.command("ui")
    def ui(
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 for all)."),
        port: int = typer.Option(8501, "--port", help="Port to listen on."),
    ) -> None:
        """Start the web UI in the browser: goal → segments, personas and chat, leads, simulation,
        role-play. Usage statistics are off; data stays on this machine."""
        from synthpersona.ui import launch

        code = launch(host, port)
        if code not in (0, 130):
            raise typer.Exit(code)
