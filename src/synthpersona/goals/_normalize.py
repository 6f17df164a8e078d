"""Text normalisation before matching: case, dashes, currency, Devanagari words, typos.

The goal is rewritten into lower-case Latin text where hyphens between words become
spaces ("Gen-Z" → "gen z", "tier-2" → "tier 2") but numeric ranges stay ("25-34").
Devanagari words of the audience vocabulary are transliterated ("मुंबई के छात्र" →
"mumbai ke students"), and common typos are corrected by conservative edits (adjacent
transposition, doubled letter added or dropped, one vowel swapped), only when the
result is a word of the lexicon.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Final


def _fold(text: str) -> str:
    """Drop the nukta and write chandrabindu as anusvara: ज़्यादा = ज्यादा, माँ = मां."""
    return unicodedata.normalize("NFC", text).replace("\u093c", "").replace("\u0901", "\u0902")


def _load_devanagari() -> dict[str, str]:
    text = resources.files("synthpersona.goals").joinpath("devanagari.txt").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        deva, _, latin = line.partition("\t")
        out[_fold(deva.strip())] = latin.strip()
    return out


# Devanagari words and phrases (Hindi/Marathi spellings) → the word the lexicon knows
# (``devanagari.txt``): places, people, numbers and comparisons, media, channels, negations.
DEVANAGARI: Final = _load_devanagari()
_DEVA_CHAR = "\u0900-\u097f"
_DEVA_RE: Final = re.compile(
    "|".join(
        f"(?<![{_DEVA_CHAR}]){re.escape(k)}(?![{_DEVA_CHAR}])"
        for k in sorted(DEVANAGARI, key=len, reverse=True)
    )
)
_DEVA_DIGITS: Final = str.maketrans("०१२३४५६७८९", "0123456789")

# Typos seen in marketers' goals that the conservative edit rules below cannot reach.
MISSPELLINGS: Final = {
    "fasion": "fashion",
    "fashon": "fashion",
    "womens": "women",
    "mens": "men",
    "womans": "women",
    "childrens": "children",
    "childs": "children",
    "kid": "kids",
    "studens": "students",
    "stuents": "students",
    "studets": "students",
    "sudents": "students",
    "millenial": "millennial",
    "milenial": "millennial",
    "proffesional": "professional",
    "proffesionals": "professionals",
    "profesionals": "professionals",
    "bangalor": "bangalore",
    "banglore": "bangalore",
    "bengalore": "bangalore",
    "bengluru": "bengaluru",
    "banglaore": "bangalore",
    "mumabi": "mumbai",
    "mumbi": "mumbai",
    "hyderbad": "hyderabad",
    "hydrabad": "hyderabad",
    "chenai": "chennai",
    "kolkatta": "kolkata",
    "calcuta": "calcutta",
    "dehli": "delhi",
    "gurgoan": "gurgaon",
    "ahemdabad": "ahmedabad",
    "ahmdabad": "ahmedabad",
    "lucknw": "lucknow",
    "jaipure": "jaipur",
    "retirees'": "retirees",
    "retireds": "retirees",
    "enterpreneurs": "entrepreneurs",
    "entreprenuers": "entrepreneurs",
    "entrepreneures": "entrepreneurs",
    "entrepeneurs": "entrepreneurs",
    "entreprenurs": "entrepreneurs",
    "buisness": "business",
    "bussiness": "business",
    "busines": "business",
    "skincar": "skincare",
    "skinacre": "skincare",
    "earphone": "earphones",
    "headfones": "headphones",
    "hedphones": "headphones",
    "smartfone": "smartphone",
    "smartfones": "smartphones",
    "saree": "sarees",
    "teenages": "teenagers",
    "grandparent": "grandparents",
    "tier2": "tier 2",
    "tier1": "tier 1",
    "tier3": "tier 3",
    "t1": "tier 1",
    "t2": "tier 2",
    "t3": "tier 3",
    "tierii": "tier ii",
    "mummys": "mummies",
    "mommys": "mommies",
    "momz": "moms",
    "mums": "moms",
    "ladkiyaan": "ladkiyan",
    "naujavan": "naujawan",
    "nojawan": "naujawan",
    "gymgoers": "gym goers",
    "genz": "gen z",
    "genx": "gen x",
    "geny": "gen y",
    "zoomer": "zoomers",
    "boomer": "boomers",
    "metroes": "metros",
    "metro's": "metros",
    "citys": "cities",
    "semiurban": "semi urban",
    "nonmetro": "non metro",
    "nonmetros": "non metros",
    "selfemployed": "self employed",
    "homemaker's": "homemakers",
    "house wives": "housewives",
    "retiree": "retirees",
    "pensionr": "pensioners",
    "frelancers": "freelancers",
    "freelencers": "freelancers",
    "priviacy": "privacy",
    "privcy": "privacy",
    "pricesensitive": "price sensitive",
    "techsavy": "tech savvy",
    "savy": "savvy",
    "budjet": "budget",
    "budgt": "budget",
    "afordable": "affordable",
    "affordble": "affordable",
    "cricet": "cricket",
    "crikcet": "cricket",
    "fitnes": "fitness",
    "intrested": "interested",
    "instagaram": "instagram",
    "insta": "instagram",
    "youtub": "youtube",
    "whatsap": "whatsapp",
    "watsapp": "whatsapp",
}

_VOWELS: Final = "aeiou"


def _edits(word: str) -> set[str]:
    """Conservative single edits: transpositions, doubled letters added/dropped, vowel swaps."""
    out: set[str] = set()
    n = len(word)
    for i in range(n - 1):
        out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
        if word[i] == word[i + 1]:
            out.add(word[:i] + word[i + 1 :])
    for i in range(n):
        out.add(word[: i + 1] + word[i] + word[i + 1 :])
        if n >= 6 and word[i] in _VOWELS:
            out.update(word[:i] + v + word[i + 1 :] for v in _VOWELS if v != word[i])
    out.discard(word)
    return out


class SpellFixer:
    """Correct a token to a lexicon word by conservative edits (see module docstring)."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.vocabulary = frozenset(vocabulary)
        self._cache: dict[str, str] = {}

    def fix(self, token: str) -> str:
        if token in self.vocabulary or len(token) < 5 or not token.isalpha():
            return token
        hit = self._cache.get(token)
        if hit is not None:
            return hit
        result = token
        first = _edits(token)
        found = sorted(w for w in first if w in self.vocabulary)
        if not found and len(token) >= 9:
            found = sorted({w for e in first for w in _edits(e) if w in self.vocabulary})
        if found:
            result = found[0]
        if len(self._cache) < 20_000:
            self._cache[token] = result
        return result


