"""Use cases of scenario role-play: templates, persona generation, system prompts and role-play chat.

Examples
--------
>>> from synthpersona.usecases import scenarios
>>> tpl = scenarios.load_template_file("examples/scenarios/pharma_sales.json")  # doctest: +SKIP
>>> result = scenarios.generate_prompt(tpl, mode="assess_mode", random_state=1)  # doctest: +SKIP
>>> result.system_prompt.startswith("# Your character")  # doctest: +SKIP
True
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from synthpersona.config import Settings, get_settings
from synthpersona.errors import InputError, NotFoundError
from synthpersona.llm import LLMClient
from synthpersona.scenarios import (
    DetailCategoryLibrary,
    PersonaGenerator,
    PersonaInstance,
    PromptGenerator,
    ScenarioFacts,
    ScenarioTemplate,
    archetype_label,
    check_persona,
    draft_template,
    lint_prompt,
    load_template,
    parse_template,
    scenario_text,
    template_facts,
)
from synthpersona.scenarios._roleplay import RolePlayOfflineEngine, persona_chat_dict
from synthpersona.usecases.tenants import DEFAULT_TENANT, owned_by, scoped_id

if TYPE_CHECKING:
    from synthpersona.store import Store

__all__ = [
    "PromptResult",
    "RolePlayReply",
    "Understood",
    "agenerate_persona",
    "agenerate_prompt",
    "apply_facts",
    "archetype_label",
    "aroleplay_reply",
    "ascore_roleplay",
    "draft_template_from_text",
    "extract_template_facts",
    "generate_persona",
    "generate_prompt",
    "get_scenario_persona",
    "get_template",
    "load_template_file",
    "prompt_checks",
    "roleplay_reply",
    "save_scenario_persona",
    "save_template",
    "score_roleplay",
    "trainee_progress",
    "understand_text",
]

TEMPLATE_KIND = "template"
PERSONA_KIND = "scenario_persona"


@dataclass
class PromptResult:
    """A persona and its system prompt (``prompt_engine`` is ``"llm"`` or ``"offline"``).

    ``checks`` lists what a trainer should look at before using the prompt: prompt lint
    findings (broken frames, unfilled slots, missing articles) and every persona detail that
    contradicts the scenario's facts or cannot be traced to the scenario (empty when clean).
    """

    persona: PersonaInstance
    system_prompt: str
    prompt_engine: str
    prompt_fallback: str | None = None
    checks: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "persona": self.persona.model_dump(),
            "system_prompt": self.system_prompt,
            "prompt_engine": self.prompt_engine,
            "prompt_fallback": self.prompt_fallback,
            "checks": self.checks,
        }


def prompt_checks(
    persona: PersonaInstance, system_prompt: str, template: ScenarioTemplate, mode: str = "assess_mode"
) -> list[dict[str, str]]:
    """Lint ``system_prompt`` and check ``persona`` against the facts it was generated with.

    The facts are the ones recorded in the persona (a trainer's corrections included), else the
    template's. An empty list means a clean prompt and a persona that agrees with the scenario.
    """
    raw = persona.generation_metadata.get("scenario_facts")
    facts = ScenarioFacts.model_validate(raw) if raw else template_facts(template, mode)
    found = lint_prompt(system_prompt, facts) + check_persona(
        persona, facts, prompt=system_prompt, scenario=scenario_text(template, mode)
    )
    return [c.to_dict() for c in found]


@dataclass
class RolePlayReply:
    """One in-character answer."""

    persona_id: str
    response: str
    engine: str
    conversation_history: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "persona_id": self.persona_id,
            "response": self.response,
            "engine": self.engine,
            "conversation_history": self.conversation_history,
        }


def _llm(settings: Settings | None, engine: str) -> LLMClient | None:
    if engine == "offline":
        return None
    client = LLMClient.from_settings(settings or get_settings())
    if engine == "llm" and client is None:
        raise InputError(
            "engine 'llm' needs SYNTHPERSONA_LLM_BASE_URL and SYNTHPERSONA_LLM_MODEL; or use engine 'offline'"
        )
    return client


def _library(categories_file: str | Path | None) -> DetailCategoryLibrary:
    return DetailCategoryLibrary([categories_file] if categories_file else None)


def load_template_file(path: str | Path) -> ScenarioTemplate:
    """Read a scenario template from a JSON/YAML file."""
    return load_template(path)


def save_template(
    template: ScenarioTemplate | dict[str, Any], store: Store, *, tenant: str = DEFAULT_TENANT
) -> ScenarioTemplate:
    """Validate and store ``tenant``'s template (kind ``"template"``); returns the validated template.

    Template ids are the client's: each tenant has its own (:func:`~synthpersona.usecases.tenants.scoped_id`).
    """
    tpl = template if isinstance(template, ScenarioTemplate) else parse_template(template)
    doc_id = scoped_id(tenant, tpl.template_id)
    store.put_document(TEMPLATE_KIND, doc_id, tpl.model_dump(mode="json", exclude_none=True))
    return tpl


def get_template(template_id: str, store: Store, *, tenant: str = DEFAULT_TENANT) -> ScenarioTemplate:
    """Load ``tenant``'s stored template; raises ``NotFoundError`` when missing."""
    try:
        doc = store.get_document(TEMPLATE_KIND, scoped_id(tenant, template_id))
    except NotFoundError:
        raise NotFoundError(
            f"No template with id {template_id!r}; store one with POST /templates.",
            code="template_not_found",
            details={"kind": TEMPLATE_KIND, "id": template_id},
        ) from None
    return parse_template(doc, f"stored template {template_id!r}")


def save_scenario_persona(
    store: Store, persona: PersonaInstance, system_prompt: str | None, *, tenant: str = DEFAULT_TENANT
) -> None:
    """Store a generated role-play persona (and its system prompt) as ``tenant``'s."""
    payload = {"persona": persona.model_dump(mode="json"), "system_prompt": system_prompt, "tenant": tenant}
    store.put_document(PERSONA_KIND, persona.id, payload)


def get_scenario_persona(store: Store, persona_id: str, *, tenant: str = DEFAULT_TENANT) -> dict[str, Any]:
    """``{"persona", "system_prompt"}`` of ``tenant``'s stored persona; another's is not found."""
    doc = store.get_document(PERSONA_KIND, persona_id)
    if not owned_by(doc, tenant):
        raise NotFoundError(
            f"No {PERSONA_KIND} with id {persona_id!r}.",
            code=f"{PERSONA_KIND}_not_found",
            details={"kind": PERSONA_KIND, "id": persona_id},
        )
    return {k: v for k, v in doc.items() if k != "tenant"}


async def agenerate_persona(
    template: ScenarioTemplate | dict[str, Any],
    mode: str = "assess_mode",
    *,
    gender: str | None = None,
    custom_prompt: str | None = None,
    random_state: int | None = None,
    engine: str = "auto",
    settings: Settings | None = None,
    categories_file: str | Path | None = None,
    llm_client: LLMClient | None = None,
    facts: ScenarioFacts | dict[str, Any] | None = None,
) -> PersonaInstance:
    """Generate a role-play persona (LLM engine when configured and ``engine`` allows, else offline).

    ``facts`` (possibly corrected by a trainer) are fixed inputs every detail agrees
    with; ``None`` reads them from the template (see :func:`extract_template_facts`).
    """
    client = llm_client if llm_client is not None else _llm(settings, engine)
    gen = PersonaGenerator(
        client,
        engine="offline" if client is None else engine,
        library=_library(categories_file),
        random_state=random_state,
    )
    return await gen.generate_persona(template, mode, gender=gender, custom_prompt=custom_prompt, facts=facts)


def generate_persona(
    template: ScenarioTemplate | dict[str, Any], mode: str = "assess_mode", **kwargs: Any
) -> PersonaInstance:
    """Synchronous :func:`agenerate_persona` (CLI, notebooks)."""
    return asyncio.run(agenerate_persona(template, mode, **kwargs))


async def agenerate_prompt(
    template: ScenarioTemplate | dict[str, Any],
    mode: str = "assess_mode",
    *,
    persona: PersonaInstance | None = None,
    engine: str = "auto",
    settings: Settings | None = None,
    llm_client: LLMClient | None = None,
    **kwargs: Any,
) -> PromptResult:
    """Generate a persona (unless given) and its system prompt."""
    tpl = template if isinstance(template, ScenarioTemplate) else parse_template(template)
    client = llm_client if llm_client is not None else _llm(settings, engine)
    if persona is None:
        persona = await agenerate_persona(
            tpl, mode, engine=engine, settings=settings, llm_client=client, **kwargs
        )
    gen = PromptGenerator(client)
    prompt = await gen.generate_system_prompt(persona, tpl)
    checks = prompt_checks(persona, prompt, tpl, mode)
    return PromptResult(persona, prompt, gen.last_engine_ or "offline", gen.last_error_, checks)


def generate_prompt(
    template: ScenarioTemplate | dict[str, Any], mode: str = "assess_mode", **kwargs: Any
) -> PromptResult:
    """Synchronous :func:`agenerate_prompt`."""
    return asyncio.run(agenerate_prompt(template, mode, **kwargs))


async def draft_template_from_text(
    text: str, *, template_id: str | None = None, engine: str = "auto", settings: Settings | None = None
) -> ScenarioTemplate:
    """Draft a template from a free-text scenario (LLM when configured, else offline patterns)."""
    return await draft_template(text, template_id=template_id, llm_client=_llm(settings, engine))


@dataclass
class Understood:
    """A free-text scenario understood: the drafted template and the facts to check before generation."""

    template: ScenarioTemplate
    facts: ScenarioFacts

    def to_dict(self) -> dict[str, Any]:
        return {
            "template": self.template.model_dump(mode="json", exclude_none=True),
            "facts": self.facts.model_dump(mode="json"),
        }


def extract_template_facts(
    template: ScenarioTemplate | dict[str, Any], mode: str = "assess_mode"
) -> ScenarioFacts:
    """The facts a template states about its persona (stored with it, else extracted)."""
    tpl = template if isinstance(template, ScenarioTemplate) else parse_template(template)
    return template_facts(tpl, mode)


def apply_facts(template: ScenarioTemplate | dict[str, Any], facts: ScenarioFacts) -> ScenarioTemplate:
    """The template with a trainer's corrected facts written into every persona definition.

    The persona's name, age, city, gender and role come from the template's persona
    definitions; when the trainer corrects those facts, the definitions must say the same,
    or the generated persona would keep the drafted values.

    Examples
    --------
    >>> tpl = parse_template({"template_id": "t", "persona_definitions":
    ...     {"assess_mode_ai_bot": {"role": "Customer", "name": "Ravi"}}})
    >>> fixed = apply_facts(tpl, ScenarioFacts(name="Arjun", city="Pune", counterpart="Car buyer"))
    >>> d = fixed.persona_definitions["assess_mode_ai_bot"]
    >>> d.name, d.location, d.role
    ('Arjun', 'Pune', 'Car buyer')
    """
    tpl = template if isinstance(template, ScenarioTemplate) else parse_template(template)
    data = tpl.model_dump(mode="json", exclude_none=True)
    data["scenario_facts"] = facts.model_dump(mode="json")
    stated = {
        "name": facts.name,
        "age": facts.age,
        "location": facts.city,
        "gender": facts.gender,
        "role": facts.counterpart[:1].upper() + facts.counterpart[1:] if facts.counterpart else None,
    }
    for definition in (data.get("persona_definitions") or {}).values():
        definition.update({k: v for k, v in stated.items() if v is not None})
    return parse_template(data)


async def understand_text(
    text: str, *, template_id: str | None = None, engine: str = "auto", settings: Settings | None = None
) -> Understood:
    """Draft a template from free text and extract its facts (counterpart, family, channel...).

    Show the facts to the trainer, let them correct them, and pass them to
    :func:`generate_prompt` (``facts=``).
    """
    tpl = await draft_template_from_text(text, template_id=template_id, engine=engine, settings=settings)
    return Understood(tpl, template_facts(tpl, "assess_mode"))


async def aroleplay_reply(
    persona: PersonaInstance,
    system_prompt: str,
    message: str,
    *,
    history: Sequence[dict[str, Any]] | None = None,
    settings: Settings | None = None,
    llm_client: LLMClient | None = None,
    engine: str = "auto",
) -> RolePlayReply:
    """Answer ``message`` in character; the system prompt drives the LLM, the details drive "
    "offline replies."""
    if not isinstance(message, str) or not message.strip():
        raise InputError("the chat message is empty; type what you want to say to the persona")
    from synthpersona.chat import LLMEngine

    client = llm_client if llm_client is not None else _llm(settings, engine)
    offline = RolePlayOfflineEngine()
    chat_persona = persona_chat_dict(persona, system_prompt)
    hist = [dict(h) for h in history or []]
    if client is not None:
        reply = await LLMEngine(client, fallback=offline).areply(chat_persona, message, hist)  # type: ignore[arg-type]
    else:
        reply = offline.reply(chat_persona, message, hist)
    new_hist = [
        *(
            {"role": str(h.get("role", "user")), "message": str(h.get("message", h.get("content", "")))}
            for h in hist
        ),
        {"role": "user", "message": message},
        {"role": "persona", "message": reply.response},
    ]
    return RolePlayReply(persona.id, reply.response, reply.engine, new_hist)


def roleplay_reply(
    persona: PersonaInstance, system_prompt: str, message: str, **kwargs: Any
) -> RolePlayReply:
    """Synchronous :func:`aroleplay_reply`."""
    return asyncio.run(aroleplay_reply(persona, system_prompt, message, **kwargs))


async def ascore_roleplay(
    conversation: Sequence[dict[str, Any]],
    *,
    persona: PersonaInstance | None = None,
    archetype: str | None = None,
    trainee_id: str | None = None,
    store: Store | None = None,
    engine: str = "auto",
    settings: Settings | None = None,
    llm_client: LLMClient | None = None,
    tenant: str = DEFAULT_TENANT,
) -> dict[str, Any]:
    """Score a finished role-play (``role`` user/persona, ``message``) against the archetype's rubric.

    The archetype and the objections the persona was set up to raise come from
    ``persona`` when given. With ``trainee_id`` and ``store`` the score is stored as
    ``tenant``'s (table ``trainee_scores``) so :func:`trainee_progress` can show progress
    across sessions.
    """
    import datetime as dt
    import uuid

    from synthpersona.scenarios import ascore_transcript

    arch = archetype or (persona.archetype if persona is not None else None)
    if arch is None:
        raise InputError("give the persona (persona_id) or the archetype of the role-play to score it")
    objections = list((persona.archetype_specific_data.get("objection_library") or []) if persona else [])
    client = llm_client if llm_client is not None else _llm(settings, engine)
    score = await ascore_transcript(conversation, arch, objections=objections, llm_client=client)
    record: dict[str, Any] = {
        "score_id": uuid.uuid4().hex[:16],
        "trainee_id": trainee_id,
        "persona_id": persona.id if persona else None,
        "template_id": persona.template_id if persona else None,
        # to the microsecond: sessions scored within one second keep their order
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        **score.to_dict(),
    }
    if trainee_id and store is not None:
        store.put_score(record, tenant=tenant)
    return record


def score_roleplay(conversation: Sequence[dict[str, Any]], **kwargs: Any) -> dict[str, Any]:
    """Synchronous :func:`ascore_roleplay`."""
    return asyncio.run(ascore_roleplay(conversation, **kwargs))


def read_facts(data: Any, source: str = "facts") -> ScenarioFacts:
    """Reviewed scenario facts (the JSON of ``scenario facts --json``, possibly corrected).

    Raises :class:`~synthpersona.errors.InputError` naming the first bad field and the
    fields a facts file may hold.
    """
    from pydantic import ValidationError

    if not isinstance(data, dict):
        raise InputError(f"{source} must be a JSON object of facts, got {type(data).__name__}")
    try:
        return ScenarioFacts.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ())) or "facts"
        allowed = ", ".join(ScenarioFacts.model_fields)
        raise InputError(f"{source}: {where}: {err.get('msg')}; a facts file may hold {allowed}") from exc


def trainee_progress(trainee_id: str, store: Store, *, tenant: str = DEFAULT_TENANT) -> dict[str, Any]:
    """A trainee's scored sessions (of ``tenant``), oldest first, with each criterion's change."""
    if not trainee_id or not trainee_id.strip():
        raise InputError("trainee_id is empty; pass the id used when scoring the role-plays")
    docs = store.list_scores(trainee_id, tenant=tenant)
    sessions = [
        {
            "score_id": d["score_id"],
            "created_at": d["created_at"],
            "archetype": d["archetype"],
            "template_id": d.get("template_id"),
            "overall": d["overall"],
            "criteria": {c["id"]: c["score"] for c in d["criteria"]},
        }
        for d in docs
    ]
    change: dict[str, float] = {}
    if len(sessions) >= 2:
        first, last = sessions[0]["criteria"], sessions[-1]["criteria"]
        change = {k: round(last[k] - first[k], 2) for k in last if k in first}
    return {
        "trainee_id": trainee_id,
        "sessions": sessions,
        "n_sessions": len(sessions),
        "overall_change": round(sessions[-1]["overall"] - sessions[0]["overall"], 1)
        if len(sessions) >= 2
        else 0.0,
        "criterion_change": change,
    }
