"""Traceability: every fact a persona states comes from its scenario or a domain-neutral draw.

:func:`trace_persona` recomputes what a generated persona says -- amounts, places, the
occupation, time phrases, durations in years, ages, relatives, languages and the channel --
and reports each one that neither the scenario nor one of the generator's domain-neutral
defaults (the income draw, a drawn spouse and children when the scenario is silent about
them, the state's language) gives. Contradictions of stated facts are
:func:`~synthpersona.scenarios._consistency.check_persona`'s; this module catches what came
from nowhere.
"""

from __future__ import annotations

import re
from typing import Any

from ._consistency import Inconsistency, persona_text
from ._fact_rules import stated_children
from ._facts import ScenarioFacts
from ._facts_lexicon import _LANGS, _NUM, _RELATIVES
from ._models import PersonaInstance

__all__ = ["drop_untraced", "ground_persona", "trace_persona", "unnamed_relatives"]

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
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
# A time phrase that dates an event or a deadline ("last Tuesday", "eight days ago", "by Friday").
_WHEN = re.compile(
    rf"\b(?:last|this|next|by|on|before)\s+(?:{_WEEKDAYS})\b|\b(?:last|next)\s+(?:week|month)\b|"
    r"\b(?:\d+|[a-z]+)\s+(?:hours?|days?|weeks?|months?)\s+ago\b|\byesterday\b|\btomorrow\b|\btonight\b|"
    r"\bmonth-end\b",
    re.I,
)
# Fields that describe a routine or a habit, not when something happened.
_ROUTINE_KEYS = re.compile(
    r"schedule|routine|available_time|commute|hobb|interest|frequency|life_stage", re.I
)
_YEARS = re.compile(
    r"\b(?:for|of|since|over)\s+(\d{1,2}|[a-z]+)\s+years\b|\b(\d{1,2}|[a-z]+) years of\b", re.I
)
# Fields whose years are the generator's own domain-neutral draw (experience, family ages).
_DEFAULT_YEAR_KEYS = re.compile(r"years_experience|family_context|spouse|children|seniority", re.I)
_RELATIVE = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(r) for r in _RELATIVES) + r")(?:s|'s)?(?![\w-])", re.I
)
# A relative the scenario names covers the words for the same people ("parents" = mother, father).
_SAME = {
    "parents": {"mother", "father"},
    "mother": {"parents"},
    "father": {"parents"},
    "in-laws": {"mother-in-law", "father-in-law", "parents-in-law"},
    "parents-in-law": {"in-laws", "mother-in-law", "father-in-law"},
    "mother-in-law": {"in-laws", "parents-in-law"},
    "father-in-law": {"in-laws", "parents-in-law"},
    "brother": {"sibling"},
    "sister": {"sibling"},
}
_CHANNELS = {
    "phone": re.compile(r"\b(?:phone call|on the phone|over the phone|calls? (?:the|a) helpline)\b", re.I),
    "video": re.compile(r"\bvideo call\b", re.I),
    "chat": re.compile(r"\b(?:online chat|on chat|whatsapp chat|typing in)\b", re.I),
}


# A bare number before one of these counts things, not rupees ("3,200 employees").
_COUNTED = re.compile(
    r"\s*(?:employees|people|staff|workers|students|members|users|customers|patients|beds|branches|"
    r"stores|shops|km|kms|kg|litres|acres|units|students|followers|subscribers|visitors|calls)\b",
    re.I,
)


def _rupees(text: str) -> set[int]:
    """Every amount of ``text`` in rupees ("₹1.6 lakh" -> 160000, "21,500 rupees" -> 21500)."""
    out = set()
    for m in _AMOUNT.finditer(text):
        token = m.group(0).lower()
        if (
            token[:1].isdigit()
            and "lakh" not in token
            and "crore" not in token
            and _COUNTED.match(text, m.end())
        ):
            continue
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


