# ruff: noqa: E501  (pattern tables read better unwrapped)
"""Slots in a chat message: prices (₹, k, lakh, hazaar, crore) and durations (months, years).

Examples
--------
>>> prices("Would you pay ₹75,000? Or 1.2 lakh for the ROG?")
[75000, 120000]
>>> prices("60 hazaar mein milega"), prices("50k tak")
([60000], [50000])
>>> months("6 ya 12 mahine ki EMI"), months("a 2 year plan"), months("छह महीने")
([6, 12], [24], [6])
"""

from __future__ import annotations

import re

from synthpersona.chat._lang import numerals

__all__ = ["months", "prices", "quantity"]

_NUM = r"(\d{1,3}(?:,\d{2,3})+|\d+(?:\.\d+)?)"
_UNIT = {
    "k": 1_000,
    "thousand": 1_000,
    "hazaar": 1_000,
    "hazar": 1_000,
    "hajar": 1_000,
    "hazaaar": 1_000,
    "हज़ार": 1_000,
    "हजार": 1_000,
    "lakh": 100_000,
    "lakhs": 100_000,
    "lac": 100_000,
    "lacs": 100_000,
    "l": 100_000,
    "लाख": 100_000,
    "crore": 10_000_000,
    "crores": 10_000_000,
    "cr": 10_000_000,
    "karod": 10_000_000,
    "करोड़": 10_000_000,
}
_UNIT_RX = "|".join(sorted((re.escape(u) for u in _UNIT), key=len, reverse=True))
_CURRENCY = r"(?:₹|rs\.?|inr|rupees?|rupaye|rupay|रुपये|रुपए)"
# a number with a scale word, or a currency mark before or after it
_PRICE = re.compile(
    rf"(?<![\w.,])(?:{_CURRENCY}\s*)?{_NUM}\s*({_UNIT_RX})?(?![\w])(\s*{_CURRENCY})?",
    re.IGNORECASE,
)
_HAS_CURRENCY = re.compile(rf"^\s*{_CURRENCY}", re.IGNORECASE)

_WORD_NUMBERS = {
    "one": 1, "ek": 1, "एक": 1, "two": 2, "do": 2, "दो": 2, "three": 3, "teen": 3, "तीन": 3,
    "four": 4, "char": 4, "chaar": 4, "चार": 4, "six": 6, "chhe": 6, "chheh": 6, "chah": 6, "छह": 6, "छः": 6,
    "nine": 9, "nau": 9, "नौ": 9, "twelve": 12, "barah": 12, "baarah": 12, "बारह": 12,
    "eighteen": 18, "athara": 18, "twenty-four": 24, "chaubis": 24, "चौबीस": 24, "three-six": 36,
    "thirty-six": 36,
}  # fmt: skip
_MONTH_WORDS = r"(?:months?|mo|mahine|mahina|mahino|mahinon|महीने|महीना|महीनों|maheene)"
_YEAR_WORDS = r"(?:years?|yrs?|yr|saal|sal|साल|वर्ष)"
_NUMBER = r"(\d+|" + "|".join(re.escape(w) for w in _WORD_NUMBERS) + r")"
_DURATION = re.compile(
    rf"(?<!\w){_NUMBER}((?:\s*(?:,|/|or|ya|aur|and|या|और|-|to)\s*{_NUMBER})*)\s*[- ]?\s*({_MONTH_WORDS}|{_YEAR_WORDS})(?!\w)",
    re.IGNORECASE,
)
# "9 monthly payments", "12 EMIs", "6 kishton mein": a count of monthly instalments is a duration
_INSTALMENTS = re.compile(
    rf"(?<![\w,.₹]){_NUMBER}((?:\s*(?:,|/|or|ya|aur|and|या|और|-|to)\s*{_NUMBER})*)\s+"
    r"(?:(?:monthly|equal|easy|mahine ki|mahine ke)\s+)?"
    r"(?:payments?|instal+ments?|emis|kisht\w*|kist\w*|qist\w*|किस्त\w*|किश्त\w*)(?!\w)",
    re.IGNORECASE,
)
_LIST_NUMBER = re.compile(_NUMBER, re.IGNORECASE)
_YEAR_RX = re.compile(_YEAR_WORDS, re.IGNORECASE)
_QTY = re.compile(r"(?<![\w₹.,])(\d{1,2})\s+(?=[a-z\u0900-\u097F])", re.IGNORECASE)


def _to_int(token: str) -> int:
    token = token.lower()
    return _WORD_NUMBERS[token] if token in _WORD_NUMBERS else int(token)


def prices(message: str) -> list[int]:
    """Rupee amounts named in ``message`` (in order, without repeats).

    A bare number counts as a price when it has a currency mark, a scale word
    (k, lakh, hazaar, crore) or is at least 500 and not a duration or a year.
    """
    text = numerals(message)
    found: list[int] = []
    duration_spans = [m.span() for m in _DURATION.finditer(text)]
    for m in _PRICE.finditer(text):
        if any(a <= m.start(1) < b for a, b in duration_spans):
            continue
        number = float(m.group(1).replace(",", ""))
        unit = (m.group(2) or "").lower()
        currency = bool(_HAS_CURRENCY.match(m.group(0)) or m.group(3))
        if unit:
            number *= _UNIT[unit]
        elif not currency and (number < 500 or (1900 <= number <= 2100 and "." not in m.group(1))):
            continue  # "3 devices", "in 2025": not prices
        value = round(number)
        if value > 0 and value not in found:
            found.append(value)
    return found


def months(message: str) -> list[int]:
    """Durations in months (``"6 or 12 months"`` → ``[6, 12]``; ``"2 saal"`` → ``[24]``).

    A count of monthly instalments is a duration too (``"9 monthly payments"`` → ``[9]``,
    ``"3 or 6 monthly payments"`` → ``[3, 6]``).
    """
    text = numerals(message)
    out: list[int] = []
    for m in _DURATION.finditer(text):
        factor = 12 if _YEAR_RX.fullmatch(m.group(4)) else 1
        numbers = [m.group(1), *_LIST_NUMBER.findall(m.group(2) or "")]
        for token in numbers:
            value = _to_int(token) * factor
            if 0 < value <= 120 and value not in out:
                out.append(value)
    for m in _INSTALMENTS.finditer(text):  # "3 or 6 monthly payments": the unit names both
        for token in [m.group(1), *_LIST_NUMBER.findall(m.group(2) or "")]:
            value = _to_int(token)
            if 0 < value <= 120 and value not in out:
                out.append(value)
    return out


def quantity(message: str) -> int | None:
    """A small count before a noun (``"2 phones"`` → 2), if any."""
    m = _QTY.search(numerals(message))
    return int(m.group(1)) if m else None
