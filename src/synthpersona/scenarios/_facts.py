"""Scenario understanding: the facts a scenario states about the persona (the counterpart).

A trainer's scenario text says who the learner is, who the AI plays (the
*counterpart*), and facts about that person: age, family with counts, emotions,
worries, deadlines, money, language ability, channel. :func:`extract_facts` reads
them with patterns (offline, deterministic); the result is a :class:`ScenarioFacts`
a trainer can correct before generation, and every generated detail must agree with it.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from synthpersona.schema import CITIES, CITY_ALIASES, CITY_STATE

from ._facts_lexicon import (
    _AGE_RES,
    _CHANNEL_RES,
    _CHILD_NOUNS,
    _DEADLINE,
    _DOMAIN_PRIORITY,
    _FAMILY,
    _LANGS,
    _MONEY,
    _NOT_CALL,
    _NUM,
    _NUMRE,
    _YEARS_EXP,
    DOMAINS,
    EMOTIONS,
    HR_CONVERSATIONS,
    SPECIALISED_DOMAINS,
    Channel,
)
from ._facts_people import CALENDAR_WORDS, counterpart, gender_of, learner, sentences
from ._templates import ScenarioTemplate, scenario_text

__all__ = ["DOMAINS", "ScenarioFacts", "domain_of", "extract_facts", "template_domain", "template_facts"]


def _num(token: str) -> int | None:
    t = token.lower()
    if t.isdigit():
        return int(t)
    return _NUM.get(t)


class ScenarioFacts(BaseModel):
    """Facts a scenario states about the persona; every generated detail must agree with them.

    ``None``/empty means "not stated" (the engine is free to choose). A trainer may
    correct any field before generation (CLI ``--facts``, API ``facts``).

    Examples
    --------
    >>> f = extract_facts("You are a car sales consultant. Ravi, a 40-year-old father of two, "
    ...                   "walks in with his wife. He is worried about the EMI.")
    >>> (f.counterpart, f.age, f.children, f.married, f.channel)
    ('father of two', 40, 2, True, 'in_person')
    """

    model_config = ConfigDict(extra="forbid")

    counterpart: str | None = Field(default=None, description="Who the persona is (the AI's role)")
    learner: str | None = Field(default=None, description="Who the trainee plays (never the persona)")
    name: str | None = None
    age: int | None = Field(default=None, ge=1, le=110)
    gender: Literal["Female", "Male", "Non-binary"] | None = None
    city: str | None = None
    place: str | None = Field(default=None, description="Where the conversation happens")
    channel: Channel | None = None
    domain: str = "general"
    married: bool | None = None
    children: int | None = Field(
        default=None, ge=0, le=12, description="Exact number of children, when stated"
    )
    family: list[str] = Field(default_factory=list, description="Family members who exist")
    relationships: list[str] = Field(default_factory=list)
    emotions: list[str] = Field(default_factory=list)
    worries: list[str] = Field(default_factory=list)
    deadlines: list[str] = Field(default_factory=list)
    money: list[str] = Field(default_factory=list)
    years_experience: int | None = Field(default=None, ge=0, le=70)
    occupation: str | None = Field(
        default=None, description="What the persona does for a living, when stated"
    )
    languages: list[str] = Field(default_factory=list, description="Languages the persona speaks well")
    not_fluent: list[str] = Field(default_factory=list, description="Languages the persona is not fluent in")
    goals: list[str] = Field(default_factory=list)
    objections: list[str] = Field(default_factory=list)
    about: str = Field(default="", description="The scenario sentences about the persona")

    def agitated(self) -> bool:
        """True when a stated emotion rules out a calm persona."""
        calm_ok = {"polite", "hopeful", "determined", "guarded", "sceptical"}
        return any(e not in calm_ok for e in self.emotions)


def domain_of(text: str, learner_sentence: str = "") -> str:
    """The domain family of a scenario text (``general`` when nothing matches).

    The sentence saying who the learner is ("a chat support agent for a bank") names the
    organisation the conversation belongs to, so its cue words weigh three times.
    """
    low = f" {text.lower()} "
    own = f" {learner_sentence.lower()} "
    if HR_CONVERSATIONS.search(low):
        return "hr"
    scores = {d: sum(low.count(k) + 2 * own.count(k) for k in kws) for d, kws in DOMAINS.items()}
    best = max(scores.values())
    if best == 0:
        return "general"
    return next(d for d in _DOMAIN_PRIORITY if scores[d] == best)


def template_domain(text: str, family: str) -> str:
    """The label of a drafted template: a specialised domain of ``family`` when its cues occur.

    Examples
    --------
    >>> template_domain("A medical rep details a new drug to a cardiologist.", "sales")
    'pharma_sales'
    >>> template_domain("A customer complains about a refund.", "service")
    'service'
    """
    low = f" {text.lower()} "
    scores = {
        name: sum(low.count(k) for k in cues)
        for name, (fam, cues) in SPECIALISED_DOMAINS.items()
        if family in (fam, "general")
    }
    best = max(scores, key=lambda name: scores[name], default=None)
    return best if best is not None and scores[best] else family


def _persona_text(text: str, learner_idx: list[int]) -> str:
    sents = sentences(text)
    keep = []
    for i, s in enumerate(sents):
        if i in learner_idx:
            # Keep what follows the learner's clause in the same sentence ("You call Mrs. X, a ...").
            s = re.sub(r"^.*?\b(?:you|learner)\b[^.]*?(?:\.|$)", "", s, flags=re.I) if "," not in s else s
        keep.append(s)
    return " ".join(keep)


_CHILD_AGE_NOUNS = frozenset(
    {"boy", "girl", "son", "daughter", "baby", "child", "kid", "grandson", "granddaughter"}
)
_RELATIVE_NOUNS = frozenset(_FAMILY) | {f"{f}s" for f in _FAMILY}


def _age(text: str) -> int | None:
    for m in _AGE_RES[0].finditer(text):
        noun = m.group("noun").lower()
        if noun in _CHILD_AGE_NOUNS:
            continue
        before = text[: m.start()].rstrip().lower()
        if noun in _RELATIVE_NOUNS and re.search(r"\b(?:his|her|their|whose|my|your)$", before):
            continue  # "whose 70-year-old father": a relative's age; "a 41-year-old father" is the persona's
        n = _num(m.group(1))
        if n and n >= 16:
            return n
    for rx in _AGE_RES[1:]:
        m2 = rx.search(text)
        if m2:
            n = int(m2.group(1))
            if 16 <= n <= 105:
                return n
    return None


def _family(text: str, role: str | None) -> tuple[list[str], int | None, bool | None]:
    low = text.lower()
    fam: list[str] = []

    def add(x: str) -> None:
        if x not in fam:
            fam.append(x)

    alt = "|".join(re.escape(f) for f in _FAMILY)
    for m in re.finditer(r"\b(?:his|her|their)\s+(?:[a-z0-9-]+\s+){0,2}?(" + alt + r")(?:'s|s)?\b", low):
        add(m.group(1))
    for m in re.finditer(
        r"\b(?:has|with|and)\s+(?:an?|one|two|three)\s+(?:[a-z0-9-]+\s+){0,2}?(son|daughter|baby)s?\b", low
    ):
        add(m.group(1))
    for m in re.finditer(
        r"\b(grandchildren|grandson|granddaughter|in-laws|(?:mother|father|daughter|son|sister|brother)-in-law)\b",
        low,
    ):
        add(m.group(1))
    children: int | None = None
    parent_of = re.search(r"\b(?:father|mother|parent)\s+of\s+" + _NUMRE + r"\b(?!\s*-?year)", low)
    if parent_of:
        children = _num(parent_of.group(1))
    n_kids = re.search(r"\b" + _NUMRE + r"\s+(?:[a-z-]+\s+)?(?:children|kids|sons|daughters)\b", low)
    if children is None and n_kids and _num(n_kids.group(1)):
        children = _num(n_kids.group(1))
    for m in re.finditer(
        r"\b(?:father|mother|parent)\s+of\s+(?:an?\s+)?(?:[a-z0-9-]+\s+){0,3}?(boy|girl|son|daughter|baby)\b",
        low,
    ):
        add(_CHILD_NOUNS[m.group(1)])
    if re.search(r"\bfirst (?:child|baby|pregnancy)\b", low) and "pregnan" in low:
        children = 0
    singles = re.findall(r"\b(?:a|an|one)\s+(?:[a-z0-9-]+\s+){0,2}?(son|daughter|baby)\b", low)
    if (
        children is None
        and len(singles) >= 2
        and re.search(
            r"\b(?:son|daughter|baby)\s+and\s+an?\b|\band\s+an?\s+(?:[a-z0-9-]+\s+){0,2}?(?:son|daughter|baby)\b",
            low,
        )
    ):
        children = len(singles)
    if children is None and re.search(r"\bno (?:children|kids)\b|\bchildless\b", low):
        children = 0
    married: bool | None = None
    if re.search(
        r"\b(widow|widowed|widower|divorced|single (?:mother|father|parent)|unmarried|husband died|wife died|"
        r"husband passed|wife passed|lost (?:her|his) (?:husband|wife)|late (?:husband|wife))\b",
        low,
    ):
        married = False
    elif re.search(
        r"\b(married|his wife|her husband|with (?:his|her) (?:wife|husband)|and his wife|and her husband)\b",
        low,
    ):
        married = True
    r = (role or "").lower()
    if re.search(r"\bhusband\b", r):
        add("wife")
        married = True
    if re.search(r"\bwife\b", r):
        add("husband")
        married = True
    if married is False:
        fam = [f for f in fam if f not in {"wife", "husband"}]
    return fam, children, married


def _clauses(text: str, rx: re.Pattern[str]) -> list[str]:
    out = []
    for s in sentences(text):
        for m in rx.finditer(s):
            frag = m.group(0).strip(" ,.")
            if frag and frag not in out:
                out.append(frag)
    return out


def _worries(text: str) -> list[str]:
    rx = re.compile(
        r"\b(?:worr(?:y|ies|ied)(?: about| that)?|fears?(?: that)?|afraid(?: of| that)?|scared(?: of| that)?|"
        r"concerned(?: about| that)?|anxious about)\s+(?P<w>[^.;]+)",
        re.I,
    )
    out = []
    for m in rx.finditer(text):
        w = re.split(r"\s+(?:and|but)\s+(?:he|she|they|has|is)\b", m.group("w"))[0].strip(" ,")
        if len(w) > 3 and w not in out:
            out.append(w)
    return out


def _money(text: str) -> list[str]:
    out = []
    for s in sentences(text):
        if not _MONEY.search(s):
            continue
        for clause in re.split(r"[,;]\s+|\s+and\s+(?=[a-z]+s\b)", s):
            clause = clause.strip(" .")
            # "..., which is 90,000 more than the estimate": an Indian-grouped amount beside a rupee one
            if (
                _MONEY.search(clause) or re.search(r"\b\d{1,3}(?:,\d{2})*,\d{3}\b", clause)
            ) and clause not in out:
                out.append(clause)
    return out


def _languages(text: str) -> tuple[list[str], list[str]]:
    speaks: list[str] = []
    not_fluent: list[str] = []
    lang = "|".join(_LANGS)
    for m in re.finditer(
        r"\bnot (?:fluent|comfortable|confident|good)\s+(?:in|with)\s+(" + lang + r")", text, re.I
    ):
        not_fluent.append(m.group(1).title())
    for m in re.finditer(
        r"\b(?:struggles with|cannot speak|can't speak|does not speak|doesn't speak)\s+(" + lang + r")",
        text,
        re.I,
    ):
        not_fluent.append(m.group(1).title())
    for m in re.finditer(
        r"\bspeaks?\s+only\s+((?:" + lang + r")(?:\s*(?:,|and|or)\s*(?:" + lang + r"))*)", text, re.I
    ):
        found = re.findall(lang, m.group(1), re.I)
        speaks += [f.title() for f in found]
        if "english" not in m.group(1).lower():
            not_fluent.append("English")
    for m in re.finditer(
        r"\b(?:not much|little|very little|no|limited|poor|broken|reads little|hardly any)\s+("
        + lang
        + r")\b",
        text,
        re.I,
    ):
        not_fluent.append(m.group(1).title())
    for m in re.finditer(
        r"\b(?:prefers?(?: to speak)?|more comfortabl[ey] (?:in|with|speaking)|speaks)\s+(" + lang + r")",
        text,
        re.I,
    ):
        speaks.append(m.group(1).title())
    # "speaks Pahari and Hindi", "speaks Kannada and some Hindi": every language of the list
    for m in re.finditer(r"\bspeaks?\s+([^.;]{0,60})", text, re.I):
        for item in re.finditer(
            r"(?:(not much|little|no|some|a little|than)\s+)?(" + lang + r")\b", m.group(1), re.I
        ):
            if item.group(1) is None or item.group(1).lower() in {"some", "a little"}:
                speaks.append(item.group(2).title())
    for m in re.finditer(r"\b(" + lang + r") more comfortably than (" + lang + r")", text, re.I):
        speaks.append(m.group(1).title())
    uniq = list(dict.fromkeys(s for s in speaks if s not in not_fluent))
    return uniq, list(dict.fromkeys(not_fluent))


def _years(text: str) -> int | None:
    for rx in _YEARS_EXP:
        m = rx.search(text)
        if m:
            n = _num(m.group(1))
            if n is not None and n <= 60:
                return n
    return None


def _emotions(text: str) -> list[str]:
    low = text.lower()
    out = []
    for canon, words in EMOTIONS.items():
        for w in words:
            if re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", low):
                if canon == "anxious" and w == "worried" and re.search(r"\bworried (?:about|that)\b", low):
                    # "worried about X" is a worry (kept in worries) and an emotion
                    pass
                out.append(canon)
                break
    return out


def _city(text: str) -> str | None:
    low = text.lower()
    best: tuple[int, str] | None = None
    for city, _, _ in CITIES:
        m = re.search(rf"\b{re.escape(city.lower())}\b", low)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), city)
    for alias, city in CITY_ALIASES.items():
        m = re.search(rf"\b{re.escape(alias)}\b", low)
        if m and city in CITY_STATE and (best is None or m.start() < best[0]):
            best = (m.start(), city)
    if best:
        return best[1]
    # A town of the gazetteer, where a preposition places it ("a printing press in Nellore"):
    # some town names are also first names ("Sagar"), so a bare mention is not enough.
    from ._places import town_states

    for m in re.finditer(r"\b(?:in|near|from|at)\s+([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)\b", text):
        if m.group(1) in town_states():
            return m.group(1)
    return None


# Capitalised words after "in"/"from" that are not towns.
_NOT_TOWNS = frozenset(
    {
        "India",
        "English",
        "Diwali",
        "Hinglish",
        "Class",
        "Zoom",
        "Teams",
        "Google",
    }
    | set(_LANGS)
    | CALENDAR_WORDS
)
_TOWN = re.compile(
    r"\b(?:in|near|from|lives in|based in)\s+([A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})?)(?=\s*[.,;:]|\s*$)"
)


def _stated_town(sents: list[str], name: str | None) -> str | None:
    """A town the scenario's setting names but the city list does not know ("a desk in Kota").

    Only the first sentence (the setting) and phrases saying where someone lives or comes from
    are read, so a destination ("a job in Dubai") is not taken for the persona's town.
    """
    names = set((name or "").replace(".", " ").split())
    for i, s in enumerate(sents):
        for m in _TOWN.finditer(s):
            town = m.group(1)
            setting = i == 0 or re.match(r"(?:from|lives in|based in)\b", m.group(0))
            if setting and not (set(town.split()) & (names | _NOT_TOWNS)):
                return town
    return None


def _channel(text: str) -> Channel | None:
    scrubbed = _NOT_CALL.sub(lambda m: "video" if "video" in m.group(0).lower() else " ", text)
    for ch, rx in _CHANNEL_RES:
        if rx.search(scrubbed):
            return ch
    return None


_PLACES = (
    "showroom",
    "dealership",
    "branch",
    "counter",
    "store",
    "shop",
    "office",
    "school",
    "college",
    "hospital",
    "ward",
    "clinic",
    "health centre",
    "help desk",
    "service desk",
    "helpline",
    "airport",
    "kendra",
    "university",
    "reception",
    "warehouse",
    "factory",
    "plant",
    "collectorate",
    "hotel",
    "campus",
)


def _place(text: str) -> str | None:
    sents = sentences(text)
    title = sents[0].lower() if sents else ""
    low = text.lower()
    best: tuple[int, str] | None = None
    for p in _PLACES:
        rx = (
            r"\b(?:at|in|into|visits|reach|comes to|to the)\s+(?:an?|the|his|her)?\s*(?:[a-z'-]+\s+){0,3}?"
            + re.escape(p)
            + r"\b"
        )
        m = re.search(rx, low)
        pos = m.start() if m else (0 if re.search(rf"\b{re.escape(p)}\b", title) else None)
        if pos is not None and (best is None or pos < best[0]):
            best = (pos, p)
    return best[1] if best else None


def _goals(text: str) -> list[str]:
    rx = re.compile(
        r"\b(?:wants?|needs?|asks? for|hopes?|is looking for|would like)\s+(?P<g>(?:to\s+)?[^.;]+)", re.I
    )
    out = []
    for m in rx.finditer(text):
        g = re.split(r"\s+(?:and|but)\s+(?:is|he|she|they)\b|,\s", m.group("g"))[0].strip(" ,")
        if len(g) > 3 and g not in out:
            out.append(g)
    return out


_OCCUPATION = (
    re.compile(
        r"\b(?:runs|owns|manages)\s+(?:an?|the|his|her)\s+(?:[a-z]+\s+){0,3}?(?:shop|store|business|restaurant|"
        r"clinic|firm|pharmacy|pharmacies|company|agency|factory|farm)\b",
        re.I,
    ),
    # "who ran a small travel agency that closed": what the persona did, said as they would
    re.compile(
        r"\b(?:ran|owned|used to run)\s+(?:an?|the|his|her)\s+(?:[a-z-]+\s+){0,3}?(?:shop|store|business|"
        r"restaurant|clinic|firm|pharmacy|company|agency|factory|farm|press|workshop|garage|stall)\b",
        re.I,
    ),
    re.compile(
        r"\bworks\s+(?:[a-z ]{0,25}?\s)?as\s+(?:an?\s+)?(?P<job>[a-z][a-z -]{2,40}?)"
        r"(?=[,.;]|\s+(?:in|at|and|for)\b)",
        re.I,
    ),
    re.compile(
        r"\ba\s+(?P<job>farmer|government clerk|domestic helper|pharmacist|nurse|teacher|driver|"
        r"freelance designer|homemaker|daily-wage worker)\b",
        re.I,
    ),
)


def _occupation(text: str) -> str | None:
    for rx in _OCCUPATION:
        m = rx.search(text)
        if m:
            job = m.groupdict().get("job") or m.group(0)
            return job[0].upper() + job[1:]
    return None


def extract_facts(text: str, *, learner_hint: str | None = None) -> ScenarioFacts:
    """Read the counterpart, the learner and the stated facts from a scenario text.

    Parameters
    ----------
    text
        The scenario as a trainer wrote it (free text or a template flattened by
        :func:`~synthpersona.scenarios.scenario_text`).
    learner_hint
        The learner's role when already known (a template's ``learner_role``).

    Examples
    --------
    >>> f = extract_facts("The learner is a claims officer. Sunita, 52, calls the helpline furious; "
    ...                   "she paid 3.2 lakh rupees from her savings for her mother's surgery.")
    >>> f.channel, f.emotions, f.family
    ('phone', ['angry'], ['mother'])
    """
    learner_role, idx = learner(text)
    learner_role = learner_role or learner_hint
    sents = sentences(text)
    domain = domain_of(text, " ".join(sents[i] for i in idx))
    role, name = counterpart(text, idx, learner_role, domain)
    about = _persona_text(text, idx)
    family, children, married = _family(about, role)
    place = _place(text)
    langs, not_fluent = _languages(about)
    return ScenarioFacts(
        counterpart=role,
        learner=learner_role,
        name=name,
        age=_age(about),
        gender=gender_of(about, role, name),
        city=_city(text) or _stated_town(sents, name),
        place=place,
        # No channel named but a place is: the conversation happens there, face to face.
        channel=_channel(text) or ("in_person" if place else None),
        domain=domain,
        married=married,
        children=children,
        family=family,
        relationships=[
            s
            for s in sentences(about)
            if re.search(r"\b(manager|boss|colleague|senior|builder|jeweller)\b", s, re.I)
        ][:3],
        emotions=_emotions(about),
        worries=_worries(about),
        deadlines=_clauses(about, _DEADLINE),
        money=_money(about),
        years_experience=_years(about),
        occupation=_occupation(about),
        languages=langs,
        not_fluent=not_fluent,
        goals=_goals(about),
        about=about[:2000],
    )


def template_facts(
    template: ScenarioTemplate, mode: str = "assess_mode", extra: str | None = None
) -> ScenarioFacts:
    """The facts of a template: the ones stored with it (``scenario_facts``), else extracted.

    The persona definition's own fields (role, name, age, gender) win over extraction,
    since a template author wrote them on purpose.
    """
    stored = (template.model_extra or {}).get("scenario_facts")
    if isinstance(stored, dict):
        return ScenarioFacts.model_validate(stored)
    d = template.definition_for(mode)
    overview = template.context_overview
    # The learner's role and objectives describe the trainee, not the persona.
    own = [
        str(v) for k, v in overview.items() if isinstance(v, str) and not re.search("learner|objective", k)
    ]
    text = " ".join([*own, d.description or "", d.current_situation or "", extra or ""]).strip()
    facts = extract_facts(text, learner_hint=overview.get("learner_role")) if text else ScenarioFacts()
    domain = domain_of(f"{template.general_info.domain.replace('_', ' ')} {scenario_text(template, mode)}")
    updates: dict[str, object] = {"domain": domain}
    if d.role:
        updates["counterpart"] = d.role
    for key in ("name", "age"):
        if getattr(d, key) is not None:
            updates[key] = getattr(d, key)
    if overview.get("learner_role"):
        updates["learner"] = str(overview["learner_role"])
    return facts.model_copy(update=updates)
