"""Where a role-play persona lives: neighbourhoods of known cities, states of known towns.

A city with neighbourhoods in ``data/places.yaml`` gets one of them (with its real pincode,
landmarks and transport). Any other city or town gets no neighbourhood at all: the persona
lives "in Mysuru", never in an invented "Model Town, Mysuru". A town outside the population's
city list gets its state from the ``towns`` gazetteer of the same file, or none.
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

from synthpersona.schema import CITY_STATE

from ._banks import bank, pick

__all__ = ["area_of", "place_phrase", "state_of", "town_states"]


@cache
def town_states() -> dict[str, str]:
    """Town -> state for the towns of the gazetteer (``places.yaml`` ``towns``)."""
    towns: dict[str, list[str]] = bank("places").get("towns", {})
    return {town: state for state, names in towns.items() for town in names}


def state_of(city: str) -> str | None:
    """The state of ``city``: the population's city list, then the gazetteer, else ``None``.

    Examples
    --------
    >>> state_of("Pune"), state_of("Tirunelveli"), state_of("Atlantis")
    ('Maharashtra', 'Tamil Nadu', None)
    """
    return CITY_STATE.get(city) or town_states().get(city)


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
