"""Seed 000's cluster and persona JSON (goal → segments → personas), over the core model.

Examples
--------
>>> from synthpersona.usecases.goals import run_goal
>>> run = run_goal("college students interested in headphones", k_max=4)  # doctest: +SKIP
>>> cluster(run.segments[0])["cluster_label"]  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from synthpersona._json import to_jsonable
from synthpersona.model import (
    DISTANCE,
    MEMBER_MEAN,
    Anchor,
    Evidence,
    GoalPersonaFacts,
    GoalSegmentFacts,
    Persona,
    Segment,
)
from synthpersona.personas import (
    age_band,
    band,
    describe,
    income_band,
    level,
    relevance_label,
    separation_label,
    whole,
)
from synthpersona.schema import INTERESTS

__all__ = [
    "anchor_context",
    "cluster",
    "cluster_info",
    "evidence",
    "persona",
    "persona_values",
    "personality_traits",
    "read_evidence",
    "read_persona",
    "trait_words",
]

#: The anchor's columns ``personality_traits`` shows as words (plus the segment's EMI share).
TRAIT_COLUMNS = (
    "age",
    "tech_savviness",
    "price_sensitivity",
    "brand_awareness",
    "privacy_pref",
    "city_tier",
    "income_level",
    "primary_media",
    "device_count",
)
#: The evidence record of the segment's EMI share (every goal persona carries it).
EMI_FIELD = "personality_traits.emi_usage_likelihood"


def evidence(ev: Evidence) -> dict[str, Any]:
    """One evidence record as seed 000 responses carry it (values rounded to 4 decimals).

    The key order is the one these records always had (stored runs compare equal).
    """
    rec: dict[str, Any] = {"field": ev.field, "claim": ev.claim}
    if ev.statistic == MEMBER_MEAN:
        rec["columns"] = list(ev.columns)
    rec["cluster_id"] = ev.segment_id
    if ev.member_id is not None:
        rec["user_id"] = ev.member_id
    if ev.column is not None and ev.statistic != MEMBER_MEAN:
        rec["column"] = ev.column
    if ev.statistic != MEMBER_MEAN:
        rec["statistic"] = ev.statistic
    if ev.baseline is None:
        if ev.category is not None:
            rec["value"] = ev.category
        rec["cluster_value"] = round(ev.value, 4)
        return rec
    rec["cluster_value"] = round(ev.value, 4)
    rec["audience_value"] = round(ev.baseline, 4)
    rec["effect_size"] = round(ev.effect_size or 0.0, 3)
    if ev.category is not None:
        rec["value"] = ev.category
    return rec


def _goal_facts(seg: Segment) -> GoalSegmentFacts:
    if not isinstance(seg.facts, GoalSegmentFacts):
        raise TypeError(
            f"Segment {seg.segment_id} is not a goal-run segment (facts={type(seg.facts).__name__})."
        )
    return seg.facts


def cluster(seg: Segment) -> dict[str, Any]:
    """Seed 000's cluster object, plus ``summary`` and ``evidence``."""
    facts = _goal_facts(seg)
    st = seg.statistics
    top_traits = [describe(e) for e in seg.evidence]
    return {
        "cluster_id": seg.segment_id,
        "cluster_label": seg.label,
        "cluster_size": seg.size,
        "cluster_size_pct": round(100.0 * seg.size / seg.base, 1) if seg.base else 0.0,
        "cluster_description": seg.description,
        "top_traits": [t[:1].upper() + t[1:] for t in top_traits],
        "representative_icon": facts.icon,
        "engagement_score": f"Cohesion {facts.cohesion:.2f} • {separation_label(facts.separation)}",
        "demographics_summary": f"{whole(st['age_p10'])}-{whole(st['age_p90'])} years • "
        f"{_named(st['income_level'] + ' income', st['income_level_share'])} • "
        f"{_named(st['city_tier'] + ' cities', st['city_tier_share'])}",
        "personas_count": facts.personas_count,
        "summary": _summary(seg),
        "evidence": [evidence(e) for e in seg.evidence],
    }


