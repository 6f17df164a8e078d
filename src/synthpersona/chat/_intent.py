# ruff: noqa: E501  (pattern tables read better unwrapped)
"""What a message asks: topics (rules first, sentence embeddings behind them), slots and markers.

Rules are the cue patterns of the topic registry in English, Hinglish and Hindi. When
no rule matches, the message is compared with the registry's example messages using
the offline multilingual sentence-embedding model; the examples are embedded once per
process and each message once (both cached), so the rules path stays well under a
millisecond and the model is only loaded when a message needs it.

Examples
--------
>>> i = detect("Would a 6 or 12 month EMI on the ₹75,000 Asus ROG change your mind?")
>>> i.main, i.prices, i.months, [m.name for m in i.mentions]
('emi', (75000,), (6, 12), ['ROG Strix G16'])
>>> detect("aap mahine ka kitna kamate ho?").topics[:1], detect("aap mahine ka kitna kamate ho?").lang
(('self_income',), 'hinglish')
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from synthpersona.chat._knowledge import Mention, knowledge
from synthpersona.chat._lang import language
from synthpersona.chat._slots import months, prices
from synthpersona.chat._topics import TOPICS

__all__ = ["EMBED_THRESHOLD", "Intent", "detect", "needs_embedding"]

# cosine similarity (multilingual-e5-small) above which the nearest example's topic is taken
EMBED_THRESHOLD = 0.86

_WHY = re.compile(
    r"^\s*(why|how come|what makes you say|why not|why so|explain|because\?|reason|kyun|kyu|kyon|kis liye)\b|^\s*क्यों",
    re.I,
)
_OTHER = re.compile(
    r"\b(the other one|other one|the other|what about (the )?(second|first|other)|and the other|dusra wala|doosra wala|dusre ka)\b",
    re.I,
)
_MORE = re.compile(
    r"^\s*(tell me more|go on|and\??$|more\??$|elaborate|such as|like what|for example|anything else|what else|aur batao|aur bataiye|aur kuch)\b",
    re.I,
)
_YES = re.compile(
    r"^\s*(yes|yeah|yep|sure|ok(ay)?|right|true|exactly|definitely|of course|absolutely|haan|haa|ji haan|theek hai|bilkul)\b[\s.!]*$",
    re.I,
)
_NO = re.compile(r"^\s*(no|nope|nah|not really|never|not at all|nahi|nahin|bilkul nahi)\b[\s.!]*$", re.I)
_WHAT_ABOUT = re.compile(r"^\s*(what|how) about\s+(.+?)[?.!]*$", re.I)
_QUESTION = re.compile(
    r"\?\s*$|^\s*(what|why|how|which|who|where|when|would|will|do|does|did|is|are|can|could|should|have|has|kya|kitna|kaun|kahan|kaise)\b",
    re.I,
)
_OWN = re.compile(
    r"\b(my|mine|i (have|own|use|bought|got|already have)|mera|meri|mere|mere paas)\b|मेरा|मेरी|मेरे", re.I
)
_YOURS = re.compile(r"\b(you|your|aap|tum|tumhara|aapka)\b|आप", re.I)
_NAME = re.compile(
    r"\b(?:my name is|call me|mera naam|myself)\s+([A-Za-z][a-z]+)|\b(?:i am|i'm|this is)\s+([A-Z][a-z]+)\b|"
    r"\bmain\s+([A-Z][a-z]+)\s+(?:hoon|hu|hun)\b|मेरा नाम\s+([^\s?।!.]+)",
    re.I,
)
_NOT_NAMES = frozenset(
    [
        "kya",
        "क्या",
        "कौन",
        "fine",
        "good",
        "not",
        "interested",
        "looking",
        "here",
        "just",
        "also",
        "sure",
        "ok",
        "okay",
        "from",
        "a",
        "an",
        "the",
        "very",
        "so",
        "really",
        "thinking",
        "asking",
        "curious",
        "new",
        "trying",
        "back",
        "happy",
        "sorry",
    ]
)

# the generic topics yield to specific ones when both match; self facts win over the cue words
# they share with offer topics ("kitne device" is not a price question)
_GENERIC = ("opinion", "purchase", "smalltalk", "tech", "greeting", "thanks")
_SHADOWED = {
    "self_income": ("price",), "self_devices": ("tech", "price"), "self_channel": ("shopping", "purchase"),
    "self_media": ("media",), "self_age": ("price",), "self_household": ("price", "self_income", "self_family"),
    "recall_name": ("self_name",), "self_interests": ("tech",),
    "identity": ("self_name", "self_work", "self_city", "self_age"),  # an introduction states all four
}  # fmt: skip


@dataclass(frozen=True)
class Intent:
    """What a message is about, with its slots."""

    text: str
    lang: str = "en"
    topics: tuple[str, ...] = ()
    prices: tuple[int, ...] = ()
    months: tuple[int, ...] = ()
    mentions: tuple[Mention, ...] = ()
    category: str | None = None
    owned: tuple[str, ...] = ()  # mentions the user owns ("my laptop is an HP")
    user_name: str | None = None
    why: bool = False
    other: bool = False
    more: bool = False
    yes: bool = False
    no: bool = False
    question: bool = False
    what_about: str | None = None
    via: str = "rules"  # "rules", "embedding" or "none"

    @property
    def main(self) -> str | None:
        return self.topics[0] if self.topics else None

    @property
    def brands(self) -> list[str]:
        """Brands named (a product counts as its brand)."""
        return list(dict.fromkeys(m.brand for m in self.mentions))

    @property
    def offered(self) -> tuple[Mention, ...]:
        """Mentions that are not the user's own things."""
        return tuple(m for m in self.mentions if m.name not in self.owned)

    @property
    def facts_asked(self) -> tuple[str, ...]:
        return tuple(f for t in self.topics if (f := TOPICS[t].fact))


