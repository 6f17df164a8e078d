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

from ._fact_rules import stated_relative_ages
from ._facts import ScenarioFacts
from ._facts_lexicon import CALM_WORDS, EMOTIONS
from ._models import PersonaInstance

__all__ = [
    "LEAK_MARKERS",
    "Inconsistency",
    "_rupees",
    "check_persona",
    "family_jobs",
    "leaks",
    "off_channel",
    "persona_text",
    "told_to_speak",
    "trace_persona",
]


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


# "speak English" is an instruction; "does not speak English" (the scenario quoted) is not.
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever|\bcannot|\bcan't)\s+(?:\w+\s+)?$", re.I)


def told_to_speak(prompt: str, lang: str) -> bool:
    """True when ``prompt`` tells the persona to speak ``lang`` (a negated mention is not an instruction).

    Examples
    --------
    >>> told_to_speak("He does not speak English.", "English"), told_to_speak("Speak English.", "English")
    (False, True)
    """
    return any(
        not _NEGATED.search(prompt[: m.start()]) for m in re.finditer(rf"\bspeak {lang}\b", prompt, re.I)
    )


def off_channel(text: str, channel: str | None, scenario: str = "") -> bool:
    """True when ``text`` places the persona on another channel than ``channel`` says.

    A phrase the scenario itself uses is not a contradiction of it.

    Examples
    --------
    >>> off_channel("A named person at the branch", "phone"), off_channel("On a phone call", "phone")
    (True, False)
    """
    if channel in {"phone", "video", "chat"}:
        hit = _IN_PERSON.search(text)
    elif channel == "in_person":
        hit = _REMOTE.search(text)
    else:
        return False
    return bool(hit) and not re.search(re.escape(hit.group(0)), scenario, re.I)  # type: ignore[union-attr]


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


# Living parents a persona of 65 or more would not have; "Lives with parents", "parents' health".
_PARENTS_ALIVE = re.compile(
    r"\b(?:parents?(?:'s?)? (?:live|lives|call|health|medical|healthcare)|lives with (?:his |her )?parents|"
    r"(?:elderly|ageing|aging) (?:father|mother|parents?)|mother-in-law has|parents-in-law)\b",
    re.I,
)
_LAST_BIRTH = {"Female": 45, "Male": 55}  # the oldest a parent is at a child's birth


def family_ages(persona: PersonaInstance, scenario: str = "") -> list[tuple[str, str]]:
    """Family members' ages that do not fit the persona's age or the scenario's statements.

    A child is born when the parent is 16 to 45 (a mother) or 55 (a father); a persona of 65 or
    more has no living parents unless the scenario says so; a relative's age the scenario
    states ("her father, 78") is the age the persona gives.

    Examples
    --------
    >>> family_ages(persona)  # doctest: +SKIP
    [('ages', 'a 10-year-old child for a 67-year-old Male persona')]
    """
    out: list[tuple[str, str]] = []
    fam = persona.detail_categories.get("family_context", {})
    last = _LAST_BIRTH.get(persona.gender or "", 55)
    for m in re.finditer(r"\((\d{1,2})\)", str(fam.get("children", ""))):
        gap = persona.age - int(m.group(1))
        if gap < 16:  # a parent is at least 16 years older than a child
            out.append(("children", f"a {m.group(1)}-year-old child for a {persona.age}-year-old persona"))
        elif gap > last:
            out.append(
                (
                    "ages",
                    f"a {m.group(1)}-year-old child for a {persona.age}-year-old {persona.gender} persona",
                )
            )
    low = scenario.lower()
    if persona.age >= 65 and not re.search(r"\b(?:mother|father|parents)\b", low):
        hit = _PARENTS_ALIVE.search(persona_text(persona))
        if hit:
            out.append(("ages", f"a {persona.age}-year-old persona with living parents ({hit.group(0)!r})"))
    if fam:
        said = json.dumps(fam, ensure_ascii=False)
        for who, ages in stated_relative_ages(scenario).items():
            if who in {"wife", "husband"} and "spouse_details" not in fam:
                continue
            for age in ages:
                if not re.search(rf"\b{age}\b", said):
                    out.append(("ages", f"the scenario's {who} is {age}; family_context does not say so"))
    return out


