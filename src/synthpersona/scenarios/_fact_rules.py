"""Make the base persona's shared facts agree with what the scenario states.

:func:`apply_scenario_facts` overrides the drawn family, occupation, experience and
channel with the scenario's facts (a "father of two" has exactly two children, a
widow has no spouse, a caller is on the phone); :func:`situated` says where the
persona is for the stated channel; :func:`spoken_languages` puts the languages the
persona speaks first and drops the ones they are not fluent in.
"""

from __future__ import annotations

import dataclasses
import random
import re
from typing import TYPE_CHECKING, Any

from ._banks import RoleProfile
from ._facts import ScenarioFacts
from ._facts_family import SPOUSE_DIED, job_of
from ._facts_lexicon import _NUM
from ._job_words import unread_spouse_trade, unread_trade

if TYPE_CHECKING:
    from ._base import Facts

__all__ = [
    "apply_scenario_facts",
    "profile_in_domain",
    "situated",
    "spoken_languages",
    "stated_children",
    "stated_relative_ages",
]

_CHANNEL_WORDS = {
    "phone": "phone call",
    "video": "video call",
    "chat": "online chat",
    "in_person": "in person",
}
_CHILD_GENDER = {"son": "Male", "daughter": "Female", "boy": "Male", "girl": "Female"}
# Number words a child's age is written in ("a newborn son", "an eight-year-old girl").
_ARTICLES = ("a", "an", "single")
_WORD_AGE = {"newborn": 0, **{word: n for word, n in _NUM.items() if n <= 18 and word not in _ARTICLES}}


_CLINICAL_DOMAINS = {"healthcare", "general"}


def profile_in_domain(profile: RoleProfile, role: str | None, domain: str) -> RoleProfile:
    """The role profile the persona acts in within the scenario's ``domain``.

    A clinician's profile brings patients, OPD hours and prescribing habits. A pharmacist
    buying term insurance or a doctor disputing a credit card charge is a customer in that
    conversation, so outside healthcare a clinical profile becomes a business owner (when
    the role says they own or run something) or a consumer; the role text stays. In an HR
    conversation a nurse or a doctor is an employee of their hospital: the profile stays (a
    working professional with colleagues) but no longer prescribes, so their clinical
    practice (OPD, prescriptions, CMEs) is not drawn into a conversation about their job.
    """
    if not profile.medical or domain in _CLINICAL_DOMAINS:
        return profile
    if domain == "hr":
        return dataclasses.replace(profile, prescribes=False)
    from ._banks import role_profiles

    owner = bool(re.search(r"\b(owner|owns|runs|chain|proprietor)\b", role or "", re.I))
    want = "business_owner" if owner else "consumer"
    return next(p for p in role_profiles() if p.id == want)


_AGE_AFTER = (
    r"(\d{1,2})(?![\d,.]*\s*(?:%|percent|hours?|days?|weeks?|months?|km|kg|litres?|"
    r"rupees|lakh|minutes?|am|pm))"
)
# "her son, 24," / "two sons, 16 and 14" / "her children are 17 and 12" / "twins aged 6".
_CHILD_AGES = re.compile(
    r"(?<![\w-])(sons?|daughters?|children|kids|boys|girls|twins)(?:\s+are|\s+aged|,)\s+"
    + _AGE_AFTER
    + r"((?:\s*,\s*\d{1,2}(?!\d|,\d))*(?:,?\s+and\s+\d{1,2}(?!\d|,\d))?)",
    re.I,
)
_PLURAL_GENDER = {"sons": "Male", "daughters": "Female", "boys": "Male", "girls": "Female"}
# "six-year-old twin boys": two children of one age.
_TWINS = re.compile(r"\b(\d{1,2}|[a-z]+)[- ]year[- ]old twin (boys|girls|sons|daughters)?", re.I)


