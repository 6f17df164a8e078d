"""System prompts for role-play personas: offline (Jinja templates + prose) or by an LLM."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import jinja2

from ._archetypes import archetype_spec, mode_spec
from ._library import DetailCategoryLibrary
from ._models import PersonaInstance
from ._templates import ScenarioTemplate, scenario_text

if TYPE_CHECKING:
    from synthpersona.llm import LLMClient

__all__ = ["PromptGenerator", "details_as_prose", "facts_as_prose", "render_prompt_template", "with_article"]

log = logging.getLogger("synthpersona.scenarios")

_TITLES = {
    "professional_context": "Your work",
    "medical_philosophy": "How you practise medicine",
    "family_context": "Your family",
    "health_context": "Your health",
    "financial_context": "Money matters",
    "time_constraints": "Your time today",
    "sales_rep_history": "Your history with sales representatives",
    "past_experiences": "Experiences that shaped you",
    "social_context": "People around you",
    "lifestyle_context": "Your daily life",
    "anxiety_factors": "What worries you",
    "work_relationships": "People at work",
    "incident_context": "What happened",
    "emotional_state": "How you feel right now",
    "decision_criteria": "How you decide",
    "research_behavior": "How you inform yourself",
    "organizational_context": "Your organisation",
    "customer_history": "Your history with the company",
    "negotiation_position": "Your negotiating position",
    "case_context": "Your case",
    "communication_needs": "How you communicate",
}

# Sentence frames for fields the offline engine produces; {v} is the value.
_FRAMES = {
    "frequency_of_rep_visits": "Reps visit you: {v}.",
    "time_given_to_reps": "You give each of them {lv}.",
    "past_interactions": "{v}.",
    "trust_level": "Your trust in them is {lv}.",
    "positive_experiences": "A good experience you remember: {lv}.",
    "negative_experiences": "A bad one: {lv}.",
    "decision_factors": "What decides it for you: {lv}.",
    "skepticism_level": "Your scepticism is {lv}.",
    "organization_type": "The setting is {lv}.",
    "evaluation_factors": "You weigh {lv}.",
    "current_position": "Your current position: {v}.",
    "satisfaction_level": "How satisfied you are: {v}.",
    "decision_criteria": "Your criteria: {v}.",
    "objection_library": "Objections you are likely to raise: {v}.",
    "sub_type": "Your part in what happened: {v}.",
    "power_dynamics": "Power dynamics: {v}.",
    "problem_description": "Your problem: {v}.",
    "urgency_level": "Urgency: {v}.",
    "practice_type": "Your work setting: {v}.",
    "years_experience": "You have {v} years of experience.",
    "designation": "Your position is {v}.",
    "specialization": "You specialise in {v}.",
    "patient_load": "You see {v}.",
    "practice_size": "The facility has {v}.",
    "reputation": "{v}.",
    "professional_network": "{v}.",
    "daily_routine": "A normal day: {v}.",
    "business_pressures": "Lately the pressure comes from {lv}.",
    "monthly_income": "You earn about {v} a month.",
    "team_size": "You {lv}.",
    "client_load": "You handle {v}.",
    "treatment_approach": "Your approach to treatment is {lv}.",
    "evidence_requirements": "On evidence: {v}.",
    "prescription_philosophy": "Your prescribing habit: {v}.",
    "patient_care_values": "What you value most: {v}.",
    "risk_tolerance": "Your tolerance for clinical risk is {lv}.",
    "innovation_vs_tradition": "With new drugs: {v}.",
    "common_conditions_treated": "Most of your patients come with {v}.",
    "current_preference": "Current preference: {v}.",
    "marital_status": "You are {lv}.",
    "spouse_details": "Your spouse is {v}.",
    "children": "Children: {v}.",
    "pregnancy": "You are {v}.",
    "living_situation": "At home: {v}.",
    "extended_family": "{v}.",
    "who_influences_decisions": "Who shapes your decisions: {v}.",
    "family_dynamics": "Your family is {lv}.",
    "family_needs": "What the family needs most is {lv}.",
    "family_pressures": "A pressure at home: {lv}.",
    "current_health_status": "Health-wise, you are {lv}.",
    "medical_conditions": "Medical conditions: {v}.",
    "past_medical_history": "History: {v}.",
    "medications": "You take {lv}.",
    "health_anxieties": "Health worry: {v}.",
    "specific_concerns": "Specifically, you are concerned about {lv}.",
    "due_in": "The baby is due in {lv}.",
    "antenatal_care": "{v}.",
    "insurance": "Insurance: {v}.",
    "income_level": "Household income: {v}.",
    "current_obligations": "Current obligations: {v}.",
    "budget_constraints": "{v}.",
    "insurance_coverage": "Insurance: {v}.",
    "financial_priorities": "Your financial priority is {lv}.",
    "decision_authority": "On money, {lv}.",
    "spending_philosophy": "Your spending style: {v}.",
    "financial_pressures": "Financial pressure: {v}.",
    "typical_day_schedule": "Your typical day: {v}.",
    "current_time_pressure": "Right now: {v}.",
    "available_time": "You have {lv}.",
    "competing_priorities": "Also on your mind: {v}.",
    "urgency_factors": "Urgency: {v}.",
    "time_sensitive_commitments": "Coming up: {v}.",
    "main_fears": "Your main fears are {lv}.",
    "worst_case_scenarios": "Worst case in your mind: {v}.",
    "anxiety_level": "Your anxiety level is {lv}.",
    "coping_mechanisms": "To cope you rely on {lv}.",
    "what_keeps_them_up": "What keeps you up at night: {v}.",
    "reassurance_needed": "What reassures you: {v}.",
    "must_haves": "Must-haves: {v}.",
    "nice_to_haves": "Nice to have: {v}.",
    "deal_breakers": "Deal-breakers: {v}.",
    "priority_order": "Your priorities, in order: {v}.",
    "trade_offs_willing_to_make": "You would {lv}.",
    "decision_timeline": "Timing: {v}.",
    "primary_emotion": "Your main feeling is {lv}.",
    "emotional_intensity": "Its intensity is about {v}.",
    "emotional_triggers": "What sets you off: {v}.",
    "emotional_needs": "What you need: {v}.",
    "what_happened": "{v}.",
    "when_it_happened": "It happened {lv}.",
    "what_it_is": "The matter: {lv}.",
    "status": "Its status: {lv}.",
    "reference_number": "Your reference number is {v}.",
    "contact_history": "{v}.",
    "what_they_want": "What you want: {lv}.",
    "preferred_language": "You speak {v} best.",
    "other_languages": "You also speak {v}.",
    "not_fluent_in": "You are not fluent in {v}.",
    "channel": "Channel: {lv}.",
    "literacy": "{v}.",
    "hearing": "{v}.",
    "pace": "{v}.",
    "style_needed": "You need {lv}.",
    "money_facts": "Money facts: {v}.",
    "who_was_involved": "Who was involved: {v}.",
    "witness_presence": "Witnesses: {lv}.",
    "immediate_impact": "The immediate impact: {lv}.",
    "ongoing_effects": "Since then: {lv}.",
    "actions_taken_so_far": "So far you have {lv}.",
    "customer_since": "You have been a customer for {v}.",
    "products_used": "What you use: {lv}.",
    "past_issues": "Past issues: {lv}.",
    "service_interactions": "Contact so far: {lv}.",
    "loyalty_level": "Your loyalty: {lv}.",
    "alternatives_considered": "Alternatives: {lv}.",
    "lifetime_value": "In all you have spent {lv}.",
    "occupation": "You work as {a}.",
}


def _fmt(value: Any) -> str:
    if isinstance(value, list | tuple):
        items = [str(v) for v in value]
        return (
            items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else "none"
        )
    if isinstance(value, dict):
        return "; ".join(f"{str(k).replace('_', ' ')}: {_fmt(v)}" for k, v in value.items())
    return str(value)


def _lower_first(text: str) -> str:
    # Keep proper nouns and acronyms (Dr., PCOS) but lower-case an ordinary sentence start.
    if len(text) > 1 and text[0].isupper() and text[1].islower() and not text.startswith(("Dr", "I ")):
        return text[0].lower() + text[1:]
    return text


def _sentence(field: str, value: Any) -> str:
    v = _fmt(value).strip().rstrip(".")
    frame = _FRAMES.get(field)
    if frame is None:
        # A readable label, never a half sentence ("When it comes to your who was involved").
        frame = field.replace("_", " ").capitalize() + ": {v}."
    text = frame.format(v=v, lv=_lower_first(v), a=with_article(_lower_first(v)))
    return text[0].upper() + text[1:]


def with_article(phrase: str) -> str:
    """``phrase`` with "a"/"an" in front unless it already has a determiner or is a name.

    Examples
    --------
    >>> with_article("car sales consultant"), with_article("the HR manager")
    ('a car sales consultant', 'the HR manager')
    """
    p = phrase.strip()
    if not p or re.match(r"^(?:a|an|the|your|my|his|her|their|our|one|two|three|some)\b", p, re.I):
        return p
    if p[:1].isupper() and not p.split()[0].isupper():
        return p  # a proper noun or a sentence
    return f"{'an' if p[:1].lower() in 'aeiou' else 'a'} {p}"


def details_as_prose(details: dict[str, Any]) -> str:
    """Turn one category's fields into a short paragraph in the second person."""
    return " ".join(_sentence(k, v) for k, v in details.items() if v not in (None, "", [], {}))


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("synthpersona.scenarios", "prompts"),
        autoescape=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def render_prompt_template(template_name: str, /, **values: Any) -> str:
    """Render ``prompts/<template_name>.j2``."""
    return _env().get_template(f"{template_name}.j2").render(**values).strip()


