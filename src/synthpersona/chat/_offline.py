"""The offline (rule-based) chat engine: in character, conversation-aware, deterministic.

Each reply is composed from the phrase bank by the detected topics and the
persona's trait levels. The engine reads the conversation so far to answer
follow-ups ("why?", "tell me more", "what about the other one?"), to refer back
to topics already discussed, and to avoid repeating a sentence. Wording varies
with a random generator seeded by the persona, the turn number and the message,
so the same conversation always gets the same replies.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from synthpersona.chat._bank import ACK, BANK, CLOSERS, FOLLOW_UPS, MORE, RECALL, UNKNOWN, WHY
from synthpersona.chat._persona import PersonaView
from synthpersona.chat._topics import Intent, detect

__all__ = ["ChatReply", "OfflineEngine"]

_TOPIC_PHRASE = {
    "price": "price",
    "emi": "EMI",
    "privacy": "privacy",
    "brand": "brands",
    "quality": "quality",
    "features": "features",
    "tech": "tech",
    "trust": "trust",
    "delivery": "delivery",
    "returns": "returns",
    "support": "after-sales service",
    "comparison": "the comparison",
    "media": "where I hear about things",
    "shopping": "shopping",
    "purchase": "buying it",
    "opinion": "this",
}
_LEVEL_DRIVER = {
    "price": "price",
    "purchase": "price",
    "quality": "price",
    "brand": "brand",
    "privacy": "privacy",
    "features": "tech",
    "tech": "tech",
    "emi": "emi",
}
_SOCIAL = ("greeting", "smalltalk", "thanks", "goodbye", "identity", "ai_probe")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass
class ChatReply:
    """A persona's answer."""

    response: str
    engine: str = "offline"
    topic: str | None = None
    topics: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"response": self.response, "engine": self.engine, "topic": self.topic, "topics": self.topics}


class _Context(dict[str, str]):
    """Template values; unknown placeholders render as a neutral word instead of failing."""

    def __missing__(self, key: str) -> str:
        if key == "is":
            return self.get("is_", "is")
        return "it"


