"""Personas (seed 000's shape), each anchored on real cluster members near the centre."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.personas._names import pick_name
from synthpersona.personas._profiles import ClusterProfile, _template
from synthpersona.personas._stats import ClusterStats, TraitStat, mode_share, top_distinct
from synthpersona.personas._traits import ADJECTIVES, DEFAULT_BARRIER, DEFAULT_CARE

# Columns whose 0-1 values express how well someone matches each goal domain.
DOMAIN_RELEVANCE = {
    "parenting": ("interest_parenting", "privacy_pref", "price_sensitivity"),
    "tech_adoption": ("tech_savviness", "interest_tech"),
    "budget": ("price_sensitivity",),
    "lifestyle": ("interest_fashion", "interest_beauty", "interest_fitness", "interest_travel"),
    "general": ("brand_awareness", "tech_savviness"),
}
LEVELS = ((0.4, "Low"), (0.65, "Medium"), (float("inf"), "High"))


def level(value: float) -> str:
    """Low (< 0.4), Medium (< 0.65) or High, for 0-1 scores."""
    for bound, name in LEVELS:
        if value < bound:
            return name
    return "High"


def age_band(age: int) -> str:
    for lo, hi in ((18, 24), (25, 34), (35, 44), (45, 54), (55, 64)):
        if age <= hi:
            return f"{lo}-{hi}"
    return "65+"


def income_band(inr: float) -> str:
    bands = (
        (10_000, "Under ₹10K"),
        (25_000, "₹10-25K"),
        (50_000, "₹25-50K"),
        (100_000, "₹50K-1L"),
        (200_000, "₹1-2L"),
    )
    for bound, name in bands:
        if inr < bound:
            return name
    return "₹2L+"


def relevance_label(score: float) -> str:
    if score >= 0.7:
        return "High relevance"
    if score >= 0.5:
        return "Medium relevance"
    return "Low relevance"


@dataclass
class Persona:
    """A persona; :meth:`to_dict` gives seed 000's persona shape plus grounding fields."""

    persona_id: str
    cluster_id: int
    persona_name: str
    demographics: str
    care_about_top2: list[str]
    barriers_top1: str
    media_preference: str
    cluster_linkage: str
    behavioral_score: str
    personality_traits: dict[str, str]
    chat_personality: str
    profile: dict[str, Any] = field(default_factory=dict)
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "persona_id": self.persona_id,
            "cluster_id": self.cluster_id,
            "persona_name": self.persona_name,
            "demographics": self.demographics,
            "care_about_top2": self.care_about_top2,
            "barriers_top1": self.barriers_top1,
            "media_preference": self.media_preference,
            "cluster_linkage": self.cluster_linkage,
            "behavioral_score": self.behavioral_score,
            "personality_traits": self.personality_traits,
            "chat_personality": self.chat_personality,
            "profile": self.profile,
            "evidence": self.evidence,
        }


def _agrees(members: pd.DataFrame, traits: list[TraitStat]) -> np.ndarray:
    """Which members lean the way of every one of ``traits`` (so they can carry its title)."""
    ok = np.ones(len(members), dtype=bool)
    for s in traits:
        col = members[s.trait.column]
        if s.statistic == "value_share":
            ok &= col.astype(str).to_numpy() == s.trait.value
        else:
            values = col.to_numpy(dtype=np.float64)
            sign = 1.0 if s.trait.direction == "high" else -1.0
            ok &= sign * (values - s.audience_value) >= 0
    return ok