def _named(words: str, share: float) -> str:
    """A most common value, with its share when it is not a majority ("Tier-2 cities (45%)")."""
    return words if share >= 0.5 else f"{words} ({100 * share:.0f}%)"


def _summary(seg: Segment) -> dict[str, Any]:
    st = seg.statistics
    return {
        "age_p10": whole(st["age_p10"]),
        "age_median": whole(st["age_median"]),
        "age_p90": whole(st["age_p90"]),
        "income_level": st["income_level"],
        "income_level_share": round(st["income_level_share"], 3),
        "city_tier": st["city_tier"],
        "city_tier_share": round(st["city_tier_share"], 3),
        "primary_media": st["primary_media"],
        "primary_media_share": round(st["primary_media_share"], 3),
        "occupation": st["occupation"],
        "occupation_share": round(st["occupation_share"], 3),
        "female_share": round(st["female_share"], 3),
        "median_income_inr": whole(st["median_income_inr"]),  # rounded as verify and the text round
    }


def cluster_info(seg: Segment) -> dict[str, Any]:
    """The ``cluster_info`` of seed 000's persona response."""
    return {"cluster_id": seg.segment_id, "cluster_size": seg.size, "cluster_label": seg.label}


def personality_traits(p: Persona, seg: Segment) -> dict[str, str]:
    """Seed 000's ``personality_traits``: the anchor's levels and the segment's EMI share."""
    return _traits(p.attributes, float(seg.statistics["emi_share"]))


def trait_words(p: Persona) -> dict[str, str] | None:
    """:func:`personality_traits` from the persona alone (its segment's EMI share is in its evidence).

    ``None`` when the persona does not carry the anchor's scores: a persona read back from
    seed-000 JSON alone (a run stored before :func:`persona_values` was kept, a client's
    dict), or one of another workflow.

    Examples
    --------
    >>> a = {"age": 30, "tech_savviness": 0.8, "price_sensitivity": 0.3, "brand_awareness": 0.5,
    ...      "privacy_pref": 0.7, "city_tier": "Tier-2", "income_level": "Mid",
    ...      "primary_media": "YouTube", "device_count": 3}
    >>> emi = Evidence(EMI_FIELD, "share using EMI", "share", 0.25, columns=("emi_flag",))
    >>> trait_words(Persona("dyn_1_0", 1, "Asha", attributes=a, evidence=[emi]))["tech_savviness"]
    'High'
    >>> trait_words(Persona("dyn_1_0", 1, "Asha")) is None
    True
    """
    emi = next((e.value for e in p.evidence if e.field == EMI_FIELD), None)
    if emi is None or any(c not in p.attributes for c in TRAIT_COLUMNS):
        return None
    return _traits(p.attributes, float(emi))


def _traits(a: dict[str, Any], emi_share: float) -> dict[str, str]:
    return {
        "age_group": f"{int(a['age'])} years old",
        "tech_savviness": level(float(a["tech_savviness"])),
        "price_sensitivity": level(float(a["price_sensitivity"])),
        "brand_awareness": level(float(a["brand_awareness"])),
        "privacy_consciousness": level(float(a["privacy_pref"])),
        "city_tier": str(a["city_tier"]),
        "income_level": str(a["income_level"]),
        "preferred_media": str(a["primary_media"]),
        "device_count": f"{float(a['device_count']):.1f} devices",
        "emi_usage_likelihood": f"{100 * emi_share:.1f}%",
    }


def persona(p: Persona, seg: Segment) -> dict[str, Any]:
    """Seed 000's persona object, plus ``profile`` and ``evidence``."""
    if not isinstance(p.facts, GoalPersonaFacts) or p.anchor is None:
        raise TypeError(f"Persona {p.persona_id!r} is not a goal-run persona.")
    a = p.attributes
    return {
        "persona_id": p.persona_id,
        "cluster_id": p.segment_id,
        "persona_name": f"{p.name} — {p.title}",
        "demographics": f"{age_band(int(a['age']))} • {income_band(float(a['monthly_income_inr']))} • "
        f"{a['city_tier']} city ({a['city']})",
        "care_about_top2": p.cares[:2],
        "barriers_top1": p.barriers[0],
        "media_preference": ", ".join(p.facts.media),
        "cluster_linkage": f"Cluster #{seg.segment_id} — {seg.label}",
        "behavioral_score": f"{p.facts.relevance:.2f} ({relevance_label(p.facts.relevance)})",
        "personality_traits": personality_traits(p, seg),
        "chat_personality": p.narrative,
        "profile": _profile(p, seg),
        "evidence": [evidence(e) for e in p.evidence],
    }


