"""Draft a scenario template from a free-text scenario document (offline or by an LLM)."""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Any

from synthpersona.errors import InputError, LLMError

from ._archetypes import classify_archetype
from ._facts import ScenarioFacts, extract_facts, template_domain
from ._prompt import render_prompt_template
from ._templates import ScenarioTemplate, parse_template

if TYPE_CHECKING:
    from synthpersona.llm import LLMClient

__all__ = ["draft_template"]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:48] or "scenario"


_AGITATED = {"angry", "frustrated", "upset", "defensive", "humiliated", "irritated", "annoyed", "distraught"}


_NEGOTIATION = re.compile(
    r"\b(negotiat\w*|instalment plan|wants? a \d+ percent|price cut|discount|counter-?offer|raise|hike|"
    r"cancel\w* (?:his|her|their) (?:annual )?(?:membership|subscription|contract|plan)|"
    r"prepared to (?:resign|quit|leave)|threatens? to (?:resign|quit|leave))",
    re.I,
)
_INVESTIGATION = re.compile(
    r"\b(investigat\w*|interview|inquiry|enquiry|fact-finding|find out|understand why|witness|audit)\b",
    re.I,
)


def _archetype(text: str, facts: ScenarioFacts) -> tuple[str, float]:
    result = classify_archetype(text)
    arch, conf = result.primary_archetype, float(result.confidence_score)
    # A stated negotiation (raise, instalments, cancelling, ready to resign) is one,
    # however upset the persona is.
    if arch != "NEGOTIATION" and _NEGOTIATION.search(text):
        return "NEGOTIATION", max(conf, 0.6)
    # An investigation needs the learner to find something out; otherwise a persona who
    # arrives angry or upset about something that happened is a confrontation.
    if arch == "INVESTIGATION" and not _INVESTIGATION.search(text):
        arch = "CONFRONTATION" if facts.agitated() else "HELP_SEEKING"
    if arch == "HELP_SEEKING" and _AGITATED & set(facts.emotions):
        return "CONFRONTATION", max(conf, 0.6)
    return arch, conf


def _offline_draft(text: str, template_id: str | None) -> dict[str, Any]:
    lines = [ln.strip(" #*-\t") for ln in text.strip().splitlines() if ln.strip()]
    title = lines[0][:120] if lines and len(lines[0]) <= 120 else None
    flat = re.sub(r"\s+", " ", " ".join(lines))
    first = re.match(r"^(.{3,80}?[.!?])\s+(?=[A-Z])", flat)
    if title and len(lines[0]) > 80 and first:
        # A wrapped paragraph: the title is its first sentence, the rest is the description.
        title = first.group(1).rstrip(".")
        lines = [flat[first.end() :]]
        lines.insert(0, title)
    facts = extract_facts(text)
    role = facts.counterpart or "Customer"
    role = role[0].upper() + role[1:]
    archetype, confidence = _archetype(text, facts)
    definition: dict[str, Any] = {"role": role}
    if facts.name:
        definition["name"] = facts.name
    if facts.age:
        definition["age"] = facts.age
    if facts.city:
        definition["location"] = facts.city
    if facts.gender:
        definition["gender"] = facts.gender
    summary = " ".join(re.split(r"(?<=[.!?])\s+", " ".join(lines[1:] if title else lines))[:3])[:600]
    domain = template_domain(text, facts.domain)
    return {
        "template_id": template_id or _slug(title or domain),
        "general_info": {"domain": domain, "title": title, "description": summary},
        "context_overview": {
            "scenario_description": " ".join(lines[1:] if title else lines)[:4000],
            **({"learner_role": facts.learner} if facts.learner else {}),
        },
        "archetype_classification": {
            "primary_archetype": archetype,
            "confidence_score": round(confidence, 3),
            "method": "offline_embedding_classifier",
        },
        "persona_definitions": {"assess_mode_ai_bot": definition},
        "persona_types": [role],
        "scenario_facts": facts.model_dump(),
        "draft_method": "offline",
    }


def _keep_counterpart(data: dict[str, Any], offline: dict[str, Any]) -> None:
    """The persona is the counterpart: if the LLM cast the learner as the persona, undo it."""
    learner = str(offline["scenario_facts"].get("learner") or "").lower()
    defs = data.get("persona_definitions") or {}
    for key, definition in defs.items():
        role = str((definition or {}).get("role") or "").lower()
        if learner and role and (role in learner or learner in role):
            defs[key] = offline["persona_definitions"]["assess_mode_ai_bot"]


async def draft_template(
    text: str,
    *,
    template_id: str | None = None,
    llm_client: LLMClient | None = None,
    timeout_s: float = 120.0,
) -> ScenarioTemplate:
    """Draft a :class:`ScenarioTemplate` from a free-text scenario.

    Offline: the scenario's facts (:func:`~synthpersona.scenarios.extract_facts`) give
    the counterpart (the persona, never the learner), name, age, city and gender; they
    are stored as ``scenario_facts`` for a trainer to check; the archetype is classified
    with a confidence. With an LLM, the model writes the template (validated); if it fails,
    the offline draft is returned with ``draft_fallback`` set.

    Examples
    --------
    >>> t = asyncio.run(draft_template("Pharma call. A medical rep pitches a new drug to Dr. Rao, "
    ...                                "a 52-year-old cardiologist in Pune."))
    >>> t.general_info.domain, t.definition_for("assess_mode").age
    ('pharma_sales', 52)
    """
    if not text or not text.strip():
        raise InputError("the scenario text is empty; describe who the learner talks to and what happens")
    offline = _offline_draft(text, template_id)
    if llm_client is None:
        return parse_template(offline, "drafted template")
    prompt = render_prompt_template("draft_template", text=text[:12000], example=offline)
    messages = [
        {"role": "system", "content": "You turn training scenario documents into structured templates."},
        {"role": "user", "content": prompt},
    ]
    try:
        reply = await asyncio.wait_for(llm_client.achat_json(messages, ScenarioTemplate), timeout=timeout_s)
        data = reply.model_dump(exclude_none=True)
        data["template_id"] = template_id or data.get("template_id") or offline["template_id"]
        data["draft_method"] = "llm"
        data.setdefault("scenario_facts", offline["scenario_facts"])
        _keep_counterpart(data, offline)
        return parse_template(data, "LLM-drafted template")
    except (LLMError, TimeoutError, InputError) as exc:
        offline["draft_fallback"] = getattr(exc, "message", None) or type(exc).__name__
        return parse_template(offline, "drafted template")
