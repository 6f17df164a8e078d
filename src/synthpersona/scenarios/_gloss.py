"""An English gloss of a scenario in Hindi or Marathi (Devanagari), Bengali, Tamil or Hinglish, for facts.

Trainers write scenarios in the language of their learners. :func:`gloss` replaces the words
that carry facts (family, feelings, money, language ability, channel, time, cities) by the
English words :func:`~synthpersona.scenarios.extract_facts` reads; unknown words stay. Digits
of every script become ASCII digits. The rules are data (``data/gloss.txt``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

__all__ = ["gloss"]

# Words that mark a Latin-script text as Marathi ("aahe", "ani", "madhye", "tyanchi").
_ROMAN_MARATHI = re.compile(
    r"\b(?:aahe|aahet|aahat|ahet|ani|madhye|boltat|tyanchi|tyancha|tyanche|tyanchya|tyanna|karto|kartat|"
    r"bayko|navra|mulga|mulgi|fakt|khup|shala)\b",
    re.I,
)
# Marathi "hote"/"hota" (was) are everyday Hindi too ("hota hai"): a marker only with no Hindi one.
_ROMAN_MARATHI_HINDI = re.compile(r"\b(?:hote|hota)\b", re.I)
# Words that mark a Latin-script text as Hinglish (so "do" is "two" and "hai" is "is").
_HINGLISH = re.compile(r"\b(?:hai|hain|mein|nahi|nahin|aur|kyunki|uske|uski|woh|ki|ka|ke|ko|se)\b", re.I)
_MR_NUMBERS = {"ek": "one", "don": "two", "teen": "three", "chaar": "four"}
_NUMBERS = {"ek": "one", "do": "two", "teen": "three", "char": "four", "paanch": "five"}


# Scripts whose rules match whole words only (their Unicode block).
_BLOCKS = {
    "bengali": ("\u0980", "\u09ff"),
    "tamil": ("\u0b80", "\u0bff"),
    "marathi_words": ("\u0900", "\u097f"),
    "hindi_words": ("\u0900", "\u097f"),
}


@lru_cache(maxsize=1)
def _rules() -> dict[str, list[tuple[re.Pattern[str], str]]]:
    text = resources.files("synthpersona.scenarios").joinpath("data/gloss.txt").read_text(encoding="utf-8")
    out: dict[str, list[tuple[re.Pattern[str], str]]] = {
        "devanagari": [],
        "marathi": [],
        "marathi_words": [],
        "hindi_words": [],
        "hinglish": [],
        "roman_marathi": [],
        "bengali": [],
        "tamil": [],
    }
    section = "devanagari"
    for line in text.splitlines():
        head = re.match(r"#\s*\[(\w+)\]", line)
        if head:
            section = head.group(1)
            continue
        if not line.strip() or line.startswith("#"):
            continue
        pattern, _, english = line.partition("\t")
        pattern = pattern.replace("~", "[\u0900-\u097f]*")  # a Marathi case ending (बँकेत, विभागाचे)
        # Hinglish is written in any case ("Uske", "uske"); a rule naming a capital (a town) keeps it.
        flags = re.I if section in {"hinglish", "roman_marathi"} and "[A-Z]" not in pattern else 0
        block = _BLOCKS.get(section)
        if block:  # whole words only: "মা" (mother) is not the end of "রহিমা", nor "அம்மா" of a name
            lo, hi = block
            lead = rf"(?<![{lo}-{hi}])" if lo <= pattern[0] <= hi or pattern.startswith("(?:") else ""
            trail = "" if pattern.endswith((",", "\\.")) else rf"(?![{lo}-{hi}])"
            pattern = f"{lead}(?:{pattern}){trail}"
        out[section].append((re.compile(pattern, flags), english.strip()))
    return out


def _digits(text: str) -> str:
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text)


_DEVA = "\u0900-\u097f"
# Hindi verbs agree with the subject's gender: "आए हैं", "बोलते हैं" (he) / "आई हैं", "बोलती हैं" (she).
_MASC = re.compile(rf"(?:ते|ए|या|ा) (?:हैं|है|थे|था)(?![{_DEVA}])")
_FEM = re.compile(rf"(?:ती|ई|यी) (?:हैं|है|थी|थीं)(?![{_DEVA}])")
_THEY = re.compile(rf"(?<![{_DEVA}])(?:वे|वह|वो)(?![{_DEVA}])")
_THEIR = re.compile(rf"(?<![{_DEVA}])(?:उनकी|उनके|उनका|उसकी|उसके|उसका)(?![{_DEVA}])")


def _pronoun(text: str, source: str | None = None) -> str:
    """The honorific "वे" ("उनकी") as "he" ("his") or "she" ("her"), by the gender its verbs agree with.

    The verbs are counted in ``source`` (the text before the gloss replaced phrases such as
    "बोलते हैं"), else in ``text``.
    """
    src = text if source is None else source
    masc, fem = len(_MASC.findall(src)), len(_FEM.findall(src))
    if masc == fem:
        return text
    text = _THEY.sub("he" if masc > fem else "she", text)
    return _THEIR.sub("his" if masc > fem else "her", text)


_BENG = "\u0980-\u09ff"
_BN_THEY = re.compile(rf"(?<![{_BENG}])(?:তিনি|উনি)(?![{_BENG}])")
_BN_THEIR = re.compile(rf"(?<![{_BENG}])(?:তাঁর|তার|ওঁর)(?![{_BENG}])")


_KIN = (
    "husband|wife|son|daughter|mother-in-law|father-in-law|daughter-in-law|mother|father|brother|sister|"
    "children|grandson|granddaughter"
)


def _bengali(text: str, rules: list[tuple[re.Pattern[str], str]]) -> str:
    """The Bengali rules, then "তিনি"/"তাঁর" (no gender in Bengali) by the spouse the text names."""
    husband = re.search(r"স্বামী", text)
    wife = re.search(r"স্ত্রী", text)
    for rx, english in rules:
        text = rx.sub(english, text)
    text = text.replace("।", ".")
    if bool(husband) != bool(wife):
        own = "her" if husband else "his"
        text = _BN_THEY.sub("she" if husband else "he", text)
        text = _BN_THEIR.sub(own, text)
        # Bengali drops the possessive ("স্বামী দিনমজুর", "husband a labourer"): a bare relative is hers/his.
        text = re.sub(rf"(?<!\bher )(?<!\bhis )(?<!-old )\b(?=(?:{_KIN})\b)", f"{own} ", text)
    return text


_TAML = "\u0b80-\u0bff"
_TA_THEY = re.compile(rf"(?<![{_TAML}])(?:அவர்|அவங்க)(?![{_TAML}])")
_TA_THEIR = re.compile(rf"(?<![{_TAML}])(?:அவருடைய|அவரது|அவரின்)(?![{_TAML}])")
# Tamil marks gender in the plain pronoun (அவன் he, அவள் she); the honorific அவர் has none. Verb
# endings (-ான், -ாள்) are not counted: they are as often a relative's ("மகள் வந்தாள்").
_TA_HE = re.compile(rf"(?<![{_TAML}])அவன(?:்|ுடைய|து)(?![{_TAML}])")
_TA_SHE = re.compile(rf"(?<![{_TAML}])அவள(?:்|ுடைய|து)(?![{_TAML}])")


def _tamil(text: str, rules: list[tuple[re.Pattern[str], str]]) -> str:
    """The Tamil rules, then the honorific "அவர்" ("அவருடைய") as he/she (his/her).

    Its gender is read from the plain pronouns (அவன் he, அவள் she), else from the spouse the
    text names (a husband: she; a wife: he).
    """
    he, she = len(_TA_HE.findall(text)), len(_TA_SHE.findall(text))
    husband, wife = bool(re.search(r"கணவ", text)), bool(re.search(r"மனைவி", text))
    for rx, english in rules:
        text = rx.sub(lambda m, e=english: m.expand(e), text)  # type: ignore[misc]
    text = re.sub(rf"(?<![{_TAML}])அவன்(?![{_TAML}])", "he", text)
    text = re.sub(rf"(?<![{_TAML}])அவள்(?![{_TAML}])", "she", text)
    female = she > he or (he == she and husband and not wife)
    male = he > she or (he == she and wife and not husband)
    if female or male:
        text = _TA_THEY.sub("she" if female else "he", text)
        text = _TA_THEIR.sub("her" if female else "his", text)
    return text


# Marathi words a Hindi text does not have; Marathi's honorific "त्या" is she, "ते" he (or "those").
_MARATHI = re.compile(rf"(?<![{_DEVA}])(?:आहे|आहेत|आहात|आणि|नाहीत)(?![{_DEVA}])")
_MR_SHE = re.compile(rf"(?<![{_DEVA}])त्या(?![{_DEVA}])")
_MR_THEIR = re.compile(rf"(?<![{_DEVA}])(?:त्यांचे|त्यांचा|त्यांची|त्यांच्या)(?![{_DEVA}])")


def _marathi(
    text: str, rules: list[tuple[re.Pattern[str], str]], words: list[tuple[re.Pattern[str], str]]
) -> str:
    """The Marathi rules, then "त्या" as she and "त्यांचे" (his or her) by the persona's gender.

    The gender is the plain pronoun's ("त्या ... बोलतात": she) or, without it, the spouse's
    opposite (a husband named: she).
    """
    she = bool(_MR_SHE.search(text))
    husband = bool(re.search(r"पती|नवरा", text))
    wife = bool(re.search(r"बायको|पत्नी", text))
    for rx, english in [*rules, *words]:
        text = rx.sub(lambda m, e=english: m.expand(e), text)  # type: ignore[misc]
    text = _MR_SHE.sub("she", text)
    own = "her" if she or (husband and not wife) else "his" if wife and not husband else None
    if own is None:
        return text
    text = _MR_THEIR.sub(own, text)
    # Marathi drops the possessive ("मुलगी कॉलेजात", "daughter in college"): a bare relative is theirs.
    return re.sub(rf"(?<!\bher )(?<!\bhis )(?<!-old )\b(?=(?:{_KIN})\b)", f"{own} ", text)


def _own_relatives(text: str) -> str:
    """A bare relative of a Marathi text ("son in Pune works") is the persona's, whose gender the
    spouse gives ("his wife": his son)."""
    his, her = bool(re.search(r"\bhis wife\b", text)), bool(re.search(r"\bher husband\b", text))
    if his == her:
        return text
    own = "his" if his else "her"
    return re.sub(
        rf"(?<!\bher )(?<!\bhis )(?<!\btheir )(?<!-old )(?<!\w)(?=(?:{_KIN})\b(?!'))", f"{own} ", text
    )


def gloss(text: str) -> str:
    """``text`` with the fact-carrying Hindi and Hinglish words in English (else unchanged).

    Examples
    --------
    >>> gloss("रामेश्वर शर्मा, ७१, की पत्नी बीमार है।")
    'रामेश्वर शर्मा, aged 71, की wife बीमार है.'
    >>> gloss("Uske do bachche hain aur pati Dubai mein kaam karte hain.")
    'has two children and her husband works in Dubai.'
    >>> gloss("He is angry and has a son.")
    'He is angry and has a son.'
    """
    text = _digits(text)
    rules = _rules()
    if re.search(r"[\u0900-\u097f]", text):
        source = text.replace("।", ".")
        if _MARATHI.search(text):
            text = _marathi(text, rules["marathi"], rules["marathi_words"])
        for rx, english in [*rules["devanagari"], *rules["hindi_words"]]:
            text = rx.sub(english, text)
        text = _pronoun(text.replace("।", "."), source)
    if re.search(rf"[{_BENG}]", text):
        text = _bengali(text, rules["bengali"])
    if re.search(rf"[{_TAML}]", text):
        text = _tamil(text, rules["tamil"])
    shared = 0 if _HINGLISH.search(text) else len(_ROMAN_MARATHI_HINDI.findall(text))
    if len(_ROMAN_MARATHI.findall(text)) + shared >= 4:
        for rx, english in rules["roman_marathi"]:
            text = rx.sub(lambda m, e=english: m.expand(e), text)  # type: ignore[misc]
        text = re.sub(r"\b(ek|don|teen|chaar)\b(?= children)", lambda m: _MR_NUMBERS[m.group(1)], text)
        text = _own_relatives(text)
    if len(_HINGLISH.findall(text)) >= 4:
        for rx, english in rules["hinglish"]:
            text = rx.sub(lambda m, e=english: m.expand(e), text)  # type: ignore[misc]
        text = re.sub(
            r"\b(ek|do|teen|char|paanch)\b(?= (?:children|sons|daughters))",
            lambda m: _NUMBERS[m.group(1)],
            text,
        )
    return text
