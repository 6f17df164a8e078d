"""Chat with a persona: one-off replies (UI, notebooks) and stored conversations (API).

The engine is the LLM one when an endpoint is configured
(``SYNTHPERSONA_LLM_BASE_URL`` / ``_MODEL``), else the offline rule-based engine;
an LLM failure falls back to the offline engine (``engine == "offline-fallback"``).

Examples
--------
>>> persona = {"persona_id": "dyn_1_0", "persona_name": "Priya Patel — Young Tech Adopter"}
>>> reply(persona, "Hello!").engine
'offline'
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from synthpersona.chat import (
    ChatPersona,
    ChatReply,
    FocusAnswer,
    LLMEngine,
    OfflineEngine,
    PersonaView,
    needs_embedding,
    stance_counts,
)
from synthpersona.chat import focus_group as _focus_group
from synthpersona.errors import InputError, NotFoundError
from synthpersona.llm import LLMClient
from synthpersona.store import GroupWriter
from synthpersona.usecases.service import StoredRun, persona_values
from synthpersona.usecases.tenants import DEFAULT_TENANT

if TYPE_CHECKING:
    from synthpersona.config import Settings
    from synthpersona.store import Store

__all__ = [
    "ChatResult",
    "ChatService",
    "FocusGroupResult",
    "afocus_group",
    "areply",
    "engine_for",
    "focus_group",
    "personas_of_run",
    "reply",
]

_OFFLINE = OfflineEngine()


def engine_for(settings: Settings | None = None, llm: LLMClient | None = None) -> OfflineEngine | LLMEngine:
    """The chat engine: LLM (with offline fallback) when configured, else offline."""
    if llm is None and settings is not None:
        llm = LLMClient.from_settings(settings)
    return LLMEngine(llm) if llm is not None else _OFFLINE


def _check_message(message: object) -> str:
    if not isinstance(message, str) or not message.strip():
        raise InputError("The chat message is empty; type a question for the persona.")
    return message


def reply(
    persona: ChatPersona,
    message: str,
    *,
    history: Sequence[dict[str, Any]] | None = None,
    settings: Settings | None = None,
) -> ChatReply:
    """Answer ``message`` as ``persona`` given ``history`` (``{"role": "user"|"persona", "message"}``).

    Nothing is stored; use :class:`ChatService` for stored conversations.
    """
    return engine_for(settings).reply(persona, _check_message(message), history)


async def areply(
    persona: ChatPersona,
    message: str,
    *,
    history: Sequence[dict[str, Any]] | None = None,
    settings: Settings | None = None,
) -> ChatReply:
    """Asynchronous :func:`reply`."""
    engine = engine_for(settings)
    if isinstance(engine, LLMEngine):
        return await engine.areply(persona, _check_message(message), history)
    return engine.reply(persona, _check_message(message), history)


@dataclass
class FocusGroupResult:
    """A focus group: the question, one answer per persona and the count of each stance."""

    question: str
    answers: list[FocusAnswer]
    run_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "question": self.question,
            "answers": [a.to_dict() for a in self.answers],
            "stances": stance_counts(self.answers),
        }


def personas_of_run(run: StoredRun | dict[str, Any]) -> list[dict[str, Any]]:
    """All personas of a stored run (or a run dict: ``personas`` by cluster id), in cluster order."""
    if isinstance(run, StoredRun):
        return run.all_personas()
    by_cluster = run.get("personas") or {}
    out: list[dict[str, Any]] = []
    for key in sorted(by_cluster, key=lambda k: int(k)):
        out.extend(by_cluster[key])
    return out


def _check_personas(personas: Sequence[ChatPersona]) -> None:
    if not personas:
        raise InputError(
            "There are no personas to ask; generate the run's personas first (POST /personas/{cluster_id}).",
            code="no_personas",
        )


def focus_group(
    personas: Sequence[ChatPersona],
    question: str,
    *,
    settings: Settings | None = None,
    run_id: str | None = None,
) -> FocusGroupResult:
    """Ask ``question`` to every persona (a fresh conversation each) and tabulate the answers.

    Examples
    --------
    >>> p = {"persona_id": "a", "profile": {"monthly_income_inr": 20000}}
    >>> focus_group([p], "Would you pay ₹60,000 for a phone?").answers[0].stance
    'negative'
    """
    _check_personas(personas)
    engine = engine_for(settings)
    return FocusGroupResult(_check_message(question), _focus_group(personas, question, engine=engine), run_id)


async def afocus_group(
    personas: Sequence[ChatPersona],
    question: str,
    *,
    engine: OfflineEngine | LLMEngine | None = None,
    run_id: str | None = None,
) -> FocusGroupResult:
    """Asynchronous :func:`focus_group`; LLM answers are requested concurrently."""
    _check_personas(personas)
    _check_message(question)
    engine = engine or _OFFLINE
    if isinstance(engine, LLMEngine):
        llm = engine
        replies = await asyncio.gather(*(llm.areply(p, question, []) for p in personas))
        answers = [
            _focus_group([p], question, engine=_Fixed(r))[0] for p, r in zip(personas, replies, strict=True)
        ]
    else:
        answers = _focus_group(personas, question, engine=engine)
    return FocusGroupResult(question, answers, run_id)


class _Fixed:
    """An engine that returns a reply already obtained (to tabulate concurrent LLM answers)."""

    def __init__(self, reply: ChatReply) -> None:
        self._reply = reply

    def reply(
        self, persona: ChatPersona, message: str, history: Sequence[dict[str, Any]] | None = None
    ) -> ChatReply:
        return self._reply


_SNAPSHOT_KEYS = ("persona_id", "cluster_id", "persona_name", "demographics", "personality_traits")


def _snapshot(persona: dict[str, Any], run_id: str | None) -> dict[str, Any]:
    """What a conversation stores of its persona: slim when the run keeps the full persona.

    Every new conversation is a write; the full persona (evidence, profile, prompt) is
    several KB, which would multiply the store's write volume for no gain.
    """
    if run_id is None:
        return {k: v for k, v in persona.items() if k != "run_id"}
    return {k: persona[k] for k in _SNAPSHOT_KEYS if k in persona}


@dataclass
class ChatResult:
    """Seed 000's chat response plus ``conversation_id``, ``engine``, ``run_id`` and ``topic``."""

    persona_id: str
    response: str
    persona_traits: dict[str, Any]
    conversation_history: list[dict[str, str]]
    conversation_id: str
    engine: str
    run_id: str | None = None
    topic: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "persona_id": self.persona_id,
            "response": self.response,
            "persona_traits": self.persona_traits,
            "conversation_history": self.conversation_history,
            "conversation_id": self.conversation_id,
            "engine": self.engine,
            "run_id": self.run_id,
            "topic": self.topic,
        }


