"""A persona's trait words (title adjective, cares, barrier), each true for it and its segment.

A word comes either from the segment (a :class:`TraitStat` true twice: against the
audience and at an absolute level) that the anchor's own level does not contradict, or
from the anchor's own level (its own score is in the word's band) where the segment's
level does not contradict it. Sibling personas of one segment prefer words the others
have not used, so they read as different people while each word stays true.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.model import Evidence
from synthpersona.personas._stats import TraitStat, top_distinct
from synthpersona.personas._traits import (
    ADJECTIVES,
    CATEGORICAL_TRAITS,
    NUMERIC_TRAITS,
    Trait,
    band,
    bands,
)
from synthpersona.personas.rules import trait_rule

# The statistic of a word backed by the anchor's own value (not by the segment).
MEMBER_VALUE = "member_value"


def own_level(trait: Trait, row: pd.Series | Mapping[str, Any]) -> str:
    """A member's own level for ``trait``: its band, or ``"is"``/``"not"`` for a category."""
    if trait.direction == "is":
        return "is" if str(row[trait.column]) == trait.value else "not"
    return band(trait.column, float(row[trait.column]))


def opposite(trait: Trait, level: str) -> bool:
    """``level`` says the opposite of ``trait``'s word (a low income under "Affluent")."""
    if trait.direction == "is":
        return level == "not"
    return level == ("low" if trait.direction == "high" else "high")


@dataclass
class Used:
    """Words the personas of one segment already carry (so siblings differ)."""

    adjectives: set[str] = field(default_factory=set)
    cares: set[str] = field(default_factory=set)
    barriers: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Word:
    trait: Trait
    score: float
    stat: TraitStat | None  # the segment's statistic; None when the anchor's own value backs it

    def evidence(self, field_: str, segment_id: int, row: pd.Series) -> Evidence:
        if self.stat is not None:
            return self.stat.to_evidence(field_, segment_id)
        col = self.trait.column
        # The anchor's own value: only the word's absolute half applies (its rule's level cuts).
        cuts = trait_rule(self.trait).level_cuts if self.trait.direction != "is" else ()
        value = float(row[col]) if self.trait.direction != "is" else 1.0
        return Evidence(
            field=field_,
            claim=self.trait.phrase,
            statistic=MEMBER_VALUE,
            value=value,
            thresholds=cuts,
            columns=(col,),
            category=self.trait.value,
            segment_id=segment_id,
            member_id=int(row["user_id"]),
        )


def _lean(trait: Trait, row: pd.Series | Mapping[str, Any]) -> float:
    """How far the member's own value is past the word's threshold, relative to it."""
    if trait.direction == "is":
        return 0.5
    low, high = bands(trait.column)
    value = float(row[trait.column])
    if trait.direction == "high":
        return (value - high) / max(abs(high), 1e-9)
    return (low - value) / max(abs(low), 1e-9)


def _candidates(
    stats: list[TraitStat], row: pd.Series, seg_means: pd.Series, attr: str
) -> tuple[list[_Word], list[_Word]]:
    """(segment words, own words) carrying ``attr`` (``care``/``barrier``), best first."""
    values: dict[str, Any] = {str(k): v for k, v in row.items()}  # plain look-ups, one per trait
    seg: list[_Word] = []
    for s in stats:
        if getattr(s.trait, attr) and s.true_twice and not opposite(s.trait, own_level(s.trait, values)):
            seg.append(_Word(s.trait, s.effect + 0.5 * max(_lean(s.trait, values), -1.0), s))
    in_seg = {w.trait for w in seg}
    own: list[_Word] = []
    for t in NUMERIC_TRAITS + CATEGORICAL_TRAITS:
        if not getattr(t, attr) or t in in_seg or t.column not in values:
            continue
        if t.direction == "is":
            if own_level(t, values) == "is":
                own.append(_Word(t, _lean(t, values), None))
            continue
        if own_level(t, values) != t.direction or t.column not in seg_means.index:
            continue
        if not opposite(t, band(t.column, float(seg_means[t.column]))):
            own.append(_Word(t, _lean(t, values), None))
    seg.sort(key=lambda w: -w.score)
    own.sort(key=lambda w: (-w.score, w.trait.column))
    return seg, own


