"""Pydantic models of role-play personas, with the field names of seed 004.

These are edge models: they are what the API returns, what templates files hold and
what an LLM's structured output is validated against. Field names follow the seed so
its consumers can read them unchanged. A role-play persona is a core
:class:`synthpersona.model.Persona` (with :class:`~synthpersona.model.RolePlayPersonaFacts`);
:meth:`PersonaInstance.from_persona` is the one place its seed-004 shape is written and
:meth:`PersonaInstance.to_persona` reads it back.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any
from uuid import uuid4

from pydantic import BaseModel, ConfigDict, Field, field_validator

from synthpersona.model import NO_SEGMENT, Persona, RolePlayPersonaFacts

__all__ = [
    "Archetype",
    "DetailCategory",
    "Mode",
    "PersonaGenerationRequest",
    "PersonaInstance",
    "PersonaLocation",
]


class Archetype(StrEnum):
    """How the persona relates to the learner in a training conversation."""

    PERSUASION = "PERSUASION"
    CONFRONTATION = "CONFRONTATION"
    HELP_SEEKING = "HELP_SEEKING"
    INVESTIGATION = "INVESTIGATION"
    NEGOTIATION = "NEGOTIATION"


class Mode(StrEnum):
    """Training mode: an expert who teaches, a character who is assessed, or free practice."""

    LEARN = "learn_mode"
    ASSESS = "assess_mode"
    TRY = "try_mode"


class DetailCategory(BaseModel):
    """Definition of one detail category a persona may carry.

    Examples
    --------
    >>> DetailCategory(name="pet_context", description="Pets at home",
    ...                example_fields=["pet_type", "pet_age"], when_relevant="Pet food sales").name
    'pet_context'
    """

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{1,63}$")
    description: str = Field(min_length=3)
    example_fields: list[str] = Field(min_length=1)
    when_relevant: str = Field(min_length=3)


class PersonaLocation(BaseModel):
    """Where the persona lives and where the conversation physically happens."""

    country: str = "India"
    state: str | None = None
    city: str
    region: str | None = None
    specific_area: str | None = None
    pincode: str | None = None

    current_physical_location: str
    location_type: str
    location_characteristics: str | None = None

    neighborhood_type: str | None = None
    nearby_landmarks: str | None = None
    accessibility: str | None = None

    regional_culture: str | None = None
    languages_spoken: list[str] = Field(default_factory=lambda: ["English", "Hindi"])
    local_customs: str | None = None


class PersonaInstance(BaseModel):
    """A role-play persona: base fields, archetype data and scenario-specific detail categories.

    ``detail_categories`` maps a category name (from the library) to its fields;
    ``generation_metadata`` records the engine, timings, why each category was chosen
    and any category that failed.
    """

    id: str = Field(default_factory=lambda: str(uuid4()))
    template_id: str
    persona_type: str
    mode: str
    scenario_type: str

    name: str
    age: int = Field(ge=0, le=120)
    gender: str
    role: str
    description: str

    location: PersonaLocation

    archetype: str
    archetype_confidence: float = Field(ge=0.0, le=1.0)
    archetype_specific_data: dict[str, Any] = Field(default_factory=dict)

    detail_categories: dict[str, dict[str, Any]] = Field(default_factory=dict)
    conversation_rules: dict[str, Any] = Field(default_factory=dict)

    detail_categories_included: list[str] = Field(default_factory=list)
    generation_metadata: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def from_persona(cls, persona: Persona) -> PersonaInstance:
        """Seed 004's shape of a core role-play persona (its ``facts`` are ``RolePlayPersonaFacts``).

        Examples
        --------
        >>> rp = RolePlayPersonaFacts(template_id="t1", persona_type="Customer", mode="try_mode",
        ...     scenario_type="retail", location={"city": "Pune", "current_physical_location": "Shop",
        ...     "location_type": "Retail store"}, archetype="PERSUASION", archetype_confidence=1.0)
        >>> p = Persona(persona_id="p1", segment_id=-1, name="Asha Rao", title="Shopper",
        ...             narrative="Asha, 34, from Pune.", attributes={"age": 34, "gender": "Female"},
        ...             facts=rp)
        >>> inst = PersonaInstance.from_persona(p)
        >>> inst.role, inst.location.city, PersonaInstance.from_persona(inst.to_persona()) == inst
        ('Shopper', 'Pune', True)
        """
        rp = persona.facts
        if not isinstance(rp, RolePlayPersonaFacts):
            raise TypeError(f"Persona {persona.persona_id!r} is not a role-play persona.")
        a = persona.attributes
        return cls(
            id=persona.persona_id,
            template_id=rp.template_id,
            persona_type=rp.persona_type,
            mode=rp.mode,
            scenario_type=rp.scenario_type,
            name=persona.name,
            age=a["age"],
            gender=a["gender"],
            role=persona.title,
            description=persona.narrative,
            location=PersonaLocation.model_validate(rp.location),
            archetype=rp.archetype,
            archetype_confidence=rp.archetype_confidence,
            archetype_specific_data=rp.archetype_specific_data,
            detail_categories=rp.detail_categories,
            conversation_rules=rp.conversation_rules,
            detail_categories_included=list(rp.detail_categories),
            generation_metadata=rp.generation_metadata,
        )

    def to_persona(self, segment_id: int = NO_SEGMENT) -> Persona:
        """The core persona behind this instance (``segment_id`` when it stands for a segment).

        ``cares`` and ``barriers`` come from the persuasion data when it has them
        (``decision_criteria``, ``objection_library``).
        """
        cares, barriers = cares_and_barriers(self.archetype_specific_data)
        return Persona(
            persona_id=self.id,
            segment_id=segment_id,
            name=self.name,
            title=self.role,
            narrative=self.description,
            attributes={"age": self.age, "gender": self.gender},
            cares=cares,
            barriers=barriers,
            facts=RolePlayPersonaFacts(
                template_id=self.template_id,
                persona_type=self.persona_type,
                mode=self.mode,
                scenario_type=self.scenario_type,
                location=self.location.model_dump(),
                archetype=self.archetype,
                archetype_confidence=self.archetype_confidence,
                archetype_specific_data=self.archetype_specific_data,
                detail_categories=self.detail_categories,
                conversation_rules=self.conversation_rules,
                generation_metadata=self.generation_metadata,
            ),
        )


def cares_and_barriers(archetype_data: dict[str, Any]) -> tuple[list[str], list[str]]:
    """A role-play persona's cares and barriers: its persuasion data's criteria and objections."""
    cares = [c for c in archetype_data.get("decision_criteria") or [] if isinstance(c, str)]
    barriers = [b for b in archetype_data.get("objection_library") or [] if isinstance(b, str)]
    return cares, barriers


class PersonaGenerationRequest(BaseModel):
    """Request to generate a persona from a stored template (seed 004 shape)."""

    template_id: str = Field(min_length=1)
    mode: str = "assess_mode"
    persona_type: str | None = None
    gender: str | None = None
    custom_prompt: str | None = None
    variation_id: int | None = Field(default=None, ge=0)

    @field_validator("mode")
    @classmethod
    def _known_mode(cls, value: str) -> str:
        allowed = [m.value for m in Mode]
        if value not in allowed:
            raise ValueError(f"mode {value!r} is not one of {allowed}")
        return value
