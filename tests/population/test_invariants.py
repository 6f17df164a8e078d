"""Row-level invariants that must hold for every person, property-tested over seeds and sizes."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synthpersona.population import INCOME_LOW_MAX, INCOME_MID_MAX, generate
from synthpersona.schema import HOUSEHOLD_INCOME_LOW_MAX, HOUSEHOLD_INCOME_MID_MAX

ALLOWED_SOURCES = {
    "Student": {"Stipend", "Family support"},
    "Salaried": {"Salary"},
    "Self-employed": {"Business", "Freelance"},
    "Business Owner": {"Business"},
    "Homemaker": {"Family support"},
    "Freelancer": {"Freelance"},
    "Retired": {"Pension", "Family support", "Business"},
    "Unemployed": {"Family support"},
}


def check_invariants(df: pd.DataFrame) -> None:
    """Assert every documented row-level invariant on ``df``."""
    occ = df["occupation"].astype(str)
    stage = df["parenting_stage"].astype(str)
    marital = df["marital_status"].astype(str)
    edu = df["education_level"].astype(str)
    age, kids, income = df["age"], df["num_children"], df["monthly_income_inr"]

    assert age.between(18, 75).all()
    # Household income: never below the person's own, and its level follows the ICE 360° classes.
    household = df["household_income_inr"]
    assert (household >= income).all(), "a household earning less than one of its members"
    expected_level = np.select(
        [household < HOUSEHOLD_INCOME_LOW_MAX, household <= HOUSEHOLD_INCOME_MID_MAX], ["Low", "Mid"], "High"
    )
    assert (df["household_income_level"].astype(str) == expected_level).all()
    # Geography: Tier-1 metros are the city proper; fringe towns and villages lie in other districts.
    assert (df.loc[df["city_tier"] == "Tier-1", "area_type"] == "Urban").all(), "rural or semi-urban metro"
    # Life stage and occupation.
    assert (age[occ == "Student"] <= 35).all(), "a student older than 35"
    assert (age[occ == "Retired"] >= 50).all(), "a retiree younger than 50"
    assert (age[edu == "Graduate"] >= 20).all()
    assert (age[edu == "Post-graduate"] >= 22).all()
    assert (age[edu == "Doctorate"] >= 26).all()
    # Children and parenting stage.
    assert (df["has_children"] == (kids > 0)).all()
    assert kids.between(0, 5).all()
    assert (kids[marital == "Single"] == 0).all(), "single people are recorded without children"
    expecting = stage == "Expecting"
    assert ((stage == "None") == ((kids == 0) & ~expecting)).all()
    assert (kids[expecting] == 0).all() and (marital[expecting] == "Married").all()
    assert stage[kids > 0].isin(["Infant", "Toddler", "School-age", "Teen", "Adult children"]).all()
    assert (age[stage == "Adult children"] >= 36).all()
    assert (age[stage == "Teen"] >= 31).all()
    # Household.
    married = (marital == "Married").astype(int)
    assert (df["family_size"] >= 1 + married + kids).all()
    assert df["family_size"].between(1, 12).all()
    # Income.
    level = np.where(income < INCOME_LOW_MAX, "Low", np.where(income <= INCOME_MID_MAX, "Mid", "High"))
    assert (df["income_level"].astype(str).to_numpy() == level).all()
    assert (income >= 0).all()
    assert (income[occ.isin(["Student", "Homemaker", "Unemployed"])] < INCOME_LOW_MAX).all()
    for occupation, sources in ALLOWED_SOURCES.items():
        assert set(df.loc[occ == occupation, "income_source"].astype(str)) <= sources, occupation
    # Digital habits and scores.
    assert df["device_count"].between(1, 8).all()
    score_cols = [c for c in df.columns if c.startswith("interest_")] + [
        "tech_savviness",
        "price_sensitivity",
        "brand_awareness",
        "privacy_pref",
    ]
    values = df[score_cols].to_numpy()
    assert ((values >= 0) & (values <= 1)).all()
    assert df["user_id"].is_unique


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), n=st.integers(min_value=1, max_value=400))
def test_invariants_hold_for_any_seed_and_size(seed: int, n: int) -> None:
    check_invariants(generate(n, random_state=seed))


def test_invariants_hold_on_a_large_population(pop100k: pd.DataFrame) -> None:
    check_invariants(pop100k)
