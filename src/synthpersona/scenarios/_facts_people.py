"""Scenario understanding, part 1: who is who -- the learner, the counterpart, names, gender.

A trainer's scenario names the learner ("You are a loan officer", "Aap sales executive
ho") and the counterpart the AI plays, usually with a name ("Mrs. Kamala Iyer, a
68-year-old retired schoolteacher", "Shri Ravi Shankar Tiwari, 52, a senior Hindi
teacher", "Sunita Menon, 52, calls the helpline"). Names keep their honorific and every
part (Indian names often have three: "Gurmeet Singh Bedi"); place names, languages,
weekdays and sentence-initial words are never taken for a person.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Literal

from synthpersona.schema import CITIES, CITY_ALIASES

from ._facts_lexicon import _LANGS, _LEARNER_RES, _PERSONA_RES
from ._job_words import role_job, unread_trade

__all__ = [
    "clean_role",
    "counterpart",
    "find_name",
    "gender_of",
    "learner",
    "own_job",
    "role_job",
    "sentences",
    "unread_trade",
]

_TITLE = r"(?:Dr|Mr|Mrs|Ms|Shri|Smt|Sri|Prof|Kumari|Km|Adv|Capt|Col|Colonel|Major)"
# One name: an optional honorific (with or without its dot, "Colonel (retd.)" too),
# optional initials ("K. Ramesh") and one to three capitalised parts.
_NAME_BODY = (
    r"(?:" + _TITLE + r"\.?(?:\s+\(retd\.?\))?\s+)?(?:[A-Z]\.\s?){0,2}"
    r"[A-Z](?:['’][A-Z])?[a-z'’]+(?:[- ][A-Z](?:['’][A-Z])?[a-z'’]+){0,2}"
)
_NAME = re.compile(r"(?P<name>" + _NAME_BODY + r")")
# A name in an Indic script has no capitals: one to three words of the script right before the
# person's age ("রহিমা বিবি, 42", "முருகன், 58") are a name.
_INDIC = "\u0900-\u0963\u0966-\u0dff"
_SCRIPT_NAME = re.compile(
    rf"(?<![{_INDIC}])(?P<name>[{_INDIC}]+(?: [{_INDIC}]+){{0,2}})"
    rf"(?=(?:\s*\([^)]{{1,40}}\))?,\s*(?:aged\s+)?\d{{1,3}}\b)"
)
_HONORIFIC = re.compile(r"^" + _TITLE + r"\b", re.I)
# A name right after a relative noun is that relative's ("his daughter Selvi", "her son, Ravi,").
_RELATIVE_NAMED = re.compile(
    r"\b(?:his|her|their)\s+(?:[\w-]+\s+)?(?:son|daughter|husband|wife|brother|sister|father|mother|"
    r"nephew|niece|grandson|granddaughter|(?:son|daughter|brother|sister|father|mother)-in-law)\s*,?\s*$",
    re.I,
)
# Capitalised words that are never (part of) a person's name in a scenario.
# Capitalised calendar words: never a person's name or a town (also used by _facts).
CALENDAR_WORDS = frozenset(
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)
_NOT_NAME = CALENDAR_WORDS | {
    "The",
    "A",
    "An",
    "You",
    "Your",
    "He",
    "She",
    "His",
    "Her",
    "Him",
    "They",
    "Their",
    "It",
    "This",
    "That",
    "When",
    "After",
    "Before",
    "On",
    "In",
    "At",
    "For",
    "From",
    "With",
    "If",
    "As",
    "But",
    "And",
    "Or",
    "So",
    "Aap",
    "Ek",
    "Madam",
    "Sir",
    "Bhaiya",
    "Didi",
    "Ji",
    "Persona",
    "Learner",
    "Trainee",
    "Customer",
    "Patient",
    "Mother",
    "Father",
    "Diwali",
    "Holi",
    "Eid",
    "Christmas",
    "India",
    "Indian",
    "English",
    "Hinglish",
    "Zoom",
    "Teams",
    "WhatsApp",
    "Google",
    "Meet",
    "Aadhaar",
    "Maruti",
    "Dubai",
    "Tata",
    "Reliance",
    "Hindu",
    "Muslim",
    "Sikh",
    "Christian",
    "Sales",
    "Service",
    "Support",
    "Bank",
    "Branch",
    "Office",
    "Hospital",
    "School",
    "College",
    "University",
    "Store",
    "Shop",
    "Hotel",
    "Clinic",
    "Ward",
    "Desk",
    "Counter",
    "Call",
    "Centre",
    "Center",
    "Contract",
    "Loan",
    "Insurance",
    "Claim",
    "Exit",
    "Performance",
    "Salary",
}
_VERB_START = re.compile(
    r"^(?:who|whose|which|that|is|are|was|were|has|have|had|calls?|called|phones?|phoned|needs?|wants?|"
    r"arrives?|arrived|says?|said|comes?|came|walks?|walked|visits?|visited|refuses?|refused|believes?|"
    r"thinks?|feels?|felt|lives?|lived|works?|worked|filed|got|gets|saw|sees|received|receives|applied|"
    r"lost|paid|pays|bought|buys|ordered|asks?|asked|tells?|told|explains?|complains?|writes?|types?|"
    r"sends?|sent|reports?|reported|missed|failed|owes|brings?|brought|must|will|would|can|cannot|"
    r"could|should|does|did|but|and|or|so|because|his|her|their|its|also|still|just|already|from|in|at|"
    r"with|on|of|for|to|near|by)\b",
    re.I,
)


@lru_cache(maxsize=1)
def _first_names() -> dict[str, str]:
    """First name -> gender, from every name list of the project.

    The role-play name banks (``data/people.yaml``) and the persona name lists of
    ``synthpersona/personas/names.json`` (about 600 first names by community, region and
    gender): a name is known when any list has it, so a trainer's "Sandeep" or "Rukhsana"
    is a person of the right gender. A name listed under both genders has none.
    """
    from ._banks import bank

    genders: dict[str, set[str]] = {}
    for names in bank("people")["regions"].values():
        for g, key in (("Female", "female"), ("Male", "male")):
            for n in names.get(key, []):
                genders.setdefault(str(n).split()[0], set()).add(g)
    text = resources.files("synthpersona.personas").joinpath("names.json").read_text(encoding="utf-8")
    for regions in json.loads(text)["first_names"].values():
        for by_gender in regions.values():
            for g in ("Female", "Male"):
                for n in by_gender.get(g, []):
                    genders.setdefault(str(n).split()[0], set()).add(g)
    return {name: next(iter(gs)) for name, gs in genders.items() if len(gs) == 1}


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    words = {c for c, _, _ in CITIES} | {a.title() for a in CITY_ALIASES}
    return frozenset(words | set(_LANGS))


def sentences(text: str) -> list[str]:
    """The text's sentences; the dot of a title ("Dr. Rao", "Colonel (retd.)") does not end one."""
    flat = re.sub(r"\s+", " ", text.strip())
    flat = re.sub(r"\b(Mr|Mrs|Ms|Dr|Smt|Shri|Sri|Prof|retd|St|Col|Capt|Km|Adv)\.", "\\1\u2024", flat)
    flat = re.sub(r"(?<![A-Za-z])([A-Z])\.(?=\s?[A-Z][a-z])", "\\1\u2024", flat)  # initials: "K. Ramesh"
    # a sentence in an Indic script starts with no capital; the danda (।) ends one as a full stop does
    parts = re.split(r"(?<=[.!?\u0964])\s+(?=[A-Z(\"'" + _INDIC + "])", flat)
    return [p.strip().replace("\u2024", ".") for p in parts if p.strip()]


