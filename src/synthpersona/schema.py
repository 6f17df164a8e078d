"""The public population schema: column names and allowed values of the ``users`` table.

This module is the single source of truth for the vocabulary of the built-in
population: the generator draws from it, the goal parser maps words onto it, the
features, personas and role-play modules read columns by the names in :class:`Col`,
and the API documents it. It imports nothing heavy, so the goal parser and the CLI
can use it without loading pandas. (``synthpersona.population`` re-exports the same
names for older code.)

Examples
--------
>>> from synthpersona.schema import CATEGORICAL_VALUES, Col
>>> CATEGORICAL_VALUES[Col.CITY_TIER]
('Tier-1', 'Tier-2', 'Tier-3')
>>> Col.MONTHLY_INCOME_INR in COLUMNS
True
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "AGE_MAX",
    "AGE_MIN",
    "AREA_TYPES",
    "BLANK_WORDS",
    "BOOLEAN_COLUMNS",
    "CATEGORICAL_VALUES",
    "CHANNELS",
    "CITIES",
    "CITY_ALIASES",
    "CITY_NAMES",
    "CITY_STATE",
    "CITY_TIER",
    "CITY_TIERS",
    "COLUMNS",
    "COLUMN_DESCRIPTIONS",
    "EDUCATION_LEVELS",
    "FALSE_WORDS",
    "FESTIVALS",
    "GENDERS",
    "INCOME_LEVELS",
    "INCOME_LOW_MAX",
    "INCOME_MID_MAX",
    "INCOME_SOURCES",
    "INTERESTS",
    "LANGUAGES",
    "MARITAL_STATUSES",
    "MEDIA",
    "NUMERIC_COLUMNS",
    "OCCUPATIONS",
    "PARENTING_STAGES",
    "RELIGIONS",
    "SCORES",
    "STATES",
    "STATE_LANGUAGE",
    "TRUE_WORDS",
    "Col",
]


class Col:
    """Names of the population's non-interest columns, so code names them once.

    A misspelt attribute fails when the module is imported (and under mypy), where a
    misspelt string would only fail on the row that reads it. Interest and score
    columns are listed in :data:`INTERESTS` and :data:`SCORES`.
    """

    USER_ID: Final = "user_id"
    AGE: Final = "age"
    GENDER: Final = "gender"
    STATE: Final = "state"
    CITY: Final = "city"
    CITY_TIER: Final = "city_tier"
    AREA_TYPE: Final = "area_type"
    MONTHLY_INCOME_INR: Final = "monthly_income_inr"
    INCOME_LEVEL: Final = "income_level"
    HOUSEHOLD_INCOME_INR: Final = "household_income_inr"
    HOUSEHOLD_INCOME_LEVEL: Final = "household_income_level"
    OCCUPATION: Final = "occupation"
    EDUCATION_LEVEL: Final = "education_level"
    MARITAL_STATUS: Final = "marital_status"
    HAS_CHILDREN: Final = "has_children"
    NUM_CHILDREN: Final = "num_children"
    PARENTING_STAGE: Final = "parenting_stage"
    FAMILY_SIZE: Final = "family_size"
    INCOME_SOURCE: Final = "income_source"
    PRIMARY_LANGUAGE: Final = "primary_language"
    RELIGION: Final = "religion"
    MAIN_FESTIVAL: Final = "main_festival"
    PRIMARY_MEDIA: Final = "primary_media"
    DAILY_SCREEN_HOURS: Final = "daily_screen_hours"
    DEVICE_COUNT: Final = "device_count"
    ONLINE_SHOPPING_FREQ: Final = "online_shopping_freq"
    PREFERRED_CHANNEL: Final = "preferred_channel"
    EMI_FLAG: Final = "emi_flag"


# The vocabulary tables are laid out by hand, several values per line, to stay readable.
# fmt: off
GENDERS: Final = ("Female", "Male", "Non-binary")
CITY_TIERS: Final = ("Tier-1", "Tier-2", "Tier-3")
AREA_TYPES: Final = ("Urban", "Semi-urban", "Rural")
INCOME_LEVELS: Final = ("Low", "Mid", "High")
OCCUPATIONS: Final = (
    "Student", "Salaried", "Self-employed", "Business Owner",
    "Homemaker", "Freelancer", "Retired", "Unemployed",
)
EDUCATION_LEVELS: Final = (
    "Secondary", "Higher Secondary", "Diploma", "Graduate", "Post-graduate", "Doctorate",
)
MARITAL_STATUSES: Final = ("Single", "Married", "Divorced", "Widowed")
PARENTING_STAGES: Final = ("None", "Expecting", "Infant", "Toddler", "School-age", "Teen", "Adult children")
INCOME_SOURCES: Final = ("Salary", "Business", "Freelance", "Family support", "Pension", "Stipend")
LANGUAGES: Final = (
    "Hindi", "English", "Bengali", "Marathi", "Telugu", "Tamil",
    "Gujarati", "Kannada", "Malayalam", "Punjabi", "Odia",
)
# Census 2011 religious communities; context for festivals, language and names, never a goal filter.
RELIGIONS: Final = ("Hindu", "Muslim", "Christian", "Sikh", "Buddhist", "Jain", "Other")
FESTIVALS: Final = (
    "Diwali", "Holi", "Durga Puja", "Ganesh Chaturthi", "Navratri", "Onam", "Pongal", "Sankranti", "Bihu",
    "Chhath", "Eid", "Christmas", "Gurpurab", "Vaisakhi", "Buddha Purnima", "Losar", "Paryushan",
)
MEDIA: Final = ("YouTube", "Instagram", "WhatsApp", "Facebook", "TV", "OTT", "News apps", "Print")
CHANNELS: Final = (
    "Online marketplace", "Offline retail", "Quick commerce", "Brand website", "Social commerce",
)
INTERESTS: Final = (
    "interest_tech", "interest_fashion", "interest_beauty", "interest_health", "interest_fitness",
    "interest_education", "interest_entertainment", "interest_gaming", "interest_sports", "interest_travel",
    "interest_finance", "interest_food", "interest_parenting", "interest_automobile",
)
SCORES: Final = ("tech_savviness", "price_sensitivity", "brand_awareness", "privacy_pref")

# Income level thresholds in ₹ per month: Low < 25,000 <= Mid <= 1,00,000 < High.
INCOME_LOW_MAX: Final = 25_000
INCOME_MID_MAX: Final = 100_000
# Household income classes in ₹ per month (ICE 360°: ₹5 lakh and ₹30 lakh a year):
# Low < 41,667 <= Mid <= 2,50,000 < High.
HOUSEHOLD_INCOME_LOW_MAX: Final = 41_667
HOUSEHOLD_INCOME_MID_MAX: Final = 250_000

AGE_MIN: Final = 18
AGE_MAX: Final = 75

# (city, state, tier) under current official names.
CITIES: Final[tuple[tuple[str, str, str], ...]] = (
    ("Mumbai", "Maharashtra", "Tier-1"),
    ("Delhi", "Delhi", "Tier-1"),
    ("Bengaluru", "Karnataka", "Tier-1"),
    ("Hyderabad", "Telangana", "Tier-1"),
    ("Chennai", "Tamil Nadu", "Tier-1"),
    ("Kolkata", "West Bengal", "Tier-1"),
    ("Pune", "Maharashtra", "Tier-1"),
    ("Ahmedabad", "Gujarat", "Tier-1"),
    ("Gurugram", "Haryana", "Tier-1"),
    ("Noida", "Uttar Pradesh", "Tier-1"),
    ("Jaipur", "Rajasthan", "Tier-2"),
    ("Lucknow", "Uttar Pradesh", "Tier-2"),
    ("Kanpur", "Uttar Pradesh", "Tier-2"),
    ("Nagpur", "Maharashtra", "Tier-2"),
    ("Indore", "Madhya Pradesh", "Tier-2"),
    ("Bhopal", "Madhya Pradesh", "Tier-2"),
    ("Visakhapatnam", "Andhra Pradesh", "Tier-2"),
    ("Vijayawada", "Andhra Pradesh", "Tier-2"),
    ("Patna", "Bihar", "Tier-2"),
    ("Vadodara", "Gujarat", "Tier-2"),
    ("Surat", "Gujarat", "Tier-2"),
    ("Rajkot", "Gujarat", "Tier-2"),
    ("Ludhiana", "Punjab", "Tier-2"),
    ("Amritsar", "Punjab", "Tier-2"),
    ("Chandigarh", "Chandigarh", "Tier-2"),
    ("Coimbatore", "Tamil Nadu", "Tier-2"),
    ("Madurai", "Tamil Nadu", "Tier-2"),
    ("Kochi", "Kerala", "Tier-2"),
    ("Thiruvananthapuram", "Kerala", "Tier-2"),
    ("Kozhikode", "Kerala", "Tier-2"),
    ("Mysuru", "Karnataka", "Tier-2"),
    ("Mangaluru", "Karnataka", "Tier-2"),
    ("Nashik", "Maharashtra", "Tier-2"),
    ("Aurangabad", "Maharashtra", "Tier-2"),
    ("Bhubaneswar", "Odisha", "Tier-2"),
    ("Guwahati", "Assam", "Tier-2"),
    ("Dehradun", "Uttarakhand", "Tier-2"),
    ("Raipur", "Chhattisgarh", "Tier-2"),
    ("Ranchi", "Jharkhand", "Tier-2"),
    ("Varanasi", "Uttar Pradesh", "Tier-2"),
    ("Agra", "Uttar Pradesh", "Tier-2"),
    ("Prayagraj", "Uttar Pradesh", "Tier-2"),
    ("Jodhpur", "Rajasthan", "Tier-2"),
    ("Gwalior", "Madhya Pradesh", "Tier-2"),
    ("Jabalpur", "Madhya Pradesh", "Tier-2"),
    ("Durgapur", "West Bengal", "Tier-2"),
    ("Siliguri", "West Bengal", "Tier-2"),
    ("Hubballi", "Karnataka", "Tier-2"),
    ("Tiruchirappalli", "Tamil Nadu", "Tier-2"),
    ("Warangal", "Telangana", "Tier-3"),
    ("Guntur", "Andhra Pradesh", "Tier-3"),
    ("Bhagalpur", "Bihar", "Tier-3"),
    ("Gaya", "Bihar", "Tier-3"),
    ("Cuttack", "Odisha", "Tier-3"),
    ("Jalandhar", "Punjab", "Tier-3"),
    ("Bikaner", "Rajasthan", "Tier-3"),
    ("Udaipur", "Rajasthan", "Tier-3"),
    ("Gorakhpur", "Uttar Pradesh", "Tier-3"),
    ("Bareilly", "Uttar Pradesh", "Tier-3"),
    ("Thrissur", "Kerala", "Tier-3"),
    ("Belagavi", "Karnataka", "Tier-3"),
    ("Salem", "Tamil Nadu", "Tier-3"),
    ("Jammu", "Jammu and Kashmir", "Tier-3"),
    ("Shillong", "Meghalaya", "Tier-3"),
    ("Panaji", "Goa", "Tier-3"),
    # One district town for every other state and union territory, so that goals about them find people.
    ("Shimla", "Himachal Pradesh", "Tier-3"),
    ("Imphal", "Manipur", "Tier-3"),
    ("Aizawl", "Mizoram", "Tier-3"),
    ("Dimapur", "Nagaland", "Tier-3"),
    ("Agartala", "Tripura", "Tier-3"),
    ("Gangtok", "Sikkim", "Tier-3"),
    ("Itanagar", "Arunachal Pradesh", "Tier-3"),
    ("Leh", "Ladakh", "Tier-3"),
    ("Puducherry", "Puducherry", "Tier-3"),
    ("Port Blair", "Andaman and Nicobar Islands", "Tier-3"),
    ("Kavaratti", "Lakshadweep", "Tier-3"),
    ("Daman", "Dadra and Nagar Haveli and Daman and Diu", "Tier-3"),
)
CITY_NAMES: Final = tuple(c for c, _, _ in CITIES)
STATES: Final = tuple(sorted({s for _, s, _ in CITIES}))
CITY_STATE: Final = {c: s for c, s, _ in CITIES}
CITY_TIER: Final = {c: t for c, _, t in CITIES}

# Former or colloquial names people still type, mapped to the official ones.
CITY_ALIASES: Final = {
    "bangalore": "Bengaluru", "bombay": "Mumbai", "madras": "Chennai", "calcutta": "Kolkata",
    "gurgaon": "Gurugram", "new delhi": "Delhi", "mysore": "Mysuru", "mangalore": "Mangaluru",
    "trivandrum": "Thiruvananthapuram", "cochin": "Kochi", "calicut": "Kozhikode", "vizag": "Visakhapatnam",
    "allahabad": "Prayagraj", "benares": "Varanasi", "banaras": "Varanasi", "baroda": "Vadodara",
    "poona": "Pune", "hubli": "Hubballi", "belgaum": "Belagavi", "trichy": "Tiruchirappalli",
    "cawnpore": "Kanpur", "orissa": "Odisha", "pondicherry": "Puducherry", "pondy": "Puducherry",
    "sri vijaya puram": "Port Blair",
}

# Main language of each state (English is drawn on top of this by education and tier).
STATE_LANGUAGE: Final = {
    "Maharashtra": "Marathi", "Delhi": "Hindi", "Karnataka": "Kannada", "Telangana": "Telugu",
    "Tamil Nadu": "Tamil", "West Bengal": "Bengali", "Gujarat": "Gujarati", "Haryana": "Hindi",
    "Uttar Pradesh": "Hindi", "Rajasthan": "Hindi", "Madhya Pradesh": "Hindi", "Andhra Pradesh": "Telugu",
    "Bihar": "Hindi", "Punjab": "Punjabi", "Chandigarh": "Punjabi", "Kerala": "Malayalam", "Odisha": "Odia",
    "Assam": "Bengali", "Uttarakhand": "Hindi", "Chhattisgarh": "Hindi", "Jharkhand": "Hindi",
    "Jammu and Kashmir": "Hindi", "Meghalaya": "English", "Goa": "English",
    "Himachal Pradesh": "Hindi", "Manipur": "Hindi", "Mizoram": "English", "Nagaland": "English",
    "Tripura": "Bengali", "Sikkim": "Hindi", "Arunachal Pradesh": "Hindi", "Ladakh": "Hindi",
    "Puducherry": "Tamil", "Andaman and Nicobar Islands": "Hindi", "Lakshadweep": "Malayalam",
    "Dadra and Nagar Haveli and Daman and Diu": "Gujarati",
}

CATEGORICAL_VALUES: Final[dict[str, tuple[str, ...]]] = {
    "gender": GENDERS,
    "state": STATES,
    "city": CITY_NAMES,
    "city_tier": CITY_TIERS,
    "area_type": AREA_TYPES,
    "income_level": INCOME_LEVELS,
    "household_income_level": INCOME_LEVELS,
    "occupation": OCCUPATIONS,
    "education_level": EDUCATION_LEVELS,
    "marital_status": MARITAL_STATUSES,
    "parenting_stage": PARENTING_STAGES,
    "income_source": INCOME_SOURCES,
    "primary_language": LANGUAGES,
    "religion": RELIGIONS,
    "main_festival": FESTIVALS,
    "primary_media": MEDIA,
    "preferred_channel": CHANNELS,
}
BOOLEAN_COLUMNS: Final = ("has_children", "emi_flag")

# The one yes/no vocabulary of cells written by people (population files, uploaded tables, CRM
# outcomes); compared after case folding, accents kept (हाँ), spaces collapsed.
TRUE_WORDS: frozenset[str] = frozenset(
    {
        # English and symbols
        "true", "t", "yes", "y", "1", "1.0", "x", "✓", "✔", "on",
        # CRM outcomes
        "won", "closed won", "closed-won", "closed - won", "win", "converted", "closed - converted",
        "sale", "sold", "paid", "purchased", "enrolled", "admitted", "subscribed", "success",
        "successful",
        # German, French, Spanish, Italian, Portuguese, Dutch
        "ja", "wahr", "oui", "vrai", "sí", "si", "verdadero", "sim", "vero",
        "gewonnen", "gagné", "ganado",
        # Hindi and Hinglish
        "हाँ", "हां", "हा", "haan", "han", "ha", "haa", "ji haan",
        # other languages CRM exports come in: Russian/Ukrainian, Polish/Czech, Turkish,
        # Swedish/Danish/Norwegian, Finnish, Indonesian/Malay, Japanese, Chinese, Korean, Arabic,
        # Bengali, Tamil, Telugu, Marathi, Gujarati, Urdu
        "да", "так", "tak", "ano", "evet", "igen", "kyllä", "ya", "iya", "はい", "是", "예", "네",
        "نعم", "হ্যাঁ", "ஆம்", "అవును", "होय", "હા", "ہاں",
        "успешно", "успех", "выиграна", "başarılı", "kazanıldı", "vinto", "vunnen",
        # Greek, Hebrew, Thai, Vietnamese, Persian, Swahili
        "ναι", "כן", "ใช่", "có", "بله", "ndiyo",
        # Excel's TRUE in other locales (a boolean cell exported as text)
        "waar", "prawda", "verdadeiro", "igaz", "sant", "sandt", "tosi", "doğru", "pravda", "истина",
        "adevărat",
    }
)  # fmt: skip
FALSE_WORDS: frozenset[str] = frozenset(
    {
        "false", "f", "no", "n", "0", "0.0", "off",
        "lost", "closed lost", "closed-lost", "closed - lost", "loss",
        "not converted", "closed - not converted", "unconverted", "no sale", "unsold", "unpaid",
        "not enrolled", "not purchased", "failed", "unsuccessful",
        "nein", "falsch", "non", "faux", "falso", "não", "nao", "nee",
        "verloren", "perdu", "perdido",
        "नहीं", "नही", "ना", "nahi", "nahin", "nai",
        "нет", "ні", "nie", "ne", "hayır", "hayir", "nem", "nej", "ei", "tidak", "bukan", "いいえ", "否",
        "아니요", "아니오", "لا", "না", "இல்லை", "కాదు", "नाही", "ના", "نہیں",
        "неуспешно", "проиграна", "başarısız", "kaybedildi", "perso", "tabt",
        # Norwegian, Greek, Hebrew, Thai, Vietnamese, Persian, Swahili
        "nei", "όχι", "οχι", "לא", "ไม่ใช่", "không", "khong", "خیر", "hapana",
        # Flemish no; Excel's FALSE in other locales
        "neen", "onwaar", "fałsz", "hamis", "falskt", "falsk", "epätosi", "yanlış", "nepravda", "ложь",
        "fals",
    }
)  # fmt: skip
BLANK_WORDS: frozenset[str] = frozenset({"", "nan", "n/a", "null", "none", "-", "--", "?", "unknown", "#n/a"})
NUMERIC_COLUMNS: Final = (
    "age", "monthly_income_inr", "household_income_inr", "num_children", "family_size", "daily_screen_hours",
    "device_count",
    "online_shopping_freq", *SCORES, *INTERESTS,
)
COLUMNS: Final = (
    "user_id", "age", "gender", "state", "city", "city_tier", "area_type", "monthly_income_inr",
    "income_level", "household_income_inr", "household_income_level",
    "occupation", "education_level", "marital_status", "has_children", "num_children", "parenting_stage",
    "family_size", "income_source", "primary_language", "religion", "main_festival", "primary_media",
    "daily_screen_hours", "device_count", "online_shopping_freq", "preferred_channel", "emi_flag",
    *SCORES, *INTERESTS,
)

# One line per column for data dictionaries, API docs and UI tooltips.
COLUMN_DESCRIPTIONS: Final[dict[str, str]] = {
    "user_id": "Row id, 1..n.",
    "age": "Age in years, 18-75.",
    "gender": "Female, Male or Non-binary.",
    "state": "Indian state or union territory of the city.",
    "city": "City under its current official name.",
    "city_tier": "Tier-1 (metros), Tier-2 or Tier-3 city.",
    "area_type": "Urban (city proper), Semi-urban (fringe towns) or Rural (district hinterland); "
    "Tier-1 metros are the city proper only.",
    "monthly_income_inr": "Personal monthly income in rupees (0 for people without own income).",
    "income_level": "Low (< ₹25K/month), Mid (₹25K-₹1L) or High (> ₹1L), from monthly_income_inr.",
    "household_income_inr": "Monthly income of the person's household in rupees: own income plus "
    "spouse, parents and other earners; never below monthly_income_inr.",
    "household_income_level": "Household class (ICE 360°): Low (< ₹5 lakh a year, < ₹41,667/month), Mid "
    "(₹5-30 lakh a year) or High (> ₹30 lakh a year, > ₹2.5L/month), from household_income_inr.",
    "occupation": "Main activity: Student, Salaried, Self-employed, Business Owner, Homemaker, ...",
    "education_level": "Highest completed level, Secondary to Doctorate.",
    "marital_status": "Single, Married, Divorced (incl. separated) or Widowed.",
    "has_children": "True when num_children > 0.",
    "num_children": "Number of living children, 0-5.",
    "parenting_stage": "Stage of the youngest child (Infant < 1 y, Toddler 1-3, School-age 4-12, Teen 13-17, "
    "Adult children 18+); Expecting for childless couples expecting their first; None otherwise.",
    "family_size": "People in the household including the person, 1-12.",
    "income_source": "Main source of the person's income: Salary, Business, Freelance, Family support, ...",
    "primary_language": "Language the person prefers for content and ads.",
    "religion": "Religious community (Census 2011 shares of the state); context for festival, language and "
    "names only, never a clustering feature or a parsed goal filter.",
    "main_festival": "The festival the person celebrates most (and shops for), from religion and state: "
    "Diwali, Durga Puja, Onam, Pongal, Eid, Christmas, Gurpurab, ...",
    "primary_media": "The one medium the person spends most attention on.",
    "daily_screen_hours": "Average hours per day on phone, computer and TV screens.",
    "device_count": "Connected devices owned (phone, laptop, tablet, smart TV, wearables), 1-8.",
    "online_shopping_freq": "Average online orders per month.",
    "preferred_channel": "Where the person prefers to shop.",
    "emi_flag": "Used an EMI, no-cost EMI or buy-now-pay-later plan in the past year.",
    "tech_savviness": "Comfort with and appetite for new technology, 0-1.",
    "price_sensitivity": "How much price drives choices, 0-1.",
    "brand_awareness": "Familiarity with and pull of brands, 0-1.",
    "privacy_pref": "Concern about personal data and tracking, 0-1.",
    **{name: f"Affinity for {name[len('interest_'):]} content and products, 0-1." for name in INTERESTS},
}
# fmt: on
