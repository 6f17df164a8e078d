"""Product, media and channel words of the lexicon (see :mod:`._lexicon` for the thresholds).

"budget headphones" → ``interest_tech >= 0.6``; "Instagram users" → ``primary_media = Instagram``;
"Blinkit users" → ``preferred_channel = Quick commerce``.
"""

from __future__ import annotations

from typing import Final

from synthpersona.goals._lexicon import INTEREST_THRESHOLD, ONLINE, Atom, Concept, _c


def _interest(column: str) -> Atom:
    return (column, "gte", INTEREST_THRESHOLD)


# Brand and app names stand for their category ("Nykaa shoppers" → beauty).
BRANDS: Final[dict[str, str]] = {
    "interest_beauty": r"nykaa|purplle|mamaearth|lakme|sugar cosmetics",
    "interest_finance": r"zerodha|groww|paytm money|upstox|cred|phonepe|paytm|angel one",
    "interest_travel": r"makemytrip|goibibo|ixigo|airbnb|oyo|yatra",
    "interest_entertainment": r"bookmyshow|spotify|gaana|jiosaavn|jiocinema|zee5|sonyliv",
    "interest_fitness": r"cult ?fit|cure ?fit|healthifyme|strava",
    "interest_education": r"byju'?s|unacademy|physics wallah|upgrad|coursera|udemy|vedantu",
    "interest_food": r"dominos|domino's|mcdonald'?s|starbucks|licious|bigbasket",
    "interest_tech": r"boat|noise|oneplus|samsung|xiaomi|redmi|realme|apple|croma",
    "interest_automobile": r"ola electric|ather|royal enfield|tata motors|maruti|hyundai|cars24|spinny",
    "interest_gaming": r"steam|nintendo|winzo|mpl",
    "interest_parenting": r"firstcry|hopscotch|pampers|huggies",
}

