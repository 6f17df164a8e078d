"""The offline (rule-based) chat engine: answers what was asked, in character and in the user's language.

Each reply is composed for the detected intent: self-facts from the persona's own
fields, prices against its budget, EMI instalments for the durations asked, named
brands and products from the curated knowledge file, and stance sentences from the
topic registry by the persona's trait levels. The history is the memory (the user's
name, products, prices and first question; every sentence the persona said, so no
sentence repeats and "as I mentioned" only refers to what was said). Wording varies
with a random generator seeded by the persona, the turn number and the message, so the
same conversation always gets the same replies.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from synthpersona.chat import _phrases as P
from synthpersona.chat._compose import Composer
from synthpersona.chat._context import persona_words
from synthpersona.chat._facts import Fact, facts
from synthpersona.chat._intent import detect
from synthpersona.chat._memory import Memory
from synthpersona.chat._offer import Budget, budget
from synthpersona.chat._persona import ChatPersona, PersonaView
from synthpersona.chat._topics import TOPICS
from synthpersona.chat._voice import Voice, voice

__all__ = ["REPLY_ENGINES", "STANCES", "ChatReply", "OfflineEngine"]

#: Who wrote a reply (``ChatReply.engine``): the rule-based engine, the LLM, or the rule-based
#: engine after the LLM failed. The API's response schemas are built from it.
REPLY_ENGINES: tuple[str, ...] = ("offline", "llm", "offline-fallback")
#: A reply's stance on what was asked; ``"none"`` (a focus-group answer that takes none) last.
STANCES: tuple[str, ...] = ("positive", "neutral", "negative", "none")


@dataclass
class ChatReply:
    """A persona's answer, with what it rests on.

    ``facts`` names the self-facts and computed figures the answer states (``income``,
    ``budget``, ``emi_instalments`` ...); ``evidence`` lists the persona fields,
    statistics and knowledge-file entries behind them; ``stance`` is ``positive``,
    ``neutral`` or ``negative`` when the answer takes one.
    """

    response: str
    engine: str = "offline"
    topic: str | None = None
    topics: list[str] = field(default_factory=list)
    language: str = "en"
    stance: str | None = None
    facts: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "response": self.response,
            "engine": self.engine,
            "topic": self.topic,
            "topics": self.topics,
            "language": self.language,
            "stance": self.stance,
            "facts": self.facts,
            "evidence": self.evidence,
        }


def _turns(history: Sequence[dict[str, Any]] | None) -> list[tuple[str, str]]:
    out = []
    for t in history or []:
        role = "persona" if str(t.get("role", "")) in ("persona", "assistant") else "user"
        out.append((role, str(t.get("message", t.get("content", "")))))
    return out


@dataclass(frozen=True)
class _Speaker:
    """Everything about a persona that does not change between messages, computed once."""

    view: PersonaView
    facts: dict[str, Fact]
    budget: Budget
    voice: Voice
    words: dict[str, str]  # the persona's template words (name, city, income, trait words)


_SPEAKERS: dict[int, tuple[ChatPersona, _Speaker]] = {}


def _speaker(persona: ChatPersona) -> _Speaker:
    """The persona's speaker, reused while the same object is passed (the API caches personas)."""
    hit = _SPEAKERS.get(id(persona))
    if hit is not None and hit[0] is persona:
        return hit[1]
    view = PersonaView.of(persona)
    speaker = _Speaker(view, facts(view), budget(view), voice(view), persona_words(view))
    if len(_SPEAKERS) > 2048:
        _SPEAKERS.clear()
    _SPEAKERS[id(persona)] = (persona, speaker)
    return speaker


class OfflineEngine:
    """Rule-based persona chat; no network, well under a millisecond per reply on the rules path.

    Examples
    --------
    >>> persona = {"persona_id": "dyn_1_0", "persona_name": "Priya Patel — Young Tech Adopter",
    ...            "personality_traits": {"price_sensitivity": "High"}}
    >>> OfflineEngine().reply(persona, "Hi!").response.startswith(("Hi", "Hello", "Hey"))
    True
    """

    name = "offline"

    def reply(
        self, persona: ChatPersona, message: str, history: Sequence[dict[str, Any]] | None = None
    ) -> ChatReply:
        """Answer ``message`` as ``persona`` given ``history`` (``{"role", "message"}`` turns)."""
        sp = _speaker(persona)
        view = sp.view
        turns = _turns(history)
        seed = hashlib.blake2b(
            f"{view.key}|{len(turns)}|{message.strip().lower()}".encode(), digest_size=8
        ).digest()
        rng = random.Random(int.from_bytes(seed, "big"))
        intent = detect(message)
        memory = Memory.read(turns)
        return _reply(Composer(view, intent, memory, rng, sp.voice, (sp.facts, sp.budget, sp.words)))


