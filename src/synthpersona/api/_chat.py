"""Persona chat and stored conversations."""

from __future__ import annotations

from functools import partial
from typing import Any

import anyio
from fastapi import APIRouter, Depends, Path, Response
from fastapi.responses import JSONResponse

from synthpersona.api._deps import get_chat_service, get_run_service, get_store
from synthpersona.api._schemas import (
    ChatRequest,
    ChatResponse,
    ConversationResponse,
    FocusGroupRequest,
    FocusGroupResponse,
)
from synthpersona.api._tenancy import get_tenant
from synthpersona.errors import InputError
from synthpersona.store import Store
from synthpersona.usecases import chat as chat_uc
from synthpersona.usecases.chat import ChatService
from synthpersona.usecases.service import RunService

router = APIRouter(tags=["chat"])


@router.post("/personas/{persona_id}/chat", response_model=ChatResponse, summary="Chat with a persona")
async def chat(
    body: ChatRequest,
    persona_id: str = Path(..., min_length=1, max_length=200, description="e.g. dyn_1_0"),
    service: ChatService = Depends(get_chat_service),
    tenant: str = Depends(get_tenant),
) -> JSONResponse:
    """The persona answers in character; the exchange is stored under ``conversation_id``.

    Send the returned ``conversation_id`` to continue the conversation (the server
    keeps the history), or, as in seed 000, send ``conversation_history`` yourself.
    ``engine`` says who answered: ``offline``, ``llm`` or ``offline-fallback``.
    """
    if body.persona_id is not None and body.persona_id != persona_id:
        raise InputError(
            f"persona_id in the body ({body.persona_id!r}) differs from the path ({persona_id!r}); "
            "send the same id or leave it out of the body.",
            details={"path": persona_id, "body": body.persona_id},
        )
    result = await service.achat(
        persona_id,
        body.message,
        run_id=body.run_id,
        cluster_id=body.cluster_id,
        conversation_id=body.conversation_id,
        conversation_history=[t.model_dump() for t in body.conversation_history],
        tenant=tenant,
    )
    # returned as a ready response: the dict is already in the documented shape, and skipping
    # FastAPI's re-validation is a large share of this hot endpoint's time
    return JSONResponse(result.to_dict())


@router.get(
    "/conversations/{conversation_id}", response_model=ConversationResponse, summary="A stored conversation"
)
async def get_conversation(
    conversation_id: str = Path(..., min_length=1, max_length=64),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    conv = await anyio.to_thread.run_sync(partial(store.get_conversation, conversation_id, tenant=tenant))
    return {**conv, "persona_name": conv["persona"].get("persona_name")}


@router.delete("/conversations/{conversation_id}", status_code=204, summary="Delete a stored conversation")
async def delete_conversation(
    conversation_id: str = Path(..., min_length=1, max_length=64),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> Response:
    await anyio.to_thread.run_sync(partial(store.delete_conversation, conversation_id, tenant=tenant))
    return Response(status_code=204)


@router.post(
    "/runs/{run_id}/focus-group",
    response_model=FocusGroupResponse,
    summary="Ask every persona of a run one question",
)
async def focus_group(
    body: FocusGroupRequest,
    run_id: str = Path(..., min_length=1, max_length=128),
    runs: RunService = Depends(get_run_service),
    service: ChatService = Depends(get_chat_service),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    """A focus group: each persona of the run answers in a fresh conversation, with its stance.

    ``stances`` counts the answers by stance (positive, neutral, negative, none): the basis
    for a concept test. Nothing is stored.
    """
    run = await anyio.to_thread.run_sync(partial(runs.get_run, run_id, tenant=tenant))
    result = await chat_uc.afocus_group(
        chat_uc.personas_of_run(run), body.question, engine=service.engine, run_id=run_id
    )
    return result.to_dict()