def stated_children(about: str) -> list[dict[str, Any]]:
    """Children the scenario describes, with their ages when stated.

    Covers "a 14-year-old boy", "a newborn son", "an eight-month-old baby", "her son, 24",
    "two sons, 16 and 14", "her children are 17 and 12" and "six-year-old twin boys"; a child
    described twice with one age is counted once.

    Examples
    --------
    >>> [(c["gender"], c["age"]) for c in stated_children("She has two sons, 16 and 14.")]
    [('Male', 16), ('Male', 14)]
    """
    out: list[dict[str, Any]] = []
    rx = re.compile(
        r"\b(?:(\d{1,2}|[a-z]+)[- ]year[- ]old|(newborn)|([a-z]+)[- ]month[- ]old|young|little|"
        r"school-going)\s+"
        r"(son|daughter|boy|girl|baby)\b",
        re.I,
    )
    for m in rx.finditer(about):
        years, newborn, months, noun = m.group(1), m.group(2), m.group(3), m.group(4).lower()
        age: int | None = None
        if years:
            age = int(years) if years.isdigit() else _WORD_AGE.get(years.lower())
        elif newborn or months:
            age = 0
        out.append({"gender": _CHILD_GENDER.get(noun), "age": age})
    for m in _TWINS.finditer(about):
        years = m.group(1)
        age = int(years) if years.isdigit() else _WORD_AGE.get(years.lower())
        gender = _PLURAL_GENDER.get((m.group(2) or "").lower())
        out += [{"gender": gender, "age": age}, {"gender": gender, "age": age}]
    for m in _CHILD_AGES.finditer(about):
        noun = m.group(1).lower()
        gender = _CHILD_GENDER.get(noun) or _PLURAL_GENDER.get(noun)
        ages = [int(m.group(2)), *(int(x) for x in re.findall(r"\d{1,2}", m.group(3) or ""))]
        if noun == "twins":
            ages = ages * 2
        before = list(out)
        for age in ages:
            if any(c["age"] == age and c["gender"] in (gender, None) for c in before):
                continue  # the same child, described again
            out.append({"gender": gender, "age": age})
    return out


_ELDERS = (
    "grandmother",
    "grandfather",
    "mother-in-law",
    "father-in-law",
    "parents-in-law",
    "in-laws",
    "mother",
    "father",
    "parents",
    "wife",
    "husband",
    "brother",
    "sister",
    "grandson",
    "granddaughter",
)
_RELATIVE_AGES = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(w) for w in _ELDERS)
    + r")(?:,\s+|\s+aged\s+|\s+\()"
    + _AGE_AFTER
    + r"(?:\s+and\s+(\d{1,2}))?(?=\s*[,;.)]|\s+(?:and|who|is|was|has|had|lives|lived)\b)",
    re.I,
)


def stated_relative_ages(about: str) -> dict[str, list[int]]:
    """Ages the scenario gives the persona's other relatives ("her father, 78", "mother-in-law, 80").

    Examples
    --------
    >>> stated_relative_ages("her father, 78, was sent home; her parents-in-law, 66 and 61, live with her")
    {'father': [78], 'parents-in-law': [66, 61]}
    """
    out: dict[str, list[int]] = {}
    for m in _RELATIVE_AGES.finditer(about):
        ages = [int(m.group(2)), *([int(m.group(3))] if m.group(3) else [])]
        out.setdefault(m.group(1).lower(), []).extend(ages)
    return out


def _children(
    sf: ScenarioFacts, f: Facts, base: dict[str, Any], rng: random.Random
) -> list[dict[str, Any]] | None:
    from ._base import _person_name

    stated = stated_children(sf.about)
    nouns = [n for n in sf.family if n in {"son", "daughter", "baby"}]
    n = sf.children
    if n is None and not nouns and not stated:
        return None  # the scenario says nothing about children: keep the draw
    if n is None:
        plural = 2 if re.search(r"\b(?:sons|daughters|children|kids)\b", sf.about, re.I) else 0
        n = max(len(stated), len(nouns), len(f.children), plural)
        if len(f.children) >= n and not stated:
            keep = f.children[:n]
            genders = [_CHILD_GENDER.get(x) for x in nouns]
            if all(g is None or any(c["gender"] == g for c in keep) for g in genders):
                return keep
    age = base["age"]
    kids: list[dict[str, Any]] = []
    hints = [*stated, *({"gender": _CHILD_GENDER.get(x), "age": None} for x in nouns)]
    for i in range(n):
        hint = hints[i] if i < len(hints) else {"gender": None, "age": None}
        gender = hint["gender"] or rng.choice(["Female", "Male"])
        k_age = hint["age"]
        if k_age is None:
            # born when the parent was 21 to 42: a 67-year-old's son is an adult, not a 7-year-old
            k_age = rng.randint(max(1, age - 42), max(1, age - 21)) if age >= 23 else 0
        first, _ = _person_name(rng, base["region"], gender)
        kids.append({"name": first, "age": k_age, "gender": gender})
    kids.sort(key=lambda c: -c["age"])
    return kids


