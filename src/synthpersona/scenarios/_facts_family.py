"""Scenario understanding, people: the persona's age and family (members, children, marriage).

Read by :func:`~synthpersona.scenarios.extract_facts` from the sentences about the persona.
"""

from __future__ import annotations

import re

from ._facts_lexicon import _AGE_RES, _CHILD_NOUNS, _FAMILY, _NUM, _NUMRE
from ._job_words import is_job

__all__ = ["SPOUSE_DIED", "age_of", "family_of", "job_of", "relative_jobs"]


def _num(token: str) -> int | None:
    t = token.lower()
    if t.isdigit():
        return int(t)
    return _NUM.get(t)


_CHILD_AGE_NOUNS = frozenset(
    {"boy", "girl", "son", "daughter", "baby", "child", "kid", "grandson", "granddaughter"}
)
_RELATIVE_NOUNS = frozenset(_FAMILY) | {f"{f}s" for f in _FAMILY}


def age_of(text: str) -> int | None:
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


def family_of(text: str, role: str | None) -> tuple[list[str], int | None, bool | None]:
    # a relative named in the scenario's language with its English in brackets: "her chhele (son), 24"
    low = re.sub(r"\b[a-z]+\s+\((" + _JOB_KIN + r")\)", r"\1", text.lower())
    fam: list[str] = []

    def add(x: str) -> None:
        if x not in fam:
            fam.append(x)

    alt = "|".join(re.escape(f) for f in _FAMILY)
    for m in re.finditer(
        r"\b(?:his|her|their|whose)\s+(?:[a-z0-9-]+\s+){0,2}?(" + alt + r")(?:'s|s)?\b", low
    ):
        add(m.group(1))
    for m in re.finditer(
        r"\b(?:has|with|and)\s+(?:an?|one|two|three)\s+(?:[a-z0-9-]+\s+){0,2}?(son|daughter|baby)s?\b", low
    ):
        add(m.group(1))
    for m in re.finditer(
        r"\b(grandchildren|grandson|granddaughter|in-laws|(?:parents|mother|father|daughter|son|sister|brother)-in-law)\b",
        low,
    ):
        add(m.group(1))
    # "three daughters", "twin daughters", "two sons of her own": each counted noun is a relative
    for m in re.finditer(
        r"\b" + _NUMRE + r"\s+(?:[a-z-]+\s+)?(son|daughter|brother|sister|grandson|granddaughter)s\b", low
    ):
        add(m.group(2))
    # "father of the bride": the bride is his daughter
    for m in re.finditer(r"\b(?:father|mother|parents?)\s+of\s+the\s+(bride|groom)\b", low):
        add("daughter" if m.group(1) == "bride" else "son")
    # a brief's bare noun at a sentence start ("Husband works in Dubai.")
    for m in re.finditer(r"(?:^|[.;!?:]\s+)(husband|wife|son|daughter|mother|father)\b(?!-in-law)", low):
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
    if children is None:
        children = _counted_children(low, fam)
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
    if children is None:
        children = _named_children(low)
    married: bool | None = None
    if re.search(
        r"\b(widow|widowed|widower|divorced|single (?:mother|father|parent)|unmarried|husband died|wife died|"
        r"(?:is|being|still) single|never married|not married|"
        r"husband passed|wife passed|lost (?:her|his) (?:husband|wife)|late (?:husband|wife)|"
        r"(?:husband|wife) (?:has )?(?:left|walked out|abandoned (?:her|him|them))"
        r"(?!\s+(?:for|to|at|early|in|on|home)\b)"
        r"|deserted by (?:her|his) (?:husband|wife))\b",
        low,
    ) or SPOUSE_DIED.search(low):
        married = False
    elif re.search(
        # "their wife" is the gloss of the honorific "unki wife": a couple has no wife, the persona does
        r"\b(married|his wife|her husband|their (?:wife|husband)|with (?:his|her) (?:wife|husband)|"
        r"and his wife|and her husband)\b",
        low,
    ):
        married = True
    in_laws = r"\b(?:his|her) (?:father-in-law|mother-in-law|parents-in-law|in-laws)\b"
    if married is None and re.search(in_laws, low):
        married = True  # a spouse's parents: the persona married (a widow or a divorcee is said above)
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


