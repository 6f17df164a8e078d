"""Scenario role-play personas and their system prompts (seed 004).

For a training scenario (a :class:`ScenarioTemplate`), :class:`PersonaGenerator`
decides which detail categories the character needs, generates consistent details
for each (in parallel), conversation rules and metadata; :class:`PromptGenerator`
turns the persona into a natural system prompt. Both work offline by default and
with an OpenAI-compatible LLM when one is configured.
"""

from ._archetypes import (
    ArchetypeClassification,
    archetype_label,
    classify_archetype,
    parse_archetype,
    parse_mode,
)
from ._base import GENDERS
from ._cluster import from_cluster_persona
from ._consistency import Inconsistency, check_persona
from ._draft import draft_template
from ._engines import GENERATION_ENGINES
from ._facts import ScenarioFacts, extract_facts, template_facts
from ._generator import PersonaGenerator
from ._library import DetailCategoryLibrary, load_category_file
from ._lint import lint_prompt
from ._models import (
    Archetype,
    DetailCategory,
    Mode,
    PersonaGenerationRequest,
    PersonaInstance,
    PersonaLocation,
)
from ._prompt import PromptGenerator, details_as_prose
from ._scoring import CriterionScore, TraineeScore, ascore_transcript, rubric, score_transcript
from ._templates import ScenarioTemplate, load_template, parse_template, scenario_text

__all__ = [
    "GENDERS",
    "GENERATION_ENGINES",
    "Archetype",
    "ArchetypeClassification",
    "CriterionScore",
    "DetailCategory",
    "DetailCategoryLibrary",
    "Inconsistency",
    "Mode",
    "PersonaGenerationRequest",
    "PersonaGenerator",
    "PersonaInstance",
    "PersonaLocation",
    "PromptGenerator",
    "ScenarioFacts",
    "ScenarioTemplate",
    "TraineeScore",
    "archetype_label",
    "ascore_transcript",
    "check_persona",
    "classify_archetype",
    "details_as_prose",
    "draft_template",
    "extract_facts",
    "from_cluster_persona",
    "lint_prompt",
    "load_category_file",
    "load_template",
    "parse_archetype",
    "parse_mode",
    "parse_template",
    "rubric",
    "scenario_text",
    "score_transcript",
    "template_facts",
]
