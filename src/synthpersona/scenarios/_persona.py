"""The role-play persona being generated: the core persona plus its generation context.

:class:`BasePersona` is built once per persona by
:func:`~synthpersona.scenarios._base.build_base_persona` (step 1 of generation); the detail
generators condition on it and :meth:`BasePersona.finish` hands the finished core
:class:`~synthpersona.model.Persona` to the seed-004 view (``PersonaInstance.from_persona``).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from synthpersona.model import Persona, RolePlayPersonaFacts

from ._banks import RoleProfile
from ._facts import ScenarioFacts
from ._models import PersonaLocation, cares_and_barriers
from ._templates import PersonaDefinition

__all__ = ["BasePersona", "Facts"]


@dataclass
class Facts:
    """Facts shared by all detail categories (decided once per persona)."""

    years_experience: int | None = None
    seniority: str | None = None
    specialty: str | None = None
    workplace_kind: str | None = None
    workplace_name: str | None = None
    workplace_type: str = "Home"
    beds: int = 0
    company: str | None = None
    occupation: str | None = None
    income_month: int = 0
    household_income_month: int = 0
    marital_status: str = "Single"
    spouse: dict[str, Any] | None = None
    children: list[dict[str, Any]] = field(default_factory=list)
    pregnancy_week: int | None = None
    first_pregnancy: bool | None = None
    channel: str = "in person"
    widowed: bool = False


@dataclass
class BasePersona:
    """A role-play persona being generated: the core persona plus the context the detail
    generators condition on.

    ``persona`` is the core :class:`~synthpersona.model.Persona` (name, role as ``title``,
    description as ``narrative``, age and gender, location and archetype in its
    :class:`~synthpersona.model.RolePlayPersonaFacts`); the properties below read it, so
    the generators and the seed-004 view (``PersonaInstance.from_persona``) see one model.
    """

    persona: Persona
    first_name: str
    surname: str
    archetype_source: str
    profile: RoleProfile
    region: str
    tier: str
    area: dict[str, Any]
    facts: Facts
    text: str
    domain: str
    definition: PersonaDefinition
    seed: int
    scenario_facts: ScenarioFacts = field(default_factory=ScenarioFacts)

    @property
    def roleplay(self) -> RolePlayPersonaFacts:
        """The role-play extension of :attr:`persona`."""
        assert isinstance(self.persona.facts, RolePlayPersonaFacts)
        return self.persona.facts

    @property
    def name(self) -> str:
        return self.persona.name

    @property
    def age(self) -> int:
        return int(self.persona.attributes["age"])

    @property
    def gender(self) -> str:
        return str(self.persona.attributes["gender"])

    @property
    def role(self) -> str:
        return self.persona.title

    @property
    def description(self) -> str:
        return self.persona.narrative

    @cached_property
    def location(self) -> PersonaLocation:
        return PersonaLocation.model_validate(self.roleplay.location)

    @property
    def archetype(self) -> str:
        return self.roleplay.archetype

    @property
    def archetype_confidence(self) -> float:
        return self.roleplay.archetype_confidence

    @property
    def persona_type(self) -> str:
        return self.roleplay.persona_type

    @property
    def mode(self) -> str:
        return self.roleplay.mode

    @property
    def pronoun(self) -> str:
        return {"Female": "she", "Male": "he"}.get(self.gender, "they")

    @property
    def possessive(self) -> str:
        return {"Female": "her", "Male": "his"}.get(self.gender, "their")

    def finish(
        self, persona_id: str | None = None, segment_id: int | None = None, **roleplay: Any
    ) -> Persona:
        """The finished core persona: :attr:`persona` with its role-play facts completed.

        ``roleplay`` sets fields of :class:`~synthpersona.model.RolePlayPersonaFacts`
        (details, rules, metadata...). What the persona cares about and what holds it back
        are read from the persuasion data (``decision_criteria``, ``objection_library``).
        """
        facts = replace(self.roleplay, **roleplay)
        cares, barriers = cares_and_barriers(facts.archetype_specific_data)
        return replace(
            self.persona,
            persona_id=persona_id or self.persona.persona_id,
            segment_id=self.persona.segment_id if segment_id is None else segment_id,
            cares=cares,
            barriers=barriers,
            facts=facts,
        )

    def rng(self, salt: str) -> random.Random:
        """An rng private to one category: results do not depend on generation order."""
        return random.Random(f"{self.seed}:{salt}")

    def mentions(self, *words: str) -> bool:
        low = self.text.lower()
        return any(re.search(rf"(?<![a-z]){re.escape(w)}", low) for w in words)
