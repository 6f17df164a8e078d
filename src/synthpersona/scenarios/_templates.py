"""Scenario templates: the pydantic model, reading files and flattening to text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ConfigDict, Field, field_validator
from pydantic import ValidationError as PydanticValidationError

from synthpersona._pydantic import Model
from synthpersona.errors import DataError, InputError, NotFoundError

from ._archetypes import parse_archetype, parse_mode

__all__ = [
    "ArchetypeInfo",
    "GeneralInfo",
    "PersonaDefinition",
    "ScenarioTemplate",
    "load_template",
    "parse_template",
    "scenario_text",
]


class GeneralInfo(Model):
    """Top-level facts of a scenario; ``domain`` doubles as the persona's ``scenario_type``."""

    model_config = ConfigDict(extra="allow")

    domain: str = "general"
    title: str | None = None
    description: str | None = None
    language: str | None = None


class ArchetypeInfo(Model):
    """Archetype of a template; filled by the classifier when the author leaves it out."""

    model_config = ConfigDict(extra="allow")

    primary_archetype: str
    confidence_score: float = Field(0.8, ge=0.0, le=1.0)
    sub_type: str | None = None

    @field_validator("primary_archetype")
    @classmethod
    def _known(cls, value: str) -> str:
        return parse_archetype(value)


class PersonaDefinition(Model):
    """Base facts about the AI character in one mode (seed 004's ``<mode>_ai_bot``).

    Anything left out (name, age, location...) is generated consistently by the engine.
    Extra keys are kept and passed to the engines as context.
    """

    model_config = ConfigDict(extra="allow")

    name: str | None = None
    age: int | None = Field(default=None, ge=16, le=95)
    gender: str | None = None
    role: str | None = None
    description: str | None = None
    location: str | None = None
    current_situation: str | None = None
    context: str | None = None
    current_position: str | None = None
    satisfaction_level: str | None = None
    decision_criteria: list[str] | str | None = None
    objection_library: list[str] | None = None
    sub_type: str | None = None
    power_dynamics: str | None = None
    emotional_state: str | None = None
    problem_description: str | None = None
    urgency_level: str | None = None


class ScenarioTemplate(Model):
    """A training scenario: what happens, who the AI plays in each mode, and how they relate.

    Examples
    --------
    >>> t = ScenarioTemplate(template_id="demo", general_info={"domain": "retail"},
    ...                      context_overview={"scenario": "A customer returns a phone"},
    ...                      persona_definitions={"assess_mode_ai_bot": {"role": "Customer"}})
    >>> t.definition_for("assess_mode").role
    'Customer'
    """

    model_config = ConfigDict(extra="allow")

    template_id: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
    general_info: GeneralInfo = Field(default_factory=GeneralInfo)
    context_overview: dict[str, Any] = Field(default_factory=dict)
    archetype_classification: ArchetypeInfo | None = None
    persona_definitions: dict[str, PersonaDefinition] = Field(default_factory=dict)
    persona_types: list[str] = Field(default_factory=list)

    @field_validator("context_overview", mode="before")
    @classmethod
    def _text_overview(cls, value: Any) -> Any:
        return {"scenario_description": value} if isinstance(value, str) else value

    @field_validator("persona_definitions")
    @classmethod
    def _mode_keys(cls, value: dict[str, PersonaDefinition]) -> dict[str, PersonaDefinition]:
        out: dict[str, PersonaDefinition] = {}
        for key, definition in value.items():
            mode = parse_mode(key.removesuffix("_ai_bot"))
            out[f"{mode}_ai_bot"] = definition
        return out

    def definition_for(self, mode: str) -> PersonaDefinition:
        """The persona definition for ``mode``: its own, else the assess-mode one, else empty."""
        mode = parse_mode(mode)
        own = self.persona_definitions.get(f"{mode}_ai_bot")
        if own is not None:
            return own
        return self.persona_definitions.get("assess_mode_ai_bot") or PersonaDefinition()


def _flatten(value: Any, out: list[str]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            before = len(out)
            _flatten(v, out)
            if len(out) > before and isinstance(v, str):
                out[before] = f"{str(k).replace('_', ' ')}: {out[before]}"
    elif isinstance(value, list | tuple):
        for v in value:
            _flatten(v, out)
    elif value is not None and str(value).strip():
        out.append(str(value).strip())


def scenario_text(template: ScenarioTemplate, mode: str = "assess_mode", extra: str | None = None) -> str:
    """Flatten the scenario (domain, overview, persona definition) into one text for matching."""
    parts: list[str] = [f"domain: {template.general_info.domain.replace('_', ' ')}"]
    if template.general_info.title:
        parts.append(template.general_info.title)
    if template.general_info.description:
        parts.append(template.general_info.description)
    _flatten(template.context_overview, parts)
    _flatten(template.definition_for(mode).model_dump(exclude_none=True), parts)
    if extra:
        parts.append(extra)
    return ". ".join(p.rstrip(".") for p in parts)


def parse_template(raw: Any, source: str = "template") -> ScenarioTemplate:
    """Validate a template dict; accepts seed 004's ``{"template_data": {...}}`` wrapper."""
    if isinstance(raw, dict) and "template_data" in raw and isinstance(raw["template_data"], dict):
        inner = dict(raw["template_data"])
        inner.setdefault("template_id", raw.get("template_id") or raw.get("id"))
        raw = inner
    if not isinstance(raw, dict):
        raise InputError(f"{source} must be a JSON/YAML object with template_id, general_info, ...")
    try:
        return ScenarioTemplate.model_validate(raw)
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "(root)"
        raise InputError(
            f"{source} is not a valid scenario template: {loc}: {first['msg']}. "
            "See examples/scenarios/ for the expected shape.",
            details={
                "field": loc,
                "errors": [
                    {"loc": ".".join(str(p) for p in e["loc"]), "msg": e["msg"]} for e in exc.errors()[:10]
                ],
            },
        ) from exc


def load_template(path: str | Path) -> ScenarioTemplate:
    """Read a template from a ``.json``/``.yaml``/``.yml`` file.

    Examples
    --------
    >>> load_template("examples/scenarios/pharma_sales.json").template_id  # doctest: +SKIP
    'pharma_sales_gyn'
    """
    p = Path(path)
    if not p.is_file():
        raise NotFoundError(
            f"template file {str(p)!r} does not exist; pass a .json or .yaml scenario template"
        )
    text = p.read_text(encoding="utf-8")
    try:
        raw = json.loads(text) if p.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        msg = re.sub(r"\s+", " ", str(exc))[:200]
        raise DataError(f"cannot parse template file {str(p)!r}: {msg}") from exc
    return parse_template(raw, f"template file {str(p)!r}")
