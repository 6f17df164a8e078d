"""The sentence tables and grammar of a persona's self-facts (:mod:`synthpersona.chat._facts`).

``Fact`` (one self-fact with its sentences and evidence), rupee formatting, work/channel/
education sentences in English, Hinglish and Hindi, the feminine verb forms and the family
sentence; the builders that choose which fact a persona states live in ``_facts``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from synthpersona.chat._persona import PersonaView
from synthpersona.chat._words import INTEREST_WORDS

__all__ = ["Fact", "rupees"]


def rupees(amount: float) -> str:
    """``₹75,000`` (grouping as everywhere else in synthpersona)."""
    return f"₹{round(amount):,}"


@dataclass(frozen=True)
class Fact:
    """One self-fact: its value, its sentence per language and where it comes from."""

    key: str
    value: Any
    text: dict[str, str]
    evidence: list[dict[str, Any]] = field(default_factory=list)
    # words that show the fact was stated (the value as it appears in a reply)
    markers: tuple[str, ...] = ()


def _g(v: PersonaView, male: str, female: str) -> str:
    return female if v.female else male


def _source(v: PersonaView, path: str, value: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"field": path, "value": value}
    if v.anchor_user_id is not None:
        item["source"] = f"anchor member user_id {v.anchor_user_id}"
    return item


def _evidence(v: PersonaView, path: str, value: Any, *fields: str) -> list[dict[str, Any]]:
    out = [_source(v, path, value)]
    out += [e for e in v.evidence if str(e.get("field", "")) in fields]
    return out


_WORK = {
    "student": (
        "I'm a student.",
        "Main student hoon, abhi padhai chal rahi hai.",
        "मैं स्टूडेंट हूँ, अभी पढ़ाई चल रही है।",
    ),
    "salaried": (
        "I have a salaried job.",
        "Main naukri karta hoon, salaried job hai.",
        "मैं नौकरी करता हूँ, सैलरी वाली।",
    ),
    "self-employed": (
        "I'm self-employed.",
        "Main apna kaam karta hoon, self-employed hoon.",
        "मैं अपना काम करता हूँ, सेल्फ़-एम्प्लॉयड हूँ।",
    ),
    "business owner": ("I run my own business.", "Mera apna business hai.", "मेरा अपना बिज़नेस है।"),
    "homemaker": (
        "I'm a homemaker; I run the house.",
        "Main homemaker hoon, ghar sambhalti hoon.",
        "मैं गृहिणी हूँ, घर सँभालती हूँ।",
    ),
    "freelancer": ("I work freelance.", "Main freelancing karta hoon.", "मैं फ्रीलांस काम करता हूँ।"),
    "retired": ("I'm retired.", "Main retired hoon.", "मैं रिटायर हो चुका हूँ।"),
    "unemployed": ("I'm between jobs right now.", "Abhi main kaam dhoondh raha hoon.", "अभी मैं काम ढूँढ रहा हूँ।"),
}
_CHANNEL = {
    "online marketplace": (
        "I mostly buy on online marketplaces like Amazon and Flipkart.",
        "Main zyada tar Amazon, Flipkart jaise online marketplace se kharidta hoon.",
        "मैं ज़्यादातर Amazon, Flipkart जैसे ऑनलाइन मार्केटप्लेस से ख़रीदता हूँ।",
    ),
    "offline retail": (
        "I prefer buying in shops, where I can see things first.",
        "Main dukaan se kharidna pasand karta hoon, dekh ke.",
        "मैं दुकान से देखकर ख़रीदना पसंद करता हूँ।",
    ),
    "quick commerce": (
        "I order a lot on quick-commerce apps like Blinkit and Zepto.",
        "Main Blinkit, Zepto jaise quick-commerce apps se mangwata hoon.",
        "मैं Blinkit, Zepto जैसे क्विक-कॉमर्स ऐप से मँगवाता हूँ।",
    ),
    "brand website": (
        "I like buying directly from the brand's own website.",
        "Main seedha brand ki website se kharidta hoon.",
        "मैं सीधे ब्रांड की वेबसाइट से ख़रीदता हूँ।",
    ),
    "social commerce": (
        "I often buy through Instagram and WhatsApp sellers.",
        "Main aksar Instagram aur WhatsApp sellers se kharidta hoon.",
        "मैं अक्सर Instagram और WhatsApp वाले सेलर्स से ख़रीदता हूँ।",
    ),
}
_EDUCATION = {
    "secondary": ("I studied up to 10th.", "Maine 10th tak padhai ki hai.", "मैंने दसवीं तक पढ़ाई की है।"),
    "higher secondary": ("I studied up to 12th.", "Maine 12th tak padhai ki hai.", "मैंने बारहवीं तक पढ़ाई की है।"),
    "diploma": ("I have a diploma.", "Mere paas diploma hai.", "मेरे पास डिप्लोमा है।"),
    "graduate": ("I'm a graduate.", "Main graduate hoon.", "मैं ग्रेजुएट हूँ।"),
    "post-graduate": (
        "I have a post-graduate degree.",
        "Maine post-graduation kiya hai.",
        "मैंने पोस्ट-ग्रेजुएशन किया है।",
    ),
    "doctorate": ("I have a PhD.", "Maine PhD ki hai.", "मैंने पीएचडी की है।"),
}


def _fem(text: str, v: PersonaView) -> str:
    """Hindi verb forms by gender (the tables are written in the masculine)."""
    if not v.female:
        return text
    for m, f in (
        ("karta", "karti"), ("kharidta", "kharidti"), ("rehta", "rehti"), ("kamata", "kamati"),
        ("mangwata", "mangwati"), ("raha", "rahi"), ("leta", "leti"), ("bolta", "bolti"),
        ("करता", "करती"), ("ख़रीदता", "ख़रीदती"), ("रहता", "रहती"), ("कमाता", "कमाती"),
        ("मँगवाता", "मँगवाती"), ("रहा", "रही"), ("चुका", "चुकी"), ("लेता", "लेती"), ("बोलता", "बोलती"),
        ("देखता", "देखती"), ("सकता", "सकती"), ("dekhta", "dekhti"), ("sakta", "sakti"), ("जाता", "जाती"),
    ):  # fmt: skip
        text = text.replace(m, f)
    return text


def _three(v: PersonaView, en: str, hinglish: str, hi: str) -> dict[str, str]:
    return {"en": en, "hinglish": _fem(hinglish, v), "hi": _fem(hi, v)}


def _family(v: PersonaView) -> dict[str, str] | None:
    if not v.marital and v.children is None:
        return None
    kids = v.children or 0
    marital = v.marital.lower()
    en_m = {
        "married": "I'm married",
        "single": "I'm single",
        "divorced": "I'm divorced",
        "widowed": "I'm widowed",
    }.get(marital, "I live with my family")
    hg_m = {
        "married": "Shaadi ho chuki hai",
        "single": "Main single hoon",
        "divorced": "Mera divorce ho chuka hai",
        "widowed": "Mere jeevan-saathi ab nahi rahe",
    }.get(marital, "Main family ke saath rehta hoon")
    hi_m = {
        "married": "मेरी शादी हो चुकी है",
        "single": "मैं सिंगल हूँ",
        "divorced": "मेरा तलाक़ हो गया है",
        "widowed": "मेरे जीवनसाथी अब नहीं रहे",
    }.get(marital, "मैं परिवार के साथ रहता हूँ")
    if v.parenting == "Expecting":
        return _three(
            v,
            f"{en_m}, and we're expecting our first baby.",
            f"{hg_m}, aur pehla baby aane wala hai.",
            f"{hi_m}, और पहला बच्चा आने वाला है।",
        )
    if kids == 0:
        return _three(v, f"{en_m}, no children.", f"{hg_m}, bachche nahi hain.", f"{hi_m}, कोई बच्चा नहीं है।")
    stage = {
        "Infant": " (the youngest is a baby)",
        "Toddler": " (the youngest is a toddler)",
        "School-age": " (school-going)",
        "Teen": " (teenagers now)",
        "Adult children": " (all grown up)",
    }.get(v.parenting, "")
    child_en = "1 child" if kids == 1 else f"{kids} children"
    child_hg = "1 bachcha hai" if kids == 1 else f"{kids} bachche hain"
    child_hi = "1 बच्चा है" if kids == 1 else f"{kids} बच्चे हैं"
    return _three(v, f"{en_m}, with {child_en}{stage}.", f"{hg_m}, {child_hg}.", f"{hi_m}, {child_hi}।")


def lc_all(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _interests(v: PersonaView) -> list[str]:
    """The persona's interests: from its data (``profile.interests``) when the data has them.

    Older persona files without the field fall back to interest words in the title.
    """
    if v.interests_known:
        return v.interests
    title = v.title.lower()
    return [w for w in INTEREST_WORDS if w in title]


_Add = Callable[..., None]


def _both(words: list[str], conj: str) -> str:
    """Two interests joined so that a compound ("films and shows") still reads as one of two."""
    sep = f", {conj} " if any(f" {conj} " in w for w in words) else f" {conj} "
    return sep.join(words)