def _offline_prompt(persona: PersonaInstance, template: ScenarioTemplate | None) -> str:
    loc = persona.location
    where = (
        f"You live in {loc.specific_area + ', ' if loc.specific_area else ''}{loc.city}, "
        f"{loc.state or loc.country}"
    )
    if loc.neighborhood_type:
        where += f" ({loc.neighborhood_type[0].lower() + loc.neighborhood_type[1:]} neighbourhood)"
    where += "."
    if loc.regional_culture:
        where += f" {loc.regional_culture}."
    now = re.sub(r"\b(her|his|their)\b", "your", loc.current_physical_location.rstrip("."))
    situation = f"Right now you are {_lower_first(now)}."
    if template is not None:
        overview = template.context_overview
        scene = overview.get("scenario_description") or overview.get("scenario") or overview.get("situation")
        learner = overview.get("learner_role")
        if scene:
            situation += f" The situation: {str(scene).rstrip('.')}."
        if learner:
            situation += (
                f" The person talking to you is {with_article(_lower_first(str(learner).rstrip('.')))}."
            )
    lib = DetailCategoryLibrary()
    sections = []
    for name, fields in persona.detail_categories.items():
        title = _TITLES.get(name) or (lib.get_category_definition(name).description if name in lib else name)
        sections.append({"title": title, "text": details_as_prose(fields)})
    facts_text = facts_as_prose(persona.generation_metadata.get("scenario_facts") or {})
    if facts_text:
        sections.insert(0, {"title": "What the scenario fixes about you", "text": facts_text})
    if persona.archetype_specific_data:
        data = {k: v for k, v in persona.archetype_specific_data.items() if v not in (None, "", [], {})}
        if data:
            sections.append({"title": "Your stance in this conversation", "text": details_as_prose(data)})
    spec = archetype_spec(persona.archetype)
    mode = mode_spec(persona.mode)
    rules = persona.conversation_rules
    gender_word = {"Female": "woman", "Male": "man"}.get(persona.gender, "person")
    role_phrase = (
        persona.role[0].lower() + persona.role[1:]
        if persona.role[:2] != persona.role[:2].upper()
        else persona.role
    )
    return render_prompt_template(
        "system_prompt",
        persona=persona,
        intro=_intro(persona, gender_word, role_phrase),
        gender_word=gender_word,
        role_phrase=role_phrase,
        where=where,
        situation=situation,
        sections=sections,
        archetype_intro=f"{mode.summary} In this conversation: {spec.summary.lower()}",
        behaviour=list(spec.behaviour) if persona.mode != "learn_mode" else [],
        mode_instructions=rules.get("mode_instructions", list(mode.instructions)),
        rules={
            "opening_behavior": rules.get("opening_behavior", spec.rules["opening_behavior"]),
            "response_style": rules.get("response_style", spec.rules["response_style"]),
            "word_limit": rules.get("word_limit", spec.rules["word_limit"]),
            "language": rules.get("language", "English"),
            "closing_behavior": rules.get("closing_behavior", "End politely."),
        },
        triggers=rules.get("behavioral_triggers", {}),
        domain_phrase=re.sub(
            r"\bhr\b", "HR", re.sub(r"\s+conversations?$", "", persona.scenario_type.replace("_", " "))
        ),
    )


