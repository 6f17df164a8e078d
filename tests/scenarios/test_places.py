"""Where a persona lives: real neighbourhoods of known cities, nothing invented elsewhere."""

from __future__ import annotations

import asyncio
import json
import random

import pytest

from synthpersona.scenarios._banks import bank
from synthpersona.scenarios._consistency import persona_text
from synthpersona.scenarios._facts import extract_facts
from synthpersona.scenarios._places import area_of, gazetteer, state_of, town_in_state, town_states
from synthpersona.schema import CITY_STATE, STATE_LANGUAGE, STATES
from synthpersona.usecases import scenarios as uc

# Written for these tests; neither is in the benchmark's evaluation set.
NASHIK = (  # in the population's city list, but without known neighbourhoods
    "Gas connection transfer. You are the counter clerk at a gas agency in Nashik. Vandana More, 45, "
    "a school cook, wants her cylinder connection moved to her new address. She is annoyed."
)
KUMBAKONAM = (  # not in the city list: the gazetteer gives its state, nothing more specific
    "Temple trust office in Kumbakonam. You are the trust's accounts clerk. Raghavan Iyengar, 67, a "
    "retired priest, asks why his monthly honorarium of 6,000 rupees is late. He is hurt."
)
VELANKUDI = (  # a made-up village: in no list at all
    "Temple trust office in Velankudi. You are the trust's accounts clerk. Raghavan Iyengar, 67, a "
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
    ("text", "city", "state"),
    [
        (NASHIK, "Nashik", "Maharashtra"),
        (KUMBAKONAM, "Kumbakonam", "Tamil Nadu"),
        (VELANKUDI, "Velankudi", None),
    ],
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


def test_the_gazetteer_knows_district_towns_with_their_state() -> None:
    towns = gazetteer()
    assert len(towns) > 5000
    assert {state for _, state in towns.values()} <= set(STATES)
    # towns the old 101-town list did not know, each with its own state (not a namesake's)
    assert [state_of(t) for t in ("Hosur", "Yavatmal", "Karnal", "Rampurhat", "Tezpur", "Aurangabad")] == [
        "Tamil Nadu",
        "Maharashtra",
        "Haryana",
        "West Bengal",
        "Assam",
        "Maharashtra",
    ]
    # a person's name or an English word is not a place
    assert not {"Naveen", "Bank", "West", "Zero"} & set(towns)


# Written for these tests: a district named with the word "district", a relative's "who" clause
# placing the relative elsewhere, and a scenario that names only a state.
CHITRADURGA = (
    "You are a revenue officer at the taluk office. Ramesh Gowda, 58, a groundnut farmer in "
    "Chitradurga district, asks about crop-loss compensation. He is angry."
)
MANDYA = (
    "You run the pension desk of a cooperative bank in Mandya. Raghu, 63, a retired linesman, lives "
    "with his wife; his brother, who runs a lodge in Tezpur, sends him money. His pension is late."
)
ODISHA = (
    "You are a loan officer of a microfinance company. Sabita, 41, a handloom weaver in rural Odisha, "
    "has missed two instalments and is worried about her daughter's fees."
)


@pytest.mark.parametrize(
    ("text", "city", "state"), [(CHITRADURGA, "Chitradurga", "Karnataka"), (MANDYA, "Mandya", "Karnataka")]
)
def test_a_stated_town_off_the_city_list_is_the_personas_with_its_state(
    text: str, city: str, state: str
) -> None:
    facts = extract_facts(text)
    assert facts.city == city
    u = asyncio.run(uc.understand_text(text, engine="offline"))
    p = uc.generate_prompt(u.template, facts=u.facts, random_state=0, engine="offline")
    assert (p.persona.location.city, p.persona.location.state) == (city, state)


def test_a_scenario_naming_only_a_state_places_the_persona_in_it() -> None:
    assert town_in_state(random.Random(0), "Atlantis") is None
    u = asyncio.run(uc.understand_text(ODISHA, engine="offline"))
    for seed in range(3):
        p = uc.generate_prompt(u.template, facts=u.facts, random_state=seed, engine="offline")
        assert p.persona.location.state == "Odisha", p.persona.location
