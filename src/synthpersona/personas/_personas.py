"""Goal personas (core :class:`~synthpersona.model.Persona`), each anchored on a member near the centre."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.model import (
    DISTANCE,
    MEMBER_MEAN,
    SHARE,
    VALUE_SHARE,
    Anchor,
    Evidence,
    GoalPersonaFacts,
    GoalSegmentFacts,
    Persona,
    Segment,
)
from synthpersona.personas._names import pick_name
from synthpersona.personas._profiles import _template
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


@dataclass
class _Context:
    """What every persona of one run is built from (one per :func:`build_personas` call)."""

    df: pd.DataFrame
    labels: np.ndarray
    distances: np.ndarray
    stats: ClusterStats
    relevance_columns: tuple[str, ...]
    random_state: int
    taken: set[str] = field(default_factory=set)  # names already given in this run


def build_personas(
    df: pd.DataFrame,
    labels: np.ndarray,
    distances: np.ndarray,
    segments: list[Segment],
    stats: ClusterStats,
    *,
    domain: str = "general",
    relevance_columns: tuple[str, ...] = (),
    random_state: int = 0,
) -> dict[int, list[Persona]]:
    """Build ``personas_count`` personas for every segment of a goal run.

    Each persona is anchored on a real member near the segment centre who leans the way of
    the segment's headline traits; its name, title, cares, barrier, media and chat narrative
    come from that member and the segment's statistics, each claim with its evidence.

    Parameters
    ----------
    df, labels, distances
        The audience, each row's cluster (``0..k-1``) and its distance to the cluster centre.
    segments, stats
        From :func:`profile_clusters` and :func:`compute_stats`.
    domain, relevance_columns
        The goal's domain and the columns its filters name (they make the behavioural score).
    random_state
        Seed of the name choice.

    Returns
    -------
    dict
        ``segment_id -> [Persona, ...]`` with ids ``dyn_{segment_id}_{i}``; seed 000's persona
        shape is :func:`synthpersona.views.seed000.persona`.

    Examples
    --------
    >>> from synthpersona.population import generate
    >>> from synthpersona.personas import compute_stats, profile_clusters
    >>> from synthpersona.segmentation import ClusteringParams, segment
    >>> df = generate(2000, random_state=0)
    >>> seg = segment(df, params=ClusteringParams(k_min=2, k_max=3))
    >>> stats = compute_stats(df, seg.labels, seg.k)
    >>> segments = profile_clusters(df, seg.labels, centroids=seg.clustering.centroids,
    ...     distances=seg.distances, silhouette_by_cluster=seg.clustering.silhouette_by_cluster, stats=stats)
    >>> personas = build_personas(df, seg.labels, seg.distances, segments, stats)
    >>> personas[1][0].persona_id
    'dyn_1_0'
    """
    rel_cols = tuple(c for c in (relevance_columns or DOMAIN_RELEVANCE.get(domain, ())) if c in df.columns)
    ctx = _Context(
        df=df,
        labels=np.asarray(labels),
        distances=np.asarray(distances),
        stats=stats,
        relevance_columns=rel_cols or DOMAIN_RELEVANCE["general"],
        random_state=random_state,
    )
    return {seg.segment_id: _segment_personas(ctx, seg) for seg in segments}


def _segment_personas(ctx: _Context, seg: Segment) -> list[Persona]:
    """The personas of one segment: choose anchors, then describe each."""
    c = seg.segment_id - 1
    idx = np.flatnonzero(ctx.labels == c)
    if idx.size == 0:
        return []
    members, dist = ctx.df.iloc[idx], ctx.distances[idx]
    count = seg.facts.personas_count if isinstance(seg.facts, GoalSegmentFacts) else 2
    agree = _agrees(members, top_distinct(ctx.stats.traits[c], 3))
    anchors = _choose_anchors(members, dist, count, agree)
    media_counts = members["primary_media"].astype(str).value_counts(normalize=True)
    return [
        _persona(ctx, seg, members.iloc[pos], dist, pos, i, media_counts) for i, pos in enumerate(anchors)
    ]


def _persona(
    ctx: _Context,
    seg: Segment,
    row: pd.Series,
    dist: np.ndarray,
    pos: int,
    i: int,
    media_counts: pd.Series,
) -> Persona:
    """One persona anchored on ``row``: a pipeline of named steps, each adding its evidence."""
    stats = ctx.stats.traits[seg.segment_id - 1]
    anchor = _anchor(row, dist, pos)
    name, title = _name_and_title(ctx, seg, row, i)
    cares, care_ev = _cares(stats, row, ctx.stats.audience_means, seg.segment_id)
    barriers, barrier_ev = _barriers(stats, row, ctx.stats.audience_means, seg.segment_id)
    media, media_ev = _media(row, media_counts, seg.segment_id)
    relevance, relevance_ev = _relevance(row, ctx.relevance_columns, seg.segment_id)
    evidence = [
        Evidence(
            field="demographics",
            claim="anchored on a real member near the cluster centre",
            statistic=DISTANCE,
            value=anchor.distance,
            n=len(dist),
            segment_id=seg.segment_id,
            member_id=anchor.member_id,
        ),
        *care_ev,
        *barrier_ev,
        media_ev,
        relevance_ev,
        _emi_evidence(seg),
    ]
    attributes = {col: _plain(row[col]) for col in ANCHOR_COLUMNS if col in row.index}
    persona = Persona(
        persona_id=f"dyn_{seg.segment_id}_{i}",
        segment_id=seg.segment_id,
        name=name,
        title=title,
        anchor=anchor,
        attributes=attributes,
        cares=cares,
        barriers=barriers,
        evidence=evidence,
        facts=GoalPersonaFacts(media=media, relevance=relevance, relevance_columns=ctx.relevance_columns),
    )
    persona.narrative = _chat_narrative(persona, seg, row)
    return persona


# The anchor's columns a goal persona carries as attributes (the seed 000 views read them).
ANCHOR_COLUMNS = (
    "age",
    "gender",
    "city",
    "state",
    "city_tier",
    "occupation",
    "education_level",
    "marital_status",
    "parenting_stage",
    "has_children",
    "num_children",
    "monthly_income_inr",
    "income_level",
    "household_income_inr",
    "household_income_level",
    "primary_language",
    "preferred_channel",
    "primary_media",
    "device_count",
    "tech_savviness",
    "price_sensitivity",
    "brand_awareness",
    "privacy_pref",
)


def _plain(value: Any) -> Any:
    """A numpy / pandas scalar as the plain Python value (category values as text)."""
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        return float(value)
    return value if isinstance(value, int) else str(value)


def _anchor(row: pd.Series, dist: np.ndarray, pos: int) -> Anchor:
    d = float(dist[pos])
    return Anchor(
        member_id=int(row["user_id"]),
        distance=d,
        distance_percentile=100.0 * float((dist < d).mean()),
    )


def _name_and_title(ctx: _Context, seg: Segment, row: pd.Series, i: int) -> tuple[str, str]:
    """A regional name not yet used in the run, and a title from the segment's headline trait."""
    seed = int(np.random.SeedSequence([ctx.random_state, seg.segment_id, i]).generate_state(1)[0])
    name = pick_name(str(row["state"]), str(row["gender"]), seed, ctx.taken)
    ctx.taken.add(name)
    headline = top_distinct(ctx.stats.traits[seg.segment_id - 1], 1)
    adjective = ADJECTIVES.get(headline[0].trait.label, headline[0].trait.label) if headline else "Everyday"
    return name, f"{adjective} {_life_noun(row)}"


