"""Forgiving column matching, the target (yes/no) flag and cleaning of text cells.

``job_title``, ``Job Title``, ``JOB-TITLE`` and ``JobTitle`` all name the same
column: names are compared after case folding and dropping everything that is
not a letter or digit. Each of the seed's columns has a *role* (state, industry,
job title, ...) with a few common synonyms so CRM exports from different tools map
onto the same persona sections.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from synthpersona.errors import DataError, did_you_mean
from synthpersona.tables._values import BLANK_WORDS, flag_word

__all__ = [
    "LEADS_COLUMNS",
    "ROLES",
    "UNKNOWN",
    "CleanColumn",
    "clean_categories",
    "find_column",
    "match_roles",
    "norm_name",
    "parse_flag",
    "resolve_columns",
]

UNKNOWN = "Unknown"

# Role -> (seed column name, synonyms). Synonyms are compared by norm_name().
ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "state": ("State", ("state", "region", "province", "stateprovince", "location", "territory", "country")),
    "industry": ("Industry", ("industry", "sector", "vertical", "industrysector")),
    "job_title": ("Job Title", ("jobtitle", "title", "jobrole", "role", "position", "designation", "job")),
    "education": ("Education Level", ("educationlevel", "education", "degree", "highestdegree")),
    "age": ("Age_range", ("agerange", "age", "agegroup", "ageband", "agebracket")),
    "experience": (
        "Years of Experience",
        ("yearsofexperience", "experience", "yearsexperience", "experienceyears", "yoe", "tenure"),
    ),
    "gender": ("Gender", ("gender", "sex")),
    "lead_source": (
        "Lead Source",
        ("leadsource", "source", "channel", "acquisitionchannel", "utmsource", "leadchannel", "origin"),
    ),
    "target": (
        "is_sale",
        (
            "issale",
            "sale",
            "sold",
            "converted",
            "conversion",
            "isconverted",
            "won",
            "closedwon",
            "purchased",
            "purchase",
            "bought",
            "churn",
            "churned",
            "ischurned",
            "cancelled",
            "canceled",
            "retained",
            "subscribed",
            "responded",
            "response",
            "clicked",
            "signedup",
            "paid",
            "target",
            "outcome",
            "label",
        ),
    ),
}
LEADS_COLUMNS: tuple[str, ...] = tuple(seed for seed, _ in ROLES.values())

_SPACE = re.compile(r"\s+")


def norm_name(name: str) -> str:
    """Normalise a column name for matching: case-folded letters and digits only.

    Examples
    --------
    >>> norm_name(" Job_Title ") == norm_name("job title") == norm_name("JobTitle")
    True
    """
    # accents do not matter either: "Région" is "region"
    # case-folded first: German "Straße" folds to "strasse" (NFKD keeps the ß, ASCII then drops it)
    plain = unicodedata.normalize("NFKD", str(name).casefold()).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^0-9a-z]+", "", plain.casefold())


def find_column(columns: Sequence[str], wanted: str) -> str | None:
    """Return the column of ``columns`` that forgivingly equals ``wanted``, or ``None``."""
    key = norm_name(wanted)
    for col in columns:
        if col == wanted:
            return col
    for col in columns:
        if norm_name(col) == key:
            return col
    return None


def resolve_columns(columns: Sequence[str], wanted: Iterable[str], what: str = "column") -> list[str]:
    """Map user-given names onto ``columns`` forgivingly; raise listing close matches when missing.

    Raises
    ------
    DataError
        ``code="missing_column"``; ``details`` has ``missing``, ``suggestions`` and ``available``.
    """
    found: list[str] = []
    missing: list[str] = []
    for w in wanted:
        col = find_column(columns, w)
        (found if col is not None else missing).append(col if col is not None else w)
    if missing:
        by_norm = {norm_name(c): c for c in columns}
        hints = {}
        for m in missing:
            close = did_you_mean(norm_name(m), list(by_norm))
            if close:
                names = re.findall(r"'([^']*)'", close)
                hints[m] = [by_norm[n] for n in names if n in by_norm]
        parts = []
        for m in missing:
            tip = f" (did you mean {' or '.join(repr(h) for h in hints[m])}?)" if hints.get(m) else ""
            parts.append(f"{m!r}{tip}")
        raise DataError(
            f"Missing {what}{'s' if len(missing) > 1 else ''}: {', '.join(parts)}. "
            f"The table has: {', '.join(repr(c) for c in columns[:30])}"
            f"{' ...' if len(columns) > 30 else ''}.",
            code="missing_column",
            details={"missing": missing, "suggestions": hints, "available": list(columns)},
        )
    return [str(c) for c in found]


def match_roles(columns: Sequence[str]) -> dict[str, str]:
    """Return ``{role: column}`` for the seed's roles found among ``columns`` (exact seed names first)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for role, (seed, synonyms) in ROLES.items():
        col = find_column([c for c in columns if c not in used], seed)
        if col is None:
            for syn in synonyms:
                col = next((c for c in columns if c not in used and norm_name(c) == syn), None)
                if col is not None:
                    break
        if col is not None:
            out[role] = col
            used.add(col)
    return out


