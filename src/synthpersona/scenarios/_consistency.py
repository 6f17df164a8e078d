"""Consistency checker: does a generated persona agree with the scenario's facts?

Every generated persona must pass :func:`check_persona` against the facts of its
scenario: counts (children), ages, years, places, channel, emotions, languages,
deadlines, and no detail borrowed from another domain ("patients" for a car buyer,
a warranty for a health claim). Tests run it over many seeds and scenarios.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ._facts import ScenarioFacts
from ._facts_lexicon import CALM_WORDS, EMOTIONS
from ._models import PersonaInstance

__all__ = ["LEAK_MARKERS", "Inconsistency", "check_persona", "leaks", "persona_text", "trace_persona"]


@dataclass(frozen=True)
class Inconsistency:
    """One way a persona contradicts its facts (``kind`` names the fact)."""

    kind: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "message": self.message}


# Marker -> domain families where it belongs. Outside them (and unless the scenario
# itself says it), the marker is a detail borrowed from another domain.
LEAK_MARKERS: dict[str, tuple[str, ...]] = {
    r"\bpatients?\b": ("healthcare",),
    r"\bOPD\b": ("healthcare",),
    r"\bprescri": ("healthcare",),
    r"\bCMEs?\b": ("healthcare",),
    r"\bclinical\b": ("healthcare",),
    r"\bwarranty\b": ("service", "sales"),
    r"\bproduct failed\b": ("service", "sales"),
    r"\bharass(?!ment or abusive)": ("hr",),
    r"\bapology from the colleague\b": ("hr",),
    r"\bInternal Committee\b": ("hr",),
    r"\bmicroaggression": ("hr",),
    r"\bpayment within 30 days\b": ("sales",),
    r"\bvolume of business\b": ("sales",),
    r"\bpregnan": ("healthcare",),
    r"\blabour room\b": ("healthcare",),
    r"\breps? visit": ("healthcare",),
    r"\bmedical reps?\b": ("healthcare",),
    r"\btest drive\b": ("sales",),
}

_IN_PERSON = re.compile(
    r"\b(?:counter|across the desk|across the table|in person|walk(?:s|ed)? in|sitting in front|"
    r"in (?:his|her|their|a) (?:office|consultation room)|at the (?:branch|showroom|store|desk))\b",
    re.I,
)
_REMOTE = re.compile(r"\b(?:phone call|on the phone|on a call|video call|on chat|over chat)\b", re.I)
_WEEKDAY_DEADLINE = re.compile(
    r"\b(?:this|by|on|next)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"\bmonth-end\b|\bbefore month-end\b",
    re.I,
)


def persona_text(persona: PersonaInstance) -> str:
    """Every generated word of a persona as one text (what a leak or a contradiction hides in)."""
    parts: dict[str, Any] = {
        "description": persona.description,
        "role": persona.role,
        "location": persona.location.current_physical_location,
        "archetype": persona.archetype_specific_data,
        "details": persona.detail_categories,
        "rules": persona.conversation_rules,
    }
    return json.dumps(parts, ensure_ascii=False)


def leaks(text: str, domain: str, scenario: str = "") -> list[str]:
    """Markers of another domain found in ``text`` (and not in the scenario itself)."""
    out = []
    for marker, home in LEAK_MARKERS.items():
        if domain in home or re.search(marker, scenario, re.I):
            continue
        m = re.search(marker, text, re.I)
        if m:
            out.append(m.group(0))
    return out


def _count_children(value: Any) -> int:
    text = value if isinstance(value, str) else json.dumps(value)
    if re.match(r"^\s*(?:none|no children)", text, re.I):
        return 0
    return len(re.findall(r"\(\d{1,2}\)", text)) or len(re.findall(r"\b(?:son|daughter)\b", text))


def _emotion_ok(value: str, facts: ScenarioFacts) -> bool:
    low = value.lower()
    if any(w in low for w in CALM_WORDS):
        return False
    # A stated emotion may be a synonym ("worried"): its canonical emotion's words count too.
    canon = {c for e in facts.emotions for c, ws in EMOTIONS.items() if e == c or e in ws}
    words = {w for e in facts.emotions for w in (e, *EMOTIONS.get(e, ()))}
    words |= {w for c in canon for w in (c, *EMOTIONS[c])}
    return any(w in low for w in words)


def check_persona(
    persona: PersonaInstance, facts: ScenarioFacts, *, prompt: str | None = None, scenario: str = ""
) -> list[Inconsistency]:
    """Return every contradiction between ``persona`` (and its ``prompt``) and ``facts``.

    An empty list means the persona agrees with every stated fact.

    Examples
    --------
    >>> check_persona(persona, ScenarioFacts(children=2))  # doctest: +SKIP
    [Inconsistency(kind='children', message='facts say 2 children; family_context lists 1')]
    """
    out: list[Inconsistency] = []
    text = persona_text(persona)
    details = persona.detail_categories

    def bad(kind: str, message: str) -> None:
        out.append(Inconsistency(kind, message))

    if facts.age is not None and persona.age != facts.age:
        bad("age", f"facts say age {facts.age}; persona is {persona.age}")
    if facts.gender is not None and persona.gender != facts.gender:
        bad("gender", f"facts say {facts.gender}; persona is {persona.gender}")
    if facts.city is not None and persona.location.city != facts.city:
        bad("city", f"facts say {facts.city}; persona lives in {persona.location.city}")
    fam = details.get("family_context", {})
    if facts.children is not None and "children" in fam:
        n = _count_children(fam["children"])
        if n != facts.children:
            bad("children", f"facts say {facts.children} children; family_context lists {n}")
    if facts.married is False and (fam.get("spouse_details") or fam.get("marital_status") == "Married"):
        bad("married", "facts say the persona has no spouse; family_context gives one")
    if facts.married is True and fam.get("marital_status") not in (None, "Married"):
        bad("married", f"facts say married; family_context says {fam.get('marital_status')}")
    if facts.years_experience is not None:
        for m in re.finditer(r"(\d{1,2})\s+years of experience|\"years_experience\": (\d{1,2})", text):
            n = int(m.group(1) or m.group(2))
            if n != facts.years_experience:
                bad(
                    "years_experience",
                    f"facts say {facts.years_experience} years of experience; persona says {n}",
                )
                break
    where = persona.location.current_physical_location
    if facts.channel in {"phone", "video", "chat"}:
        hit = _IN_PERSON.search(where) or _IN_PERSON.search(json.dumps(details))
        if hit:
            bad("channel", f"facts say the conversation is by {facts.channel}; persona is {hit.group(0)!r}")
    if facts.channel == "in_person" and _REMOTE.search(where):
        bad("channel", f"facts say in person; persona location is {where!r}")
    if facts.emotions and facts.agitated():
        emo = details.get("emotional_state", {}).get(
            "primary_emotion"
        ) or persona.archetype_specific_data.get("emotional_state")
        if isinstance(emo, str) and emo and not _emotion_ok(emo, facts):
            bad("emotions", f"facts say {', '.join(facts.emotions)}; persona feels {emo!r}")
    langs = persona.location.languages_spoken
    for lang in facts.not_fluent:
        rules_lang = str(persona.conversation_rules.get("language", ""))
        if rules_lang.lower().startswith(lang.lower()) or (prompt and re.search(rf"speak {lang}\b", prompt)):
            bad("languages", f"facts say not fluent in {lang}; persona is told to speak {lang}")
    for lang in facts.languages:
        if lang not in langs:
            bad("languages", f"facts say the persona speaks {lang}; languages_spoken is {langs}")
    if facts.deadlines:
        scen = " ".join(facts.deadlines).lower() + " " + scenario.lower()
        for m in _WEEKDAY_DEADLINE.finditer(text):
            if m.group(0).lower().split()[-1] not in scen:
                bad("deadlines", f"facts say {'; '.join(facts.deadlines)}; persona mentions {m.group(0)!r}")
                break
    for leak in leaks(text + " " + (prompt or ""), facts.domain, scenario):
        bad("domain_leak", f"{leak!r} belongs to another domain than {facts.domain}")
    if scenario:
        out += trace_persona(persona, facts, scenario)
    return out


_AMOUNT = re.compile(
    r"₹\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:lakh|crore))?|\b\d+(?:\.\d+)?\s*(?:lakh|crore)\b"
    r"|\b\d{1,3}(?:,\d{2})*,\d{3}\b|\b\d{4,}\s*rupees?\b",
    re.I,
)
# Detail fields whose amounts are domain-neutral defaults drawn from the persona's income
# (the base persona's one income draw): what they earn, spend, save, owe on a home loan, the
# cover they hold, what a negotiation would gain. Every other amount must be the scenario's.
_DEFAULT_MONEY_KEYS = re.compile(
    r"income|earn|salary|budget|spend|obligation|lifetime_value|target_outcome|walk_away|insurance|"
    r"cover|savings|spouse|investment|financial_(?:priorities|pressures)|price_sensitivity",
    re.I,
)


def _rupees(text: str) -> set[int]:
    """Every amount of ``text`` in rupees ("₹1.6 lakh" -> 160000, "21,500 rupees" -> 21500)."""
    out = set()
    for m in _AMOUNT.finditer(text):
        token = m.group(0).lower()
        number = float(re.sub(r"[^\d.]", "", token.split("lakh")[0].split("crore")[0]) or 0)
        scale = 100_000 if "lakh" in token else 10_000_000 if "crore" in token else 1
        out.add(round(number * scale))
    return out


def _strings(value: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [x for k, v in value.items() for x in _strings(v, f"{path}.{k}" if path else str(k))]
    if isinstance(value, list):
        return [x for v in value for x in _strings(v, path)]
    return [(path, value)] if isinstance(value, str) else []


def trace_persona(persona: PersonaInstance, facts: ScenarioFacts, scenario: str) -> list[Inconsistency]:
    """Facts the persona states that neither the scenario nor a domain-neutral default gives.

    - an amount of money outside the income-derived default fields that the scenario does
      not state (a case's bill, loan or claim comes from the scenario, never from a draw);
    - a city or town other than the persona's own that the scenario does not name;
    - an occupation in the description when the scenario states a different one.

    Examples
    --------
    >>> trace_persona(persona, facts, "A claim of 3.2 lakh was rejected.")  # doctest: +SKIP
    [Inconsistency(kind='untraced_money', message='case_context.claim_amount states 250000; ...')]
    """
    from synthpersona.schema import CITIES

    from ._places import town_states

    out: list[Inconsistency] = []
    stated = _rupees(scenario)
    fields = [
        ("description", persona.description),
        *_strings(persona.detail_categories),
        *_strings(persona.archetype_specific_data, "archetype"),
    ]
    for path, value in fields:
        if _DEFAULT_MONEY_KEYS.search(path):
            continue
        for amount in sorted(_rupees(value) - stated):
            out.append(
                Inconsistency(
                    "untraced_money",
                    f"{path} states {amount} rupees; the scenario states {sorted(stated) or 'no amount'}",
                )
            )
    towns = {c for c, _, _ in CITIES} | set(town_states())
    blob = persona_text(persona)
    for town in sorted(towns - {persona.location.city}):
        # a chain's brand ("Delhi Public School") names no place the persona is tied to
        here = rf"\b{re.escape(town)}\b(?! Public School)"
        if re.search(here, blob) and not re.search(rf"\b{re.escape(town)}\b", scenario):
            out.append(Inconsistency("untraced_place", f"persona names {town}; the scenario does not"))
    job = re.search(r"\bworks as an? ([^.,;]+)", persona.description)
    if job and facts.occupation:
        said = set(re.findall(r"[a-z]{4,}", job.group(1).lower()))
        own = set(re.findall(r"[a-z]{4,}", f"{facts.occupation} {facts.counterpart or ''}".lower()))
        if not said & own:
            out.append(
                Inconsistency(
                    "untraced_occupation",
                    f"description says {job.group(0)!r}; the scenario says {facts.occupation!r}",
                )
            )
    return out
