"""Cell values as people write them: locale and currency numbers, yes/no words, readable amounts.

- :func:`parse_numbers`: a text column of numbers written for people (``52.371.110,00``,
  ``$55,800,000``, ``₹1,23,456``, ``12.5%``, ``(1,200)``, ``3.4K``) -> floats, plus what the
  column is (currency and its symbol, percentage). The decimal mark is decided once per
  column (``1.234`` is a thousand in a German export and one point two in an English one).
- :data:`TRUE_WORDS` / :data:`FALSE_WORDS`: the one yes/no vocabulary (English, German,
  French, Spanish, Hindi and Hinglish, and CRM outcome words such as ``Closed Won``).
- :func:`format_amount`: ``4555000`` -> ``"$4.6M"`` or, for rupees, ``"₹45.6L"`` / ``"₹1.2Cr"``.

Examples
--------
>>> parse_numbers(pd.Series(["52.371.110,00", "1.234,5"])).values.tolist()
[52371110.0, 1234.5]
>>> format_amount(12_500_000, "₹")
'₹1.25Cr'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from synthpersona.schema import BLANK_WORDS, FALSE_WORDS, TRUE_WORDS

__all__ = [
    "BLANK_WORDS",
    "FALSE_WORDS",
    "TRUE_WORDS",
    "ParsedNumbers",
    "flag_word",
    "format_amount",
    "format_number",
    "parse_numbers",
]

# The one yes/no vocabulary lives in the public schema (also used by features and population).
_SPACE = re.compile(r"\s+")


def flag_word(raw: object) -> bool | None:
    """``True``/``False`` for a yes/no word of :data:`TRUE_WORDS`/:data:`FALSE_WORDS`, else ``None``.

    Examples
    --------
    >>> [flag_word(w) for w in ["Ja", "Non", " Closed Won ", "नहीं", "Sì", "maybe"]]
    [True, False, True, False, True, None]
    """
    v = _SPACE.sub(" ", unicodedata.normalize("NFC", str(raw)).strip().casefold())
    if v in TRUE_WORDS:
        return True
    if v in FALSE_WORDS:
        return False
    # Latin words with an accent the vocabulary spells otherwise (Italian "Sì", "Sí", "Si"): compare
    # without accents. Other scripts keep their marks (हाँ and हा are different words).
    bare = "".join(c for c in unicodedata.normalize("NFD", v) if not unicodedata.combining(c))
    if bare != v and bare.isascii():
        return True if bare in TRUE_WORDS else False if bare in FALSE_WORDS else None
    return None


# currency words and symbols -> the symbol shown in readable amounts
_CURRENCIES: dict[str, str] = {
    "$": "$", "us$": "$", "usd": "$", "€": "€", "eur": "€", "£": "£", "gbp": "£", "₹": "₹", "inr": "₹",
    "rs": "₹", "rs.": "₹", "r$": "R$", "¥": "¥", "jpy": "¥", "chf": "CHF ", "a$": "A$", "aud": "A$",
    "c$": "C$", "cad": "C$", "sgd": "S$", "s$": "S$", "aed": "AED ",
    # more markets' symbols and written units (longest match wins, see _CUR_RE)
    "₽": "₽", "руб": "₽", "руб.": "₽", "р.": "₽", "rub": "₽", "brl": "R$", "zł": "zł", "pln": "zł",
    "kr": "kr ", "kr.": "kr ", "sek": "kr ", "nok": "kr ", "dkk": "kr ", "₺": "₺", "tl": "₺", "try": "₺",
    "₩": "₩", "krw": "₩", "cny": "¥", "rmb": "¥", "元": "¥", "円": "¥", "₱": "₱", "php": "₱", "₦": "₦",
    "ngn": "₦", "zar": "R ", "₫": "₫", "vnd": "₫", "฿": "฿", "thb": "฿", "rp": "Rp ", "idr": "Rp ",
    "rm": "RM ", "myr": "RM ", "₪": "₪", "ils": "₪", "sar": "SAR ", "kč": "Kč ", "czk": "Kč ",
    "ft": "Ft ", "huf": "Ft ", "lei": "lei ", "ron": "lei ", "mxn": "MX$", "chf.": "CHF ", "pkr": "Rs ",
    "bdt": "৳", "৳": "৳", "lkr": "Rs ", "npr": "Rs ", "egp": "E£", "kes": "KSh ", "ksh": "KSh ",
}  # fmt: skip
_CUR_RE = "|".join(re.escape(c) for c in sorted(_CURRENCIES, key=len, reverse=True))
_AMOUNT = re.compile(
    rf"^\s*(?P<neg1>[-−–(])?\s*(?P<cur1>{_CUR_RE})?\s*(?P<neg2>[-−–])?\s*"
    r"(?P<num>\d[\d.,'\s\u00a0\u202f]*|[.,]\d+)\s*"
    r"(?P<mult>k|m|mn|mio|bn|b|l|lac|lakh|lakhs|cr|crore|crores)?\.?\s*"
    rf"(?P<cur2>{_CUR_RE})?\s*(?P<pct>%)?\s*\)?\s*$",
    re.IGNORECASE,
)
# thousands in threes, or Indian lakh/crore grouping (1,23,45,678)
_GROUPED = re.compile(r"^(\d{1,3}(,\d{3})+|\d{1,2}(,\d{2})*,\d{3})$")
_MULT = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "mio": 1e6, "bn": 1e9, "b": 1e9,
    "l": 1e5, "lac": 1e5, "lakh": 1e5, "lakhs": 1e5, "cr": 1e7, "crore": 1e7, "crores": 1e7,
}  # fmt: skip


@dataclass
class ParsedNumbers:
    """A column read as numbers.

    ``values`` has NaN for blanks and cells that are not numbers; ``share`` is the share of
    non-blank cells that parsed; ``currency`` is the symbol when cells carry one (or the
    column name names one); ``percent`` when cells end in ``%``; ``decimal`` is the decimal
    mark decided for the column; ``notes`` say what was recognised.
    """

    values: np.ndarray
    share: float
    currency: str | None = None
    percent: bool = False
    decimal: str = "."
    notes: tuple[str, ...] = ()


def _decimal_mark(nums: list[str]) -> str:
    """The column's decimal mark from its digits: ``","`` for European exports, else ``"."``."""
    comma_dec = dot_dec = 0
    for s in nums:
        s = re.sub(r"[\s'\u00a0\u202f]", "", s)
        last_c, last_d = s.rfind(","), s.rfind(".")
        if last_c >= 0 and last_d >= 0:
            comma_dec += last_c > last_d
            dot_dec += last_d > last_c
        elif last_c >= 0:
            tail = len(s) - last_c - 1
            # "1,23,456" is Indian grouping; "12,5" and "1,2345" are decimal commas
            if s.count(",") == 1 and tail != 3:
                comma_dec += 1
            elif s.count(",") > 1:
                dot_dec += 1  # repeated commas group thousands
        elif last_d >= 0:
            tail = len(s) - last_d - 1
            if s.count(".") > 1:
                comma_dec += 1  # "52.371.110" groups with dots
            elif tail != 3:
                dot_dec += 1
    return "," if comma_dec > dot_dec else "."


