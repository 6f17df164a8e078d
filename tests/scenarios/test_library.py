from __future__ import annotations

import json
from pathlib import Path

import pytest

from synthpersona.errors import DataError, InputError, NotFoundError
from synthpersona.scenarios import DetailCategory, DetailCategoryLibrary, load_category_file

SEED_CATEGORIES = [
    "professional_context",
    "medical_philosophy",
    "family_context",
    "health_context",
    "financial_context",
    "time_constraints",
    "sales_rep_history",
    "past_experiences",
    "social_context",
    "lifestyle_context",
    "anxiety_factors",
    "work_relationships",
    "incident_context",
    "emotional_state",
    "decision_criteria",
    "research_behavior",
]


def test_library_has_seed_categories_and_organizational_context() -> None:
    lib = DetailCategoryLibrary()
    names = lib.get_category_names()
    for name in [*SEED_CATEGORIES, "organizational_context"]:
        assert name in names
        cat = lib.get_category_definition(name)
        assert cat.description and cat.when_relevant and len(cat.example_fields) >= 5


def test_unknown_category_suggests_close_name() -> None:
    with pytest.raises(NotFoundError, match="Did you mean 'family_context'"):
        DetailCategoryLibrary().get_category_definition("familly_context")
    with pytest.raises(InputError):
        DetailCategoryLibrary().require(["health_context", "astrology"])


def test_user_categories_from_yaml_and_json(tmp_path: Path) -> None:
    y = tmp_path / "cats.yaml"
    y.write_text(
        "categories:\n  pet_context:\n    description: Pets at home and how they shape buying\n"
        "    example_fields: [pet_type, pet_age, vet_visits, food_brand, monthly_pet_spend]\n"
        "    when_relevant: Pet food or pet insurance sales\n    keywords: [dog, cat, pet]\n"
    )
    j = tmp_path / "cats.json"
    j.write_text(
        json.dumps(
            [
                {
                    "name": "travel_context",
                    "description": "Travel habits",
                    "example_fields": ["trips_per_year", "budget"],
                    "when_relevant": "Travel sales",
                }
            ]
        )
    )
    lib = DetailCategoryLibrary(
        [y, j, DetailCategory(name="x_ctx", description="xyz", example_fields=["a"], when_relevant="never")]
    )
    assert {"pet_context", "travel_context", "x_ctx"} <= set(lib.get_category_names())
    assert lib.keywords("pet_context") == ("dog", "cat", "pet")
    assert not lib.is_builtin("pet_context")
    assert "pet_context" in load_category_file(y)


def test_bad_category_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "categories:\n  Bad Name:\n    description: d\n    example_fields: []\n    when_relevant: w\n"
    )
    with pytest.raises(DataError, match="Bad Name"):
        DetailCategoryLibrary([bad])
    with pytest.raises(NotFoundError):
        DetailCategoryLibrary([tmp_path / "missing.yaml"])
