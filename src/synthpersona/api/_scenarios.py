"""Scenario role-play endpoints (seed 004): templates, personas, system prompts and role-play chat."""

from __future__ import annotations

from functools import partial
from typing import Any

import anyio
from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field, model_validator

from synthpersona.api._deps import get_store
from synthpersona.api._tenancy import get_tenant
from synthpersona.errors import InputError
from synthpersona.scenarios import (
    GENERATION_ENGINES,
    PersonaInstance,
    ScenarioFacts,
    ScenarioTemplate,
    parse_mode,
)
from synthpersona.store import Store
from synthpersona.usecases import scenarios as uc

router = APIRouter(tags=["scenarios"])
_ENGINE_PATTERN = f"^({'|'.join(GENERATION_ENGINES)})$"  # from the engines registry


class GenerateRequest(BaseModel):
    """Seed 004's body: ``template_id``, ``persona_type``, ``mode``, ``gender``, ``prompt`` (+ "
    "``variation_id``)."""

    model_config = ConfigDict(extra="forbid")

    template_id: str = Field(min_length=1, max_length=128)
    mode: str = "assess_mode"
    persona_type: str | None = None
    gender: str | None = Field(None, max_length=20)
    prompt: str | None = Field(None, max_length=4000, description="Custom instructions (seed name)")
    custom_prompt: str | None = Field(None, max_length=4000)
    variation_id: int | None = Field(None, ge=0, le=2**31 - 1, description="Seed: same id, same persona")
    engine: str = Field("auto", pattern=_ENGINE_PATTERN)
    facts: ScenarioFacts | None = Field(
        None,
        description="Scenario facts (POST /scenarios/facts) as corrected by the trainer",
    )

    @model_validator(mode="after")
    def _normalise(self) -> GenerateRequest:
        self.mode = parse_mode(self.mode)
        self.gender = self.gender or None
        self.custom_prompt = self.custom_prompt or self.prompt or None
        return self


class DraftRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=20, max_length=50_000, description="The scenario document as plain text")
    template_id: str | None = Field(None, max_length=128)
    save: bool = True
    engine: str = Field("auto", pattern=_ENGINE_PATTERN)


class HistoryTurn(BaseModel):
    role: str = Field(pattern="^(user|persona|assistant)$")
    message: str = Field(max_length=8000)


class RolePlayRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: str = Field(min_length=1, max_length=4000)
    conversation_history: list[HistoryTurn] = Field(default_factory=list, max_length=200)


# Response models: the persona and template are seed 004's JSON (PersonaInstance,
# ScenarioTemplate), passed through as produced so their shape is exactly the seed's.
class TemplateOut(BaseModel):
    """A stored scenario template."""

    template_id: str
    template: dict[str, Any] = Field(description="The template in seed 004's ScenarioTemplate shape.")


class DraftOut(TemplateOut):
    """A template drafted from free text."""

    saved: bool = Field(description="Whether it was stored (GET /templates/{template_id} returns it).")


class PersonaOut(BaseModel):
    """A generated role-play persona."""

    template_id: str
    persona: dict[str, Any] = Field(description="Seed 004's PersonaInstance.")


class PromptOut(PersonaOut):
    """A generated persona with its natural-language system prompt."""

    system_prompt: str
    prompt_engine: str = Field(description="'llm' or 'offline': which engine wrote the prompt.")
    prompt_fallback: str | None = Field(
        description="Why the offline engine wrote the prompt when the LLM was asked for (null otherwise)."
    )
    checks: list[dict[str, str]] = Field(
        default_factory=list,
        description="Prompt lint findings and persona details contradicting or untraced to the scenario's "
        "facts ({kind, message}); empty when clean.",
    )


class StoredPersonaOut(BaseModel):
    """A generated persona as stored, with its system prompt once one was generated."""

    model_config = ConfigDict(extra="allow")

    persona: dict[str, Any] = Field(description="Seed 004's PersonaInstance.")
    system_prompt: str | None


