"""Chat glue for the UI: one function the pages call to get a persona's reply."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["ChatReply", "send_message"]


@dataclass(frozen=True)
class ChatReply:
    """A persona's answer and the engine that produced it (offline, LLM or offline-fallback)."""

    response: str
    engine: str


def send_message(persona: dict[str, Any], message: str, history: list[dict[str, Any]]) -> ChatReply:
    """Ask ``persona`` (seed-000 persona dict) to answer ``message`` given the ``history`` so far.

    ``history`` holds ``{"role": "user"|"persona", "message": str}`` turns, oldest first.
    """
    from synthpersona.usecases import chat

    turns = [{"role": t["role"], "message": t["message"]} for t in history]
    result = chat.reply(persona, message, history=turns)
    data = result if isinstance(result, dict) else result.to_dict()
    return ChatReply(response=str(data["response"]), engine=str(data.get("engine", "offline")))
