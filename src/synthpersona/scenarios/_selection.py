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
        score = float(z[i]) * 0.8 + kw + prior + adj
        parts = [f"similarity {float(sims[i]):.3f} (z {float(z[i]):+.2f})"]
        if hits:
            parts.append("scenario mentions " + ", ".join(repr(h) for h in hits[:4]))
        if prior:
            parts.append(f"{b.archetype} prior {prior:+.1f}")
        if why_role:
            parts.append(f"{why_role} ({adj:+.1f})")
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
