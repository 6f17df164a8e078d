"""Chat glue for the UI: a reply (stored as a conversation), a stored conversation, a focus group.

The evidence records behind each reply (the persona fields and figures it rests on, as the chat
engine returns them) are kept beside the conversation in a UI record of kind
:data:`EVIDENCE_KIND`, keyed by the reply's position, so a refresh shows them again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from synthpersona.usecases.tenants import DEFAULT_TENANT  # the UI is the default tenant

if TYPE_CHECKING:
    from synthpersona.store import Store
    from synthpersona.usecases.jobs import JobContext

__all__ = [
    "CHAT_STEP",
    "EVIDENCE_KIND",
    "FOCUS_STEP",
    "ask_focus_group",
    "chat_job",
    "delete_conversation",
    "focus_job",
    "keep_exchange",
    "list_conversations",
    "load_conversation",
    "persona_answer",
]

EVIDENCE_KIND = "ui_chat_evidence"  # one per conversation: {"replies": {"<message index>": [record, ...]}}
CHAT_STEP = "Waiting for the persona's reply"
FOCUS_STEP = "Asking every persona"  # counted: "Asking every persona · 3 of 9"
Work = Callable[["JobContext"], dict[str, Any]]


def _plain(value: Any) -> Any:
    from synthpersona.ui._persist import _plain as plain

    return plain(value)


def _turns(history: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"role": str(t["role"]), "message": str(t["message"])} for t in history]


def persona_answer(persona: dict[str, Any], message: str, turns: list[dict[str, str]]) -> dict[str, Any]:
    """The persona's answer to ``message`` (JSON: ``response``, ``engine``, ``evidence``).

    Runs in a job's child process: with a language model configured it is a network call that
    may take many seconds.
    """
    from synthpersona.config import get_settings
    from synthpersona.usecases import chat

    # the configured language model, when there is one (the offline engine otherwise)
    result = chat.reply(persona, message, history=turns, settings=get_settings())
    data = result if isinstance(result, dict) else result.to_dict()
    return {
        "response": str(data["response"]),
        "engine": str(data.get("engine", "offline")),
        "evidence": [dict(e) for e in data.get("evidence") or []],
    }


def keep_exchange(
    store: Store,
    persona: dict[str, Any],
    turns: list[dict[str, str]],
    message: str,
    answer: dict[str, Any],
    conversation_id: str | None = None,
    run_id: str | None = None,
) -> str:
    """Append the user's ``message`` and the persona's ``answer`` to the stored conversation; its id.

    A new conversation (``conversation_id`` ``None``) starts with ``turns``. The answer's
    evidence is kept beside it (:data:`EVIDENCE_KIND`), keyed by the reply's position.
    """
    exchange = [
        {"role": "user", "message": message},
        {"role": "persona", "message": answer["response"], "engine": answer["engine"]},
    ]
    stored = store.add_messages(
        conversation_id,
        exchange if conversation_id else [*turns, *exchange],
        persona=None if conversation_id else persona,
        run_id=run_id,
    )
    if answer.get("evidence"):
        doc = store.get_document(EVIDENCE_KIND, stored) if store.has_document(EVIDENCE_KIND, stored) else {}
        replies = dict(doc.get("replies") or {})
        replies[str(len(turns) + 1)] = answer["evidence"]  # the reply follows the user's message
        plain = json.loads(json.dumps({"replies": replies}, default=_plain))
        store.put_document(EVIDENCE_KIND, stored, plain)
    return str(stored)


def chat_job(
    persona: dict[str, Any],
    message: str,
    history: list[dict[str, Any]],
    conversation_id: str | None = None,
    run_id: str | None = None,
) -> Work:
    """One chat turn as a job: the answer comes from the job's child process (a slow language model
    never blocks the page, Cancel stops it), then both messages are stored together, so a failed or
    cancelled reply leaves the conversation as it was. The result names the conversation."""
    turns = _turns(history)

    def work(ctx: JobContext) -> dict[str, Any]:
        ctx.progress(CHAT_STEP)
        answer = ctx.run(persona_answer, persona, message, turns)
        stored = keep_exchange(ctx.store, persona, turns, message, answer, conversation_id, run_id)
        return {"conversation_id": stored}

    return work


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


def ask_focus_group(
    run: dict[str, Any], question: str, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Ask ``question`` to every persona of ``run``; answers, stances and the run id as a dict.

    ``progress`` is told ``"Asking every persona · i of n"`` before each persona answers (a
    language model answers one persona at a time: the page counts them).
    """
    from synthpersona.config import get_settings
    from synthpersona.usecases import chat

    settings = get_settings()  # the configured language model, when there is one
    personas = chat.personas_of_run(run)
    run_id = str(run.get("run_id"))
    if not personas:  # the use case's own error (no_personas)
        return chat.focus_group(personas, question, settings=settings, run_id=run_id).to_dict()
    answers = []
    asked = question
    for i, persona in enumerate(personas, 1):
        if progress is not None:
            progress(f"{FOCUS_STEP} · {i} of {len(personas)}")
        one = chat.focus_group([persona], question, settings=settings, run_id=run_id)
        asked = one.question
        answers.extend(one.answers)
    return chat.FocusGroupResult(asked, answers, run_id).to_dict()


def focus_job(run: dict[str, Any], question: str, shown_as: str) -> Work:
    """The focus group as a job (answered in the job's child process, one persona after another, each
    counted in the job's progress); the result is the focus group with the personas it asked
    (``shown_as``: as built, or protected at some k)."""

    def work(ctx: JobContext) -> dict[str, Any]:
        ctx.progress(f"{FOCUS_STEP} · 0 of {len(_all(run))}")
        result = ctx.run(ask_focus_group, run, question, progress=ctx.progress)
        return {**result, "shown_as": shown_as}

    return work


def _all(run: dict[str, Any]) -> list[dict[str, Any]]:
    from synthpersona.usecases.chat import personas_of_run

    return personas_of_run(run)
