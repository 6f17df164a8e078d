"""A persona's budget: willingness to pay, affordability of a price, EMI instalments.

The willingness-to-pay (WTP) range for a one-off purchase is a multiple of the
persona's monthly income that depends on its price sensitivity (the anchor member's
score, the segment's stance on price):

============  =====================  ======================================
sensitivity   one-off purchase WTP   EMI ceiling (instalment, ≤ 12 months)
============  =====================  ======================================
High          0.25 – 0.75 × income   10 % of income a month
Medium        0.5 – 1.5 × income     15 % of income a month
Low           1 – 3 × income         25 % of income a month
============  =====================  ======================================

The EMI ceiling only counts when at least 25 % of the persona's segment used an EMI in
the past year (``emi_usage_likelihood``, the segment's share). The income is the
persona's own monthly income; a persona without own income (homemakers, many students)
budgets from the household, for which the segment's mean income (from the persona's
evidence) stands in, else the midpoint of its income level (Low ₹15,000, Mid ₹50,000,
High ₹1,50,000). Round figures: to ₹100 under ₹10,000, ₹500 under ₹1 lakh, else ₹1,000.

Examples
--------
>>> from synthpersona.chat._persona import PersonaView
>>> v = PersonaView.from_dict({"persona_id": "p", "profile": {"monthly_income_inr": 6300},
...     "personality_traits": {"price_sensitivity": "High", "emi_usage_likelihood": "12%"}})
>>> b = budget(v)
>>> (b.low, b.high), b.verdict(75000)
((1600, 4700), 'out_of_reach')
>>> instalment(75000, 6)
12500
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from synthpersona.chat._persona import PersonaView

__all__ = ["Budget", "budget", "instalment", "nice"]

_WTP = {"high": (0.25, 0.75, 0.10), "medium": (0.5, 1.5, 0.15), "low": (1.0, 3.0, 0.25)}
_LEVEL_INCOME = {"low": 15_000, "mid": 50_000, "high": 150_000}
EMI_MIN_SHARE = 0.25
EMI_MAX_MONTHS = 12


def nice(amount: float) -> int:
    """Round a rupee figure the way people say it."""
    step = 100 if amount < 10_000 else 500 if amount < 100_000 else 1_000
    return round(amount / step) * step


def instalment(price: float, months: int) -> int:
    """No-cost EMI instalment: the price split evenly, rounded to the rupee."""
    return round(price / max(1, months))


@dataclass(frozen=True)
class Budget:
    """What a persona can spend on a one-off purchase."""

    income: int
    basis: str  # "own income" | "household (segment mean income)" | "household (income level)"
    low: int
    high: int
    emi_monthly_max: int  # the largest instalment the persona would carry, 0 if EMI is not used
    evidence: tuple[dict[str, Any], ...] = ()

    @property
    def emi_high(self) -> int:
        """The highest price reachable on a 12-month EMI (``high`` when EMI is not used)."""
        return max(self.high, self.emi_monthly_max * EMI_MAX_MONTHS)

    def share(self, price: float) -> float:
        """Price as a share of one month's income."""
        return price / self.income if self.income else float("inf")

    def verdict(self, price: float) -> str:
        """``comfortable`` ≤ WTP low < ``stretch`` ≤ WTP high < ``emi_only`` ≤ EMI reach < ``out_of_reach``."""  # noqa: E501
        if price <= self.low:
            return "comfortable"
        if price <= self.high:
            return "stretch"
        if price <= self.emi_high:
            return "emi_only"
        return "out_of_reach"

    def emi_verdict(self, price: float, months: int) -> str:
        """``fits`` when the instalment is within the persona's EMI ceiling, else ``too_much``."""
        if self.emi_monthly_max and instalment(price, months) <= self.emi_monthly_max:
            return "fits"
        return "too_much"


def _segment_income(v: PersonaView) -> float | None:
    for e in v.evidence:
        if e.get("column") == "monthly_income_inr" and e.get("statistic") == "mean":
            value = e.get("cluster_value")
            if isinstance(value, int | float) and value > 0:
                return float(value)
    return None


def budget(v: PersonaView) -> Budget:
    """The persona's willingness-to-pay range and EMI ceiling (see the module docstring)."""
    evidence: list[dict[str, Any]] = [
        {"field": "personality_traits.price_sensitivity", "value": v.traits.get("price_sensitivity")}
    ]
    if v.income_inr:
        income, basis = float(v.income_inr), "own income"
        evidence.append({"field": "profile.monthly_income_inr", "value": v.income_inr})
    elif (seg := _segment_income(v)) is not None:
        income, basis = seg, "household (segment mean income)"
        evidence.append({"field": "evidence.monthly_income_inr.mean", "value": round(seg)})
    else:
        income = _LEVEL_INCOME.get(v.income.lower(), 50_000)
        basis = "household (income level)"
        evidence.append({"field": "personality_traits.income_level", "value": v.income})
    lo, hi, emi_share = _WTP[v.price]
    uses_emi = v.emi >= EMI_MIN_SHARE
    if "emi_usage_likelihood" in v.traits:
        evidence.append(
            {"field": "personality_traits.emi_usage_likelihood", "value": v.traits["emi_usage_likelihood"]}
        )
    return Budget(
        income=round(income),
        basis=basis,
        low=nice(income * lo),
        high=nice(income * hi),
        emi_monthly_max=nice(income * emi_share) if uses_emi else 0,
        evidence=tuple(evidence),
    )
