# ruff: noqa: E501  (check tables read better unwrapped)
"""Evaluation harness of persona chat: labelled conversations, checks recomputed from each persona.

A case file holds one conversation per line (JSON)::

    {"id": "laptop-offer", "personas": "every:4", "turns": [
        {"say": "What is your monthly income?", "expect": {"facts": ["income"], "lang": "en"}},
        {"say": "75 hazaar ka laptop, 6 ya 12 mahine ki EMI?",
         "expect": {"facts": ["instalments:75000:6,12"], "stance": "emi:75000:6,12", "lang": "hinglish"}}]}

Each turn played with one persona is a labelled pair; each expectation item is a check whose
expected value is recomputed from that persona (its income, age, budget, instalments ...),
so one case covers many personas truthfully. Every conversation also checks that no sentence
is repeated. :func:`evaluate` returns pass rates; :func:`openings` checks that personas of
different segments never open a reply with the same sentence.

Fact keys: ``income``, ``age``, ``city``, ``devices``, ``languages``, ``family``, ``work``,
``media``, ``emi``, ``name``, ``budget``, ``share:PRICE``, ``instalments:PRICE:M1,M2``,
``mention:TEXT``, ``user_name:NAME``, ``first_question``, ``interests`` (the first of
``profile.interests``, or "nothing in particular" when the data lists none), ``festival``
(``profile.main_festival``). Stance keys: ``verdict:PRICE``,
``emi:PRICE:M1,M2`` or a literal ``positive`` / ``neutral`` / ``negative``. Other keys:
``lang`` (``en``/``hinglish``/``hi``), ``topic``, ``not`` (texts that must not appear),
``any`` (at least one must appear, case-insensitive), ``pure`` (a Hindi reply has no Latin
word but EMI, media and brand names and the persona's own name, city and state).

Examples
--------
>>> cases = [{"id": "x", "personas": "all", "turns": [{"say": "How old are you?", "expect": {"facts": ["age"]}}]}]
>>> persona = {"persona_id": "p", "profile": {"age": 30}}
>>> evaluate(cases, [persona]).check_rate
1.0
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from synthpersona.chat._knowledge import knowledge
from synthpersona.chat._lang import language
from synthpersona.chat._memory import sentences
from synthpersona.chat._offer import budget, instalment
from synthpersona.chat._offline import ChatReply, OfflineEngine
from synthpersona.chat._persona import PersonaView
from synthpersona.chat._words import FESTIVAL_HI, interest_words

__all__ = ["EvalReport", "evaluate", "load_cases", "openings"]

Reply = Callable[[dict[str, Any], str, list[dict[str, str]]], ChatReply]
_DEVANAGARI = re.compile(r"[\u0900-\u097F]")
_HINGLISH = re.compile(
    r"\b(hai|hain|hoon|main|mera|meri|mere|ka|ki|ke|se|mein|nahi|toh|aur|kya|aap|lagbhag)\b", re.I
)
_WORK = {
    "student": ("student", "स्टूडेंट"),
    "salaried": ("salaried", "नौकरी"),
    "self-employed": ("self-employed", "सेल्फ़"),
    "business owner": ("business", "बिज़नेस"),
    "homemaker": ("homemaker", "गृहिणी"),
    "freelancer": ("freelanc", "फ्रीलांस"),
    "retired": ("retired", "रिटायर"),
    "unemployed": ("between jobs|kaam dhoondh", "काम ढूँढ"),
}
_FAMILY = {
    "married": ("married|shaadi", "शादी"),
    "single": ("single", "सिंगल"),
    "divorced": ("divorce", "तलाक़"),
    "widowed": ("widowed|jeevan-saathi", "जीवनसाथी"),
}
_VERDICT_STANCE = {
    "comfortable": "positive",
    "stretch": "neutral",
    "emi_only": "neutral",
    "out_of_reach": "negative",
}


def rupees(x: float) -> str:
    return f"₹{round(x):,}"


@dataclass
class EvalReport:
    """Pass rates of a case set."""

    pairs: int = 0
    pairs_passed: int = 0
    checks: int = 0
    checks_passed: int = 0
    personas: set[str] = field(default_factory=set)
    by_kind: Counter[str] = field(default_factory=Counter)
    failed_by_kind: Counter[str] = field(default_factory=Counter)
    failures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def check_rate(self) -> float:
        return self.checks_passed / self.checks if self.checks else 1.0

    @property
    def pair_rate(self) -> float:
        return self.pairs_passed / self.pairs if self.pairs else 1.0

    def summary(self) -> dict[str, Any]:
        return {
            "pairs": self.pairs,
            "personas": len(self.personas),
            "checks": self.checks,
            "check_pass_rate": round(self.check_rate, 4),
            "pair_pass_rate": round(self.pair_rate, 4),
            "failed_by_kind": dict(self.failed_by_kind),
        }


def load_cases(path: str | Path) -> list[dict[str, Any]]:
    """Conversations of a JSONL case file (blank lines and ``//`` comments skipped)."""
    lines = Path(path).read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.lstrip().startswith("//")]


