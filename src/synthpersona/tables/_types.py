"""Column type inference and preparation: every column becomes codes or numbers once.

Kinds
-----
``category``   a few distinct text values -> one-hot.
``ordered``    ordered bands ("18-24", "65+", "0-2", "$50k-$100k", "Low/Medium/High") -> one ordered code.
``numeric``    numbers -> robust-scaled value (log for skewed positive values).
``title``      free-text job titles -> seniority level (five groups, ordered).
``grouped``    other high-cardinality text -> its most frequent values plus "Other".
Excluded: ``identifier`` (unique per row, ids, e-mails, names), ``text`` (free text
with no dominant values), ``date``, ``constant``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.tables._columns import UNKNOWN, CleanColumn, clean_categories, norm_name
from synthpersona.tables._seniority import seniority_codes, seniority_of
from synthpersona.tables._values import ParsedNumbers, format_amount, parse_numbers

__all__ = ["EXCLUDED_KINDS", "PreparedColumn", "band_key", "infer_kind", "prepare_column"]

EXCLUDED_KINDS = ("identifier", "text", "date", "constant")
_MAX_CATEGORIES = 30
_MAX_GROUPS = 15
_ID_NAMES = re.compile(
    r"(^|_|\b)(id|uuid|guid|email|e-?mail|phone|mobile|name|first ?name|last ?name|"
    r"full ?name|address|street|zip|postcode|postal ?code|ip|url|website)($|_|\b)"
)
_NUM = re.compile(r"(\d+(?:[.,]\d+)?)\s*([km])?", re.IGNORECASE)
_DATE = re.compile(
    r"^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})([ t]\d{1,2}:\d{2}.*)?\s*$"
)
_WORD_ORDERS: tuple[tuple[str, ...], ...] = (
    ("very low", "low", "medium", "high", "very high"),
    ("low", "mid", "high"),
    ("small", "medium", "large", "enterprise"),
    ("xs", "s", "m", "l", "xl", "xxl"),
    ("never", "rarely", "sometimes", "often", "always"),
    ("strongly disagree", "disagree", "neutral", "agree", "strongly agree"),
    ("bronze", "silver", "gold", "platinum"),
    ("free", "basic", "standard", "pro", "premium", "enterprise"),
)
_EDUCATION: tuple[tuple[str, int], ...] = (
    (r"high ?school|secondary|ged|diploma", 0),
    (r"some college|vocational|trade school", 1),
    (r"associate", 2),
    (r"bachelor|\bba\b|\bbs\b|\bbsc\b|undergrad", 3),
    (r"master|\bmba\b|\bms\b|\bmsc\b|\bma\b|postgrad", 4),
    (r"doctor|ph\.? ?d|\bmd\b|\bjd\b", 5),
)


@dataclass
class PreparedColumn:
    """One column ready for encoding and profiling.

    ``codes``/``levels`` hold the (cleaned) categories, for ordered kinds in their
    order (``Unknown`` last); numeric columns have ``values`` instead (NaN for blanks)
    and ``levels`` are quantile bins for profiling.
    """

    name: str
    kind: str
    role: str | None
    codes: np.ndarray
    levels: list[str]
    n_blank: int = 0
    values: np.ndarray | None = None
    ordinal: np.ndarray | None = None  # per level: its position in the order (NaN for Unknown)
    reason: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def included(self) -> bool:
        """Whether the column takes part in clustering."""
        return self.kind not in EXCLUDED_KINDS


def band_key(level: str) -> float | None:
    """Sort key of a band such as ``"18-24"``, ``"65+"``, ``"<1"``, ``"$50k-$100k"``; ``None`` if not a band.

    Examples
    --------
    >>> [band_key(x) for x in ["25-34", "65+", "under 18", "1 to 3 years", "Banking"]]
    [25.0, 65.5, 17.5, 1.0, None]
    """
    s = level.strip().casefold().replace("years", "").replace("yrs", "").replace("year", "")
    m = _NUM.search(s)
    if not m:
        return None
    letters = re.sub(r"[\d\s.,$€£%+<>=kmto\-–—]|under|over|less|more|than|and|up|above|below|plus", "", s)
    if letters:
        return None
    num = float(m.group(1).replace(",", "."))
    mult = {"k": 1e3, "m": 1e6}.get((m.group(2) or "").lower(), 1.0)
    value = num * mult
    if s.lstrip().startswith(("<", "under", "less", "below", "up to")):
        value -= 0.5
    elif s.rstrip().endswith("+") or s.startswith((">", "over", "more", "above")) or "plus" in s:
        value += 0.5
    return value


def _word_order(levels: list[str]) -> list[int] | None:
    keys = [lv.strip().casefold() for lv in levels]
    for order in _WORD_ORDERS:
        if len(keys) >= 2 and all(k in order for k in keys):
            return [order.index(k) for k in keys]
    return None


def _education_order(levels: list[str]) -> list[int] | None:
    ranks = []
    for lv in levels:
        low = lv.casefold()
        rank = next((r for pat, r in _EDUCATION if re.search(pat, low)), None)
        if rank is None:
            return None
        ranks.append(rank)
    return ranks


def _order_of(levels: list[str], counts: np.ndarray, role: str | None) -> list[float] | None:
    known = [i for i, lv in enumerate(levels) if lv != UNKNOWN]
    if len(known) < 3 and role not in ("age", "experience"):
        return None
    names = [levels[i] for i in known]
    if role == "education":
        edu = _education_order(names)
        return None if edu is None else _spread(levels, known, [float(r) for r in edu])
    words = _word_order(names)
    if words is not None:
        return _spread(levels, known, [float(w) for w in words])
    keys = [band_key(n) for n in names]
    parsed = sum(int(counts[i]) for i, k in zip(known, keys, strict=True) if k is not None)
    total = sum(int(counts[i]) for i in known)
    if total and parsed / total >= 0.95 and all(k is not None for k in keys):
        has_band = any(re.search(r"\d\s*[-–+]|[<>]|under|over|to", n.casefold()) for n in names)
        if has_band or role in ("age", "experience"):
            return _spread(levels, known, [float(k) for k in keys if k is not None])
    return None


def _spread(levels: list[str], known: list[int], keys: list[float]) -> list[float]:
    # ordered codes are ranks (0, 1, 2, ...) rather than raw numbers: bands are not evenly wide
    uniq = sorted(set(keys))
    ranks = {k: float(i) for i, k in enumerate(uniq)}
    out = [float("nan")] * len(levels)
    for i, k in zip(known, keys, strict=True):
        out[i] = ranks[k]
    return out


def _is_date(levels: list[str]) -> bool:
    sample = [lv for lv in levels[:200] if lv != UNKNOWN]
    return bool(sample) and sum(bool(_DATE.match(s)) for s in sample) / len(sample) >= 0.9


def _numeric(name: str, values: pd.Series) -> ParsedNumbers | None:
    """The column as numbers (any locale, currency or percent sign) when 95 % of its cells are."""
    parsed = parse_numbers(values, name)
    return parsed if parsed.share >= 0.95 and np.isfinite(parsed.values).any() else None


def infer_kind(name: str, clean: CleanColumn, n_rows: int, role: str | None) -> tuple[str, str]:
    """Return ``(kind, reason)`` for a text column already cleaned into categories."""
    known_levels = [lv for lv in clean.levels if lv != UNKNOWN]
    n_levels = len(known_levels)
    if n_levels <= 1:
        return "constant", "one value only"
    if role == "job_title":
        return "title", "job titles grouped into seniority levels"
    counts = np.bincount(clean.codes, minlength=len(clean.levels))
    if role in ("age", "experience", "education") and _order_of(clean.levels, counts, role) is not None:
        return "ordered", "ordered bands"
    if role is not None:
        return (
            ("category", "categories") if n_levels <= _MAX_CATEGORIES else ("grouped", "top values + Other")
        )
    key = norm_name(name)
    uniq_ratio = n_levels / max(1, n_rows - clean.n_blank)
    if _ID_NAMES.search(name.casefold().replace("-", "_")) and (uniq_ratio > 0.5 or key.endswith("id")):
        return "identifier", "identifier or personal data"
    if n_rows >= 50 and uniq_ratio > 0.9:
        return "identifier", "unique per row"
    if _is_date(known_levels):
        return "date", "dates are not used for clustering"
    if _order_of(clean.levels, counts, None) is not None:
        return "ordered", "ordered bands"
    if n_levels <= _MAX_CATEGORIES:
        return "category", "categories"
    sample = sorted(range(len(clean.levels)), key=lambda i: -counts[i])[:200]
    hit = sum(
        int(counts[i])
        for i in sample
        if seniority_of(clean.levels[i]) != "Professional"
        or re.search(r"analyst|engineer|specialist|consultant|developer", clean.levels[i].casefold())
    )
    if re.search(r"title|role|position|job|designation", key) or hit >= 0.6 * counts[sample].sum():
        return "title", "job titles grouped into seniority levels"
    top = np.sort(counts[: len(known_levels)])[::-1][:_MAX_GROUPS]
    if top.sum() >= 0.6 * (n_rows - clean.n_blank):
        return "grouped", f"{n_levels} values: top {_MAX_GROUPS} + Other"
    return "text", f"free text ({n_levels} distinct values)"


def prepare_column(name: str, values: pd.Series, role: str | None, kind: str | None = None) -> PreparedColumn:
    """Clean one column and infer (or apply) its kind.

    Parameters
    ----------
    name, values
        Column name and its text values.
    role
        The seed role (``"state"``, ``"job_title"``, ...) or ``None``.
    kind
        Force a kind (e.g. ``"category"`` when the user picked the column explicitly); inferred when ``None``.
    """
    n = len(values)
    if role is None and kind is None:
        parsed = _numeric(name, values)
        if parsed is not None:
            return _prepare_numeric(name, parsed, role)
    clean = clean_categories(values)
    if kind is None:
        kind, reason = infer_kind(name, clean, n, role)
    else:
        reason = "chosen by the user"
    counts = np.bincount(clean.codes, minlength=len(clean.levels))
    if kind == "title":
        codes, levels = seniority_codes(clean.levels, clean.codes)
        ordinal = np.array([float(i) if lv != UNKNOWN else np.nan for i, lv in enumerate(levels)])
        # most senior first in display; encode as Entry=0 ... C-Suite=4
        ordinal = (len([lv for lv in levels if lv != UNKNOWN]) - 1) - ordinal
        return PreparedColumn(
            name, "title", role, codes, levels, clean.n_blank, ordinal=ordinal, reason=reason
        )
    if kind == "ordered":
        order = _order_of(clean.levels, counts, role)
        if order is None:
            kind, reason = "category", "categories"
        else:
            return _reorder(
                PreparedColumn(
                    name,
                    "ordered",
                    role,
                    clean.codes,
                    clean.levels,
                    clean.n_blank,
                    ordinal=np.array(order, dtype=float),
                    reason=reason,
                )
            )
    if kind == "grouped":
        keep = [i for i in np.argsort(-counts, kind="stable")[:_MAX_GROUPS] if clean.levels[i] != UNKNOWN]
        lut = np.full(len(clean.levels), len(keep), dtype=np.int32)
        lut[keep] = np.arange(len(keep), dtype=np.int32)
        levels = [clean.levels[i] for i in keep] + ["Other"]
        if clean.unknown_code is not None:
            lut[clean.unknown_code] = len(levels)
            levels.append(UNKNOWN)
        return PreparedColumn(name, "grouped", role, lut[clean.codes], levels, clean.n_blank, reason=reason)
    return PreparedColumn(name, kind, role, clean.codes, clean.levels, clean.n_blank, reason=reason)


def _reorder(col: PreparedColumn) -> PreparedColumn:
    """Renumber codes so levels follow their order (Unknown last)."""
    assert col.ordinal is not None
    order = col.ordinal
    idx = sorted(range(len(col.levels)), key=lambda i: (bool(np.isnan(order[i])), order[i], col.levels[i]))
    lut = np.empty(len(idx), dtype=np.int32)
    lut[idx] = np.arange(len(idx), dtype=np.int32)
    col.codes = lut[col.codes]
    col.levels = [col.levels[i] for i in idx]
    col.ordinal = col.ordinal[idx]
    return col


def _prepare_numeric(name: str, parsed: ParsedNumbers, role: str | None) -> PreparedColumn:
    nums = parsed.values

    def show(v: float) -> str:
        # people read "$4.6M", "₹45L" and "12.5%", never "4.555e+06"
        return format_amount(v, parsed.currency, parsed.percent)

    finite = np.isfinite(nums)
    n_blank = int((~finite).sum())
    distinct = np.unique(nums[finite])
    key = norm_name(name)

    def unusable(kind: str, level: str, reason: str) -> PreparedColumn:
        # kept for the output and the report, never clustered
        return PreparedColumn(
            name, kind, role, np.zeros(len(nums), np.int32), [level], n_blank, values=nums, reason=reason
        )

    if len(distinct) <= 1:
        return unusable("constant", "(constant)", "one value only")
    integral = bool(np.all(distinct == np.round(distinct)))
    if integral and (key == "id" or key.endswith("id")) and len(distinct) > 0.9 * finite.sum():
        return unusable("identifier", "(id)", "identifier")
    # profiling bins: quartiles (or the distinct values when there are few)
    if len(distinct) <= 8:
        edges = distinct
        codes = np.searchsorted(distinct, np.where(finite, nums, distinct[0])).astype(np.int32)
        levels = [show(v) for v in distinct]
    else:
        qs = np.unique(np.quantile(nums[finite], [0.25, 0.5, 0.75]))
        codes = np.searchsorted(qs, np.where(finite, nums, qs[0]), side="right").astype(np.int32)
        bounds = [float(np.min(distinct)), *map(float, qs), float(np.max(distinct))]
        levels = [f"{show(bounds[i])}–{show(bounds[i + 1])}" for i in range(len(qs) + 1)]
        edges = qs
    del edges
    if len(set(levels)) < len(levels):  # readable rounding made two levels one ("412K", "412K")
        levels = _exact_levels(distinct if len(distinct) <= 8 else bounds, ranges=len(distinct) > 8)
    if n_blank:
        codes = np.where(finite, codes, len(levels)).astype(np.int32)
        levels = [*levels, UNKNOWN]
    reason = "numbers" + (f" ({', '.join(parsed.notes)})" if parsed.notes else "")
    return PreparedColumn(name, "numeric", role, codes, levels, n_blank, values=nums, reason=reason)


def _exact_levels(values: Any, ranges: bool) -> list[str]:
    """Labels with every digit (``412,233``) where the readable ones collide; numbered if still equal."""

    def exact(v: float) -> str:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.4f}".rstrip("0")

    vals = [float(v) for v in values]
    levels = (
        [f"{exact(a)}–{exact(b)}" for a, b in itertools.pairwise(vals)]
        if ranges
        else [exact(v) for v in vals]
    )
    if len(set(levels)) < len(levels):
        levels = [f"{lv} ({i + 1})" for i, lv in enumerate(levels)]
    return levels