def _fields(persona: PersonaInstance) -> list[tuple[str, str]]:
    return [
        ("description", persona.description),
        *_strings(persona.detail_categories),
        *_strings(persona.archetype_specific_data, "archetype"),
    ]


def _number(token: str) -> int | None:
    return int(token) if token.isdigit() else _NUM.get(token.lower())


def _money(fields: list[tuple[str, str]], scenario: str) -> list[Inconsistency]:
    out = []
    stated = _rupees(scenario)
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
    return out


def _places(persona: PersonaInstance, scenario: str) -> list[Inconsistency]:
    from synthpersona.schema import CITIES

    from ._gloss import gloss
    from ._places import latin_towns, town_states

    out = []
    towns = {c for c, _, _ in CITIES} | set(town_states())
    blob = persona_text(persona)
    told = f"{scenario}\n{latin_towns(gloss(scenario))}"  # "दिल्ली", "सतना" in a Hindi scenario
    for town in sorted(towns - {persona.location.city}):
        # a chain's brand ("Delhi Public School") names no place the persona is tied to
        here = rf"\b{re.escape(town)}\b(?! Public School)"
        if re.search(here, blob) and not re.search(rf"\b{re.escape(town)}\b", told):
            out.append(Inconsistency("untraced_place", f"persona names {town}; the scenario does not"))
    return out


def _occupation(persona: PersonaInstance, facts: ScenarioFacts) -> list[Inconsistency]:
    job = re.search(r"\bworks as an? ([^.,;]+)", persona.description)
    if not (job and facts.occupation):
        return []
    said = set(re.findall(r"[a-z]{4,}", job.group(1).lower()))
    own = set(re.findall(r"[a-z]{4,}", f"{facts.occupation} {facts.counterpart or ''}".lower()))
    if said & own:
        return []
    return [  # the scenario states the occupation: another one contradicts it
        Inconsistency(
            "occupation", f"description says {job.group(0)!r}; the scenario says {facts.occupation!r}"
        )
    ]


def _trades(persona: PersonaInstance, scenario: str) -> list[Inconsistency]:
    """A business named after a trade ("Yadav Mobile Gallery") when the scenario states another."""
    from ._banks import bank

    cues: dict[str, str] = bank("roles")["trade_words"]
    low = scenario.lower()
    stated = [trade for cue, trade in cues.items() if re.search(rf"\b(?:{cue})", low)]
    if not stated:
        return []
    blob = persona_text(persona)
    return [
        Inconsistency(
            "untraced_occupation", f"persona names a {trade} business; the scenario states {stated}"
        )
        for trade in dict.fromkeys(cues.values())
        if trade not in stated and re.search(rf"\b{re.escape(trade)}\b", blob)
    ]


def _times(fields: list[tuple[str, str]], facts: ScenarioFacts, scenario: str) -> list[Inconsistency]:
    """Dated events and deadlines: once the scenario dates things, the persona's dates are its own."""
    told = f"{scenario} {' '.join(facts.deadlines)}".lower()
    if not _WHEN.search(told) and not facts.deadlines:
        return []  # the scenario dates nothing: the generator's dates are free
    out = []
    for path, value in fields:
        if _ROUTINE_KEYS.search(path):
            continue
        for m in _WHEN.finditer(value):
            phrase = m.group(0).lower()
            if phrase not in told and phrase.split()[-1] not in told.split():
                out.append(
                    Inconsistency("untraced_time", f"{path} says {m.group(0)!r}; the scenario does not")
                )
    return out


