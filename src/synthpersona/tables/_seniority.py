"""Seniority from job titles by keyword scoring (C-Suite ... Entry-Level).

As the seed describes, every level has keywords and the level with the highest
score wins, but keywords match on word boundaries (``lead`` is not in
``leadership``, ``cto`` is not in ``director``), abbreviations are expanded
(``Sr.``, ``Jr.``, ``Mgr``, ``Dir``, ``VP``/``SVP``/``EVP``/``AVP``, ``CxO``),
and context decides the ambiguous words:

- ``Vice President`` is senior management, ``President`` is C-suite;
- ``Assistant``/``Associate``/``Deputy`` before a management word keep that level
  (``Assistant Manager`` is management), alone they are entry level;
- ``Assistant to the CEO`` describes whom the person assists: words after
  "to the" are ignored;
- ``Junior``/``Intern``/``Trainee`` outweigh the profession they qualify.

Ties go to the more senior level. A title with no keyword at all is treated as an
individual contributor (``Professional``); a blank title is ``Unknown``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

__all__ = ["SENIORITY_LEVELS", "seniority_codes", "seniority_of"]

# Most senior first; the order is also the tie-break and the ordinal encoding.
SENIORITY_LEVELS: tuple[str, ...] = (
    "C-Suite",
    "Senior Management",
    "Management",
    "Professional",
    "Entry-Level",
)
_UNKNOWN = "Unknown"
_DEFAULT = "Professional"

_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"\bsr\b\.?", "senior"),
    (r"\bsnr\b\.?", "senior"),
    (r"\bjr\b\.?", "junior"),
    (r"\bjnr\b\.?", "junior"),
    (r"\bmgr\b\.?", "manager"),
    (r"\bmngr\b\.?", "manager"),
    (r"\bdir\b\.?", "director"),
    (r"\basst\b\.?", "assistant"),
    (r"\bassoc\b\.?", "associate"),
    (r"\bexec\b\.?", "executive"),
    (r"\bengr?\b\.?", "engineer"),
    (r"\bspec\b\.?", "specialist"),
    (r"\bcoord\b\.?", "coordinator"),
    (r"\breps?\b\.?", "representative"),
    (r"\bsupv?\b\.?", "supervisor"),
    (r"\bdev\b\.?", "developer"),
    (r"\bsvp\b", "senior vice president"),
    (r"\bevp\b", "executive vice president"),
    (r"\bavp\b", "assistant vice president"),
    (r"\bvp\b", "vice president"),
    (r"\bv\.p\.", "vice president"),
    (r"\bgm\b", "general manager"),
    (r"\bco[- ]founder\b", "cofounder"),
    (r"\bvice[- ]president\b", "vice president"),
)

_MGMT_NOUN = (
    r"(?:manager|director|vice president|president|principal|supervisor|head|dean|partner|controller)"
)

# (level, pattern, weight). Patterns run on the lower-cased, abbreviation-expanded title.
_RULES: tuple[tuple[str, str, float], ...] = (
    # C-Suite
    ("C-Suite", r"\bc(?:e|f|o|t|i|m|r|d|p|s|h|x|hr|is|io|co|ao|no|so|ro)o\b", 4),
    ("C-Suite", r"\bchief\b(?!\s+of\s+staff)", 4),
    ("C-Suite", r"(?<!vice )\bpresident\b", 4),
    ("C-Suite", r"\b(?:cofounder|founder|founding partner)\b", 4),
    ("C-Suite", r"(?<!product )(?<!process )(?<!data )(?<!system )(?<!content )\bowner\b", 4),
    ("C-Suite", r"\b(?:chairman|chairwoman|chairperson|chair of the board|board member)\b", 4),
    ("C-Suite", r"\bmanaging partner\b", 4),
    ("C-Suite", r"\bproprietor\b", 4),
    # Senior management
    ("Senior Management", r"\bvice president\b", 4),
    ("Senior Management", r"\bdirector\b", 3),
    ("Senior Management", r"\bhead\b(?:\s+of\b)?", 3),
    ("Senior Management", r"\bchief of staff\b", 5),
    ("Senior Management", r"\b(?:senior|equity|salaried)?\s*partner$", 3),
    ("Senior Management", r"\bgeneral manager\b", 1),
    ("Senior Management", r"\b(?:dean|provost|principal of)\b", 3),
    # Management
    ("Management", r"\bmanager\b", 2),
    ("Management", r"\bmanagement\b", 1),
    ("Management", r"\bsupervisor\b", 2),
    (
        "Management",
        r"\b(?:team |tech |technical )?lead(?:er)?\b(?!\s+(?:gen|generation|qualification|nurture))",
        2,
    ),
    ("Management", r"\b(?:foreman|forewoman|superintendent|controller|comptroller)\b", 2),
    ("Management", r"\bprincipal\b(?=\s*$)", 2),
    ("Management", r"\bscrum master\b", 1),
    # Professional
    (
        "Professional",
        r"\b(?:analyst|specialist|engineer|consultant|accountant|developer|programmer|scientist|designer|"
        r"architect|attorney|lawyer|counsel|nurse|physician|doctor|surgeon|pharmacist|dentist|therapist|"
        r"teacher|professor|lecturer|instructor|researcher|economist|auditor|advisor|adviser|planner|"
        r"strategist|editor|writer|copywriter|journalist|producer|technician|technologist|underwriter|actuary|"
        r"recruiter|buyer|administrator|officer|agent|broker|tester|statistician|paralegal|pilot|"
        r"electrician|mechanic|machinist|welder|plumber|carpenter|driver|operator|chef|cook|photographer|"
        r"marketer|associate professor|product owner|scrum|devops|sre|dba|controller|banker|trader|"
        r"investigator|inspector|surveyor|estimator|librarian|counselor|counsellor|psychologist|"
        r"veterinarian|epidemiologist|chemist|biologist|physicist|geologist|translator|interpreter|"
        r"illustrator|animator|artist|musician|stylist|paramedic|midwife|dietitian|optometrist|"
        r"hygienist|radiographer|sonographer|pharmacologist|bookkeeper|executive)\b",
        1,
    ),
    ("Professional", r"\b(?:senior|staff|principal)\s+\w+", 0.5),
    # Entry level
    ("Entry-Level", r"\b(?:intern|internship|trainee|apprentice|student|graduate|werkstudent|co-?op)\b", 3),
    ("Entry-Level", r"\bjunior\b", 2),
    ("Entry-Level", r"\bentry[- ]level\b", 3),
    ("Entry-Level", r"\bassistant\b(?!\s+(?:\w+\s+)?" + _MGMT_NOUN + r"\b)(?!\s+professor\b)", 2),
    (
        "Entry-Level",
        r"\bassociate\b(?!\s+(?:\w+\s+)?"
        + _MGMT_NOUN
        + r"\b)(?!\s+(?:professor|general counsel|attorney)\b)",
        2,
    ),
    ("Entry-Level", r"\b(?:clerk|receptionist|cashier|teller|greeter|runner|helper|aide|courier)\b", 2),
    ("Entry-Level", r"\b(?:coordinator|representative|trainee|assistant)\b", 1),
    ("Entry-Level", r"\b(?:sales development|business development) representative\b", 1),
)
_COMPILED = tuple((level, re.compile(pat), w) for level, pat, w in _RULES)
_ABBR_COMPILED = tuple((re.compile(p), r) for p, r in _ABBREVIATIONS)
# "Assistant to the CEO": what follows "to (the)" names the boss, not the person.
_TO_THE = re.compile(r"\s+to\s+(?:the\s+)?(?=\w)")


def _normalise(title: str) -> str:
    t = title.casefold().replace("&", " and ").replace("/", " / ")
    t = re.sub(r"[_|]+", " ", t)
    for pat, rep in _ABBR_COMPILED:
        t = pat.sub(rep, t)
    t = re.sub(r"[^\w\s./-]+", " ", t)
    t = re.sub(r"\s+", " ", t).strip(" .,-")
    parts = _TO_THE.split(t, maxsplit=1)
    return parts[0]


@lru_cache(maxsize=65536)
def seniority_of(title: str | None) -> str:
    """Return the seniority level of one job title.

    Examples
    --------
    >>> seniority_of("Sr. VP, Sales")
    'Senior Management'
    >>> seniority_of("Assistant to the CEO")
    'Entry-Level'
    >>> seniority_of("Team Lead")
    'Management'
    """
    if title is None:
        return _UNKNOWN
    text = str(title).strip()
    if not text or text.casefold() in ("unknown", "nan", "n/a", "na", "none", "-", "null"):
        return _UNKNOWN
    norm = _normalise(text)
    scores = dict.fromkeys(SENIORITY_LEVELS, 0.0)
    for level, pat, weight in _COMPILED:
        if pat.search(norm):
            scores[level] += weight
    best = max(SENIORITY_LEVELS, key=lambda lvl: scores[lvl])  # first (most senior) wins ties
    return best if scores[best] > 0 else _DEFAULT


def seniority_codes(levels: list[str], codes: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Map category codes of a title column to seniority codes; returns ``(codes, level_names)``.

    ``level_names`` lists the five levels most senior first, plus ``Unknown`` when a
    title is blank. Only the distinct titles are scored.
    """
    names = [*SENIORITY_LEVELS, _UNKNOWN]
    lut = np.array([names.index(seniority_of(t)) for t in levels], dtype=np.int32)
    out = lut[codes] if len(lut) else np.zeros(len(codes), dtype=np.int32)
    if not (out == len(SENIORITY_LEVELS)).any():
        names = list(SENIORITY_LEVELS)
    return out.astype(np.int32), names
