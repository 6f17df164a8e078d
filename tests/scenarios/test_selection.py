"""The seed's three scenarios: the offline engine picks the categories the seed expects."""

from __future__ import annotations

from typing import Any

import pytest

from synthpersona.scenarios import ScenarioTemplate

EXPECTED = {
    "pharma_sales": {"professional_context", "medical_philosophy", "time_constraints", "sales_rep_history"},
    "maternity_inquiry": {"health_context", "family_context", "financial_context", "anxiety_factors"},
    "dei_training": {"work_relationships", "incident_context", "emotional_state", "organizational_context"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_scenarios_get_expected_categories(
    generate: Any, templates: dict[str, ScenarioTemplate], name: str
) -> None:
    p = generate(templates[name], seed=3)
    chosen = set(p.detail_categories_included)
    assert 3 <= len(chosen) <= 8
    assert len(chosen & EXPECTED[name]) >= 3, (name, chosen)
    reasons = p.generation_metadata["category_reasons"]
    # every choice is explained in words; the numbers behind it stay in the metadata
    assert set(reasons) == chosen and all(r and "similarity" not in r for r in reasons.values())
    scored = {c["name"] for c in p.generation_metadata["candidates"]}
    assert chosen <= scored
    for fields in p.detail_categories.values():
        assert len(fields) >= 5 and "error" not in fields


def test_different_scenarios_get_different_categories(
    generate: Any, templates: dict[str, ScenarioTemplate]
) -> None:
    sets = [frozenset(generate(templates[n], seed=1).detail_categories_included) for n in EXPECTED]
    assert len(set(sets)) == 3
    assert len(sets[0] & sets[2]) <= 1  # pharma and DEI share at most the work context


def test_user_written_scenario_gets_fitting_categories(
    generate: Any, templates: dict[str, ScenarioTemplate]
) -> None:
    car = generate(templates["car_purchase"], seed=2)
    assert {"family_context", "financial_context", "lifestyle_context"} <= set(car.detail_categories_included)
    assert "medical_philosophy" not in car.detail_categories_included
    neg = generate(templates["salary_negotiation"], seed=2)
    assert neg.archetype == "NEGOTIATION"  # classified from the text: the template does not say
    assert neg.generation_metadata["archetype_source"] == "classified"
    assert "negotiation_position" in neg.detail_categories_included
