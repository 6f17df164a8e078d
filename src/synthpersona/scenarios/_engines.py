"""Generation engines: the offline engine (default) and the LLM engine.

Both expose the same three coroutines used by :class:`~._generator.PersonaGenerator`:
``select_categories``, ``generate_category`` and ``conversation_rules``.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, field_validator

from synthpersona.errors import LLMError

from ._archetypes import archetype_spec, mode_spec
from ._base import BasePersona
from ._library import DetailCategoryLibrary
from ._offline_details import GENERATORS, generic_details, inr
from ._prompt import render_prompt_template
from ._rules import conversation_rules
from ._selection import MAX_CATEGORIES, MIN_CATEGORIES, select_categories

if TYPE_CHECKING:
    from synthpersona.llm import LLMClient

__all__ = [
    "GENERATION_ENGINES",
    "CategorySelectionReply",
    "DetailsReply",
    "LLMEngine",
    "OfflineEngine",
    "RulesReply",
]

#: The engines a role-play persona, prompt, draft or score may ask for, with what each means
#: (the one list: the generator's check, the API's pattern and the CLI's help are built from it).
GENERATION_ENGINES: dict[str, str] = {
    "auto": "LLM when SYNTHPERSONA_LLM_* is set, else offline",
    "offline": "",
    "llm": "",
}

Selection = tuple[list[str], dict[str, str], dict[str, Any]]


class OfflineEngine:
    """Embedding-based category selection and value-bank details; no network."""

    name = "offline"

    async def select_categories(self, b: BasePersona, library: DetailCategoryLibrary) -> Selection:
        chosen, ranked = select_categories(b, library)
        reasons = {c.name: c.reason for c in ranked if c.name in chosen}
        extra = {"candidates": [{"name": c.name, "score": c.score} for c in ranked]}
        return chosen, reasons, extra

    async def generate_category(
        self, b: BasePersona, name: str, library: DetailCategoryLibrary, custom_prompt: str | None
    ) -> tuple[dict[str, Any], str]:
        rng = b.rng(name)
        gen = GENERATORS.get(name)
        if gen is not None and library.is_builtin(name):
            return gen(b, rng), "value_banks"
        cat = library.get_category_definition(name)
        return generic_details(b, rng, cat.example_fields, cat.description), "generic"

    async def conversation_rules(self, b: BasePersona, details: dict[str, dict[str, Any]]) -> dict[str, Any]:
        return conversation_rules(b, details)


class _CategoryPick(BaseModel):
    name: str
    reason: str = ""


class CategorySelectionReply(BaseModel):
    """LLM output of the category-selection step."""

    categories: list[_CategoryPick] = Field(min_length=1)

    @field_validator("categories", mode="before")
    @classmethod
    def _plain_names(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"name": v} if isinstance(v, str) else v for v in value]
        return value


class DetailsReply(BaseModel):
    """LLM output of one category's details."""

    details: dict[str, Any] = Field(min_length=3)

    @field_validator("details")
    @classmethod
    def _no_error_dict(cls, value: dict[str, Any]) -> dict[str, Any]:
        if set(value) & {"error", "errors"}:
            raise ValueError("details must describe the persona, not report an error")
        return value


class _Triggers(BaseModel):
    what_engages: list[str] = Field(default_factory=list)
    what_frustrates: list[str] = Field(default_factory=list)
    what_escalates: list[str] = Field(default_factory=list)
    what_ends_conversation: list[str] = Field(default_factory=list)


class RulesReply(BaseModel):
    """LLM output of the conversation-rules step."""

    opening_behavior: str
    response_style: str
    word_limit: int = Field(ge=10, le=400)
    behavioral_triggers: _Triggers = Field(default_factory=_Triggers)


def _facts_for_prompt(b: BasePersona) -> dict[str, Any]:
    f = b.facts
    out: dict[str, Any] = {}
    if f.years_experience is not None:
        out["years_experience"] = f.years_experience
    if f.workplace_name:
        out["workplace"] = f"{f.workplace_kind} - {f.workplace_name}"
    if f.specialty:
        out["specialty"] = f.specialty
    if f.occupation:
        out["occupation"] = f.occupation
    if f.income_month:
        out["monthly_income"] = inr(f.income_month)
    out["marital_status"] = f.marital_status
    if f.spouse:
        out["spouse"] = f"{f.spouse['name']}, {f.spouse['age']}, {f.spouse['occupation']}"
    if f.children:
        out["children"] = ", ".join(f"{c['name']} ({c['age']})" for c in f.children)
    if f.pregnancy_week is not None:
        out["pregnancy_week"] = f.pregnancy_week
    return out


