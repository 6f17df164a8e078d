"""Conversation memory read from the history: what the user said and what the persona said.

Nothing is stored between calls: the history passed in is the memory, so a stored
conversation and a client-held one behave the same.

Examples
--------
>>> m = Memory.read([("user", "Hi, I'm Rahul"), ("persona", "Hello Rahul!"),
...                 ("user", "What do you think of the Asus ROG at ₹1.2 lakh?")])
>>> m.user_name, m.last_price, [x.name for x in m.offered]
('Rahul', 120000, ['ROG Strix G16'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from synthpersona.chat._intent import Intent, detect
from synthpersona.chat._knowledge import Mention

__all__ = ["Memory", "sentences"]

_SOCIAL = {"greeting", "smalltalk", "thanks", "goodbye"}
_SENTENCE = re.compile(r"(?<=[.!?।])\s+")


@lru_cache(maxsize=16384)
def sentences(text: str) -> tuple[str, ...]:
    """Sentences of a reply (split after . ! ? and the Devanagari danda).

    Cached: every reply checks each candidate variant's sentences against what was
    already said, and the candidates of one persona are the same strings each time.
    """
    return tuple(s.strip() for s in _SENTENCE.split(text) if s.strip())


@dataclass
class Memory:
    """What the conversation so far holds."""

    turns: list[tuple[str, str]]
    user: list[Intent] = field(default_factory=list)
    said: set[str] = field(default_factory=set)
    persona_text: str = ""
    user_name: str | None = None
    offered: list[Mention] = field(default_factory=list)  # most recent first, not the user's own
    owned: list[Mention] = field(default_factory=list)
    last_price: int | None = None
    last_months: tuple[int, ...] = ()
    category: str | None = None
    lang: str | None = None

    @classmethod
    def read(cls, turns: list[tuple[str, str]]) -> Memory:
        m = cls(turns=turns)
        for role, text in turns:
            if role == "persona":
                m.said.update(sentences(text))
                m.persona_text += " " + text
                continue
            intent = detect(text, embed=False)  # past turns: the rules are enough for slots
            m.user.append(intent)
            m.user_name = intent.user_name or m.user_name
            # the latest message's mentions come first, in the order they were named
            for target, new in (
                (m.owned, [x for x in intent.mentions if x.name in intent.owned]),
                (m.offered, [x for x in intent.mentions if x.name not in intent.owned]),
            ):
                names = {x.name for x in new}
                target[:] = new + [x for x in target if x.name not in names]
            if intent.prices:
                m.last_price = intent.prices[-1]
            if intent.months:
                m.last_months = intent.months
            m.category = intent.category or m.category
            if intent.lang != "en" or len(intent.text.split()) > 3:
                m.lang = intent.lang
        return m

    @property
    def first_question(self) -> str | None:
        """The user's first real question (greetings and "how are you?" skipped).

        A greeting that carries a question ("Good evening! Who are you?") is a question.
        """
        for intent in self.user:
            social = bool(intent.topics) and set(intent.topics) <= _SOCIAL
            if intent.question and (not social or _asks_after_greeting(intent.text)):
                return intent.text
        return self.user[0].text if self.user else None

    def has_said(self, sentence: str) -> bool:
        return sentence.strip() in self.said

    def persona_mentioned(self, marker: str) -> bool:
        """Whether the persona's earlier replies contain ``marker`` (a fact value)."""
        return bool(marker) and marker.lower() in self.persona_text.lower()

    def reply_on(self, topic: str) -> str | None:
        """The first sentence of the persona's latest reply to a message about ``topic``."""
        user_i = -1
        answer = None
        for role, text in self.turns:
            if role == "user":
                user_i += 1
            elif user_i >= 0 and topic in self.user[user_i].topics and sentences(text):
                answer = sentences(text)[0]
        return answer

    def reply_to(self, message: str) -> str | None:
        """The first sentence of the persona's reply to the user's ``message``."""
        for i, (role, text) in enumerate(self.turns[:-1]):
            if role == "user" and text.strip() == message and self.turns[i + 1][0] == "persona":
                parts = sentences(self.turns[i + 1][1])
                return parts[0] if parts else None
        return None

    def last_persona_sentence(self) -> str | None:
        for role, text in reversed(self.turns):
            if role == "persona":
                parts = sentences(text)
                if parts:
                    return parts[0]
        return None


def _asks_after_greeting(text: str) -> bool:
    """``"Good evening! What should I call you?"``: a question after the greeting sentence."""
    parts = [p for p in re.split(r"(?<=[.!?।])\s+", text.strip()) if p]
    return len(parts) >= 2 and any(p.endswith("?") for p in parts[1:])
