# ruff: noqa: E501  (pattern tables read better unwrapped)
"""Composing one offline reply: answer what was asked, in the message's language and the persona's voice."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import Any

from synthpersona.chat import _bank as B
from synthpersona.chat import _phrases as P
from synthpersona.chat._context import Context, build_context, persona_words, thing_of
from synthpersona.chat._facts import Fact, facts, rupees
from synthpersona.chat._intent import Intent
from synthpersona.chat._knowledge import Mention, knowledge
from synthpersona.chat._memory import Memory, sentences
from synthpersona.chat._offer import Budget, budget, instalment
from synthpersona.chat._persona import PersonaView
from synthpersona.chat._topics import TOPICS
from synthpersona.chat._voice import Voice
from synthpersona.chat._words import FACT_PHRASE_HI, hindi, hindi_thing

__all__ = ["Composer", "Draft"]

_WTP = re.compile(
    r"\b(how much (would|will|can|could) you (pay|spend)|your budget|willing to pay|max(imum)? (price|budget)|"
    # "the most you'd spend", "how much are you ready to pay", "your price range", "upper limit"
    r"(most|max(imum)?|highest|top) (that )?(you'?d|you would|you can|you'?ll|you will|you could) (pay|spend)|"
    r"(ready|prepared|able|happy) to (pay|spend)|price range|spending limit|upper limit|"
    r"kitne tak|kitna (de|doge|dogi|kharch)|budget (kya|kitna)|kitna budget|kitne ka budget|"
    r"zyada se zyada|jyada se jyada)\b|कितना दे|बजट क्या|बजट कितना|ज़्यादा से ज़्यादा|ज्यादा से ज्यादा",
    re.I,
)
_GAMES = re.compile(r"\b(games?|gaming|play|khelte|khelti)\b|खेल", re.I)
_VERDICT_STANCE = {
    "comfortable": "positive",
    "stretch": "neutral",
    "emi_only": "neutral",
    "out_of_reach": "negative",
}
_LEVEL_STANCE = {
    ("purchase", "low"): "positive", ("purchase", "medium"): "neutral", ("purchase", "high"): "neutral",
    ("price", "high"): "negative", ("price", "medium"): "neutral", ("price", "low"): "positive",
    ("emi", "high"): "positive", ("emi", "medium"): "neutral", ("emi", "low"): "negative",
    ("privacy", "high"): "negative", ("privacy", "medium"): "neutral", ("privacy", "low"): "positive",
    ("brand", "high"): "positive", ("quality", "low"): "positive",
}  # fmt: skip
_NO_OPENER = ("social", "memory")


class Draft:
    """The reply being built: sentences, the facts and evidence behind them, the stance."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.facts: list[str] = []
        self.evidence: list[dict[str, Any]] = []
        self.stance: str | None = None
        self.topics: list[str] = []


