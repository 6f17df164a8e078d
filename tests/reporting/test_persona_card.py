"""Persona cards (PNG/PDF) state the core persona's claims with their numbers; Devanagari renders."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from synthpersona.errors import InputError
from synthpersona.model import Anchor, Evidence, GoalPersonaFacts, Persona
from synthpersona.reporting.persona_card import CARD_FORMATS, persona_card, persona_card_figure

DEVANAGARI_FONT = Path("/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf")
GOAL_HI = "टियर-2 शहरों में नई माताएँ जो स्किनकेयर में रुचि रखती हैं"


@pytest.fixture
def persona() -> Persona:
    return Persona(
        persona_id="dyn_2_0",
        segment_id=2,
        name="Asha Rao",
        title="Budget-Conscious Mom",
        anchor=Anchor(member_id=4711, distance=0.8),
        attributes={
            "age": 31,
            "gender": "Female",
            "city": "Nagpur",
            "city_tier": "Tier-2",
            "monthly_income_inr": 23000,
        },
        cares=["Affordability", "Clear, upfront pricing"],
        barriers=["Limited disposable income"],
        evidence=[
            Evidence("care_about_top2", "low income", "mean", 17400.0, baseline=41250.0, effect_size=0.6),
            Evidence("media_preference", "WhatsApp", "value_share", 0.312, category="WhatsApp"),
            Evidence("demographics", "anchored near the centre", "distance_to_centroid", 0.8, member_id=4711),
        ],
        facts=GoalPersonaFacts(media=["WhatsApp", "Instagram"], relevance=0.72, relevance_columns=()),
    )


def _texts(persona: Persona, context: str = "") -> str:
    return "\n".join(t.get_text() for t in persona_card_figure(persona, context=context).texts)


def test_the_card_states_the_personas_claims_and_the_numbers_behind_them(persona: Persona) -> None:
    text = _texts(persona)
    for said in (
        "Asha Rao",
        "Budget-Conscious Mom",
        "Affordability, Clear, upfront pricing",
        "Limited disposable income",
        "WhatsApp, Instagram",
        "0.72",
        "31 years",
        "Nagpur (Tier-2)",
        "₹23,000 a month",
        "member #4711",
    ):
        assert said in text, said
    # comparisons with segment and audience values, shares as percentages; member-level figures left out
    assert "low income: 17,400 in the segment vs 41,250 in the audience" in text
    assert "WhatsApp: 31% of the segment" in text
    assert "anchored near the centre" not in text


def test_png_and_pdf_files(persona: Persona) -> None:
    png = persona_card(persona, fmt="png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width == 7 * 150  # 7 inches at the reports' 150 dpi
    assert persona_card(persona, fmt="pdf")[:5] == b"%PDF-"
    with pytest.raises(InputError, match=r"'svg'.*png, pdf") as info:
        persona_card(persona, fmt="svg")
    assert info.value.details["allowed"] == list(CARD_FORMATS)


@pytest.mark.skipif(
    not DEVANAGARI_FONT.is_file(), reason="fonts-lohit-deva not installed (scripts/ensure_chromium.sh)"
)
def test_devanagari_is_drawn_with_a_devanagari_font(persona: Persona) -> None:
    hindi = Persona(**{**persona.__dict__, "name": "आशा राव"})
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "error", message=".*missing from font"
        )  # matplotlib's boxes for unknown glyphs
        png = persona_card(hindi, fmt="png", context=f"Goal: {GOAL_HI}")
        pdf = persona_card(hindi, fmt="pdf", context=f"Goal: {GOAL_HI}")
    assert png[:4] == b"\x89PNG"
    assert b"Lohit" in pdf  # the Devanagari font is embedded in the PDF
    assert GOAL_HI in _texts(hindi, context=f"Goal: {GOAL_HI}")
