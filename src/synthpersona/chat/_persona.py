"""The chat's flat, defaulted view of a core persona (:class:`synthpersona.model.Persona`).

A seed-000 persona dict (a stored run's, or a client's loose one) is read into the core
persona first (:func:`synthpersona.views.seed000.read_persona`), so every workflow's
persona reaches the chat through the same model.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from synthpersona.model import GoalPersonaFacts, Persona, Segment
from synthpersona.views import seed000

__all__ = ["ChatPersona", "PersonaView"]


def _level(value: Any) -> str:
    text = str(value or "").strip().lower()
    if text.startswith("h") or text in ("very high",):
        return "high"
    if text.startswith("l") or text.startswith("very low"):
        return "low"
    return "medium"


def _percent(value: Any) -> float:
    match = re.search(r"[-+]?\d*\.?\d+", str(value or ""))
    if not match:
        return 0.3
    x = float(match.group())
    return x / 100 if x > 1 else x


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def _age(value: Any, age_group: str) -> tuple[int | None, str]:
    """The exact age, or the band a privacy-protected persona states instead (never a band's first year).

    Examples
    --------
    >>> _age(28, ""), _age("25-34", "25-34 years old"), _age(None, "41 years old"), _age(None, "65+")
    ((28, ''), (None, '25-34'), (41, ''), (None, '65+'))
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value), ""
    if isinstance(value, str) and value.strip():
        text = value.strip()
        return (int(text), "") if text.isdigit() else (None, text)
    group = age_group.replace("years old", "").strip()
    if group.isdigit():
        return int(group), ""
    return None, group if re.search(r"\d", group) else ""


def _devices(value: Any) -> str:
    """``"3.0 devices"`` → ``"3 devices"``; ``"1.0 devices"`` → ``"1 device"`` (the count rounds)."""
    match = re.search(r"\d*\.?\d+", str(value or ""))
    if not match:
        return ""
    n = round(float(match.group()))
    return f"{n} device" + ("" if n == 1 else "s")


