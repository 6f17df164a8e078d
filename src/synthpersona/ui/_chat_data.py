"""Chat glue for the UI: a reply (stored as a conversation), a stored conversation, a focus group.

The evidence records behind each reply (the persona fields and figures it rests on, as the chat
engine returns them) are kept beside the conversation in a UI record of kind
:data:`EVIDENCE_KIND`, keyed by the reply's position, so a refresh shows them again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from synthpersona.usecases.tenants import DEFAULT_TENANT  # the UI is the default tenant

__all__ = [
    "EVIDENCE_KIND",
    "ChatReply",
    "ask_focus_group",
    "delete_conversation",
    "list_conversations",
    "load_conversation",
    "send_message",
]

EVIDENCE_KIND = "ui_chat_evidence"  # one per conversation: {"replies": {"<message index>": [record, ...]}}


@dataclass(frozen=True)
class ChatReply:
    """A persona's answer, the engine that produced it and the conversation it is stored in."""

    response: str
    engine: str
    conversation_id: str | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)


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
    from synthpersona.ui._persist import get_doc, put_doc, store
    from synthpersona.usecases import chat

    turns = [{"role": t["role"], "message": t["message"]} for t in history]
    result = chat.reply(persona, message, history=turns)
    data = result if isinstance(result, dict) else result.to_dict()
    response, engine = str(data["response"]), str(data.get("engine", "offline"))
    evidence = [dict(e) for e in data.get("evidence") or []]
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
    if evidence:
        doc = get_doc(EVIDENCE_KIND, stored) or {"replies": {}}
        doc["replies"][str(len(turns) + 1)] = evidence  # the reply follows the user's message
        put_doc(EVIDENCE_KIND, stored, doc)
    return ChatReply(response=response, engine=engine, conversation_id=stored, evidence=evidence)


def load_conversation(conversation_id: str) -> dict[str, Any]:
    """A stored conversation: ``persona_id``, ``run_id``, ``persona`` and ``messages`` (oldest first)."""
    from synthpersona.ui._persist import get_doc, store

    conv = store().get_conversation(conversation_id)
    evidence = (get_doc(EVIDENCE_KIND, conversation_id) or {}).get("replies") or {}
    conv["messages"] = [
        {k: v for k, v in m.items() if k in ("role", "message", "engine") and v is not None}
        | ({"evidence": evidence[str(i)]} if str(i) in evidence else {})
        for i, m in enumerate(conv["messages"])
    ]
    return conv


def list_conversations(limit: int = 200) -> list[dict[str, Any]]:
    """Stored conversations, most recently active first (no messages): for the History page."""
    from synthpersona.ui._persist import store

    return store().list_conversations(limit=limit, tenant=DEFAULT_TENANT)  # the UI's tenant only


def delete_conversation(conversation_id: str) -> None:
    """Delete a conversation, its messages and the evidence kept beside it."""
    from synthpersona.ui._persist import store

    store().delete_conversation(conversation_id, tenant=DEFAULT_TENANT)
    if store().has_document(EVIDENCE_KIND, conversation_id):
        store().delete_document(EVIDENCE_KIND, conversation_id)


def ask_focus_group(run: dict[str, Any], question: str) -> dict[str, Any]:
    """Ask ``question`` to every persona of ``run``; answers, stances and the run id as a dict."""
    from synthpersona.usecases import chat

    result = chat.focus_group(chat.personas_of_run(run), question, run_id=str(run.get("run_id")))
    return result.to_dict()
