"""LLM chat engine: the persona's ``chat_personality`` as system prompt, the history, and a fallback."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from string import Template
from typing import Any

from synthpersona.chat._offline import ChatReply, OfflineEngine
from synthpersona.chat._persona import PersonaView
from synthpersona.errors import LLMError
from synthpersona.llm import LLMClient

__all__ = ["LLMEngine", "build_messages"]

log = logging.getLogger("synthpersona.chat")

# A reply that breaks character is replaced by the offline engine's answer.
_BREAKS_CHARACTER = re.compile(
    r"\b(as an? (ai|language model|assistant|virtual assistant)|i am an? (ai|language model|chatbot)|"
    r"i'?m an? (ai|language model|chatbot)|openai|large language model)\b",
    re.IGNORECASE,
)
_MAX_HISTORY_TURNS = 40


@cache
def _system_template() -> Template:
    text = resources.files("synthpersona.chat").joinpath("prompts", "persona_system.txt").read_text("utf-8")
    return Template(text.strip())


def build_messages(
    persona: dict[str, Any], message: str, history: Sequence[dict[str, Any]] | None = None
) -> list[dict[str, str]]:
    """OpenAI chat messages: system prompt from the persona, the last turns, the new message."""
    view = PersonaView.from_dict(persona)
    personality = view.chat_personality or f"You are {view.name}, a customer from {view.where}."
    system = _system_template().substitute(
        chat_personality=personality, name=view.name, cares=" and ".join(view.cares), barrier=view.barrier
    )
    msgs: list[dict[str, str]] = [{"role": "system", "content": system}]
    for turn in list(history or [])[-_MAX_HISTORY_TURNS:]:
        role = "assistant" if turn.get("role") in ("persona", "assistant") else "user"
        text = str(turn.get("message", turn.get("content", "")))
        if text:
            msgs.append({"role": role, "content": text})
    msgs.append({"role": "user", "content": message})
    return msgs


class LLMEngine:
    """Persona chat through an OpenAI-compatible endpoint, falling back to :class:`OfflineEngine`.

    On any :class:`~synthpersona.errors.LLMError` (after the client's retries) or a
    reply that breaks character, the offline engine answers and the reply's
    ``engine`` is ``"offline-fallback"``.

    Examples
    --------
    >>> engine = LLMEngine(LLMClient("http://localhost:11434/v1", "llama3.1"))  # doctest: +SKIP
    >>> engine.reply(persona, "Would you pay ₹2,000 for these?").engine  # doctest: +SKIP
    'llm'
    """

    name = "llm"

    def __init__(
        self,
        client: LLMClient,
        *,
        fallback: OfflineEngine | None = None,
        temperature: float = 0.8,
        max_tokens: int = 300,
    ) -> None:
        self.client = client
        self.fallback = fallback or OfflineEngine()
        self.temperature = temperature
        self.max_tokens = max_tokens

    def _fallback(
        self, persona: dict[str, Any], message: str, history: Sequence[dict[str, Any]] | None, reason: str
    ) -> ChatReply:
        log.warning(
            "llm chat fell back to offline engine", extra={"event": "chat_fallback", "reason": reason}
        )
        reply = self.fallback.reply(persona, message, history)
        reply.engine = "offline-fallback"
        return reply

    def _accept(
        self, text: str, persona: dict[str, Any], message: str, history: Sequence[dict[str, Any]] | None
    ) -> ChatReply:
        text = text.strip()
        if not text or _BREAKS_CHARACTER.search(text):
            return self._fallback(persona, message, history, "reply broke character")
        return ChatReply(response=text, engine="llm", topic=None, topics=[])

    def reply(
        self, persona: dict[str, Any], message: str, history: Sequence[dict[str, Any]] | None = None
    ) -> ChatReply:
        """Answer synchronously (blocking on the endpoint)."""
        try:
            text = self.client.chat(
                build_messages(persona, message, history),
                temperature=self.temperature,
                max_tokens=self.max_tokens,
            )
        except LLMError as exc:
            return self._fallback(persona, message, history, exc.code)
        return self._accept(text, persona, message, history)

    async def areply(
        self, persona: dict[str, Any], message: str, history: Sequence[dict[str, Any]] | None = None
    ) -> ChatReply:
        """Answer without blocking the event loop."""
        try:
            text = await self.client.achat(
                build_messages(persona, message, history),
                temperature=self.temperature,
                max_tokens=self.max_tokens,
            )
        except LLMError as exc:
            return self._fallback(persona, message, history, exc.code)
        return self._accept(text, persona, message, history)