def _cares(
    stats: list[TraitStat], row: pd.Series, audience: pd.Series, segment_id: int
) -> tuple[list[str], list[Evidence]]:
    """The two things the persona cares about most (segment traits ranked for this member)."""
    texts: list[str] = []
    evidence: list[Evidence] = []
    for s in _personal_rank(stats, row, "care", audience):
        if s.trait.care not in texts:
            texts.append(s.trait.care)
            evidence.append(s.to_evidence("care_about_top2", segment_id))
        if len(texts) == 2:
            break
    for fallback in DEFAULT_CARE:
        if len(texts) < 2 and fallback not in texts:
            texts.append(fallback)
    return texts, evidence


def _barriers(
    stats: list[TraitStat], row: pd.Series, audience: pd.Series, segment_id: int
) -> tuple[list[str], list[Evidence]]:
    """The persona's main barrier (the default one when no segment trait names one)."""
    ranked = _personal_rank(stats, row, "barrier", audience)
    if not ranked:
        return [DEFAULT_BARRIER], []
    return [ranked[0].trait.barrier], [ranked[0].to_evidence("barriers_top1", segment_id)]


def _media(row: pd.Series, media_counts: pd.Series, segment_id: int) -> tuple[list[str], Evidence]:
    """The anchor's own media, then the segment's most common other one."""
    own = str(row["primary_media"])
    others = [m for m in media_counts.index if m != own]
    media = [own, *others[:1]]
    evidence = Evidence(
        field="media_preference",
        claim=", ".join(media),
        statistic=VALUE_SHARE,
        value=float(media_counts.get(others[0], 0.0)) if others else 1.0,
        columns=("primary_media",),
        category=others[0] if others else own,
        segment_id=segment_id,
    )
    return media, evidence