# The spouse is the subject of a death said later in the clause: "her swami (husband), a primary
# school headmaster, died in a road accident", "his wife of 30 years passed away in March". Only when
# no other subject comes between: a conjunction, a clause opener ("since", "when", "after"), a pronoun
# or another person ("her husband has been low since his brother died" speaks of a brother's death).
_NOT_THE_SPOUSE = (
    r"and|but|who|whose|while|says|said|thinks|fears|that|since|when|after|before|because|until|"
    r"once|if|he|she|they|his|her|their|its|my|our|(?:grand)?(?:father|mother)|brother|sister|son|"
    r"daughter|child|uncle|aunt|cousin|nephew|niece|friend|colleague|neighbou?r|boss|partner"
)
SPOUSE_DIED = re.compile(
    r"\b(?:his|her|their)\s+(?:late\s+)?(?:[a-z]+\s+\()?(?:husband|wife)\b(?!['’]s|-in-law)\)?"
    rf"(?:(?!\b(?:{_NOT_THE_SPOUSE})\b)[^.;]){{0,80}}?"
    r"\b(?:died|passed away|was killed|expired|is no more)\b"
)


_ORDINAL = {"second": 2, "third": 3, "fourth": 4, "fifth": 5}
# "expecting their second child": one child already born.
_EXPECTING = re.compile(
    r"\b(?:expecting|pregnant with|due with)\s+(?:their|his|her|a)\s+(second|third|fourth|fifth)\s+"
    r"(?:child|baby)\b"
)
# "his 13-year-old daughter ... her three younger brothers": the child's siblings are the persona's
# children too.
_SIBLINGS = re.compile(
    r"\b(son|daughter)\b[^.;]{0,120}?\b(?:his|her)\s+" + _NUMRE + r"\s+(?:(?:younger|elder|older|little|"
    r"big)\s+)?(brothers|sisters|siblings)\b"
)
_TWIN = re.compile(r"\btwin (?:boys|girls|sons|daughters|babies|children)\b|\btwins\b")
# "a single mother of a five-year-old boy": exactly one child.
_PARENT_OF_ONE = re.compile(
    r"\b(?:father|mother|parent)\s+of\s+(?:an?|one)\s+(?:[a-z0-9-]+\s+){0,3}?(?:boy|girl|son|daughter|baby|"
    r"child|toddler|infant)\b(?!\s+and\b)"
)


def _counted_children(low: str, fam: list[str]) -> int | None:
    """How many children a text counts without a plain number: twins, a second child on the way,
    a child's siblings, a parent "of a five-year-old boy" (``fam`` gains the siblings' nouns).

    Examples
    --------
    >>> _counted_children("took his daughter out of school to mind her three younger brothers", [])
    4
    >>> _counted_children("his wife is expecting their second child in may", [])
    1
    """
    m = _EXPECTING.search(low)
    if m:
        return _ORDINAL[m.group(1)] - 1
    m2 = _SIBLINGS.search(low)
    if m2 and _num(m2.group(2)):
        noun = {"brothers": "son", "sisters": "daughter"}.get(m2.group(3))
        if noun and noun not in fam:
            fam.append(noun)
        for rel in ("brother", "sister"):
            if rel in fam and not re.search(rf"\b(?:his|her) (?:own )?{rel}\b", low):
                fam.remove(rel)
        return 1 + (_num(m2.group(2)) or 0)
    if _TWIN.search(low) and not re.search(
        r"\b(?:and|also|another)\s+(?:an?|one)\s+(?:[a-z0-9-]+\s+){0,2}?"
        r"(?:son|daughter|boy|girl|baby|child)\b",
        low,
    ):
        return 2
    if _PARENT_OF_ONE.search(low) and not re.search(r"\b(?:sons|daughters|children|kids)\b", low):
        return 1
    return None