def _durations(fields: list[tuple[str, str]], facts: ScenarioFacts, scenario: str) -> list[Inconsistency]:
    """A number of years (a customer's tenure, a job's length) is the scenario's when it gives one."""
    told = {n for m in _YEARS.finditer(scenario) if (n := _number(m.group(1) or m.group(2))) is not None}
    for m in re.finditer(r"\b(\d{1,2}|[a-z]+)[- ]years?\b", scenario, re.I):
        n = _number(m.group(1))
        if n is not None:
            told.add(n)
    if facts.years_experience is not None:
        told.add(facts.years_experience)
    if not told:
        return []
    out = []
    for path, value in fields:
        if _DEFAULT_YEAR_KEYS.search(path):
            continue
        for m in _YEARS.finditer(value):
            if facts.years_experience is None and value[m.end() :].startswith(" experience"):
                continue  # the drawn experience (a domain-neutral default) of an unstated career
            n = _number(m.group(1) or m.group(2))
            if n is not None and n not in told:
                out.append(
                    Inconsistency("untraced_duration", f"{path} says {m.group(0)!r}; the scenario does not")
                )
    return out


def _ages(persona: PersonaInstance, scenario: str) -> list[Inconsistency]:
    out = []
    for m in re.finditer(
        r"\b(\d{1,3})-year-old\b(?!\s+(?:son|daughter|boy|girl|child|father|mother))", persona.description
    ):
        if int(m.group(1)) != persona.age:
            out.append(
                Inconsistency("untraced_age", f"description says {m.group(0)!r}; persona is {persona.age}")
            )
    kids = str(persona.detail_categories.get("family_context", {}).get("children", ""))
    for child in stated_children(scenario):
        if child["age"] is None:
            continue
        noun = {"Male": "son", "Female": "daughter"}.get(child["gender"] or "", "")
        if not re.search(rf"\b{noun}\b[^,;]*\({child['age']}\)" if noun else rf"\({child['age']}\)", kids):
            out.append(
                Inconsistency(
                    "untraced_age",
                    f"the scenario's {child['age']}-year-old {noun or 'child'} is not in {kids!r}",
                )
            )
    return out


def unnamed_relatives(text: str, facts: ScenarioFacts, scenario: str) -> list[str]:
    """Relatives ``text`` names that the scenario does not, once the scenario names the persona's relatives.

    A scenario silent about relatives leaves the generator free (an empty list).

    Examples
    --------
    >>> f = ScenarioFacts(family=["wife", "daughter"])
    >>> unnamed_relatives("Lives with his in-laws and his father", f, "his wife and daughter")
    ['in-laws', 'father']
    """
    named = {m for m in facts.family if m not in {"family", "baby", "children", "kids"}}
    if not named:
        return []
    allowed = set(named) | {r for n in named for r in _SAME.get(n, set())}
    allowed |= {m.group(1).lower() for m in _RELATIVE.finditer(scenario.lower())}
    return [m.group(1).lower() for m in _RELATIVE.finditer(text) if m.group(1).lower() not in allowed]


def _relatives(fields: list[tuple[str, str]], facts: ScenarioFacts, scenario: str) -> list[Inconsistency]:
    """Once the scenario names the persona's relatives, no other relative is invented."""
    out = []
    for path, value in fields:
        for who in unnamed_relatives(value, facts, scenario):
            out.append(Inconsistency("untraced_family", f"{path} names a {who}; the scenario does not"))
    return out


def _languages(persona: PersonaInstance, facts: ScenarioFacts, scenario: str) -> list[Inconsistency]:
    from synthpersona.schema import STATE_LANGUAGE

    own = STATE_LANGUAGE.get(persona.location.state or "", "")
    allowed = {"English", "Hindi", own, *facts.languages, *facts.not_fluent}
    allowed |= {lang for lang in _LANGS if re.search(rf"\b{lang}\b", scenario, re.I)}
    out = []
    where = persona.location.state or persona.location.city
    for lang in persona.location.languages_spoken:
        if lang not in allowed:
            out.append(
                Inconsistency(
                    "untraced_language",
                    f"persona speaks {lang}; neither the scenario nor {where} gives it",
                )
            )
    return out


