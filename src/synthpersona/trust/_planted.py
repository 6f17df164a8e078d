"""A customer table with planted segments: the evaluation set of back-tests, privacy checks and drift.

Each planted segment has its own typical industry, region, plan, age band and
conversion rate; every value is drawn from the typical one with probability
``purity`` and uniformly otherwise, so the truth is known and every statistic varies
only by sampling.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["PLANTED_SEGMENTS", "planted_table"]

INDUSTRIES = ("Banking", "Software", "Retail", "Healthcare", "Education", "Manufacturing")
REGIONS = ("North", "South", "East", "West", "Central")
PLANS = ("Free", "Basic", "Pro", "Enterprise")
AGES = ("18-24", "25-34", "35-44", "45-54", "55+")
GENDERS = ("Female", "Male")

# name -> (industry, region, plan, age band, conversion rate, share of rows)
PLANTED_SEGMENTS: dict[str, tuple[str, str, str, str, float, float]] = {
    "bankers": ("Banking", "North", "Enterprise", "45-54", 0.55, 0.30),
    "developers": ("Software", "West", "Pro", "25-34", 0.30, 0.30),
    "shopkeepers": ("Retail", "South", "Basic", "35-44", 0.12, 0.25),
    "students": ("Education", "East", "Free", "18-24", 0.04, 0.15),
}


def planted_table(
    n: int = 2_000,
    *,
    random_state: int = 0,
    purity: float = 0.8,
    shares: dict[str, float] | None = None,
    extra_segment: bool = False,
    start: str = "2024-01-01",
    days: int = 365,
) -> pd.DataFrame:
    """``n`` rows of a leads table with the planted segments (and their true one, ``_segment``).

    Parameters
    ----------
    n
        Rows.
    random_state
        Seed.
    purity
        Chance that a column takes its segment's typical value.
    shares
        Segment name -> share of rows (default from :data:`PLANTED_SEGMENTS`; normalised).
    extra_segment
        Add a fifth planted segment (Healthcare, Central, Pro, 55+; 10 % of rows) that
        the default table does not have: a "new segment" for drift tests.
    start, days
        Sign-up dates are spread evenly over ``days`` days from ``start``.

    Examples
    --------
    >>> df = planted_table(500, random_state=1)
    >>> df.shape, sorted(df["_segment"].unique())[:2]
    ((500, 10), ['bankers', 'developers'])
    """
    rng = np.random.default_rng([random_state, 7])
    plan = dict(PLANTED_SEGMENTS)
    weights = {name: spec[5] for name, spec in plan.items()}
    if shares:
        weights.update(shares)
    if extra_segment:
        plan["clinicians"] = ("Healthcare", "Central", "Pro", "55+", 0.40, 0.10)
        weights.setdefault("clinicians", 0.10)
    names = list(plan)
    p = np.array([weights[nm] for nm in names], dtype=float)
    seg = rng.choice(len(names), size=n, p=p / p.sum())

    def draw(values: tuple[str, ...], typical: list[str]) -> np.ndarray:
        idx = np.array([values.index(t) for t in typical])[seg]
        random = rng.integers(0, len(values), size=n)
        keep = rng.random(n) < purity
        return np.asarray(values, dtype=object)[np.where(keep, idx, random)]

    specs = [plan[nm] for nm in names]
    rates = np.array([s[4] for s in specs])[seg]
    dates = pd.Timestamp(start) + pd.to_timedelta(np.sort(rng.integers(0, days * 24, size=n)), unit="h")
    return pd.DataFrame(
        {
            "Lead ID": [f"L{random_state:03d}-{i:06d}" for i in range(n)],
            "Signup Date": dates.strftime("%Y-%m-%d"),
            "Industry": draw(INDUSTRIES, [s[0] for s in specs]),
            "Region": draw(REGIONS, [s[1] for s in specs]),
            "Plan": draw(PLANS, [s[2] for s in specs]),
            "Age_range": draw(AGES, [s[3] for s in specs]),
            "Gender": np.asarray(GENDERS, dtype=object)[rng.integers(0, 2, size=n)],
            "Seats": np.round(rng.lognormal(np.log(5 + 20 * (seg == 0)), 0.5)).astype(int).astype(str),
            "converted": np.where(rng.random(n) < rates, "yes", "no"),
            "_segment": np.asarray(names, dtype=object)[seg],
        }
    )
