"""Realistic Indian names by state, community and gender, for naming personas.

A persona's name follows the state of its anchor member: first the community is
drawn from the state's Census 2011 religion shares (so a Srinagar persona is most
likely Kashmiri Muslim, a Shillong persona Khasi, a Ludhiana persona Sikh or
Punjabi Hindu), then a first name and a surname of that community in that region.
Sikh women are "Kaur" and Sikh men "Singh"; no one else gets those as surnames
outside the Hindi belt's Singh. The community only chooses a realistic name: it is
never a population column or a targeting filter. The name tables live in ``names.json``;
the religion shares are read from ``population/census2011.json``, their one home.
Names are chosen deterministically from a seed, so the same run gives the same names.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Final

import numpy as np

_OTHER: Final = ("other", "buddhist", "jain", "tribal")
_NEUTRAL_FIRST: Final = ("Kiran", "Noor", "Suman", "Shashi", "Anmol", "Preet", "Sonu", "Santosh")
# Where a community has no list of its own in a region, the nearest one that does.
_FALLBACK: Final = {
    "muslim": {"ladakh": "kashmir", "assam": "bengal", "khasi": "bengal", "manipur": "bengal"},
    "christian": {"karnataka": "goa", "maharashtra": "goa", "telugu": "tamil", "manipur": "naga"},
    "hindu": {"khasi": "sikkim", "naga": "assam", "mizo": "assam", "arunachal": "assam", "ladakh": "kashmir"},
}


@lru_cache(maxsize=1)
def _religion_by_state() -> dict[str, dict[str, float]]:
    """Census 2011 religion shares (%) by state, from ``population/census2011.json`` (their one home)."""
    text = resources.files("synthpersona.population").joinpath("census2011.json").read_text(encoding="utf-8")
    states = json.loads(text)["states"]
    return {s: {k.lower(): float(v) for k, v in row["religion_percent"].items()} for s, row in states.items()}


@lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    text = resources.files("synthpersona.personas").joinpath("names.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def region_of(state: str) -> str:
    """Naming region of an Indian state or union territory (``"north"`` when unknown)."""
    region: str = _tables()["region_of_state"].get(state, "north")
    return region


def community_shares(state: str) -> dict[str, float]:
    """Census 2011 religion shares of ``state`` (fractions summing to 1), for drawing names.

    Examples
    --------
    >>> round(community_shares("Punjab")["sikh"], 3)
    0.577
    """
    raw = _religion_by_state().get(state) or {"hindu": 80.0, "muslim": 14.2, "other": 5.8}
    total = float(sum(raw.values()))
    return {k: float(v) / total for k, v in raw.items()}


def _lists(community: str, region: str) -> tuple[str, str]:
    """The (community, region) whose name lists are used."""
    first = _tables()["first_names"]
    if community in ("other", "buddhist", "tribal", "jain") and region not in first.get(community, {}):
        if community == "other" and region in first["tribal"]:
            return "tribal", region
        community = "hindu"
    if community == "sikh":
        return "sikh", "india"
    table = first.get(community, {})
    if region in table:
        return community, region
    alt = _FALLBACK.get(community, {}).get(region)
    if alt is not None and alt in table:
        return community, alt
    if community == "hindu":
        return "hindu", "north"
    return (community, "india") if "india" in table else (community, "north")


def pick_name(
    state: str, gender: str, seed: int, taken: set[str] | None = None, community: str | None = None
) -> str:
    """Pick a full name that fits ``state`` and ``gender``, avoiding names in ``taken``.

    ``community`` (a ``religion`` of the population, lower-cased) is the person's own when
    the data has it; otherwise it is drawn from the state's Census 2011 shares.

    Examples
    --------
    >>> name = pick_name("Punjab", "Female", seed=3)
    >>> name.split()[1] in {"Kaur", "Arora", "Malhotra", "Kapoor", "Khanna", "Bhatia", "Sharma",
    ...                     "Sood", "Chopra", "Khan", "Ansari", "Qureshi", "Siddiqui", "Shaikh", "Sayyed",
    ...                     "Pathan", "Mirza", "Tirkey", "Minz", "Ekka", "Lakra", "Kujur", "Masih",
    ...                     "Thomas", "Joseph"}
    True
    """
    rng = np.random.default_rng(seed)
    shares = community_shares(state)
    names, probs = list(shares), np.array(list(shares.values()))
    drawn = names[int(rng.choice(len(names), p=probs / probs.sum()))]
    known = community is not None and (community in _tables()["first_names"] or community in _OTHER)
    community = community if known and community is not None else drawn
    key, region = _lists(community, region_of(state))
    first_table = _tables()["first_names"][key][region]
    firsts = first_table.get(gender, _NEUTRAL_FIRST)
    surnames = _tables()["surnames"][key][region]
    taken = taken or set()
    name = ""
    for _ in range(64):
        first = firsts[int(rng.integers(len(firsts)))]
        if key == "sikh":
            title = {"Female": "Kaur", "Male": "Singh"}.get(gender, "")
            clan = surnames[int(rng.integers(len(surnames)))] if rng.random() < 0.5 else ""
            name = " ".join(p for p in (first, title, clan) if p)
        else:
            name = f"{first} {surnames[int(rng.integers(len(surnames)))]}"
        if name not in taken:
            return name
    return name