def _lc(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _word(level: str) -> str:
    return {"high": "very", "medium": "somewhat", "low": "not very"}[level]


def _turns(history: Sequence[dict[str, Any]] | None) -> list[tuple[str, str]]:
    out = []
    for t in history or []:
        role = str(t.get("role", ""))
        text = str(t.get("message", t.get("content", "")))
        role = "persona" if role in ("persona", "assistant") else "user"
        out.append((role, text))
    return out


class OfflineEngine:
    """Rule-based persona chat; no network, sub-millisecond per reply.

    Examples
    --------
    >>> persona = {"persona_id": "dyn_1_0", "persona_name": "Priya Patel — Young Tech Adopter",
    ...            "personality_traits": {"price_sensitivity": "High"}}
    >>> OfflineEngine().reply(persona, "Hi!").response.startswith(("Hi", "Hello", "Hey"))
    True
    """

    name = "offline"

    def reply(
        self, persona: dict[str, Any], message: str, history: Sequence[dict[str, Any]] | None = None
    ) -> ChatReply:
        """Answer ``message`` as ``persona`` given ``history`` (``{"role", "message"}`` turns)."""
        view = PersonaView.from_dict(persona)
        turns = _turns(history)
        said = {
            s.strip() for role, text in turns if role == "persona" for s in _SENTENCE.split(text) if s.strip()
        }
        seed = hashlib.blake2b(
            f"{view.persona_id}|{len(turns)}|{message.strip().lower()}".encode(), digest_size=8
        ).digest()
        rng = random.Random(int.from_bytes(seed, "big"))
        intent = detect(message)
        past = [detect(text) for role, text in turns if role == "user"]
        return _Composer(view, intent, past, turns, said, rng).compose()


class _Composer:
    def __init__(
        self,
        view: PersonaView,
        intent: Intent,
        past: list[Intent],
        turns: list[tuple[str, str]],
        said: set[str],
        rng: random.Random,
    ) -> None:
        self.v = view
        self.intent = intent
        self.past = past
        self.turns = turns
        self.said = said
        self.rng = rng
        self.brands = self._brands()
        self.product = intent.product or next((p.product for p in reversed(past) if p.product), None)
        self.ctx = self._context()

    # -- context -----------------------------------------------------------------------------------
    def _brands(self) -> list[str]:
        """Brands of this message first, then earlier ones (most recent first)."""
        seen: list[str] = list(self.intent.brands)
        for p in reversed(self.past):
            for b in p.brands:
                if b not in seen:
                    seen.append(b)
        return seen

    def _context(self, brand: str | None = None) -> _Context:
        v = self.v
        brand = brand or (self.brands[0] if self.brands else None)
        others = [b for b in self.brands if b != brand]
        if brand and self.product:
            thing = f"the {brand} {self.product}"
        elif brand:
            thing = brand
        elif self.product:
            thing = f"the {self.product}"
        else:
            thing = "it"
        income_phrase = f"about ₹{v.income_inr:,} a month" if v.income_inr else f"a {v.income.lower()} income"
        channel = v.channel
        if "online" in channel and "offline" not in channel:
            channel_phrase = "mostly online"
        elif "offline" in channel or "store" in channel:
            channel_phrase = "mostly in local shops"
        else:
            channel_phrase = "both online and in shops"
        occupation = v.occupation
        occ_sentence = (
            f"I'm a {occupation}. " if occupation and occupation not in ("other", "unknown") else ""
        )
        if occupation in ("student",):
            occ_sentence = "I'm a student. "
        plural = bool(self.product and self.product.endswith("s") and not self.product.endswith("ss")) and (
            thing != brand
        )
        media_main = v.media_main
        activity = {
            "print": "reading the newspaper",
            "tv": "watching TV",
            "television": "watching TV",
            "radio": "listening to the radio",
        }.get(media_main.lower(), f"scrolling {media_main}")
        return _Context(
            it="them" if plural else "it",
            is_="are" if plural else "is",
            has="have" if plural else "has",
            does="do" if plural else "does",
            gets="get" if plural else "gets",
            media_activity=activity,
            first=v.first,
            name=v.name,
            age_part=f", {v.age}" if v.age else "",
            from_part=f", from {v.city}" if v.city else "",
            city_or_home=v.city or "my area",
            occupation_sentence=occ_sentence,
            income_lc=v.income.lower(),
            income_phrase=income_phrase,
            thing=thing,
            thing_cap=thing[:1].upper() + thing[1:],
            thing_or_shopping=thing if thing != "it" else "what you're selling",
            brand=brand or "a well-known brand",
            other_brand=others[0] if others else "the other option",
            care1_lc=_lc(v.cares[0]),
            care2_lc=_lc(v.cares[1]),
            barrier_lc=_lc(v.barrier),
            media=v.media,
            media_main=v.media_main,
            devices=v.devices or "a couple of devices",
            channel_phrase=channel_phrase,
            emi_pct=f"{round(v.emi * 100)}%",
            price_word=_word(v.price),
            tech_word={
                "high": "very comfortable",
                "medium": "fairly comfortable",
                "low": "not very comfortable",
            }[v.tech],
            brand_word=v.brand,
            privacy_word={"high": "very careful", "medium": "fairly careful", "low": "quite relaxed"}[
                v.privacy
            ],
        )

    # -- picking sentences -------------------------------------------------------------------------
    def _pick(self, options: Sequence[str], ctx: _Context | None = None) -> str:
        ctx = ctx or self.ctx
        rendered = [o.format_map(ctx) for o in options]
        fresh = [
            r for r in rendered if not any(s.strip() in self.said for s in _SENTENCE.split(r) if s.strip())
        ]
        choice = self.rng.choice(fresh or rendered)
        for s in _SENTENCE.split(choice):
            self.said.add(s.strip())
        return choice

    def _level(self, topic: str) -> str:
        driver = _LEVEL_DRIVER.get(topic)
        if driver == "emi":
            return "high" if self.v.emi >= 0.45 else "medium" if self.v.emi >= 0.2 else "low"
        if driver is None:
            return "any"
        return str(getattr(self.v, driver))

    def _stance(self, topic: str) -> str:
        bank = BANK[topic]
        level = self._level(topic)
        return self._pick(bank.get(level) or bank.get("any") or next(iter(bank.values())))

    def _last_topic(self) -> str | None:
        for p in reversed(self.past):
            for t in p.topics:
                if t not in _SOCIAL:
                    return t
        return None

    def _discussed(self, topic: str) -> bool:
        return any(topic in p.topics for p in self.past)

    # -- composition -------------------------------------------------------------------------------
    def compose(self) -> ChatReply:
        intent = self.intent
        topics = [t for t in intent.topics if t in BANK]
        parts: list[str] = []
        main: str | None = topics[0] if topics else None

        if intent.why and not topics:
            last = self._last_topic()
            parts.append(self._pick(WHY.get(last or "default", WHY["default"])))
            return self._done(parts, last or "why", [last or "why"], ask=False)
        if intent.other or (intent.what_about and not topics and len(self.brands) >= 2):
            return self._other_one()
        if intent.more and not topics:
            last = self._last_topic()
            parts.append(self._pick(MORE))
            return self._done(parts, last or "more", [last or "more"], ask=True)
        if (intent.yes or intent.no) and not topics:
            ack = self.rng.choice(ACK["yes" if intent.yes else "no"])
            last = self._last_topic()
            follow = self._follow_up(last) if last else ""
            parts.append(ack + (" " + follow if follow else " What else would you like to know?"))
            return self._done(parts, last or "ack", [], ask=False)
        if not topics:
            if intent.what_about:
                self.product = self.product or intent.what_about
                self.ctx = self._context()
                parts.append(self._pick(BANK["opinion"]["any"]))
                return self._done(parts, "opinion", ["opinion"], ask=True)
            parts.append(self._pick(UNKNOWN))
            return self._done(parts, "unknown", [], ask=False)

        if main == "greeting" and any(role == "persona" for role, _ in self.turns):
            parts.append(self._pick(BANK["greeting_again"]["any"]))
            topics = topics[1:]
            main = topics[0] if topics else "greeting"
            if not topics:
                return self._done(parts, "greeting", ["greeting"], ask=False)
        if "goodbye" in topics:  # "thanks, bye" is one closing, not two
            topics = ["goodbye"]
        used: list[str] = []
        for topic in topics[:2]:
            if topic in used or (topic == "greeting" and parts):
                continue
            if topic in ("comparison",) and len(self.brands) < 2:
                continue
            sentence = self._stance(topic)
            if topic not in _SOCIAL and self._discussed(topic):
                recall = self._pick(
                    RECALL, _Context({**self.ctx, "topic_phrase": _TOPIC_PHRASE.get(topic, topic)})
                )
                sentence = (
                    recall + sentence[:1].lower() + sentence[1:]
                    if not sentence.startswith("I")
                    else (recall + sentence)
                )
            parts.append(sentence)
            used.append(topic)
        if not parts:  # e.g. a comparison with one brand only
            parts.append(self._stance("opinion"))
            used.append("opinion")
        main = used[0]
        return self._done(parts, main, used, ask=main not in _SOCIAL)

    def _other_one(self) -> ChatReply:
        if len(self.brands) >= 2:
            # the "other one" is the brand mentioned before the most recent one
            other = self.brands[1]
            ctx = self._context(brand=other)
            last = self._last_topic() or "opinion"
            topic = last if last in BANK and last not in ("comparison",) else "opinion"
            level = self._level(topic)
            bank = BANK[topic]
            text = self._pick(bank.get(level) or bank.get("any") or BANK["opinion"]["any"], ctx)
            lead = f"{other}? " if other.lower() not in text.lower() else ""
            return self._done([lead + text], topic, [topic], ask=True)
        text = self._pick(
            [
                "Which other one do you mean? Tell me the name and I'll tell you what I think.",
                "I'm not sure which one you mean. Can you name it?",
            ]
        )
        return self._done([text], "clarify", [], ask=False)

    def _follow_up(self, topic: str | None) -> str:
        # someone who dislikes EMIs or does not care about privacy does not ask about them
        if topic in ("emi", "privacy", "brand", "features") and self._level(topic) == "low":
            return ""
        options = FOLLOW_UPS.get(topic or "", [])
        if not options:
            return ""
        return self._pick(options)

    def _done(self, parts: list[str], topic: str, topics: list[str], *, ask: bool) -> ChatReply:
        # ask something back about half the time, so the chat keeps going without interrogating
        if ask and self.rng.random() < 0.55:
            follow = self._follow_up(topic)
            if follow:
                parts.append(follow)
        elif ask:
            closer = self.rng.choice(CLOSERS)
            if closer and closer not in self.said:
                parts.append(closer)
        text = " ".join(p.strip() for p in parts if p.strip())
        return ChatReply(response=re.sub(r"\s+", " ", text), engine="offline", topic=topic, topics=topics)
