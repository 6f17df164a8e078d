"""Named places and languages as lexicon concepts, and the rules that reconcile them.

Cities are matched under their official and former names (``CITY_ALIASES``: Bombay,
Madras, Gurgaon, ...), states by name; a name that is both (Delhi, Chandigarh) is a city.
"""

from __future__ import annotations

import re
from typing import Final

from synthpersona import schema
from synthpersona.goals._lexicon import LANGUAGE_WORDS, Concept

_LANG_TAIL = (
    r"(?: speakers?| speaking(?: people| audience| users)?| bolne wal[ea]| bhashi| people| audience| belt)?"
)


# Colloquial and Hindi names people type, beyond the schema's official aliases.
EXTRA_CITY_NAMES: Final = {
    "Delhi": ["dilli", "dehli", "new delhi", "delhi city"],
    "Mumbai": ["navi mumbai", "mumbai city", "bambai"],
    "Bengaluru": ["bengalooru", "blr"],
    "Hyderabad": ["hyd", "secunderabad"],
    "Kolkata": ["kolkatta"],
    "Varanasi": ["kashi"],
    "Chennai": ["chennai city"],
    "Ahmedabad": ["amdavad"],
}


def _alts(names: list[str]) -> str:
    return "|".join(re.escape(n).replace(r"\ ", " ") for n in sorted(set(names), key=len, reverse=True))


def place_concepts() -> list[Concept]:
    """One concept per city, state and language."""
    out: list[Concept] = []
    city_names: dict[str, list[str]] = {c: [c.lower()] for c in schema.CITY_NAMES}
    state_names: dict[str, list[str]] = {s: [s.lower()] for s in schema.STATES if s not in schema.CITY_NAMES}
    for alias, official in schema.CITY_ALIASES.items():
        if official in city_names:
            city_names[official].append(alias)
        elif official in state_names:
            state_names[official].append(alias)
    extra_states = {
        "Tamil Nadu": ["tamilnadu"],
        "Uttar Pradesh": ["uttarpradesh"],
        "West Bengal": ["bengal"],
        "Jammu and Kashmir": ["j&k", "kashmir", "jammu & kashmir"],
        "Madhya Pradesh": ["madhyapradesh"],
        "Himachal Pradesh": ["himachal"],
        "Arunachal Pradesh": ["arunachal"],
        "Andaman and Nicobar Islands": ["andaman", "andamans", "andaman and nicobar", "andaman & nicobar"],
        "Dadra and Nagar Haveli and Daman and Diu": ["daman and diu", "dadra and nagar haveli", "silvassa"],
    }
    for state, names in extra_states.items():
        state_names[state].extend(names)
    for city, names in EXTRA_CITY_NAMES.items():
        city_names[city].extend(names)
    for city, names in city_names.items():
        pattern = rf"(?:{_alts(names)})(?: city| cities| metro)?"
        out.append(Concept(pattern, "geography", (("city", "eq", city),), meta={"place": "city"}))
    for state, names in state_names.items():
        pattern = rf"(?:{_alts(names)})(?: state)?"
        out.append(Concept(pattern, "geography", (("state", "eq", state),), meta={"place": "state"}))
    by_lang: dict[str, list[str]] = {}
    for word, lang in LANGUAGE_WORDS.items():
        by_lang.setdefault(lang, []).append(word)
    for lang, words in by_lang.items():
        out.append(
            Concept(rf"(?:{_alts(words)}){_LANG_TAIL}", "language", (("primary_language", "eq", lang),))
        )
    return out


def tier_cities(tiers: list[str]) -> list[str]:
    """Cities of the given tiers, in schema order."""
    return [c for c, _, t in schema.CITIES if t in tiers]


def state_cities(states: list[str]) -> list[str]:
    """Cities of the given states, in schema order."""
    return [c for c, s, _ in schema.CITIES if s in states]


EXAMPLE_MARKERS: Final = re.compile(r"\b(?:like|such as|e\.?g\.?|including|especially)\s*$")
