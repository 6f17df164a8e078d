"""A flat, defaulted view of a persona dict (seed 000's shape, plus ``profile`` / ``evidence``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["PersonaView"]


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
    # True when the persona's data lists its interests (possibly none at the high level).
    interests_known: bool = False
    festival: str = ""
    anchor_user_id: int | None = None

    @classmethod
    def from_dict(cls, persona: dict[str, Any]) -> PersonaView:
        traits = dict(persona.get("personality_traits") or {})
        profile = dict(persona.get("profile") or {})
        full = str(persona.get("persona_name") or profile.get("name") or "Alex")
        name, _, title = full.partition(" — ")
        name = str(profile.get("name") or name).strip() or "Alex"
        age = profile.get("age")
        if age is None:
            m = re.search(r"\d+", str(traits.get("age_group", "")))
            age = int(m.group()) if m else None
        cares = [str(c) for c in (persona.get("care_about_top2") or profile.get("care_about") or []) if c]
        cares = [*cares, "good value for money", "a product that simply works"][:2]
        media = str(persona.get("media_preference") or traits.get("preferred_media") or "YouTube")
        income_inr = profile.get("monthly_income_inr")
        return cls(
            persona_id=str(persona.get("persona_id", "persona")),
            name=name,
            first=str(profile.get("first_name") or name.split(" ")[0]),
            title=(title or str(profile.get("title") or "")).strip(),
            age=int(age) if age is not None else None,
            city=str(profile.get("city") or ""),
            tier=str(traits.get("city_tier") or profile.get("city_tier") or ""),
            occupation=str(profile.get("occupation") or "").replace("_", " ").lower(),
            income=str(traits.get("income_level") or "Mid"),
            income_inr=int(income_inr) if isinstance(income_inr, int | float) else None,
            tech=_level(traits.get("tech_savviness")),
            price=_level(traits.get("price_sensitivity")),
            brand=_level(traits.get("brand_awareness")),
            privacy=_level(traits.get("privacy_consciousness")),
            emi=_percent(traits.get("emi_usage_likelihood")),
            devices=_devices(traits.get("device_count")),
            media=media,
            channel=str(profile.get("preferred_channel") or "").lower(),
            cares=cares,
            barrier=str(
                persona.get("barriers_top1") or profile.get("barrier") or "not being sure it is worth it"
            ),
            segment=str(profile.get("cluster_label") or persona.get("cluster_linkage") or ""),
            chat_personality=str(persona.get("chat_personality") or ""),
            traits=traits,
            evidence=list(persona.get("evidence") or []),
            profile=profile,
            gender=str(profile.get("gender") or ""),
            state=str(profile.get("state") or ""),
            education=str(profile.get("education_level") or ""),
            marital=str(profile.get("marital_status") or ""),
            parenting=str(profile.get("parenting_stage") or ""),
            children=_int(profile.get("num_children")),
            language=str(profile.get("language") or ""),
            household_income_inr=_int(profile.get("household_income_inr")),
            interests=[str(i) for i in profile.get("interests") or [] if i],
            interests_known="interests" in profile,
            festival=str(profile.get("main_festival") or ""),
            anchor_user_id=_int(profile.get("anchor_user_id")),
        )

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
