"""Where people live and what they celebrate: state shares, city weights, religion and festival.

The figures come from ``census2011.json`` (Census of India 2011: total and urban
population and religion shares of every state and union territory, with sources).

- **State shares**: urban residents (the ``Urban`` share of ``area_type``) are spread
  like the Census urban population, the others like its rural population, so each
  state's share follows its people, not the number of cities listed for it. A floor
  of 0.05 % keeps the smallest union territories analysable (a few dozen people in
  the default 50,000), as the Non-binary share is raised in ``targets.json``.
- **City weights**: within a state, cities are weighted by their 2011 agglomeration
  population; one multiplier per state and one per tier (iterative proportional
  fitting) then put both the state shares and the ``city_tier`` targets on target.
- **Religion** follows the state's Census 2011 shares. It is context only: it draws
  the main festival, shifts the language (Sikhs speak Punjabi outside Punjab too,
  Muslims of the Deccan and the west Urdu/Hindustani, counted as Hindi), and can draw
  names; it is never a clustering feature, and the goal parser never makes a filter
  of it (a caller may still pass an explicit filter).
- **Main festival** follows religion and state (Durga Puja in Bengal, Onam in Kerala,
  Pongal in Tamil Nadu, Chhath in Bihar, Eid, Christmas, Gurpurab, Losar, ...).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from synthpersona import schema as S
from synthpersona.population._sampling import calibrated_draw, group_index

I8 = NDArray[np.int8]
CENSUS_FILE: Final = "census2011.json"
MIN_STATE_SHARE: Final = 0.0005

# A Hindu's (and a follower of a regional faith's) main festival by state; Diwali and Holi elsewhere.
_REGIONAL: Final[dict[str, dict[str, float]]] = {
    "West Bengal": {"Durga Puja": 0.7, "Diwali": 0.3},
    "Tripura": {"Durga Puja": 0.6, "Diwali": 0.4},
    "Assam": {"Bihu": 0.55, "Durga Puja": 0.25, "Diwali": 0.2},
    "Odisha": {"Durga Puja": 0.45, "Diwali": 0.55},
    "Maharashtra": {"Ganesh Chaturthi": 0.5, "Diwali": 0.5},
    "Goa": {"Ganesh Chaturthi": 0.5, "Diwali": 0.5},
    "Gujarat": {"Navratri": 0.5, "Diwali": 0.5},
    "Dadra and Nagar Haveli and Daman and Diu": {"Navratri": 0.5, "Diwali": 0.5},
    "Kerala": {"Onam": 0.75, "Diwali": 0.25},
    "Lakshadweep": {"Onam": 0.75, "Diwali": 0.25},
    "Tamil Nadu": {"Pongal": 0.65, "Diwali": 0.35},
    "Puducherry": {"Pongal": 0.65, "Diwali": 0.35},
    "Andhra Pradesh": {"Sankranti": 0.5, "Diwali": 0.35, "Ganesh Chaturthi": 0.15},
    "Telangana": {"Sankranti": 0.4, "Diwali": 0.35, "Ganesh Chaturthi": 0.25},
    "Karnataka": {"Diwali": 0.45, "Ganesh Chaturthi": 0.3, "Sankranti": 0.25},
    "Bihar": {"Chhath": 0.55, "Diwali": 0.35, "Holi": 0.1},
    "Jharkhand": {"Chhath": 0.4, "Diwali": 0.45, "Holi": 0.15},
    "Uttar Pradesh": {"Diwali": 0.7, "Holi": 0.2, "Chhath": 0.1},
    "Punjab": {"Diwali": 0.6, "Vaisakhi": 0.2, "Holi": 0.2},
    "Manipur": {"Holi": 0.5, "Diwali": 0.5},
}
_NORTH: Final = {"Diwali": 0.75, "Holi": 0.25}
_LOSAR_STATES: Final = frozenset({"Ladakh", "Sikkim", "Arunachal Pradesh", "Himachal Pradesh"})
# Where many Muslims speak Urdu/Dakhni (Hindustani, counted as Hindi) rather than the state's language:
# the factor on the Hindi weight of migrants (0.3 in metros, 0.1 and 0.05 in smaller cities).
_URDU_FACTOR: Final = {
    "Telangana": 3.0,
    "Maharashtra": 2.5,
    "Karnataka": 2.5,
    "Andhra Pradesh": 2.0,
    "Gujarat": 1.5,
    "Tamil Nadu": 1.5,
    "Odisha": 1.5,
}


@lru_cache(maxsize=1)
def census() -> dict[str, Any]:
    """The Census 2011 figures of ``census2011.json`` (states and their sources).

    Examples
    --------
    >>> census()["states"]["Kerala"]["religion_percent"]["Christian"]
    18.4
    """
    text = resources.files("synthpersona.population").joinpath(CENSUS_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def state_shares(urban_share: float) -> NDArray[np.float64]:
    """Share of every state (schema order): urban people like the urban, others like the rural Census.

    Examples
    --------
    >>> shares = state_shares(0.68)
    >>> round(float(shares.sum()), 6), round(float(shares.min()), 4)
    (1.0, 0.0005)
    >>> round(float(shares[S.STATES.index("Uttar Pradesh")]), 3)
    0.14
    """
    states = census()["states"]
    total = np.array([states[s]["population"] for s in S.STATES], dtype=np.float64)
    urban = np.array([states[s]["urban_population"] for s in S.STATES], dtype=np.float64)
    rural = total - urban
    shares = urban_share * urban / urban.sum() + (1.0 - urban_share) * rural / rural.sum()
    small = shares < MIN_STATE_SHARE
    shares[small] = MIN_STATE_SHARE
    shares[~small] *= (1.0 - MIN_STATE_SHARE * small.sum()) / shares[~small].sum()
    out: NDArray[np.float64] = shares
    return out


def city_probabilities(
    city_population: dict[str, float], state_target: NDArray[np.float64], tier_target: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Probability of every city (schema order) meeting the state and tier shares.

    Starts from the agglomeration populations and alternates one multiplier per
    state and one per tier until both margins hold (iterative proportional fitting).
    """
    state = np.array([S.STATES.index(s) for _, s, _ in S.CITIES])
    tier = np.array([S.CITY_TIERS.index(t) for _, _, t in S.CITIES])
    w = np.array([city_population[c] for c in S.CITY_NAMES], dtype=np.float64)
    for _ in range(1_000):
        w *= (state_target / np.bincount(state, w, len(S.STATES)))[state]
        w *= (tier_target / np.bincount(tier, w, len(S.CITY_TIERS)))[tier]
        if np.abs(np.bincount(state, w, len(S.STATES)) - state_target).max() < 1e-9:
            break
    out: NDArray[np.float64] = w / w.sum()
    return out


