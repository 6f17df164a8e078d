"""Helpers shared by the offline detail generators (rupee formatting, schedules, persona groups)."""

from __future__ import annotations

import random
from typing import Any

from ._banks import bank
from ._base import BasePersona

__all__ = ["_d", "_group", "_schedule", "inr"]


def inr(amount: float) -> str:
    """Format rupees the Indian way: ₹1,25,000 and ₹3.2 lakh / ₹1.1 crore for large values."""
    amount = round(amount)
    if amount >= 10_000_000:
        return f"₹{amount / 10_000_000:.1f} crore"
    if amount >= 100_000:
        return f"₹{amount / 100_000:.1f} lakh".replace(".0 lakh", " lakh")
    s = str(amount)
    if len(s) <= 3:
        return f"₹{s}"
    head, tail = s[:-3], s[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return "₹" + ",".join([*groups, tail])


def _d() -> dict[str, Any]:
    return bank("details")


def _she(b: BasePersona) -> str:
    return b.pronoun


def _group(b: BasePersona) -> str:
    if b.profile.clinician:
        return "medical"
    if b.profile.medical and b.profile.professional:  # a nurse or pharmacist at work
        return "employee"
    if b.profile.id == "expectant_parent":
        return "expectant_parent"
    if b.profile.id in {"corporate_employee", "corporate_manager", "hr_professional"}:
        return "employee"
    if b.profile.id == "business_owner":
        return "business"
    return "consumer"


def _schedule(b: BasePersona, _rng: random.Random | None = None) -> str:
    # One schedule per persona, whichever category asks: a private rng keeps them identical.
    rng = b.rng("schedule")
    p = b.profile
    if p.clinician:
        start = rng.choice([8, 9, 10])
        return (
            f"Ward rounds from {start - 1}:00, OPD {start}:00-{start + 4}:00, procedures or surgeries in the "
            f"afternoon, second OPD {start + 8}:00-{start + 10}:00"
        )
    if p.medical and p.professional:  # nurses and pharmacists work shifts, not an OPD
        return "Rotating day and night shifts of about twelve hours, handovers at each change"
    if p.id in {"corporate_employee", "corporate_manager", "hr_professional", "sales_professional"}:
        start = rng.choice([9, 10])
        return (
            f"Logs in by {start}:30, back-to-back meetings until lunch, focused work after {start + 5}:00, "
            f"often online till {start + 10}:00"
        )
    if b.facts.children:
        return (
            "Up at 6:00 for the children's school run, household work through the morning, "
            "evenings on homework"
        )
    if b.facts.occupation and b.facts.occupation not in {"Homemaker", "Retired", "Full-time student"}:
        return "Office from 9:30 to 6:30 with a long commute either side; weekends for errands and family"
    return "Mornings for household work and appointments, afternoons resting, evenings with family"
