"""Chat glue for the UI: a reply (stored as a conversation), a stored conversation, a focus group."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["ChatReply", "ask_focus_group", "load_conversation", "send_message"]


@dataclass(frozen=True)
class ChatReply:
    """A persona's answer, the engine that produced it and the conversation it is stored in."""

    response: str
    engine: str
    conversation_id: str | None = None


def send_message(
    persona: dict[str, Any],
    message: str,
    history: list[dict[str, Any]],
    conversation_id: str | None = None,
    run_id: str | None = None,
) -> ChatReply:
    """Ask ``persona`` (seed-000 persona dict) to answer ``message`` given the ``history`` so far.

    ``history`` holds ``{"role": "user"|"persona", "message": str}`` turns, oldest first. The
    exchange is appended to the stored conversation ``conversation_id`` (a new one when ``None``),
    so the page's link brings it back.
    """
    from synthpersona.ui._persist import store
    from synthpersona.usecases import chat

    turns = [{"role": t["role"], "message": t["message"]} for t in history]
    result = chat.reply(persona, message, history=turns)
    data = result if isinstance(result, dict) else result.to_dict()
    response, engine = str(data["response"]), str(data.get("engine", "offline"))
    exchange = [
        {"role": "user", "message": message},
        {"role": "persona", "message": response, "engine": engine},
    ]
    stored = store().add_messages(
        conversation_id,
        exchange if conversation_id else [*turns, *exchange],
        persona=None if conversation_id else persona,
        run_id=run_id,
    )
    return ChatReply(response=response, engine=engine, conversation_id=stored)


def load_conversation(conversation_id: str) -> dict[str, Any]:
    """A stored conversation: ``persona_id``, ``run_id``, ``persona`` and ``messages`` (oldest first)."""
    from synthpersona.ui._persist import store

    conv = store().get_conversation(conversation_id)
    conv["messages"] = [
        {k: v for k, v in m.items() if k in ("role", "message", "engine") and v is not None}
        for m in conv["messages"]
    ]
    return conv


def ask_focus_group(run: dict[str, Any], question: str) -> dict[str, Any]:
    """Ask ``question`` to every persona of ``run``; answers, stances and the run id as a dict."""
    from synthpersona.usecases import chat

    result = chat.focus_group(chat.personas_of_run(run), question, run_id=str(run.get("run_id")))
    return result.to_dict()