def _first_unused(words: list[_Word], used: set[str], attr: str, taken: list[str]) -> _Word | None:
    """The best word not used by a sibling (else the best one) and not already on this persona."""
    fresh = [w for w in words if getattr(w.trait, attr) not in taken]
    for w in fresh:
        if getattr(w.trait, attr) not in used:
            return w
    return fresh[0] if fresh else None


def cares(
    stats: list[TraitStat],
    row: pd.Series,
    seg_means: pd.Series,
    segment_id: int,
    used: Used,
    defaults: tuple[str, ...],
) -> tuple[list[str], list[Evidence]]:
    """Two cares: the segment's strongest one for this member, then one of the member's own."""
    seg, own = _candidates(stats, row, seg_means, "care")
    texts: list[str] = []
    evidence: list[Evidence] = []
    for pool in (seg, own, seg + own):
        if len(texts) == 2:
            break
        word = _first_unused(pool, used.cares, "care", texts)
        if word is not None:
            texts.append(word.trait.care)
            evidence.append(word.evidence("care_about_top2", segment_id, row))
    for fallback in defaults:
        if len(texts) < 2 and fallback not in texts:
            texts.append(fallback)
    used.cares.update(texts)
    return texts, evidence


def barrier(
    stats: list[TraitStat],
    row: pd.Series,
    seg_means: pd.Series,
    segment_id: int,
    used: Used,
    default: str,
) -> tuple[list[str], list[Evidence]]:
    """The member's main barrier: a segment one, else its own, else ``default``."""
    seg, own = _candidates(stats, row, seg_means, "barrier")
    word = _first_unused(seg + own, used.barriers, "barrier", [])
    if word is None:
        return [default], []
    used.barriers.add(word.trait.barrier)
    return [word.trait.barrier], [word.evidence("barriers_top1", segment_id, row)]


# Categories a title's noun already says ("Homemaker", "Mom"): never a title adjective.
_NOUN_COLUMNS = ("gender", "occupation", "parenting_stage", "has_children")
# Yes/no facts of one member are too thin for a title of their own (the segment's may be).
_THIN_OWN = ("emi_flag", "has_children")


def title_adjective(
    stats: list[TraitStat], row: pd.Series, seg_means: pd.Series, segment_id: int, used: Used
) -> tuple[str, list[Evidence]]:
    """The title's adjective: a segment word true twice that the anchor itself matches.

    When no segment word holds for this member, a word of its own level that the
    segment's level does not contradict; siblings take the next word when there is one;
    ``"Everyday"`` when nothing holds (never a word the data contradicts).
    """
    seg = [
        _Word(s.trait, s.effect, s)
        for s in top_distinct([s for s in stats if s.true_twice], 6)
        if own_level(s.trait, row) in (s.trait.direction, "is") and s.trait.column not in _NOUN_COLUMNS
    ]
    _, own = _candidates(stats, row, seg_means, "label")
    words = seg + [
        w for w in own if w.trait.column not in _NOUN_COLUMNS + _THIN_OWN and w.trait.direction != "is"
    ]
    adjective = {id(w): ADJECTIVES.get(w.trait.label, w.trait.label) for w in words}
    chosen = next((w for w in words if adjective[id(w)] not in used.adjectives), words[0] if words else None)
    if chosen is None:
        return "Everyday", []
    used.adjectives.add(adjective[id(chosen)])
    return adjective[id(chosen)], [chosen.evidence("title", segment_id, row)]


def level_codes(values: np.ndarray) -> np.ndarray:
    """Low / Medium / High of 0-1 scores, vectorised (the bands of ``personas.level``)."""
    return np.where(values < 0.4, "Low", np.where(values < 0.65, "Medium", "High"))
