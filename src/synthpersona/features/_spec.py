"""Domain feature definitions: the formulas, their weights and the clustering inputs per domain.

Everything here is data, so the code that computes the features, the feature
documentation (``docs/features.md``) and the tests read the same definitions.

Signals are the population's columns mapped onto ``[0, 1]``; a derived feature
is a weighted sum of signals (weights sum to 1, so it stays in ``[0, 1]``),
optionally multiplied by a 0/1 gate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# --------------------------------------------------------------------------- signals
# Scaled signals computed from raw columns (formula text for the docs).
SCALED_SIGNALS: Final[dict[str, tuple[tuple[str, ...], str]]] = {
    "income_score": (
        ("monthly_income_inr",),
        "clip(ln((1 + monthly_income_inr) / 1,000) / ln(500), 0, 1): log scale, ₹1K/month → 0, ₹5L/month → 1",
    ),
    "per_capita_income_score": (
        ("monthly_income_inr", "family_size"),
        "clip(ln((1 + monthly_income_inr / family_size) / 500) / ln(400), 0, 1): "
        "₹500 → 0, ₹2L per member → 1",
    ),
    "device_score": (("device_count",), "clip((device_count - 1) / 7, 0, 1): 1 device → 0, 8 devices → 1"),
    "screen_score": (("daily_screen_hours",), "clip(daily_screen_hours / 12, 0, 1): 12 h a day or more → 1"),
    "shopping_score": (
        ("online_shopping_freq",),
        "clip(ln(1 + online_shopping_freq) / ln(21), 0, 1): log scale, 20+ orders a month → 1",
    ),
    "children_score": (("num_children",), "clip(num_children / 3, 0, 1): three or more children → 1"),
    "household_score": (
        ("family_size",),
        "clip((family_size - 1) / 7, 0, 1): living alone → 0, 8+ people → 1",
    ),
}


@dataclass(frozen=True)
class DerivedFeature:
    """A derived feature: ``gate * sum(weight * signal)``.

    ``terms`` name signals: a score or interest column (``privacy_pref``), its
    complement (``1-privacy_pref``), a boolean column as 0/1 (``emi_flag``) or a
    scaled signal (``income_score``). ``gate`` is an optional boolean column.
    """

    name: str
    terms: tuple[tuple[str, float], ...]
    why: str
    gate: str | None = None

    @property
    def formula(self) -> str:
        """The formula as text, e.g. ``0.4 × privacy_pref + 0.6 × price_sensitivity``."""
        body = " + ".join(
            f"{w:g} × {'(' + s.replace('-', ' - ') + ')' if s.startswith('1-') else s}" for s, w in self.terms
        )
        return f"{self.gate} × ({body})" if self.gate else body


def _f(name: str, why: str, *terms: tuple[str, float], gate: str | None = None) -> DerivedFeature:
    return DerivedFeature(name, tuple(terms), why, gate)


DERIVED: Final[dict[str, DerivedFeature]] = {
    f.name: f
    for f in (
        # Seed 001's parenting features (brand_awareness replaces the seed's brand_awareness_bose).
        _f(
            "parental_concern_score",
            "Seed 001: worry about what a purchase costs and what it exposes; privacy plus price.",
            ("privacy_pref", 0.4),
            ("price_sensitivity", 0.6),
        ),
        _f(
            "child_safety_priority",
            "Seed 001: safety-first buyers guard data and trust known brands.",
            ("brand_awareness", 0.3),
            ("privacy_pref", 0.7),
        ),
        _f(
            "family_budget_manager",
            "Seed 001: runs a tight household budget and spreads big buys over EMIs.",
            ("price_sensitivity", 0.8),
            ("emi_flag", 0.2),
        ),
        _f(
            "tech_savvy_parent",
            "Seed 001's 'Tech-Savvy Moms': parents who are at ease with technology and own many devices.",
            ("tech_savviness", 0.6),
            ("device_score", 0.4),
            gate="has_children",
        ),
        _f(
            "education_focus",
            "Parents who invest in learning: education and parenting content.",
            ("interest_education", 0.6),
            ("interest_parenting", 0.4),
        ),
        _f(
            "household_load",
            "How many people the budget and attention are shared with.",
            ("children_score", 0.5),
            ("household_score", 0.5),
        ),
        # Tech adoption.
        _f(
            "tech_early_adopter",
            "Seed 001 (brand_awareness for brand_awareness_bose): many devices, brand-aware, "
            "relaxed about data.",
            ("device_score", 0.4),
            ("brand_awareness", 0.3),
            ("1-privacy_pref", 0.3),
        ),
        _f(
            "digital_engagement",
            "Time on screens, online orders and comfort with technology: how reachable online.",
            ("screen_score", 0.4),
            ("shopping_score", 0.3),
            ("tech_savviness", 0.3),
        ),
        _f(
            "gadget_enthusiast",
            "Interest in technology and gaming, the core of gadget demand.",
            ("interest_tech", 0.6),
            ("interest_gaming", 0.4),
        ),
        _f(
            "premium_tech_buyer",
            "Can and will pay for premium: income, brand pull and low price sensitivity.",
            ("income_score", 0.4),
            ("brand_awareness", 0.3),
            ("1-price_sensitivity", 0.3),
        ),
        # Budget.
        _f(
            "value_seeker",
            "Price first, brand second: the discount and private-label audience.",
            ("price_sensitivity", 0.6),
            ("1-brand_awareness", 0.4),
        ),
        _f(
            "credit_reliance",
            "Uses EMIs, sharpened by price sensitivity: responds to no-cost EMI and pay-later offers.",
            ("emi_flag", 0.7),
            ("price_sensitivity", 0.3),
        ),
        _f(
            "purchasing_power",
            "Household income and what is left per member once it is shared.",
            ("income_score", 0.6),
            ("per_capita_income_score", 0.4),
        ),
        _f(
            "deal_hunter",
            "Price-sensitive AND shops online often: sale-event and coupon responders.",
            ("price_sensitivity", 0.5),
            ("shopping_score", 0.5),
        ),
        # Lifestyle.
        _f(
            "health_conscious",
            "Health and fitness affinity.",
            ("interest_health", 0.5),
            ("interest_fitness", 0.5),
        ),
        _f(
            "entertainment_seeker",
            "Entertainment and gaming affinity plus screen time.",
            ("interest_entertainment", 0.5),
            ("interest_gaming", 0.3),
            ("screen_score", 0.2),
        ),
        _f(
            "style_conscious",
            "Fashion and beauty affinity with brand pull.",
            ("interest_fashion", 0.4),
            ("interest_beauty", 0.4),
            ("brand_awareness", 0.2),
        ),
        _f(
            "explorer",
            "Travel and food affinity, enabled by income.",
            ("interest_travel", 0.5),
            ("interest_food", 0.3),
            ("income_score", 0.2),
        ),
        _f(
            "sports_enthusiast",
            "Sports and fitness affinity.",
            ("interest_sports", 0.6),
            ("interest_fitness", 0.4),
        ),
    )
}


@dataclass(frozen=True)
class DomainSpec:
    """What a domain clusters on.

    ``derived`` lists the derived features computed for the domain (the columns
    of :func:`~synthpersona.features.derive_features`: they describe the segments).
    ``numeric`` maps each numeric clustering input (scaled signal or raw column) to
    its weight; ``categorical`` does the same for one-hot encoded columns.
    Weights multiply the standardised column, so 1.0 counts as much as one
    standard deviation of an ordinary numeric column.
    """

    name: str
    description: str
    derived: tuple[str, ...]
    numeric: dict[str, float]
    categorical: dict[str, float]
    why: str


# Clustering inputs. Every attitude or behaviour signal the domain's derived features read
# enters ON ITS OWN at weight 1 (one standard deviation), so segments that differ on any of
# them are seen; mixing signals into a few derived features first folded distinct planted
# segments onto the same values (docs/benchmarks.md, "Segments"). Demographics get 0.3:
# they describe and place a segment but no longer split the audience by themselves (a
# has-children or age split used to win k=2 on most goals). EMI, a yes/no column whose
# standardised gap alone would split the audience, gets 0.7.
_DEMOGRAPHIC = 0.3
_BINARY = 0.7

DOMAIN_SPECS: Final[dict[str, DomainSpec]] = {
    "parenting": DomainSpec(
        "parenting",
        "Parents and families: concern, safety, budget management, tech comfort, education.",
        (
            "parental_concern_score",
            "child_safety_priority",
            "family_budget_manager",
            "tech_savvy_parent",
            "education_focus",
            "household_load",
            "income_score",
        ),
        {
            "privacy_pref": 1.0,
            "price_sensitivity": 1.0,
            "brand_awareness": 1.0,
            "tech_savviness": 1.0,
            "device_score": 1.0,
            "interest_education": 1.0,
            "interest_parenting": 1.0,
            "income_score": 1.0,
            "emi_flag": _BINARY,
            "children_score": _DEMOGRAPHIC,
            "household_score": _DEMOGRAPHIC,
            "age": _DEMOGRAPHIC,
        },
        {"parenting_stage": _DEMOGRAPHIC, "city_tier": _DEMOGRAPHIC},
        "The signals behind seed 001's parenting features (privacy, price, brand, tech comfort and "
        "devices, education and parenting interest, income, EMI) each count once; household size, "
        "stage and tier describe the segments without splitting them.",
    ),
    "tech_adoption": DomainSpec(
        "tech_adoption",
        "Technology buyers: early adoption, engagement, gadget interest and premium intent.",
        (
            "tech_early_adopter",
            "digital_engagement",
            "gadget_enthusiast",
            "premium_tech_buyer",
            "income_score",
        ),
        {
            "tech_savviness": 1.0,
            "price_sensitivity": 1.0,
            "brand_awareness": 1.0,
            "privacy_pref": 1.0,
            "device_score": 1.0,
            "screen_score": 1.0,
            "shopping_score": 1.0,
            "interest_tech": 1.0,
            "interest_gaming": 1.0,
            "income_score": 1.0,
            "age": _DEMOGRAPHIC,
        },
        {"primary_media": _DEMOGRAPHIC, "city_tier": _DEMOGRAPHIC},
        "The signals behind seed 001's tech_early_adopter (devices, brand, privacy), price, engagement "
        "(screen time, online orders, tech comfort), gadget interest and income each count once; media "
        "and tier say where to reach each segment.",
    ),
    "budget": DomainSpec(
        "budget",
        "Price-conscious and premium buyers: value seeking, purchasing power, credit and deals.",
        (
            "value_seeker",
            "purchasing_power",
            "credit_reliance",
            "deal_hunter",
            "family_budget_manager",
            "income_score",
            "per_capita_income_score",
        ),
        {
            "price_sensitivity": 1.0,
            "brand_awareness": 1.0,
            "income_score": 1.0,
            "shopping_score": 1.0,
            "emi_flag": _BINARY,
            "household_score": _DEMOGRAPHIC,
            "age": _DEMOGRAPHIC,
        },
        {"preferred_channel": _DEMOGRAPHIC, "city_tier": _DEMOGRAPHIC},
        "Willingness to pay (price, brand), ability to pay (income), credit (EMI) and deal behaviour "
        "(online orders) each count once; household size, channel and tier say who and where.",
    ),
    "lifestyle": DomainSpec(
        "lifestyle",
        "Interests and ways of living: health, entertainment, style, travel, sport, engagement.",
        (
            "health_conscious",
            "entertainment_seeker",
            "style_conscious",
            "explorer",
            "sports_enthusiast",
            "digital_engagement",
            "income_score",
        ),
        {
            "interest_health": 1.0,
            "interest_fitness": 1.0,
            "interest_entertainment": 1.0,
            "interest_gaming": 1.0,
            "interest_fashion": 1.0,
            "interest_beauty": 1.0,
            "interest_travel": 1.0,
            "interest_food": 1.0,
            "interest_sports": 1.0,
            "screen_score": 1.0,
            "shopping_score": 1.0,
            "tech_savviness": 1.0,
            "brand_awareness": 1.0,
            "income_score": 1.0,
            "age": _DEMOGRAPHIC,
        },
        {"occupation": _DEMOGRAPHIC, "primary_media": _DEMOGRAPHIC},
        "Every interest behind the five lifestyle features, with screen time, online orders, tech "
        "comfort, brand pull and income, counts once so no single interest decides; age, occupation "
        "and media describe each lifestyle.",
    ),
    "general": DomainSpec(
        "general",
        "Any audience: technology, value, engagement, purchasing power and life stage.",
        ("tech_early_adopter", "value_seeker", "digital_engagement", "purchasing_power", "income_score"),
        {
            "tech_savviness": 1.0,
            "price_sensitivity": 1.0,
            "brand_awareness": 1.0,
            "privacy_pref": 1.0,
            "device_score": 1.0,
            "screen_score": 1.0,
            "shopping_score": 1.0,
            "income_score": 1.0,
            "age": _DEMOGRAPHIC,
            "has_children": _DEMOGRAPHIC,
        },
        {
            "city_tier": _DEMOGRAPHIC,
            "occupation": _DEMOGRAPHIC,
            "primary_media": _DEMOGRAPHIC,
            "gender": _DEMOGRAPHIC,
        },
        "A marketer's view of any audience: tech comfort and devices, price and brand, privacy, screen "
        "time and online orders, and income each count once; life stage, place, occupation, media and "
        "gender name and reach the segments without splitting them.",
    ),
}

DOMAINS: Final[tuple[str, ...]] = tuple(DOMAIN_SPECS)
