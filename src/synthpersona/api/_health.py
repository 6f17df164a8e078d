"""``GET /health``: liveness plus the state of the store and the LLM configuration."""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from synthpersona import __version__
from synthpersona.api._deps import get_settings, get_store
from synthpersona.api._schemas import HealthResponse
from synthpersona.config import Settings
from synthpersona.llm import LLMClient
from synthpersona.store import Store

router = APIRouter(tags=["service"])


@router.get("/", include_in_schema=False)
async def root() -> RedirectResponse:
    """The API's root sends a browser to the interactive docs (``make run`` prints this URL)."""
    return RedirectResponse("/docs", status_code=307)


@router.get("/health", response_model=HealthResponse, summary="Service health (always open)")
async def health(
    request: Request, settings: Settings = Depends(get_settings), store: Store = Depends(get_store)
) -> dict[str, Any]:
    """Version, population size, state-store and LLM status (no URLs or server paths: it is open).

    ``status`` is ``"ok"`` when the store answers, ``"degraded"`` otherwise; the
    LLM endpoint is not called (that would cost tokens) — only its configuration
    is reported.
    """
    store_info = await anyio.to_thread.run_sync(store.status)
    store_info.pop("url", None)  # unauthenticated: no database URL, host or server path
    llm: LLMClient | None = request.app.state.llm
    return {
        "status": "ok" if store_info["ok"] else "degraded",
        "version": __version__,
        "population_size": settings.population_size,
        "store": store_info,
        "llm": {
            "configured": llm is not None,
            "model": llm.model if llm else None,
        },
        "chat_engine": "llm" if llm is not None else "offline",
    }
