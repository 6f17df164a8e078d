"""PersonaGenerator: the seed's steps (base, categories, details in parallel, rules, metadata)."""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from typing import TYPE_CHECKING, Any

from synthpersona.errors import InputError

from ._archetypes import parse_mode
from ._base import BasePersona, build_base_persona
from ._enforce import archetype_objections, enforce_details
from ._engines import GENERATION_ENGINES, LLMEngine, OfflineEngine
from ._facts import ScenarioFacts, template_facts
from ._library import DetailCategoryLibrary
from ._models import PersonaInstance
from ._templates import ScenarioTemplate, parse_template
from ._trace import drop_untraced, ground_persona

if TYPE_CHECKING:
    from synthpersona.llm import LLMClient

__all__ = ["PersonaGenerator"]

log = logging.getLogger("synthpersona.scenarios")


def _archetype_data(b: BasePersona, details: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Archetype-specific fields (seed 004), from the template, filled in from the details when missing."""
    d = b.definition
    extra = d.model_extra or {}
    if b.archetype == "PERSUASION":
        dc = details.get("decision_criteria", {})
        return {
            "current_position": d.current_position
            or extra.get("current_product")
            or "Satisfied with current options",
            "satisfaction_level": d.satisfaction_level or "Neutral - open to something better, not looking",
            "decision_criteria": d.decision_criteria or dc.get("must_haves", []),
            "objection_library": d.objection_library or archetype_objections(b),
        }
    if b.archetype == "CONFRONTATION":
        emo = details.get("emotional_state", {})
        return {
            "sub_type": d.sub_type
            or ("VICTIM" if b.mentions("affected", "target", "victim", "hurt") else "INVOLVED"),
            "power_dynamics": d.power_dynamics or details.get("work_relationships", {}).get("power_dynamics"),
            "emotional_state": d.emotional_state
            or emo.get("primary_emotion")
            or (", ".join(b.scenario_facts.emotions).capitalize() or "Guarded"),
        }
    if b.archetype == "HELP_SEEKING":
        return {
            "problem_description": d.problem_description or _problem(b),
            "urgency_level": d.urgency_level
            or ("High" if b.facts.pregnancy_week and b.facts.pregnancy_week > 30 else "Medium"),
        }
    if b.archetype == "INVESTIGATION":
        return {
            "information_to_uncover": extra.get("hidden_information")
            or "The full story behind the situation",
            "communication_barriers": extra.get("communication_barriers") or "Answers only what is asked",
        }
    neg = details.get("negotiation_position", {})
    return {
        "position": extra.get("position") or neg.get("opening_position"),
        "walk_away_point": extra.get("walk_away_point") or neg.get("walk_away_point"),
    }


def _problem(b: BasePersona) -> str:
    if b.facts.pregnancy_week is not None:
        return (
            f"You are {b.facts.pregnancy_week} weeks pregnant and want to understand the delivery options, "
            "the total cost and what your insurance will cover."
        )
    overview = b.definition.problem_description or b.definition.description
    if overview:
        return overview
    if b.scenario_facts.goals:
        return f"You want {b.scenario_facts.goals[0]}."
    domain = b.domain.replace("_", " ")
    article = "an" if domain[:1] in "aeiou" else "a"
    return f"You need help with {article} {domain} question and want a clear answer."


class PersonaGenerator:
    """Generate role-play personas for a scenario template.

    Parameters
    ----------
    llm_client
        An :class:`~synthpersona.llm.LLMClient`; used when ``engine`` is ``"llm"`` or ``"auto"``.
    engine
        ``"auto"`` (LLM when a client is given, else offline), ``"offline"`` or ``"llm"``.
    library
        Category library; defaults to the built-in one.
    random_state
        Seed of every random draw (names, details...). ``None`` draws a fresh seed per
        persona, recorded in ``generation_metadata["random_state"]``.
    call_timeout_s
        Overall time limit of each LLM call.
    on_category_failure
        ``"offline"`` regenerates a failed LLM category offline (recorded); ``"drop"`` leaves it out.

    Examples
    --------
    >>> gen = PersonaGenerator(random_state=7)
    >>> persona = asyncio.run(gen.generate_persona(template, "assess_mode"))  # doctest: +SKIP
    >>> 3 <= len(persona.detail_categories) <= 8  # doctest: +SKIP
    True
    """

    def __init__(
        self,
        llm_client: LLMClient | None = None,
        *,
        engine: str = "auto",
        library: DetailCategoryLibrary | None = None,
        random_state: int | None = None,
        call_timeout_s: float = 90.0,
        on_category_failure: str = "offline",
    ) -> None:
        if engine not in GENERATION_ENGINES:
            names = [repr(n) for n in GENERATION_ENGINES]
            raise InputError(f"unknown engine {engine!r}; use {', '.join(names[:-1])} or {names[-1]}")
        if engine == "llm" and llm_client is None:
            raise InputError(
                "engine='llm' needs an LLM client; set SYNTHPERSONA_LLM_BASE_URL and SYNTHPERSONA_LLM_MODEL "
                "or use engine='offline'"
            )
        if on_category_failure not in {"offline", "drop"}:
            raise InputError(f"on_category_failure must be 'offline' or 'drop', got {on_category_failure!r}")
        self.llm_client = llm_client
        self.engine = engine
        self.library = library or DetailCategoryLibrary()
        self.random_state = random_state
        self.call_timeout_s = call_timeout_s
        self.on_category_failure = on_category_failure
        self._offline = OfflineEngine()

    def _engine(self) -> OfflineEngine | LLMEngine:
        if self.engine == "offline" or self.llm_client is None:
            return self._offline
        return LLMEngine(self.llm_client, call_timeout_s=self.call_timeout_s, offline=self._offline)

    async def generate_persona(
        self,
        template: ScenarioTemplate | dict[str, Any],
        mode: str = "assess_mode",
        gender: str | None = None,
        custom_prompt: str | None = None,
        *,
        random_state: int | None = None,
        facts: ScenarioFacts | dict[str, Any] | None = None,
    ) -> PersonaInstance:
        """Generate one persona for ``template`` in ``mode``.

        Steps: base persona from the template; 3-8 detail categories; details of each
        category generated concurrently; conversation rules; metadata (engine, seed,
        timings, why each category was chosen, failures).

        ``facts`` are what the scenario states about the persona (see
        :func:`~synthpersona.scenarios.extract_facts`); a trainer may correct them.
        When ``None`` they are read from the template. Every detail agrees with them.
        """
        t0 = time.perf_counter()
        tpl = template if isinstance(template, ScenarioTemplate) else parse_template(template)
        mode = parse_mode(mode)
        seed = random_state if random_state is not None else self.random_state
        if seed is None:
            seed = secrets.randbelow(2**31)
        timings: dict[str, float] = {}

        def lap(key: str, since: float) -> float:
            now = time.perf_counter()
            timings[key] = round((now - since) * 1000, 1)
            return now

        if isinstance(facts, dict):
            facts = ScenarioFacts.model_validate(facts)
        sf = facts if facts is not None else template_facts(tpl, mode, custom_prompt)
        base = build_base_persona(tpl, mode, gender, custom_prompt, seed, sf)
        t = lap("base_ms", t0)
        engine = self._engine()
        chosen, reasons, sel_extra = await engine.select_categories(base, self.library)
        log.info("persona categories selected: %s", chosen)
        t = lap("selection_ms", t)

        async def one(name: str) -> tuple[str, dict[str, Any] | None, str, str | None]:
            try:
                details, source = await engine.generate_category(base, name, self.library, custom_prompt)
                return name, details, source, None
            except Exception as exc:
                reason = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
                if self.on_category_failure == "offline" and engine is not self._offline:
                    details, source = await self._offline.generate_category(
                        base, name, self.library, custom_prompt
                    )
                    return name, details, f"offline_fallback_{source}", reason
                return name, None, "failed", reason

        results = await asyncio.gather(*(one(n) for n in chosen))
        t = lap("details_ms", t)
        details: dict[str, dict[str, Any]] = {}
        sources: dict[str, str] = {}
        failed: dict[str, str] = {}
        for name, value, source, err in results:
            if err is not None:
                failed[name] = err
            if value is not None:
                details[name] = enforce_details(name, value, base)
                sources[name] = source
        # A detail nothing in the scenario or the domain-neutral draws supports is dropped, not kept.
        untraced = drop_untraced(details, sf, f"{base.text} {sf.about}", base.location.city or "")
        rules = await engine.conversation_rules(base, details)
        rules_fallback = rules.pop("_fallback", None)
        lap("rules_ms", t)
        timings["total_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        metadata: dict[str, Any] = {
            "engine": engine.name,
            "model": getattr(self.llm_client, "model", None) if engine.name == "llm" else None,
            "random_state": seed,
            "timings": timings,
            "category_reasons": {n: reasons.get(n, "") for n in details},
            "category_sources": sources,
            "failed_categories": failed,
            "archetype_source": base.archetype_source,
            "role_profile": base.profile.id,
            "custom_prompt_used": custom_prompt,
            "scenario_facts": sf.model_dump(exclude={"about"}),
            "untraced_dropped": untraced,
            "gender_specified": gender,
            **sel_extra,
        }
        if rules_fallback:
            metadata["rules_fallback"] = rules_fallback
        persona = base.finish(
            archetype_confidence=round(base.archetype_confidence, 3),
            archetype_specific_data=_archetype_data(base, details),
            detail_categories=details,
            conversation_rules=rules,
            generation_metadata=metadata,
        )
        # The description, languages and archetype data are grounded like the details.
        scenario = f"{base.text} {sf.about}"
        grounded, changed = ground_persona(PersonaInstance.from_persona(persona), sf, scenario)
        if changed:
            grounded.generation_metadata["untraced_dropped"] = [*untraced, *changed]
        return grounded
