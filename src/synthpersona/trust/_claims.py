"""The trait words of a privacy-protected goal persona, re-derived without its anchor.

A goal persona's cares, barrier and title adjective come from its segment (a word true for
the segment against the audience and at an absolute level) or from its anchor's own level
("Premium-Seeking" for an anchor with a high income). A protected persona no longer shows its
anchor, and what it still states about itself is generalised ("25-34", "₹50K-1L") or withheld.
So each of its words must be re-derivable from what is published: the segment's statistics
(recomputed from the data here, :func:`segment_backs`), or a fact the protected persona still
states at a level that says the word (:func:`stated_level`: its trait levels "High"/"Low", an
exact or banded age or income that lies wholly inside the word's band, a category it shows).
The title's life noun ("Mom", "Student") must rest on facts it shows. A word backed by neither
is a claim nobody can check: :func:`protected_claim_mismatches` lists it, and
:func:`supported_words` replaces it when the persona is protected (a default care or barrier,
the title adjective "Everyday").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.personas import Mismatch
from synthpersona.personas._traits import (
    ADJECTIVES,
    CATEGORICAL_TRAITS,
    DEFAULT_BARRIER,
    DEFAULT_CARE,
    NUMERIC_TRAITS,
    Trait,
    bands,
)
from synthpersona.personas.rules import WORD, trait_rule

__all__ = [
    "life_noun_backed",
    "protected_claim_mismatches",
    "segment_backs",
    "stated_level",
    "supported_words",
]

_TRAITS: tuple[Trait, ...] = NUMERIC_TRAITS + CATEGORICAL_TRAITS
_TOL = 1e-3
_UNCHECKABLE = "the word rested on the anchor alone"
# the persona's trait levels as its JSON states them (seed 000's personality_traits)
_SCORE_KEYS = {
    "tech_savviness": "tech_savviness",
    "price_sensitivity": "price_sensitivity",
    "brand_awareness": "brand_awareness",
    "privacy_pref": "privacy_consciousness",
}
# categorical columns a protected profile may still state (profile key)
_CATEGORY_KEYS = {
    "city_tier": "city_tier",
    "occupation": "occupation",
    "gender": "gender",
    "parenting_stage": "parenting_stage",
    "income_level": "income_level",
    "preferred_channel": "preferred_channel",
}


def _by(attr: str) -> dict[str, list[Trait]]:
    out: dict[str, list[Trait]] = {}
    for t in _TRAITS:
        word = ADJECTIVES.get(t.label, t.label) if attr == "adjective" else getattr(t, attr)
        if word:
            out.setdefault(word, []).append(t)
    return out


_BY = {attr: _by(attr) for attr in ("care", "barrier", "adjective")}


_INCOME_BANDS = {
    "Under ₹10K": (0.0, 10_000.0),
    "₹10-25K": (10_000.0, 25_000.0),
    "₹25-50K": (25_000.0, 50_000.0),
    "₹50K-1L": (50_000.0, 100_000.0),
    "₹1-2L": (100_000.0, 200_000.0),
    "₹2L+": (200_000.0, float("inf")),
}  # personas.income_band's bands, [low, high)


def _range(text: str) -> tuple[float, float] | None:
    """The values an exact or banded age or income allows, ``(low, high)``; ``None``: none stated.

    Examples
    --------
    >>> _range("26"), _range("25-34"), _range("65+"), _range("₹50K-1L"), _range("not shown")
    ((26.0, 26.0), (25.0, 34.0), (65.0, inf), (50000.0, 100000.0), None)
    """
    text = str(text).strip()
    if text in _INCOME_BANDS:
        return _INCOME_BANDS[text]
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return (float(text), float(text))
    m = re.fullmatch(r"(\d+)-(\d+)", text)
    if m:
        return (float(m.group(1)), float(m.group(2)))
    m = re.fullmatch(r"(\d+)\+", text)
    return (float(m.group(1)), float("inf")) if m else None


def stated_level(trait: Trait, persona: Mapping[str, Any]) -> str | None:
    """The level a persona's own published facts give ``trait``; ``None`` when they give none.

    ``"high"``/``"low"``/``"medium"`` for a numeric trait, ``"is"``/``"not"`` for a category.

    Examples
    --------
    >>> t = next(t for t in NUMERIC_TRAITS if t.column == "age" and t.direction == "low")
    >>> stated_level(t, {"profile": {"age": "18-24"}}), stated_level(t, {"profile": {"age": "25-34"}})
    ('low', None)
    >>> inc = next(t for t in NUMERIC_TRAITS if t.column == "monthly_income_inr" and t.direction == "high")
    >>> stated_level(inc, {"profile": {"monthly_income_inr": "₹1-2L"}}), stated_level(inc, {"profile": {}})
    ('high', None)
    """
    profile = persona.get("profile") or {}
    if trait.direction == "is":
        if trait.column == "primary_media":
            media = str(persona.get("media_preference") or "").split(", ")[0]
            return None if not media else ("is" if media == trait.value else "not")
        key = _CATEGORY_KEYS.get(trait.column)
        if key is None or key not in profile:
            return None
        return "is" if str(profile[key]) == trait.value else "not"
    if trait.column == "device_count":
        said = str((persona.get("personality_traits") or {}).get("device_count", ""))
        m = re.match(r"\s*(\d+(?:\.\d+)?)", said)
        if m:
            from synthpersona.personas import band

            return str(band("device_count", float(m.group(1))))
        return None
    if trait.column == "has_children":
        stage = str(profile.get("parenting_stage", ""))
        if stage in ("Infant", "Toddler", "School-age", "Teen"):
            return "high"
        if stage == "None":
            return "low"
        return None
    if trait.column in _SCORE_KEYS:
        said = str((persona.get("personality_traits") or {}).get(_SCORE_KEYS[trait.column], "")).lower()
        return said if said in ("high", "low", "medium") else None
    if trait.column in ("age", "monthly_income_inr") and trait.column in profile:
        span = _range(str(profile[trait.column]))
        if span is None:
            return None
        low_below, high_from = bands(trait.column)
        # an age band's upper end is a year it includes; an income band's is excluded
        top = span[1] + (1.0 if trait.column == "age" and span[1] != span[0] else 0.0)
        if (top <= low_below and span[0] != span[1]) or span[1] < low_below:
            return "low"
        if span[0] >= high_from:
            return "high"
        if span[0] >= low_below and top <= high_from:
            return "medium"
    return None


def segment_backs(audience: pd.DataFrame, inside: np.ndarray, trait: Trait) -> bool:
    """Whether ``trait``'s word holds for the segment (``inside``), recomputed from the rows."""
    if trait.column not in audience.columns or not inside.any():
        return False
    col = audience[trait.column]
    if trait.direction == "is":
        hit = (col.astype(str) == trait.value).to_numpy(dtype=np.float64)
        p = float(hit.mean())
        value, aud, spread = float(hit[inside].mean()), p, float(np.sqrt(p * (1 - p)))
    else:
        values = col.to_numpy(dtype=np.float64)
        value, aud, spread = float(values[inside].mean()), float(values.mean()), float(values.std())
    return trait_rule(trait).verdict(value, aud, spread, tol=_TOL) == WORD


