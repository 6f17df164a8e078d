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
from synthpersona.personas._stats import ClusterStats, TraitStat, mode_share, text_values, top_distinct
from synthpersona.personas._traits import DEFAULT_BARRIER, DEFAULT_CARE, bands
from synthpersona.personas._words import Used, barrier, cares, level_codes, title_adjective
from synthpersona.schema import INTERESTS

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


# An anchor is chosen among the members nearest their segment centre: at most this
# distance percentile (the share of members closer to the centre, 0-100).
ANCHOR_MAX_PERCENTILE = 25.0
# The evidence statistic stating an anchor's distance percentile.
DISTANCE_PERCENTILE = "distance_percentile"
# Columns whose levels make two anchors different people (besides gender, occupation, age).
_DIVERSITY_SCORES = ("tech_savviness", "price_sensitivity", "brand_awareness", "privacy_pref")


def _agrees(members: pd.DataFrame, traits: list[TraitStat], *, lean: bool = True) -> np.ndarray:
    """Which members are not at the opposite level of any of ``traits`` (category: have the value).

    ``lean``: for a word true twice, the member also leans its way (is on its side of the audience).
    """
    ok = np.ones(len(members), dtype=bool)
    for s in traits:
        col = members[s.trait.column]
        if s.statistic == "value_share":
            ok &= text_values(col) == s.trait.value
            continue
        values = col.to_numpy(dtype=np.float64)
        low, high = bands(s.trait.column)
        ok &= values >= low if s.trait.direction == "high" else values < high
        if lean and s.true_twice:  # the word itself: the member leans its way too
            sign = 1.0 if s.trait.direction == "high" else -1.0
            ok &= sign * (values - s.audience_value) >= 0
    return ok


