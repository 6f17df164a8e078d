"""Small, seeded generators of test tables (leads in the seed's columns, and a non-leads table)."""

from __future__ import annotations

import numpy as np
import pandas as pd

STATES = ["California", "Texas", "New York", "Florida", "Illinois", "Washington", "Ohio", "Georgia"]
INDUSTRIES = ["Banking", "Software", "Healthcare", "Retail", "Manufacturing", "Education", "Media"]
TITLES = {
    0: ["CEO", "Chief Financial Officer", "Founder", "President"],
    1: ["VP of Sales", "Director of Operations", "Head of Marketing", "SVP Finance"],
    2: ["Sales Manager", "Project Manager", "Team Lead", "Operations Supervisor"],
    3: ["Data Analyst", "Software Engineer", "Marketing Specialist", "Accountant", "Consultant"],
    4: ["Junior Analyst", "Marketing Intern", "Associate", "Sales Assistant"],
}
EDUCATION = ["High School", "Associate Degree", "Bachelor's", "Master's", "MBA", "PhD"]
AGES = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
EXPERIENCE = ["0-2", "3-5", "6-10", "11-15", "16-20", "20+"]
SOURCES = ["Webinar", "Referral", "Paid Search", "Organic Search", "Trade Show", "Cold Call", "LinkedIn"]
# (weight, states, industries, seniority levels, education, ages, experience, sources, conversion)
SEGMENTS = [
    (0.25, [0, 2], [0], [0, 1], [3, 4], [3, 4], [4, 5], [1, 4], 0.6),
    (0.25, [5, 1], [1], [2, 3], [2, 3], [1, 2], [1, 2], [0, 6], 0.25),
    (0.25, [3, 7], [3, 4], [3, 4], [0, 1], [0, 1], [0, 1], [2, 5], 0.05),
    (0.25, [4, 6], [2, 5], [2, 3], [3, 5], [2, 3], [2, 3], [0, 3], 0.15),
]


def _pick(
    rng: np.random.Generator, n: int, choices: list[str], favoured: list[int], p_fav: float
) -> np.ndarray:
    p = np.full(len(choices), (1 - p_fav) / len(choices))
    p[favoured] += p_fav / len(favoured)
    return np.asarray(choices, dtype=object)[rng.choice(len(choices), size=n, p=p / p.sum())]


def make_leads(n: int = 2000, seed: int = 0, messy: bool = False, p_fav: float = 0.85) -> pd.DataFrame:
    """Leads in the seed's nine columns from four planted segments; ``_segment`` holds the truth."""
    rng = np.random.default_rng(seed)
    seg = rng.choice(len(SEGMENTS), size=n, p=[s[0] for s in SEGMENTS])
    cols: dict[str, np.ndarray] = {
        c: np.empty(n, dtype=object)
        for c in (
            "State",
            "Industry",
            "Job Title",
            "Education Level",
            "Age_range",
            "Years of Experience",
            "Gender",
            "Lead Source",
            "is_sale",
        )
    }
    for s, (_, st, ind, lv, edu, age, exp, src, conv) in enumerate(SEGMENTS):
        idx = np.flatnonzero(seg == s)
        m = len(idx)
        cols["State"][idx] = _pick(rng, m, STATES, st, p_fav)
        cols["Industry"][idx] = _pick(rng, m, INDUSTRIES, ind, p_fav)
        levels = rng.choice(lv, size=m)
        cols["Job Title"][idx] = [TITLES[int(v)][rng.integers(len(TITLES[int(v)]))] for v in levels]
        cols["Education Level"][idx] = _pick(rng, m, EDUCATION, edu, p_fav)
        cols["Age_range"][idx] = _pick(rng, m, AGES, age, p_fav)
        cols["Years of Experience"][idx] = _pick(rng, m, EXPERIENCE, exp, p_fav)
        cols["Gender"][idx] = rng.choice(["Female", "Male", "Non-binary"], size=m, p=[0.48, 0.49, 0.03])
        cols["Lead Source"][idx] = _pick(rng, m, SOURCES, src, p_fav)
        cols["is_sale"][idx] = np.where(rng.random(m) < conv, "TRUE", "FALSE")
    df = pd.DataFrame(cols)
    df.insert(0, "_segment", seg.astype(str))
    if messy:
        for c in ["State", "Industry", "Job Title", "Gender", "Lead Source"]:
            df.loc[rng.random(n) < 0.03, c] = None
        truth = df["is_sale"] == "TRUE"
        style = rng.integers(0, 4, size=n)
        df["is_sale"] = np.select(
            [style == 0, style == 1, style == 2],
            [np.where(truth, "TRUE", "FALSE"), np.where(truth, "1", "0"), np.where(truth, "yes", "no")],
            np.where(truth, "Y", "n"),
        )
        pad = rng.random(n) < 0.05
        df.loc[pad, "Industry"] = " " + df.loc[pad, "Industry"].astype(str) + " "
    return df.astype("str").where(df.notna(), None)


def make_customers(n: int = 1500, seed: int = 1) -> pd.DataFrame:
    """A non-leads table: SaaS customers with id, e-mail, plan, region, numbers, a date and a churn flag."""
    rng = np.random.default_rng(seed)
    grp = rng.integers(0, 3, size=n)
    plan = np.where(grp == 0, "Enterprise", np.where(grp == 1, "Pro", "Free"))
    flip = rng.random(n) < 0.1
    plan = np.where(flip, rng.choice(["Enterprise", "Pro", "Free"], size=n), plan)
    region = np.where(grp == 0, "EMEA", np.where(grp == 1, "North America", "APAC"))
    seats = np.round(np.exp(rng.normal(np.array([4.0, 2.0, 0.3])[grp], 0.4))).astype(int)
    spend = np.round(seats * np.array([80.0, 25.0, 0.0])[grp] + rng.normal(0, 5, n).clip(0), 2)
    churn = rng.random(n) < np.array([0.05, 0.15, 0.4])[grp]
    start = np.datetime64("2023-01-01") + rng.integers(0, 700, size=n).astype("timedelta64[D]")
    return pd.DataFrame(
        {
            "customer_id": [f"C{100000 + i}" for i in range(n)],
            "email": [f"user{i}@example.com" for i in range(n)],
            "Plan": plan,
            "Region": region,
            "Seats": seats.astype(str),
            "Monthly Spend": spend.astype(str),
            "Signup Date": start.astype(str),
            "Churned": np.where(churn, "yes", "no"),
        }
    )