def _channel(persona: PersonaInstance, facts: ScenarioFacts, scenario: str) -> list[Inconsistency]:
    if facts.channel is None:
        return []
    out = []
    text = f"{persona.location.current_physical_location} {persona_text(persona)}"
    for channel, rx in _CHANNELS.items():
        m = rx.search(text)
        if channel != facts.channel and m and not rx.search(scenario):
            out.append(
                Inconsistency(
                    "untraced_channel", f"persona is on {m.group(0)!r}; the scenario says {facts.channel}"
                )
            )
    return out


def trace_persona(persona: PersonaInstance, facts: ScenarioFacts, scenario: str) -> list[Inconsistency]:
    """Facts the persona states that neither the scenario nor a domain-neutral default gives.

    - an amount of money outside the income-derived default fields that the scenario does
      not state (a case's bill, loan or claim comes from the scenario, never from a draw);
    - a city or town other than the persona's own that the scenario does not name;
    - an occupation in the description when the scenario states a different one (kind
      ``occupation``: a contradiction of a stated fact);
    - a dated event or deadline ("last Tuesday", "by Friday") once the scenario dates things;
    - a number of years (tenure, a job's length) once the scenario gives durations in years;
    - an age: the description's own age, and the age of a child the scenario describes;
    - a relative the scenario does not name, once it names the persona's relatives;
    - a language neither the scenario nor the persona's state gives;
    - a channel (phone, video, chat) other than the stated one.

    Examples
    --------
    >>> trace_persona(persona, facts, "A claim of 3.2 lakh was rejected.")  # doctest: +SKIP
    [Inconsistency(kind='untraced_money', message='case_context.claim_amount states 250000; ...')]
    """
    fields = _fields(persona)
    return [
        *_money(fields, scenario),
        *_places(persona, scenario),
        *_occupation(persona, facts),
        *_trades(persona, scenario),
        *_times(fields, facts, scenario),
        *_durations(fields, facts, scenario),
        *_ages(persona, scenario),
        *_relatives(fields, facts, scenario),
        *_languages(persona, facts, scenario),
        *_channel(persona, facts, scenario),
    ]


def _untraced_place(value: str, city: str, scenario: str) -> bool:
    from synthpersona.schema import CITIES

    from ._places import town_states

    for town in ({c for c, _, _ in CITIES} | set(town_states())) - {city}:
        if re.search(rf"\b{re.escape(town)}\b(?! Public School)", value) and not re.search(
            rf"\b{re.escape(town)}\b", scenario
        ):
            return True
    return False


def _other_channel(value: str, facts: ScenarioFacts, scenario: str) -> bool:
    """True when ``value`` puts the conversation on another channel than the stated one."""
    return facts.channel is not None and any(
        channel != facts.channel and rx.search(value) and not rx.search(scenario)
        for channel, rx in _CHANNELS.items()
    )


def _untraced_field(path: str, value: str, facts: ScenarioFacts, scenario: str, city: str) -> bool:
    field = [(path, value)]
    return bool(
        _money(field, scenario)
        or _times(field, facts, scenario)
        or _durations(field, facts, scenario)
        or _relatives(field, facts, scenario)
        or _untraced_place(value, city, scenario)
        or _other_channel(value, facts, scenario)
    )


def _grounded_languages(persona: PersonaInstance, facts: ScenarioFacts, scenario: str) -> list[str]:
    """``languages_spoken`` without a language neither the scenario nor a declared default gives."""
    from synthpersona.schema import STATE_LANGUAGE

    own = STATE_LANGUAGE.get(persona.location.state or "", "")
    allowed = {"English", "Hindi", own, *facts.languages}
    allowed |= {lang for lang in _LANGS if re.search(rf"\b{lang}\b", scenario, re.I)}
    kept = [lang for lang in persona.location.languages_spoken if lang in allowed]
    kept = [lang for lang in kept if lang not in facts.not_fluent]
    return kept or list(facts.languages) or [own or "Hindi"]


