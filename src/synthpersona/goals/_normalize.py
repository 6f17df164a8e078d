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
from typing import Final

# Devanagari words (Hindi/Marathi spellings) → the English/Hinglish word the lexicon knows.
DEVANAGARI: Final = {
    # places
    "मुंबई": "mumbai",
    "मुम्बई": "mumbai",
    "बंबई": "mumbai",
    "दिल्ली": "delhi",
    "बेंगलुरु": "bengaluru",
    "बेंगलुरू": "bengaluru",
    "बैंगलोर": "bangalore",
    "चेन्नई": "chennai",
    "कोलकाता": "kolkata",
    "हैदराबाद": "hyderabad",
    "पुणे": "pune",
    "जयपुर": "jaipur",
    "लखनऊ": "lucknow",
    "पटना": "patna",
    "इंदौर": "indore",
    "भोपाल": "bhopal",
    "अहमदाबाद": "ahmedabad",
    "वाराणसी": "varanasi",
    "कानपुर": "kanpur",
    "नागपुर": "nagpur",
    "सूरत": "surat",
    "गुड़गांव": "gurgaon",
    "गुरुग्राम": "gurugram",
    "नोएडा": "noida",
    "चंडीगढ़": "chandigarh",
    "आगरा": "agra",
    "प्रयागराज": "prayagraj",
    "इलाहाबाद": "allahabad",
    "महाराष्ट्र": "maharashtra",
    "उत्तर प्रदेश": "uttar pradesh",
    "बिहार": "bihar",
    "राजस्थान": "rajasthan",
    "गुजरात": "gujarat",
    "केरल": "kerala",
    "तमिलनाडु": "tamil nadu",
    "तमिल नाडु": "tamil nadu",
    "कर्नाटक": "karnataka",
    "पंजाब": "punjab",
    "मध्य प्रदेश": "madhya pradesh",
    "पश्चिम बंगाल": "west bengal",
    "हरियाणा": "haryana",
    "झारखंड": "jharkhand",
    "ओडिशा": "odisha",
    "असम": "assam",
    "गोवा": "goa",
    "टियर": "tier",
    "मेट्रो": "metro",
    "महानगरों": "metros",
    "महानगर": "metros",
    # people
    "छात्र": "students",
    "छात्रों": "students",
    "छात्राएं": "female students",
    "छात्राओं": "female students",
    "विद्यार्थी": "students",
    "विद्यार्थियों": "students",
    "माँ": "moms",
    "मां": "moms",
    "माताएं": "moms",
    "माताओं": "moms",
    "मम्मी": "moms",
    "माता-पिता": "parents",
    "माता पिता": "parents",
    "अभिभावक": "parents",
    "पिता": "dads",
    "पापा": "dads",
    "महिलाएं": "women",
    "महिलाओं": "women",
    "महिला": "women",
    "औरतें": "women",
    "औरतों": "women",
    "पुरुष": "men",
    "पुरुषों": "men",
    "आदमी": "men",
    "लड़कियां": "girls",
    "लड़कियों": "girls",
    "लड़के": "boys",
    "लड़कों": "boys",
    "युवा": "young",
    "युवाओं": "young",
    "नौजवान": "young",
    "बुजुर्ग": "seniors",
    "बुज़ुर्ग": "seniors",
    "वरिष्ठ नागरिक": "senior citizens",
    "ग्रामीण": "rural",
    "गांव": "villages",
    "गाँव": "villages",
    "गांवों": "villages",
    "शहरी": "urban",
    "शहर": "city",
    "शहरों": "cities",
    "किसान": "farmers",
    "बच्चों वाले": "with kids",
    "बच्चों": "kids",
    "बच्चे": "kids",
    "गृहिणी": "homemakers",
    "गृहिणियां": "homemakers",
    "नौकरीपेशा": "salaried",
    "व्यापारी": "business owners",
    "दुकानदार": "shopkeepers",
    "सेवानिवृत्त": "retired",
    "रिटायर्ड": "retired",
    "बेरोजगार": "unemployed",
    "अमीर": "rich",
    "गरीब": "poor",
    "कम आय": "low income",
    "सस्ता": "budget",
    "सस्ते": "budget",
    "सस्ती": "budget",
    "शादीशुदा": "married",
    "अविवाहित": "unmarried",
    "कॉलेज": "college",
    # interests and languages
    "क्रिकेट": "cricket",
    "फैशन": "fashion",
    "मोबाइल": "mobiles",
    "फोन": "phones",
    "फ़ोन": "phones",
    "स्मार्टफोन": "smartphones",
    "हेडफोन": "headphones",
    "खेल": "sports",
    "यात्रा": "travel",
    "खाना": "food",
    "सेहत": "health",
    "स्वास्थ्य": "health",
    "पढ़ाई": "education",
    "शिक्षा": "education",
    "हिंदी": "hindi",
    "तमिल": "tamil",
    "तेलुगु": "telugu",
    "मराठी": "marathi",
    "बंगाली": "bengali",
    "गुजराती": "gujarati",
    "भाषी": "speakers",
    "बोलने वाले": "speakers",
    # glue words
    "के": "ke",
    "की": "ki",
    "का": "ka",
    "में": "in",
    "से": "from",
    "और": "and",
    "वाले": "wale",
    "वाली": "wali",
    "लिए": "liye",
    "जो": "jo",
    "बिना": "bina",
    "साल": "years",
    "वर्ष": "years",
    "से ऊपर": "and above",
    "से कम": "or less",
    "हज़ार": "thousand",
    "हजार": "thousand",
    "लाख": "lakh",
    "रुपये": "rupees",
    "महीना": "per month",
    "महीने": "per month",
}
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
    """Replace known Devanagari words by their Latin equivalents; digits too."""
    text = text.translate(_DEVA_DIGITS)
    if not any("\u0900" <= ch <= "\u097f" for ch in text):
        return text
    return _DEVA_RE.sub(lambda m: f" {DEVANAGARI[m.group(0)]} ", text)


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
    if fixer is None:
        return text

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        word = MISSPELLINGS.get(word, word)
        return fixer.fix(word)

    return _TOKEN.sub(fix, text)