def _named_children(low: str) -> int | None:
    """How many children a text names one by one ("her son" -> 1, "his son and daughter" -> 2).

    ``None`` when it names none, or speaks of several without a count ("his sons", "the kids").
    A persona then has exactly the children the scenario names: an extra drawn child is a
    fact the scenario does not give.
    """
    if re.search(r"\b(?:sons|daughters|children|kids|twins)\b", low):
        return None
    own = r"\b(?:his|her|their|whose|my|a|an|one)\s+(?:[a-z0-9-]+\s+){0,2}?"
    named = {
        noun
        for noun in ("son", "daughter")
        if re.search(own + noun + r"\b(?!-in-law)", low) or re.search(rf"\b{noun} and\b", low)
    }
    # "her elder son ... her younger son": two of them, not one.
    pairs = sum(
        bool(re.search(rf"\b(?:elder|eldest|older|oldest|first)\s+{noun}\b", low))
        and bool(re.search(rf"\b(?:younger|youngest|second|other)\s+{noun}\b", low))
        for noun in named
    )
    return len(named) + pairs or None


_JOB_KIN = (
    r"(?:father|mother|brother|sister|son|daughter)-in-law|husband|wife|son|daughter|father|mother|brother|"
    r"sister|nephew|niece|uncle|aunt|cousin|fianc[eé]e?|grandson|granddaughter"
)
_WHOSE = r"\b(?:his|her|their|whose|a|an|one)\s+(?:elder\s+|younger\s+|eldest\s+|youngest\s+|only\s+)?"
_JOB_END = r"(?=\s*[,.;)]|\s+(?:who|in|at|from|is|was|and|with|for|on|of the|since|between|to|across|near)\b)"
# The relative's noun, in English or glossed in brackets ("her swami (husband)"), and a first name
# the scenario gives after it ("his wife Mercy works in a cashew factory").
_KIN_NAMED = r"(?:[a-z]+\s+\()?(" + _JOB_KIN + r")\b(?![-'])\)?(?-i:\s+[A-Z][a-z]+(?=[\s,]))?"
# What a relative does for a living, as scenarios say it: "her husband, a bank cashier, is posted in
# Haridwar", "their son, 31, a dentist in Toronto", "his wife is a lawyer", "her husband works as a
# nurse", "his father runs a dry-fruit shop", "her husband drives a truck", "a son who works in a
# factory in Pune".
_RELATIVE_JOBS = (
    # the relative's clause goes on before its job: "her husband, posted in Jodhpur, is a major in the
    # army", "her elder son lives in Surat and works in a diamond-polishing unit"
    # "their wife Ghaziabad ke ek sarkari is a teacher in the school" (a Hinglish gloss: no comma)
    re.compile(
        _WHOSE
        + r"("
        + _JOB_KIN
        + r")\b(?![-'])(?:(?!\b(?:said|says|thinks|feels|told|knows|believes|that|because|which|and|but|"
        r"when|if|who|whose)\b)[^.;:,]){3,40}?\s+(?:is|was|works\s+as)\s+an?\s+([a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}?)"
        + _JOB_END,
        re.I,
    ),
    re.compile(
        _WHOSE + r"(" + _JOB_KIN + r")\b(?![-'])[^.;:]{3,60}?(?:,\s+(?:is|was)\s+an?\s+"
        r"|\s+and\s+(?:works|worked)\s+(?:as\s+an?\s+|in\s+an?\s+|at\s+an?\s+))"
        r"([a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}?)" + _JOB_END,
        re.I,
    ),
    re.compile(
        _WHOSE
        + _KIN_NAMED
        + r"(?:,\s*\d{1,3})?,\s+(?:who is\s+)?an?\s+([a-z][\w-]*(?:\s+[a-z][\w-]*){0,4}?)"
        + _JOB_END,
        re.I,
    ),
    re.compile(
        _WHOSE + _KIN_NAMED + r"(?:,\s*\d{1,3},)?\s+(?:is|was)\s+(?:also\s+)?an?\s+"
        r"([a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}?)" + _JOB_END,
        re.I,
    ),
    re.compile(
        _WHOSE + _KIN_NAMED + r"(?:,\s*\d{1,3},)?\s+(?:who\s+)?(?:works|worked)\s+as\s+an?\s+"
        r"([a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}?)" + _JOB_END,
        re.I,
    ),
    re.compile(
        _WHOSE + _KIN_NAMED + r"(?:,\s*\d{1,3},)?\s+(?:who\s+)?((?:runs|owns|ran|drives|teaches|manages)"
        r"\s+(?:(?:at|in)\s+)?(?:an?|the|his|her)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}?)" + _JOB_END,
        re.I,
    ),
    # Marathi or Hindi after the gloss, the trade before the copula: "his wife anganwadi sevika aahe"
    re.compile(
        _WHOSE + _KIN_NAMED + r"\s+((?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)"
        r"\s+(?:aahe|aahet|ahe|ahet|hai|hain|hoti|hote)\b",
        re.I,
    ),
    re.compile(
        _WHOSE + _KIN_NAMED + r"(?:,\s*\d{1,3},)?\s+(?:who\s+)?(works(?:\s+[a-z-]+){0,2}\s+(?:in|at)\s+"
        r"(?:an?|the)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?)" + _JOB_END,
        re.I,
    ),
)
# Words after "a"/"is a" that are not a trade ("her husband, a diabetic", "his wife is a patient").
_NOT_JOBS = re.compile(
    r"^(?:diabetic|patient|widow|widower|heart patient|bit|little|lot|good|kind|strict|very|year|month|day|"
    r"week|member|resident|native|friend|guarantor|co-borrower|nominee|part|fan|big|small|bedridden|"
    r"\d)",
    re.I,
)