def clean_role(role: str) -> str:
    """A role phrase without its article, trailing relative clause, tenure or punctuation.

    Examples
    --------
    >>> clean_role("a food-delivery rider for four years")
    'food-delivery rider'
    """
    role = re.sub(r"^(?:an?|the)\s+", "", role.strip(), flags=re.I)
    role = re.sub(r"\s+(?:who|that|whose|which)\b.*$", "", role, flags=re.I)
    # "a rider for four years", "a supervisor since 2019": the tenure is a fact, not the role
    role = re.sub(
        r"\s+(?:for|since|of)\s+(?:the\s+(?:last|past)\s+)?(?:\w+|\d+)\s+years?\b.*$", "", role, flags=re.I
    )
    role = re.sub(r"\s+since\s+\d{4}\b.*$", "", role, flags=re.I)
    return role.strip(" ,.;:")


def learner(text: str) -> tuple[str | None, list[int]]:
    """The learner's role and the indexes of the sentences that describe the learner."""
    for i, s in enumerate(sentences(text)):
        for rx in _LEARNER_RES:
            m = rx.search(s)
            if m:
                return clean_role(m.group("role")), [i]
    return None, []


def _name_ok(name: str) -> bool:
    parts = re.sub(r"^" + _TITLE + r"\.?(?:\s+\(retd\.?\))?\s+", "", name).replace("-", " ").split()
    places = _place_words()
    return bool(parts) and not any(p in _NOT_NAME or p in places for p in parts)


