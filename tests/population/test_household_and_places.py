"""Household income (what a homemaker's or a student's household earns) and the places of India."""

from __future__ import annotations

import pandas as pd

from synthpersona.schema import CITY_STATE, STATES

# The 28 states and 8 union territories of India.
ALL_STATES_AND_UTS = {
    "Andhra Pradesh", "Arunachal Pradesh", "Assam", "Bihar", "Chhattisgarh", "Goa", "Gujarat", "Haryana",
    "Himachal Pradesh", "Jharkhand", "Karnataka", "Kerala", "Madhya Pradesh", "Maharashtra", "Manipur",
    "Meghalaya", "Mizoram", "Nagaland", "Odisha", "Punjab", "Rajasthan", "Sikkim", "Tamil Nadu", "Telangana",
    "Tripura", "Uttar Pradesh", "Uttarakhand", "West Bengal", "Andaman and Nicobar Islands", "Chandigarh",
    "Dadra and Nagar Haveli and Daman and Diu", "Delhi", "Jammu and Kashmir", "Ladakh", "Lakshadweep",
    "Puducherry",
}  # fmt: skip


def test_homemakers_and_students_live_in_households_with_an_income(pop100k: pd.DataFrame) -> None:
    for occupation in ("Homemaker", "Student"):
        people = pop100k[pop100k["occupation"] == occupation]
        assert (people["monthly_income_inr"] == 0).mean() > 0.3 or occupation == "Student"
        assert (people["household_income_inr"] > 0).all()
        # "Homemakers in rich households" and "students from affluent families" exist.
        assert (people["household_income_level"] == "High").sum() > 50


def test_household_income_adds_other_earners(pop100k: pd.DataFrame) -> None:
    married = pop100k[(pop100k["marital_status"] == "Married") & (pop100k["gender"] == "Female")]
    share_more = (married["household_income_inr"] > married["monthly_income_inr"]).mean()
    assert share_more > 0.85  # most wives live with an earning husband


def test_every_state_and_union_territory_has_people(pop100k: pd.DataFrame) -> None:
    assert set(STATES) == ALL_STATES_AND_UTS
    counts = pop100k["state"].value_counts()
    assert all(counts[s] > 0 for s in ALL_STATES_AND_UTS)
    assert counts["Assam"] > counts["Ladakh"] > 0


def test_rural_people_live_in_district_towns_of_their_state(pop100k: pd.DataFrame) -> None:
    rural = pop100k[pop100k["area_type"] != "Urban"]
    assert set(rural["city_tier"].astype(str)) <= {"Tier-2", "Tier-3"}
    assert (rural["state"].astype(str) == rural["city"].astype(str).map(CITY_STATE)).all()
