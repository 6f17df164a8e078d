"""Generated details agree with each other and with the base fields, across many seeds."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synthpersona.scenarios import ScenarioTemplate
from synthpersona.schema import CITY_STATE

_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _rupees(text: str) -> int:
    m = re.search(r"₹([\d.,]+)\s*(lakh|crore)?", text)
    assert m, text
    value = float(m.group(1).replace(",", ""))
    return int(value * {"lakh": 100_000, "crore": 10_000_000}.get(m.group(2) or "", 1))


@_SETTINGS
@given(seed=st.integers(0, 2**31 - 1))
def test_doctor_details_are_consistent(
    generate: Any, templates: dict[str, ScenarioTemplate], seed: int
) -> None:
    p = generate(templates["pharma_sales"], seed=seed)
    prof = p.detail_categories["professional_context"]
    years = prof["years_experience"]
    assert 0 <= years <= p.age - 28  # MBBS + MD before practice
    assert p.location.city == "Mumbai" and p.location.state == CITY_STATE["Mumbai"]
    assert (
        p.location.specific_area in prof["practice_type"]
        or "Andheri West" in p.location.current_physical_location
    )
    assert p.name.startswith("Dr. ")
    assert 150_000 <= _rupees(prof["monthly_income"]) <= 1_200_000  # a Mumbai specialist's range
    time = p.detail_categories["time_constraints"]
    assert time["typical_day_schedule"] == prof["daily_routine"]
    assert str(years) in p.detail_categories["sales_rep_history"]["past_interactions"]


@_SETTINGS
@given(seed=st.integers(0, 2**31 - 1))
def test_expectant_mother_details_are_consistent(
    generate: Any, templates: dict[str, ScenarioTemplate], seed: int
) -> None:
    p = generate(templates["maternity_inquiry"], seed=seed)
    assert p.gender == "Female" and 18 <= p.age <= 45 and p.location.city == "Pune"
    fam, health = p.detail_categories["family_context"], p.detail_categories["health_context"]
    assert fam["marital_status"] == "Married"
    assert fam["children"] == "None yet"  # a first-time mother
    week = int(re.search(r"(\d+) weeks pregnant", health["current_health_status"]).group(1))  # type: ignore[union-attr]
    assert week == 30  # "about 7 months pregnant"
    assert f"({40 - week} weeks)" in health["due_in"]
    spouse_age = int(re.search(r", (\d+),", fam["spouse_details"]).group(1))  # type: ignore[union-attr]
    assert abs(spouse_age - p.age) <= 6


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**31 - 1), gender=st.sampled_from(["Female", "Male"]))
def test_employee_and_buyer_ages_and_incomes(
    generate: Any, templates: dict[str, ScenarioTemplate], seed: int, gender: str
) -> None:
    p = generate(templates["dei_training"], seed=seed, gender=gender)
    assert p.gender == gender
    years = p.detail_categories["professional_context"]["years_experience"]
    assert 0 <= years <= p.age - 21
    assert p.location.city == "Bengaluru"
    car = generate(templates["car_purchase"], seed=seed)
    kids = car.detail_categories["family_context"]["children"]
    for age in re.findall(r"\((\d+)\)", kids):
        assert int(age) <= car.age - 18


def test_seeds_reproduce_and_differ(generate: Any, templates: dict[str, ScenarioTemplate]) -> None:
    t = templates["maternity_inquiry"]
    a, b, c = generate(t, seed=11), generate(t, seed=11), generate(t, seed=12)
    strip = {"id"}
    da, db = a.model_dump(exclude=strip), b.model_dump(exclude=strip)
    da["generation_metadata"].pop("timings"), db["generation_metadata"].pop("timings")
    assert da == db
    assert (a.name, a.detail_categories) != (c.name, c.detail_categories)
