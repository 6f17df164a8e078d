"""FastAPI dependencies: the app's settings, state store and services, from ``app.state``."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from fastapi import Request

from synthpersona.config import Settings
from synthpersona.store import Store

if TYPE_CHECKING:
    from synthpersona.usecases.chat import ChatService
    from synthpersona.usecases.service import RunService

__all__ = ["get_chat_service", "get_run_service", "get_settings", "get_store"]


def get_settings(request: Request) -> Settings:
    """The :class:`~synthpersona.config.Settings` the app was created with."""
    return cast(Settings, request.app.state.settings)


def get_store(request: Request) -> Store:
    """The app's :class:`~synthpersona.store.Store` (opened at startup, migrations applied)."""
    return cast(Store, request.app.state.store)


async def get_run_service(request: Request) -> RunService:
    """Goal → clusters → personas runs with caching and storage.

    ``async`` because FastAPI runs a plain ``def`` dependency in its thread pool: a thread
    hand-off per request for an attribute read (a measurable share of a chat request).
    """
    return cast("RunService", request.app.state.runs)


async def get_chat_service(request: Request) -> ChatService:
    """Persona chat with stored conversations and engine selection (``async``: no thread hand-off)."""
    return cast("ChatService", request.app.state.chat)