def _select(spec: Any, personas: Sequence[dict[str, Any]], offset: int) -> list[dict[str, Any]]:
    if spec == "all":
        return list(personas)
    if isinstance(spec, str) and spec.startswith("every:"):
        step = int(spec.split(":")[1])
        return list(personas[offset % step :: step])
    return [personas[i % len(personas)] for i in spec]


def _markers(key: str, p: dict[str, Any], lang: str, first_q: str | None) -> list[str]:
    """Regexes that must all appear in the reply for fact ``key`` of persona ``p``."""
    v = PersonaView.from_dict(p)
    dev = 1 if lang == "hi" else 0
    name, _, arg = key.partition(":")
    if name == "income":
        if v.income_inr:
            return [re.escape(rupees(v.income_inr))]
        return ["income|कमाई|आमदनी"]
    if name == "age":
        return [rf"\b{v.age}\b"]
    if name == "city":
        return [re.escape(v.city)]
    if name == "devices":
        n = v.device_count
        return [rf"\b{n} (device{'s' if n != 1 and lang == 'en' else ''}\b|डिवाइस)"]
    if name == "languages":
        return [re.escape(v.language)]
    if name == "family":
        return [_FAMILY.get(v.marital.lower(), ("family", "परिवार"))[dev]]
    if name == "work":
        return [_WORK.get(v.occupation, (v.occupation, v.occupation))[dev]]
    if name == "media":
        return [re.escape(v.media_main)]
    if name == "emi":
        return [re.escape(f"{round(v.emi * 100)}%")]
    if name == "name":
        return [re.escape(v.first)]
    if name == "budget":
        b = budget(v)
        return [re.escape(rupees(b.low)), re.escape(rupees(b.high))]
    if name == "share":
        b = budget(v)
        share = float(arg) / b.income
        return [
            re.escape(f"{round(share * 100)}%") if share < 1 else rf"\b{round(share)} (month|mahine|महीने)"
        ]
    if name == "instalments":
        price, months = arg.split(":")
        return [re.escape(rupees(instalment(float(price), int(m)))) for m in months.split(",")]
    if name == "interests":
        if not v.interests_known:
            return [re.escape(v.media_main)]  # older persona files: where free time goes
        if not v.interests:
            return ["particular|khaas|ख़ास"]
        return [re.escape(interest_words(v.interests[:1], lang)[0])]
    if name == "festival":
        if not v.festival:
            return ["festival|tyohar|त्योहार"]
        return [re.escape(FESTIVAL_HI.get(v.festival, v.festival) if dev else v.festival)]
    if name in ("mention", "user_name"):
        return [re.escape(arg)]
    if name == "first_question":
        return [re.escape(first_q or "")]
    raise ValueError(f"unknown fact key {key!r}")


def _stance(spec: str, p: dict[str, Any]) -> str:
    name, _, arg = spec.partition(":")
    if name == "verdict":
        return _VERDICT_STANCE[budget(PersonaView.from_dict(p)).verdict(float(arg))]
    if name == "emi":
        b = budget(PersonaView.from_dict(p))
        price, months = arg.split(":")
        if not b.emi_monthly_max:
            return "negative"
        fits = any(b.emi_verdict(float(price), int(m)) == "fits" for m in months.split(","))
        return "positive" if fits else "negative"
    return spec


def _language_ok(reply: ChatReply, lang: str) -> bool:
    text = reply.response
    if lang == "hi":
        return bool(_DEVANAGARI.search(text))
    if _DEVANAGARI.search(text):
        return False
    hinglish = language(text) == "hinglish" or len(_HINGLISH.findall(text)) >= 2
    return hinglish if lang == "hinglish" else not hinglish


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def _pure_hindi(text: str, p: dict[str, Any], said: str) -> bool:
    """No Latin word in a Hindi reply except EMI, media and brand names and the persona's own proper names.

    Brand names are those of the knowledge file and any Latin word of the user's message.
    """
    v = PersonaView.from_dict(p)
    allowed = {"EMI", "UPI", "OTT", "TV", "News", "apps", "Print", "Amazon", "Flipkart", "Blinkit", "Zepto"}
    allowed |= set(_LATIN_WORD.findall(" ".join([v.name, v.city, v.state, v.media, said])))
    allowed |= _brand_words()
    return all(w in allowed for w in _LATIN_WORD.findall(text))