_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_CURRENCY = re.compile(r"(?:\brs\.?|\binr\b|\brupees?\b|\brs\b)\s*(?=\d)|(?<=\d)\s*(?:rs\.?|inr|rupees?)\b")
_HYPHEN_WORD = re.compile(r"(?<=[a-z])[-_/](?=[a-z])|(?<=[a-z])-(?=\d)|(?<=\d)-(?=[a-z])")
_APOS = re.compile(r"[\u2018\u2019`´]")
_TOKEN = re.compile(r"[a-z][a-z']*")
# A number word before an amount's unit ("two lakh", "do lakh", "pachas hazar") is its digits;
# only there, so "do not" and "teen" (teenager) elsewhere keep their meaning.
_SPELLED: Final = {
    **dict(one="1", two="2", three="3", four="4", five="5", ten="10", twenty="20", fifty="50"),
    **dict(ek="1", do="2", teen="3", char="4", chaar="4", paanch="5", panch="5", das="10"),
    **dict(bees="20", pachas="50", pachaas="50"),
}
_SPELLED_AMOUNT = re.compile(
    rf"\b({'|'.join(_SPELLED)})(?= (?:lakhs?|lacs?|hazaa?r|hajaa?r|thousand|crores?|cr|k)\b)"
)


# State codes marketers type ("students in UP"); only upper-case, after a place
# preposition, and only when the goal is not all capitals ("UP TO 30" stays a comparison).
STATE_CODES: Final = {
    "UP": "Uttar Pradesh",
    "MP": "Madhya Pradesh",
    "TN": "Tamil Nadu",
    "WB": "West Bengal",
    "AP": "Andhra Pradesh",
    "J&K": "Jammu and Kashmir",
    "JK": "Jammu and Kashmir",
    "KA": "Karnataka",
    "MH": "Maharashtra",
    "GJ": "Gujarat",
    "RJ": "Rajasthan",
    "TS": "Telangana",
}
_STATE_CODE = re.compile(
    r"\b(in|from|across|of|and)(\s+)(" + "|".join(map(re.escape, STATE_CODES)) + r")(?![\w&])"
)


def expand_state_codes(text: str) -> str:
    """``"moms in UP"`` → ``"moms in Uttar Pradesh"`` (see :data:`STATE_CODES`)."""
    if not any(ch.islower() for ch in text):
        return text
    return _STATE_CODE.sub(lambda m: f"{m.group(1)}{m.group(2)}{STATE_CODES[m.group(3)]}", text)


def transliterate(text: str) -> str:
    """Replace known Devanagari words by their Latin equivalents; digits too.

    Examples
    --------
    >>> transliterate("30 से 40 साल की महिलाएं").split()
    ['30', 'se', '40', 'years', 'ki', 'women']
    """
    text = text.translate(_DEVA_DIGITS)
    if not any("\u0900" <= ch <= "\u097f" for ch in text):
        return text
    text = _DEVA_RE.sub(lambda m: f" {DEVANAGARI[m.group(0)]} ", _fold(text))
    # "टियर-2" → "tier -2": keep the hyphen next to its word so "tier-2" reads as one phrase.
    return re.sub(r"(?<=[a-z]) +-(?=\w)", "-", text)


@lru_cache(maxsize=4096)
def normalize(text: str, fixer: SpellFixer | None = None) -> str:
    """Lower-case, transliterate, unify dashes/currency/hyphens and fix typos.

    Examples
    --------
    >>> normalize("Gen-Z Studnets in BOMBAY")
    'gen z studnets in bombay'
    """
    text = unicodedata.normalize("NFKC", text)
    text = expand_state_codes(text)
    text = transliterate(text).lower()
    text = _APOS.sub("'", _DASHES.sub("-", text))
    text = _CURRENCY.sub("₹", text)
    text = _HYPHEN_WORD.sub(" ", text)
    text = re.sub(r"[^\w\u0900-\u097f₹+<>=%'.,/&\s-]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = _SPELLED_AMOUNT.sub(lambda m: _SPELLED[m.group(1)], text)
    if fixer is None:
        return text

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        word = MISSPELLINGS.get(word, word)
        return fixer.fix(word)

    return _TOKEN.sub(fix, text)