def _opposite(trait: Trait, level: str | None) -> bool:
    if level is None:
        return False
    if trait.direction == "is":
        return level == "not"
    return level == ("low" if trait.direction == "high" else "high")


def _segment_level(audience: pd.DataFrame, inside: np.ndarray, trait: Trait) -> str | None:
    if trait.direction == "is" or trait.column not in audience.columns or not inside.any():
        return None
    from synthpersona.personas import band

    return str(band(trait.column, float(audience[trait.column].to_numpy(dtype=np.float64)[inside].mean())))


def _backed(
    persona: Mapping[str, Any], audience: pd.DataFrame, inside: np.ndarray, word: str, attr: str
) -> str:
    """``""`` when ``word`` (a care, barrier or title adjective) is re-derivable; else why not."""
    traits = _BY[attr].get(word)
    if traits is None:
        return "" if word in (*DEFAULT_CARE, DEFAULT_BARRIER, "Everyday", "") else "no such trait word"
    whys = []
    for t in traits:
        said = stated_level(t, persona)
        if _opposite(t, said):
            whys.append(f"the persona states {t.column} {said}")
            continue
        if segment_backs(audience, inside, t):
            return ""
        if said in (t.direction, "is") and not _opposite(t, _segment_level(audience, inside, t)):
            return ""  # its own stated level, which the segment's level does not contradict
        whys.append(f"neither the segment nor a fact the persona states gives {t.phrase!r}")
    return "; ".join(whys)


# the fact each life noun states, as (profile key, value)
_NOUN_FACT = {
    "Mom": ("gender", "Female"),
    "Dad": ("gender", "Male"),
    "Student": ("occupation", "Student"),
    "Retiree": ("occupation", "Retired"),
    "Homemaker": ("occupation", "Homemaker"),
    "Entrepreneur": ("occupation", "Business Owner"),
    "Freelancer": ("occupation", "Freelancer"),
    "Self-starter": ("occupation", "Self-employed"),
    "Job Seeker": ("occupation", "Unemployed"),
}


