"""Curated value banks (YAML files in ``data/``), loaded once and cached."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar

import yaml

__all__ = [
    "RoleProfile",
    "bank",
    "fit_bank",
    "home_topics",
    "match_role",
    "pick",
    "role_profiles",
    "topics_of",
]

T = TypeVar("T")


@lru_cache(maxsize=16)
def bank(name: str) -> dict[str, Any]:
    """Return the parsed ``data/<name>.yaml``."""
    text = resources.files("synthpersona.scenarios").joinpath(f"data/{name}.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def pick(rng: random.Random, items: list[T] | tuple[T, ...]) -> T:
    """One item of ``items`` drawn with ``rng`` (a thin wrapper so all draws go through one rng)."""
    return items[rng.randrange(len(items))]


@lru_cache(maxsize=1)
def _topic_res() -> dict[str, re.Pattern[str]]:
    topics: dict[str, list[str]] = bank("domains").get("topics", {})
    return {
        t: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")(?:'s|s)?\b", re.I)
        for t, words in topics.items()
    }


def topics_of(text: str) -> frozenset[str]:
    """The matters (``domains.yaml`` ``topics``) a text names: health, vehicle, child, loan...

    Examples
    --------
    >>> sorted(topics_of("A family floater health policy for several years"))
    ['family', 'health']
    >>> sorted(topics_of("His car policy lapses on Sunday"))
    ['vehicle']
    """
    return frozenset(t for t, rx in _topic_res().items() if rx.search(text))


def home_topics(domain: str) -> frozenset[str]:
    """The matters a domain family's conversations are about unsaid (``home_topics`` of ``domains.yaml``).

    Examples
    --------
    >>> sorted(home_topics("healthcare")), sorted(home_topics("sales"))
    (['health'], [])
    """
    return frozenset(bank("domains").get("home_topics", {}).get(domain, ()))


def fit_bank(values: Any, scenario: str, fallback: Any = None, home: frozenset[str] = frozenset()) -> Any:
    """``values`` (a bank entry: text, list or mapping) without what names a matter the scenario does not.

    A value naming a topic (``topics_of``) is kept only when ``scenario`` names that topic too
    (or it is one of the family's ``home`` topics);
    a list or text left with nothing takes ``fallback`` (the same entry of ``general``) instead.

    Examples
    --------
    >>> fit_bank(["A family floater health policy", "A policy renewed every year"], "His car policy")
    ['A policy renewed every year']
    >>> fit_bank("Delays that put the treatment at risk", "A car policy", "Being passed around")
    'Being passed around'
    """
    told = topics_of(scenario) | home
    if isinstance(values, dict):
        fb = fallback if isinstance(fallback, dict) else {}
        return {k: fit_bank(v, scenario, fb.get(k), home) for k, v in values.items()}
    if isinstance(values, list):
        kept = [v for v in values if not isinstance(v, str) or topics_of(v) <= told]
        if kept:
            return kept
        return fit_bank(fallback, scenario) if isinstance(fallback, list) and fallback else values
    if isinstance(values, str) and not topics_of(values) <= told and isinstance(fallback, str):
        return fallback
    return values


@dataclass(frozen=True)
class RoleProfile:
    """What a role implies: career timing, income band, workplaces, seniority titles."""

    id: str
    keywords: tuple[str, ...]
    kind: str
    medical: bool
    age_range: tuple[int, int]
    title: str | None = None
    career_start_age: int | None = None
    income_month: tuple[int, int] | None = None
    workplaces: tuple[dict[str, Any], ...] = ()
    seniority: tuple[tuple[int, str], ...] = field(default_factory=tuple)
    prescribes: bool = False

    @property
    def professional(self) -> bool:
        return self.kind == "professional"

    @property
    def clinician(self) -> bool:
        """A prescribing clinician at work: OPD, prescriptions, CMEs and reps describe them.

        Nurses and pharmacists are medical but do not run an OPD or prescribe; a doctor in an
        HR conversation is an employee there (``profile_in_domain`` clears ``prescribes``).
        """
        return self.medical and self.professional and self.prescribes

    def seniority_for(self, years: int) -> str | None:
        title = None
        for min_years, name in self.seniority:
            if years >= min_years:
                title = name
        return title


@lru_cache(maxsize=1)
def role_profiles() -> tuple[RoleProfile, ...]:
    out = []
    for raw in bank("roles")["roles"]:
        out.append(
            RoleProfile(
                id=raw["id"],
                keywords=tuple(raw["keywords"]),
                kind=raw["kind"],
                medical=bool(raw.get("medical")),
                age_range=(int(raw["age_range"][0]), int(raw["age_range"][1])),
                title=raw.get("title"),
                career_start_age=raw.get("career_start_age"),
                income_month=tuple(raw["income_month"]) if raw.get("income_month") else None,
                workplaces=tuple(raw.get("workplaces", [])),
                seniority=tuple((int(a), str(b)) for a, b in raw.get("seniority", [])),
                prescribes=bool(raw.get("prescribes")),
            )
        )
    return tuple(out)


def match_role(*texts: str | None) -> tuple[RoleProfile, str | None]:
    """Return the role profile whose keyword best matches the texts (first text wins ties).

    The longest matching keyword in the earliest text decides, so "HR manager" is an
    HR professional and "gynecologist" beats the generic "doctor".
    """
    import re

    profiles = role_profiles()
    for text in texts:
        if not text:
            continue
        low = f" {text.lower()} "
        best: tuple[int, RoleProfile, str] | None = None
        for prof in profiles:
            for kw in prof.keywords:
                if re.search(rf"(?<![a-z]){re.escape(kw)}(?![a-z])", low) and (
                    best is None or len(kw) > best[0]
                ):
                    best = (len(kw), prof, kw)
        if best is not None:
            return best[1], best[2]
    fallback = next(p for p in profiles if p.id == "consumer")
    return fallback, None