def _candidates(sentence: str) -> list[tuple[int, int, str]]:
    """(score, position, name) of every person name in one sentence."""
    out = []
    for m in _NAME.finditer(sentence):
        name = m.group("name")
        pos = m.start()
        # Drop a leading non-name word ("The persona is..." -> nothing, "Her son Ravi" -> "Ravi").
        while name.split()[0] in _NOT_NAME and " " in name:
            cut = name.index(" ") + 1
            name, pos = name[cut:], pos + cut
        if not _name_ok(name) or re.search(r"\byou,\s*$", sentence[:pos], re.I):
            continue  # not a name, or the learner's ("You, Priya Nair, are the counsellor")
        if _RELATIVE_NAMED.search(sentence[:pos]):
            continue  # a relative's name ("his daughter Selvi, 52"), not the persona's
        after = sentence[pos + len(name) :]
        titled = bool(_HONORIFIC.match(name))
        first = re.sub(r"^" + _TITLE + r"\.?(?:\s+\(retd\.?\))?\s+", "", name).split()[0]
        score = 3 * titled
        aged = r",\s*(?:aged\s+)?\d{1,3}\b|,\s+(?:an?|the)\s|\s*\(\d{1,3}\)|\)\s*,\s*(?:aged\s+)?\d{1,3}\b"
        score += 3 if re.match(aged, after) else 0
        score += 2 if first in _first_names() else 0
        score += 1 if " " in name.strip() else 0
        initial = pos == 0 and not titled
        if initial and score == 0 and not re.match(r"\s+(?:and (?:his|her)|is|has|was|calls|wants)\b", after):
            continue  # a sentence-initial capital ("Oncology ward.") is not a name by itself
        out.append((score, pos, name.strip()))
    for m in _SCRIPT_NAME.finditer(sentence):
        out.append((3 + (" " in m.group("name")), m.start(), m.group("name")))
    return out


def find_name(text: str, skip: list[int] | None = None) -> str | None:
    """The counterpart's name in ``text`` (sentences in ``skip`` describe the learner)."""
    best: tuple[int, int, str] | None = None
    for i, s in enumerate(sentences(text)):
        # A learner's sentence names the counterpart only after the learner's clause
        # ("...receives a video call from Pooja Desai, 31"): it counts, a little less.
        penalty = 1 if skip and i in skip else 0
        for score, pos, name in _candidates(s):
            key = (score - penalty, -i * 1000 - pos)
            if best is None or key > (best[0], best[1]):
                best = (key[0], key[1], name)
    return best[2] if best else None


_AFTER_NAME_ROLE = re.compile(
    r"^,\s+(?:(?:aged\s+)?\d{1,3},\s+)?(?:(?:an?|the)\s+)?(?:\d{1,2}[- ]year[- ]old\s+)?"
    r"(?!aged\b)(?P<role>[A-Za-z][\w'’ -]{1,70}?)(?=,|\.|;|$|\s+(?:who|in|at|from|with|whose|is|has|was|and|"
    r"but)\b|(?<! of)\s+[a-z]+ing\b)"
)
_ROLE_NAME = re.compile(
    r"\b(?:[Aa]n?|[Tt]he)\s+(?P<role>[a-z][a-z -]{2,40}?),\s+(?P<name>" + _NAME_BODY + r"),"
)
_ROLE_CUES = (
    (r"\bpregnant\b", "expectant mother"),
    (r"\bpolicyholder|claim\b", "policyholder"),
    (r"\bpatient\b", "patient"),
    (r"\bstudent\b", "student"),
    (r"\bguest|hotel|check-?in\b", "guest"),
    (r"\bapplicant|application\b", "applicant"),
    (r"\bpension\b", "pensioner"),
    (r"\bcustomer|bought|delivered|order\b", "customer"),
)
_DEFAULT_ROLE = {
    "insurance": "policyholder",
    "banking": "customer",
    "healthcare": "patient",
    "education": "parent",
    "public_sector": "citizen",
    "hr": "employee",
    "service": "customer",
    "sales": "customer",
}


