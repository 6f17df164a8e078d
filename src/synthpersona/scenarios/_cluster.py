"""Turn a data-grounded cluster persona (seed 000 shape) into a role-play PersonaInstance."""

from __future__ import annotations

import random
import re
from typing import Any

from synthpersona.errors import InputError
from synthpersona.schema import CITIES

from ._banks import bank
from ._base import build_base_persona
from ._models import PersonaInstance
from ._rules import conversation_rules
from ._templates import ScenarioTemplate

__all__ = ["from_cluster_persona"]


def _gender_from_name(first: str) -> str | None:
    for names in bank("people")["regions"].values():
        if first in names["female"]:
            return "Female"
        if first in names["male"]:
            return "Male"
    return None


def _age(persona: dict[str, Any], traits: dict[str, Any]) -> int | None:
    m = re.search(r"(\d{2})\s*years?", str(traits.get("age_group", "")))
    if m:
        return int(m.group(1))
    m = re.search(r"(\d{2})\s*[-–]\s*(\d{2})", str(persona.get("demographics", "")))
    if m:
        return (int(m.group(1)) + int(m.group(2))) // 2
    return None


def from_cluster_persona(
    persona: dict[str, Any],
    *,
    scenario: str = "A product team interviews this customer about their needs and a new offering.",
    template_id: str = "cluster_persona",
    archetype: str = "PERSUASION",
    mode: str = "try_mode",
    random_state: int = 0,
) -> PersonaInstance:
    """Build a role-play persona from a core cluster persona.

    The persona keeps its data-grounded facts (demographics, what they care about,
    barriers, media, traits, evidence) as detail categories, and gets a location,
    conversation rules and archetype so it can be used for role-play chat.

    Parameters
    ----------
    persona
        Dict with ``persona_id``, ``persona_name``, ``demographics``, ``care_about_top2``,
        ``barriers_top1``, ``media_preference``, ``personality_traits``, ``chat_personality``
        and optionally ``evidence``, ``city``, ``gender``.

    Examples
    --------
    >>> p = from_cluster_persona({"persona_id": "dyn_1_0", "persona_name": "Priya Patel — Young Tech Adopter",
    ...     "demographics": "18-24 • ₹25-50K • Tier 1 city", "care_about_top2": ["Battery life", "Price"],
    ...     "barriers_top1": "Unsure about quality", "media_preference": "YouTube, Instagram",
    ...     "personality_traits": {"age_group": "21 years old"}})
    >>> p.name, p.age, p.gender
    ('Priya Patel', 21, 'Female')
    """
    if not isinstance(persona, dict) or not persona.get("persona_name"):
        raise InputError("a cluster persona needs at least 'persona_name' (seed 000 persona shape)")
    traits = dict(persona.get("personality_traits") or {})
    full = str(persona["persona_name"])
    parts = re.split(r"\s+[—–-]\s+", full, maxsplit=1)
    name, label = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "Customer")
    first = name.split()[0]
    gender = persona.get("gender") or _gender_from_name(first)
    rng = random.Random(random_state)
    city = persona.get("city")
    if not city:
        m = re.search(
            r"tier[\s-]*(\d)", f"{persona.get('demographics', '')} {traits.get('city_tier', '')}", re.I
        )
        tier = f"Tier-{m.group(1) if m else 1}"
        city = rng.choice([c for c, _, t in CITIES if t == tier] or ["Mumbai"])
    template = _template(
        persona,
        traits,
        name=name,
        label=label,
        gender=gender,
        city=city,
        scenario=scenario,
        template_id=template_id,
        archetype=archetype,
        mode=mode,
    )
    base = build_base_persona(template, mode, None, None, random_state)
    cares = list(persona.get("care_about_top2") or [])
    barrier = persona.get("barriers_top1")
    details = _details(persona, traits, cares, barrier, base.tier)
    rules = conversation_rules(base, details)
    cluster_id = persona.get("cluster_id")
    core = base.finish(
        persona_id=str(persona.get("persona_id") or base.seed),
        segment_id=int(cluster_id) if isinstance(cluster_id, int | float) else None,
        persona_type=label or "Customer",
        archetype_confidence=1.0,
        archetype_specific_data={
            "current_position": barrier or "Undecided",
            "satisfaction_level": "Neutral",
            "decision_criteria": cares,
            "objection_library": [barrier] if barrier else [],
        },
        detail_categories=details,
        conversation_rules=rules,
        generation_metadata={
            "engine": "cluster_persona",
            "source_persona_id": persona.get("persona_id"),
            "cluster_linkage": persona.get("cluster_linkage"),
            "evidence": persona.get("evidence"),
            "random_state": random_state,
        },
    )
    return PersonaInstance.from_persona(core)


def _template(
    persona: dict[str, Any],
    traits: dict[str, Any],
    *,
    name: str,
    label: str,
    gender: str | None,
    city: str,
    scenario: str,
    template_id: str,
    archetype: str,
    mode: str,
) -> ScenarioTemplate:
    """A one-character scenario template carrying the cluster persona's identity."""
    full = str(persona["persona_name"])
    definition = {
        "name": name,
        "age": _age(persona, traits),
        "gender": gender,
        "role": f"Customer - {label}",
        "description": str(persona.get("chat_personality") or full)[:600],
        "location": city,
    }
    return ScenarioTemplate.model_validate(
        {
            "template_id": template_id,
            "general_info": {"domain": "customer_research"},
            "context_overview": {"scenario_description": scenario},
            "archetype_classification": {"primary_archetype": archetype, "confidence_score": 1.0},
            "persona_definitions": {f"{mode}_ai_bot": {k: v for k, v in definition.items() if v is not None}},
        }
    )


def _details(
    persona: dict[str, Any], traits: dict[str, Any], cares: list[Any], barrier: Any, tier: str
) -> dict[str, dict[str, Any]]:
    """The cluster persona's data-grounded facts as detail categories (criteria, research, money)."""
    return {
        "decision_criteria": {
            "must_haves": cares,
            "deal_breakers": [barrier] if barrier else [],
            "evaluation_factors": cares + ([f"Overcoming: {barrier}"] if barrier else []),
            "price_sensitivity": traits.get("price_sensitivity", "Medium"),
            "brand_awareness": traits.get("brand_awareness", "Medium"),
            "priority_order": " > ".join(cares) if cares else "Value for money",
        },
        "research_behavior": {
            "information_sources": persona.get("media_preference", traits.get("preferred_media", "Online")),
            "preferred_media": traits.get("preferred_media", persona.get("media_preference")),
            "tech_savviness": traits.get("tech_savviness", "Medium"),
            "privacy_consciousness": traits.get("privacy_consciousness", "Medium"),
            "online_vs_offline": "Mostly online"
            if str(traits.get("tech_savviness", "")).lower() == "high"
            else "Mix of online research and asking people they know",
        },
        "financial_context": {
            "income_level": traits.get("income_level") or persona.get("demographics", ""),
            "demographics": persona.get("demographics", ""),
            "emi_usage_likelihood": traits.get("emi_usage_likelihood", "unknown"),
            "price_sensitivity": traits.get("price_sensitivity", "Medium"),
            "city_tier": traits.get("city_tier", tier),
        },
    }