class LLMEngine:
    """Categories, details and rules written by an OpenAI-compatible LLM.

    Every reply is validated against a pydantic model; category names are checked
    against the library (unknown ones are dropped and recorded, and too few are
    topped up from the offline ranking); each call has an overall ``call_timeout_s``
    on top of the client's per-attempt timeout and retries.
    """

    name = "llm"

    def __init__(
        self, client: LLMClient, *, call_timeout_s: float = 90.0, offline: OfflineEngine | None = None
    ):
        self.client = client
        self.call_timeout_s = call_timeout_s
        self.offline = offline or OfflineEngine()

    async def _ask(self, prompt: str, schema: type[BaseModel], system: str, temperature: float) -> Any:
        messages = [{"role": "system", "content": system}, {"role": "user", "content": prompt}]
        try:
            return await asyncio.wait_for(
                self.client.achat_json(messages, schema, temperature=temperature), timeout=self.call_timeout_s
            )
        except TimeoutError:
            raise LLMError(
                f"LLM call timed out after {self.call_timeout_s:g} s", code="llm_timeout"
            ) from None

    def _common(self, b: BasePersona) -> dict[str, Any]:
        loc = b.location
        return {
            "name": b.name,
            "age": b.age,
            "gender": b.gender,
            "role": b.role,
            "description": b.description,
            "location": ", ".join(x for x in (loc.specific_area, loc.city, loc.state) if x),
            "scenario": b.text,
            "domain": b.domain,
            "archetype": b.archetype,
            "mode": b.mode,
        }

    async def select_categories(self, b: BasePersona, library: DetailCategoryLibrary) -> Selection:
        prompt = render_prompt_template(
            "select_categories",
            **self._common(b),
            categories=list(library.get_all_categories().values()),
            archetype_summary=archetype_spec(b.archetype).summary,
            min_n=MIN_CATEGORIES,
            max_n=MAX_CATEGORIES,
        )
        extra: dict[str, Any] = {}
        try:
            reply = await self._ask(
                prompt, CategorySelectionReply, "You select persona detail categories.", 0.3
            )
        except LLMError as exc:
            chosen, reasons, off = await self.offline.select_categories(b, library)
            extra.update(off, selection_fallback=f"offline ({exc.message})")
            return chosen, {k: f"offline fallback: {v}" for k, v in reasons.items()}, extra
        names = [p.name for p in reply.categories]
        known, unknown = library.validate_names(names)
        reason_by = {}
        for p in reply.categories:
            norm = p.name.strip().lower().replace(" ", "_").replace("-", "_")
            if norm in known and norm not in reason_by:
                reason_by[norm] = p.reason or "chosen by the LLM"
        if unknown:
            extra["unknown_categories_dropped"] = unknown
        chosen = known[:MAX_CATEGORIES]
        if len(chosen) < MIN_CATEGORIES:
            off_chosen, off_reasons, _ = await self.offline.select_categories(b, library)
            for name in off_chosen:
                if len(chosen) >= MIN_CATEGORIES:
                    break
                if name not in chosen:
                    chosen.append(name)
                    reason_by[name] = (
                        f"added by the offline ranking to reach {MIN_CATEGORIES}: {off_reasons[name]}"
                    )
        return chosen, {n: reason_by[n] for n in chosen}, extra

    async def generate_category(
        self, b: BasePersona, name: str, library: DetailCategoryLibrary, custom_prompt: str | None
    ) -> tuple[dict[str, Any], str]:
        prompt = render_prompt_template(
            "category_details",
            **self._common(b),
            category=library.get_category_definition(name),
            facts=_facts_for_prompt(b),
            custom_prompt=custom_prompt,
        )
        reply = await self._ask(
            prompt, DetailsReply, "You generate realistic persona details in Indian context.", 0.7
        )
        return dict(reply.details), "llm"

    async def conversation_rules(self, b: BasePersona, details: dict[str, dict[str, Any]]) -> dict[str, Any]:
        base = conversation_rules(b, details)
        prompt = render_prompt_template(
            "conversation_rules",
            **self._common(b),
            archetype_summary=archetype_spec(b.archetype).summary,
            mode_summary=mode_spec(b.mode).summary,
            details=json.dumps(details, indent=1, ensure_ascii=False),
        )
        try:
            reply = await self._ask(
                prompt, RulesReply, "You generate conversation rules for AI personas.", 0.3
            )
        except LLMError as exc:
            base["_fallback"] = f"offline ({exc.message})"
            return base
        base.update(reply.model_dump())
        return base