def apply_scenario_facts(
    f: Facts, sf: ScenarioFacts, base: dict[str, Any], profile: RoleProfile, rng: random.Random
) -> None:
    """Override the drawn facts ``f`` in place with what the scenario states (``sf``)."""
    from ._base import _occupation, _person_name

    if sf.years_experience is not None:
        f.years_experience = sf.years_experience
        f.seniority = profile.seniority_for(sf.years_experience) if profile.professional else f.seniority
    if sf.occupation and not profile.professional:
        f.occupation = sf.occupation
    elif not profile.professional and unread_trade(sf.about, sf.name):
        f.occupation = None  # the scenario states work it could not read: a drawn job would contradict it
    if sf.channel is not None:
        f.channel = _CHANNEL_WORDS[sf.channel]
    low = sf.about.lower()
    if sf.married is False:
        f.spouse = None
        f.widowed = bool(
            re.search(
                r"\bwidow|\b(?:husband|wife) (?:died|passed)|\blost (?:her|his) (?:husband|wife)\b|"
                r"\blate (?:husband|wife)\b",
                low,
            )
            or SPOUSE_DIED.search(low)
        )
        f.marital_status = "Widowed" if f.widowed else "Divorced" if "divorced" in low else "Single"
    elif sf.married is True and f.spouse is None:
        f.marital_status = "Married"
        g = base["gender"]
        s_gender = "Male" if g == "Female" else "Female"
        s_age = base["age"] + (rng.randint(1, 5) if s_gender == "Male" else -rng.randint(0, 4))
        s_first, _ = _person_name(rng, base["region"], s_gender)
        occ: dict[str, Any] = (
            {"title": "Retired", "income": [20000, 60000]} if s_age >= 62 else _occupation(rng, s_age)
        )
        f.spouse = {
            "name": f"{s_first} {base['surname']}",
            "age": s_age,
            "occupation": occ["title"],
            "income_month": int(occ["income"][0]),
        }
    elif sf.married is None and (sf.children or {"son", "daughter", "baby"} & set(sf.family)) and f.spouse:
        pass  # children and a drawn spouse agree
    spouse_job = job_of(sf.family_jobs, "husband", "wife")
    if spouse_job and f.spouse:  # "her husband, a bank cashier": not a drawn pharmacist
        f.spouse = {**f.spouse, "occupation": spouse_job}
    elif f.spouse and unread_spouse_trade(sf.about):  # the spouse's work is stated but unread: none drawn
        f.spouse = {**f.spouse, "occupation": "", "income_month": 0}
    elders = stated_relative_ages(sf.about)
    spouse_age = elders.get("wife") or elders.get("husband")
    if spouse_age and f.spouse:
        f.spouse = {**f.spouse, "age": spouse_age[0]}
        if spouse_age[0] >= 62 and not spouse_job:
            f.spouse["occupation"] = "Retired"
    kids = _children(sf, f, base, rng)
    if kids is not None:
        f.children = kids
    if sf.children == 0:
        f.children = []
    f.household_income_month = f.income_month + (f.spouse["income_month"] if f.spouse else 0)


def situated(sf: ScenarioFacts, base: dict[str, Any], f: Facts, profile: RoleProfile) -> tuple[str, str]:
    """Where the persona physically is, for the stated channel (and place)."""
    area = base["area"]["name"]
    work = f"{base['possessive']} workplace in {area}" if profile.professional else f"home in {area}"
    if sf.channel == "phone":
        return f"On a phone call from {work}", "Phone call"
    if sf.channel == "video":
        return f"On a video call from {work}", "Video call"
    if sf.channel == "chat":
        return f"Typing in an online chat from {work}", "Online chat"
    place = sf.place or "meeting room"
    return (
        f"At the {place}, face to face with {_a(sf.learner) if sf.learner else 'the other person'}",
        place.title(),
    )


def _a(phrase: str) -> str:
    from ._prompt import with_article

    return with_article(phrase)


def spoken_languages(sf: ScenarioFacts, state_language: str) -> list[str]:
    """Languages the persona speaks, best first; languages they are not fluent in are left out.

    The defaults (English, Hindi, the state's language) are added unless the scenario rules out
    both English and Hindi ("speaks only Tamil"): then the persona speaks exactly what it says.
    """
    out: list[str] = list(sf.languages)
    if sf.languages and {"English", "Hindi"} <= set(sf.not_fluent) | set(sf.languages):
        return [lang for lang in out if lang not in sf.not_fluent]
    for lang in ("English", "Hindi", state_language):
        if lang not in out:
            out.append(lang)
    if sf.languages and "English" not in sf.languages and "English" in out:
        # "speaks Tamil more comfortably than English": English stays, after the stated language.
        out.remove("English")
        out.insert(len(sf.languages), "English")
    return [lang for lang in out if lang not in sf.not_fluent]
