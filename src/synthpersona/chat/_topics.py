# ruff: noqa: E501  (regex tables read better unwrapped)
"""Topic, follow-up and product detection for the offline chat engine."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["BRANDS", "Intent", "detect"]

# topic -> regex of cue words; order breaks ties (earlier = more specific)
_TOPICS: dict[str, str] = {
    "ai_probe": r"\b(are you (an? )?(ai|bot|robot|machine|real|human|chatgpt|llm|language model)|chat ?gpt|"
    r"artificial intelligence|you'?re (an? )?(ai|bot)|who (made|built|programmed) you)\b",
    "goodbye": r"\b(bye|goodbye|good night|see you|see ya|talk later|gotta go|take care|that'?s all)\b",
    "thanks": r"\b(thanks|thank you|thx|appreciate it|cheers)\b",
    "emi": r"\b(emi|emis|instal+ments?|no[- ]cost|financ\w*|loan|credit card|pay later|bnpl|monthly payments?|"
    r"zero interest)\b",
    "privacy": r"\b(privacy|private|personal data|data|track\w*|permissions?|spy\w*|secure|security|"
    r"surveillance|share my|gdpr|microphone|camera access|location)\b",
    "returns": r"\b(returns?|refunds?|exchange|replace\w*|warranty|guarantee|money back|cancel (my |the )?order|cancellation policy)\b",
    "delivery": r"\b(deliver\w*|shipping|ship|courier|dispatch\w*|arriv\w*|pin ?code|same[- ]day|cod|"
    r"cash on delivery)\b",
    "comparison": r"\b(vs\.?|versus|compared? (to|with)|better than|instead of|or the|which one|which is better|"
    r"alternative|difference between|rather than|\w+er than)\b",
    "price": r"\b(price\w*|cost\w*|costly|expensive|cheap\w*|afford\w*|budget|discounts?|offers?|deals?|"
    r"sale|rs\.?|inr|rupees?|₹|worth|value for money|how much|pricey|spend)\b",
    "quality": r"\b(quality|durab\w*|last\w*|build|sturdy|reliab\w*|break\w*|material|well made|long[- ]lasting|"
    r"sound quality|battery)\b",
    "features": r"\b(features?|specs?|specifications?|anc|noise cancel\w*|bluetooth|camera|battery life|"
    r"functions?|capabilit\w*|does it have|can it|app|integration|smart|5g|storage|ram|display|screen)\b",
    "brand": r"\b(brands?|logo|reputation|famous|popular|well[- ]known|premium|luxury|status)\b",
    "trust": r"\b(trust\w*|reviews?|ratings?|fake|genuine|authentic|scam|legit\w*|recommend\w*|word of mouth|"
    r"influencers?|testimonials?|believe)\b",
    "support": r"\b(customer (service|support|care)|after[- ]sales|service cent(er|re)|repair\w*|helpline)\b",
    "media": r"\b(ads?|advert\w*|instagram|youtube|facebook|whatsapp|twitter|social media|tv|television|"
    r"newspaper|podcasts?|hear about|find out about|marketing|campaign|notifications?|emails?|sms)\b",
    "shopping": r"\b(where (do|would) you (buy|shop)|online|offline|stores?|shops?|shopping|amazon|flipkart|"
    r"myntra|mall|market|e-?commerce)\b",
    "tech": r"\b(tech\w*|gadgets?|devices?|apps?|smartphone|laptop|phone|early adopter|new technology|"
    r"latest)\b",
    "purchase": r"\b(would you (buy|get|try|pay|use|switch)|will you (buy|try)|interested|buy it|purchase|"
    r"sign up|subscribe|consider (buying|it)|tempted)\b",
    "opinion": r"\b(what do you think|thoughts on|your (view|opinion|take)|how do you feel|do you like|"
    r"impression|opinion)\b",
    "identity": r"\b(about yourself|who are you|introduce yourself|what do you do|your (job|work|name|age|"
    r"family|day)|where are you from|where do you live|how old)\b",
    "smalltalk": r"\b(how are you|how'?s it going|how is your day|what'?s up|sup|weather|weekend|hobb(y|ies)|"
    r"free time|fun|movies?|music|cricket|food)\b",
    "greeting": r"^\s*(hi+|hello+|hey+|hiya|namaste|good (morning|afternoon|evening)|yo|greetings)\b",
}
_COMPILED = {k: re.compile(v, re.IGNORECASE) for k, v in _TOPICS.items()}

BRANDS = (
    "Apple",
    "Samsung",
    "Sony",
    "Bose",
    "boAt",
    "JBL",
    "OnePlus",
    "Xiaomi",
    "Redmi",
    "Realme",
    "Oppo",
    "Vivo",
    "Nothing",
    "Google",
    "Pixel",
    "Noise",
    "Sennheiser",
    "Marshall",
    "Skullcandy",
    "Philips",
    "LG",
    "HP",
    "Dell",
    "Lenovo",
    "Asus",
    "Acer",
    "Nike",
    "Adidas",
    "Puma",
    "Tata",
    "Reliance",
    "Jio",
    "Airtel",
    "Amazon",
    "Flipkart",
    "Myntra",
    "Nykaa",
    "Zomato",
    "Swiggy",
    "Paytm",
    "PhonePe",
    "Netflix",
    "Spotify",
    "Motorola",
    "Nokia",
    "Huawei",
    "Titan",
    "Fastrack",
    "Lakme",
    "Mamaearth",
    "Boult",
    "Fire-Boltt",
)
_BRAND_RE = re.compile(r"\b(" + "|".join(re.escape(b) for b in BRANDS) + r")\b", re.IGNORECASE)
_CANON = {b.lower(): b for b in BRANDS}

_PRODUCTS = re.compile(
    r"\b(headphones?|earphones?|earbuds?|buds|speakers?|phones?|smartphones?|laptops?|tablets?|watch(es)?|"
    r"smartwatch(es)?|tvs?|cameras?|shoes?|sneakers?|app|subscription|plan|course|bike|scooter|car|"
    r"fridge|washing machine|air ?conditioner|ac|mixer|cream|serum|shampoo|insurance|credit card|"
    r"loan|policy|mutual funds?|stocks?|product|service|gadget|device)\b",
    re.IGNORECASE,
)

_WHY = re.compile(r"^\s*(why|how come|what makes you say|why not|why so|explain|because\?|reason)\b", re.I)
_OTHER = re.compile(
    r"\b(the other one|other one|the other|what about (the )?(second|first|other)|and the other)\b", re.I
)
_MORE = re.compile(
    r"^\s*(tell me more|go on|and\??$|more\??$|elaborate|such as|like what|for example|"
    r"anything else|what else)\b",
    re.I,
)
_YES = re.compile(
    r"^\s*(yes|yeah|yep|sure|ok(ay)?|right|true|exactly|definitely|of course|absolutely)\b[\s.!]*$", re.I
)
_NO = re.compile(r"^\s*(no|nope|nah|not really|never|not at all)\b[\s.!]*$", re.I)
_WHAT_ABOUT = re.compile(r"^\s*(what|how) about\s+(.+?)[?.!]*$", re.I)
_QUESTION = re.compile(
    r"\?\s*$|^\s*(what|why|how|which|who|where|when|would|will|do|does|did|is|are|can|could|"
    r"should|have|has)\b",
    re.I,
)


@dataclass
class Intent:
    """What a message is about."""

    topics: list[str] = field(default_factory=list)
    brands: list[str] = field(default_factory=list)
    product: str | None = None
    why: bool = False
    other: bool = False
    more: bool = False
    yes: bool = False
    no: bool = False
    question: bool = False
    what_about: str | None = None

    @property
    def main(self) -> str | None:
        return self.topics[0] if self.topics else None


def detect(message: str) -> Intent:
    """Detect topics (most specific first), brands, product noun and follow-up markers.

    Examples
    --------
    >>> i = detect("Is the Sony cheaper than Bose headphones?")
    >>> i.topics[:2], i.brands, i.product
    (['comparison', 'price'], ['Sony', 'Bose'], 'headphones')
    """
    text = message.strip()
    topics = [name for name, rx in _COMPILED.items() if rx.search(text)]
    brands: list[str] = []
    for m in _BRAND_RE.finditer(text):
        b = _CANON[m.group(1).lower()]
        if b not in brands:
            brands.append(b)
    if len(brands) >= 2 and "comparison" not in topics:
        topics.insert(0, "comparison")
    product_m = _PRODUCTS.search(text)
    if brands and not topics:
        topics.append("opinion")
    wa = _WHAT_ABOUT.match(text)
    return Intent(
        topics=_prioritise(topics),
        brands=brands,
        product=product_m.group(1).lower() if product_m else None,
        why=bool(_WHY.search(text)),
        other=bool(_OTHER.search(text)),
        more=bool(_MORE.search(text)),
        yes=bool(_YES.match(text)),
        no=bool(_NO.match(text)),
        question=bool(_QUESTION.search(text)),
        what_about=wa.group(2).strip() if wa else None,
    )


# generic topics yield to specific ones when both match
_GENERIC = ("opinion", "purchase", "tech", "smalltalk", "greeting", "thanks", "identity")


def _prioritise(topics: list[str]) -> list[str]:
    specific = [t for t in topics if t not in _GENERIC]
    generic = [t for t in topics if t in _GENERIC]
    # a greeting or identity question stays first when it opens the message
    lead = [t for t in generic if t in ("greeting", "identity", "ai_probe")]
    rest = [t for t in generic if t not in lead]
    return lead + specific + rest if lead and not specific else specific + lead + rest
