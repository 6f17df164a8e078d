"""Draft a scenario template from a free-text scenario document (offline or by an LLM)."""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Any

from synthpersona.errors import InputError, LLMError

from ._archetypes import classify_archetype
from ._banks import match_role
from ._base import _find_city, _infer_gender
from ._prompt import render_prompt_template
from ._templates import ScenarioTemplate, parse_template

if TYPE_CHECKING:
    from synthpersona.llm import LLMClient

__all__ = ["draft_template"]

_DOMAINS = {
    "pharma_sales": ["medical rep", "pharma", "prescri", "drug", "molecule", "detailing"],
    "maternity_inquiry": ["maternity", "pregnan", "delivery package", "antenatal"],
    "dei_training": ["dei", "inclusion", "diversity", "bias", "microaggression", "harass"],
    "healthcare": ["hospital", "patient", "clinic", "doctor"],
    "insurance": ["insurance", "policy", "premium", "claim"],
    "banking": ["bank", "loan", "credit card", "account"],
    "automotive_sales": ["car", "test drive", "showroom", "vehicle"],
    "real_estate": ["flat", "apartment", "property", "builder"],
    "customer_service": ["complaint", "refund", "support", "service centre"],
    "hr_conversation": ["appraisal", "salary", "promotion", "performance review", "hike"],
    "education": ["school", "admission", "course", "college"],
}

_LEARNER = re.compile(
    r"\b(?:the learner|learners?|trainee|you)\s+(?:is|are|plays?|acts? as|will play|take the role of)\s+"
    r"(?:an?|the)?\s*([a-z][a-z\s\-]{2,60}?)(?:[.,;]|\s+(?:who|and|trying|to)\b)",
    re.I,
)
_PERSONA = re.compile(
    r"\b(?:the (?:ai|bot|character|persona)|persona|character)\s+(?:is|plays?|will be|acts? as)\s+"
    r"(?:an?|the)?\s*([a-z][a-z\s\-]{2,80}?)(?:[.,;]|\s+(?:who|and|with|at|in)\b)",
    re.I,
)


def _domain(text: str) -> str:
    low = text.lower()
    scores = {d: sum(low.count(k) for k in kws) for d, kws in _DOMAINS.items()}
    best = max(scores, key=lambda d: scores[d])
    return best if scores[best] else "general"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:48] or "scenario"


def _offline_draft(text: str, template_id: str | None) -> dict[str, Any]:
    lines = [ln.strip(" #*-\t") for ln in text.strip().splitlines() if ln.strip()]
    title = lines[0][:120] if lines and len(lines[0]) <= 120 else None
    learner = _LEARNER.search(text)
    persona_role = _PERSONA.search(text)
    role = persona_role.group(1).strip() if persona_role else None
    if role is None:
        # The persona is the role mentioned that is not the learner's.
        learner_prof = match_role(learner.group(1))[0].id if learner else None
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            prof, kw = match_role(sentence)
            if kw and prof.id != learner_prof and (not learner or kw not in learner.group(1).lower()):
                role = kw.title() if len(kw) > 3 else kw.upper()
                break
    name = re.search(r"\b((?:Dr\.?|Mrs?\.?|Ms\.?)\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)", text)
    age = re.search(r"\b(\d{2})[- ]year[- ]old\b", text)
    city = _find_city(text)
    classification = classify_archetype(text)
    definition: dict[str, Any] = {"role": role or "Customer", "description": None}
    if name:
        definition["name"] = name.group(1)
    if age:
        definition["age"] = int(age.group(1))
    if city:
        definition["location"] = city
    gender = _infer_gender(text)
    if gender:
        definition["gender"] = gender
    summary = " ".join(re.split(r"(?<=[.!?])\s+", " ".join(lines[1:] if title else lines))[:3])[:600]
    definition["description"] = None
    domain = _domain(text)
    return {
        "template_id": template_id or _slug(title or domain),
        "general_info": {"domain": domain, "title": title, "description": summary},
        "context_overview": {
            "scenario_description": " ".join(lines[1:] if title else lines)[:4000],
            **({"learner_role": learner.group(1).strip()} if learner else {}),
        },
        "archetype_classification": {
            "primary_archetype": classification.primary_archetype,
            "confidence_score": round(classification.confidence_score, 3),
            "method": "offline_embedding_classifier",
        },
        "persona_definitions": {"assess_mode_ai_bot": {k: v for k, v in definition.items() if v is not None}},
        "persona_types": [role or "Customer"],
        "draft_method": "offline",
    }


async def draft_template(
    text: str,
    *,
    template_id: str | None = None,
    llm_client: LLMClient | None = None,
    timeout_s: float = 120.0,
) -> ScenarioTemplate:
    """Draft a :class:`ScenarioTemplate` from a free-text scenario.

    Offline: title, domain, learner and persona roles, name, age, city and gender are
    extracted with patterns and the role library; the archetype is classified with a
    confidence. With an LLM, the model writes the template (validated); if it fails,
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
        return parse_template(data, "LLM-drafted template")
    except (LLMError, TimeoutError, InputError) as exc:
        offline["draft_fallback"] = getattr(exc, "message", None) or type(exc).__name__
        return parse_template(offline, "drafted template")