def _prioritise(topics: list[str], has_price: bool) -> list[str]:
    if "recall_said" in topics:  # "what did you say about the price?" asks for memory, not a new answer
        about = [t for t in topics if TOPICS[t].kind == "offer"]
        return ["recall_said", *about]
    for t in list(topics):
        for shadow in _SHADOWED.get(t, ()):
            if shadow in topics and not (shadow == "price" and has_price):
                topics.remove(shadow)
    order = {"memory": 0, "self": 1, "offer": 2, "offtopic": 3, "social": 4}
    lead = [t for t in topics if t in ("greeting", "ai_probe")]
    specific = [t for t in topics if t not in _GENERIC and t not in lead]
    specific.sort(key=lambda t: order[TOPICS[t].kind])
    generic = sorted((t for t in topics if t in _GENERIC and t not in lead), key=_GENERIC.index)
    if not specific:
        return lead + generic
    return specific + lead + generic


def _owned(text: str, mentions: list[Mention]) -> tuple[str, ...]:
    out = []
    for m in mentions:
        before = text[max(0, m.start - 40) : m.start]
        clause = re.split(r"[.!?;,]| but | or | ya | aur ", before)[-1]
        own = _OWN.search(clause)
        if own and not _YOURS.search(clause[own.end() :]):
            out.append(m.name)
    return tuple(out)


def _user_name(text: str) -> str | None:
    m = _NAME.search(text)
    if not m:
        return None
    name = next(g for g in m.groups() if g)
    if name.lower() in _NOT_NAMES:
        return None
    return name[:1].upper() + name[1:]


class _Examples:
    """Example messages of every topic, embedded once per process (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._matrix: np.ndarray | None = None
        self.owner: list[str] = [t.name for t in TOPICS.values() for _ in t.examples]
        self.texts: tuple[str, ...] = tuple(e for t in TOPICS.values() for e in t.examples)

    def matrix(self) -> np.ndarray:
        if self._matrix is None:
            with self._lock:
                if self._matrix is None:
                    from synthpersona import embeddings

                    mat = np.stack([embeddings.embed_query(t) for t in self.texts])
                    self._matrix = mat
        return self._matrix

    def nearest(self, text: str) -> tuple[str, float]:
        from synthpersona import embeddings

        sims = self.matrix() @ embeddings.embed_query(text)
        best = int(np.argmax(sims))
        return self.owner[best], float(sims[best])


EXAMPLES = _Examples()


def _embedded_topic(text: str) -> str | None:
    try:
        topic, score = EXAMPLES.nearest(text)
    except (ImportError, OSError, RuntimeError):  # no model: the rules alone answer
        return None
    return topic if score >= EMBED_THRESHOLD else None


@lru_cache(maxsize=8192)
def detect(message: str, *, embed: bool = True) -> Intent:
    """Topics (most specific first), slots and follow-up markers of ``message``.

    ``embed=False`` skips the embedding matcher (rules only).
    """
    text = message.strip()
    found = [name for name, t in TOPICS.items() if t.pattern.search(text)]
    kb = knowledge()
    mentions = kb.find(text)
    owned = _owned(text, mentions)
    price_list = prices(text)
    month_list = months(text)
    offered = [m for m in mentions if m.name not in owned]
    if len(offered) >= 2 and "comparison" not in found:
        found.append("comparison")
    if month_list and "emi" not in found and re.search(r"\b(month|mahin|saal|year)|महीन", text, re.I):
        found.append("emi")
    if price_list and "price" not in found:
        found.append("price")
    flags = _flags(text)
    user = _user_name(text)
    if offered and not found:
        found.append("opinion")
    via = "rules" if found else "none"
    if _unmatched(text, found, flags, user) and embed:
        topic = _embedded_topic(text)
        if topic:
            found, via = [topic], "embedding"
    wa = _WHAT_ABOUT.match(text)
    return Intent(
        text=text,
        lang=language(text),
        topics=tuple(_prioritise(found, bool(price_list))),
        prices=tuple(price_list),
        months=tuple(month_list),
        mentions=tuple(mentions),
        category=kb.category_in(text) or (mentions[0].category if mentions else None),
        owned=owned,
        user_name=user,
        question=bool(_QUESTION.search(text)),
        what_about=wa.group(2).strip() if wa else None,
        via=via,
        **flags,
    )


def _unmatched(text: str, found: list[str], flags: dict[str, bool], user: str | None) -> bool:
    return not found and not any(flags.values()) and not user and len(text.split()) >= 2


def needs_embedding(message: str) -> bool:
    """Whether answering ``message`` needs the sentence-embedding model (no rule matches it).

    The model takes seconds to load and milliseconds per message, so callers on an event
    loop run such replies in a worker thread.
    """
    i = detect(message, embed=False)
    return i.via == "none" and _unmatched(i.text, list(i.topics), _flags(i.text), i.user_name)


def _flags(text: str) -> dict[str, bool]:
    return {
        "why": bool(_WHY.search(text)),
        "other": bool(_OTHER.search(text)),
        "more": bool(_MORE.search(text)),
        "yes": bool(_YES.match(text)),
        "no": bool(_NO.match(text)),
    }