def _grounded_description(
    persona: PersonaInstance, facts: ScenarioFacts, scenario: str
) -> tuple[str, list[str]]:
    """The description with each untraced sentence dropped and a contradicting occupation replaced.

    The first sentence says who the persona is: its occupation becomes the scenario's when they
    differ; any later sentence stating an untraced amount, town, date, duration, relative or
    channel is left out.
    """
    city = persona.location.city or ""
    sents = re.split(r"(?<=[.!?])\s+(?=[A-Z])", persona.description.strip())
    dropped: list[str] = []
    first = sents[0] if sents else ""
    if _occupation(persona, facts) and facts.occupation:
        first = re.sub(
            r"\bworks as an? [^.,;]+", f"works as {_a_or_an(facts.occupation.lower())}", first, count=1
        )
        dropped.append("description.occupation")
    kept = [first] if first else []
    for i, sent in enumerate(sents[1:], start=1):
        if _untraced_field("description", sent, facts, scenario, city):
            dropped.append(f"description[{i}]")
        else:
            kept.append(sent)
    return " ".join(kept), dropped


def _a_or_an(text: str) -> str:
    return f"{'an' if text[:1] in 'aeiou' else 'a'} {text}"


def ground_persona(
    persona: PersonaInstance, facts: ScenarioFacts, scenario: str
) -> tuple[PersonaInstance, list[str]]:
    """The persona with its description, languages and channel grounded like its details.

    :func:`drop_untraced` keeps the detail fields traceable; this does the same for what the
    persona says about itself outside them: the description (an untraced sentence is dropped, a
    contradicting occupation replaced by the scenario's), ``languages_spoken`` (only the
    scenario's languages and the declared defaults: English, Hindi, the state's language) and
    the archetype data's channel phrases. Returns the new persona and the paths changed.

    Examples
    --------
    >>> p, changed = ground_persona(persona, facts, scenario)  # doctest: +SKIP
    >>> changed  # doctest: +SKIP
    ['location.languages_spoken', 'description[2]']
    """
    changed: list[str] = []
    langs = _grounded_languages(persona, facts, scenario)
    location = persona.location
    if langs != list(location.languages_spoken):
        location = location.model_copy(update={"languages_spoken": langs})
        changed.append("location.languages_spoken")
    description, dropped = _grounded_description(persona, facts, scenario)
    changed += dropped
    archetype = dict(persona.archetype_specific_data)
    changed += [
        f"archetype.{p}" for p in drop_untraced(archetype, facts, scenario, persona.location.city or "")
    ]
    if not changed:
        return persona, []
    update = {"location": location, "description": description, "archetype_specific_data": archetype}
    return persona.model_copy(update=update), changed


def drop_untraced(
    details: dict[str, Any], facts: ScenarioFacts, scenario: str, city: str, path: str = ""
) -> list[str]:
    """Remove, in place, every detail value that states a fact nothing traces (see :func:`trace_persona`).

    An amount, a town, a date, a number of years or a relative that neither the scenario nor a
    domain-neutral default gives is not reported and kept: the field (or list item) is dropped,
    so the persona never says it. Returns the paths dropped.

    Examples
    --------
    >>> d = {"case_context": {"claim": "A claim of ₹2,50,000", "status": "Rejected"}}
    >>> drop_untraced(d, ScenarioFacts(), "Her claim of 3.2 lakh was rejected.", "Pune")
    ['case_context.claim']
    >>> d
    {'case_context': {'status': 'Rejected'}}
    """
    dropped: list[str] = []
    for key, value in list(details.items()):
        here = f"{path}.{key}" if path else str(key)
        if isinstance(value, dict):
            dropped += drop_untraced(value, facts, scenario, city, here)
        elif isinstance(value, list):
            kept = [
                v
                for v in value
                if not (isinstance(v, str) and _untraced_field(here, v, facts, scenario, city))
            ]
            if len(kept) != len(value):
                details[key] = kept
                dropped.append(here)
        elif isinstance(value, str) and _untraced_field(here, value, facts, scenario, city):
            del details[key]
            dropped.append(here)
    return dropped
