"""``synthpersona serve``: run the REST API with uvicorn."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer

from synthpersona.errors import InputError

Host = Annotated[str, typer.Option("--host", help="Address to listen on (0.0.0.0 for all interfaces).")]
Port = Annotated[int, typer.Option("--port", help="Port to listen on.")]
Workers = Annotated[
    int, typer.Option("--workers", help="Worker processes (each opens the store and population).")
]
LogLevel = Annotated[str, typer.Option("--log-level", help="debug, info, warning or error.")]


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to ``app``."""
    app.command("serve")(serve_cmd)


def serve_cmd(
    host: Host = "127.0.0.1", port: Port = 8000, workers: Workers = 1, log_level: LogLevel = "info"
) -> None:
    """Start the REST API: goal → clusters → personas, persona chat, stored runs (docs at /docs).

    Settings come from SYNTHPERSONA_* variables: DATABASE_URL (PostgreSQL for several
    machines), API_KEY (require X-API-Key), CORS_ORIGINS, LLM_BASE_URL / LLM_MODEL /
    LLM_API_KEY (LLM chat), HOME (data directory).
    """
    from synthpersona._extras import load

    uvicorn = load("uvicorn", "api")
    _check_options(port, workers, log_level)
    application = _app(log_level)
    shown = "localhost" if host in ("0.0.0.0", "::") else host
    typer.echo(f"synthpersona API on http://{shown}:{port}  (docs: http://{shown}:{port}/docs)", err=True)
    typer.echo(f"state store: {application.state.store.safe_url}", err=True)  # the operator's console
    _run(uvicorn, application, host, port, workers, log_level)


def _check_options(port: int, workers: int, log_level: str) -> None:
    levels = ("debug", "info", "warning", "error")
    if log_level.lower() not in levels:
        raise InputError(f"--log-level {log_level!r} is not one of {', '.join(levels)}.")
    if not 1 <= port <= 65535:
        raise InputError(f"--port {port} is outside 1-65535.")
    if workers < 1:
        raise InputError(f"--workers must be >= 1, got {workers}.")


def _app(log_level: str) -> Any:
    """The API app, built now: a bad database URL or an unreachable PostgreSQL fails before uvicorn starts."""
    from synthpersona.api import configure_logging, create_app
    from synthpersona.config import get_settings

    # worker processes read their settings (log level included) from the environment
    os.environ["SYNTHPERSONA_LOG_LEVEL"] = log_level.lower()
    settings = get_settings()
    secrets = [s.get_secret_value() for s in (settings.api_key, settings.llm_api_key) if s is not None]
    configure_logging(log_level, secrets)
    return create_app(settings)


def _run(uvicorn: Any, application: Any, host: str, port: int, workers: int, log_level: str) -> None:
    """Serve ``application`` in this process, or ``workers`` processes that each build their own."""
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
        return
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