@lru_cache(maxsize=1)
def religion_table() -> NDArray[np.float64]:
    """``(states, religions)`` Census 2011 shares of each religion in each state (rows sum to 1)."""
    states = census()["states"]
    table = np.array(
        [[states[s]["religion_percent"].get(r, 0.0) for r in S.RELIGIONS] for s in S.STATES], dtype=np.float64
    )
    out: NDArray[np.float64] = table / table.sum(axis=1, keepdims=True)
    return out


def draw_religion(rng: np.random.Generator, state: I8) -> I8:
    """Religion of every person from the Census 2011 shares of their state."""
    return calibrated_draw(rng, religion_table(), state.astype(np.intp))


@lru_cache(maxsize=1)
def festival_table() -> NDArray[np.float64]:
    """``(states x religions, festivals)`` weights of each person's main festival."""
    fest = {name: i for i, name in enumerate(S.FESTIVALS)}
    table = np.zeros((len(S.STATES), len(S.RELIGIONS), len(S.FESTIVALS)))
    for s, state in enumerate(S.STATES):
        for r, religion in enumerate(S.RELIGIONS):
            if religion == "Muslim":
                weights = {"Eid": 1.0}
            elif religion == "Christian":
                weights = {"Christmas": 1.0}
            elif religion == "Sikh":
                weights = {"Gurpurab": 0.6, "Vaisakhi": 0.4}
            elif religion == "Buddhist":
                weights = {"Losar": 1.0} if state in _LOSAR_STATES else {"Buddha Purnima": 1.0}
            elif religion == "Jain":
                weights = {"Paryushan": 0.5, "Diwali": 0.5}
            else:  # Hindu and regional faiths
                weights = _REGIONAL.get(state, _NORTH)
            for name, weight in weights.items():
                table[s, r, fest[name]] = weight
    return table.reshape(len(S.STATES) * len(S.RELIGIONS), len(S.FESTIVALS))


def draw_festival(rng: np.random.Generator, state: I8, religion: I8) -> I8:
    """Main festival of every person from their religion and state."""
    group, _ = group_index((state, len(S.STATES)), (religion, len(S.RELIGIONS)))
    return calibrated_draw(rng, festival_table(), group)


def language_religion_factor() -> NDArray[np.float64]:
    """``(states, religions, languages)`` multipliers of the language weights for each religion.

    Sikhs speak Punjabi wherever they live; Muslims of the Deccan and the west often
    speak Urdu/Dakhni, which the schema counts as Hindi; Christians (Goa, Mumbai,
    Kerala, the North-East) choose English a little more often.
    """
    lang = {name: i for i, name in enumerate(S.LANGUAGES)}
    f = np.ones((len(S.STATES), len(S.RELIGIONS), len(S.LANGUAGES)))
    sikh, muslim, christian = (S.RELIGIONS.index(r) for r in ("Sikh", "Muslim", "Christian"))
    for s, state in enumerate(S.STATES):
        if S.STATE_LANGUAGE[state] != "Punjabi":
            f[s, sikh, lang["Punjabi"]] = 250.0  # the base weight of a non-state language is 0.004
            f[s, sikh, lang[S.STATE_LANGUAGE[state]]] = 0.5
        if state in _URDU_FACTOR:
            f[s, muslim, lang["Hindi"]] = _URDU_FACTOR[state]
        f[s, christian, lang["English"]] = 1.8
    return f
