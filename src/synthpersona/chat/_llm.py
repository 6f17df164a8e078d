"""LLM chat engine: the persona's ``chat_personality`` as system prompt, the history, and a fallback."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from string import Template
from typing import Any

from synthpersona.chat._facts import facts, rupees
from synthpersona.chat._knowledge import knowledge
from synthpersona.chat._lang import language
from synthpersona.chat._memory import Memory, sentences
from synthpersona.chat._offer import budget
from synthpersona.chat._offline import ChatReply, OfflineEngine
from synthpersona.chat._persona import ChatPersona, PersonaView
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


_LANGUAGE_NAMES = {
    "en": "English",
    "hinglish": "Hinglish (Hindi in Roman letters, mixed with English)",
    "hi": "Hindi (Devanagari)",
}


def _facts_text(persona: ChatPersona, lang: str = "en") -> tuple[str, str]:
    view = PersonaView.of(persona)
    # Facts in Hindi for a Hindi message, so the model has no English label to quote.
    lines = [f"- {f.text['hi' if lang == 'hi' else 'en']}" for f in facts(view).values()]
    b = budget(view)
    emi = (
        f"you would carry an EMI of up to {rupees(b.emi_monthly_max)} a month"
        if b.emi_monthly_max
        else "you avoid EMIs"
    )
    money = (
        f"a one-off purchase of {rupees(b.low)} to {rupees(b.high)} is fine for you "
        f"(from {b.basis}: {rupees(b.income)} a month); {emi}."
    )
    return "\n".join(lines) or "- (none recorded)", money


def _memory_text(turns: list[tuple[str, str]], message: str) -> tuple[str, str]:
    memory = Memory.read(turns)
    kb = knowledge()
    lines = []
    if memory.user_name:
        lines.append(f"- The user's name is {memory.user_name}.")
    if memory.first_question:
        lines.append(f"- The user's first question was: {memory.first_question!r}.")
    if memory.owned:
        own = ", ".join(m.name for m in memory.owned)
        lines.append(f"- The user's own products (not what they are offering): {own}.")
    if memory.last_price:
        lines.append(f"- The last price the user named: {rupees(memory.last_price)}.")
    said = [s for role, text in turns if role == "persona" for s in sentences(text)][-6:]
    if said:
        lines.append("- You already said: " + " ".join(said))
    items = []
    for m in [*kb.find(message), *memory.offered, *memory.owned]:
        rng = kb.price_of(m)
        brand = kb.brand(m.brand)
        price = f", about {rupees(rng[0])} to {rupees(rng[1])}" if rng and rng[1] else ""
        tier = f" ({brand.tier} tier: {brand.known_for})" if brand else ""
        line = f"- {m.name}{tier}{price}"
        if line not in items:
            items.append(line)
    return "\n".join(lines) or "- (the conversation starts now)", "\n".join(items) or "- (none named yet)"


def build_messages(
    persona: ChatPersona, message: str, history: Sequence[dict[str, Any]] | None = None
) -> list[dict[str, str]]:
    """OpenAI chat messages: the system prompt, the last turns and the new message.

    The prompt carries the same facts, budget, memory and brand knowledge the offline engine
    answers from, so both engines state the same numbers.
    """
    view = PersonaView.of(persona)
    personality = view.chat_personality or f"You are {view.name}, a customer from {view.where}."
    turns = [
        (
            "persona" if t.get("role") in ("persona", "assistant") else "user",
            str(t.get("message", t.get("content", ""))),
        )
        for t in history or []
    ]
    fact_lines, money = _facts_text(persona, language(message))
    memory, brands = _memory_text(turns, message)
    system = _system_template().substitute(
        chat_personality=personality,
        name=view.name,
        cares=" and ".join(view.cares),
        barrier=view.barrier,
        facts=fact_lines,
        budget=money,
        brands=brands,
        memory=memory,
        language=_LANGUAGE_NAMES[language(message)],
    )
    msgs: list[dict[str, str]] = [{"role": "system", "content": system}]
    for role, text in turns[-_MAX_HISTORY_TURNS:]:
        if text:
            msgs.append({"role": "assistant" if role == "persona" else "user", "content": text})
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
        self, persona: ChatPersona, message: str, history: Sequence[dict[str, Any]] | None, reason: str
    ) -> ChatReply:
        log.warning(
            "llm chat fell back to offline engine", extra={"event": "chat_fallback", "reason": reason}
        )
        reply = self.fallback.reply(persona, message, history)
        reply.engine = "offline-fallback"
        return reply

    def _accept(
        self, text: str, persona: ChatPersona, message: str, history: Sequence[dict[str, Any]] | None
    ) -> ChatReply:
        text = text.strip()
        if not text or _BREAKS_CHARACTER.search(text):
            return self._fallback(persona, message, history, "reply broke character")
        # the data-grounded reading of the same message: topic, stance, facts and evidence
        grounded = self.fallback.reply(persona, message, history)
        return ChatReply(
            response=text,
            engine="llm",
            topic=grounded.topic,
            topics=grounded.topics,
            language=grounded.language,
            stance=grounded.stance,
            facts=grounded.facts,
            evidence=grounded.evidence,
        )

    def reply(
        self, persona: ChatPersona, message: str, history: Sequence[dict[str, Any]] | None = None
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
        self, persona: ChatPersona, message: str, history: Sequence[dict[str, Any]] | None = None
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
