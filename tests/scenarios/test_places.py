"""Where a persona lives: real neighbourhoods of known cities, nothing invented elsewhere."""

from __future__ import annotations

import asyncio
import json
import random

import pytest

from synthpersona.scenarios._banks import bank
from synthpersona.scenarios._consistency import persona_text
from synthpersona.scenarios._places import area_of, state_of, town_states
from synthpersona.schema import CITY_STATE, STATE_LANGUAGE
from synthpersona.usecases import scenarios as uc

# Written for these tests; neither is in the benchmark's evaluation set.
NASHIK = (  # in the population's city list, but without known neighbourhoods
    "Gas connection transfer. You are the counter clerk at a gas agency in Nashik. Vandana More, 45, "
    "a school cook, wants her cylinder connection moved to her new address. She is annoyed."
)
KUMBAKONAM = (  # in neither the city list nor the town gazetteer
    "Temple trust office in Kumbakonam. You are the trust's accounts clerk. Raghavan Iyengar, 67, a "
    "retired priest, asks why his monthly honorarium of 6,000 rupees is late. He is hurt."
)


def test_every_gazetteer_town_has_a_known_state() -> None:
    for town, state in town_states().items():
        assert state in STATE_LANGUAGE, (town, state)
        assert town not in CITY_STATE, f"{town} is already in the population's city list"
        assert state_of(town) == state


def test_known_cities_draw_real_neighbourhoods_others_none() -> None:
    known = bank("places")["cities"]
    for city in ("Mumbai", "Nashik", "Kumbakonam", "Tirunelveli"):
        for seed in range(5):
            area = area_of(random.Random(seed), city)
            names = {a["name"] for a in known[city]["areas"]} if city in known else {city}
            assert area["name"] in names and area["known"] == (city in known)


@pytest.mark.parametrize(
    ("text", "city", "state"), [(NASHIK, "Nashik", "Maharashtra"), (KUMBAKONAM, "Kumbakonam", None)]
)
def test_a_persona_outside_the_known_cities_gets_no_invented_neighbourhood(
    text: str, city: str, state: str | None
) -> None:
    u = asyncio.run(uc.understand_text(text, engine="offline"))
    assert u.facts.city == city
    generic = ("Civil Lines", "Model Town", "Station Road", "Shastri Nagar")
    for seed in range(3):
        p = uc.generate_prompt(u.template, facts=u.facts, random_state=seed, engine="offline")
        loc = p.persona.location
        assert (loc.city, loc.state, loc.specific_area, loc.pincode) == (city, state, None, None)
        blob = persona_text(p.persona) + json.dumps(loc.model_dump(), ensure_ascii=False) + p.system_prompt
        assert not any(g in blob for g in generic)
        assert f"{city}, {city}" not in blob and "None" not in persona_text(p.persona)
        assert "of None" not in blob