def life_noun_backed(title: str, profile: Mapping[str, Any]) -> str:
    """``""`` when the title's life noun rests on facts the profile shows; else why not.

    Examples
    --------
    >>> life_noun_backed("Tech-Savvy Mom", {"gender": "Female", "parenting_stage": "Toddler"})
    ''
    >>> life_noun_backed("Tech-Savvy Mom", {"gender": "Female"})
    'the profile does not show parenting_stage'
    >>> life_noun_backed("Tech-Savvy Young Professional", {"occupation": "Salaried", "age": "25-34"})
    'the profile shows no age under 30'
    """
    from synthpersona.trust._anchors import _NOUN_BASIS

    for noun, basis in sorted(_NOUN_BASIS.items(), key=lambda kv: -len(kv[0])):
        if not (title.endswith(" " + noun) or title == noun):
            continue
        missing = [b for b in basis if b not in profile]
        if missing:
            return f"the profile does not show {', '.join(missing)}"
        stage = str(profile.get("parenting_stage", ""))
        if "parenting_stage" in basis and stage in ("None", "Adult children", "not shown"):
            return f"the profile's parenting stage is {stage!r}"
        if noun in _NOUN_FACT and str(profile.get(_NOUN_FACT[noun][0])) != _NOUN_FACT[noun][1]:
            key = _NOUN_FACT[noun][0]
            return f"the profile's {key} is {profile.get(key)!r}"
        if noun == "Young Professional":
            span = _range(str(profile.get("age", "")))
            if span is None or span[1] >= 30:
                return "the profile shows no age under 30"
        return ""
    return ""


def _claims(persona: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(field, word, kind) of each trait word the persona states."""
    profile = persona.get("profile") or {}
    title = str(profile.get("title", ""))
    out = [("care", str(c), "care") for c in persona.get("care_about_top2") or []]
    if persona.get("barriers_top1"):
        out.append(("barrier", str(persona["barriers_top1"]), "barrier"))
    for noun in sorted(_nouns(), key=len, reverse=True):
        if title.endswith(" " + noun) or title == noun:
            out.append(("title", title[: len(title) - len(noun)].strip(), "adjective"))
            break
    return out


def _nouns() -> tuple[str, ...]:
    from synthpersona.trust._anchors import _NOUN_BASIS

    return (*_NOUN_BASIS, "Shopper")


def protected_claim_mismatches(
    persona: Mapping[str, Any], audience: pd.DataFrame, inside: np.ndarray
) -> list[Mismatch]:
    """Each trait word of a protected ``persona`` neither its segment nor its stated facts give back.

    ``audience`` holds the population rows of the run's audience and ``inside`` marks the
    persona's segment. Cares, the barrier and the title's adjective are re-derived with the
    goal trait words' rules on the rows (not read from the persona's evidence), and the
    title's noun from the facts the profile still shows.

    Examples
    --------
    >>> people = pd.DataFrame({"age": [20, 21, 22, 50, 55, 60], "gender": ["Female"] * 6})
    >>> p = {"persona_id": "dyn_1_0", "care_about_top2": ["Trends and what friends use"],
    ...      "profile": {"title": "Everyday Shopper", "age": "18-24"}}
    >>> protected_claim_mismatches(p, people, np.array([True] * 3 + [False] * 3))
    []
    >>> protected_claim_mismatches({**p, "profile": {"title": "Everyday Shopper"}}, people,
    ...                            np.array([False] * 3 + [True] * 3))[0].where
    'dyn_1_0 care'
    """
    pid = str(persona.get("persona_id"))
    out = []
    for field, word, attr in _claims(persona):
        why = _backed(persona, audience, inside, word, attr)
        if why:
            out.append(Mismatch(f"{pid} {field}", word, why, "word"))
    title = str((persona.get("profile") or {}).get("title", ""))
    why = life_noun_backed(title, persona.get("profile") or {})
    if why:
        out.append(Mismatch(f"{pid} title", title, why, "word"))
    return out


def supported_words(persona: dict[str, Any], audience: pd.DataFrame, inside: np.ndarray) -> list[str]:
    """Replace, in place, each care, barrier or title adjective of a protected persona nobody can re-derive.

    A care becomes the next default care, the barrier the default barrier, the adjective
    "Everyday" (never a word the published data does not give). Returns what was replaced,
    as ``"care: replaced by '<new>' (...)"`` (the word replaced is not named: it told the
    anchor's own level).
    """
    changed = []
    profile = persona.setdefault("profile", {})
    cares = list(persona.get("care_about_top2") or [])
    for i, care in enumerate(cares):
        if _backed(persona, audience, inside, care, "care"):
            new = next(d for d in DEFAULT_CARE if d not in cares)
            changed.append(f"care: replaced by {new!r} ({_UNCHECKABLE})")
            cares[i] = new
    if cares:
        persona["care_about_top2"] = cares
        profile["care_about"] = cares
    barrier = str(persona.get("barriers_top1") or "")
    if barrier and _backed(persona, audience, inside, barrier, "barrier"):
        changed.append(f"barrier: replaced by {DEFAULT_BARRIER!r} ({_UNCHECKABLE})")
        persona["barriers_top1"] = profile["barrier"] = DEFAULT_BARRIER
    for field, word, attr in _claims(persona):
        if field == "title" and word and _backed(persona, audience, inside, word, attr):
            title = str(profile["title"])
            profile["title"] = "Everyday" + title[len(word) :]
            persona["persona_name"] = f"{profile.get('name', '')} — {profile['title']}"
            changed.append(f"title: adjective replaced by 'Everyday' ({_UNCHECKABLE})")
    return changed