def _brand_words() -> set[str]:
    kb = knowledge()
    return {w for name in (*kb.brands, *kb.products) for w in _LATIN_WORD.findall(name)}


def _checks(
    reply: ChatReply, expect: dict[str, Any], p: dict[str, Any], first_q: str | None, said: str = ""
) -> list[tuple[str, bool]]:
    text = reply.response
    out: list[tuple[str, bool]] = []
    lang = expect.get("lang", "en")
    for key in expect.get("facts", []):
        ok = all(re.search(rx, text, re.I) for rx in _markers(key, p, lang, first_q))
        out.append((f"fact:{key.split(':')[0]}", ok))
    if "lang" in expect:
        out.append(("lang", _language_ok(reply, expect["lang"])))
    if expect.get("pure"):
        out.append(("pure", _pure_hindi(text, p, said)))
    if "stance" in expect:
        out.append(("stance", reply.stance == _stance(expect["stance"], p)))
    if "topic" in expect:
        out.append(("topic", reply.topic == expect["topic"]))
    if "any" in expect:
        out.append(("any", any(a.lower() in text.lower() for a in expect["any"])))
    for bad in expect.get("not", []):
        out.append(("not", bad.lower() not in text.lower()))
    return out


def _engine_reply() -> Reply:
    engine = OfflineEngine()
    return lambda p, m, h: engine.reply(p, m, h)


def evaluate(
    cases: Iterable[dict[str, Any]], personas: Sequence[dict[str, Any]], reply: Reply | None = None
) -> EvalReport:
    """Play every case with its personas and check each turn; see the module docstring."""
    reply = reply or _engine_reply()
    report = EvalReport()
    for n, case in enumerate(cases):
        for p in _select(case.get("personas", "all"), personas, n):
            report.personas.add(PersonaView.from_dict(p).key)
            history: list[dict[str, str]] = []
            said: list[str] = []
            first_q: str | None = None
            for turn in case["turns"]:
                r = reply(p, turn["say"], history)
                if first_q is None and turn.get("question", "?" in turn["say"]):
                    first_q = turn["say"]
                checks = _checks(r, turn.get("expect", {}), p, first_q, turn["say"])
                said += sentences(r.response)
                history += [
                    {"role": "user", "message": turn["say"]},
                    {"role": "persona", "message": r.response},
                ]
                report.pairs += 1
                report.pairs_passed += all(ok for _, ok in checks)
                for kind, ok in checks:
                    report.checks += 1
                    report.checks_passed += ok
                    report.by_kind[kind] += 1
                    if not ok:
                        report.failed_by_kind[kind] += 1
                        report.failures.append(
                            {
                                "case": case["id"],
                                "persona": p.get("persona_name"),
                                "say": turn["say"],
                                "check": kind,
                                "reply": r.response,
                            }
                        )
            repeated = len(said) != len(set(said))
            report.checks += 1
            report.checks_passed += not repeated
            report.by_kind["no_repeat"] += 1
            if repeated:
                report.failed_by_kind["no_repeat"] += 1
                dup = " | ".join(s for s, c in Counter(said).items() if c > 1)
                report.failures.append(
                    {"case": case["id"], "persona": p.get("persona_name"), "check": "no_repeat", "reply": dup}
                )
    return report


def openings(
    messages: Sequence[str], personas: Sequence[dict[str, Any]], reply: Reply | None = None
) -> list[tuple[str, list[str]]]:
    """Turns at which two of ``personas`` open their reply with the same sentence (empty: none)."""
    reply = reply or _engine_reply()
    histories: list[list[dict[str, str]]] = [[] for _ in personas]
    clashes = []
    for m in messages:
        firsts = []
        for p, h in zip(personas, histories, strict=True):
            r = reply(p, m, h)
            firsts.append(sentences(r.response)[0] if r.response else "")
            h += [{"role": "user", "message": m}, {"role": "persona", "message": r.response}]
        if len(set(firsts)) < len(firsts):
            clashes.append((m, firsts))
    return clashes