def _reply(c: Composer) -> ChatReply:
    intent, d = c.intent, c.d
    introduced = (
        intent.user_name and intent.user_name != c.mem.user_name and "recall_name" not in intent.topics
    )
    if introduced:
        d.parts.append(c.pick(c.local(P.NICE_TO_MEET), user=intent.user_name))
    new_owned = [m for m in intent.mentions if m.name in intent.owned]
    topics = list(intent.topics)
    if new_owned and not intent.offered:
        aside = c.pick(c.local(P.YOUR_ITEM), your_item=new_owned[0].name)
        if not topics:
            d.parts.append(aside)
        else:  # the answer first, the aside after it
            c.asides.append(aside)
    if not topics:
        return _follow_on(c)
    if "goodbye" in topics:  # "thanks, bye" is one closing, not two
        topics = ["goodbye"]
    facts = [t for t in topics if TOPICS[t].kind == "self"]
    rest = [t for t in topics if TOPICS[t].kind != "self"]
    if facts and "greeting" in rest:
        rest.remove("greeting")
    if intent.user_name and "greeting" in rest and not intent.question:
        # "Hi, I'm Rahul from a laptop brand" is an introduction, answered by the greeting back
        d.parts.append(P.ASK[c.lang])
        return _finish(c, "greeting", ask=False, opener=False, topics=["greeting"])
    if "emi" in rest and "price" in rest and intent.months:
        rest.remove("price")  # the instalments answer the price
    if rest and rest[0] == "recall_said":
        rest = rest[:1]
    # a second topic only when it adds something specific ("price and EMI", not "price and tech")
    second = [t for t in rest[1:2] if t not in ("opinion", "purchase", "tech", "smalltalk", "thanks")]
    # self facts answer together (up to 4), with at most one non-social topic beside them
    with_facts = facts[:4] + [t for t in rest[:1] if TOPICS[t].kind != "social"]
    chosen = with_facts if facts else rest[:1] + second
    for topic in chosen:
        if topic == "comparison" and len(c.offered) < 2:
            continue
        c.answer(topic)
    if not d.parts:
        c.answer("opinion")
    main = d.topics[0] if d.topics else topics[0]
    kind = TOPICS[main].kind if main in TOPICS else "offer"
    return _finish(c, main, ask=kind == "offer", opener=kind in ("offer", "self", "offtopic"))


def _follow_on(c: Composer) -> ChatReply:
    """Messages without a topic: why?, tell me more, the other one, yes/no, what about X."""
    intent, d = c.intent, c.d
    if intent.why:
        c.why()
        return _finish(c, d.topics[-1], ask=False, opener=True)
    if intent.other and len(c.offered) >= 2:
        c.offered = [c.offered[1], c.offered[0], *c.offered[2:]]
        c.focus = c.offered[0]
        c.opinion_on_focus()
        return _finish(c, "opinion", ask=True, opener=False)
    if intent.more:
        d.parts.append(c.pick(c.local(P.MORE)))
        last = next((t for i in reversed(c.mem.user) for t in i.topics if TOPICS[t].kind == "offer"), "more")
        return _finish(c, last, ask=True, opener=False)
    if intent.yes or intent.no:
        ack = c.rng.choice(c.local(P.ACK["yes" if intent.yes else "no"]))
        prev = next((t for i in reversed(c.mem.user) for t in i.topics if TOPICS[t].kind == "offer"), None)
        follow = c.follow_up(prev)
        d.parts.append(ack + " " + (follow or P.WHAT_ELSE[c.lang]))
        return _finish(c, prev or "ack", ask=False, opener=False, topics=[])
    if intent.what_about:
        c.answer("opinion")
        return _finish(c, "opinion", ask=True, opener=True)
    if d.parts:  # an introduction ("I'm Rahul") or the user's own product
        return _finish(c, "smalltalk", ask=False, opener=False, topics=[])
    d.parts.append(c.pick(c.local(P.UNKNOWN)))
    return _finish(c, "unknown", ask=False, opener=False, topics=[])


def _finish(
    c: Composer, topic: str, *, ask: bool, opener: bool, topics: list[str] | None = None
) -> ChatReply:
    d = c.d
    parts = [p.strip() for p in [*d.parts, *c.asides] if p and p.strip()]
    if opener and parts:
        parts[0] = c.opener(parts[0])
    # ask something back about half the time, so the chat keeps going without interrogating
    if ask and c.rng.random() < 0.5:
        follow = c.follow_up(topic)
        if follow:
            parts.append(follow)
    elif ask:
        closer = c.rng.choice(c.local(P.CLOSERS))
        if closer and closer not in c.said:
            parts.append(closer)
            c.said.add(closer)
    text = re.sub(r"\s+", " ", " ".join(parts)).strip()
    return ChatReply(
        response=text,
        engine="offline",
        topic=topic,
        topics=d.topics if topics is None else topics,
        language=c.lang,
        stance=d.stance,
        facts=list(dict.fromkeys(d.facts)),
        evidence=d.evidence,
    )