# "X, 38, whose 70-year-old father ...": X is that relative's son or daughter.
_WHOSE_RELATIVE = re.compile(
    r"^,\s+(?:(?:aged\s+)?\d{1,3},\s+)?whose\s+(?:[\w-]+\s+){0,2}?(?P<rel>father|mother|husband|wife|son|"
    r"daughter|brother|sister|parents|child|baby)\b"
)
_INVERSE = {
    "father": ("son", "daughter"),
    "mother": ("son", "daughter"),
    "parents": ("son", "daughter"),
    "husband": ("husband", "wife"),
    "wife": ("husband", "wife"),
    "son": ("father", "mother"),
    "daughter": ("father", "mother"),
    "child": ("father", "mother"),
    "baby": ("father", "mother"),
    "brother": ("brother", "sister"),
    "sister": ("brother", "sister"),
}


def _relative_role(after: str, text: str, domain: str) -> str | None:
    """ "Son of a patient" for "X, 38, whose father ..." in a hospital; ``None`` otherwise."""
    m = _WHOSE_RELATIVE.match(after)
    if not m:
        return None
    rel = m.group("rel")
    male, female = _INVERSE[rel]
    if rel in {"husband", "wife"}:
        own = "wife" if rel == "husband" else "husband"
    else:
        g = gender_of(text, None, None)
        own = female if g == "Female" else male
    return f"{own[0].upper()}{own[1:]} of a {_DEFAULT_ROLE.get(domain, 'customer')}"


def _role_after(text: str, name: str, domain: str = "") -> str | None:
    """The role in an appositive after the name ("X, 52, a retired teacher", "X, the patient's husband")."""
    i = text.find(name)
    if i < 0:
        return None
    relative = _relative_role(text[i + len(name) :], text, domain)
    if relative:
        return relative
    m = _AFTER_NAME_ROLE.match(text[i + len(name) :])
    if not m:
        return None
    role = clean_role(m.group("role"))
    if not role or _VERB_START.match(role):
        return None
    role = re.sub(r"^(?:owns|runs)\s+(?:an?|the)\s+(.+)$", r"\1 owner", role)
    return role


def counterpart(
    text: str, learner_idx: list[int], learner_role: str | None, domain: str
) -> tuple[str, str | None]:
    """The counterpart's role and name: the person the AI plays, never the learner."""
    sents = sentences(text)
    learner_low = (learner_role or "").lower()
    for s in sents:
        for rx in _PERSONA_RES:
            m = rx.search(s)
            if m:
                rest = m.group("rest")
                name = find_name(rest)
                if name and rest.strip().startswith(name.split()[0]):
                    role = _role_after(rest, name, domain)
                    return role or _cue_role(text, domain), name
                if name and name in rest:  # "AI plays: the caller, Kusum Verma, 67, a retired teacher"
                    before = clean_role(rest.split(name)[0].strip(" ,:"))
                    return _role_after(rest, name, domain) or before, name
                return clean_role(rest), name
    name = find_name(text, learner_idx)
    if name:
        for s in sents:
            if name in s:
                role = _role_after(s, name, domain)
                if role and role.lower() not in learner_low:
                    return role, name
    for i, s in enumerate(sents):
        if i in learner_idx and not re.search(r"\byou (?:call|meet|visit)\b", s, re.I):
            continue
        for m2 in _ROLE_NAME.finditer(s):
            role = clean_role(m2.group("role"))
            if role and role.lower() not in learner_low and not _VERB_START.match(role):
                return role, name or m2.group("name")
    # The learner's sentences name the learner's job ("a patient-accounts executive"): not cues.
    rest = " ".join(s for i, s in enumerate(sents) if i not in learner_idx)
    aged = None if name else _AGED_PERSON.search(rest)
    if aged and aged.group("role").split()[-1] not in _RELATIVE_NOUNS:
        return clean_role(aged.group("role")) or _cue_role(rest, domain), name
    return _cue_role(rest, domain), name


# An unnamed persona introduced by age: "Across the desk sits a 73-year-old grandfather, a judge".
_AGED_PERSON = re.compile(
    r"\b(?:an?|the)\s+\d{1,3}[- ]year[- ]old\s+(?P<role>(?:[a-z-]+\s){0,2}?[a-z-]+?)"
    r"(?=,|\.|;|\s+(?:who|in|at|from|with|whose|is|has|was|and|sits|comes|walks|calls)\b)"
)
_RELATIVE_NOUNS = {"son", "daughter", "child", "baby", "grandson", "granddaughter", "nephew", "niece"}


