"""Rules for numbers in a goal: ages, incomes, prices, numbers of children.

Each rule returns :class:`NumberHit` objects with the text span it used, so the parser
can mark the words as understood. Decisions (documented for users):

- an amount is money when it carries ``₹``/``rs``/``inr``, a ``k``/``lakh``/``crore``
  suffix, or is 100 or more; it is an *income* only next to an income word
  ("earning", "income", "salary", "per month", "LPA", ...), otherwise it is a product
  *price* and becomes a warning, never a filter ("headphones under ₹2000");
- yearly incomes ("12 LPA", "₹6 lakh per annum") are divided by 12 (monthly column);
- an income next to "household", "family" or "ghar" is the household's
  (``household_income_inr``), otherwise the person's own (``monthly_income_inr``);
- a bare income ("earning ₹25,000/month") means within ±20% of it;
- ages: "over/above 40", "40+", "40 and above", "40 se zyada" → ≥ 40; "under/below 30",
  "30 se kam" → ≤ 29;
  "up to 30" → ≤ 30; "in their 30s" → 30–39 (early 30–33, mid 34–36, late 37–39);
  "90s kids" → born in the 1990s.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Final

_SUFFIX = r"(?:k|thousand|hazaa?r|hajaa?r|lakhs?|lacs?|l|lpa|crores?|cr)"
AMT: Final = rf"(?:₹\s?)?\d[\d,]*(?:\.\d+)?(?:\s?{_SUFFIX}\b)?(?:\s?₹)?"
_AMT_PARTS = re.compile(rf"(₹)?\s?(\d[\d,]*(?:\.\d+)?)(?:\s?({_SUFFIX})\b)?(?:\s?(₹))?")

_GT = r"over|above|more than|older than|greater than|upwards of|over the age of|above the age of|>"
_GTE = r"at least|atleast|minimum(?: of)?|min|>=|not less than"
_LT = r"under|below|less than|younger than|under the age of|below the age of|<"
_LTE = r"up ?to|upto|at most|maximum(?: of)?|max|<=|not more than|within|till"
_POST_GTE = (
    r"\+|plus|and above|& above|and older|or older|and over|or above|or more|and up|onwards|n above|"
    r"se upar|se uper|se zyada|se jyada|se adhik|ke upar|ke uper"
)
_POST_LTE = (
    r"and below|& below|or below|or younger|or less|and under|and younger|se kam|se neeche|se niche|tak"
)

_INCOME_BEFORE = re.compile(
    r"\b(?:earn(?:s|ing|ers?)?|income(?:s)?|salar(?:y|ies|ied)|making|makes|take home|ctc|package|kamai|"
    r"kamate|kamane|aay|aamdani|tankhwah|paid|pay ?packet|wages?)\b"
)
_INCOME_AFTER = re.compile(
    r"^\s*(?:/\s?(?:month|mo|m|year|yr|annum)\b|per month|a month|monthly|p\.?m\.?\b|pm\b|per annum|"
    r"p\.?a\.?\b|"
    r"pa\b|a year|per year|annual(?:ly)?|yearly|salary|income|ctc|in hand|take home|har mahine|mahina|"
    # Hindi puts the household word after the amount: "2 lakh se zyada gharelu income"
    r"(?:household|family|gharelu|parivarik|ghar ki) (?:income|aay|aamdani)|"
    r"earners?|earning|kam(?:a|aa)(?:ne|te|ti) wal[eia]|kam(?:a|aa)(?:te|ti))"
)
_YEARLY = re.compile(
    r"lpa|per annum|p\.?a\.?\b|\bpa\b|a year|per year|annual|yearly|/\s?(?:year|yr|annum)|ctc|package"
)
_PRICE = re.compile(
    r"\b(?:cost(?:s|ing)?|priced|price[sd]?|mrp|worth|spend(?:s|ing)?|buy(?:ing)?|purchase|for under|ticket|"
    r"budget of|range|plan|subscription|fee|fees|deal|offer)\b"
)
_AGE_CONTEXT = re.compile(r"\b(?:age[sd]?|years?|yrs?|yo|y/o|year olds?|years olds?|umar|saal|aged)\b")


@dataclass
class NumberHit:
    """One understood number expression."""

    kind: str  # "age" | "income" | "price" | "children" | "ignored"
    start: int
    end: int
    op: str = "between"
    value: list[Any] = field(default_factory=list)
    text: str = ""
    note: str = ""
    household: bool = False  # an income of the whole household ("household income above 1 lakh")


def amount(token: str) -> tuple[float, bool]:
    """Return (value in ₹ or plain number, looks_like_money) for an AMT token."""
    m = _AMT_PARTS.search(token)
    if m is None:  # pragma: no cover - AMT always contains digits
        return 0.0, False
    rupee = bool(m.group(1) or m.group(4))
    raw = m.group(2).replace(",", "")
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    suffix = (m.group(3) or "").lower()
    scale = {
        "k": 1e3,
        "thousand": 1e3,
        "hazar": 1e3,
        "hazaar": 1e3,
        "hajar": 1e3,
        "hajaar": 1e3,
        "l": 1e5,
        "lakh": 1e5,
        "lakhs": 1e5,
        "lac": 1e5,
        "lacs": 1e5,
        "lpa": 1e5,
        "cr": 1e7,
        "crore": 1e7,
        "crores": 1e7,
    }.get(suffix, 1.0)
    return value * scale, rupee or bool(suffix)


_RANGE = re.compile(
    rf"(?:\b(?:between|from|aged|ages?)\s+)?(?P<a>{AMT})\s*(?:-|to|and|till|until|se)\s*(?P<b>{AMT})"
    rf"(?:\s*(?P<post>{_POST_GTE}))?"
)
_PRE = re.compile(
    rf"(?P<cmp>\b(?:{_GT}|{_GTE}|{_LT}|{_LTE}))\s*(?:the age of\s+|age\s+|aged\s+)?(?P<a>{AMT})"
)
_POST = re.compile(
    rf"(?P<a>{AMT})\s*(?:(?:saal|sal|years?|yrs?|varsh)\s+)?(?P<post>{_POST_GTE}|{_POST_LTE})(?![\w])"
)
_DECADE = re.compile(
    r"\b(?:(?P<q>early|mid|late)\s*)?(?P<d>[2-7]0)'?s\b|"
    r"\b(?:(?P<q2>early|mid|late)\s*)?(?P<w>twenties|thirties|forties|fifties|sixties|seventies)\b"
)
_BIRTH_DECADE = re.compile(
    r"\b(?:(?:19)?(?P<d>[5-9]0)'?s (?:kids|babies|born|children|generation)|"
    r"born in the (?:19)?(?P<d2>[5-9]0)'?s)\b"
)
_BORN = re.compile(
    r"\bborn (?P<cmp>after|before|in|between)\s+(?P<a>(?:19|20)\d\d)(?:\s*(?:and|-|to)\s*"
    r"(?P<b>(?:19|20)\d\d))?\b"
)
_CHILDREN = re.compile(
    r"\b(?:with\s+)?(?P<n>[1-5]|one|two|three|four|five)\s*(?P<plus>\+|or more)?\s*"
    r"(?:kids|children|child|bacc?h(?:e|on|cho)|bachch(?:e|on))\b"
)
_SINGLE = re.compile(rf"(?P<a>{AMT})")
_WORDS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def _money_kind(text: str, start: int, end: int) -> tuple[str, bool]:
    """Classify an amount at text[start:end] as income or price; also whether it is yearly."""
    before = text[max(0, start - 40) : start]
    after = text[end : end + 25]
    income_m = list(_INCOME_BEFORE.finditer(before))
    price_m = list(_PRICE.finditer(before))
    inc_pos = income_m[-1].end() if income_m else -1
    price_pos = price_m[-1].end() if price_m else -1
    period = _INCOME_AFTER.match(after)
    yearly = bool(_YEARLY.search(text[start:end] + " " + (period.group(0) if period else "")))
    if inc_pos >= 0 and inc_pos >= price_pos:
        return "income", yearly
    if period and price_pos < 0:
        return "income", yearly
    return "price", yearly


_HOUSEHOLD = re.compile(
    r"\b(?:household|households|family|families|combined|ghar|gharelu|parivar|parivaar|parivarik)\b"
)


def _is_household(text: str, start: int, end: int) -> bool:
    """Does an income amount describe the household ("household income over 1 lakh", "family income")?

    Only the four words before the amount and the word right after it count, so in
    "earning over 50k with household income above 2 lakh" only the second is the household's.
    """
    before = " ".join(text[:start].split()[-4:])
    after = " ".join(text[end:].split()[:1])
    return bool(_HOUSEHOLD.search(before) or _HOUSEHOLD.search(after))


def _age_op(cmp: str) -> str:
    if re.fullmatch(_GT, cmp) or re.fullmatch(_GTE, cmp) or re.fullmatch(_POST_GTE, cmp):
        return "gte"
    if re.fullmatch(_LT, cmp):
        return "lt"
    return "lte"


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(s < b and a < e for a, b in spans)


def find_numbers(text: str, today: dt.date) -> list[NumberHit]:
    """All number expressions in normalised ``text``, longest rules first."""
    hits: list[NumberHit] = []
    taken: list[tuple[int, int]] = []

    def add(hit: NumberHit) -> None:
        hits.append(hit)
        taken.append((hit.start, hit.end))

    for m in _BIRTH_DECADE.finditer(text):
        d = int(m.group("d") or m.group("d2"))
        first, last = 1900 + d, 1900 + d + 9
        add(
            NumberHit(
                "age", m.start(), m.end(), "between", [today.year - last, today.year - first], m.group(0)
            )
        )
    for m in _BORN.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        y1 = int(m.group("a"))
        y2 = int(m.group("b") or y1)
        cmp = m.group("cmp")
        spans = {"after": (y1 + 1, today.year), "before": (1900, y1 - 1), "in": (y1, y1)}
        lo, hi = spans.get(cmp, (min(y1, y2), max(y1, y2)))
        add(NumberHit("age", m.start(), m.end(), "between", [today.year - hi, today.year - lo], m.group(0)))
    for m in _CHILDREN.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        raw = m.group("n")
        n = _NUMBER_WORDS.get(raw) or int(raw)
        add(NumberHit("children", m.start(), m.end(), "gte" if m.group("plus") else "eq", [n], m.group(0)))

    for m in _RANGE.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        a, money_a = amount(m.group("a"))
        b, money_b = amount(m.group("b"))
        # "1-2 lakh": the first number takes the unit of the second.
        if money_b and not money_a and a < 1000 <= b:
            digits = re.search(r"\d[\d,]*(?:\.\d+)?", m.group("b"))
            a *= b / float(digits.group(0).replace(",", "")) if digits else 1.0
            money_a = True
        if money_a or money_b or max(a, b) >= 100:
            kind, yearly = _money_kind(text, m.start(), m.end())
            scale = 1 / 12 if yearly else 1.0
            op = "gte" if m.group("post") else "between"
            val = (
                [round(min(a, b) * scale)]
                if op == "gte"
                else [round(min(a, b) * scale), round(max(a, b) * scale)]
            )
            add(NumberHit(kind, m.start(), m.end(), op, val, m.group(0)))
        elif 10 <= a <= 99 and 10 <= b <= 99:
            add(NumberHit("age", m.start(), m.end(), "between", [min(a, b), max(a, b)], m.group(0)))

    for m in _PRE.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        a, money = amount(m.group("a"))
        op = _age_op(m.group("cmp").strip())
        if money or a >= 100:
            kind, yearly = _money_kind(text, m.start(), m.end())
            v = round(a / 12) if yearly else round(a)
            add(NumberHit(kind, m.start(), m.end(), "gte" if op == "gte" else "lte", [v], m.group(0)))
        elif 10 <= a <= 99 and "%" not in text[m.end() : m.end() + 2]:
            if op == "lt":
                add(NumberHit("age", m.start(), m.end(), "lte", [a - 1], m.group(0)))
            else:
                add(NumberHit("age", m.start(), m.end(), op, [a], m.group(0)))

    for m in _POST.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        a, money = amount(m.group("a"))
        op = _age_op(m.group("post").strip())
        op = "gte" if op == "gte" else "lte"
        if money or a >= 100:
            kind, yearly = _money_kind(text, m.start(), m.end())
            add(NumberHit(kind, m.start(), m.end(), op, [round(a / 12) if yearly else round(a)], m.group(0)))
        elif 10 <= a <= 99:
            # "40 se kam" is "less than 40", like "under 40": ages up to 39.
            strict = re.fullmatch(r"se (?:kam|neeche|niche)", m.group("post").strip()) is not None
            add(NumberHit("age", m.start(), m.end(), op, [a - 1 if strict else a], m.group(0)))

    for m in _DECADE.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        base = int(m.group("d")) if m.group("d") else _WORDS[m.group("w")]
        q = m.group("q") or m.group("q2")
        lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(q or "", (0, 9))
        add(NumberHit("age", m.start(), m.end(), "between", [base + lo, base + hi], m.group(0)))

    for m in _SINGLE.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        a, money = amount(m.group("a"))
        after = text[m.end() : m.end() + 14]
        before = text[max(0, m.start() - 10) : m.start()]
        if money or (a >= 100 and _INCOME_AFTER.match(after)):
            kind, yearly = _money_kind(text, m.start(), m.end())
            if kind == "price" and not money:
                continue
            per_month = a / 12 if yearly else a
            op = "between" if kind == "income" else "eq"
            val = [round(per_month * 0.8), round(per_month * 1.2)] if kind == "income" else [round(per_month)]
            add(NumberHit(kind, m.start(), m.end(), op, val, m.group(0), note="around"))
        elif 10 <= a <= 99 and (
            _AGE_CONTEXT.match(after.strip()) or re.search(r"\b(?:aged?|ages)\s*$", before)
        ):
            end = m.end()
            ctx = re.match(r"\s*(?:years? olds?|year olds?|years? old|yrs? old|yrs|yo|y/o|years)", text[end:])
            if ctx:
                end += ctx.end()
            add(NumberHit("age", m.start(), end, "between", [a, a], text[m.start() : end]))
    for h in hits:
        h.household = h.kind == "income" and _is_household(text, h.start, h.end)
    hits.sort(key=lambda h: h.start)
    return hits
