"""``synthpersona serve``: run the REST API with uvicorn."""

from __future__ import annotations

import os
from typing import Any

import typer

from synthpersona.errors import InputError


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to ``app``."""

    @app.command("serve")
    def serve(
        host: str = typer.Option(
            "127.0.0.1", "--host", help="Address to listen on (0.0.0.0 for all interfaces)."
        ),
        port: int = typer.Option(8000, "--port", help="Port to listen on."),
        workers: int = typer.Option(
            1, "--workers", help="Worker processes (each opens the store and population)."
        ),
        log_level: str = typer.Option("info", "--log-level", help="debug, info, warning or error."),
    ) -> None:
        """Start the REST API: goal → clusters → personas, persona chat, stored runs (docs at /docs).

        Settings come from SYNTHPERSONA_* variables: DATABASE_URL (PostgreSQL for several
        machines), API_KEY (require X-API-Key), CORS_ORIGINS, LLM_BASE_URL / LLM_MODEL /
        LLM_API_KEY (LLM chat), HOME (data directory).
        """
        from synthpersona._extras import load

        uvicorn = load("uvicorn", "api")
        from synthpersona.api import configure_logging, create_app
        from synthpersona.config import get_settings

        levels = ("debug", "info", "warning", "error")
        if log_level.lower() not in levels:
            raise InputError(f"--log-level {log_level!r} is not one of {', '.join(levels)}.")
        if not 1 <= port <= 65535:
            raise InputError(f"--port {port} is outside 1-65535.")
        if workers < 1:
            raise InputError(f"--workers must be >= 1, got {workers}.")
        # worker processes read their settings (log level included) from the environment
        os.environ["SYNTHPERSONA_LOG_LEVEL"] = log_level.lower()
        settings = get_settings()
        secrets = [s.get_secret_value() for s in (settings.api_key, settings.llm_api_key) if s is not None]
        configure_logging(log_level, secrets)
        # fail fast (bad database URL, unreachable PostgreSQL) before uvicorn starts
        application = create_app(settings)
        shown = "localhost" if host in ("0.0.0.0", "::") else host
        typer.echo(f"synthpersona API on http://{shown}:{port}  (docs: http://{shown}:{port}/docs)", err=True)
        typer.echo(f"state store: {application.state.store.safe_url}", err=True)  # the operator's console
        common: dict[str, Any] = {
            "host": host,
            "port": port,
            "log_level": log_level.lower(),
            "access_log": False,
            "log_config": None,
            "timeout_graceful_shutdown": 10,
        }
        if workers == 1:
            uvicorn.run(application, **common)
        else:
            application.state.store.close()
            # a worker loads the population and models at start; on a busy machine that takes longer
            # than uvicorn's default 5 s health check, which would restart workers forever
            uvicorn.run(
                "synthpersona.api:app_factory",
                factory=True,
                workers=workers,
                timeout_worker_healthcheck=120,
                **common,
            )