def _relevance(row: pd.Series, columns: tuple[str, ...], segment_id: int) -> tuple[float, Evidence]:
    """How well the anchor matches the goal: the mean of its goal-relevant 0-1 scores."""
    rel = float(np.mean([float(row[col]) for col in columns]))
    evidence = Evidence(
        field="behavioral_score",
        claim="mean of the member's goal-relevant scores",
        statistic=MEMBER_MEAN,
        value=rel,
        columns=columns,
        segment_id=segment_id,
        member_id=int(row["user_id"]),
    )
    return rel, evidence


def _emi_evidence(seg: Segment) -> Evidence:
    return Evidence(
        field="personality_traits.emi_usage_likelihood",
        claim="share using EMI",
        statistic=SHARE,
        value=float(seg.statistics["emi_share"]),
        n=seg.size,
        columns=("emi_flag",),
        segment_id=seg.segment_id,
    )


def _chat_narrative(p: Persona, seg: Segment, row: pd.Series) -> str:
    """The persona in the second person, for the chat engines (every number from the data)."""
    emi_share = float(seg.statistics["emi_share"])
    media = p.facts.media if p.facts is not None else []
    return _template("chat_personality.txt").substitute(
        name=p.name,
        age=int(row["age"]),
        gender=str(row["gender"]).lower(),
        occupation=_occupation_text(row),
        city=row["city"],
        state=row["state"],
        tier=row["city_tier"],
        language=row["primary_language"],
        family=_family_text(row),
        # The prompt says "monthly household income": the household's, not the person's own.
        income=f"₹{int(row.get('household_income_inr', row['monthly_income_inr'])):,}",
        tech=level(float(row["tech_savviness"])).lower(),
        price=level(float(row["price_sensitivity"])).lower(),
        brand=level(float(row["brand_awareness"])).lower(),
        privacy=level(float(row["privacy_pref"])).lower(),
        care1=p.cares[0].lower(),
        care2=p.cares[1].lower(),
        barrier=p.barriers[0].lower(),
        media=", ".join(media),
        channel=str(row["preferred_channel"]).lower(),
        emi="often" if emi_share >= 0.5 else "sometimes" if emi_share >= 0.25 else "rarely",
        segment=seg.label,
    )


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


__all__ = ["build_personas", "mode_share"]