def _profile(p: Persona, seg: Segment) -> dict[str, Any]:
    a = p.attributes
    assert p.anchor is not None
    return {
        "name": p.name,
        "first_name": p.name.split(" ")[0],
        "title": p.title,
        "age": int(a["age"]),
        "gender": str(a["gender"]),
        "city": str(a["city"]),
        "state": str(a["state"]),
        "city_tier": str(a["city_tier"]),
        "occupation": str(a["occupation"]),
        "education_level": str(a["education_level"]),
        "marital_status": str(a["marital_status"]),
        "parenting_stage": str(a["parenting_stage"]),
        "num_children": int(a["num_children"]),
        "monthly_income_inr": int(a["monthly_income_inr"]),
        "language": str(a["primary_language"]),
        "preferred_channel": str(a["preferred_channel"]),
        "anchor_user_id": p.anchor.member_id,
        "cluster_label": seg.label,
        "care_about": p.cares,
        "barrier": p.barriers[0],
        **anchor_context(a),
    }


def anchor_context(a: dict[str, Any]) -> dict[str, Any]:
    """Household income, main festival and interests of the anchor, when its row has them.

    ``interests`` are the anchor's interest columns at the high level (``band``), highest
    first, at most three, e.g. ``["gaming", "tech"]``; an empty list when none is high.
    """
    out: dict[str, Any] = {}
    if "household_income_inr" in a:
        out["household_income_inr"] = int(a["household_income_inr"])
    if a.get("main_festival") not in (None, "", "nan"):
        out["main_festival"] = str(a["main_festival"])
    scores = {c: float(a[c]) for c in INTERESTS if c in a}
    if scores:
        high = sorted((c for c, v in scores.items() if band(c, v) == "high"), key=lambda c: -scores[c])
        out["interests"] = [c.removeprefix("interest_") for c in high[:3]]
    return out


def read_evidence(rec: dict[str, Any]) -> Evidence:
    """The core :class:`Evidence` behind one of :func:`evidence`'s records (values as rounded there).

    Examples
    --------
    >>> ev = Evidence("care_about_top2", "low income", "mean", 1739.7, baseline=12809.9, effect_size=0.56,
    ...               columns=("monthly_income_inr",), segment_id=1)
    >>> read_evidence(evidence(ev)) == ev
    True
    """
    columns = rec.get("columns") or ([rec["column"]] if rec.get("column") else [])
    has_baseline = "audience_value" in rec
    return Evidence(
        field=str(rec.get("field", "")),
        claim=str(rec.get("claim", "")),
        statistic=str(rec.get("statistic") or MEMBER_MEAN),
        value=float(rec.get("cluster_value", 0.0)),
        baseline=float(rec["audience_value"]) if has_baseline else None,
        effect_size=float(rec["effect_size"])
        if has_baseline and rec.get("effect_size") is not None
        else None,
        columns=tuple(str(c) for c in columns),
        category=None if rec.get("value") is None else str(rec["value"]),
        segment_id=None if rec.get("cluster_id") is None else int(rec["cluster_id"]),
        member_id=None if rec.get("user_id") is None else int(rec["user_id"]),
    )


def persona_values(p: Persona) -> dict[str, Any]:
    """What a stored goal run keeps of a persona beyond its seed-000 JSON, so it reads back exactly.

    The JSON shows the anchor's scores as level words ("High") and rounds evidence to four
    decimals; this keeps the anchor's values (``attributes``) and the unrounded numbers of
    each evidence record (``evidence``: ``[value, baseline, effect_size]`` in order). Give it
    back to :func:`read_persona` (``values=``).

    Examples
    --------
    >>> p = Persona("dyn_1_0", 1, "Asha", attributes={"tech_savviness": 0.81234567},
    ...             evidence=[Evidence("title", "high tech savviness", "mean", 0.7123456, baseline=0.5)])
    >>> persona_values(p)
    {'attributes': {'tech_savviness': 0.81234567}, 'evidence': [[0.7123456, 0.5, None]]}
    """
    return {
        "attributes": to_jsonable(p.attributes),
        "evidence": [[e.value, e.baseline, e.effect_size] for e in p.evidence],
    }


