from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from synthpersona.errors import InputError, NotFoundError
from synthpersona.scenarios import (
    classify_archetype,
    draft_template,
    load_template,
    parse_mode,
    parse_template,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A medical representative pitches a new diabetes drug to a sceptical physician to win "
            "prescriptions.",
            "PERSUASION",
        ),
        (
            "An employee is upset after a colleague made a biased remark; her manager must handle "
            "the complaint.",
            "CONFRONTATION",
        ),
        (
            "A worried customer calls the helpline asking for help because her refund has not arrived.",
            "HELP_SEEKING",
        ),
        (
            "A procurement manager negotiates price and payment terms of a contract renewal with a vendor.",
            "NEGOTIATION",
        ),
        (
            "A doctor takes the history of a patient to diagnose the cause; the patient does not "
            "volunteer symptoms.",
            "INVESTIGATION",
        ),
    ],
)
def test_archetype_classification_with_confidence(text: str, expected: str) -> None:
    result = classify_archetype(text)
    assert result.primary_archetype == expected
    assert result.confidence_score == max(result.scores.values()) and 0.2 < result.confidence_score <= 1.0
    assert abs(sum(result.scores.values()) - 1.0) < 1e-6


def test_bad_modes_and_templates_are_clear_errors(tmp_path: Path) -> None:
    assert parse_mode("assess") == "assess_mode"
    with pytest.raises(InputError, match="Did you mean 'learn_mode'"):
        parse_mode("lern_mode")
    with pytest.raises(InputError, match="archetype"):
        parse_template({"template_id": "x", "archetype_classification": {"primary_archetype": "SELLING"}})
    with pytest.raises(InputError, match="template_id"):
        parse_template({"general_info": {"domain": "x"}})
    bad = tmp_path / "t.json"
    bad.write_text("{not json")
    with pytest.raises(Exception, match="cannot parse"):
        load_template(bad)
    with pytest.raises(NotFoundError):
        load_template(tmp_path / "missing.json")


def test_seed_wrapper_and_text_overview_accepted() -> None:
    t = parse_template(
        {
            "id": "abc",
            "template_data": {
                "context_overview": "A customer returns a phone",
                "persona_definitions": {"assess_mode": {"role": "Customer"}},
            },
        }
    )
    assert t.template_id == "abc" and t.definition_for("try_mode").role == "Customer"


def test_draft_template_from_free_text() -> None:
    text = (
        "Pharma detailing call\n"
        "You are a medical representative. You visit Dr. Kavita Rao, a 52-year-old cardiologist in Pune, "
        "to pitch a new heart-failure drug. She is busy and sceptical of reps."
    )
    t = asyncio.run(draft_template(text))
    d = t.definition_for("assess_mode")
    assert t.general_info.domain == "pharma_sales" and t.general_info.title == "Pharma detailing call"
    assert d.name == "Dr. Kavita Rao" and d.age == 52 and d.location == "Pune" and d.gender == "Female"
    assert "cardiologist" in (d.role or "").lower()
    assert (
        t.archetype_classification is not None
        and t.archetype_classification.primary_archetype == "PERSUASION"
    )
    with pytest.raises(InputError):
        asyncio.run(draft_template("   "))