_WORKING_PROFILES = {
    "medical_specialist",
    "general_physician",
    "nurse",
    "pharmacist",
    "hospital_staff",
    "sales_professional",
    "hr_professional",
    "corporate_manager",
    "corporate_employee",
    "lawyer",
    "teacher",
    "business_owner",
}


def _intro(persona: PersonaInstance, gender_word: str, role_phrase: str) -> str:
    article = "an" if role_phrase[:1].lower() in "aeiou" else "a"
    text = f"You are {persona.name}, {persona.age}, {article} {role_phrase}."
    working = persona.generation_metadata.get("role_profile", "corporate_employee") in _WORKING_PROFILES
    if gender_word != "person" and gender_word not in role_phrase.lower() and working:
        text = (
            f"You are {persona.name}, a {persona.age}-year-old {gender_word} "
            f"working as {article} {role_phrase}."
        )
        if persona.mode == "learn_mode" or "mother" in role_phrase.lower() or "father" in role_phrase.lower():
            text = f"You are {persona.name}, {persona.age}, {article} {role_phrase}."
    desc = persona.description.strip()
    # Generated descriptions restate name and role; only add one written by the template author.
    if desc and not desc.startswith(persona.name):
        text += f" {desc}"
    return text


def _you(text: str, name: str | None) -> str:
    """Third-person scenario clause -> second person ("She paid her fees" -> "You paid your fees")."""
    out = text.strip().rstrip(".")
    if name:
        for part in {name, *name.split()[:1]}:
            if len(part) > 2:
                out = re.sub(rf"\b{re.escape(part)}\b(?:'s)?", "you", out)
    out = re.sub(r"\b(?:she|he)\b", "you", out, flags=re.I)
    out = re.sub(r"\b(?:her|his)\b", "your", out, flags=re.I)
    out = re.sub(
        r"\byou (is|has|was|does|wants|needs|worries|fears|works|runs|owns|lives|speaks|prefers)\b",
        lambda m: (
            "you "
            + {"is": "are", "has": "have", "was": "were", "does": "do"}.get(
                m.group(1), m.group(1)[:-1] if not m.group(1).endswith("ies") else m.group(1)[:-3] + "y"
            )
        ),
        out,
    )
    out = re.sub(r"^(?:and|but)\s+", "", out)
    return out[:1].upper() + out[1:]