def _to_float(num: str, decimal: str) -> float | None:
    s = re.sub(r"[\s'\u00a0\u202f]", "", num)
    group = "." if decimal == "," else ","
    if s.count(decimal) > 1:
        return None
    whole = s.split(decimal)[0]
    if group in whole and not _GROUPED.match(whole.replace(group, ",")):
        return None  # "05.01.2024" is a date, not a number with thousands
    s = s.replace(group, "").replace(decimal, ".")
    try:
        return float(s)
    except ValueError:
        return None


def parse_numbers(values: pd.Series, name: str = "") -> ParsedNumbers:
    """Read a text column as numbers written for people; see the module docstring.

    Works on the distinct values only, so a million rows cost one factorisation.

    Examples
    --------
    >>> p = parse_numbers(pd.Series(["$55,800,000", "$1,200", None, "$3.5M"]))
    >>> p.values.tolist()[:2], p.currency, round(p.share, 2)
    ([55800000.0, 1200.0], '$', 1.0)
    >>> parse_numbers(pd.Series(["₹1,23,456", "₹12,000"])).values.tolist()
    [123456.0, 12000.0]
    >>> parse_numbers(pd.Series(["12.5%", "7%"])).percent
    True
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = [unicodedata.normalize("NFKC", str(u)) for u in uniques]
    matches = [_AMOUNT.match(t) if t.strip().casefold() not in BLANK_WORDS else None for t in texts]
    blank = [t.strip().casefold() in BLANK_WORDS for t in texts]
    decimal = _decimal_mark([m.group("num") for m in matches if m is not None])
    out = np.full(len(texts) + 1, np.nan)
    cur_counts: dict[str, int] = {}
    n_pct = n_mult = 0
    for i, m in enumerate(matches):
        if m is None:
            continue
        v = _to_float(m.group("num"), decimal)
        if v is None:
            continue
        mult = (m.group("mult") or "").casefold()
        if mult:
            v *= _MULT[mult]
            n_mult += 1
        if m.group("neg1") or m.group("neg2"):
            v = -v
        cur = m.group("cur1") or m.group("cur2")
        if cur:
            sym = _CURRENCIES[cur.casefold()]
            cur_counts[sym] = cur_counts.get(sym, 0) + 1
        n_pct += bool(m.group("pct"))
        out[i] = v
    idx = np.where(codes < 0, len(texts), codes)
    arr = out[idx]
    counts = np.bincount(idx, minlength=len(texts) + 1)
    nonblank = int(counts[: len(texts)][~np.asarray(blank, dtype=bool)].sum()) if texts else 0
    parsed = int(np.isfinite(arr).sum())
    share = parsed / nonblank if nonblank else 0.0
    for i, b in enumerate(blank):
        if b:
            arr[idx == i] = np.nan
    n_parsed_levels = sum(np.isfinite(out[: len(texts)]))
    currency = max(cur_counts, key=lambda c: cur_counts[c]) if cur_counts else _currency_in_name(name)
    percent = bool(n_parsed_levels > 0 and n_pct >= 0.5 * n_parsed_levels)
    notes = []
    if decimal == ",":
        notes.append("decimal comma (European format)")
    if cur_counts and currency:
        notes.append(f"currency {currency.strip()}")
    if percent:
        notes.append("percentages")
    if n_mult:
        notes.append("K/M/L/Cr suffixes expanded")
    return ParsedNumbers(arr, share, currency, percent, decimal, tuple(notes))


def _currency_in_name(name: str) -> str | None:
    low = name.casefold()
    for word, sym in (("inr", "₹"), ("₹", "₹"), ("rupee", "₹"), ("usd", "$"), ("$", "$"), ("eur", "€")):
        if re.search(rf"(^|[^a-z]){re.escape(word)}($|[^a-z])", low):
            return sym
    return None


def format_number(value: float) -> str:
    """A number for people: ``1234567`` -> ``"1.23M"``, ``0.125`` -> ``"0.125"``, never ``1.2e+06``.

    Examples
    --------
    >>> [format_number(v) for v in (4_555_000, 12_000, 950, 3.14159, -2_500)]
    ['4.55M', '12K', '950', '3.14', '-2.5K']
    """
    return _scaled(value, ((1e9, "B"), (1e6, "M"), (1e3, "K")))


def format_amount(value: float, currency: str | None = None, percent: bool = False) -> str:
    """A money amount or percentage for people; rupees in lakh (L) and crore (Cr).

    Examples
    --------
    >>> format_amount(4_555_000, "$"), format_amount(4_555_000, "₹"), format_amount(12.5, percent=True)
    ('$4.55M', '₹45.5L', '12.5%')
    """
    if percent:
        return f"{_plain(value)}%"
    if currency == "₹":
        return "₹" + _scaled(value, ((1e7, "Cr"), (1e5, "L"), (1e3, "K")))
    text = format_number(value)
    if currency:
        return f"-{currency}{text[1:]}" if text.startswith("-") else f"{currency}{text}"
    return text


def _scaled(value: float, units: tuple[tuple[float, str], ...]) -> str:
    if not np.isfinite(value):
        return str(value)
    sign = "-" if value < 0 else ""
    a = abs(float(value))
    for size, unit in units:
        if a >= size:
            return f"{sign}{_plain(a / size)}{unit}"
    return sign + _plain(a)


def _plain(v: float) -> str:
    v = float(v)
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}".rstrip("0").rstrip(".")
    return f"{v:.2f}".rstrip("0").rstrip(".")