PRODUCT_CONCEPTS: Final[list[Concept]] = [
    *(
        _c(
            rf"(?:{brands})(?: users?| shoppers?| buyers?| customers?| fans?| owners?| subscribers?)?",
            "interests",
            _interest(column),
        )
        for column, brands in BRANDS.items()
    ),
    # "buying sneakers online": "online" after a buying verb means the online channel.
    _c(
        r"online",
        "channel",
        ("preferred_channel", "in", ONLINE),
        needs=r"\b(?:buy|buys|buying|bought|shop|shops|shopping|shopped|purchase|purchases|purchasing|"
        r"kharid\w*)\b",
    ),
    # --- media ----------------------------------------------------------------------------
    _c(
        r"instagram(?: users?| audience| followers?)?|insta(?: users?)?|ig users?|reels? (?:watchers?|"
        r"users?)",
        "media",
        ("primary_media", "eq", "Instagram"),
    ),
    _c(
        r"youtube(?: users?| viewers?| watchers?| audience)?|yt viewers?",
        "media",
        ("primary_media", "eq", "YouTube"),
    ),
    _c(r"whatsapp(?: users?)?", "media", ("primary_media", "eq", "WhatsApp")),
    _c(r"facebook(?: users?)?|fb users?", "media", ("primary_media", "eq", "Facebook")),
    _c(
        r"tv (?:viewers?|watchers?|audience)|television (?:viewers?|watchers?|audience)|tv|television",
        "media",
        ("primary_media", "eq", "TV"),
    ),
    _c(
        r"ott(?: users?| viewers?| subscribers?| audience)?|netflix(?: users?| subscribers?)?|"
        r"streaming (?:users?|subscribers?|audience)|binge watchers?|hotstar|prime video",
        "media",
        ("primary_media", "eq", "OTT"),
    ),
    _c(r"news apps?(?: users?| readers?)?|news readers?", "media", ("primary_media", "eq", "News apps")),
    _c(
        r"newspaper(?: readers?)?|print (?:readers?|media|audience)|magazine readers?|akhbaar",
        "media",
        ("primary_media", "eq", "Print"),
    ),
    _c(
        r"social media(?: users?| audience| savvy)?",
        "media",
        ("primary_media", "in", ["Instagram", "Facebook", "YouTube"]),
    ),
    # --- channels ---------------------------------------------------------------------------
    # Shopping online is any online channel; a marketplace is one of them.
    _c(
        r"online shoppers?|online shopping(?: users?| lovers?| fans?)?|(?:shop|shops|shopping|buy|bought|"
        r"buying|purchase|purchasing) online|e ?commerce(?: shoppers?| users?| buyers?)?|"
        r"online (?:buyers?|customers?|purchases?|orders?|kharidari|kharidne wal[ea])|shop online|"
        r"digital shoppers?|internet shoppers?",
        "channel",
        ("preferred_channel", "in", ONLINE),
    ),
    _c(
        r"(?:amazon|flipkart)(?: shoppers?| buyers?| users?| customers?)?|online marketplaces?|marketplaces?",
        "channel",
        ("preferred_channel", "eq", "Online marketplace"),
    ),
    _c(
        r"offline(?: shoppers?| buyers?| retail| stores?| shopping| customers?)?|(?:shop|shops|shopping|buy|"
        r"buying) (?:offline|in (?:physical |retail |local )?stores?|in shops|at shops|from shops)|"
        r"(?:kirana|retail|brick and mortar|physical|local|neighbourhood|neighborhood) (?:shoppers?|"
        r"customers?|stores?|shops?|retail)|kirana|in store(?: shoppers?| shopping)?|"
        r"physical (?:retail|shopping)|brick and mortar|"
        r"dukaan(?:on|en)?|dukan(?:on|en)?|(?:retail |physical |local )?stores|malls?|mall goers?|showrooms?",
        "channel",
        ("preferred_channel", "eq", "Offline retail"),
    ),
    _c(
        r"quick commerce(?: users?| shoppers?)?|q ?commerce|blinkit(?: users?)?|zepto(?: users?)?|"
        r"instamart(?: users?)?|10 minute delivery users?",
        "channel",
        ("preferred_channel", "eq", "Quick commerce"),
    ),
    _c(
        r"d2c(?: shoppers?| buyers?)?|dtc|brand websites?|direct to consumer",
        "channel",
        ("preferred_channel", "eq", "Brand website"),
    ),
    _c(
        r"social commerce(?: users?| shoppers?)?|meesho(?: users?| shoppers?)?|social sellers?",
        "channel",
        ("preferred_channel", "eq", "Social commerce"),
    ),
    # --- interests (product words) -----------------------------------------------------------
    _c(
        r"tech|technology|gadgets?|headphones?|head phones?|earphones?|ear phones?|earbuds?|ear buds?|tws|"
        r"smart ?phones?|mobile phones?|mobiles?|phones?|laptops?|tablets?|smart ?watch(?:es)?|wearables?|"
        r"electronics|consumer electronics|speakers?|bluetooth speakers?|cameras?|smart home|"
        r"computers?|pcs?|ai tools?|software|iphones?|android|smart tvs?|led tvs?|televisions? sets?",
        "interests",
        _interest("interest_tech"),
        domain="tech_adoption",
    ),
    _c(
        r"fashion(?:istas?)?|clothes|clothing|apparel|ethnic wear|western wear|sarees?|saris?|kurtas?|"
        r"kurtis?|"
        r"lehengas?|sneakers?|shoes|footwear|handbags?|bags|jewell?ery|accessories|streetwear|outfits?|"
        r"dresses|style|stylish|trendy|trendsetters?|myntra|ajio|(?:myntra|ajio) (?:users?|shoppers?)",
        "interests",
        _interest("interest_fashion"),
        domain="lifestyle",
    ),
    _c(
        r"skin ?care|makeup|make up|cosmetics?|beauty(?: products?)?|lipsticks?|hair ?care|serums?|"
        r"sunscreens?|"
        r"moisturi[sz]ers?|face ?wash|grooming|perfumes?|fragrances?|deodorants?|salons?|nail polish",
        "interests",
        _interest("interest_beauty"),
        domain="lifestyle",
    ),
    _c(
        r"health(?: conscious| care| products?| enthusiasts?)?|healthcare|wellness|ayurved(?:a|ic)|"
        r"supplements?|"
        r"vitamins?|nutrition|nutraceuticals?|medicines?|pharmacy|diabet(?:es|ics?)|health insurance|"
        r"mental health|healthy (?:eating|living|lifestyle)|organic(?: food)?",
        "interests",
        _interest("interest_health"),
        domain="lifestyle",
    ),
    _c(
        r"fitness(?: enthusiasts?| freaks?| lovers?| buffs?)?|gyms?|gym ?goers?|gym ?rats?|work ?outs?|"
        r"exercis(?:e|ing)|yoga|runners?|running|marathoners?|cycl(?:ing|ists?)|protein(?: powder|"
        r" supplements?)?|"
        r"athleisure|fitness trackers?|sports ?wear|activewear",
        "interests",
        _interest("interest_fitness"),
        domain="lifestyle",
    ),
    _c(
        r"education(?:al)?|edtech|ed tech|online courses?|courses?|learning|e ?learning|upskill(?:ing)?|"
        r"exam prep(?:aration)?|competitive exams?|coaching|test prep|tuitions?|tutoring|books?|reading|"
        r"padhai",
        "interests",
        _interest("interest_education"),
        domain="lifestyle",
    ),
    _c(
        r"entertainment|movies?|films?|cinema|music|songs|web series|bollywood|concerts?|movie ?goers?|"
        r"music lovers?|podcasts?",
        "interests",
        _interest("interest_entertainment"),
        domain="lifestyle",
    ),
    _c(
        r"gaming|gamers?|games?|video ?games?|e ?sports?|mobile games?|bgmi|pubg|free fire|consoles?|"
        r"playstation|xbox",
        "interests",
        _interest("interest_gaming"),
        domain="tech_adoption",
    ),
    _c(
        r"sports?(?: fans?| lovers?| enthusiasts?)?|cricket(?: fans?| lovers?)?|football(?: fans?)?|ipl|"
        r"fantasy sports|dream11|badminton|kabaddi|tennis|hockey",
        "interests",
        _interest("interest_sports"),
        domain="lifestyle",
    ),
    _c(
        r"travel(?:l?ers?|l?ing)?|trips?|holidays?|vacations?|flights?|hotels?|tourism|tourists?|"
        r"backpackers?|"
        r"road trips?|wanderlust",
        "interests",
        _interest("interest_travel"),
        domain="lifestyle",
    ),
    _c(
        r"finance|financial products?|investing|investors?|investments?|stocks?|stock market|"
        r"mutual funds?|sips?|trading|traders? in stocks|crypto(?:currency)?|insurance|credit cards?|fintech|"
        r"savings|personal finance|wealth management|loans?|banking",
        "interests",
        _interest("interest_finance"),
        domain="general",
    ),
    _c(
        r"food(?:ies)?|foodie|cooking|cooks?|recipes?|food delivery|snacks?|restaurants?|dining|eating out|"
        r"baking|bakers?|beverages?|coffee|tea|chai|groceries|grocery|home chefs?|zomato|swiggy",
        "interests",
        _interest("interest_food"),
        domain="lifestyle",
    ),
    _c(
        r"baby (?:products?|care|food|clothes)|diapers?|nappies|toys?|kids'? (?:products?|clothing|wear)|"
        r"parenting (?:content|products?|tips)|school supplies",
        "interests",
        _interest("interest_parenting"),
        domain="parenting",
    ),
    _c(
        r"cars?|bikes?|motor ?bikes?|motorcycles?|two wheelers?|scooters?|scooty|evs?|electric vehicles?|"
        r"automobiles?|automotive|auto enthusiasts?|car (?:buyers?|owners?)",
        "interests",
        _interest("interest_automobile"),
        domain="lifestyle",
    ),
]
