"""The base persona's own words: where they are now, their premises and the one-line description.

Split from :mod:`._base` (step 1 of generation); everything here reads the facts already drawn
there and draws nothing itself.
"""

from __future__ import annotations

import re
from typing import Any

from ._banks import RoleProfile
from ._job_words import is_work_predicate
from ._persona import Facts
from ._places import place_phrase
from ._templates import PersonaDefinition

__all__ = ["characteristics", "describe", "where_now"]


def where_now(
    base: dict[str, Any], facts: Facts, profile: RoleProfile, d: PersonaDefinition
) -> tuple[str, str]:
    """Where the persona is now and the kind of place: the stated situation, else work or home."""
    area = base["area"]["name"]
    situation = d.current_situation or ""
    loc_type = d.context or (facts.workplace_type if profile.professional else "Home")
    if re.match(r"^(at|in|inside|outside|on)\b", situation.strip().lower()):
        return situation.strip(), loc_type
    if profile.professional and facts.workplace_name and area in facts.workplace_name:
        return (
            f"In {base['possessive']} {'consultation room' if profile.clinician else 'office'} at "
            f"{facts.workplace_name}",
            loc_type,
        )
    if profile.professional and facts.workplace_name:
        room = "consultation room" if profile.clinician else "workplace"
        if (
            profile.id == "corporate_manager"
            or profile.id == "hr_professional"
            or profile.id == "corporate_employee"
        ):
            room = "a meeting room"
            return f"In {room} at the {facts.workplace_name} office in {area}", loc_type
        return f"In {base['possessive']} {room} at {facts.workplace_name}, {area}", loc_type
    if facts.channel == "phone call":
        return f"At home in {area}, on a phone call", "Home"
    return f"At home in {area}", loc_type


def characteristics(facts: Facts, profile: RoleProfile, area: dict[str, Any]) -> str:
    """One line on the persona's premises: a clinic's waiting area, an office or a family home."""
    if profile.clinician:
        size = f"{facts.beds}-bed " if facts.beds else ""
        return (
            f"Busy {size}{'facility' if facts.beds else 'clinic'} with a crowded waiting area "
            "during OPD hours"
        )
    if profile.professional:
        return f"Working premises in a {str(area.get('type', 'busy')).lower()} neighbourhood"
    return f"Family home in a {str(area.get('type', 'residential')).lower()} neighbourhood"


def describe(
    name: str,
    age: int,
    role: str,
    facts: Facts,
    profile: RoleProfile,
    area: dict[str, Any],
    city: str,
    g: str,
) -> str:
    """The persona's one-sentence description from the drawn facts, in the persona's own terms."""
    home = place_phrase(area, city)
    if profile.professional:
        exp = (
            f" with {facts.years_experience} years of experience"
            if facts.years_experience is not None
            else ""
        )
        where = f" at {facts.workplace_name}" if facts.workplace_name else ""
        if area["name"] not in where:
            where += f" in {area['name']}"
        return f"{name}, a {age}-year-old {role.lower()}{exp}{where}" + (
            "." if city in where else f", {city}."
        )
    if facts.pregnancy_week is not None:
        first = "first" if facts.first_pregnancy else "second"
        return (
            f"{name}, {age}, from {home}, is {facts.pregnancy_week} weeks pregnant with "
            f"{'her' if g == 'Female' else 'their'} {first} child."
        )
    # lower case, but an acronym stays ("a QA lead", "an ST bus conductor")
    words = (facts.occupation or "").split()
    occupation = " ".join(w if any(c.isupper() for c in w[1:]) or "." in w else w.lower() for w in words)
    if re.match(
        r"(?:runs|owns|manages|ran|owned|used to run|works|sells)\b", occupation
    ) or is_work_predicate(occupation):
        return f"{name}, {age}, lives in {home} and {occupation}."  # "... and ran a small travel agency."
    if re.match(r"(?:retired|former|ex-)\b", occupation) or re.search(
        r"\b(?:student|applicant)\b", occupation
    ):
        return (
            f"{name}, {age}, lives in {home} and is {_article(occupation)}."  # not "works as a retired ..."
        )
    return f"{name}, {age}, lives in {home}" + (
        f" and works as {_article(occupation)}."
        if occupation and occupation not in {"homemaker", "retired"}
        else "."
    )


def _article(text: str) -> str:
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():  # an acronym is read letter by letter: "an ST bus conductor"
        return f"{'an' if first[0] in 'AEFHILMNORSX' else 'a'} {text}"
    return f"{'an' if text[:1] in 'aeiou' else 'a'} {text}"
