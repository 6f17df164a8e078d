"""Every trait word a privacy-protected goal persona states is re-derived from the rows (issue 21).

A protected persona shows no anchor, so its cares, barrier and title adjective must hold for
its segment (recomputed here from the audience rows with the word's rule) or follow from a
fact it still states (its trait levels, device count, a category it shows, an exact or banded
age or income wholly inside the word's band: recomputed here from the band functions). The
title's life noun must rest on facts it shows. Before the protection replaced the words only
the anchor backed, a 6,000-customer run stated such words; the checker finds them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from synthpersona.personas import age_band, band, income_band
from synthpersona.personas._traits import ADJECTIVES, CATEGORICAL_TRAITS, NUMERIC_TRAITS, Trait
from synthpersona.personas.rules import trait_rule
from synthpersona.population import generate
from synthpersona.trust import k_anonymous_anchor, protect_goal_persona, protected_claim_mismatches
from synthpersona.usecases.goals import GoalRun, run_goal
from synthpersona.views import seed000

GOALS = ["affluent professionals in metro cities", "retired people interested in health"]
TRAITS = NUMERIC_TRAITS + CATEGORICAL_TRAITS
_SCORES = {
    "tech_savviness": "tech_savviness",
    "price_sensitivity": "price_sensitivity",
    "brand_awareness": "brand_awareness",
    "privacy_pref": "privacy_consciousness",
}
_CATEGORY = ("city_tier", "occupation", "gender", "parenting_stage", "income_level", "preferred_channel")


@pytest.fixture(scope="module")
def runs() -> list[GoalRun]:
    people = generate(6_000, random_state=4)
    return [run_goal(goal, k_max=4, population=people) for goal in GOALS]


def _segment_says(audience: pd.DataFrame, inside: np.ndarray, t: Trait) -> bool:
    col = audience[t.column]
    if t.direction == "is":
        hit = (col.astype(str) == t.value).astype(float)
        p = hit.mean()
        return trait_rule(t).verdict(hit[inside].mean(), p, np.sqrt(p * (1 - p)), tol=1e-3) == "word"
    x = col.astype(float)
    return trait_rule(t).verdict(x[inside].mean(), x.mean(), x.std(ddof=0), tol=1e-3) == "word"


def _levels(t: Trait, p: dict[str, Any]) -> set[str]:
    """The levels of ``t`` the persona's stated facts allow (empty: they state nothing about it)."""
    prof, traits = p["profile"], p["personality_traits"]
    if t.direction == "is":
        if t.column == "primary_media":
            return {"is" if p["media_preference"].split(", ")[0] == t.value else "not"}
        if t.column in _CATEGORY and t.column in prof:
            return {"is" if str(prof[t.column]) == t.value else "not"}
        return set()
    if t.column in _SCORES:
        return {{"High": "high", "Low": "low", "Medium": "mid"}[traits[_SCORES[t.column]]]}
    if t.column == "device_count":
        return {band("device_count", float(traits["device_count"].split()[0]))}
    if t.column == "has_children" and prof.get("parenting_stage") in (
        "Infant",
        "Toddler",
        "School-age",
        "Teen",
    ):
        return {"high"}
    shown = str(prof.get(t.column, ""))
    if t.column == "age" and shown:
        return {band("age", a) for a in range(18, 100) if str(a) == shown or age_band(a) == shown}
    if t.column == "monthly_income_inr" and shown:
        return {
            band(t.column, v) for v in range(0, 1_000_000, 500) if str(v) == shown or income_band(v) == shown
        }
    return set()


def _backed(word: str, p: dict[str, Any], audience: pd.DataFrame, inside: np.ndarray) -> bool:
    traits = [t for t in TRAITS if word in (t.care, t.barrier, ADJECTIVES.get(t.label, t.label))]
    if not traits:  # a default care or barrier, or "Everyday": no trait claimed
        return True
    for t in traits:
        said = _levels(t, p)
        opposite = {"is": "not", "high": "low", "low": "high"}.get(t.direction, "")
        if opposite in said and len(said) == 1:
            continue
        if _segment_says(audience, inside, t):
            return True
        seg = band(t.column, audience[t.column].astype(float)[inside].mean()) if t.direction != "is" else ""
        if said == {t.direction if t.direction != "is" else "is"} and seg != opposite:
            return True
    return False


def _words(p: dict[str, Any]) -> list[str]:
    title = p["profile"]["title"]
    nouns = ("Young Professional", "Professional", "Shopper", "Mom", "Dad", "Parent", "Student", "Retiree",
             "Homemaker", "Entrepreneur", "Freelancer", "Self-starter", "Job Seeker")  # fmt: skip
    noun = next(n for n in nouns if title == n or title.endswith(" " + n))
    return [*p["care_about_top2"], p["barriers_top1"], title[: len(title) - len(noun)].strip()]


def test_every_word_of_a_protected_persona_is_recomputed_from_the_rows(runs: list[GoalRun]) -> None:
    checked = 0
    for run in runs:
        labels = run.segmentation.labels + 1
        for cid, plist in run.to_dict()["personas"].items():
            for p in plist:
                assert "anchor_user_id" not in p["profile"]
                for word in _words(p):
                    assert _backed(word, p, run.audience, labels == int(cid)), (p["persona_id"], word)
                    checked += 1
                assert protected_claim_mismatches(p, run.audience, labels == int(cid)) == []
    assert checked >= 40


def test_the_check_finds_the_words_only_the_withheld_anchor_backed(runs: list[GoalRun]) -> None:
    found = recomputed = 0
    for run in runs:
        labels = run.segmentation.labels + 1
        people = run.audience.set_index("user_id", drop=False)
        for seg in run.segments:
            for p in run.personas[seg.segment_id]:
                assert p.anchor is not None
                anchor = {str(c): v for c, v in people.loc[p.anchor.member_id].items()}
                kept, _, _ = k_anonymous_anchor(run.audience, anchor, 5)
                bare = protect_goal_persona(seed000.persona(p, seg), kept)  # without the word check
                inside = labels == seg.segment_id
                flagged = {m.claim for m in protected_claim_mismatches(bare, run.audience, inside)}
                found += len(flagged)
                recomputed += sum(not _backed(w, bare, run.audience, inside) for w in _words(bare))
                assert all(not _backed(w, bare, run.audience, inside) for w in flagged if w in _words(bare))
    assert found >= 5 and recomputed >= 5  # such words were shown before, and both checks see them
