"""Curated value banks (YAML files in ``data/``), loaded once and cached."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar

import yaml

__all__ = ["RoleProfile", "bank", "match_role", "pick", "role_profiles"]

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