def parse_flag(values: pd.Series, column: str = "target") -> tuple[np.ndarray, np.ndarray]:
    """Parse a yes/no column into ``(is_true, is_known)`` boolean arrays.

    Accepts the yes/no words of :data:`~synthpersona.tables._values.TRUE_WORDS` /
    ``FALSE_WORDS`` (TRUE/FALSE, 1/0, yes/no, Y/N, Ja/Nein, Oui/Non, Sí/No, हाँ/नहीं,
    Haan/Nahi, Won/Lost, Closed Won/Closed Lost, Converted/Not converted; any case, stray
    spaces); blank cells are "unknown".

    Raises
    ------
    DataError
        ``code="target_not_flag"`` listing examples of values that are not a flag.

    Examples
    --------
    >>> flag, known = parse_flag(pd.Series(["TRUE", "no", " Y ", None, "0"]))
    >>> flag.tolist(), known.tolist()
    ([True, False, True, False, False], [True, True, True, False, True])
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    truth = np.zeros(len(uniques) + 1, dtype=bool)
    known = np.zeros(len(uniques) + 1, dtype=bool)
    bad: list[str] = []
    for i, raw in enumerate(uniques):
        v = _SPACE.sub(" ", str(raw).strip().casefold())
        word = flag_word(v)
        if word is True:
            truth[i] = known[i] = True
        elif word is False:
            known[i] = True
        elif v in BLANK_WORDS or v == "na":
            continue
        else:
            bad.append(str(raw))
    if bad:
        counts = pd.Series(codes).value_counts()
        bad_sorted = sorted(bad, key=lambda b: -int(counts.get(list(uniques).index(b), 0)))
        raise DataError(
            f"Column {column!r} is not a yes/no flag: it contains "
            f"{', '.join(repr(b) for b in bad_sorted[:5])}"
            f"{f' and {len(bad) - 5} more values' if len(bad) > 5 else ''}. "
            "Use TRUE/FALSE, 1/0, yes/no or Y/N (or Ja/Nein, Oui/Non, Sí/No, हाँ/नहीं, Won/Lost, "
            "Converted/Not converted), "
            "or choose another target column (--target).",
            code="target_not_flag",
            details={"column": column, "examples": bad_sorted[:10], "n_bad_values": len(bad)},
        )
    idx = np.where(codes < 0, len(uniques), codes)
    return truth[idx], known[idx]


@dataclass
class CleanColumn:
    """A text column as category codes: ``codes[i]`` indexes ``levels``; blanks are the ``Unknown`` level."""

    codes: np.ndarray
    levels: list[str]
    n_blank: int

    @property
    def unknown_code(self) -> int | None:
        """The code of ``Unknown`` if present."""
        return self.levels.index(UNKNOWN) if UNKNOWN in self.levels else None


def clean_categories(values: pd.Series) -> CleanColumn:
    """Trim, collapse spaces and merge case variants of a text column; blanks become ``Unknown``.

    The most frequent spelling of each case-insensitive variant is kept for display.
    Works on the distinct values only, so a million rows cost one factorisation.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques)) if len(uniques) else np.zeros(0, int)
    n_na = int((codes < 0).sum())
    display: dict[str, tuple[int, str]] = {}
    keys: list[str] = []
    for i, raw in enumerate(uniques):
        text = _SPACE.sub(" ", str(raw).strip())
        key = text.casefold() if text else ""
        if key in ("", "nan", "n/a", "na", "null", "none", "-", "unknown", "?"):
            key = ""
        keys.append(key)
        if key and (key not in display or counts[i] > display[key][0]):
            display[key] = (int(counts[i]), text)
    # order levels by frequency for stable, readable codes
    totals: dict[str, int] = {}
    for i, key in enumerate(keys):
        totals[key] = totals.get(key, 0) + int(counts[i])
    totals[""] = totals.get("", 0) + n_na
    ordered = sorted((k for k in totals if k and totals[k] > 0), key=lambda k: (-totals[k], k))
    levels = [display[k][1] for k in ordered]
    pos = {k: j for j, k in enumerate(ordered)}
    n_blank = totals[""]
    if n_blank:
        levels.append(UNKNOWN)
        pos[""] = len(levels) - 1
    lut = np.array([pos.get(k, -1) for k in keys] + [pos.get("", -1)], dtype=np.int32)
    out = lut[np.where(codes < 0, len(uniques), codes)]
    return CleanColumn(codes=out.astype(np.int32), levels=levels, n_blank=n_blank)
