"""What each column of a customer table *is*, from its name and its values together.

:data:`COLUMN_ROLES` is the one vocabulary of column roles: the seed's persona roles
(``state``, ``industry``, ``job_title``... from :data:`~synthpersona.tables._columns.ROLES`)
and the data roles an analyst recognises in any CRM export: personal data (``person_name``,
``email``, ``phone``, ``address``, ``postal_code``), people on your own team (``owner``),
``identifier``, ``date``, ``free_text``, numbers (``currency``, ``percentage``, ``number``),
``category``, the ``target`` and columns that restate it (``leakage``). Each role says
whether it may be clustered and whether its values may be printed; the CLI's ``--role``,
the API and ``analysis.json`` use these names.

:func:`detect_role` decides one column; every decision carries its reason and the evidence
(``name``, ``values`` or both) so it can be reported and overridden.

Examples
--------
>>> import pandas as pd
>>> detect_role("E-Mail", pd.Series(["a.b@example.org", "c@example.com"])).role
'email'
>>> detect_role("Lead Number", pd.Series([str(660737 + i) for i in range(200)])).role
'identifier'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from synthpersona.tables._columns import ROLES, norm_name
from synthpersona.tables._header_meaning import MEANINGS, header_meaning
from synthpersona.tables._name_shapes import cjk_name_share, two_part_names
from synthpersona.tables._personal import (
    N_BIRTH,
    N_GEO,
    N_NAME_PART,
    N_NATIONAL_ID,
    RAW_BIRTH,
    RAW_GEO,
    RAW_NAME_PART,
    RAW_NATIONAL_ID,
    V_LATLON,
    V_NATIONAL_ID,
    V_PATRONYMIC,
    bare_word,
    has_honorific,
    japanese_name_share,
)
from synthpersona.tables._role_words import (
    GIVEN_NAMES,
    N_ADDRESS,
    N_DATE,
    N_EMAIL,
    N_ID,
    N_MONEY,
    N_NOT_PERSON,
    N_OWNER,
    N_PERCENT,
    N_PERSON,
    N_PHONE,
    N_POSTAL,
    N_TEXT,
    RAW_ADDRESS,
    RAW_AGENT,
    RAW_OWNER,
    V_CODE,
    V_DATE,
    V_DIALLED,
    V_EMAIL,
    V_PERSON,
    V_PHONE,
    V_POSTAL,
    V_STREET,
    V_URL,
    V_UUID,
)
from synthpersona.tables._values import BLANK_WORDS, parse_numbers

__all__ = ["COLUMN_ROLES", "PERSONAL_ROLES", "ColumnRole", "RoleDecision", "detect_role"]


@dataclass(frozen=True)
class ColumnRole:
    """One role a column can play.

    Attributes
    ----------
    name
        The role's name (``--role COL=NAME``).
    description
        What it means, for help texts and reports.
    clustered
        Whether columns of this role are features by default.
    personal
        Personal data: never clustered, never printed in a persona or report.
    """

    name: str
    description: str
    clustered: bool
    personal: bool = False


_DATA_ROLES: tuple[ColumnRole, ...] = (
    ColumnRole("person_name", "first, last or full names of people", False, True),
    ColumnRole("email", "e-mail addresses", False, True),
    ColumnRole("phone", "phone or mobile numbers", False, True),
    ColumnRole("address", "street addresses and GPS coordinates", False, True),
    ColumnRole("postal_code", "ZIP / postal / PIN codes", False, True),
    ColumnRole("owner", "people on your own team (owner, assignee, sales rep, counsellor)", False, True),
    ColumnRole(
        "national_id", "national ID, tax, social-security, passport and bank account numbers", False, True
    ),
    ColumnRole("birth_date", "dates of birth", False, True),
    ColumnRole("identifier", "record IDs, numbers, keys, links (any type)", False),
    ColumnRole("date", "dates and times", False),
    ColumnRole("free_text", "notes, descriptions, comments", False),
    ColumnRole("leakage", "restates the outcome (status, stage, conversion date...)", False),
    ColumnRole("target", "the yes/no outcome personas are ranked by", False),
    ColumnRole("extra", "left out of the features (not one of the seed's columns in leads mode)", False),
    ColumnRole("currency", "money amounts (any locale, symbol or unit)", True),
    ColumnRole("percentage", "percentages", True),
    ColumnRole("number", "other numbers", True),
    ColumnRole("category", "categories or bands", True),
)
# The seed's persona roles (state, industry, job title...) are features; the target is above.
COLUMN_ROLES: dict[str, ColumnRole] = {
    **{
        role: ColumnRole(role, f"the seed's {seed!r} column", True)
        for role, (seed, _) in ROLES.items()
        if role != "target"
    },
    **{r.name: r for r in _DATA_ROLES},
}
PERSONAL_ROLES: frozenset[str] = frozenset(r for r, spec in COLUMN_ROLES.items() if spec.personal)


@dataclass
class RoleDecision:
    """The role of one column and why: ``evidence`` is ``name``, ``values``, ``name+values`` or ``user``."""

    role: str
    reason: str
    evidence: str

    @property
    def clustered(self) -> bool:
        """Whether the role is a feature by default."""
        return COLUMN_ROLES[self.role].clustered

    @property
    def personal(self) -> bool:
        """Whether the column holds personal data."""
        return COLUMN_ROLES[self.role].personal


_MAX_DISTINCT = 50_000  # distinct values looked at; more only confirms "a different value per row"


def _profile(values: pd.Series, limit: int = 2000) -> tuple[list[str], int, int]:
    """``(sample, n_nonblank, n_distinct)``: distinct non-blank values, most common first, trimmed.

    Counts the raw column once (fast for Arrow text) and trims only the distinct values.
    """
    counts = values.value_counts(dropna=True)
    merged: dict[str, int] = {}
    for v, c in zip(counts.index[:_MAX_DISTINCT], counts.to_numpy()[:_MAX_DISTINCT], strict=True):
        text = str(v).strip()
        if text.casefold() not in BLANK_WORDS:
            merged[text] = merged.get(text, 0) + int(c)
    rest = int(counts.to_numpy()[_MAX_DISTINCT:].sum())
    n_nonblank = sum(merged.values()) + rest
    n_distinct = len(merged) + max(0, len(counts) - _MAX_DISTINCT)
    sample = sorted(merged, key=lambda k: -merged[k])[:limit]
    return sample, n_nonblank, n_distinct


def _share(sample: list[str], pattern: re.Pattern[str]) -> float:
    return sum(bool(pattern.match(v)) for v in sample) / len(sample) if sample else 0.0


@cache
def _census_given_names() -> frozenset[str]:
    """Given names common enough to count in a "Given Family" value (``given_names.txt``)."""
    text = (Path(__file__).parent / "given_names.txt").read_text(encoding="utf-8")
    return frozenset(w for w in text.split() if w.isalpha() and w.islower())


def _is_given_name(value: str) -> bool:
    """The value starts with a given name: any shape for the short list of :data:`GIVEN_NAMES`,
    "Given Family" (two or three capitalised words) for the longer census list, whose words
    ("Grace", "Florida", "May") are more often something else when they stand alone."""
    words = value.split()
    first = words[0].strip(".,").casefold() if words else ""
    if first in GIVEN_NAMES:
        return True
    shaped = 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words)
    return shaped and first in _census_given_names()


def _given_name_share(sample: list[str]) -> float:
    hits = sum(_is_given_name(v) for v in sample)
    return hits / len(sample) if sample else 0.0


def detect_role(name: str, values: pd.Series, seed_role: str | None = None) -> RoleDecision:
    """The role of one column from its name and its values (see :data:`COLUMN_ROLES`).

    Parameters
    ----------
    name
        Column name as in the file.
    values
        Its cells as text (blanks as NA).
    seed_role
        The seed role its name matched (``state``, ``industry``...), if any: kept unless the
        values say the column is personal data (an ``Owner`` is not a ``Lead Source``).

    Examples
    --------
    >>> detect_role("Mobile", pd.Series(["+91 98765 43210", "+91 91234 56789"])).role
    'phone'
    >>> detect_role("Annual Revenue", pd.Series(["$55,800,000", "$1,200,000"])).role
    'currency'
    """
    key = norm_name(name)
    sample, n_nonblank, distinct = _profile(values)
    if not sample:
        return RoleDecision("category", "no values", "values")
    uniq = distinct / max(n_nonblank, 1)
    short = key[:40]

    # unmistakable from values alone
    if _share(sample, V_EMAIL) >= 0.8:
        return RoleDecision(
            "email", "values are e-mail addresses", "values" if not N_EMAIL.search(short) else "name+values"
        )
    if _share(sample, V_URL) >= 0.8:
        return RoleDecision("identifier", "values are links (URLs)", "values")
    if _share(sample, V_UUID) >= 0.8:
        return RoleDecision("identifier", "values are UUIDs", "values")
    if _share(sample, V_PHONE) >= 0.8 and (N_PHONE.search(short) or header_meaning(name) == "phone"):
        return RoleDecision("phone", "named a phone column and values are phone numbers", "name+values")
    dialled = [v for v in sample if V_DIALLED.match(v) and 8 <= sum(ch.isdigit() for ch in v) <= 15]
    if _share(sample, V_PHONE) >= 0.8 and len(dialled) >= 0.8 * len(sample) and uniq >= 0.5:
        # "Cep", "Recapito": numbers written as dialled (+39 ..., 0 (532) ...) under a header no list knows
        return RoleDecision("phone", "values are phone numbers as dialled (+country or trunk 0)", "values")
    personal = _personal_kind(name, short, sample, uniq)
    if personal is not None:
        return personal
    if _share(sample, V_DATE) >= 0.9:
        return RoleDecision(
            "date", "values are dates", "values" if not N_DATE.search(short) else "name+values"
        )
    # the header's meaning (an embedding) only when the values look like postal codes
    if _share(sample, V_POSTAL) >= 0.8 and (N_POSTAL.search(short) or header_meaning(name) == "postal_code"):
        return RoleDecision("postal_code", "named a postal code and values are codes", "name+values")
    if N_EMAIL.search(short) and "@" in "".join(sample[:50]):
        return RoleDecision("email", "named an e-mail column", "name+values")
    if seed_role is not None and seed_role != "target":
        owner = _owner_or_person(name, sample, distinct, seeded=True)
        if owner is not None:
            return owner
        return RoleDecision(seed_role, f"named like the seed's {ROLES[seed_role][0]!r}", "name")
    named_address = bool(N_ADDRESS.search(short) or RAW_ADDRESS.search(name.casefold()))
    if (named_address and uniq > 0.2) or _share(sample, V_STREET) >= 0.6:
        return RoleDecision("address", "street addresses", "name+values" if named_address else "values")
    person = _owner_or_person(name, sample, distinct)
    if person is not None:
        return person
    if N_TEXT.search(short) and (uniq > 0.3 or _mean_words(sample) >= 4):
        return RoleDecision("free_text", "notes or descriptions", "name+values")
    numbers = parse_numbers(pd.Series(sample, dtype="string"), name)  # the distinct values decide
    amount = bool(numbers.currency or numbers.percent or N_MONEY.search(short) or N_PERCENT.search(short))
    # named an ID in the vocabularies, or a header that means one in any language ("レコード番号");
    # asked only where a name decides (mostly distinct values, not amounts): a meaning is an embedding
    named_id = uniq >= 0.5 and not amount and (bool(N_ID.search(key)) or header_meaning(name) == "identifier")
    ident = _identifier(named_id, sample, uniq, n_nonblank, numbers.share >= 0.95, numbers.values, amount)
    if ident is not None:
        return ident
    if not amount and numbers.share >= 0.95 and _record_keys(name, sample, numbers.values):
        return RoleDecision(
            "identifier",
            "named an ID, whole numbers of one width: keys of other records (an owner, an account)",
            "name+values",
        )
    if numbers.share >= 0.95 and np.isfinite(numbers.values).any():
        if numbers.percent or (N_PERCENT.search(short) and not numbers.currency):
            return RoleDecision("percentage", "percentages", "values" if numbers.percent else "name+values")
        if numbers.currency or N_MONEY.search(short):
            how = "values" if numbers.currency and not N_MONEY.search(short) else "name+values"
            return RoleDecision("currency", f"money amounts{_notes(numbers.notes)}", how)
        return RoleDecision("number", f"numbers{_notes(numbers.notes)}", "values")
    if _mean_words(sample) >= 6 and uniq > 0.5:
        return RoleDecision("free_text", "long free text, mostly distinct", "values")
    return RoleDecision("category", "categories", "values")


def _personal_kind(name: str, key: str, sample: list[str], uniq: float) -> RoleDecision | None:
    """National IDs and bank accounts, dates of birth, GPS coordinates and parts of names.

    Each is personal data whatever else its values look like (a date, a number, a code, a
    category of six patronymics), so it is decided before the value shapes that would make
    it a date, a number or a category.
    """
    raw = name.casefold()
    named_id = bool(N_NATIONAL_ID.search(key) or RAW_NATIONAL_ID.search(raw))
    if named_id and uniq >= 0.3 and sum(ch.isdigit() for ch in "".join(sample[:50])) >= 50:
        return RoleDecision("national_id", "named a national ID, tax or bank number", "name+values")
    if uniq >= 0.5 and _share(sample, V_NATIONAL_ID) >= 0.8:
        return RoleDecision(
            "national_id",
            "values are shaped as national ID, tax or bank numbers (IBAN, CPF, PAN...)",
            "values",
        )
    if (N_BIRTH.search(key) or RAW_BIRTH.search(raw)) and _share(sample, V_DATE) >= 0.8:
        return RoleDecision("birth_date", "named a date of birth and values are dates", "name+values")
    if _share(sample, V_LATLON) >= 0.8:
        return RoleDecision("address", "values are GPS coordinates (latitude, longitude)", "values")
    if N_GEO.search(key) or RAW_GEO.search(raw):
        numbers = parse_numbers(pd.Series(sample, dtype="string"), name)
        finite = numbers.values[np.isfinite(numbers.values)]
        precise = sum("." in v and len(v.rsplit(".", 1)[1]) >= 3 for v in sample) >= 0.8 * len(sample)
        if numbers.share >= 0.95 and finite.size and np.abs(finite).max() <= 180 and precise:
            return RoleDecision(
                "address", "named a GPS coordinate and values are precise degrees", "name+values"
            )
    if (N_NAME_PART.search(key) or RAW_NAME_PART.search(raw)) and _share(sample, V_PERSON) >= 0.7:
        return RoleDecision(
            "person_name", "named a name or a part of one (patronymic, middle name, 氏名)", "name+values"
        )
    if _share(sample, V_PATRONYMIC) >= 0.8:
        return RoleDecision("person_name", "values are patronymics (Сергеевич, Петровна)", "values")
    return None


def _notes(notes: tuple[str, ...]) -> str:
    return f" ({', '.join(notes)})" if notes else ""


def _mean_words(sample: list[str]) -> float:
    return float(np.mean([len(v.split()) for v in sample])) if sample else 0.0


def _owner_or_person(
    name: str, sample: list[str], distinct: int, seeded: bool = False
) -> RoleDecision | None:
    """People: ``owner`` (your team: few distinct names) or ``person_name`` (the customers)."""
    key = norm_name(name)
    looks = _share(sample, V_PERSON)
    given = _given_name_share(sample)
    if looks < 0.7:
        return None
    if N_OWNER.search(key) or RAW_OWNER.search(name):
        return RoleDecision("owner", "names of people on your team (owner/assignee)", "name+values")
    if N_PERSON.search(key) and not N_NOT_PERSON.search(key):
        return RoleDecision("person_name", "names of people", "name+values")
    agent = _agent_people(name, sample, distinct)
    if agent is not None:
        return agent
    two_part = two_part_names(sample)
    if not N_NOT_PERSON.search(key) and (two_part or looks >= 0.8):
        # the header is in a language the vocabularies do not cover: ask what it means. Lone
        # words count too: a first-name or surname column ("Förnamn", "Efternamn") holds one
        # word per row, and its words are often missing from any given-name list. An owner
        # needs full names: lone capitalised words under a header whose meaning is near
        # "owner" are as often ranks or levels ("Seniority": Junior/Senior/Lead)
        meaning = header_meaning(name)
        if meaning == "owner" and two_part:
            return RoleDecision("owner", "people's names under a header meaning owner", "name+values")
        if meaning == "person_name":
            return RoleDecision("person_name", "names of people under a header meaning name", "name+values")
    if japanese_name_share(sample) >= 0.8 and not N_NOT_PERSON.search(key):
        if distinct <= 30 and header_meaning(name) != "person_name":  # a team is small
            return RoleDecision(
                "owner", "a few Japanese names (family name first) repeated over the rows", "values"
            )
        return RoleDecision(
            "person_name", "Japanese names: a common family name, then a given name", "values"
        )
    if cjk_name_share(sample) >= 0.8 and not N_NOT_PERSON.search(key):
        # Chinese and Korean names are written without a space: a common family name, then 1-3 syllables
        if distinct <= 30 and header_meaning(name) != "person_name":  # a team is small
            return RoleDecision(
                "owner", "a few Chinese/Korean names (family name first) repeated over the rows", "values"
            )
        return RoleDecision(
            "person_name", "Chinese/Korean names: a common family name, then a given name", "values"
        )
    if not seeded and not N_NOT_PERSON.search(key):
        found = _names_by_structure(name, sample, distinct)
        if found is not None:
            return found
    if looks >= 0.8 and given >= 0.5 and (seeded or not N_NOT_PERSON.search(key)):
        # few distinct names repeated over many rows are the team handling the leads
        if distinct <= 60:
            return RoleDecision("owner", "a few people's names repeated over the rows (owners)", "values")
        return RoleDecision("person_name", "values are people's names", "values")
    return None


def _agent_people(name: str, sample: list[str], distinct: int) -> RoleDecision | None:
    """Who did something: a header naming an agent ("Follow-up by", "Atendido por") over people's names.

    Such a header holds a person, a method or a channel ("Paid by": Cash/Card). The values
    decide: a name someone is called with an honorific ("Rohit sir", "Frau Weber"), a known
    given name in any shape, or values that read more like a person than a thing. Lone given
    names are common there (a team calls itself by first names), which the rules for full
    names miss. Few distinct names are the team (``owner``), many are customers.
    """
    if not RAW_AGENT.search(name.strip().casefold()) or N_NOT_PERSON.search(norm_name(name)):
        return None
    honorific = any(has_honorific(v) for v in sample)
    given = sum(bare_word(v.split()[0]) in _all_given_names() for v in sample if v.split()) / len(sample)
    if not honorific and given < 0.5 and _value_likeness(sample) < _AGENT_VALUE_MARGIN:
        return None
    why = "honorifics" if honorific else "given names" if given >= 0.5 else "values read as people"
    if distinct <= 60:
        return RoleDecision(
            "owner",
            f"possibly personal data: people who did the work, named under a header naming who ({why}; "
            f"override with --role {name}=category)",
            "name+values",
        )
    return RoleDecision("person_name", f"people's names under a header naming who ({why})", "name+values")


# mean (person minus thing) cosine of an agent column's values, against lone first names and
# payment methods or channels too: methods, channels and sources sit at -0.011 to -0.041, given
# names of languages no list covers at -0.005 to +0.008 (some, Polish or Yoruba, below: missed)
_AGENT_VALUE_MARGIN = -0.007


@cache
def _all_given_names() -> frozenset[str]:
    return GIVEN_NAMES | _census_given_names()


def _value_likeness(values: list[str]) -> float:
    """How much the most common values read as people rather than things (mean cosine difference)."""
    from synthpersona.tables._header_meaning import meaning_scores

    meanings = {
        "person": (*_PERSON_VALUE, "a first name"),
        "thing": (*_THING_VALUE, "a payment method", "a contact channel or medium"),
    }
    scores = [meaning_scores(v, meanings) for v in values[:12]]
    return float(np.mean([s["person"] - s["thing"] for s in scores])) if scores else -1.0


def _names_by_structure(name: str, sample: list[str], distinct: int) -> RoleDecision | None:
    """Names in languages no list covers, from how the values are built.

    Customers' names: the first and last words recombine freely over the rows (each given
    name with several family names and back), which categories of two words do not.
    Owners: a few two- or three-word values sharing no word (``Prémium Csomag``/``Alap
    Csomag`` share one), where the header and the values together read more like people
    than like categories. Leaving a category out costs a little signal; printing a name is
    a leak: the owner rule says "possibly" and how to override it.
    """
    parts = [v.split() for v in sample]
    shaped = [p for p in parts if 2 <= len(p) <= 3 and all(w[:1].isupper() and w.isalpha() for w in p)]
    if len(shaped) < 0.8 * len(sample):
        return None
    if _recombining(shaped) and _people_likeness(name, [" ".join(p) for p in shaped]) >= 0.0:
        # a grid of plan x billing period ("Gold Monthly") recombines too; its words read as things
        return RoleDecision(
            "person_name", "first and last words recombine freely over the rows, as names do", "values"
        )
    words = [w.casefold() for p in shaped for w in p]
    if distinct > 30 or len(words) != len(set(words)):
        return None
    if _people_likeness(name, [" ".join(p) for p in shaped]) >= _PEOPLE_MARGIN:
        return RoleDecision(
            "owner",
            "possibly personal data: a few full names under a header not clearly about categories "
            f"(override with --role {name}=category)",
            "name+values",
        )
    return None


# header (people vs categories) plus values (a person's name vs a thing), both cosines of the
# offline model; category columns of two-word values (regions, channels, sectors) sit below
_PEOPLE_MARGIN = -0.010
_PERSON_VALUE = ("a person's full name", "first name and surname of a person")
_THING_VALUE = (
    "a product or plan", "a region or city", "an industry or sector", "a sales channel or lead source",
    "a job level or team",
)  # fmt: skip


def _recombining(parts: list[list[str]]) -> bool:
    """First and last words form a grid: at least 4 of each, 12 pairs, each word with 3+ partners."""
    pairs = {(p[0], p[-1]) for p in parts}
    firsts: dict[str, int] = {}
    lasts: dict[str, int] = {}
    for f, la in pairs:
        firsts[f] = firsts.get(f, 0) + 1
        lasts[la] = lasts.get(la, 0) + 1
    if len(pairs) < 12 or len(firsts) < 4 or len(lasts) < 4 or set(firsts) & set(lasts):
        return False
    return bool(np.median(list(firsts.values())) >= 3 and np.median(list(lasts.values())) >= 3)


def _people_likeness(name: str, values: list[str]) -> float:
    """Header (people minus category meaning) plus values (a name minus a thing), mean over values."""
    from synthpersona.tables._header_meaning import meaning_scores

    head = meaning_scores(name, {"people": MEANINGS["person_name"] + MEANINGS["owner"]})["people"]
    head -= meaning_scores(name, {"category": MEANINGS["category"]})["category"]
    meanings = {"person": _PERSON_VALUE, "thing": _THING_VALUE}
    value = [meaning_scores(v, meanings) for v in values[:12]]  # the most common values
    return head + float(np.mean([s["person"] - s["thing"] for s in value]))


# "assignee_id", "Owner ID", "accountId": the ID is its own word of the raw header ("Max Bid",
# "Days Paid" and "Valid" end in the letters i-d too, once separators are gone)
_KEY_NAME = re.compile(r"(?:^|[\W_])(?:id|uuid|guid)$|[a-z0-9](?:Id|ID|Uuid|UUID|Guid|GUID)$")


def _record_keys(name: str, sample: list[str], values: np.ndarray) -> bool:
    """A header naming an ID over whole numbers of one width (4+ digits), repeated: keys of related records.

    An API export's ``assignee_id`` or ``account_id`` holds a few record numbers, each on many rows:
    too few distinct values for a record's own ID, yet numbers nobody counts or adds (a binned
    "412K" owner is nonsense). Read as a number, four owners' ids even rounded to one level.
    """
    raw = name.strip()
    if not (_KEY_NAME.search(raw.casefold()) or _KEY_NAME.search(raw)):
        return False
    finite = values[np.isfinite(values)]
    widths = {len(v.strip().lstrip("+-")) for v in sample}
    return (
        bool(finite.size)
        and bool(np.all(finite == np.round(finite)))
        and len(widths) == 1
        and min(widths) >= 4
    )


def _identifier(
    named_id: bool, sample: list[str], uniq: float, n: int, numeric: bool, values: np.ndarray, amount: bool
) -> RoleDecision | None:
    """Record IDs of any type: by name and mostly distinct, or by shape and distinct per row."""
    if named_id and uniq >= 0.5 and not amount:
        return RoleDecision("identifier", "named an ID/number/key and mostly distinct", "name+values")
    if n < 20 or uniq < 0.9:
        return None
    if numeric:
        if amount:
            return None
        finite = values[np.isfinite(values)]
        whole = finite.size and bool(np.all(finite == np.round(finite)))
        widths = {len(v.strip().lstrip("+-")) for v in sample}
        # distinct whole numbers of one width (or leading zeros) are record numbers, not quantities
        if whole and uniq >= 0.98 and (len(widths) == 1 or any(v.startswith("0") for v in sample)):
            return RoleDecision(
                "identifier", "distinct whole numbers of one width (record numbers)", "values"
            )
        return None
    if _share(sample, V_CODE) >= 0.9 and _mean_words(sample) <= 1.5:
        return RoleDecision("identifier", "distinct codes, one per row", "values")
    if uniq >= 0.95 and _mean_words(sample) < 4:
        return RoleDecision("identifier", "a different value in every row", "values")
    return None
