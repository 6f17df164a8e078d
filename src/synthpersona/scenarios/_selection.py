"""Offline category selection: embedding similarity + cue words + archetype and role priors."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._archetypes import archetype_spec
from ._base import BasePersona
from ._library import DetailCategoryLibrary

__all__ = ["CategoryChoice", "select_categories"]

MIN_CATEGORIES = 3
MAX_CATEGORIES = 8
_THRESHOLD = 1.0
_EMPLOYEES = {
    "corporate_employee",
    "corporate_manager",
    "hr_professional",
    "sales_professional",
    "nurse",
    "hospital_staff",
    "teacher",
}


@dataclass(frozen=True)
class CategoryChoice:
    """One scored category and why it was (or was not) chosen."""

    name: str
    score: float
    similarity: float
    keywords: tuple[str, ...]
    prior: float
    reason: str


def _role_adjustment(name: str, b: BasePersona) -> tuple[float, str]:
    p = b.profile
    medical_pro = p.medical and p.professional
    if name == "medical_philosophy":
        return (
            (0.8, "persona is a medical professional")
            if medical_pro
            else (-3.0, "persona is not a clinician")
        )
    if name == "professional_context":
        if p.professional:
            return 0.6, "persona is a working professional"
        return -1.2, "persona is not acting in a professional role"
    if name == "sales_rep_history":
        if b.scenario_facts.domain not in {"healthcare", "general"}:
            return -3.0, "no recurring sales reps in this domain"
        if not p.professional:
            return -1.5, "consumers meet salespeople, not recurring reps"
        return (
            (0.0, "")
            if b.mentions("rep", "sales", "pitch", "representative", "detailing")
            else (-2.0, "no sales pitch")
        )
    if name == "health_context" and p.id in {"expectant_parent", "patient"}:
        return 1.0, "persona is a patient or expecting"
    if name == "family_context" and p.id == "expectant_parent":
        return 0.6, "a pregnancy is a family matter"
    if name in {"work_relationships", "organizational_context"} and not p.professional:
        return -1.0, "persona is not at work in this scenario"
    if name in {"work_relationships", "organizational_context"} and p.id not in _EMPLOYEES:
        return -0.6, "persona is not an employee in an organisation"
    if name == "time_constraints" and medical_pro:
        return 0.5, "clinicians see reps between patients"
    return 0.0, ""


_CASE = re.compile(
    r"\b(claim|application|ticket|rejected|locked out|stuck|dispute|bill|charged|not been credited|"
    r"cancelled|suspicious|transfers?|verification|refund|complaint|outage|down for)\b",
    re.I,
)
_HEALTH = re.compile(
    r"\b(surgery|diabetic|ailing|medicines?|treatment|pregnan|vaccine|chemotherapy|arthritis|"
    r"hip|knee|patient|fever|health)\b",
    re.I,
)
_MONEY_WORDS = re.compile(
    r"\b(emi|budget|afford\w*|price|cost|loan|fees|salary|paid|savings|income|expensive|"
    r"rupees|lakh|instalments?|refund|charged)\b",
    re.I,
)
_PAST = re.compile(
    r"\b(last year|before|again|previous|earlier|cheated|twice|three visits|third visit|"
    r"past|years? ago|already)\b",
    re.I,
)


def _fact_adjustment(name: str, b: BasePersona) -> tuple[float, str]:
    """Score change and reason from the facts the scenario states (fixed inputs)."""
    sf = b.scenario_facts
    about = sf.about or ""
    if not about:
        return 0.0, ""
    if name == "emotional_state" and sf.emotions:
        return (2.0 if sf.agitated() else 1.0), f"scenario states emotions: {', '.join(sf.emotions)}"
    if name == "anxiety_factors":
        if sf.worries:
            return 1.5, f"scenario states worries: {'; '.join(sf.worries[:2])}"
        if {"anxious", "nervous", "frightened", "scared"} & set(sf.emotions):
            return 1.0, "scenario says the persona is afraid or anxious"
        return -0.8, "no worries stated"
    if name == "financial_context":
        if sf.money:
            return 1.5, f"scenario states money facts: {'; '.join(sf.money[:2])}"
        m = _MONEY_WORDS.search(about)
        if m:
            return 0.8, f"scenario talks about money ({m.group(0)!r})"
        return -0.5, "no money facts stated"
    if name == "family_context":
        if sf.children is not None or sf.married is not None or [m for m in sf.family if m != "family"]:
            told = ", ".join(
                [*(f"{sf.children} children" for _ in [0] if sf.children is not None), *sf.family]
            )
            return 1.5, f"scenario states family facts: {told or 'marital status'}"
        return -0.8, "no family facts stated"
    if name == "time_constraints":
        if sf.deadlines:
            return 1.5, f"scenario states a deadline: {sf.deadlines[0]}"
        if re.search(
            r"\b(busy|minutes|rush|hurry|between (?:opd )?patients|short on time|schedule)\b", about, re.I
        ):
            return 0.0, ""
        return -0.8, "no deadline or time pressure stated"
    if name == "communication_needs":
        if sf.not_fluent or sf.languages or re.search(r"cannot read|hard of hearing|confused", about, re.I):
            what = (
                ", ".join([*(f"not fluent in {x}" for x in sf.not_fluent), *sf.languages])
                or "reading/hearing"
            )
            return 2.5, f"scenario states language or communication needs: {what}"
        return -3.0, "no language or communication need stated"
    if name == "case_context":
        m = _CASE.search(about)
        return (
            (1.5, f"scenario is about a specific case ({m.group(0)!r})") if m else (-2.0, "no case at stake")
        )
    if name == "health_context":
        if not _HEALTH.search(about):
            return -2.0, "no health matter in the scenario"
        return 0.5, "health matters in the scenario"
    if name == "professional_context":
        if sf.years_experience is not None:
            return 1.2, f"scenario states {sf.years_experience} years of experience"
        if sf.occupation:
            return 0.6, f"scenario states the occupation: {sf.occupation}"
    if name == "work_relationships" and any(
        re.search(r"manager|boss|colleague|senior", r, re.I) for r in sf.relationships
    ):
        return 1.2, "scenario mentions people at work"
    if name == "past_experiences":
        m = _PAST.search(about)
        return (0.8, f"scenario refers to the past ({m.group(0)!r})") if m else (-0.5, "no past event stated")
    if name == "customer_history" and sf.domain in {"service", "banking", "insurance"}:
        return 0.5, f"an existing {sf.domain} customer"
    if name == "incident_context" and sf.domain != "hr":
        return -1.0, "no workplace incident; a case or complaint is covered by case_context"
    return 0.0, ""


def select_categories(
    b: BasePersona,
    library: DetailCategoryLibrary,
    *,
    min_n: int = MIN_CATEGORIES,
    max_n: int = MAX_CATEGORIES,
) -> tuple[list[str], list[CategoryChoice]]:
    """Choose 3-8 categories for persona ``b``; return the names and every scored candidate.

    The score of a category is the z-scored embedding similarity between the scenario
    text and the category's description + relevance (e5 cosines sit in a narrow band,
    so only relative values carry information), plus cue words found in the scenario,
    the archetype's prior and a role adjustment (clinical categories need a clinician).
    """
    from synthpersona.embeddings import cached_passages, embed_query

    names = library.get_category_names()
    cats = library.get_all_categories()
    passages = [
        f"{c.description}. {c.when_relevant}. Fields: {', '.join(c.example_fields[:6])}".replace("_", " ")
        for c in cats.values()
    ]
    q = embed_query(b.text[:2000])
    sims = cached_passages(passages) @ q
    z = (sims - sims.mean()) / (sims.std() + 1e-6)
    priors = archetype_spec(b.archetype).category_priors
    low = b.text.lower()
    choices: list[CategoryChoice] = []
    for i, name in enumerate(names):
        hits = tuple(
            k for k in library.keywords(name) if re.search(rf"(?<![a-z]){re.escape(k)}(?![a-z])", low)
        )
        kw = min(len(hits), 3) * 0.5
        prior = float(priors.get(name, 0.0))
        adj, why_role = _role_adjustment(name, b)
        fact_adj, why_fact = _fact_adjustment(name, b)
        score = float(z[i]) * 0.8 + kw + prior + adj + fact_adj
        parts = [f"similarity {float(sims[i]):.3f} (z {float(z[i]):+.2f})"]
        if hits:
            parts.append("scenario mentions " + ", ".join(repr(h) for h in hits[:4]))
        if prior:
            parts.append(f"{b.archetype} prior {prior:+.1f}")
        if why_role:
            parts.append(f"{why_role} ({adj:+.1f})")
        if why_fact:
            parts.insert(0, f"{why_fact} ({fact_adj:+.1f})")
        choices.append(
            CategoryChoice(name, round(score, 3), round(float(sims[i]), 4), hits, prior, "; ".join(parts))
        )
    ranked = sorted(choices, key=lambda c: -c.score)
    chosen = [c.name for c in ranked if c.score >= _THRESHOLD][:max_n]
    for c in ranked:
        if len(chosen) >= min_n:
            break
        if c.name not in chosen:
            chosen.append(c.name)
    return chosen, ranked