class Composer:
    """One reply of persona ``view`` to ``intent`` given ``memory`` (see ``OfflineEngine``)."""

    def __init__(
        self,
        view: PersonaView,
        intent: Intent,
        memory: Memory,
        rng: random.Random,
        voice: Voice,
        known: tuple[dict[str, Fact], Budget, dict[str, str]] | None = None,
    ) -> None:
        self.v = view
        self.intent = intent
        self.mem = memory
        self.rng = rng
        self.voice = voice
        short = len(intent.text.split()) <= 3 and intent.lang == "en"
        self.lang = memory.lang if short and memory.lang else intent.lang
        self.offered: list[Mention] = list(intent.offered) + [
            m for m in memory.offered if m.name not in {x.name for x in intent.offered}
        ]
        own_only = bool(intent.owned) and not intent.offered
        self.category = (None if own_only else intent.category) or (
            self.offered[0].category if self.offered else memory.category
        )
        self.focus = self.offered[0] if self.offered else None
        thing, plural = thing_of(self.focus, self.category)
        self.facts, self.budget, self._words = known or (facts(view), budget(view), persona_words(view))
        self.ctx = self._context(thing, plural)
        self.said = set(memory.said)
        self.d = Draft()
        self.asides: list[str] = []  # said after the answer (the user's own product)

    def _context(self, thing: str, plural: bool) -> Context:
        if self.lang != "en" and thing.startswith("the "):
            thing = thing[4:]  # "ROG Strix G16 ke baare mein", not "the ROG ..."
        ctx = build_context(self.v, thing, plural, [m.brand for m in self.offered], self._words)
        if self.lang == "hi":  # the persona's data and the product words in Devanagari
            ctx.update(
                thing=hindi_thing(ctx["thing"]),
                thing_cap=hindi_thing(ctx["thing"]),
                thing_or_shopping=hindi_thing(ctx["thing_or_shopping"]),
                thing_or_this=hindi_thing(ctx["thing_or_this"]),
                care1_lc=hindi(self.v.cares[0]),
                care2_lc=hindi(self.v.cares[1]),
                barrier_lc=hindi(self.v.barrier),
            )
        return ctx

    # -- sentence picking --------------------------------------------------------------------------
    def fmt(self, template: str, **extra: Any) -> str:
        ctx = Context({**self.ctx, **{k: str(v) for k, v in extra.items()}}) if extra else self.ctx
        return template.format_map(ctx)

    def pick(self, options: Sequence[str], **extra: Any) -> str:
        """A variant not said before in this conversation (any variant when all were)."""
        return self._pick(options, False, extra)

    def pick_fresh(self, options: Sequence[str]) -> str:
        """A variant not said before in this conversation, else nothing."""
        return self._pick(options, True, {})

    def _pick(self, options: Sequence[str], fresh_only: bool, extra: dict[str, Any]) -> str:
        rendered = [self.fmt(o, **extra) for o in options if o]
        said = self.said
        fresh = [r for r in rendered if not any(s in said for s in sentences(r))] if said else rendered
        if not fresh and (fresh_only or not rendered):
            return ""
        choice = self.rng.choice(fresh or rendered)
        self.said.update(sentences(choice))
        return choice

    def local(self, table: dict[str, list[str]]) -> list[str]:
        return table.get(self.lang) or table["en"]

    def level(self, topic: str) -> str:
        driver = TOPICS[topic].driver if topic in TOPICS else None
        if driver == "emi":
            return "high" if self.v.emi >= 0.45 else "medium" if self.v.emi >= 0.2 else "low"
        return str(getattr(self.v, driver)) if driver else "any"

    def stance_sentence(self, topic: str) -> str:
        t = TOPICS[topic]
        by_level = t.stances.get(self.lang) or t.stances.get("en") or {}
        level = self.level(topic)
        options = by_level.get(level) or by_level.get("any") or next(iter(by_level.values()), [])
        self.d.stance = self.d.stance or _LEVEL_STANCE.get((topic, level))
        text = self.pick(options)
        if text and self._said_on(topic, exclude=text):
            return self._recall(topic, text)
        anchors = B.ANCHORS.get(topic, {}).get(self.lang)
        if text and anchors and not self.d.parts and self.v.age is not None:
            lead = self.rng.choice(anchors)
            if not any(lead.split("{")[0] and s.startswith(lead.split("{")[0]) for s in self.said):
                text = self.fmt(lead, age=self.v.age) + _lower_first(text, self.v)
                self.said.update(sentences(text))
        return text

    def _said_on(self, topic: str, exclude: str) -> bool:
        """Whether the persona already said one of this topic's stance sentences (in any language)."""
        if not self.mem.said:  # a first message: nothing said yet (skips rendering every variant)
            return False
        for by_level in TOPICS[topic].stances.values():
            for options in by_level.values():
                for o in options:
                    rendered = self.fmt(o)
                    if rendered != exclude and any(s in self.mem.said for s in sentences(rendered)):
                        return True
        return False

    def _recall(self, topic: str, text: str) -> str:
        phrase = TOPICS[topic].phrase.get(self.lang) or TOPICS[topic].phrase.get("en", topic)
        lead = self.pick(self.local(P.RECALL), topic_phrase=phrase)
        return lead + (text if text.startswith(("I ", "I'", "EMI")) else text[:1].lower() + text[1:])

    # -- answers -------------------------------------------------------------------------------------
    def fact(self, key: str) -> None:
        f: Fact | None = self.facts.get(key)
        if f is None:
            return
        text = f.text[self.lang]
        if text in self.mem.persona_text or text in self.said:  # said before (perhaps after an opener)
            lead = self.local(P.RECALL)[1 if self.lang != "hi" else 0]
            phrase = FACT_PHRASE_HI.get(key, key) if self.lang == "hi" else key.replace("_", " ")
            text = self.fmt(lead, topic_phrase=phrase) + (
                text if text.startswith("I") else text[:1].lower() + text[1:]
            )
        self.said.update(sentences(text))
        self.d.parts.append(text)
        self.d.facts.append(key)
        self.d.evidence.extend(f.evidence)

    def identity(self) -> None:
        v = self.v
        age = f", {v.age}" if v.age else ""
        city = f", from {v.city}" if v.city else ""
        intro = {
            "en": f"I'm {v.name}{age}{city}.",
            "hinglish": f"Main {v.name} hoon"
            + (f", {v.age} saal {'ki' if v.female else 'ka'}" if v.age else "")
            + (f", {v.city} se" if v.city else "")
            + ".",
            "hi": f"मैं {v.name} हूँ"
            + (f", {v.age} साल {'की' if v.female else 'का'}" if v.age else "")
            + (f", {v.city} से" if v.city else "")
            + "।",
        }[self.lang]
        self.d.parts.append(intro)
        self.said.add(intro)
        for key in ("name", "age", "city"):
            if key in self.facts:
                self.d.facts.append(key)
                self.d.evidence.extend(self.facts[key].evidence)
        self.fact("work")

    def games(self) -> None:
        lines = {
            "high": {
                "en": "Games? A bit, on my phone; I'm pretty into tech.",
                "hinglish": "Games? Thoda bahut phone pe khel leta hoon, tech mein interest hai.",
                "hi": "गेम्स? थोड़ा-बहुत फ़ोन पर, टेक में दिलचस्पी है।",
            },
            "medium": {
                "en": "Games? Only the odd casual game on my phone.",
                "hinglish": "Games? Kabhi kabhi phone pe casual game, bas.",
                "hi": "गेम्स? कभी-कभी फ़ोन पर, बस।",
            },
            "low": {
                "en": "Games? Not really, I'm not much of a tech person.",
                "hinglish": "Games? Nahi, main itna tech wala nahi hoon.",
                "hi": "गेम्स? नहीं, मैं ज़्यादा टेक वाला नहीं हूँ।",
            },
        }[self.v.tech][self.lang]
        self.d.parts.append(self.fmt(lines))
        self.d.evidence.append(
            {"field": "personality_traits.tech_savviness", "value": self.v.traits.get("tech_savviness")}
        )

    def _share(self, amount: float) -> dict[str, str]:
        b = self.budget
        share = b.share(amount)
        own = b.basis == "own income"
        if share < 1:
            pct = f"{round(share * 100)}%"
            return {
                "share": f"about {pct} of {'my monthly income' if own else 'our monthly household budget'}",
                "share_hg": f"meri mahine ki {'kamai' if own else 'ghar ki budget'} ka lagbhag {pct}",
                "share_hi": f"मेरी महीने की {'कमाई' if own else 'घर के बजट'} का लगभग {pct}",
            }
        months = round(share)
        word = "month" if months == 1 else "months"
        return {
            "share": f"about {months} {word} of {'my income' if own else 'our household budget'}",
            "share_hg": f"lagbhag {months} mahine ki {'kamai' if own else 'ghar ka budget'}",
            "share_hi": f"लगभग {months} महीने की कमाई" if own else f"घर के लगभग {months} महीने के बजट जितना",
        }

    def verdict(self, amount: int) -> None:
        b = self.budget
        verdict = b.verdict(amount)
        text = self.pick(
            self.local(P.PRICE_VERDICT[verdict]),
            price=rupees(amount),
            low=rupees(b.low),
            high=rupees(b.high),
            **self._share(amount),
        )
        self.d.parts.append(text)
        self.d.stance = _VERDICT_STANCE[verdict]
        self.d.facts.append("budget")
        self.d.evidence.extend(b.evidence)

    def wtp(self) -> None:
        b = self.budget
        basis = {
            "own income": ("my income", "meri income", "मेरी आमदनी"),
        }.get(b.basis, ("our household budget", "ghar ke budget", "घर के बजट"))
        self.d.parts.append(
            self.pick(
                self.local(P.WTP),
                low=rupees(b.low),
                high=rupees(b.high),
                basis_en=basis[0],
                basis_hg=basis[1],
                basis_hi=basis[2],
            )
        )
        self.d.facts.append("budget")
        self.d.evidence.extend(b.evidence)

    def item(self, mention: Mention) -> int | None:
        """Say what the named product or brand is; return its typical price when known."""
        kb = knowledge()
        brand = kb.brand(mention.brand)
        known_for = brand.known_for if brand else mention.brand
        rng = kb.price_of(mention, self.category)
        label = thing_of(mention, self.category)[0]
        if self.lang != "en" and label.startswith("the "):
            label = label[4:]
        if rng and rng[1] > 0:
            to = {"en": "to", "hinglish": "se", "hi": "से"}[self.lang]
            span = rupees(rng[0]) if rng[0] == rng[1] else f"{rupees(rng[0])} {to} {rupees(rng[1])}"
            self.d.parts.append(
                self.pick(
                    self.local(P.ITEM),
                    item=label,
                    item_cap=label[:1].upper() + label[1:],
                    known_for=known_for,
                    known_for_cap=known_for[:1].upper() + known_for[1:],
                    range=span,
                )
            )
            self.d.evidence.append(
                {
                    "field": "knowledge.brands",
                    "item": label,
                    "price_inr": list(rng),
                    "source": "chat/data/brands.json",
                }
            )
            return int(round((rng[0] + rng[1]) / 2 / 500) * 500)
        self.d.parts.append(
            self.pick(
                self.local(P.ITEM_NO_PRICE),
                item_cap=label[:1].upper() + label[1:],
                known_for_cap=known_for[:1].upper() + known_for[1:],
            )
        )
        return None

    def judge(self, mention: Mention) -> bool:
        """The persona's verdict on a named item at its typical price, then what the item is."""
        start = len(self.d.parts)
        typical = self.item(mention)
        if typical:
            self.verdict(typical)
            self.d.parts.append(self.d.parts.pop(start))
        return typical is not None

    def price(self) -> None:
        if self.intent.prices:
            self.verdict(self.intent.prices[0])
        elif self.intent.offered and self.judge(self.intent.offered[0]):
            pass
        elif _WTP.search(self.intent.text):
            self.wtp()
        elif self.mem.last_price:
            self.verdict(self.mem.last_price)
        else:
            self.d.parts.append(self.stance_sentence("price"))

    def emi(self) -> None:
        price = (self.intent.prices or (self.mem.last_price,))[0]
        if price is None and self.focus is not None:
            rng = knowledge().price_of(self.focus, self.category)
            price = int(round(sum(rng) / 2 / 500) * 500) if rng and rng[1] else None
        durations = self.intent.months or ((6, 12) if price else ())
        if price and durations:
            self._emi_lines(price, durations)
        elif durations:
            self.d.parts.append(self.stance_sentence("emi"))
            self.d.parts.append(
                self.pick(self.local(P.EMI_NEED_PRICE), months_text=" / ".join(map(str, durations)))
            )
        else:
            self.d.parts.append(self.stance_sentence("emi"))

    def _emi_lines(self, price: int, durations: Sequence[int]) -> None:
        b = self.budget
        own = b.basis == "own income"
        ref = (
            ("my income", "meri income", "मेरी आमदनी")
            if own
            else ("our household budget", "ghar ke budget", "घर के बजट")
        )
        lines = []
        for n in durations:
            inst = instalment(price, n)
            pct = f"{round(100 * inst / b.income)}%" if b.income else "n/a"
            lines.append(
                self.fmt(
                    P.EMI_LINE[self.lang],
                    months=n,
                    inst=rupees(inst),
                    pct=pct,
                    income_ref=ref[0],
                    income_ref_hg=ref[1],
                    income_ref_hi=ref[2],
                )
            )
        fitting = [n for n in durations if b.emi_verdict(price, n) == "fits"]
        kind = "no_emi" if not b.emi_monthly_max else "fits" if fitting else "too_much"
        best = min(fitting) if fitting else durations[-1]
        joiner = {"en": "; ", "hinglish": "; ", "hi": "; "}[self.lang]
        self.d.parts.append(
            self.pick(
                self.local(P.EMI_ANSWER[kind]), price=rupees(price), lines=joiner.join(lines), best=best
            )
        )
        self.d.stance = {"fits": "positive", "too_much": "negative", "no_emi": "negative"}[kind]
        self.d.facts.append("emi_instalments")
        self.d.evidence.extend(b.evidence)

    def compare(self) -> None:
        items = self.offered[:2]
        kb = knowledge()
        ranges = [kb.price_of(m, self.category) for m in items]
        if len(items) < 2 or not all(r and r[1] for r in ranges):
            if len(self.offered) >= 2 or len(self.intent.brands) >= 2:
                self.d.parts.append(self.stance_sentence("comparison"))
            return
        (a, ra), (b_, rb) = sorted(zip(items, ranges, strict=True), key=lambda x: x[1][0])  # type: ignore[index]
        assert ra is not None and rb is not None
        bud = self.budget
        to = {"en": "to", "hinglish": "se", "hi": "से"}[self.lang]
        span = lambda r: f"{rupees(r[0])} {to} {rupees(r[1])}"  # noqa: E731
        extra = {
            "a": a.name,
            "b": b_.name,
            "range_a": span(ra),
            "range_b": span(rb),
            "low": rupees(bud.low),
            "high": rupees(bud.high),
        }
        if ra[0] > bud.emi_high:
            alt = self._alternative(a.category)
            kind, pick = "neither", None
            the = "the " if self.lang == "en" else ""
            label = knowledge().label(a.category)
            cheaper = {"en": f"a much cheaper {label}", "hinglish": f"kaafi sasta {label}"}
            extra["alt"] = f"{the}{alt}" if alt else cheaper.get(self.lang, f"काफ़ी सस्ता {hindi_thing(label)}")
            self.d.stance = "negative"
        elif self.v.price == "low" and rb[0] <= bud.emi_high:
            kind, pick = "better", b_.name
            self.d.stance = "positive"
        else:
            kind, pick = "cheaper", a.name
            self.d.stance = "positive" if ra[0] <= bud.high else "neutral"
        self.d.parts.append(self.pick(self.local(P.COMPARE[kind]), pick=pick or "", **extra))
        self.d.evidence.append(
            {"field": "knowledge.brands", "items": [a.name, b_.name], "source": "chat/data/brands.json"}
        )
        self.d.evidence.extend(bud.evidence)

    def _alternative(self, category: str | None) -> str | None:
        kb = knowledge()
        fits = [
            p
            for p in kb.products.values()
            if p.category == category and 0 < p.price_inr[0] <= self.budget.emi_high
        ]
        if not fits:
            return None
        return max(fits, key=lambda p: p.price_inr[0]).name

    def opinion(self, topic: str) -> None:
        if self.intent.offered:
            self.judge(self.intent.offered[0])
            return
        if topic == "purchase" and self.mem.last_price:
            self.verdict(self.mem.last_price)
            return
        self.d.parts.append(self.stance_sentence(topic))

    def opinion_on_focus(self) -> None:
        """Talk about ``self.focus`` (after "what about the other one?")."""
        thing, plural = thing_of(self.focus, self.category)
        self.ctx = self._context(thing, plural)
        self.d.topics.append("opinion")
        assert self.focus is not None
        rng = knowledge().price_of(self.focus, self.category)
        if rng and rng[1]:
            self.judge(self.focus)
            return
        last = next(
            (
                t
                for i in reversed(self.mem.user)
                for t in i.topics
                if TOPICS[t].stances and TOPICS[t].kind == "offer"
            ),
            "opinion",
        )
        topic = "opinion" if last == "comparison" else last
        text = self.stance_sentence(topic)
        name = self.focus.name
        self.d.parts.append(text if name.lower() in text.lower() else f"{name}? {text}")

    # -- memory ----------------------------------------------------------------------------------------
    def memory(self, topic: str) -> None:
        if topic == "recall_first":
            q = self.mem.first_question
            mine = self.mem.reply_to(q) if q else None
            if q:
                self.d.parts.append(self.pick(self.local(P.RECALL_FIRST), q=q, mine=mine or "…"))
            else:
                self.d.parts.append(self.pick(self.local(P.RECALL_NONE)))
        elif topic == "recall_name":
            user = self.mem.user_name
            self.d.parts.append(
                self.pick(self.local(P.RECALL_NAME), user=user)
                if user
                else self.pick(self.local(P.RECALL_NO_NAME))
            )
        else:
            about = next((t for t in self.intent.topics if TOPICS[t].kind == "offer"), None)
            said = (self.mem.reply_on(about) if about else None) or self.mem.last_persona_sentence()
            self.d.parts.append(
                self.pick(self.local(P.RECALL_SAID), said=said)
                if said
                else self.pick(self.local(P.RECALL_SAID_NONE))
            )

    # -- the reply --------------------------------------------------------------------------------------
    def answer(self, topic: str) -> None:
        t = TOPICS[topic]
        self.d.topics.append(topic)
        if t.kind == "memory":
            self.memory(topic)
        elif t.kind == "self":
            if topic == "identity":
                self.identity()
            elif topic == "self_interests" and _GAMES.search(self.intent.text):
                self.games()
                self.fact("interests")
            elif t.fact:
                self.fact(t.fact)
        elif topic == "price":
            self.price()
        elif topic == "emi":
            self.emi()
        elif topic == "comparison":
            self.compare()
        elif topic in ("opinion", "purchase"):
            self.opinion(topic)
        elif topic == "greeting" and any(r == "persona" for r, _ in self.mem.turns):
            self.d.parts.append(self.pick(self.local(B.GREETING_AGAIN)))
        else:
            self.d.parts.append(self.stance_sentence(topic))

    def why(self) -> None:
        last = next((t for i in reversed(self.mem.user) for t in i.topics if TOPICS[t].kind == "offer"), None)
        reasons = list(TOPICS[last].why) if last and TOPICS[last].why else list(B.WHY_DEFAULT)
        if self.lang != "en":
            reasons = B.WHY_LOCAL[self.lang]
        self.d.parts.append(self.pick(reasons))
        self.d.topics.append(last or "why")

    def follow_up(self, topic: str | None) -> str:
        if not topic or topic not in TOPICS:
            return ""
        if topic in ("emi", "privacy", "brand", "features") and self.level(topic) == "low":
            return ""
        options = TOPICS[topic].follow_ups.get(self.lang) or ()
        return self.pick_fresh(list(options)) if options else ""

    def opener(self, text: str) -> str:
        opener = self.voice.opener(self.lang, self.rng)
        first = text.split(" ", 1)[0].strip(",.!?:")
        if not opener or first.lower() in {
            o.strip(",.:").lower().split()[0] for o in self.voice.openers[self.lang]
        }:
            return text
        if (
            opener.strip(",.:").lower() in text.lower()
        ):  # "Sach bolun toh, ... Sach bolun toh mere bas ka nahi"
            return text
        if opener.endswith((",", "that", "ki", "कि")) and not _keeps_case(first, self.v):
            text = text[:1].lower() + text[1:]
        return f"{opener} {text}"


def _keeps_case(word: str, v: PersonaView) -> bool:
    if not word or word == "I" or word.startswith("I'") or word.isupper() or not word[:1].isalpha():
        return True
    if word in (v.first, v.city, v.name.split()[-1]) or (v.festival and word == v.festival.split()[0]):
        return True
    return bool(knowledge().find(word))


def _lower_first(text: str, v: PersonaView) -> str:
    first = text.split(" ", 1)[0].strip(",.!?:")
    return text if _keeps_case(first, v) else text[:1].lower() + text[1:]