def _read_evidence_list(records: Any, values: dict[str, Any] | None) -> list[Evidence]:
    """The evidence records that parse (a client's loose dict may carry others), unrounded when known."""
    out = []
    for rec in records or []:
        try:
            out.append(read_evidence(rec))
        except (TypeError, ValueError, AttributeError):
            continue
    exact = (values or {}).get("evidence")
    if isinstance(exact, list) and len(exact) == len(out):
        out = [
            replace(ev, value=float(v), baseline=b, effect_size=e)
            for ev, (v, b, e) in zip(out, exact, strict=True)
        ]
    return out


def read_persona(data: dict[str, Any], values: dict[str, Any] | None = None) -> Persona:
    """The core :class:`Persona` behind a stored seed-000 persona (a run's JSON, e.g. from the store).

    Name, title, cares, barriers, anchor, media, goal relevance and evidence come back as
    :func:`persona` wrote them (numbers rounded as there); ``attributes`` are the profile's
    values (the anchor's columns the JSON keeps). With ``values`` (what
    :func:`persona_values` kept when the run was stored) the anchor's own values and the
    unrounded evidence come back too, so :func:`trait_words` gives the trait words again.
    A loose dict (fields missing, evidence records that do not parse) reads as far as it goes.
    Used to render a stored persona (a persona card) and by the chat.

    Examples
    --------
    >>> p = read_persona({"persona_id": "dyn_1_0", "cluster_id": 1, "persona_name": "Asha Rao — Tech Mom",
    ...                   "care_about_top2": ["Quality"], "barriers_top1": "Price",
    ...                   "media_preference": "Instagram, YouTube",
    ...                   "behavioral_score": "0.81 (High relevance)"})
    >>> p.name, p.title, p.facts.media, p.facts.relevance
    ('Asha Rao', 'Tech Mom', ['Instagram', 'YouTube'], 0.81)
    """
    profile = dict(data.get("profile") or {})
    shown_name, _, title = str(data.get("persona_name") or "").partition(" — ")
    name = str(profile.get("name") or shown_name)
    evidence_list = _read_evidence_list(data.get("evidence"), values)
    anchor_id = profile.get("anchor_user_id")
    distance = next((e for e in evidence_list if e.statistic == DISTANCE), None)
    anchor = None
    if isinstance(anchor_id, int | float) and not isinstance(anchor_id, bool):
        anchor = Anchor(int(anchor_id), distance.value if distance is not None else float("nan"))
    score = str(data.get("behavioral_score") or "").split(" ")[0]
    media = [m.strip() for m in str(data.get("media_preference") or "").split(",") if m.strip()]
    attributes = {k: v for k, v in profile.items() if k not in ("name", "first_name", "title")}
    kept = (values or {}).get("attributes")
    if isinstance(kept, dict):
        attributes = {**attributes, **kept}
    barrier = data.get("barriers_top1") or profile.get("barrier")
    cluster = data.get("cluster_id")
    return Persona(
        persona_id=str(data.get("persona_id", "")),
        segment_id=int(cluster) if isinstance(cluster, int | float) and not isinstance(cluster, bool) else 0,
        name=name.strip(),
        title=(title or str(profile.get("title") or "")).strip(),
        narrative=str(data.get("chat_personality") or ""),
        anchor=anchor,
        attributes=attributes,
        cares=[str(c) for c in profile.get("care_about") or data.get("care_about_top2") or [] if c],
        barriers=[str(barrier)] if barrier else [],
        evidence=evidence_list,
        facts=GoalPersonaFacts(
            media=media,
            relevance=float(score) if score.replace(".", "", 1).isdigit() else float("nan"),
            relevance_columns=(),
        ),
    )