_CHANNEL_PHRASE = {
    "phone": "on the phone",
    "video": "on a video call",
    "chat": "in an online chat",
    "in_person": "face to face",
}


def facts_as_prose(facts: dict[str, Any]) -> str:
    """The scenario's fixed facts about the persona as second-person sentences.

    Examples
    --------
    >>> facts_as_prose({"channel": "phone", "learner": "claims officer", "emotions": ["angry"],
    ...                 "children": 2})
    'You are talking to a claims officer on the phone. Right now you feel angry. You have two children.'
    """
    name = facts.get("name")
    out: list[str] = []
    if facts.get("channel"):
        who = with_article(facts["learner"]) if facts.get("learner") else "the other person"
        out.append(f"You are talking to {who} {_CHANNEL_PHRASE[facts['channel']]}.")
    if facts.get("emotions"):
        em = [e if e != "denial" else "in denial" for e in facts["emotions"]]
        out.append(
            "Right now you feel "
            + (" and ".join([", ".join(em[:-1]), em[-1]]) if len(em) > 1 else em[0])
            + "."
        )
    for w in facts.get("worries", [])[:2]:
        verb = "that" if re.search(r"\b(will|is|are|was|has|have|can|could|would|might)\b", w) else "about"
        out.append(f"You worry {verb} {_you(w, name)[:1].lower() + _you(w, name)[1:]}.")
    words = ["no", "one", "two", "three", "four", "five", "six"]
    n = facts.get("children")
    if n is not None:
        out.append(
            "You have no children."
            if n == 0
            else f"You have {words[n] if n < 7 else n} {'child' if n == 1 else 'children'}."
        )
    if facts.get("married") is False:
        out.append("You have no spouse.")
    family = [m for m in facts.get("family", []) if m not in {"family", "children", "kids"}]
    if family:
        out.append("Family in this story: " + ", ".join(f"your {m}" for m in family) + ".")
    for d in facts.get("deadlines", [])[:2]:
        out.append(f"Time is short: {d}.")
    for m in facts.get("money", [])[:2]:
        out.append(f"{_you(m, name)}.")
    if facts.get("years_experience") is not None:
        out.append(f"You have {facts['years_experience']} years of experience.")
    langs, nf = facts.get("languages", []), facts.get("not_fluent", [])
    if langs:
        out.append(f"You speak {' and '.join(langs)} best.")
    if nf:
        out.append(
            f"You are not fluent in {' or '.join(nf)}; you keep to simple words in it or switch "
            "to the language you speak best."
        )
    for g in facts.get("goals", [])[:1]:
        out.append(f"What you want: {_you(g, name)[:1].lower() + _you(g, name)[1:]}.")
    return " ".join(out)