def _profile_codes(members: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """Codes of who the members of ``rows`` are: gender, occupation, city tier, age decade, score levels."""
    cols = [text_values(members[c])[rows] for c in ("gender", "occupation", "city_tier")]
    cols.append((members["age"].to_numpy()[rows] // 10).astype(str))
    cols += [level_codes(members[c].to_numpy(dtype=np.float64)[rows]) for c in _DIVERSITY_SCORES]
    return np.column_stack(cols)


def _choose_anchors(
    members: pd.DataFrame, dist: np.ndarray, n: int, agree: list[np.ndarray] | None = None
) -> list[int]:
    """Positions (in ``members``) of ``n`` typical members who are different people.

    Candidates are the nearest quartile of members to the centre (``ANCHOR_MAX_PERCENTILE``)
    that agree with the segment's headline (``agree``: masks from strictest to loosest, the
    last one the floor every anchor must pass: "at the opposite level of no label word";
    the first leaving ``n`` candidates is used). Fewer than ``n`` (even none) are returned
    when fewer near members pass the floor: every anchor is one ``verify`` accepts.
    The first anchor is the nearest candidate; each next one differs most from those
    chosen in gender, occupation, city tier, age decade and attitude levels (ties go to
    the nearer), so the personas cover the segment's variation while each stays typical.
    """
    percentile = 100.0 * np.searchsorted(np.sort(dist), dist, side="left") / max(len(dist), 1)
    near = percentile <= ANCHOR_MAX_PERCENTILE
    pool_mask = near & agree[-1] if agree else near
    for mask in (agree or [])[:-1]:
        if int((pool_mask & mask).sum()) >= n:
            pool_mask = pool_mask & mask
            break
    pool = np.flatnonzero(pool_mask)
    if pool.size == 0:  # no typical member carries the headline: no persona rather than a false one
        return []
    pool = pool[np.argsort(dist[pool], kind="stable")]
    codes = _profile_codes(members, pool)
    chosen = [0]
    rank_penalty = np.arange(len(pool)) / (len(pool) + 1.0)
    while len(chosen) < min(n, len(pool)):
        diff = np.min(np.stack([(codes != codes[j]).sum(axis=1) for j in chosen]), axis=0).astype(float)
        score = diff - rank_penalty
        score[chosen] = -np.inf
        chosen.append(int(np.argmax(score)))
    return [int(pool[i]) for i in chosen]


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
    >>> from synthpersona.personas import compute_stats, profile_clusters
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
    headline = top_distinct(ctx.stats.traits[c], 3)
    # Strictest first: agree with all three headline traits, then the first two, then one;
    # the floor: at the opposite level of no word of the label (what ``verify`` checks).
    agree = [_agrees(members, headline[:j]) for j in range(len(headline), 0, -1)]
    words = {part.split(" (")[0].strip() for part in seg.label.split(" • ")}
    agree.append(
        _agrees(members, [s for s in ctx.stats.traits[c] if s.true_twice and s.label in words], lean=False)
    )
    anchors = _choose_anchors(members, dist, count, agree)
    if isinstance(seg.facts, GoalSegmentFacts):
        seg.facts.personas_count = len(anchors)  # what was built (fewer when few members are typical)
    media_counts = members["primary_media"].astype(str).value_counts(normalize=True)
    used = Used()
    return [
        _persona(ctx, seg, members.iloc[pos], dist, pos, i, media_counts, used)
        for i, pos in enumerate(anchors)
    ]


def _persona(
    ctx: _Context,
    seg: Segment,
    row: pd.Series,
    dist: np.ndarray,
    pos: int,
    i: int,
    media_counts: pd.Series,
    used: Used,
) -> Persona:
    """One persona anchored on ``row``: a pipeline of named steps, each adding its evidence."""
    c = seg.segment_id - 1
    stats = ctx.stats.traits[c]
    seg_means = ctx.stats.numeric_means.iloc[c]
    anchor = _anchor(row, dist, pos)
    name = _name(ctx, row)
    adjective, title_ev = title_adjective(stats, row, seg_means, seg.segment_id, used)
    care_texts, care_ev = cares(stats, row, seg_means, seg.segment_id, used, DEFAULT_CARE)
    barriers, barrier_ev = barrier(stats, row, seg_means, seg.segment_id, used, DEFAULT_BARRIER)
    media, media_ev = _media(row, media_counts, seg.segment_id)
    relevance, relevance_ev = _relevance(row, ctx.relevance_columns, seg.segment_id)
    evidence = [
        Evidence(
            field="demographics",
            claim="anchored on a real member near the segment centre",
            statistic=DISTANCE,
            value=anchor.distance,
            n=len(dist),
            segment_id=seg.segment_id,
            member_id=anchor.member_id,
        ),
        Evidence(
            field="demographics",
            claim=f"nearer the segment centre than {100 - (anchor.distance_percentile or 0):.0f}% of members",
            statistic=DISTANCE_PERCENTILE,
            value=float(anchor.distance_percentile or 0.0),
            n=len(dist),
            thresholds=(("max_percentile", ANCHOR_MAX_PERCENTILE),),
            segment_id=seg.segment_id,
            member_id=anchor.member_id,
        ),
        *title_ev,
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
        title=f"{adjective} {_life_noun(row)}",
        anchor=anchor,
        attributes=attributes,
        cares=care_texts,
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
    "main_festival",
    *INTERESTS,
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


def _name(ctx: _Context, row: pd.Series) -> str:
    """A name for the anchor's state and gender, not yet used in the run.

    Seeded by ``random_state`` and the anchor member, so a run is reproducible while
    different goals (other anchors) draw different names.
    """
    seed = int(np.random.SeedSequence([ctx.random_state, int(row["user_id"])]).generate_state(1)[0])
    religion = row.get("religion")  # the anchor's community, when the population has it
    community = str(religion).lower() if isinstance(religion, str) else None
    name = pick_name(str(row["state"]), str(row["gender"]), seed, ctx.taken, community=community)
    ctx.taken.add(name)
    return name


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
    media = p.facts.media if isinstance(p.facts, GoalPersonaFacts) else []
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