@dataclass
class PersonaView:
    """What the chat engines need to stay in character."""

    persona_id: str
    name: str
    first: str
    title: str
    age: int | None
    city: str
    tier: str
    occupation: str
    income: str
    income_inr: int | None
    tech: str
    price: str
    brand: str
    privacy: str
    emi: float
    devices: str
    media: str
    channel: str
    cares: list[str]
    barrier: str
    segment: str
    chat_personality: str
    traits: dict[str, Any] = field(default_factory=dict)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    profile: dict[str, Any] = field(default_factory=dict)
    gender: str = ""
    state: str = ""
    education: str = ""
    marital: str = ""
    parenting: str = ""
    children: int | None = None
    language: str = ""
    household_income_inr: int | None = None
    interests: list[str] = field(default_factory=list)
    # a privacy-protected persona states an age band ("25-34"), not an exact age (docs/trust.md)
    age_range: str = ""
    # True when the persona's data lists its interests (possibly none at the high level).
    interests_known: bool = False
    festival: str = ""
    anchor_user_id: int | None = None

    @classmethod
    def from_persona(
        cls, p: Persona, *, segment: Segment | None = None, shown: Mapping[str, Any] | None = None
    ) -> PersonaView:
        """The chat's view of a core persona (of any workflow; missing facts get plain defaults).

        Every fact comes from ``p``: name, title, narrative, cares, barriers, media, anchor,
        evidence and the anchor's values in ``attributes``; the trait levels are the anchor's
        scores in words (:func:`synthpersona.views.seed000.trait_words`). ``segment`` gives a
        goal persona its segment's label and its seed-000 JSON to quote. ``shown`` is the
        seed-000 JSON the persona was read from: the chat quotes its ``personality_traits``,
        ``profile`` and evidence records as written, and takes its trait words when ``p`` lacks
        the anchor's scores (a run stored before they were kept, a client's loose dict).
        """
        if shown is None and segment is not None and isinstance(p.facts, GoalPersonaFacts) and p.anchor:
            shown = seed000.persona(p, segment)
        shown = shown or {}
        # the anchor's row as the profile words it (interests at the high level, ...)
        # (a protected persona's incomes are bands, "Under ₹10K": text, not the anchor's number)
        exact = {k: v for k, v in p.attributes.items() if not (k.endswith("_inr") and isinstance(v, str))}
        a = {**seed000.anchor_context(exact), **p.attributes}
        traits = seed000.trait_words(p) or dict(shown.get("personality_traits") or {})
        profile = dict(shown.get("profile") or {}) if shown else {"name": p.name, "title": p.title, **a}
        name = p.name.strip() or "Alex"
        age, age_range = _age(a.get("age"), str(traits.get("age_group", "")))
        media = p.facts.media if isinstance(p.facts, GoalPersonaFacts) else []
        label = a.get("cluster_label") or shown.get("cluster_linkage")
        if segment is not None:
            label = segment.label
        return cls(
            persona_id=p.persona_id or "persona",
            name=name,
            first=str(profile.get("first_name") or name.split(" ")[0]),
            title=p.title,
            age=int(age) if age is not None else None,
            city=str(a.get("city") or ""),
            tier=str(traits.get("city_tier") or a.get("city_tier") or ""),
            occupation=str(a.get("occupation") or "").replace("_", " ").lower(),
            income=str(traits.get("income_level") or "Mid"),
            income_inr=_int(a.get("monthly_income_inr")),
            tech=_level(traits.get("tech_savviness")),
            price=_level(traits.get("price_sensitivity")),
            brand=_level(traits.get("brand_awareness")),
            privacy=_level(traits.get("privacy_consciousness")),
            emi=_percent(traits.get("emi_usage_likelihood")),
            devices=_devices(traits.get("device_count")),
            media=", ".join(media) or str(traits.get("preferred_media") or "YouTube"),
            channel=str(a.get("preferred_channel") or "").lower(),
            cares=[*p.cares, "good value for money", "a product that simply works"][:2],
            barrier=p.barriers[0] if p.barriers else "not being sure it is worth it",
            segment=str(label or ""),
            chat_personality=p.narrative,
            traits=traits,
            evidence=_records(p, shown),
            profile=profile,
            gender=str(a.get("gender") or ""),
            state=str(a.get("state") or ""),
            education=str(a.get("education_level") or ""),
            marital=str(a.get("marital_status") or ""),
            parenting=str(a.get("parenting_stage") or ""),
            children=_int(a.get("num_children")),
            language=str(a.get("language") or a.get("primary_language") or ""),
            household_income_inr=_int(a.get("household_income_inr")),
            interests=[str(i) for i in a.get("interests") or [] if i],
            interests_known="interests" in a,
            festival=str(a.get("main_festival") or ""),
            anchor_user_id=p.anchor.member_id if p.anchor is not None else None,
            age_range=age_range,
        )

    @classmethod
    def from_dict(cls, persona: Mapping[str, Any], values: Mapping[str, Any] | None = None) -> PersonaView:
        """The view of a seed-000 persona dict: read into the core persona, then :meth:`from_persona`.

        ``values`` is what the run kept of the persona beyond its JSON
        (:func:`synthpersona.views.seed000.persona_values`; the anchor's scores).
        """
        return cls.from_persona(seed000.read_persona(dict(persona), dict(values or {})), shown=persona)

    @classmethod
    def of(cls, persona: Mapping[str, Any] | Persona | PersonaView) -> PersonaView:
        """The view of whatever the chat was handed: a view, a core persona or a seed-000 dict."""
        if isinstance(persona, PersonaView):
            return persona
        if isinstance(persona, Persona):
            return cls.from_persona(persona)
        return cls.from_dict(persona)

    @property
    def key(self) -> str:
        """Identity for seeding: ids repeat across runs (``dyn_1_0``), names and anchors rarely."""
        return f"{self.persona_id}|{self.name}|{self.anchor_user_id}|{self.age}|{self.city}"

    @property
    def device_count(self) -> int | None:
        match = re.match(r"\d+", self.devices)
        return int(match.group()) if match else None

    @property
    def female(self) -> bool:
        return self.gender.lower().startswith("f")

    @property
    def where(self) -> str:
        if self.city and self.tier:
            return f"{self.city} (a {self.tier} city)"
        return self.city or (f"a {self.tier} city" if self.tier else "my town")

    @property
    def media_main(self) -> str:
        return self.media.split(",")[0].strip() or "YouTube"

    def evidence_for(self, field_name: str) -> dict[str, Any] | None:
        for item in self.evidence:
            if str(item.get("field", "")).endswith(field_name):
                return item
        return None


def _records(p: Persona, shown: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The evidence records the chat quotes: as ``shown`` wrote them, else the core's in seed 000's form."""
    if shown:
        return list(shown.get("evidence") or [])
    return [seed000.evidence(e) for e in p.evidence]


#: What the chat engines accept as a persona: a seed-000 dict (stored or a client's), a core
#: persona of any workflow, or a view already made (``PersonaView.of`` turns each into a view).
ChatPersona = Mapping[str, Any] | Persona | PersonaView
