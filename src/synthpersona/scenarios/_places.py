"""Where a role-play persona lives: neighbourhoods of known cities, states of known towns.

A city with neighbourhoods in ``data/places.yaml`` gets one of them (with its real pincode,
landmarks and transport). Any other city or town gets no neighbourhood at all: the persona
lives "in Mysuru", never in an invented "Model Town, Mysuru". A town outside the population's
city list gets its state from the ``towns`` list of the same file, else from the gazetteer
``data/india_towns.tsv`` (about 10,000 Indian towns and districts with district and state, built
from the India Post directory and GeoNames by ``scripts/build_india_towns.py``), or none.
"""

from __future__ import annotations

import random
import re
from functools import cache
from importlib import resources
from typing import Any

from synthpersona.schema import CITY_STATE

from ._banks import bank, pick

__all__ = [
    "area_of",
    "district_of",
    "gazetteer",
    "is_town",
    "latin_towns",
    "place_phrase",
    "state_of",
    "town_in_state",
    "town_states",
    "transliterate",
]


@cache
def town_states() -> dict[str, str]:
    """Town -> state for the towns of the gazetteer (``places.yaml`` ``towns``)."""
    towns: dict[str, list[str]] = bank("places").get("towns", {})
    return {town: state for state, names in towns.items() for town in names}


@cache
def gazetteer() -> dict[str, tuple[str, str]]:
    """Town or district -> (district, state), from ``data/india_towns.tsv`` (package data, offline).

    Examples
    --------
    >>> gazetteer()["Yavatmal"]
    ('Yavatmal', 'Maharashtra')
    """
    text = resources.files("synthpersona.scenarios").joinpath("data/india_towns.tsv").read_text("utf-8")
    out: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, district, state, _ = line.split("\t")
            out[name] = (district, state)
    return out


def is_town(name: str) -> bool:
    """True when ``name`` is a known Indian city, town or district.

    Examples
    --------
    >>> is_town("Hosur"), is_town("Thane"), is_town("Zoom")
    (True, True, False)
    """
    return name in CITY_STATE or name in town_states() or name in gazetteer()


def state_of(city: str) -> str | None:
    """The state of ``city``: the population's city list, the towns list, the gazetteer, else ``None``.

    Examples
    --------
    >>> state_of("Pune"), state_of("Tirunelveli"), state_of("Karnal"), state_of("Atlantis")
    ('Maharashtra', 'Tamil Nadu', 'Haryana', None)
    """
    return CITY_STATE.get(city) or town_states().get(city) or gazetteer().get(city, (None, None))[1]


def district_of(city: str) -> str | None:
    """The district of a gazetteer town ("Hosur" -> "Krishnagiri"), else ``None``."""
    return gazetteer().get(city, (None, None))[0]


def town_in_state(rng: random.Random, state: str) -> str | None:
    """A town for a persona the scenario places only in ``state`` ("a weaver in rural Odisha").

    A city of the population's list in that state first (they carry tier and neighbourhoods),
    else one of the state's districts from the gazetteer (a district's headquarters town), else
    ``None``.

    Examples
    --------
    >>> town_in_state(random.Random(0), "Odisha") in {"Bhubaneswar", "Cuttack"}
    True
    >>> town_in_state(random.Random(0), "Atlantis") is None
    True
    """
    listed = sorted(c for c, s in CITY_STATE.items() if s == state)
    if listed:
        return str(pick(rng, listed))
    districts = sorted(n for n, (d, s) in gazetteer().items() if s == state and n == d)
    return str(pick(rng, districts)) if districts else None


def area_of(rng: random.Random, city: str, *texts: str | None) -> dict[str, Any]:
    """The neighbourhood a persona in ``city`` lives in (named in ``texts`` when one is).

    A city without known neighbourhoods gives ``{"name": city, "known": False}``: nothing
    more specific than the town itself is said.

    Examples
    --------
    >>> area_of(random.Random(0), "Kota")
    {'name': 'Kota', 'known': False}
    >>> area_of(random.Random(0), "Mumbai", "lives in Powai")["pincode"]
    '400076'
    """
    info = bank("places")["cities"].get(city)
    if not info:
        return {"name": city, "known": False}
    areas = info["areas"]
    for text in texts:
        for a in areas:
            if text and a["name"].lower() in text.lower():
                return {**a, "known": True}
    return {**pick(rng, areas), "known": True}


def place_phrase(area: dict[str, Any], city: str) -> str:
    """ "Andheri West, Mumbai" for a known neighbourhood, "Kota" for a town alone.

    Examples
    --------
    >>> place_phrase({"name": "Kota", "known": False}, "Kota")
    'Kota'
    >>> place_phrase({"name": "Powai", "known": True}, "Mumbai")
    'Powai, Mumbai'
    """
    return city if not area.get("known") or area["name"] == city else f"{area['name']}, {city}"


