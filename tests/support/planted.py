"""Planted segments (seeded) in a population, a customer table and an event log, for k-selection checks.

Three generators, one per persona workflow, each returning the data and the planted
label of every row (or user):

- :func:`planted_population`: the built-in population (:func:`synthpersona.population.generate`,
  its demographics left as they are: noise for the segments) with ``k`` consumer segments
  planted on attributes relevant to a goal's domain (scores, interests, devices, screen
  time, online orders, EMI, income). The goal's own filter columns are never planted,
  so the audience a goal selects keeps every segment.
- :func:`planted_table`: a leads/customer table of text columns whose rows come from ``k``
  segments favouring some levels of the informative columns; other columns are noise.
- :func:`planted_events`: a clickstream log whose users follow one of ``k`` Markov chains.

``separation`` is the knob of every generator: larger means the segments differ more.
``k=1`` gives data without structure (one segment), for "no clear segments" checks.
The configs of the benchmark are split into tuning and held-out sets
(``benchmarks/bench_segments.py``); tests use small instances.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = [
    "DOMAIN_ATTRIBUTES",
    "PlantedGoal",
    "planted_events",
    "planted_population",
    "planted_table",
    "segment_shares",
]

# Attributes a segment of each domain can differ on (columns of the built-in population).
DOMAIN_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "tech_adoption": (
        "tech_savviness",
        "price_sensitivity",
        "brand_awareness",
        "privacy_pref",
        "interest_gaming",
        "device_count",
        "daily_screen_hours",
    ),
    "budget": (
        "price_sensitivity",
        "brand_awareness",
        "emi_flag",
        "online_shopping_freq",
        "monthly_income_inr",
    ),
    "lifestyle": (
        "interest_health",
        "interest_entertainment",
        "interest_fashion",
        "interest_beauty",
        "interest_food",
        "interest_sports",
        "interest_gaming",
    ),
    "parenting": (
        "privacy_pref",
        "price_sensitivity",
        "brand_awareness",
        "tech_savviness",
        "interest_education",
        "interest_parenting",
        "device_count",
    ),
    "general": (
        "tech_savviness",
        "price_sensitivity",
        "brand_awareness",
        "privacy_pref",
        "device_count",
        "daily_screen_hours",
        "online_shopping_freq",
    ),
}
# Any consumer attribute, whatever the goal's domain (heldout4): segments a goal's words do not name.
DOMAIN_ATTRIBUTES["any"] = (
    *dict.fromkeys(c for cols in DOMAIN_ATTRIBUTES.values() for c in cols),
    "interest_tech",
    "interest_fitness",
    "interest_travel",
    "interest_finance",
    "interest_automobile",
)

# Low / mid / high level of each attribute kind and its spread inside a segment at separation 1.
# Scores and interests are in [0, 1]; counts and hours in their own units; income on a log scale.
_LEVELS: dict[str, tuple[tuple[float, float, float], float, float, float]] = {
    # kind: ((low, mid, high), sd, min, max)
    "unit": ((0.18, 0.5, 0.82), 0.09, 0.0, 1.0),
    "device_count": ((1.3, 3.5, 6.5), 0.7, 1.0, 10.0),
    "daily_screen_hours": ((2.0, 5.5, 10.0), 1.1, 0.5, 16.0),
    "online_shopping_freq": ((0.5, 3.0, 12.0), 0.6, 0.0, 60.0),  # sd on log1p scale
    "monthly_income_inr": ((9_000.0, 40_000.0, 1_80_000.0), 0.3, 0.0, 5e6),  # sd on log scale
    "emi_flag": ((0.08, 0.45, 0.9), 0.0, 0.0, 1.0),  # probability of True
}


def _kind(column: str) -> str:
    return column if column in _LEVELS else "unit"


def segment_shares(k: int, rng: np.random.Generator, smallest: float = 0.08) -> np.ndarray:
    """``k`` unequal shares summing to 1, each at least ``smallest`` (a Dirichlet draw, floored)."""
    if k == 1:
        return np.ones(1)
    free = 1.0 - smallest * k
    return smallest + free * rng.dirichlet(np.full(k, 1.5))


def _profiles(k: int, m: int, rng: np.random.Generator, min_diff: int = 2) -> np.ndarray:
    """``(k, m)`` levels 0/1/2; every two segments differ by a full step on >= ``min_diff`` attributes."""
    for _ in range(10_000):
        prof = rng.integers(0, 3, size=(k, m))
        ok = all(
            int((np.abs(prof[a] - prof[b]) >= 1).sum()) >= min_diff
            and int((np.abs(prof[a] - prof[b]) == 2).sum()) >= 1
            for a in range(k)
            for b in range(a)
        )
        if ok:
            return prof
    raise ValueError(f"cannot plant {k} distinct profiles on {m} attributes")


@dataclass(frozen=True)
class PlantedGoal:
    """One planted goal-workflow population: its goal, domain, k, shares and separation."""

    goal: str
    domain: str
    k: int
    n: int = 20_000
    separation: float = 1.0
    n_attributes: int = 5
    random_state: int = 0
    smallest: float = 0.08
    avoid: tuple[str, ...] = field(default=())  # the goal's filter columns: never planted

    @property
    def name(self) -> str:
        return f"{self.domain}:k{self.k}:s{self.separation:g}:r{self.random_state}"


def planted_population(cfg: PlantedGoal) -> tuple[pd.DataFrame, np.ndarray]:
    """The built-in population of ``cfg.n`` people with ``cfg.k`` segments planted; and each row's segment.

    Each segment has a profile of low / mid / high levels over ``cfg.n_attributes`` of the
    domain's attributes (:data:`DOMAIN_ATTRIBUTES`, minus the goal's filter columns);
    members draw each planted attribute around their level with a spread of
    ``sd / separation``. Every other column keeps the generator's values, so
    demographics carry no segment signal.
    """
    from synthpersona.population import generate
    from synthpersona.schema import INCOME_LOW_MAX, INCOME_MID_MAX

    rng = np.random.default_rng([cfg.random_state, 91])
    df = generate(cfg.n, random_state=cfg.random_state)
    labels = rng.choice(cfg.k, size=cfg.n, p=segment_shares(cfg.k, rng, cfg.smallest))
    pool = [c for c in DOMAIN_ATTRIBUTES[cfg.domain] if c not in cfg.avoid]
    attrs = list(rng.choice(pool, size=min(cfg.n_attributes, len(pool)), replace=False))
    if cfg.k == 1:
        return df, labels
    prof = _profiles(cfg.k, len(attrs), rng)
    for j, col in enumerate(attrs):
        (levels, sd, lo, hi) = _LEVELS[_kind(col)]
        level = np.asarray(levels)[prof[labels, j]]
        spread = sd / cfg.separation
        if col == "emi_flag":
            df[col] = rng.random(cfg.n) < level
        elif col in ("online_shopping_freq", "monthly_income_inr"):
            base = np.log1p(level) + rng.normal(0.0, spread, cfg.n)
            vals = np.clip(np.expm1(base), lo, hi)
            df[col] = (
                np.round(vals, 1) if col == "online_shopping_freq" else np.round(vals, -2).astype(np.int64)
            )
        else:
            vals = np.clip(level + rng.normal(0.0, spread, cfg.n), lo, hi)
            df[col] = np.round(vals).astype(df[col].dtype) if col == "device_count" else np.round(vals, 3)
    if "monthly_income_inr" in attrs:
        inc = df["monthly_income_inr"].to_numpy()
        level_names = np.where(inc < INCOME_LOW_MAX, "Low", np.where(inc <= INCOME_MID_MAX, "Mid", "High"))
        df["income_level"] = pd.Categorical(level_names, categories=df["income_level"].cat.categories)
    return df, labels


# ----------------------------------------------------------------------------- leads / tables
_TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "Industry": ("Banking", "Software", "Healthcare", "Retail", "Manufacturing", "Education", "Insurance"),
    "Seniority": ("C-Suite", "Senior Management", "Management", "Professional", "Entry-Level"),
    "Education Level": ("High School", "Associate Degree", "Bachelor's", "Master's", "MBA", "PhD"),
    "Age_range": ("18-24", "25-34", "35-44", "45-54", "55-64", "65+"),
    "Years of Experience": ("0-2", "3-5", "6-10", "11-15", "16-20", "20+"),
    "Lead Source": ("Webinar", "Referral", "Paid Search", "Organic Search", "Trade Show", "Cold Call"),
    "Company Size": ("1-10", "11-50", "51-200", "201-1000", "1000+"),
}
_NOISE_COLUMNS: dict[str, tuple[str, ...]] = {
    "Gender": ("Female", "Male", "Non-binary"),
    "State": ("California", "Texas", "New York", "Florida", "Illinois", "Ohio", "Georgia"),
}


def planted_table(
    k: int,
    *,
    n: int = 3_000,
    separation: float = 0.8,
    informative: int = 5,
    random_state: int = 0,
    smallest: float = 0.08,
) -> tuple[pd.DataFrame, np.ndarray]:
    """A text table of ``n`` leads from ``k`` planted segments; and each row's segment.

    Each segment favours one or two levels of each of ``informative`` columns: a share
    ``separation`` of its rows take a favoured level, the rest any level. ``State`` and
    ``Gender`` are noise. ``is_sale`` converts at a segment-specific rate.
    """
    rng = np.random.default_rng([random_state, 92])
    labels = rng.choice(k, size=n, p=segment_shares(k, rng, smallest))
    names = list(_TABLE_COLUMNS)[:informative]
    data: dict[str, np.ndarray] = {}
    for col in names:
        levels = _TABLE_COLUMNS[col]
        favoured = [rng.choice(len(levels), size=int(rng.integers(1, 3)), replace=False) for _ in range(k)]
        out = np.empty(n, dtype=object)
        for s in range(k):
            rows = np.flatnonzero(labels == s)
            pick_fav = rng.random(len(rows)) < (separation if k > 1 else 0.0)
            fav = rng.choice(favoured[s], size=len(rows))
            anyl = rng.integers(0, len(levels), size=len(rows))
            out[rows] = np.asarray(levels, dtype=object)[np.where(pick_fav, fav, anyl)]
        data[col] = out
    for col, levels in _NOISE_COLUMNS.items():
        data[col] = np.asarray(levels, dtype=object)[rng.integers(0, len(levels), size=n)]
    rate = rng.uniform(0.03, 0.5, size=k)
    data["is_sale"] = np.where(rng.random(n) < rate[labels], "TRUE", "FALSE")
    return pd.DataFrame(data), labels


# ----------------------------------------------------------------------------- clickstream
EVENTS = (
    "landing",
    "browse",
    "search",
    "product_view",
    "reviews",
    "pricing",
    "cart",
    "signup_start",
    "form_error",
    "signup_complete",
    "drop_off",
)
_END = {"signup_complete", "drop_off"}


def _chain(rng: np.random.Generator, strength: float) -> np.ndarray:
    """A random transition matrix: a flat base plus ``strength`` on a few preferred next events per event."""
    n = len(EVENTS)
    P = np.full((n, n), 0.2)
    for a in range(n):
        for b in rng.choice(np.arange(1, n), size=2, replace=False):
            P[a, b] += strength * rng.uniform(0.5, 1.5)
    for e in _END:
        P[EVENTS.index(e)] = 0.0
    P[:, 0] = 0.0
    return P / np.maximum(P.sum(axis=1, keepdims=True), 1e-12)


def planted_events(
    k: int,
    *,
    users: int = 1_500,
    separation: float = 3.0,
    random_state: int = 0,
    smallest: float = 0.08,
    max_len: int = 20,
) -> tuple[pd.DataFrame, pd.Series]:
    """An event log (``user_id, session_id, event, timestamp``) of ``users`` in ``k`` behaviour groups.

    Each group walks its own Markov chain from ``landing`` (``separation``: weight of its
    preferred transitions over a flat base). Returns the log and the group of each user
    (a Series indexed by ``user_id``).
    """
    rng = np.random.default_rng([random_state, 93])
    group = rng.choice(k, size=users, p=segment_shares(k, rng, smallest))
    chains = [_chain(rng, separation if k > 1 else 0.0) for _ in range(k)]
    if k == 1:
        chains = [_chain(rng, 3.0)]
    cum = [np.cumsum(P, axis=1) for P in chains]
    rows_u, rows_s, rows_e, rows_t = [], [], [], []
    t0 = np.datetime64("2026-09-01T00:00:00")
    sid = 0
    for u in range(users):
        C = cum[group[u]]
        t = t0 + np.timedelta64(int(rng.integers(0, 30 * 86400)), "s")
        for _ in range(int(rng.integers(1, 4))):
            sid += 1
            state = 0
            for _step in range(max_len):
                rows_u.append(u + 1)
                rows_s.append(sid)
                rows_e.append(EVENTS[state])
                rows_t.append(t)
                if EVENTS[state] in _END:
                    break
                state = min(int(np.searchsorted(C[state], rng.random())), len(EVENTS) - 1)
                t = t + np.timedelta64(int(rng.integers(3, 120)), "s")
            t = t + np.timedelta64(int(rng.integers(3600, 3 * 86400)), "s")
    log = pd.DataFrame(
        {"user_id": rows_u, "session_id": rows_s, "event": rows_e, "timestamp": pd.to_datetime(rows_t)}
    )
    return log, pd.Series(group, index=np.arange(1, users + 1), name="group")
