"""Planted-segment evaluation sets and runners for bench_segments (goal, leads/table, clickstream).

Configs come in a ``tuning`` split (used while choosing the k criterion and its
thresholds) and a ``heldout`` split (other goals, k, shares, separations and seeds;
never tuned on). ``k=1`` configs carry no structure: the right answer is "no clear
segments". Every runner goes through the workflow's public entry point and returns
the automatic k, the ARI against the planted labels and whether the result says
the segments are clear.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import adjusted_rand_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support.planted import PlantedGoal, planted_events, planted_population, planted_table  # noqa: E402
from support.planted_logs import PlantedLog, planted_log  # noqa: E402
from support.planted_logs3 import PlantedLog3, planted_log3  # noqa: E402
from support.planted_logs4 import PlantedLog4, heldout4_configs, planted_log4  # noqa: E402
from support.planted_populations5 import PlantedGoal5, planted_population5  # noqa: E402
from support.planted_populations6 import PlantedGoal6, heldout6_configs, planted_population6  # noqa: E402
from support.planted_populations7 import PlantedGoal7, heldout7_configs, planted_population7  # noqa: E402
from support.planted_populations8 import PlantedGoal8, heldout8_configs, planted_population8  # noqa: E402
from support.planted_populations9 import PlantedGoal9, heldout9_configs, planted_population9  # noqa: E402
from support.planted_populations10 import PlantedGoal10, heldout10_configs, planted_population10  # noqa: E402
from support.planted_populations11 import PlantedGoal11, heldout11_configs, planted_population11  # noqa: E402

# Held-out splits nobody has looked at goal by goal: the runner prints only their aggregate.
# heldout11 is seen: its author's comparison fix (9cf8dd4) took "differ from" from one of its goals and
# the heldout7 regression was studied audience by audience after it (review13, finding 5).
UNTOUCHED: frozenset[str] = frozenset()

# goal text, its domain and the columns its filters read (never planted)
_GOALS_TUNING = [
    ("gadget buyers in tier-1 cities", "tech_adoption", ("interest_tech", "city_tier")),
    ("value shoppers aged 20-50", "budget", ("price_sensitivity", "age")),
    ("fitness and travel lovers", "lifestyle", ("interest_fitness", "interest_travel")),
    ("parents aged 25-45", "parenting", ("has_children", "age")),
    ("adults in tier-1 cities", "general", ("city_tier",)),
]
_GOALS_HELDOUT = [
    ("tech buyers aged 25-45", "tech_adoption", ("interest_tech", "age")),
    ("budget conscious shoppers in tier-2 cities", "budget", ("price_sensitivity", "city_tier")),
    ("mothers in tier-1 cities", "parenting", ("gender", "has_children", "city_tier")),
    ("men aged 25-40", "general", ("gender", "age")),
    ("fitness and travel lovers", "lifestyle", ("interest_fitness", "interest_travel")),
]


# A second held-out split, written (and committed) in session 4 before anything was run on it,
# because ``heldout`` had been looked at in session 3: other goals, k up to 6, weaker and
# stronger separations, 4-6 planted attributes, smaller segments, larger audiences, other seeds.
_GOALS_HELDOUT2 = [
    ("smartphone buyers in tier-2 cities", "tech_adoption", ("interest_tech", "city_tier")),
    ("deal seekers aged 30-55", "budget", ("price_sensitivity", "age")),
    ("foodies and fashion lovers", "lifestyle", ("interest_food", "interest_fashion")),
    ("fathers aged 30-50", "parenting", ("gender", "has_children", "age")),
    ("sports fans aged 20-45", "lifestyle", ("interest_sports", "age")),
    ("adults aged 35-60", "general", ("age",)),
]
_FLAT_HELDOUT2 = [
    ("women in tier-3 cities", "general", ("gender", "city_tier")),
    ("gaming enthusiasts aged 18-30", "tech_adoption", ("interest_gaming", "age")),
]


def _heldout2() -> list[PlantedGoal]:
    out = [
        PlantedGoal(
            goal,
            dom,
            k,
            n=(22_000, 28_000, 35_000)[(i + j) % 3],
            separation=(0.8, 1.1, 1.4)[(2 * i + j) % 3],
            n_attributes=(4, 5, 6)[(i + 2 * j) % 3],
            random_state=3000 + 10 * i + j,
            smallest=0.05,
            avoid=avoid,
        )
        for i, (goal, dom, avoid) in enumerate(_GOALS_HELDOUT2)
        for j, k in enumerate((3, 5, 6))
    ]
    flat = [
        PlantedGoal(g, d, 1, n=25_000, random_state=3900 + i, avoid=a)
        for i, (g, d, a) in enumerate(_FLAT_HELDOUT2)
    ]
    return [*out, *flat]


# A third held-out split, written (and committed) in session 5 by truth5 before anything was run
# on it: other goals and domains, k of 2, 4 and 7, separations 0.9-1.3, 4-6 planted attributes,
# smallest segment 4-7 %, 18k-40k people, other seeds; and two structureless audiences.
_GOALS_HELDOUT3 = [
    ("OTT watchers aged 22-40", "lifestyle", ("primary_media", "age")),
    ("people buying on EMI in tier-2 cities", "budget", ("emi_flag", "city_tier")),
    ("housewives between 28 and 50", "parenting", ("occupation", "gender", "age")),
    ("salaried people in Maharashtra", "general", ("occupation", "state")),
    ("Instagram users aged 18-35", "tech_adoption", ("primary_media", "age")),
    ("women in semi-urban areas", "lifestyle", ("gender", "area_type")),
]
_FLAT_HELDOUT3 = [
    ("men over 40 in rural areas", "budget", ("gender", "age", "area_type")),
    ("YouTube viewers in Tier-1 cities", "tech_adoption", ("primary_media", "city_tier")),
]


def _heldout3() -> list[PlantedGoal]:
    out = [
        PlantedGoal(
            goal,
            dom,
            k,
            n=(18_000, 30_000, 40_000)[(i + 2 * j) % 3],
            separation=(0.9, 1.1, 1.3)[(i + j) % 3],
            # 7 segments cannot be planted on 4 attributes (every two must differ on 2): at least 5
            n_attributes=max((4, 5, 6)[(2 * i + j) % 3], 5 if k == 7 else 4),
            random_state=5000 + 10 * i + j,
            smallest=(0.04, 0.07)[(i + j) % 2],
            avoid=avoid,
        )
        for i, (goal, dom, avoid) in enumerate(_GOALS_HELDOUT3)
        # the EMI goal leaves the budget domain 4 attributes: 7 segments cannot be planted there, 5 can
        for j, k in enumerate((2, 4, 5 if dom == "budget" else 7))
    ]
    flat = [
        PlantedGoal(g, d, 1, n=30_000, random_state=5900 + i, avoid=a)
        for i, (g, d, a) in enumerate(_FLAT_HELDOUT3)
    ]
    return [*out, *flat]


# A fourth held-out split, written (and committed) in session 6 by truth6 before anything was run
# on it. Its structure differs from heldout3's: segments are planted on ANY consumer attribute
# (interests, scores, devices, screen time, orders, EMI, income: pool "any"), whatever the
# goal's words name, on goals that mostly name only demographics (one in Hinglish, one with a
# negation); k of 3, 5 and 6; separations 0.8-1.2; 3-6 planted attributes; smallest segment
# 3-5 %; 15k-45k people; other seeds; and two structureless audiences. Never tuned on.
_GOALS_HELDOUT4 = [
    ("working women in metros", ("gender", "occupation", "city_tier")),
    ("people aged 35-50 earning above 40k a month", ("age", "monthly_income_inr", "income_level")),
    ("25 se 40 saal ke log tier-2 shehron mein", ("age", "city_tier")),
    ("men aged 22-45 who are not students", ("gender", "age", "occupation")),
    ("married people with kids outside tier-1 cities", ("marital_status", "has_children", "city_tier")),
]
_FLAT_HELDOUT4 = [
    ("rural households in Uttar Pradesh and Bihar", ("area_type", "state")),
    ("graduates under 30", ("education_level", "age")),
]


def _heldout4() -> list[PlantedGoal]:
    out = [
        PlantedGoal(
            goal,
            "any",
            k,
            n=(15_000, 25_000, 45_000)[(2 * i + j) % 3],
            separation=(0.8, 1.0, 1.2)[(i + 2 * j) % 3],
            # 5 or 6 segments need at least 5 attributes to differ pairwise on two
            n_attributes=max((3, 4, 6)[(i + j) % 3], 5 if k >= 5 else 3),
            random_state=6000 + 10 * i + j,
            smallest=(0.03, 0.05)[(i + j) % 2],
            avoid=avoid,
        )
        for i, (goal, avoid) in enumerate(_GOALS_HELDOUT4)
        for j, k in enumerate((3, 5, 6))
    ]
    flat = [
        PlantedGoal(g, "any", 1, n=35_000, random_state=6900 + i, avoid=a)
        for i, (g, a) in enumerate(_FLAT_HELDOUT4)
    ]
    return [*out, *flat]


# A fifth held-out split, written (and committed) in session 7 by truth7 before anything was run
# on it, with a fifth generator (tests/support/planted_populations5.py): a mainstream segment and
# segments that move 2-3 attributes jointly by less than a full level step, unequal sizes (Dirichlet
# 0.5-1.5, smallest 3-5 %), wide uniform noise on 2-4 unplanted signals plus two columns the schema
# lacks; 20 goals phrased in ways no earlier split used (negations, "not in metros", Hinglish,
# comparisons, ranges, "excluding", "or", "except"), k 2-7; and four structureless audiences
# (plain, a continuum, groups too weak to act on, wide noise). Never tuned on.
# (goal, k, filter columns never planted, n, separation, defining, shift, alpha, smallest, noise)
_GOALS_HELDOUT5 = [
    (
        "women not living in metros",
        3,
        ("gender", "city_tier", "city", "area_type"),
        30_000,
        1.0,
        2,
        0.9,
        0.8,
        0.04,
        3,
    ),
    ("non-students between 18 and 24", 4, ("occupation", "age"), 45_000, 1.2, 3, 0.8, 0.6, 0.04, 2),
    (
        "log jo 30 se upar hain aur gaon mein rehte hain",
        2,
        ("age", "area_type"),
        40_000,
        0.9,
        2,
        1.0,
        0.5,
        0.05,
        4,
    ),
    (
        "people earning less than 25000 per month",
        5,
        ("monthly_income_inr", "income_level"),
        25_000,
        1.1,
        2,
        1.0,
        1.0,
        0.03,
        3,
    ),
    ("shoppers older than 45 outside Maharashtra", 3, ("age", "state"), 35_000, 0.8, 3, 0.9, 1.5, 0.05, 2),
    ("singles in their thirties", 6, ("marital_status", "age"), 50_000, 1.3, 2, 0.9, 0.8, 0.03, 3),
    ("self-employed folks from south India", 4, ("occupation", "state"), 45_000, 1.0, 3, 0.8, 1.0, 0.05, 4),
    (
        "families with 2 or more kids",
        3,
        ("num_children", "has_children", "parenting_stage"),
        20_000,
        1.2,
        2,
        0.8,
        0.5,
        0.04,
        2,
    ),
    ("people who don't mainly use WhatsApp", 5, ("primary_media",), 30_000, 1.0, 3, 0.9, 0.8, 0.04, 3),
    ("Bengali speakers in West Bengal", 2, ("primary_language", "state"), 50_000, 1.0, 3, 0.7, 1.0, 0.05, 2),
    ("naye shaadi-shuda log, umar 25 se 32", 4, ("marital_status", "age"), 40_000, 0.9, 2, 1.1, 0.6, 0.04, 3),
    (
        "postgraduates aged between 28 and 45",
        3,
        ("education_level", "age"),
        50_000,
        1.1,
        2,
        0.9,
        1.5,
        0.05,
        4,
    ),
    (
        "retirees and homemakers in tier 2 or tier 3 towns",
        5,
        ("occupation", "city_tier"),
        35_000,
        1.2,
        3,
        0.8,
        0.5,
        0.03,
        2,
    ),
    ("anyone above 60", 2, ("age",), 45_000, 1.3, 2, 0.8, 0.8, 0.04, 3),
    (
        "Muslim families in urban India",
        3,
        ("religion", "area_type", "has_children"),
        50_000,
        1.0,
        2,
        1.0,
        1.0,
        0.05,
        2,
    ),
    (
        "middle income households excluding rural areas",
        6,
        ("household_income_level", "area_type"),
        40_000,
        1.1,
        3,
        0.9,
        0.8,
        0.03,
        3,
    ),
    ("freelancers younger than 35", 3, ("occupation", "age"), 50_000, 1.2, 2, 1.0, 0.6, 0.05, 2),
    (
        "mid-income men, 40 to 55",
        4,
        ("income_level", "monthly_income_inr", "gender", "age"),
        45_000,
        0.9,
        3,
        0.9,
        1.0,
        0.04,
        4,
    ),
    ("Tamil and Telugu speaking women", 7, ("primary_language", "gender"), 50_000, 1.3, 2, 1.0, 1.2, 0.03, 2),
    (
        "customers who prefer offline stores over online marketplaces",
        4,
        ("preferred_channel",),
        35_000,
        1.0,
        2,
        0.9,
        0.7,
        0.04,
        3,
    ),
]
# (goal, filter columns, structure)
_FLAT_HELDOUT5 = [
    ("students who are not graduates yet, in tier-1", ("occupation", "education_level", "city_tier"), "flat"),
    ("people aged 26-38 who are married", ("age", "marital_status"), "continuum"),
    ("kam kamane wale log shehron mein", ("income_level", "monthly_income_inr", "area_type"), "weak"),
    ("everyone except retired people", ("occupation",), "spread"),
]


# A tuning split for the fifth generator (session 7, seen: used while changing the mechanism after
# heldout5's first run showed segments that move attributes jointly were invisible): goals and seeds
# of earlier splits, other k, shares and separations. heldout5 stays the untouched measure.
_GOALS_TUNING5 = [
    ("adults in tier-1 cities", 3, ("city_tier",), 30_000, 1.0, 2, 0.9, 0.8, 0.04, 3),
    ("men aged 25-40", 4, ("gender", "age"), 40_000, 1.1, 2, 0.9, 0.6, 0.04, 2),
    ("women in tier-3 cities", 2, ("gender", "city_tier"), 45_000, 1.0, 3, 0.8, 0.8, 0.05, 3),
    ("salaried people in Maharashtra", 5, ("occupation", "state"), 50_000, 1.2, 2, 1.0, 1.0, 0.04, 2),
    (
        "parents aged 25-45",
        3,
        ("has_children", "age", "num_children", "parenting_stage"),
        30_000,
        0.9,
        3,
        0.9,
        0.6,
        0.04,
        4,
    ),
    ("tech buyers aged 25-45", 4, ("interest_tech", "age"), 35_000, 1.0, 3, 0.8, 1.2, 0.03, 3),
    ("value shoppers aged 20-50", 6, ("price_sensitivity", "age"), 40_000, 1.2, 2, 1.0, 0.8, 0.03, 2),
    ("OTT watchers aged 22-40", 3, ("primary_media", "age"), 45_000, 1.1, 2, 0.8, 1.5, 0.05, 3),
]
_FLAT_TUNING5 = [
    ("adults aged 35-60", ("age",), "continuum"),
    ("women in semi-urban areas", ("gender", "area_type"), "weak"),
]


def _split5(goals: list, flat_goals: list, seed: int, flat_seed: int) -> list[PlantedGoal5]:
    """The planted goals of a fifth-generator split, then its structureless audiences."""
    out = [
        PlantedGoal5(
            goal,
            k,
            n=n,
            separation=sep,
            defining=d,
            shift=sh,
            alpha=a,
            smallest=sm,
            noise_columns=nz,
            random_state=seed + i,
            avoid=avoid,
        )
        for i, (goal, k, avoid, n, sep, d, sh, a, sm, nz) in enumerate(goals)
    ]
    flat = [
        PlantedGoal5(g, 1, n=40_000, structure=kind, random_state=flat_seed + i, avoid=a)
        for i, (g, a, kind) in enumerate(flat_goals)
    ]
    return [*out, *flat]


def _tuning5() -> list[PlantedGoal5]:
    return _split5(_GOALS_TUNING5, _FLAT_TUNING5, 7700, 7790)


def _heldout5() -> list[PlantedGoal5]:
    return _split5(_GOALS_HELDOUT5, _FLAT_HELDOUT5, 8000, 8900)


def goal_configs(
    split: str,
) -> (
    list[PlantedGoal]
    | list[PlantedGoal5]
    | list[PlantedGoal6]
    | list[PlantedGoal7]
    | list[PlantedGoal8]
    | list[PlantedGoal9]
    | list[PlantedGoal10]
    | list[PlantedGoal11]
):
    """Planted goal populations of ``split`` (tuning, heldout, heldout2-11, tuning5), with k=1 ones."""
    out: list[PlantedGoal] = []
    if split == "heldout11":
        return heldout11_configs()
    if split == "heldout10":
        return heldout10_configs()
    if split == "heldout9":
        return heldout9_configs()
    if split == "heldout8":
        return heldout8_configs()
    if split == "heldout7":
        return heldout7_configs()
    if split == "heldout6":
        return heldout6_configs()
    if split == "heldout5":
        return _heldout5()
    if split == "tuning5":
        return _tuning5()
    if split == "heldout2":
        return _heldout2()
    if split == "heldout3":
        return _heldout3()
    if split == "heldout4":
        return _heldout4()
    if split == "tuning":
        for i, (goal, dom, avoid) in enumerate(_GOALS_TUNING):
            for j, k in enumerate((3, 4, 5)):
                out.append(
                    PlantedGoal(
                        goal, dom, k, separation=(1.0, 1.3)[(i + j) % 2], random_state=10 * i + j, avoid=avoid
                    )
                )
        out.append(PlantedGoal(*_GOALS_TUNING[4][:2], 1, random_state=7, avoid=_GOALS_TUNING[4][2]))
        out.append(PlantedGoal(*_GOALS_TUNING[0][:2], 1, random_state=8, avoid=_GOALS_TUNING[0][2]))
    else:
        for i, (goal, dom, avoid) in enumerate(_GOALS_HELDOUT):
            for j, k in enumerate((3, 4, 6)):
                out.append(
                    PlantedGoal(
                        goal,
                        dom,
                        k,
                        n=(30_000, 25_000)[j % 2],
                        separation=(0.9, 1.2, 1.5)[(i + j) % 3],
                        n_attributes=(4, 5, 6)[(i + 2 * j) % 3],
                        random_state=1000 + 10 * i + j,
                        smallest=0.06,
                        avoid=avoid,
                    )
                )
        out.append(PlantedGoal(*_GOALS_HELDOUT[3][:2], 1, random_state=1901, avoid=_GOALS_HELDOUT[3][2]))
        out.append(PlantedGoal(*_GOALS_HELDOUT[1][:2], 1, random_state=1902, avoid=_GOALS_HELDOUT[1][2]))
    return out


@dataclass(frozen=True)
class PlantedSet:
    """One planted table or event-log config."""

    k: int
    n: int
    separation: float
    random_state: int
    informative: int = 5

    @property
    def name(self) -> str:
        return f"k{self.k}:n{self.n}:s{self.separation:g}:r{self.random_state}"


def table_configs(split: str) -> list[PlantedSet]:
    if split == "tuning":
        ks, seps, seeds = (3, 4, 5), (0.7, 0.85), (1, 2)
        out = [
            PlantedSet(k, 3_000, seps[(i + j) % 2], 10 * i + s)
            for i, k in enumerate(ks)
            for j, s in enumerate(seeds)
        ]
        return [*out, PlantedSet(1, 3_000, 0.0, 5)]
    ks2, seps2, seeds2 = (3, 4, 6), (0.65, 0.8, 0.9), (101, 102)
    out = [
        PlantedSet(k, (4_000, 2_500)[j], seps2[(i + j) % 3], 100 * i + s, informative=(5, 6, 7)[(i + j) % 3])
        for i, k in enumerate(ks2)
        for j, s in enumerate(seeds2)
    ]
    return [*out, PlantedSet(1, 4_000, 0.0, 105)]


# Clickstream held-out split 2, written and committed in session 5 before any method was run on it:
# another generator (tests/support/planted_logs.py) with its own vocabularies (6-40 events), sessions
# per user, session lengths and noise; groups that differ by route ("chain"), by which events they
# like ("preference") or by tempo ("dwell"); and three logs without segments (one chain for all,
# twice; users on a continuum between two chains). (k, users, vocab, sessions, length, separation,
# noise, mechanism); separations were set so that the Bayes classifier's ARI is 0.6-1.0.
_EVENTS_HELDOUT2 = [
    (2, 1500, 8, 1.5, 4, 0.7, 0.05, "chain"),
    (3, 3000, 15, 2, 6, 0.55, 0.1, "chain"),
    (4, 2000, 25, 3, 10, 0.35, 0.15, "chain"),
    (5, 4000, 12, 1.2, 5, 0.8, 0.0, "chain"),
    (6, 5000, 30, 4, 15, 0.3, 0.2, "chain"),
    (2, 2000, 10, 2, 6, 0.8, 0.05, "preference"),
    (3, 2500, 20, 1.5, 12, 1.0, 0.1, "preference"),
    (4, 3000, 40, 3, 8, 1.2, 0.2, "preference"),
    (5, 3500, 16, 5, 4, 0.9, 0.0, "preference"),
    (6, 5000, 30, 2, 20, 1.0, 0.1, "preference"),
    (2, 2000, 10, 3, 6, 0.8, 0.05, "dwell"),
    (3, 3000, 14, 2, 8, 1.0, 0.1, "dwell"),
    (4, 4000, 20, 4, 10, 1.2, 0.05, "dwell"),
    (3, 1000, 6, 1, 3, 0.9, 0.0, "chain"),
    (2, 1200, 35, 6, 25, 0.5, 0.3, "preference"),
    (5, 2500, 40, 2.5, 18, 0.4, 0.25, "chain"),
    (1, 3000, 15, 2, 8, 0.0, 0.0, "none"),
    (1, 2000, 30, 4, 5, 0.0, 0.1, "none"),
    (1, 3000, 12, 3, 8, 0.0, 0.05, "continuum"),
]


# Clickstream held-out split 3, written and committed in session 6 before any method was run on it
# (heldout2 was tuned against in session 5's follow-up): a third generator
# (tests/support/planted_logs3.py), absorbing chains with an end state; groups differ by funnel
# depth, feature area, loops/back-steps, session length, or visits and tempo; k 2-8 with imbalanced
# shares (Dirichlet alpha 0.5-1.5, smallest 4 %); two heterogeneous single-group logs (tempo and
# visits vary per user) and two per-user continua between two area chains. (k, users, vocab,
# session length, visits, separation, noise, mechanism, alpha); separations were set from the Bayes
# classifier's ARI alone (0.45-0.98), before any clustering ran.
_EVENTS_HELDOUT3 = [
    (2, 2000, 12, 6, 4, 1.2, 0.05, "depth", 1.0),
    (4, 3000, 20, 10, 5, 1.2, 0.05, "depth", 0.7),
    (3, 2500, 16, 5, 3, 1.5, 0.05, "area", 0.7),
    (5, 4000, 30, 7, 3, 2.2, 0.15, "area", 1.0),
    (8, 6000, 40, 10, 3, 2.0, 0.1, "area", 0.8),
    (6, 5000, 24, 6, 3, 2.4, 0.05, "area", 0.5),
    (2, 1500, 8, 5, 2, 0.6, 0.0, "loops", 1.0),
    (3, 3000, 18, 6, 3, 0.5, 0.1, "loops", 0.6),
    (2, 2000, 15, 6, 2, 1.0, 0.05, "length", 1.0),
    (3, 3000, 10, 5, 5, 1.4, 0.05, "length", 0.8),
    (2, 2500, 12, 5, 3, 0.8, 0.05, "visits", 0.6),
    (4, 4000, 20, 6, 4, 1.0, 0.1, "visits", 1.0),
    (7, 5000, 35, 8, 3, 2.3, 0.1, "area", 1.5),
    (2, 1200, 8, 6, 3, 1.4, 0.0, "depth", 1.0),
    (5, 3500, 25, 12, 2, 1.8, 0.2, "area", 0.6),
    (2, 3000, 30, 9, 5, 0.35, 0.2, "loops", 0.5),
    (1, 3000, 15, 6, 3, 0.0, 0.05, "single", 1.0),
    (1, 2000, 25, 8, 2, 0.0, 0.1, "single", 1.0),
    (1, 3000, 20, 6, 3, 1.5, 0.05, "continuum", 1.0),
    (1, 2500, 12, 5, 2, 2.0, 0.0, "continuum", 1.0),
]


def event_configs(split: str) -> list[PlantedSet] | list[PlantedLog] | list[PlantedLog3] | list[PlantedLog4]:
    """Clickstream configs: ``tuning`` / ``heldout`` (``planted_events``), ``heldout2`` (``planted_log``),
    ``heldout3`` (``planted_log3``), ``heldout4`` (``planted_log4``, session 7)."""
    if split == "heldout4":
        return heldout4_configs()
    if split == "heldout3":
        return [
            PlantedLog3(*c[:8], random_state=9000 + i, alpha=c[8])  # type: ignore[arg-type,misc]
            for i, c in enumerate(_EVENTS_HELDOUT3)
        ]
    if split == "heldout2":
        return [PlantedLog(*c, random_state=7000 + i) for i, c in enumerate(_EVENTS_HELDOUT2)]  # type: ignore[arg-type]
    if split == "tuning":
        return [
            *(
                PlantedSet(k, 1_200, (2.5, 4.0)[(i + j) % 2], 10 * i + j)
                for i, k in enumerate((3, 4, 5))
                for j in range(2)
            ),
            PlantedSet(1, 1_200, 0.0, 9),
        ]
    return [
        *(
            PlantedSet(k, (1_500, 1_000)[j], (2.0, 3.0, 5.0)[(i + j) % 3], 500 + 10 * i + j)
            for i, k in enumerate((3, 4, 6))
            for j in range(2)
        ),
        PlantedSet(1, 1_500, 0.0, 599),
    ]


@dataclass
class Outcome:
    workflow: str
    config: str
    planted_k: int
    k: int
    ari: float
    clear: bool | None
    seconds: float
    n: int
    oracle_ari: float = float("nan")


def _clear(clustering: Any) -> bool | None:
    diag = getattr(clustering, "selection", None)
    if diag is None:
        return None
    return bool(getattr(diag, "clear", None))


def run_goal_config(
    cfg: PlantedGoal
    | PlantedGoal5
    | PlantedGoal6
    | PlantedGoal7
    | PlantedGoal8
    | PlantedGoal9
    | PlantedGoal10
    | PlantedGoal11,
    params: dict[str, Any] | None = None,
) -> Outcome:
    from synthpersona.errors import GoalParseError
    from synthpersona.usecases.goals import clear_cache, run_goal

    oracle = float("nan")
    if isinstance(cfg, PlantedGoal11):
        df, labels, oracle = planted_population11(cfg)
    elif isinstance(cfg, PlantedGoal10):
        df, labels, oracle = planted_population10(cfg)
    elif isinstance(cfg, PlantedGoal9):
        df, labels, oracle = planted_population9(cfg)
    elif isinstance(cfg, PlantedGoal8):
        df, labels, oracle = planted_population8(cfg)
    elif isinstance(cfg, PlantedGoal7):
        df, labels, oracle = planted_population7(cfg)
    elif isinstance(cfg, PlantedGoal6):
        df, labels, oracle = planted_population6(cfg)
    elif isinstance(cfg, PlantedGoal5):
        df, labels, oracle = planted_population5(cfg)
    else:
        df, labels = planted_population(cfg)
    truth = dict(zip(df["user_id"].to_numpy().tolist(), labels.tolist(), strict=True))
    clear_cache()
    t0 = time.perf_counter()
    try:
        run = run_goal(cfg.goal, population=df, k_anonymity=None, **(params or {}))
    except GoalParseError:  # a goal the parser cannot read: no segments, scored ARI 0 (planted)
        return Outcome(
            "goal", cfg.name + ":unparsed", cfg.k, 0, 0.0 if cfg.k > 1 else float("nan"), None, 0.0, 0, oracle
        )
    seconds = time.perf_counter() - t0
    ids = run.audience["user_id"].to_numpy().tolist()
    planted = np.array([truth[i] for i in ids])
    got = run.segmentation.labels
    ari = float(adjusted_rand_score(planted, got)) if cfg.k > 1 else float("nan")
    return Outcome(
        "goal",
        cfg.name,
        cfg.k,
        int(run.segmentation.k),
        ari,
        _clear(run.segmentation.clustering),
        seconds,
        len(ids),
        oracle,
    )


def run_table_config(cfg: PlantedSet, params: dict[str, Any] | None = None) -> Outcome:
    from synthpersona.tables import analyze_table

    df, labels = planted_table(
        cfg.k, n=cfg.n, separation=cfg.separation, informative=cfg.informative, random_state=cfg.random_state
    )
    t0 = time.perf_counter()
    res = analyze_table(df, k="auto", **(params or {}))
    seconds = time.perf_counter() - t0
    ari = float(adjusted_rand_score(labels, res.labels)) if cfg.k > 1 else float("nan")
    return Outcome("table", cfg.name, cfg.k, int(res.k), ari, _clear(res.clustering), seconds, cfg.n)


def run_events_config(
    cfg: PlantedSet | PlantedLog | PlantedLog3 | PlantedLog4, params: dict[str, Any] | None = None
) -> Outcome:
    from synthpersona.simulation.sequences import cluster_event_sequences

    oracle = float("nan")
    if isinstance(cfg, PlantedLog4):
        log, group, oracle = planted_log4(cfg)
    elif isinstance(cfg, PlantedLog3):
        log, group, oracle = planted_log3(cfg)
    elif isinstance(cfg, PlantedLog):
        log, group, oracle = planted_log(cfg)
    else:
        log, group = planted_events(
            cfg.k, users=cfg.n, separation=cfg.separation, random_state=cfg.random_state
        )
    t0 = time.perf_counter()
    res = cluster_event_sequences(log, k=None, random_state=0, **(params or {}))
    seconds = time.perf_counter() - t0
    assert res.row_ids is not None
    planted = group.loc[res.row_ids].to_numpy()
    ari = float(adjusted_rand_score(planted, res.labels)) if cfg.k > 1 else float("nan")
    n = cfg.users if isinstance(cfg, PlantedLog | PlantedLog3 | PlantedLog4) else cfg.n
    return Outcome("clickstream", cfg.name, cfg.k, int(res.k), ari, _clear(res), seconds, n, oracle)


RUNNERS = {
    "goal": (goal_configs, run_goal_config),
    "table": (table_configs, run_table_config),
    "clickstream": (event_configs, run_events_config),
}


def evaluate(workflow: str, split: str) -> list[Outcome]:
    configs, runner = RUNNERS[workflow]
    return [runner(c) for c in configs(split)]  # type: ignore[operator]


def summarise(outcomes: list[Outcome]) -> dict[str, Any]:
    """Mean ARI on planted configs, share with k exactly right, and "no clear segments" calls."""
    planted = [o for o in outcomes if o.planted_k > 1]
    flat = [o for o in outcomes if o.planted_k == 1]
    return {
        "mean_ari": float(np.mean([o.ari for o in planted])) if planted else float("nan"),
        "mean_oracle_ari": float(np.mean([o.oracle_ari for o in planted])) if planted else float("nan"),
        "min_ari": float(np.min([o.ari for o in planted])) if planted else float("nan"),
        "k_right": sum(o.k == o.planted_k for o in planted),
        "n_planted": len(planted),
        "flat_called_unclear": sum(o.clear is False for o in flat),
        "planted_called_clear": sum(o.clear is True for o in planted),
        "n_flat": len(flat),
        "unparsed": sum(o.config.endswith(":unparsed") for o in outcomes),
    }


if __name__ == "__main__":
    wf = sys.argv[1]
    split = sys.argv[2] if len(sys.argv) > 2 else "tuning"
    outs = evaluate(wf, split)
    for o in outs if split not in UNTOUCHED else []:  # held-out: the aggregate only
        print(
            f"{o.workflow:11s} {o.config:28s} n={o.n:6d} planted={o.planted_k} k={o.k} "
            f"ari={o.ari:.3f} oracle={o.oracle_ari:.3f} clear={o.clear} {o.seconds:.2f}s"
        )
    print(summarise(outs))