class ChatService:
    """Stored conversations with personas of stored runs.

    Parameters
    ----------
    store
        Where personas are looked up and conversations kept.
    llm
        An LLM client, or ``None`` for the offline engine.
    protect
        Called as ``protect(run_id, tenant=)`` before a persona of that run is first read
        (:meth:`RunService.protect_stored <synthpersona.usecases.service.RunService.protect_stored>`:
        a privacy-checked run stored with its personas as built is protected first); ``True``
        when it rewrote the rows.
    """

    def __init__(
        self,
        store: Store,
        *,
        llm: LLMClient | None = None,
        cache_size: int = 1024,
        group_commit: bool = True,
        protect: Callable[..., bool] | None = None,
    ) -> None:
        self.store = store
        self._protect = protect
        self._writer = GroupWriter(store) if group_commit else None
        self.engine = engine_for(llm=llm)
        self.cache_size = cache_size
        # personas of an explicit run never change (runs are deterministic), so they can be cached;
        # keyed by (tenant, persona_id, run_id): never served to another tenant
        # each with its chat view, read once into the core persona (with the scores the run kept)
        self._personas: OrderedDict[tuple[str, str, str], tuple[dict[str, Any], PersonaView]] = OrderedDict()
        self._lock = threading.Lock()

    def close(self) -> None:
        """Finish pending writes."""
        if self._writer is not None:
            self._writer.close()

    def _cached_persona(
        self, persona_id: str, run_id: str | None, tenant: str
    ) -> tuple[dict[str, Any], PersonaView] | None:
        if run_id is None:
            return None
        with self._lock:
            return self._personas.get((tenant, persona_id, run_id))

    def _persona(
        self, persona_id: str, run_id: str | None, tenant: str
    ) -> tuple[dict[str, Any], PersonaView]:
        """A stored persona and its chat view (the core persona with the anchor's scores its run kept)."""
        if run_id is not None:
            with self._lock:
                hit = self._personas.get((tenant, persona_id, run_id))
            if hit is not None:
                return hit
        persona = self.store.get_persona(persona_id, run_id=run_id, tenant=tenant)
        if self._protect is not None and self._protect(str(persona["run_id"]), tenant=tenant):
            persona = self.store.get_persona(persona_id, run_id=str(persona["run_id"]), tenant=tenant)
        values = persona_values(self.store, str(persona["run_id"])).get(persona_id)
        found = (persona, PersonaView.from_dict(persona, values))
        with self._lock:
            self._personas[(tenant, persona_id, str(persona["run_id"]))] = found
            while len(self._personas) > self.cache_size:
                self._personas.popitem(last=False)
        return found

    def _load(
        self,
        persona_id: str,
        run_id: str | None,
        cluster_id: int | None,
        conversation_id: str | None,
        conversation_history: Sequence[dict[str, Any]] | None,
        tenant: str = DEFAULT_TENANT,
    ) -> tuple[dict[str, Any], PersonaView, list[dict[str, Any]], str | None]:
        if conversation_id is not None:
            conv = self.store.get_conversation(conversation_id, tenant=tenant)
            if conv["persona_id"] != persona_id:
                raise InputError(
                    f"Conversation {conversation_id!r} is with persona {conv['persona_id']!r}, not "
                    f"{persona_id!r}; use POST /personas/{conv['persona_id']}/chat or omit conversation_id.",
                    code="conversation_persona_mismatch",
                    details={"conversation_id": conversation_id, "persona_id": conv["persona_id"]},
                )
            history = [{"role": m["role"], "message": m["message"]} for m in conv["messages"]]
            persona, view = conv["persona"], None
            if conv["run_id"] is not None:
                # the full persona lives with its run; the conversation keeps a slim snapshot
                with contextlib.suppress(NotFoundError):  # run deleted since: use the snapshot
                    persona, view = self._persona(persona_id, conv["run_id"], tenant)
            return persona, view or PersonaView.from_dict(persona), history, conv["run_id"]
        persona, view = self._cached_persona(persona_id, run_id, tenant) or self._persona(
            persona_id, run_id, tenant
        )
        if cluster_id is not None and int(persona.get("cluster_id", -1)) != int(cluster_id):
            raise InputError(
                f"Persona {persona_id!r} belongs to cluster {persona.get('cluster_id')}, not {cluster_id}; "
                "fix cluster_id or leave it out.",
                code="cluster_mismatch",
                details={"persona_id": persona_id, "cluster_id": persona.get("cluster_id")},
            )
        history = [{"role": t["role"], "message": t["message"]} for t in conversation_history or []]
        return persona, view, history, persona.get("run_id")

    async def achat(
        self,
        persona_id: str,
        message: str,
        *,
        run_id: str | None = None,
        cluster_id: int | None = None,
        conversation_id: str | None = None,
        conversation_history: Sequence[dict[str, Any]] | None = None,
        tenant: str = DEFAULT_TENANT,
    ) -> ChatResult:
        """Answer and store the exchange (one transaction); start a conversation when none is given.

        A client-held ``conversation_history`` (seed 000 style) is stored at the start
        of a new conversation so the server-side record is complete. Personas and
        conversations are ``tenant``'s only; the new conversation belongs to it.
        """
        _check_message(message)
        loop = asyncio.get_running_loop()
        args = (persona_id, run_id, cluster_id, conversation_id, conversation_history, tenant)
        if conversation_id is None and self._cached_persona(persona_id, run_id, tenant) is not None:
            persona, view, history, run = self._load(*args)  # no database read needed
        else:
            persona, view, history, run = await loop.run_in_executor(None, self._load, *args)
        if isinstance(self.engine, LLMEngine):
            answer = await self.engine.areply(view, message, history)
        elif needs_embedding(message):  # the embedding model: seconds to load, not on the loop
            answer = await loop.run_in_executor(None, self.engine.reply, view, message, history)
        else:
            answer = self.engine.reply(view, message, history)  # sub-millisecond: fine on the loop
        item, result = self._prepare(persona_id, message, persona, history, run, conversation_id, answer)
        item["tenant"] = tenant
        if self._writer is not None:
            result.conversation_id = await asyncio.wrap_future(self._writer.submit(item))
        else:
            result.conversation_id = await loop.run_in_executor(None, self._write, item)
        return result

    def _write(self, item: dict[str, Any]) -> str:
        return self.store.add_messages(
            item["conversation_id"],
            item["messages"],
            persona=item["persona"],
            run_id=item["run_id"],
            persona_is_json=True,
            tenant=item.get("tenant", DEFAULT_TENANT),
        )

    def _prepare(
        self,
        persona_id: str,
        message: str,
        persona: dict[str, Any],
        history: list[dict[str, Any]],
        run: str | None,
        conversation_id: str | None,
        answer: ChatReply,
    ) -> tuple[dict[str, Any], ChatResult]:
        new_turns = [
            {"role": "user", "message": message},
            {"role": "persona", "message": answer.response, "engine": answer.engine},
        ]
        item = {
            "conversation_id": conversation_id,
            "messages": new_turns if conversation_id is not None else [*history, *new_turns],
            "persona": _snapshot(persona, run),
            "run_id": run,
        }
        full = [*history, *({"role": t["role"], "message": t["message"]} for t in new_turns)]
        result = ChatResult(
            persona_id=persona_id,
            response=answer.response,
            persona_traits=dict(persona.get("personality_traits") or {}),
            conversation_history=full,
            conversation_id=conversation_id or "",
            engine=answer.engine,
            run_id=run,
            topic=answer.topic,
        )
        return item, result

    def chat(self, persona_id: str, message: str, **kwargs: Any) -> ChatResult:
        """Blocking :meth:`achat` (for scripts and the CLI)."""
        return asyncio.run(self.achat(persona_id, message, **kwargs))