class PromptGenerator:
    """Write a complete natural-language system prompt for a persona.

    Parameters
    ----------
    llm_client
        An :class:`~synthpersona.llm.LLMClient`; ``None`` uses the offline templates.
    timeout_s
        Overall time limit of the LLM call; on failure the offline prompt is returned.

    Examples
    --------
    >>> prompt = asyncio.run(PromptGenerator().generate_system_prompt(persona, template))  # doctest: +SKIP
    >>> prompt.startswith("# Your character")  # doctest: +SKIP
    True
    """

    def __init__(self, llm_client: LLMClient | None = None, *, timeout_s: float = 120.0) -> None:
        self.llm_client = llm_client
        self.timeout_s = timeout_s
        self.last_engine_: str | None = None
        self.last_error_: str | None = None

    async def generate_system_prompt(
        self, persona: PersonaInstance, template: ScenarioTemplate | dict[str, Any] | None = None
    ) -> str:
        """Return the system prompt of ``persona`` in ``template``'s scenario."""
        from ._templates import parse_template

        tpl = parse_template(template) if isinstance(template, dict) else template
        self.last_error_ = None
        if self.llm_client is not None:
            try:
                text = await asyncio.wait_for(self._llm_prompt(persona, tpl), timeout=self.timeout_s)
                if _looks_like_prompt(text):
                    self.last_engine_ = "llm"
                    return text
                self.last_error_ = "LLM reply was not a usable prompt (empty or JSON)"
            except Exception as exc:
                self.last_error_ = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
            log.warning("system prompt fell back to offline engine: %s", self.last_error_)
        self.last_engine_ = "offline"
        return _offline_prompt(persona, tpl)

    async def _llm_prompt(self, persona: PersonaInstance, template: ScenarioTemplate | None) -> str:
        assert self.llm_client is not None
        spec = archetype_spec(persona.archetype)
        data = persona.model_dump(exclude={"generation_metadata", "id", "detail_categories_included"})
        instructions = render_prompt_template(
            "system_prompt_instructions",
            persona=persona,
            mode_summary=mode_spec(persona.mode).summary,
            scenario=scenario_text(template, persona.mode) if template else persona.scenario_type,
            persona_json=json.dumps(data, indent=2, ensure_ascii=False),
            behaviour=list(spec.behaviour),
        )
        messages = [
            {
                "role": "system",
                "content": "You are an expert at writing system prompts for AI role-play training.",
            },
            {"role": "user", "content": instructions},
        ]
        return (await self.llm_client.achat(messages, temperature=0.4, max_tokens=3000)).strip()


def _looks_like_prompt(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) > 200 and not re.match(r"^[\[{]", stripped)