# Devanagari letters in a plain Latin spelling, for town names ("सतना" -> "Satna"). Consonants carry
# an inherent "a" that a vowel sign replaces, a virama deletes, and Hindi drops at the end of a word
# and between a vowel-consonant and a consonant-vowel (the schwa deletion that makes "jabalpur").
_CONSONANTS = dict(
    zip(
        "कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसहळ",
        re.findall(
            r"\S+", "k kh g gh n ch chh j jh n t th d dh n t th d dh n p ph b bh m y r l v sh sh s h l"
        ),
        strict=True,
    )
)
_NUKTA = {"क": "q", "ख": "kh", "ग": "g", "ज": "z", "ड": "r", "ढ": "rh", "फ": "f"}
_VOWELS = dict(zip("अआइईउऊऋएऐओऔ", re.findall(r"\S+", "a aa i ii u uu ri e ai o au"), strict=True))
_SIGNS = dict(zip("ािीुूृेैोौ", re.findall(r"\S+", "aa i ii u uu ri e ai o au"), strict=True))
_SCHWA = "\u0000"  # an inherent vowel, until schwa deletion decides


def transliterate(word: str) -> str:
    """A Latin spelling of a Devanagari word, as Indian town names are written.

    Examples
    --------
    >>> transliterate("सतना"), transliterate("जबलपुर"), transliterate("दरभंगा")
    ('satnaa', 'jabalpur', 'darbhangaa')
    """
    units: list[str] = []  # consonants, vowels and schwas in order
    chars = list(word)
    for i, c in enumerate(chars):
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        if c in _CONSONANTS:
            units.append(_NUKTA.get(c, _CONSONANTS[c]) if nxt == "\u093c" else _CONSONANTS[c])
            units.append(_SCHWA)
        elif c in _SIGNS and units and units[-1] == _SCHWA:
            units[-1] = _SIGNS[c]
        elif c == "\u094d" and units and units[-1] == _SCHWA:  # virama
            units.pop()
        elif c in "\u0902\u0901":  # anusvara, candrabindu ("m" before a lip consonant: मुंबई)
            units.append("m" if nxt in "पफबभम" else "n")
        elif c in _VOWELS:
            units.append(_VOWELS[c])
    if units and units[-1] == _SCHWA and len(units) > 2:
        units.pop()
    vowel = set(_VOWELS.values()) | {_SCHWA}
    # a schwa between vowel+consonant and consonant+vowel is dropped, right to left
    for i in range(len(units) - 3, 1, -1):
        if (
            units[i] == _SCHWA
            and units[i - 1] not in vowel
            and units[i - 2] in vowel
            and units[i + 1] not in vowel
            and i + 2 < len(units)
            and units[i + 2] in vowel
        ):
            del units[i]
    return "".join("a" if u == _SCHWA else u for u in units)


def _sound_key(name: str) -> str:
    """A spelling-blind key for a town name: "Sehore" and "sihor" agree, "Jabalpur" and "jabalpur"."""
    k = name.lower().replace("-", "").replace(" ", "")
    for a, b in (
        ("aa", "a"),
        ("ee", "i"),
        ("ii", "i"),
        ("oo", "u"),
        ("uu", "u"),
        ("au", "o"),
        ("ay", "ai"),
        ("w", "v"),
        ("ph", "f"),
    ):
        k = k.replace(a, b)
    k = re.sub(r"e$", "", k).replace("e", "i").replace("sh", "s").replace("z", "j")
    return re.sub(r"(.)\1+", r"\1", k)


@cache
def _towns_by_sound() -> dict[str, str]:
    """Sound key -> town: the population's cities first, then district towns, then other towns.

    A town whose key is short ("Deli", "Gaya") is left out: a common word sounds like it ("गया", went).
    """
    out: dict[str, str] = {}
    districts = [t for t, (district, _) in gazetteer().items() if t == district]
    for tier in (CITY_STATE, town_states(), districts, gazetteer()):
        for town in sorted(tier):
            key = _sound_key(town)
            if len(key) < 5:
                continue
            out.setdefault(key, town)
    return out


def latin_towns(text: str) -> str:
    """``text`` with each Devanagari word that names a known town in its Latin spelling ("सतना" -> "Satna").

    Examples
    --------
    >>> latin_towns("नेत्र शिविर, सतना.")
    'नेत्र शिविर, Satna.'
    """
    towns = _towns_by_sound()

    def latin(m: re.Match[str]) -> str:
        word = m.group(0)
        return towns.get(_sound_key(transliterate(word)), word) if len(word) >= 3 else word

    return re.sub(r"[\u0900-\u0963\u0966-\u097f]+", latin, text)