def relative_jobs(about: str) -> list[str]:
    """The occupations a scenario states for the persona's relatives, as "relative: occupation".

    Examples
    --------
    >>> relative_jobs("Kavita, 39, says her husband, a bank cashier, is posted in Haridwar; her son "
    ...               "works in a factory in Pune and her brother is a retired colonel.")
    ['husband: bank cashier', 'son: works in a factory', 'brother: retired colonel']
    """
    found: list[tuple[int, str]] = []
    seen: set[str] = set()
    for rx in _RELATIVE_JOBS:
        for m in rx.finditer(about):
            who, job = m.group(1).lower(), m.group(2).strip()
            job = job[:1].lower() + job[1:]
            if who in seen or _NOT_JOBS.match(job) or len(job) < 3:
                continue
            # "is a heavy drinker": only a trade is a job; "runs a shop", "works in a factory" are work
            # ("works in a textile unit" names where they work: kept as it is said)
            worked = re.search(r"\bwork(?:s|ed)\s+(?:in|at)\s+an?\s+\S+(?:\s+\S+){0,3}$", m.group(0), re.I)
            if (
                not worked
                and not re.match(r"(?:runs|owns|ran|drives|teaches|manages|works)\b", job)
                and not is_job(job)
            ):
                continue
            seen.add(who)
            found.append((m.start(), f"{who}: {job}"))
    return [job for _, job in sorted(found)]


def job_of(jobs: list[str], *relatives: str) -> str | None:
    """The stated occupation of the first of ``relatives`` that has one ("husband: bank cashier")."""
    table = dict(j.split(":", 1) for j in jobs if ":" in j)
    for who in relatives:
        job = table.get(who, "").strip()
        if job:
            return job
    return None
