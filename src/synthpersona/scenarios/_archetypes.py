"""Archetypes and modes: behaviour instructions, default rules and the offline classifier."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from synthpersona.errors import InputError, did_you_mean

from ._models import Archetype, Mode

__all__ = [
    "ArchetypeClassification",
    "ArchetypeSpec",
    "ModeSpec",
    "archetype_label",
    "archetype_spec",
    "classify_archetype",
    "mode_spec",
    "parse_archetype",
    "parse_mode",
]


@dataclass(frozen=True)
class ArchetypeSpec:
    """Definition of one archetype, read from ``data/archetypes.yaml``."""

    name: str
    label: str
    summary: str
    prototype: tuple[str, ...]
    keywords: tuple[str, ...]
    category_priors: dict[str, float]
    behaviour: tuple[str, ...]
    rules: dict[str, Any]


@dataclass(frozen=True)
class ModeSpec:
    """Definition of a training mode."""

    name: str
    summary: str
    word_limit_factor: float
    instructions: tuple[str, ...]


@dataclass(frozen=True)
class ArchetypeClassification:
    """Result of classifying a scenario text.

    ``scores`` are the per-archetype probabilities (summing to 1); ``evidence`` lists
    the cue words found for the winner.
    """

    primary_archetype: str
    confidence_score: float
    scores: dict[str, float]
    evidence: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Template-shaped dict (``primary_archetype``, ``confidence_score``, ...)."""
        return {
            "primary_archetype": self.primary_archetype,
            "confidence_score": round(self.confidence_score, 3),
            "scores": {k: round(v, 3) for k, v in self.scores.items()},
            "evidence": self.evidence,
            "method": "offline_embedding_classifier",
        }


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("synthpersona.scenarios").joinpath("data/archetypes.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def archetype_spec(name: str) -> ArchetypeSpec:
    """Return the spec of archetype ``name`` (validated)."""
    key = parse_archetype(name)
    raw = _data()["archetypes"][key]
    return ArchetypeSpec(
        name=key,
        label=raw["label"],
        summary=raw["summary"],
        prototype=tuple(raw["prototype"]),
        keywords=tuple(raw["keywords"]),
        category_priors=dict(raw.get("category_priors", {})),
        behaviour=tuple(raw["behaviour"]),
        rules=dict(raw["rules"]),
    )


def archetype_label(name: str) -> str:
    """The plain name of archetype ``name`` a trainer reads (one vocabulary: ``data/archetypes.yaml``).

    Examples
    --------
    >>> archetype_label("HELP_SEEKING")
    'helping someone who asks for help'
    """
    return archetype_spec(name).label


def mode_spec(name: str) -> ModeSpec:
    """Return the spec of mode ``name`` (validated)."""
    key = parse_mode(name)
    raw = _data()["modes"][key]
    return ModeSpec(key, raw["summary"], float(raw["word_limit_factor"]), tuple(raw["instructions"]))


def parse_archetype(value: str) -> str:
    """Normalise an archetype name (``"help seeking"`` -> ``"HELP_SEEKING"``) or raise."""
    allowed = [a.value for a in Archetype]
    key = re.sub(r"[\s\-]+", "_", str(value).strip()).upper()
    if key not in allowed:
        raise InputError(
            f"unknown archetype {value!r}.{did_you_mean(key, allowed)} Allowed: {', '.join(allowed)}",
            details={"archetype": value, "allowed": allowed},
        )
    return key


def parse_mode(value: str) -> str:
    """Normalise a mode (``"assess"`` -> ``"assess_mode"``) or raise."""
    allowed = [m.value for m in Mode]
    key = str(value).strip().lower().replace("-", "_")
    if key and not key.endswith("_mode"):
        key = f"{key}_mode"
    if key not in allowed:
        raise InputError(
            f"unknown mode {value!r}.{did_you_mean(key, allowed)} Allowed: {', '.join(allowed)}",
            details={"mode": value, "allowed": allowed},
        )
    return key


def _keyword_hits(text: str, keywords: tuple[str, ...]) -> list[str]:
    low = text.lower()
    return [k for k in keywords if re.search(rf"(?<![a-z]){re.escape(k)}(?![a-z])", low)]


def classify_archetype(text: str) -> ArchetypeClassification:
    """Classify a scenario text into an archetype with a confidence.

    Combines sentence-embedding similarity to each archetype's prototype scenarios
    with cue words; the confidence is the winner's softmax probability.

    Examples
    --------
    >>> classify_archetype("A medical rep pitches a new drug to a busy doctor").primary_archetype
    'PERSUASION'
    """
    from synthpersona.embeddings import cached_passages, embed_query

    if not str(text).strip():
        raise InputError("cannot classify an empty scenario text; describe the scenario in a sentence or two")
    names = [a.value for a in Archetype]
    specs = [archetype_spec(n) for n in names]
    q = embed_query(text[:2000])
    sims = np.array([float(np.max(cached_passages(list(s.prototype)) @ q)) for s in specs])
    # e5 similarities are compressed into a narrow band, so rescale before softmax.
    z = (sims - sims.mean()) / (sims.std() + 1e-6)
    hits = [_keyword_hits(text, s.keywords) for s in specs]
    kw = np.array([min(len(h), 4) * 0.6 for h in hits])
    logits = 1.2 * z + kw
    probs = np.exp(logits - logits.max())
    probs /= probs.sum()
    best = int(np.argmax(probs))
    return ArchetypeClassification(
        primary_archetype=names[best],
        confidence_score=float(probs[best]),
        scores={n: float(p) for n, p in zip(names, probs, strict=True)},
        evidence=hits[best],
    )
