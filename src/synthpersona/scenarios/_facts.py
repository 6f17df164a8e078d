"""Scenario understanding: the facts a scenario states about the persona (the counterpart).

A trainer's scenario text says who the learner is, who the AI plays (the
*counterpart*), and facts about that person: age, family with counts, emotions,
worries, deadlines, money, language ability, channel. :func:`extract_facts` reads
them with patterns (offline, deterministic); the result is a :class:`ScenarioFacts`
a trainer can correct before generation, and every generated detail must agree with it.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ._domain import choose_domain, domain_of, explained_family, label_family
from ._facts_family import age_of, family_of, relative_jobs
from ._facts_lexicon import (
    _DEADLINE,
    _LANGS,
    _MONEY,
    _NUM,
    _YEARS_EXP,
    DOMAINS,
    EMOTIONS,
    SPECIALISED_DOMAINS,
    Channel,
)
from ._facts_people import counterpart, gender_of, learner, own_job, role_job, sentences
from ._facts_where import channel_of, city_of, own_city, place_of, stated_town
from ._gloss import gloss
from ._places import latin_towns
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
    domain_sure: bool = Field(
        default=True,
        description="The domain is clear from the text (else details come from the general bank)",
    )
    domain_evidence: list[str] = Field(
        default_factory=list, description="Why this domain: the cues found and where"
    )
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
    family_jobs: list[str] = Field(
        default_factory=list,
        description="Relatives' occupations the scenario states, as 'husband: bank cashier'",
    )
    languages: list[str] = Field(default_factory=list, description="Languages the persona speaks well")
    not_fluent: list[str] = Field(default_factory=list, description="Languages the persona is not fluent in")
    goals: list[str] = Field(default_factory=list)
    objections: list[str] = Field(default_factory=list)
    about: str = Field(default="", description="The scenario sentences about the persona")

    @model_validator(mode="after")
    def _corrected_domain_is_sure(self) -> ScenarioFacts:
        """A domain the caller set in place of the text's unsure choice is sure: the trainer knows.

        The facts go back to the trainer to correct (API ``/scenarios/facts``, the UI form) and
        return whole, with ``domain_sure`` still false; the changed ``domain`` says otherwise.
        """
        read = explained_family(self.domain_evidence)
        if not self.domain_sure and read is not None and read != self.domain:
            self.domain_sure = True
            self.domain_evidence = [
                f"domain {self.domain}: set by the trainer (the text's words chose {read}, unsure)",
                *self.domain_evidence[1:],
            ]
        return self

    def bank_family(self) -> str:
        """The domain family whose value banks details are drawn from: ``general`` unless sure."""
        return self.domain if self.domain_sure else "general"

    def agitated(self) -> bool:
        """True when a stated emotion rules out a calm persona."""
        calm_ok = {"polite", "hopeful", "determined", "guarded", "sceptical"}
        return any(e not in calm_ok for e in self.emotions)


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


# A time phrase after a past-tense verb reports when something happened ("reported it within
# 72 hours", "was cleared in two days"), not a deadline; "must be filed within 5 days" is one.
_PAST_BEFORE = re.compile(
    r"(?<!\bis )(?<!\bare )(?<!\bgets )\b(?:[a-z]+ed|was|were|came|went|took|lost|paid|got|bought|sold|left|"
    r"began|had|made|gave|sent|spent|met|moved)(?:\s+\w+){0,2}\s*$",
    re.I,
)
_DUE_BEFORE = re.compile(r"\b(?:must|needs? to|has to|to be|should be|is due|are due)\b[^.,;]{0,30}$", re.I)


def _deadlines(about: str) -> list[str]:
    out = []
    for s in sentences(about):
        for m in _DEADLINE.finditer(s):
            before = s[: m.start()]
            if _PAST_BEFORE.search(before) and not _DUE_BEFORE.search(before):
                continue
            frag = m.group(0).strip(" ,.")
            if frag and frag not in out:
                out.append(frag)
    return out


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
        if re.match(r"(?:and|or|but)\b", w):  # "is worried and suspicious": a feeling, no worry
            continue
        if len(w) > 3 and w not in out:
            out.append(w)
    return out


# An Indian-grouped number that counts something else than money ("600 guests", "1,200 km").
_GROUPED = re.compile(
    r"\b\d{1,3}(?:,\d{2})*,\d{3}\b(?!\s*(?:km|kms|kilomet|people|guests|employees|users|steps|acres|"
    r"students|members|followers|units|pieces|litres|kg|sq))",
    re.I,
)


def _money(text: str) -> list[str]:
    out = []
    # Once the scenario speaks in rupees, a bare "40,000" elsewhere is an amount too.
    in_rupees = bool(_MONEY.search(text))
    for s in sentences(text):
        if not _MONEY.search(s) and not (in_rupees and _GROUPED.search(s)):
            continue
        for clause in re.split(r"[,;]\s+|\s+and\s+(?=[a-z]+s\b)", s):
            clause = clause.strip(" .")
            # "..., which is 90,000 more than the estimate": an Indian-grouped amount beside a rupee one
            if (_MONEY.search(clause) or _GROUPED.search(clause)) and clause not in out:
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
        # "speaks only Tamil": neither default language (English, Hindi) is theirs
        not_fluent += [d for d in ("English", "Hindi") if d.lower() not in m.group(1).lower()]
    for m in re.finditer(
        r"\bspeaks?\s+((?:" + lang + r")(?:\s*(?:,|and)\s*(?:" + lang + r"))*)\s+only\b", text, re.I
    ):
        speaks += [f.title() for f in re.findall(lang, m.group(1), re.I)]
        not_fluent += [d for d in ("English", "Hindi") if d.lower() not in m.group(1).lower()]
    for m in re.finditer(
        r"\b(?:not much|little|very little|no|limited|poor|broken|reads little|hardly any)\s+("
        + lang
        + r")\b",
        text,
        re.I,
    ):
        not_fluent.append(m.group(1).title())
    for m in re.finditer(
        r"\b(?:prefers?(?: to speak)?|more comfortabl[ey] (?:in|with|speaking)|speaks|types in|writes in|"
        r"(?<!not )fluent in)\s+(" + lang + r")",
        text,
        re.I,
    ):
        speaks.append(m.group(1).title())
    # "speaks Pahari and Hindi", "speaks Kannada and some Hindi": every language of the list
    # "gets by in Kannada and English", "Languages: Hindi and English, Urdu at home" (a role card's label)
    for m in re.finditer(
        r"\b(?:speaks?|types in|writes in|gets by (?:in|with)|gets along in|manages in)\s+([^.;]{0,60})"
        r"|\blanguages?\s*:\s*([^.;\n]{0,60})",
        text,
        re.I,
    ):
        listed = m.group(1) or m.group(2) or ""
        for item in re.finditer(
            r"(?:(not much|little|no|some|a little|than)\s+)?(" + lang + r")\b", listed, re.I
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


# What a persona runs or owns: "runs a tea stall", "ran a tiffin service", "owns a boutique".
_ESTABLISHMENTS = (
    r"(?:shop|store|business|restaurant|clinic|firm|pharmacy|pharmacies|company|agency|factory|farm|unit|"
    r"press|stall|workshop|mill|dhaba|salon|garage|dairy|bakery|studio|service|boutique|parlou?r|centre|"
    r"center|academy|hotel|lodge|canteen|mess|kitchen|gym|cafe|outlet|franchise|godown|warehouse|nursery|"
    r"kiosk|cart|dukaa?n|school|coaching|hostel|transport|fleet|taxi|auto|lorry|truck)"
)
_OCCUPATION = (
    re.compile(
        r"\b(?:runs|owns|manages)\s+(?:an?|the|his|her)\s+(?:[a-z-]+\s+){0,3}?" + _ESTABLISHMENTS + r"\b",
        re.I,
    ),
    # "sells vegetables at the market": the trade, said as they would
    re.compile(
        r"\bsells\s+(?:vegetables|fruits?|flowers|tea|fish|milk|snacks|clothes|sarees|bangles|toys)\b", re.I
    ),
    # "who ran a small travel agency that closed": what the persona did, said as they would
    re.compile(
        r"\b(?:ran|owned|used to run)\s+(?:an?|the|his|her)\s+(?:[a-z-]+\s+){0,3}?" + _ESTABLISHMENTS + r"\b",
        re.I,
    ),
    # "was hired as a warehouse picker last week": the job they were taken on for
    re.compile(
        r"\b(?:was|has been|is|been|got)\s+(?:hired|appointed|employed|recruited|selected|posted)\s+as\s+"
        r"(?:an?\s+)?(?P<job>[a-z][a-z -]{2,40}?)(?=[,.;]|\s+(?:in|at|and|for|last|on|with|by|from)\b)",
        re.I,
    ),
    re.compile(
        # "has lived and worked in Bhiwandi for six years as a forklift operator"
        r"\b(?:works|worked|working)\s+(?:(?:(?!\bas\b)[a-z ]){0,40}?\s)?as\s+(?:an?\s+)?"
        r"(?!(?:well|much|long|far|soon|usual|before|always|ever|if|though|hard)\b)"
        r"(?P<job>[a-z][a-z -]{2,40}?)"
        r"(?=[,.;]|\s+(?:in|at|and|for)\b)",
        re.I,
    ),
    re.compile(
        r"\ba\s+(?P<job>farmer|government clerk|domestic helper|pharmacist|nurse|teacher|driver|"
        r"freelance designer|homemaker|daily-wage worker)\b(?!'s)",
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


def _ascii_digits(text: str) -> str:
    """Digits of any script as ASCII ("৪২" -> "42"), so ages, counts and amounts read the same."""
    return "".join(str(unicodedata.decimal(c)) if not c.isascii() and c.isdecimal() else c for c in text)


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
    text = latin_towns(gloss(_ascii_digits(text)))  # "सतना" is Satna
    learner_role, idx = learner(text)
    learner_role = learner_role or learner_hint
    sents = sentences(text)
    about = _persona_text(text, idx)
    # The persona's own trade says who they are, not where the conversation happens: a
    # veterinary doctor at his son's college is in an education conversation.
    job = _occupation(about)
    where = text.replace(job, " ") if job and len(job) > 3 else text
    choice = choose_domain(where, " ".join(sents[i] for i in idx))
    domain = choice.family
    role, name = counterpart(text, idx, learner_role, domain)
    family, children, married = family_of(about, role)
    place = place_of(text)
    langs, not_fluent = _languages(about)
    return ScenarioFacts(
        counterpart=role,
        learner=learner_role,
        name=name,
        age=age_of(about),
        gender=gender_of(about, role, name),
        city=own_city(sents, name) or city_of(text) or stated_town(sents, name),
        place=place,
        # No channel named but a place is: the conversation happens there, face to face.
        channel=channel_of(text) or ("in_person" if place else None),
        domain=domain,
        domain_sure=choice.sure,
        domain_evidence=choice.explain(),
        married=married,
        children=children,
        family=family,
        relationships=[
            s
            for s in sentences(about)
            if re.search(
                r"\b(manager|boss|colleague|senior|junior|supervisor|deputy|builder|jeweller)\b", s, re.I
            )
        ][:3],
        emotions=_emotions(about),
        worries=_worries(about),
        deadlines=_deadlines(about),
        money=_money(about),
        years_experience=_years(about),
        occupation=own_job(about, name, _OCCUPATION) or role_job(role, text),
        family_jobs=relative_jobs(about),
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
    label = template.general_info.domain
    family = label_family(label)
    updates: dict[str, object]
    if family:  # the template's author named the family: sure
        updates = {
            "domain": family,
            "domain_sure": True,
            "domain_evidence": [f"the template's label {label!r}"],
        }
    else:
        # An authored template is written for its domain: its banks are used (sure) even when the
        # words are split between families, as a pharma rep's visit to a clinic is.
        choice = choose_domain(f"{label.replace('_', ' ')} {scenario_text(template, mode)}")
        sure = dataclasses.replace(choice, sure=True)
        updates = {"domain": choice.family, "domain_sure": True, "domain_evidence": sure.explain()}
    if d.role:
        updates["counterpart"] = d.role
    for key in ("name", "age"):
        if getattr(d, key) is not None:
            updates[key] = getattr(d, key)
    if overview.get("learner_role"):
        updates["learner"] = str(overview["learner_role"])
    return facts.model_copy(update=updates)