_JOB_STOP = frozenset(
    {"retired", "works", "work", "with", "from", "that", "their", "at", "the", "and", "runs", "owns"}
)


def _job_stem(word: str) -> str:
    """A trade word without its agent or verb ending: "teacher", "teaches" -> "teach"."""
    w = word.rstrip("s")
    for suffix in ("er", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


def _job_words(text: str) -> set[str]:
    """Content words of an occupation ("a retired bank manager" -> {"bank", "manag"}).

    Stemmed so that a trade said with a verb agrees with its noun ("teaches at a school" and
    "teacher" share "teach").
    """
    return {_job_stem(w) for w in re.findall(r"[a-z]{3,}", text.lower())} - _JOB_STOP


# "Brother who is a nurse", "sister-in-law, a teacher", "husband works as a driver" in a generated text.
_SAID_JOB = r"(?:,\s+an?|,?\s+who is an?|\s+is an?|\s+works as an?)\s+([a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)"


def family_jobs(persona: PersonaInstance, facts: ScenarioFacts) -> list[str]:
    """Relatives given another occupation than the scenario states ("her husband, a bank cashier").

    The spouse's occupation in ``family_context`` and any "<relative> is a/works as a ..." in the
    persona must share a word with the stated one.

    Examples
    --------
    >>> family_jobs(persona, ScenarioFacts(family_jobs=["husband: bank cashier"]))  # doctest: +SKIP
    ["facts say the husband is 'bank cashier'; the spouse is 'pharmacist at a hospital'"]
    """
    jobs = dict(j.split(":", 1) for j in facts.family_jobs if ":" in j)
    jobs = {who.strip().lower(): job.strip() for who, job in jobs.items() if job.strip()}
    if not jobs:
        return []
    out = []
    fam = persona.detail_categories.get("family_context", {})
    spouse = str(fam.get("spouse_details") or "")
    stated = next((jobs[w] for w in ("husband", "wife") if w in jobs), None)
    if stated and spouse:
        parts = re.sub(r"\s*\(earns[^)]*\)", "", spouse).split(",", 2)
        # "Vivek Mahato, 48": name and age, no occupation said (not a contradiction)
        drawn = parts[2] if len(parts) == 3 else ""
        if drawn.strip() and not _job_words(drawn) & _job_words(stated):
            out.append(f"facts say the spouse is {stated!r}; family_context gives {drawn.strip()!r}")
    text = persona_text(persona)
    for who, job in jobs.items():
        for m in re.finditer(rf"\b{re.escape(who)}\b(?!-in-law)" + _SAID_JOB, text, re.I):
            if not _job_words(m.group(1)) & _job_words(job):
                out.append(f"facts say the {who} is {job!r}; persona says {m.group(0)!r}")
                break
    return out


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
    for kind, message in family_ages(persona, scenario):
        bad(kind, message)
    for message in family_jobs(persona, facts):
        bad("occupation", message)
    living = str(fam.get("living_situation") or "").split(";")[0]
    if living.startswith("Lives with") and scenario:
        from ._facts_where import away_relatives

        for who in away_relatives(scenario, facts.city):
            if re.search(rf"\b{who}s?\b(?!-in-law)", living):  # a mother-in-law at home is not the mother
                bad(
                    "family", f"the scenario places the {who} in another town; family_context says {living!r}"
                )
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
        if rules_lang.lower().startswith(lang.lower()) or (prompt and told_to_speak(prompt, lang)):
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


from ._trace import _rupees, trace_persona  # noqa: E402  (trace_persona reads persona_text)