class RolePlayOut(BaseModel):
    """One in-character answer and the history to send back with the next message."""

    persona_id: str
    response: str
    engine: str = Field(description="'llm' or 'offline'.")
    conversation_history: list[dict[str, Any]]


def _llm(request: Request, engine: str) -> Any:
    if engine == "offline":
        return None
    client = getattr(request.app.state, "llm", None)
    if engine == "llm" and client is None:
        raise InputError(
            "engine 'llm' requested but no LLM is configured on the server; use 'offline' or 'auto'"
        )
    return client


def _engine(request: Request, engine: str) -> str:
    # The server's own LLM client decides; never fall back to reading the environment again.
    return "offline" if _llm(request, engine) is None else engine


async def _template(store: Store, template_id: str, tenant: str) -> ScenarioTemplate:
    return await anyio.to_thread.run_sync(partial(uc.get_template, template_id, store, tenant=tenant))


@router.post("/templates", status_code=201, response_model=TemplateOut, summary="Store a scenario template")
async def create_template(
    template: dict[str, Any], store: Store = Depends(get_store), tenant: str = Depends(get_tenant)
) -> dict[str, Any]:
    """Validate and store a template (seed 004 shape; a ``{"template_data": {...}}`` wrapper is accepted).

    A template with the same ``template_id`` (of the same tenant) is replaced.
    """
    tpl = await anyio.to_thread.run_sync(partial(uc.save_template, template, store, tenant=tenant))
    return {"template_id": tpl.template_id, "template": tpl.model_dump(mode="json", exclude_none=True)}