def _cue_role(text: str, domain: str) -> str:
    low = text.lower()
    for pat, role in _ROLE_CUES:
        if re.search(pat, low):
            return role
    return _DEFAULT_ROLE.get(domain, "customer")


def gender_of(text: str, role: str | None, name: str | None) -> Literal["Female", "Male"] | None:
    """The counterpart's gender: from honorific and role words, the first name, then pronouns."""
    head = f"{name or ''} {role or ''}".lower()
    if re.search(r"\b(mrs|ms|smt|kumari|km)\b|\b(mother|wife|widow|woman|lady|daughter|sister|girl)\b", head):
        return "Female"
    if re.search(r"\b(mr|shri|colonel)\b|\b(father|husband|widower|man|son|brother|boy)\b", head):
        return "Male"
    if name:
        parts = re.sub(r"^" + _TITLE + r"\.?(?:\s+\(retd\.?\))?\s+", "", name).split()
        # A woman's second name: "Shanti Devi", "Asha Kumari", "Nasreen Begum", "Hansaben Patel".
        womans = re.fullmatch(r"(?:Devi|Kumari|Begum|Khatun|Bai)", parts[-1])
        if womans or re.fullmatch(r"\w{2,}ben", parts[0]):
            return "Female"
        first = parts[0]
        known = _first_names().get(first)
        if known == "Female":
            return "Female"
        if known == "Male":
            return "Male"
    low = f" {text.lower()} "
    fem = len(re.findall(r"\b(she|her|hers|herself|pregnant)\b", low))
    mal = len(re.findall(r"\b(he|his|him|himself)\b", low))
    if fem > mal:
        return "Female"
    if mal > fem:
        return "Male"
    return None


# Words that make "Name, 41, a ..." a description of the person, not a trade ("a father of two",
# "a widow", "a 41-year-old", "a regular customer").
_NOT_A_TRADE = re.compile(
    r"\b(?:father|mother|parent|widow|widower|grandmother|grandfather|wife|husband|son|daughter|"
    r"customer|client|resident|native|member|patient|regular|first-time|year-old|man|woman|lady|"
    r"couple|family|friend|neighbour|relative)\b|\d",
    re.I,
)
_TRADE_END = r"(?=\s*[,.;:]|\s+(?:in|at|from|with|who|and|near|of the|since|for)\b|\s+[^\x00-\x7f])"


def own_job(about: str, name: str | None, patterns: tuple[re.Pattern[str], ...] = ()) -> str | None:
    """What the persona does for a living, when the scenario says it of them (not of a relative).

    Read from the persona's appositive ("Farhan Sheikh, 27, a freelance photographer in Srinagar"),
    "who grows cotton" (a cotton farmer), then ``patterns`` ("runs a ... shop", "works as a ...")
    outside a clause about a relative ("her husband runs a textile shop" is his).

    Examples
    --------
    >>> own_job("Lakshmi, 34, a government school teacher, has savings.", "Lakshmi")
    'Government school teacher'
    >>> own_job("Vitthal Rathod, 46, who grows cotton on 5 acres, is worried.", "Vitthal Rathod")
    'Cotton farmer'
    """
    from ._facts_where import _elsewhere

    if name:
        appositive = re.compile(
            re.escape(name)
            + r"\)?(?:,\s*(?:aged\s+)?\d{1,3})?,\s+(?:(?:a|an)\s+"
            # "a second-year B.Tech student": a word may have stops inside
            + r"([a-z][\w-]*(?:\s+[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)*){0,4}?)"
            + _TRADE_END
            + r"|who\s+(?:grows|farms)\s+([a-z]+))"
        )
        m = appositive.search(about)
        if m and m.group(2):
            return f"{m.group(2).capitalize()} farmer"
        if m and m.group(1) and not _NOT_A_TRADE.search(m.group(1)):
            job = m.group(1)
            return job[0].upper() + job[1:]
    for rx in patterns:
        for m in rx.finditer(about):
            if _elsewhere(about[: m.start()]):
                continue  # "her husband runs a textile shop": his trade
            job = m.groupdict().get("job") or m.group(0)
            return job[0].upper() + job[1:]
    return None
