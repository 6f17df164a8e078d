"""The trait vocabulary: how a distinctive statistic of a cluster is put into words.

Each :class:`Trait` describes one direction of one column ("high tech_savviness").
Profiles and personas only use a trait when the data shows it (see ``_profiles``),
so every phrase here is attached to a number computed from the cluster.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from synthpersona.schema import INCOME_LOW_MAX, INCOME_MID_MAX, Col


@dataclass(frozen=True)
class Trait:
    """Words for one direction of one column (or one value of a categorical column)."""

    column: str
    direction: str  # "high", "low" or "is" (categorical value)
    label: str  # short, for cluster labels: "Tech Adopters"
    phrase: str  # for top traits and descriptions: "high tech savviness"
    icon: str = ""
    care: str = ""  # what such people care about
    barrier: str = ""  # what holds such people back
    value: str | None = None  # the categorical value, for direction "is"


NUMERIC_TRAITS: tuple[Trait, ...] = (
    Trait(
        "tech_savviness",
        "high",
        "Tech Adopters",
        "high tech savviness",
        "🧑‍💻",
        "Latest features and seamless device integration",
    ),
    Trait(
        "tech_savviness",
        "low",
        "Tech Cautious",
        "low tech savviness",
        "🤔",
        "Simple products that just work",
        "Complicated setup and unfamiliar technology",
    ),
    Trait(
        "price_sensitivity",
        "high",
        "Value Conscious",
        "high price sensitivity",
        "💰",
        "Value for money and discounts",
        "Price feels high for the monthly budget",
    ),
    Trait(
        "price_sensitivity",
        "low",
        "Premium Seekers",
        "low price sensitivity",
        "💎",
        "Premium quality and design",
    ),
    Trait(
        "brand_awareness",
        "high",
        "Brand Loyal",
        "high brand awareness",
        "🏷️",
        "Trusted, well-known brands",
        "Reluctant to switch from brands they already trust",
    ),
    Trait(
        "brand_awareness",
        "low",
        "Brand Agnostic",
        "low brand awareness",
        "🔍",
        "Honest reviews over brand names",
        "Uncertainty about product quality",
    ),
    Trait(
        "privacy_pref",
        "high",
        "Privacy First",
        "strong privacy preference",
        "🔒",
        "Data privacy and safety",
        "Worried about how personal data is used",
    ),
    Trait(
        "privacy_pref",
        "low",
        "Open Sharers",
        "relaxed about sharing data",
        "🌐",
        "Personalised recommendations",
    ),
    Trait(Col.DEVICE_COUNT, "high", "Multi-device", "many devices", "📱", "Works across all my devices"),
    Trait(
        Col.DEVICE_COUNT,
        "low",
        "Single-device",
        "few devices",
        "☎️",
        "One device that does it all",
        "Limited access to devices",
    ),
    Trait(
        Col.DAILY_SCREEN_HOURS,
        "high",
        "Always Online",
        "long daily screen time",
        "📺",
        "Great content and screen experience",
    ),
    Trait(
        Col.DAILY_SCREEN_HOURS,
        "low",
        "Light Users",
        "short daily screen time",
        "🕰️",
        "Saves time",
        "Low exposure to online ads and content",
    ),
    Trait(
        Col.ONLINE_SHOPPING_FREQ,
        "high",
        "Frequent Shoppers",
        "frequent online shopping",
        "🛒",
        "Fast delivery and easy returns",
    ),
    Trait(
        Col.ONLINE_SHOPPING_FREQ,
        "low",
        "Occasional Shoppers",
        "rare online shopping",
        "🏪",
        "Seeing and touching the product before buying",
        "Distrust of buying online",
    ),
    Trait(Col.MONTHLY_INCOME_INR, "high", "Affluent", "high income", "💼", "Premium experience"),
    Trait(
        Col.MONTHLY_INCOME_INR,
        "low",
        "Budget-constrained",
        "low income",
        "🪙",
        "Affordability",
        "Limited disposable income",
    ),
    Trait(
        Col.AGE,
        "high",
        "Mature",
        "older age",
        "🧓",
        "Reliability and good after-sales service",
        "Wary of new, untested products",
    ),
    Trait(Col.AGE, "low", "Young", "younger age", "🧑", "Trends and what friends use"),
    Trait(Col.EMI_FLAG, "high", "EMI Users", "frequent EMI use", "💳", "Easy EMI and financing options"),
    Trait(Col.EMI_FLAG, "low", "Pay-upfront", "rare EMI use", "💵", "Clear, upfront pricing"),
    Trait(Col.HAS_CHILDREN, "high", "Parents", "mostly parents", "👶", "Safety and value for the family"),
    Trait(
        Col.HAS_CHILDREN,
        "low",
        "Child-free",
        "mostly without children",
        "🙂",
        "Products for their own lifestyle",
    ),
    Trait(Col.FAMILY_SIZE, "high", "Large Households", "large households", "🏠", "Shareable family products"),
    Trait("interest_tech", "high", "Gadget Lovers", "strong interest in tech", "🎧", "Specs and performance"),
    Trait(
        "interest_fashion", "high", "Fashion-forward", "strong interest in fashion", "👗", "Style and trends"
    ),
    Trait(
        "interest_beauty",
        "high",
        "Beauty Buffs",
        "strong interest in beauty",
        "💄",
        "Skin-friendly, genuine products",
    ),
    Trait("interest_health", "high", "Health Focused", "strong interest in health", "🩺", "Health benefits"),
    Trait(
        "interest_fitness",
        "high",
        "Fitness Fans",
        "strong interest in fitness",
        "🏋️",
        "Fitness tracking and durability",
    ),
    Trait("interest_education", "high", "Learners", "strong interest in education", "📚", "Learning value"),
    Trait(
        "interest_entertainment",
        "high",
        "Entertainment Seekers",
        "strong interest in entertainment",
        "🎬",
        "Entertainment and content quality",
    ),
    Trait("interest_gaming", "high", "Gamers", "strong interest in gaming", "🎮", "Gaming performance"),
    Trait(
        "interest_sports", "high", "Sports Fans", "strong interest in sports", "🏏", "Sports content and gear"
    ),
    Trait(
        "interest_travel", "high", "Travellers", "strong interest in travel", "✈️", "Portability for travel"
    ),
    Trait(
        "interest_finance",
        "high",
        "Finance Savvy",
        "strong interest in finance",
        "📈",
        "Smart money decisions and returns",
    ),
    Trait("interest_food", "high", "Foodies", "strong interest in food", "🍲", "Taste and freshness"),
    Trait(
        "interest_parenting",
        "high",
        "Parenting Focused",
        "strong interest in parenting",
        "🍼",
        "Child safety and development",
    ),
    Trait(
        "interest_automobile",
        "high",
        "Auto Enthusiasts",
        "strong interest in automobiles",
        "🚗",
        "Car tech and connectivity",
    ),
)

CATEGORICAL_TRAITS: tuple[Trait, ...] = (
    Trait(Col.CITY_TIER, "is", "Tier-1", "Tier-1 cities", "🏙️", value="Tier-1"),
    Trait(Col.CITY_TIER, "is", "Tier-2", "Tier-2 cities", "🏘️", value="Tier-2"),
    Trait(Col.CITY_TIER, "is", "Tier-3", "Tier-3 cities", "🌆", value="Tier-3"),
    Trait(Col.AREA_TYPE, "is", "Rural", "rural areas", "🌾", value="Rural"),
    Trait(Col.AREA_TYPE, "is", "Semi-urban", "semi-urban areas", "🏡", value="Semi-urban"),
    Trait(Col.OCCUPATION, "is", "Students", "students", "🎓", "Student discounts and value", value="Student"),
    Trait(
        Col.OCCUPATION,
        "is",
        "Salaried",
        "salaried professionals",
        "👔",
        "Time-saving convenience",
        value="Salaried",
    ),
    Trait(
        Col.OCCUPATION,
        "is",
        "Business Owners",
        "business owners",
        "🏢",
        "Tools that help the business",
        value="Business Owner",
    ),
    Trait(Col.OCCUPATION, "is", "Self-employed", "self-employed", "🛠️", value="Self-employed"),
    Trait(
        Col.OCCUPATION,
        "is",
        "Homemakers",
        "homemakers",
        "🏠",
        "Value and reliability for the household",
        value="Homemaker",
    ),
    Trait(Col.OCCUPATION, "is", "Freelancers", "freelancers", "💻", value="Freelancer"),
    Trait(
        Col.OCCUPATION,
        "is",
        "Retirees",
        "retirees",
        "🧓",
        "Ease of use and after-sales support",
        value="Retired",
    ),
    Trait(Col.PRIMARY_MEDIA, "is", "YouTube-first", "YouTube as main media", "▶️", value="YouTube"),
    Trait(Col.PRIMARY_MEDIA, "is", "Instagram-first", "Instagram as main media", "📸", value="Instagram"),
    Trait(Col.PRIMARY_MEDIA, "is", "WhatsApp-first", "WhatsApp as main media", "💬", value="WhatsApp"),
    Trait(Col.PRIMARY_MEDIA, "is", "Facebook-first", "Facebook as main media", "👍", value="Facebook"),
    Trait(Col.PRIMARY_MEDIA, "is", "TV Watchers", "TV as main media", "📺", value="TV"),
    Trait(Col.PRIMARY_MEDIA, "is", "OTT Streamers", "OTT as main media", "🎞️", value="OTT"),
    Trait(Col.PRIMARY_MEDIA, "is", "News Readers", "news apps as main media", "📰", value="News apps"),
    Trait(
        Col.PREFERRED_CHANNEL, "is", "Quick-commerce Regulars", "quick commerce", "⚡", value="Quick commerce"
    ),
    Trait(Col.PREFERRED_CHANNEL, "is", "In-store Buyers", "offline retail", "🏬", value="Offline retail"),
    Trait(Col.PREFERRED_CHANNEL, "is", "Social Shoppers", "social commerce", "🤳", value="Social commerce"),
    Trait(Col.GENDER, "is", "Women", "women", "👩", value="Female"),
    Trait(Col.GENDER, "is", "Men", "men", "👨", value="Male"),
    Trait(Col.PARENTING_STAGE, "is", "New Parents", "parents of infants", "🍼", value="Infant"),
    Trait(Col.PARENTING_STAGE, "is", "Parents of Toddlers", "parents of toddlers", "🧸", value="Toddler"),
    Trait(
        Col.PARENTING_STAGE,
        "is",
        "School Parents",
        "parents of school-age children",
        "🎒",
        value="School-age",
    ),
    Trait(Col.PARENTING_STAGE, "is", "Parents of Teens", "parents of teens", "🧑‍🎓", value="Teen"),
    Trait(Col.INCOME_LEVEL, "is", "High Income", "high income", "💼", value="High"),
    Trait(Col.INCOME_LEVEL, "is", "Low Income", "low income", "🪙", value="Low"),
)

# Absolute levels of every numeric trait column: ``(low_below, high_from)`` in the column's
# own unit (the segment mean; yes/no columns: the share that is true). A "high" word is
# only used when the segment's level is at least ``high_from`` and a "low" word when it
# is below ``low_below`` (on top of the contrast with the audience, ``MIN_EFFECT``).
# 0-1 scores use the persona levels (``personas.level``: Low < 0.4, High >= 0.65);
# income uses the population's income levels (Low < Rs 25K/month, High >= Rs 1L/month);
# the others are round figures near the built-in population's terciles (50,000 people).
SCORE_BANDS: Final = (0.4, 0.65)
LEVEL_BANDS: Final[dict[str, tuple[float, float]]] = {
    "monthly_income_inr": (float(INCOME_LOW_MAX), float(INCOME_MID_MAX)),
    "age": (30.0, 45.0),
    "device_count": (2.0, 3.5),
    "daily_screen_hours": (3.5, 6.0),
    "online_shopping_freq": (1.0, 3.0),
    "family_size": (3.0, 5.0),
    "emi_flag": (0.2, 0.5),
    "has_children": (0.5, 0.5),
}
# Nouns for comparative phrases ("higher income than the audience, still low at ...").
NOUNS: Final[dict[str, str]] = {
    "monthly_income_inr": "income",
    "age": "age",
    "device_count": "device count",
    "daily_screen_hours": "screen time",
    "online_shopping_freq": "online shopping",
    "family_size": "household size",
    "emi_flag": "EMI use",
    "has_children": "share of parents",
    "privacy_pref": "privacy preference",
}


def bands(column: str) -> tuple[float, float]:
    """``(low_below, high_from)`` of a numeric trait column (0-1 scores: 0.4 and 0.65).

    Examples
    --------
    >>> bands("monthly_income_inr")
    (25000.0, 100000.0)
    >>> bands("tech_savviness")
    (0.4, 0.65)
    """
    return LEVEL_BANDS.get(column, SCORE_BANDS)


def band(column: str, value: float) -> str:
    """The absolute level of ``value`` in ``column``: ``"low"``, ``"mid"`` or ``"high"``.

    Examples
    --------
    >>> band("monthly_income_inr", 7_000), band("monthly_income_inr", 60_000)
    ('low', 'mid')
    >>> band("price_sensitivity", 0.7)
    'high'
    """
    low, high = bands(column)
    if value >= high:
        return "high"
    return "low" if value < low else "mid"


def noun(column: str) -> str:
    """What a column measures, for comparative phrases (``"tech savviness"``)."""
    return NOUNS.get(column, column.replace("interest_", "interest in ").replace("_", " "))


DEFAULT_CARE = ("Product quality", "Clear information before buying")
DEFAULT_BARRIER = "Not yet convinced it fits their needs"
# Every care and barrier a persona can state (pick-lists for editing a persona; verify checks them).
CARE_WORDS: tuple[str, ...] = tuple(
    dict.fromkeys([*(t.care for t in NUMERIC_TRAITS + CATEGORICAL_TRAITS if t.care), *DEFAULT_CARE])
)
BARRIER_WORDS: tuple[str, ...] = tuple(
    dict.fromkeys([*(t.barrier for t in NUMERIC_TRAITS + CATEGORICAL_TRAITS if t.barrier), DEFAULT_BARRIER])
)

# Adjective forms of trait labels, for persona titles ("Tech-Savvy Mom").
ADJECTIVES: dict[str, str] = {
    "Tech Adopters": "Tech-Savvy",
    "Tech Cautious": "Tech-Cautious",
    "Value Conscious": "Value-Conscious",
    "Premium Seekers": "Premium-Seeking",
    "Brand Loyal": "Brand-Loyal",
    "Brand Agnostic": "Review-Driven",
    "Privacy First": "Privacy-First",
    "Open Sharers": "Socially Open",
    "Multi-device": "Multi-Device",
    "Single-device": "Mobile-Only",
    "Always Online": "Always-Online",
    "Light Users": "Offline-Leaning",
    "Frequent Shoppers": "Shopaholic",
    "Occasional Shoppers": "Careful",
    "Affluent": "Affluent",
    "Budget-constrained": "Budget-Stretched",
    "Mature": "Seasoned",
    "Young": "Young",
    "EMI Users": "EMI-Savvy",
    "Pay-upfront": "Pay-Upfront",
    "Parents": "Family-First",
    "Child-free": "Independent",
    "Large Households": "Joint-Family",
    "Gadget Lovers": "Gadget-Loving",
    "Fashion-forward": "Fashion-Forward",
    "Beauty Buffs": "Beauty-Loving",
    "Health Focused": "Health-Conscious",
    "Fitness Fans": "Fitness-Focused",
    "Learners": "Curious",
    "Entertainment Seekers": "Binge-Watching",
    "Gamers": "Gamer",
    "Sports Fans": "Sporty",
    "Travellers": "Wanderlust",
    "Finance Savvy": "Money-Smart",
    "Foodies": "Foodie",
    "Parenting Focused": "Hands-On",
    "Auto Enthusiasts": "Auto-Loving",
    "Tier-1": "Metro",
    "Tier-2": "Tier-2",
    "Tier-3": "Small-Town",
    "Rural": "Rural",
    "Semi-urban": "Semi-Urban",
    "YouTube-first": "YouTube-Loving",
    "Instagram-first": "Insta-Savvy",
    "WhatsApp-first": "WhatsApp-Connected",
    "Facebook-first": "Facebook-Active",
    "TV Watchers": "TV-Loving",
    "OTT Streamers": "Streaming",
    "News Readers": "News-Following",
    "Quick-commerce Regulars": "Quick-Commerce",
    "In-store Buyers": "In-Store",
    "Social Shoppers": "Social-Shopping",
    "High Income": "Affluent",
    "Low Income": "Budget-Stretched",
}