def _choose_anchors(
    members: pd.DataFrame, dist: np.ndarray, n: int, agree: np.ndarray | None = None
) -> list[int]:
    """Positions (in ``members``) of ``n`` members near the centre that differ from each other.

    Candidates are the members nearest the centroid among those who lean the way of the
    cluster's headline traits (``agree``; all members when fewer than ``n`` do). The
    first anchor is the nearest candidate; each next one is taken from the nearest few
    dozen, preferring a different gender, occupation, city and age decade from those
    already chosen (ties broken by distance).
    """
    order = np.argsort(dist, kind="stable")
    if agree is not None and int(agree[order].sum()) >= n:
        order = order[agree[order]]
    pool = order[: max(30, 10 * n)]
    keys = members[["gender", "occupation", "city"]].astype(str).to_numpy()
    decades = (members["age"].to_numpy() // 10).astype(int)
    chosen = [int(pool[0])]
    while len(chosen) < min(n, len(pool)):
        best, best_score = None, -1.0
        for rank, i in enumerate(pool):
            if int(i) in chosen:
                continue
            diff = min(int((keys[i] != keys[j]).sum()) + int(decades[i] != decades[j]) for j in chosen)
            score = diff - rank / (len(pool) + 1)
            if score > best_score:
                best, best_score = int(i), score
        if best is None:
            break
        chosen.append(best)
    return chosen


def _life_noun(row: pd.Series) -> str:
    occupation = str(row["occupation"])
    if bool(row["has_children"]) and str(row["parenting_stage"]) not in ("None", "Adult children"):
        return {"Female": "Mom", "Male": "Dad"}.get(str(row["gender"]), "Parent")
    nouns = {
        "Student": "Student",
        "Retired": "Retiree",
        "Homemaker": "Homemaker",
        "Business Owner": "Entrepreneur",
        "Freelancer": "Freelancer",
        "Self-employed": "Self-starter",
        "Unemployed": "Job Seeker",
    }
    if occupation in nouns:
        return nouns[occupation]
    return "Young Professional" if int(row["age"]) < 30 else "Professional"


def _personal_rank(stats: list[TraitStat], row: pd.Series, attr: str, audience: pd.Series) -> list[TraitStat]:
    """Cluster traits that carry a ``care``/``barrier``, ordered for this member.

    Order = cluster effect plus how far the member's own value leans the same way,
    so personas of one cluster share its story but differ by who they are.
    """
    scored = []
    for s in stats:
        if not getattr(s.trait, attr):
            continue
        own = 0.0
        col = s.trait.column
        if s.statistic == "mean" and col in row.index and col in audience.index:
            sign = 1.0 if s.trait.direction == "high" else -1.0
            own = sign * (float(row[col]) - float(audience[col])) / (abs(float(audience[col])) + 1e-9)
        scored.append((s.effect + 0.5 * own, s))
    scored.sort(key=lambda t: -t[0])
    return [s for _, s in scored]


def build_personas(
    df: pd.DataFrame,
    labels: np.ndarray,
    distances: np.ndarray,
    profiles: list[ClusterProfile],
    stats: ClusterStats,
    *,
    domain: str = "general",
    relevance_columns: tuple[str, ...] = (),
    random_state: int = 0,
) -> dict[int, list[Persona]]:
    """Build ``personas_count`` personas for every cluster profile.

    Returns a mapping ``cluster_id -> [Persona, ...]`` with ids ``dyn_{cluster_id}_{i}``.
    """
    labels = np.asarray(labels)
    distances = np.asarray(distances)
    audience = stats.audience_means
    rel_cols = tuple(c for c in (relevance_columns or DOMAIN_RELEVANCE.get(domain, ())) if c in df.columns)
    if not rel_cols:
        rel_cols = DOMAIN_RELEVANCE["general"]
    chat_template = _template("chat_personality.txt")
    taken: set[str] = set()
    out: dict[int, list[Persona]] = {}
    for prof in profiles:
        c = prof.cluster_id - 1
        idx = np.flatnonzero(labels == c)
        if idx.size == 0:
            out[prof.cluster_id] = []
            continue
        members = df.iloc[idx]
        agree = _agrees(members, top_distinct(stats.traits[c], 3))
        anchors = _choose_anchors(members, distances[idx], prof.personas_count, agree)
        emi_share = float(members["emi_flag"].mean())
        media_counts = members["primary_media"].astype(str).value_counts(normalize=True)
        headline = top_distinct(stats.traits[c], 1)
        adjective = (
            ADJECTIVES.get(headline[0].trait.label, headline[0].trait.label) if headline else "Everyday"
        )
        personas = []
        for i, pos in enumerate(anchors):
            row = members.iloc[pos]
            seed = int(np.random.SeedSequence([random_state, prof.cluster_id, i]).generate_state(1)[0])
            name = pick_name(str(row["state"]), str(row["gender"]), seed, taken)
            taken.add(name)
            title = f"{adjective} {_life_noun(row)}"
            evidence: list[dict[str, Any]] = [
                {
                    "field": "demographics",
                    "claim": "anchored on a real member near the cluster centre",
                    "cluster_id": prof.cluster_id,
                    "user_id": int(row["user_id"]),
                    "statistic": "distance_to_centroid",
                    "cluster_value": round(float(distances[idx][pos]), 4),
                }
            ]
            cares = _personal_rank(stats.traits[c], row, "care", audience)
            care_texts: list[str] = []
            for s in cares:
                if s.trait.care not in care_texts:
                    care_texts.append(s.trait.care)
                    evidence.append(s.evidence("care_about_top2", prof.cluster_id))
                if len(care_texts) == 2:
                    break
            for fallback in DEFAULT_CARE:
                if len(care_texts) < 2 and fallback not in care_texts:
                    care_texts.append(fallback)
            barriers = _personal_rank(stats.traits[c], row, "barrier", audience)
            if barriers:
                barrier = barriers[0].trait.barrier
                evidence.append(barriers[0].evidence("barriers_top1", prof.cluster_id))
            else:
                barrier = DEFAULT_BARRIER
            others = [m for m in media_counts.index if m != str(row["primary_media"])]
            media = ", ".join([str(row["primary_media"]), *others[:1]])
            evidence.append(
                {
                    "field": "media_preference",
                    "claim": media,
                    "cluster_id": prof.cluster_id,
                    "column": "primary_media",
                    "statistic": "value_share",
                    "value": others[0] if others else str(row["primary_media"]),
                    "cluster_value": round(float(media_counts.get(others[0], 0.0)) if others else 1.0, 4),
                }
            )
            rel = float(np.mean([float(row[col]) for col in rel_cols]))
            evidence.append(
                {
                    "field": "behavioral_score",
                    "claim": "mean of the member's goal-relevant scores",
                    "columns": list(rel_cols),
                    "cluster_id": prof.cluster_id,
                    "user_id": int(row["user_id"]),
                    "cluster_value": round(rel, 4),
                }
            )
            evidence.append(
                {
                    "field": "personality_traits.emi_usage_likelihood",
                    "claim": "share using EMI",
                    "cluster_id": prof.cluster_id,
                    "column": "emi_flag",
                    "statistic": "share",
                    "cluster_value": round(emi_share, 4),
                }
            )
            traits = {
                "age_group": f"{int(row['age'])} years old",
                "tech_savviness": level(float(row["tech_savviness"])),
                "price_sensitivity": level(float(row["price_sensitivity"])),
                "brand_awareness": level(float(row["brand_awareness"])),
                "privacy_consciousness": level(float(row["privacy_pref"])),
                "city_tier": str(row["city_tier"]),
                "income_level": str(row["income_level"]),
                "preferred_media": str(row["primary_media"]),
                "device_count": f"{float(row['device_count']):.1f} devices",
                "emi_usage_likelihood": f"{100 * emi_share:.1f}%",
            }
            first = name.split(" ")[0]
            profile = {
                "name": name,
                "first_name": first,
                "title": title,
                "age": int(row["age"]),
                "gender": str(row["gender"]),
                "city": str(row["city"]),
                "state": str(row["state"]),
                "city_tier": str(row["city_tier"]),
                "occupation": str(row["occupation"]),
                "education_level": str(row["education_level"]),
                "marital_status": str(row["marital_status"]),
                "parenting_stage": str(row["parenting_stage"]),
                "num_children": int(row["num_children"]),
                "monthly_income_inr": int(row["monthly_income_inr"]),
                "language": str(row["primary_language"]),
                "preferred_channel": str(row["preferred_channel"]),
                "anchor_user_id": int(row["user_id"]),
                "cluster_label": prof.cluster_label,
                "care_about": care_texts,
                "barrier": barrier,
            }
            chat = chat_template.substitute(
                name=name,
                age=int(row["age"]),
                gender=str(row["gender"]).lower(),
                occupation=_occupation_text(row),
                city=row["city"],
                state=row["state"],
                tier=row["city_tier"],
                language=row["primary_language"],
                family=_family_text(row),
                income=f"₹{int(row['monthly_income_inr']):,}",
                tech=traits["tech_savviness"].lower(),
                price=traits["price_sensitivity"].lower(),
                brand=traits["brand_awareness"].lower(),
                privacy=traits["privacy_consciousness"].lower(),
                care1=care_texts[0].lower(),
                care2=care_texts[1].lower(),
                barrier=barrier.lower(),
                media=media,
                channel=str(row["preferred_channel"]).lower(),
                emi="often" if emi_share >= 0.5 else "sometimes" if emi_share >= 0.25 else "rarely",
                segment=prof.cluster_label,
            )
            personas.append(
                Persona(
                    persona_id=f"dyn_{prof.cluster_id}_{i}",
                    cluster_id=prof.cluster_id,
                    persona_name=f"{name} — {title}",
                    demographics=f"{age_band(int(row['age']))} • "
                    f"{income_band(float(row['monthly_income_inr']))} • "
                    f"{row['city_tier']} city ({row['city']})",
                    care_about_top2=care_texts[:2],
                    barriers_top1=barrier,
                    media_preference=media,
                    cluster_linkage=f"Cluster #{prof.cluster_id} — {prof.cluster_label}",
                    behavioral_score=f"{rel:.2f} ({relevance_label(rel)})",
                    personality_traits=traits,
                    chat_personality=chat,
                    profile=profile,
                    evidence=evidence,
                )
            )
        out[prof.cluster_id] = personas
    return out


def _occupation_text(row: pd.Series) -> str:
    occ = str(row["occupation"])
    return {
        "Student": "a student",
        "Salaried": "a salaried professional",
        "Self-employed": "self-employed",
        "Business Owner": "a business owner",
        "Homemaker": "a homemaker",
        "Freelancer": "a freelancer",
        "Retired": "retired",
        "Unemployed": "looking for work",
    }.get(occ, occ.lower())


def _family_text(row: pd.Series) -> str:
    marital = str(row["marital_status"]).lower()
    kids = int(row["num_children"])
    stage = str(row["parenting_stage"])
    if stage == "Expecting":
        return f"{marital} and expecting a baby"
    if kids == 0:
        return f"{marital} with no children"
    child = "child" if kids == 1 else "children"
    stage_text = {
        "Infant": "an infant",
        "Toddler": "a toddler",
        "School-age": "school-age kids",
        "Teen": "teenagers",
        "Adult children": "grown-up children",
    }.get(stage, "")
    return f"{marital} with {kids} {child}" + (f" (including {stage_text})" if stage_text else "")


__all__ = ["Persona", "build_personas", "mode_share"]