@router.post(
    "/templates/draft",
    status_code=201,
    response_model=DraftOut,
    summary="Draft a template from a free-text scenario",
)
async def draft_template(
    body: DraftRequest,
    request: Request,
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    from synthpersona.scenarios import draft_template as _draft

    tpl = await _draft(body.text, template_id=body.template_id, llm_client=_llm(request, body.engine))
    if body.save:
        await anyio.to_thread.run_sync(partial(uc.save_template, tpl, store, tenant=tenant))
    return {
        "template_id": tpl.template_id,
        "saved": body.save,
        "template": tpl.model_dump(mode="json", exclude_none=True),
    }


@router.get("/templates/{template_id}", response_model=TemplateOut, summary="A stored scenario template")
async def get_template(
    template_id: str = Path(..., min_length=1, max_length=128),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    tpl = await _template(store, template_id, tenant)
    return {"template_id": tpl.template_id, "template": tpl.model_dump(mode="json", exclude_none=True)}


def _apply_persona_type(tpl: ScenarioTemplate, body: GenerateRequest) -> None:
    if body.persona_type and tpl.persona_types and body.persona_type not in tpl.persona_types:
        from synthpersona.errors import did_you_mean

        raise InputError(
            f"persona_type {body.persona_type!r} is not one of this template's persona_types "
            f"{tpl.persona_types}.{did_you_mean(body.persona_type, tpl.persona_types)}",
            details={"allowed": tpl.persona_types},
        )


async def _store_persona(store: Store, persona: PersonaInstance, prompt: str | None, tenant: str) -> None:
    await anyio.to_thread.run_sync(partial(uc.save_scenario_persona, store, persona, prompt, tenant=tenant))


async def _stored_persona(store: Store, persona_id: str, tenant: str) -> dict[str, Any]:
    return await anyio.to_thread.run_sync(partial(uc.get_scenario_persona, store, persona_id, tenant=tenant))


async def _generate_persona(
    body: GenerateRequest, request: Request, tpl: ScenarioTemplate
) -> PersonaInstance:
    """The persona both generate endpoints start from, with the requested ``persona_type``."""
    _apply_persona_type(tpl, body)
    persona = await uc.agenerate_persona(
        tpl,
        body.mode,
        gender=body.gender,
        custom_prompt=body.custom_prompt,
        random_state=body.variation_id,
        engine=_engine(request, body.engine),
        llm_client=_llm(request, body.engine),
        facts=body.facts,
    )
    if body.persona_type:
        persona.persona_type = body.persona_type
    return persona


@router.post(
    "/generate-personas", response_model=PersonaOut, summary="Generate a role-play persona for a template"
)
async def generate_personas(
    body: GenerateRequest,
    request: Request,
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    """Return ``{"template_id", "persona"}`` with the persona in seed 004's ``PersonaInstance`` format."""
    tpl = await _template(store, body.template_id, tenant)
    persona = await _generate_persona(body, request, tpl)
    await _store_persona(store, persona, None, tenant)
    return {"template_id": tpl.template_id, "persona": persona.model_dump(mode="json")}


@router.post(
    "/generate-prompts", response_model=PromptOut, summary="Generate a persona and its system prompt"
)
async def generate_prompts(
    body: GenerateRequest,
    request: Request,
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    """Return ``{"template_id", "persona", "system_prompt", "prompt_engine"}``."""
    tpl = await _template(store, body.template_id, tenant)
    persona = await _generate_persona(body, request, tpl)
    result = await uc.agenerate_prompt(
        tpl,
        body.mode,
        persona=persona,
        engine=_engine(request, body.engine),
        llm_client=_llm(request, body.engine),
    )
    await _store_persona(store, result.persona, result.system_prompt, tenant)
    return {
        "template_id": tpl.template_id,
        **result.to_dict(),
        "persona": result.persona.model_dump(mode="json"),
    }


@router.get(
    "/scenario-personas/{persona_id}",
    response_model=StoredPersonaOut,
    summary="A generated role-play persona",
)
async def get_scenario_persona(
    persona_id: str = Path(..., min_length=1, max_length=64),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    return await _stored_persona(store, persona_id, tenant)


@router.post(
    "/scenario-personas/{persona_id}/chat",
    response_model=RolePlayOut,
    summary="Role-play chat with a generated persona",
)
async def roleplay_chat(
    body: RolePlayRequest,
    request: Request,
    persona_id: str = Path(..., min_length=1, max_length=64),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    """The persona answers in character (LLM with its system prompt when configured, else offline).

    Send back ``conversation_history`` from the previous answer to continue.
    """
    doc = await _stored_persona(store, persona_id, tenant)
    persona = PersonaInstance.model_validate(doc["persona"])
    prompt = doc.get("system_prompt")
    client = _llm(request, "auto")
    if not prompt:
        from synthpersona.scenarios import PromptGenerator

        prompt = await PromptGenerator(None).generate_system_prompt(persona, None)
    reply = await uc.aroleplay_reply(
        persona,
        prompt,
        body.message,
        history=[t.model_dump() for t in body.conversation_history],
        llm_client=client,
        engine="auto" if client is not None else "offline",
    )
    return reply.to_dict()


class FactsRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, min_length=20, max_length=50_000, description="A free-text scenario")
    template_id: str | None = Field(None, max_length=128, description="Or a stored template")
    mode: str = "assess_mode"
    engine: str = Field("auto", pattern=_ENGINE_PATTERN)

    @model_validator(mode="after")
    def _one_source(self) -> FactsRequest:
        if (self.text is None) == (self.template_id is None):
            raise ValueError("give exactly one of 'text' (a free-text scenario) or 'template_id'")
        self.mode = parse_mode(self.mode)
        return self


class FactsOut(BaseModel):
    """The facts of a scenario, with the drafted template (free text) or its id (stored template)."""

    model_config = ConfigDict(extra="allow")

    facts: ScenarioFacts
    template: dict[str, Any] | None = Field(None, description="The template drafted from free text.")
    template_id: str | None = Field(None, description="The stored template the facts come from.")


class CriterionOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    label: str
    weight: float
    score: float = Field(ge=0.0, le=1.0)
    evidence: list[str] = Field(default_factory=list, description="The trainee's own words.")
    rationale: str = ""


class ScoreOut(BaseModel):
    """A trainee's score on one role-play (0-100 overall, 0-1 per criterion)."""

    model_config = ConfigDict(extra="allow")

    archetype: str
    overall: float
    criteria: list[CriterionOut]
    engine: str
    turns: int
    score_id: str | None = None
    trainee_id: str | None = None
    persona_id: str | None = None
    template_id: str | None = None
    created_at: str | None = None


class ProgressOut(BaseModel):
    """A trainee's scored sessions, oldest first, and the change since the first."""

    model_config = ConfigDict(extra="allow")

    trainee_id: str
    sessions: list[dict[str, Any]]
    n_sessions: int
    overall_change: float | None = None
    criterion_change: dict[str, float] | None = None


@router.post(
    "/scenarios/facts",
    response_model=FactsOut,
    summary="The facts a scenario states about its persona (to check before generation)",
)
async def scenario_facts(
    body: FactsRequest,
    request: Request,
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    """Counterpart vs learner, family with counts, emotions, deadlines, money, languages, channel...

    Correct them and send them back as ``facts`` to ``/generate-personas`` or ``/generate-prompts``.
    For free text the drafted template is returned too (store it with ``POST /templates``).
    """
    if body.text is not None:
        from synthpersona.config import get_settings

        client = _llm(request, body.engine)
        tpl = await uc.draft_template_from_text(
            body.text, engine="offline" if client is None else body.engine, settings=get_settings()
        )
        facts = uc.extract_template_facts(tpl, body.mode)
        return {
            "template": tpl.model_dump(mode="json", exclude_none=True),
            "facts": facts.model_dump(mode="json"),
        }
    tpl = await _template(store, str(body.template_id), tenant)
    facts = uc.extract_template_facts(tpl, body.mode)
    return {"template_id": tpl.template_id, "facts": facts.model_dump(mode="json")}


class ScoreRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    conversation_history: list[HistoryTurn] = Field(min_length=1, max_length=400)
    persona_id: str | None = Field(
        None, max_length=64, description="The generated persona the trainee talked to"
    )
    archetype: str | None = Field(None, description="When no persona_id: PERSUASION, CONFRONTATION, ...")
    trainee_id: str | None = Field(
        None, min_length=1, max_length=128, description="Store the score for progress"
    )
    engine: str = Field("auto", pattern=_ENGINE_PATTERN)


@router.post(
    "/scenarios/score",
    response_model=ScoreOut,
    summary="Score a trainee's role-play against the archetype's rubric",
)
async def score_roleplay(
    body: ScoreRequest,
    request: Request,
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    """Per-criterion scores (0-1) with the trainee's own words as evidence, and an overall 0-100."""
    persona = None
    if body.persona_id:
        doc = await _stored_persona(store, body.persona_id, tenant)
        persona = PersonaInstance.model_validate(doc["persona"])
    if body.archetype is not None:
        from synthpersona.scenarios import parse_archetype

        body.archetype = parse_archetype(body.archetype)
    client = _llm(request, body.engine)
    return await uc.ascore_roleplay(
        [t.model_dump() for t in body.conversation_history],
        persona=persona,
        archetype=body.archetype,
        trainee_id=body.trainee_id,
        store=store,
        engine="offline" if client is None else body.engine,
        llm_client=client,
        tenant=tenant,
    )


@router.get(
    "/trainees/{trainee_id}/progress",
    response_model=ProgressOut,
    summary="A trainee's scores across role-play sessions",
)
async def trainee_progress(
    trainee_id: str = Path(..., min_length=1, max_length=128),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    return await anyio.to_thread.run_sync(partial(uc.trainee_progress, trainee_id, store, tenant=tenant))
