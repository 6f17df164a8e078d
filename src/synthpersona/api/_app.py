"""The FastAPI application factory."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi

from synthpersona import __version__
from synthpersona.api import _behaviour, _datasets, _health, _scenarios, _simulations, _trust
from synthpersona.api._errors import install_error_handlers
from synthpersona.api._guard import TextGuardMiddleware
from synthpersona.api._middleware import AccessLogMiddleware, ApiKeyMiddleware, BodyLimitMiddleware
from synthpersona.api._schemas import ErrorResponse
from synthpersona.api._tenancy import api_keys
from synthpersona.config import Settings, get_settings
from synthpersona.llm import LLMClient
from synthpersona.store import Store

__all__ = ["app_factory", "create_app"]

log = logging.getLogger("synthpersona.api")

_DESCRIPTION = """
Data-grounded user segments and personas from a plain business goal, and chat with them.

1. `POST /clusters/generate` with a goal → clusters and a `run_id` (stored; identical requests are cached).
2. `POST /personas/{cluster_id}` with that `run_id` (or the goal) → the cluster's personas.
3. `POST /personas/{persona_id}/chat` → the persona answers in character; keep `conversation_id` to continue.

Every error body is `{"error": {"code", "message", "details"}}`. When the server sets
`SYNTHPERSONA_API_KEY`, send it as `X-API-Key` (``/health`` and the docs stay open).
"""

_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "The body could not be read (bad Content-Length or form)"},
    413: {"model": ErrorResponse, "description": "Body over SYNTHPERSONA_MAX_JSON_BYTES / MAX_BODY_BYTES"},
    404: {"model": ErrorResponse, "description": "Unknown run, cluster, persona or conversation"},
    422: {"model": ErrorResponse, "description": "Invalid input, or a goal that matches nobody"},
}


_NO_TELEMETRY: Any = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
    "auto_configure": False,
}


def create_app(
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    llm: LLMClient | bool | None = True,
    goal_runner: Callable[..., Any] | None = None,
) -> FastAPI:
    """Build the REST API.

    Parameters
    ----------
    settings
        Runtime settings; read from the environment when omitted.
    store
        State store; opened from ``settings`` (migrations applied) when omitted.
    llm
        ``True`` builds the LLM client from ``settings`` (``None`` when not
        configured); pass a client or ``None`` to override.
    goal_runner
        The goal → clusters → personas function; defaults to
        :func:`synthpersona.usecases.goals.run_goal`. Tests inject doubles here.

    Examples
    --------
    >>> from fastapi.testclient import TestClient  # doctest: +SKIP
    >>> client = TestClient(create_app(Settings()))  # doctest: +SKIP
    >>> client.get("/health").json()["status"]  # doctest: +SKIP
    'ok'
    """
    from synthpersona.usecases.chat import ChatService
    from synthpersona.usecases.jobs import Jobs
    from synthpersona.usecases.service import RunService

    settings = settings or get_settings()
    store = store or Store.from_settings(settings)
    client = LLMClient.from_settings(settings) if llm is True else (llm or None)
    runs = RunService(store, runner=goal_runner, settings=settings)
    chat = ChatService(store, llm=client, protect=runs.protect_stored)
    jobs = Jobs(
        store,
        threads=settings.job_threads,
        timeout_s=settings.job_timeout_s,
        memory_mb=settings.job_memory_mb,
        isolation=settings.job_isolation,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Everything imported so far lives as long as the process: moving it out of the garbage
        # collector's view keeps full collections (otherwise ~100 ms pauses) cheap under load.
        try:  # uploads cut by a crash; never a reason not to start
            await anyio.to_thread.run_sync(_datasets.sweep_orphans, settings, store)
        except Exception as exc:
            log.warning("orphan sweep failed", extra={"event": "orphans_error", "error": type(exc).__name__})
        stop_sweeper = _datasets.start_sweeper(settings, store)
        gc.collect()
        gc.freeze()
        log.info(
            "service started",
            extra={
                "event": "startup",
                "store": store.safe_url,
                "llm_configured": client is not None,
                "api_key_required": bool(keys),
            },
        )
        yield
        stop_sweeper()
        jobs.close()
        runs.shutdown()
        chat.close()

    app = FastAPI(
        title="synthpersona API",
        version=__version__,
        description=_DESCRIPTION,
        lifespan=lifespan,
        responses=_ERROR_RESPONSES,
        # Data stays local: FastAPI's built-in OpenTelemetry instrumentation is switched off
        # entirely (no spans, metrics or logs, and no exporters from the environment).
        telemetry=_NO_TELEMETRY,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.llm = client
    app.state.runs = runs
    app.state.chat = chat
    app.state.jobs = jobs

    install_error_handlers(app)
    from synthpersona.api import _chat, _jobs, _runs

    app.include_router(_health.router)
    app.include_router(_runs.router)
    app.include_router(_chat.router)
    for module in (_datasets, _jobs, _simulations, _behaviour, _scenarios, _trust):
        app.include_router(module.router)

    # Middleware run outermost-last-added: access log → CORS → API key → body limit → text guard → app.
    app.add_middleware(TextGuardMiddleware)
    app.add_middleware(
        BodyLimitMiddleware, max_bytes=settings.max_body_bytes, max_json_bytes=settings.max_json_bytes
    )
    keys = api_keys(settings)
    if keys:
        app.add_middleware(ApiKeyMiddleware, keys=keys)
        _document_api_key(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "DELETE", "OPTIONS"],
            allow_headers=["Content-Type", "X-API-Key", "Authorization", "X-Request-ID"],
            expose_headers=["X-Request-ID"],
        )
    app.add_middleware(AccessLogMiddleware)
    return app


def _document_api_key(app: FastAPI) -> None:
    """Declare the X-API-Key scheme in the OpenAPI schema so /docs can send it."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        schema.setdefault("components", {}).setdefault("securitySchemes", {})["ApiKey"] = {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-Key",
        }
        for path, ops in schema.get("paths", {}).items():
            if path == "/health":
                continue
            for method, op in ops.items():
                if isinstance(op, dict):
                    op["security"] = [{"ApiKey": []}]
                    err = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
                    op.setdefault("responses", {})["401"] = {
                        "description": "Missing or invalid API key",
                        "content": err,
                    }
                    if method not in ("get", "head"):
                        op["responses"]["403"] = {
                            "description": "A read-only key used to write",
                            "content": err,
                        }
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def app_factory() -> FastAPI:
    """Entry point for ``uvicorn --factory synthpersona.api:app_factory`` (settings from the environment).

    Each of uvicorn's worker processes starts fresh (nothing configured in the parent is
    inherited), so the JSON logs, access lines and secret scrubbing are installed here.
    """
    from synthpersona.api._logging import configure_logging

    settings = get_settings()
    secrets = [s.get_secret_value() for s in (settings.api_key, settings.llm_api_key) if s is not None]
    configure_logging(settings.log_level, secrets)
    return create_app(settings)
