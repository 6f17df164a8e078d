"""Lexicons and patterns of scenario understanding (see :mod:`._facts`)."""

from __future__ import annotations

import re
from typing import Literal

Channel = Literal["phone", "video", "chat", "in_person"]

# Domain families: cue words (substring match on lower-case text) -> family.
DOMAINS: dict[str, tuple[str, ...]] = {
    "insurance": ("insurance", "insurer", "claim", "policyholder", "premium", "term plan"),
    "banking": (
        "bank",
        "loan",
        "credit card",
        "bank account",
        "account shows",
        "savings account",
        "emi",
        "fraud",
        "branch manager",
        "transfer",
    ),
    "healthcare": (
        "hospital",
        "patient",
        "nurse",
        "doctor",
        "clinic",
        "pregnan",
        "vaccine",
        "discharge",
        "ward",
        "health centre",
        "medicine",
        "maternity",
        "chemotherapy",
        "asha",
        "physiotherap",
        "stroke",
        "dental",
    ),
    "education": ("school", "college", "student", "admission", "teacher", "exam", "university", "fees"),
    "public_sector": (
        "municipal",
        "post office",
        "postal",
        "passport",
        "ration card",
        "pension",
        "government office",
        "seva kendra",
        "property tax",
        "aadhaar",
        "inspector",
        "collector",
        "panchayat",
        "rti ",
        "collectorate",
        "government",
        # public transport run by the state: depots, passes, metro and railway counters
        "bus depot",
        "depot",
        "bus pass",
        "concession pass",
        "metro station",
        "transport corporation",
        "railway",
    ),
    "hr": (
        "salary",
        "appraisal",
        "performance review",
        "exit interview",
        "resign",
        "hr ",
        "hr manager",
        "promotion",
        "posh",
        "internal committee",
        "return-to-office",
        "remote",
        "raise",
    ),
    "service": (
        "complaint",
        "service desk",
        "service centre",
        "service center",
        "service advisor",
        "support",
        "refund",
        "broadband",
        "delivered",
        "delivery of",
        "locked out",
        "cancel",
        "membership",
        "flight",
        "airline",
        "installer",
        "outage",
        "hotel",
        "overbooked",
        "e-commerce",
        "check-in",
        # utilities: electricity, gas and water supply and their bills
        "electricity",
        "power cut",
        "power supply",
        "power distribution",
        "power has been cut",
        "discom",
        "meter",
        "transformer",
        "substation",
        "lineman",
        "reconnection",
        "disconnection",
        "piped gas",
        "gas connection",
        "gas cylinder",
        "lpg",
        "water supply",
        "water connection",
        "customer care",
    ),
    "sales": (
        "showroom",
        "sales",
        "prospect",
        "buy",
        "budget",
        "demo",
        "pitch",
        "dealership",
        "property consultant",
        "jewell",
        "renewal",
        "contract",
        "price",
        "purchase",
        "store",
        "retail",
        "b2b",
    ),
}
# Conversations about someone's own job: they happen inside every industry, so the industry's
# words (hospital, bank, school) name the setting, and the conversation is an HR one.
HR_CONVERSATIONS = re.compile(
    r"\b(?:performance (?:review|appraisal|rating)|appraisal|exit interview|disciplinary|"
    r"return-to-office|posh|maternity leave|notice period|(?:his|her|their) rating|"
    r"hr (?:conversation|meeting|review)|grievance against (?:his|her|their) (?:manager|supervisor))\b",
    re.I,
)
_DOMAIN_PRIORITY = (
    "public_sector",
    "insurance",
    "hr",
    "education",
    "healthcare",
    "banking",
    "service",
    "sales",
)
# Specialised domains a drafted template is labelled with (``general_info.domain``), each inside
# one family of DOMAINS; a scenario matching none is labelled with its family. One home for the
# scenario domain: the draft and the fact extraction both read these two tables.
SPECIALISED_DOMAINS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pharma_sales": ("sales", ("medical rep", "pharma", "prescri", "drug", "molecule", "detailing")),
    "maternity_inquiry": ("healthcare", ("maternity", "pregnan", "delivery package", "antenatal")),
    "dei_training": ("hr", ("dei", "inclusion", "diversity", "bias", "microaggression", "harass")),
    "automotive_sales": ("sales", ("car ", "cars", "test drive", "showroom", "vehicle")),
    "real_estate": ("sales", ("flat", "apartment", "property", "builder")),
}

_NUM = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "twenty-five": 25,
    "thirty": 30,
    "a": 1,
    "an": 1,
    "single": 1,
    "twin": 2,
}
# "twenty-two years on the ward", "forty", "thirty-five": the tens and their compounds.
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_NUM.update(_TENS)
_UNITS = {u: n for u, n in _NUM.items() if 1 <= n <= 9 and len(u) > 2}
_NUM.update({f"{t}-{u}": tens + n for t, tens in _TENS.items() for u, n in _UNITS.items()})
_NUMRE = r"(\d{1,2}|" + "|".join(sorted((k for k in _NUM if len(k) > 2), key=len, reverse=True)) + ")"

# Canonical emotion -> words that express it.
EMOTIONS: dict[str, tuple[str, ...]] = {
    "angry": ("angry", "furious", "livid", "enraged", "outraged", "fuming", "with anger"),
    "upset": ("upset",),
    "frustrated": ("frustrated", "fed up"),
    "stressed": ("stressed", "under pressure", "panicking", "panicked"),
    "nervous": ("nervous", "tense"),
    "anxious": ("anxious", "worried"),
    "frightened": ("frightened", "terrified"),
    "scared": ("scared", "afraid"),
    "defensive": ("defensive",),
    "guarded": ("guarded", "reserved", "wary"),
    "confused": ("confused", "bewildered"),
    "embarrassed": ("embarrassed",),
    "ashamed": ("ashamed",),
    "humiliated": ("humiliated",),
    "irritated": ("irritated",),
    "annoyed": ("annoyed",),
    "distraught": ("distraught", "devastated", "in tears", "crying"),
    "exhausted": ("exhausted", "drained", "worn out"),
    "denial": ("in denial",),
    "sceptical": ("sceptical", "skeptical", "doubtful"),
    "hurt": ("hurt",),
    "impatient": ("impatient",),
    "determined": ("determined", "firm"),
    "grieving": ("grieving", "bereaved"),
    "overwhelmed": ("overwhelmed",),
    "exasperated": ("exasperated",),
    "suspicious": ("suspicious", "distrustful"),
    "tired": ("tired",),
    "sarcastic": ("sarcastic",),
    "hopeful": ("hopeful",),
    "polite": ("polite", "courteous"),
}
# Emotions that are "calm" and would contradict an agitated fact.
CALM_WORDS = ("calm", "relaxed", "content", "cheerful", "at ease", "unbothered", "happy")

_LANGS = (
    "English",
    "Hindi",
    "Tamil",
    "Telugu",
    "Kannada",
    "Malayalam",
    "Marathi",
    "Gujarati",
    "Bengali",
    "Punjabi",
    "Odia",
    "Assamese",
    "Urdu",
    "Bhojpuri",
    "Chhattisgarhi",
    "Konkani",
    "Marwari",
    "Tulu",
    # the other languages of the Constitution's Eighth Schedule, and Pahari
    "Bodo",
    "Dogri",
    "Kashmiri",
    "Maithili",
    "Manipuri",
    "Nepali",
    "Santali",
    "Sindhi",
    "Pahari",
)

_FAMILY = (
    "parents-in-law",
    "daughter-in-law",
    "son-in-law",
    "sister-in-law",
    "brother-in-law",
    "mother-in-law",
    "father-in-law",
    "in-laws",
    "grandchildren",
    "grandson",
    "granddaughter",
    "grandmother",
    "grandfather",
    "mother",
    "father",
    "parents",
    "wife",
    "husband",
    "son",
    "daughter",
    "baby",
    "children",
    "kids",
    "brother",
    "sister",
    "family",
)
# Relatives beyond the persona's household (spouse, children), which a traced persona may only
# mention when the scenario does (scenarios._trace): the family words above without the
# household ones, and the extended family.
_HOUSEHOLD = frozenset({"wife", "husband", "son", "daughter", "baby", "children", "kids", "family"})
_RELATIVES = (
    *(w for w in _FAMILY if w not in _HOUSEHOLD),
    "sibling",
    "uncle",
    "aunt",
    "nephew",
    "niece",
    "cousin",
)
_CHILD_NOUNS = {"son": "son", "daughter": "daughter", "baby": "baby", "boy": "son", "girl": "daughter"}

_LEARNER_RES = (
    re.compile(
        r"\b(?:the )?(?:learner|trainee|user)(?:\s+(?:is|plays|will play|acts as))?\s*(?:\s|:)"
        r"\s*(?:an?|the)?\s*"
        r"(?P<role>[^.,;]+?)(?=\s+(?:who|that|meeting|at|in|on|and|for|must|wants|[a-z]+ing)\b|[.,;])",
        re.I,
    ),
    re.compile(
        r"\byou\s+(?:are|play|will play)\s+(?:an?|the)?\s*(?P<role>[^.,;]+?)"
        r"(?=\s+(?:who|that|at|in|on|and|of|for|must|selling)\b|[.,;])",
        re.I,
    ),
    # the learner named: "You, Priya Nair, are the admissions counsellor"
    re.compile(
        r"\byou,\s+[^,]{2,40},\s+(?:are|play|will play)\s+(?:an?|the)?\s*(?P<role>[^.,;]+?)"
        r"(?=\s+(?:who|that|at|in|on|and|of|for|must|selling)\b|[.,;])",
        re.I,
    ),
    re.compile(r"\baap\s+(?:ek\s+)?(?P<role>[a-z][a-z -]{2,60}?)\s+(?:ho|hain|hai)\b", re.I),
    re.compile(
        r"^(?:an?|the)\s+(?P<role>[a-z][a-z -]{2,60}?)\s+(?:receives|takes|answers|handles|meets|"
        r"interviews|counsels|pitches|sells|calls on|visits)\b",
        re.I | re.M,
    ),
)
_PERSONA_RES = (
    re.compile(
        r"\b(?:the\s+)?(?:persona|ai|bot|character|counterpart)"
        r"(?:\s+(?:is|plays|will be|will play|acts as)\s*:?\s+|\s*:\s*)"
        r"(?P<rest>(?:\b(?:Mr|Mrs|Ms|Dr|Smt|Shri|Sri|Prof|retd|Col|Capt)\.|[^.;])+)",
        re.I,
    ),
)
_CHANNEL_RES: tuple[tuple[Channel, re.Pattern[str]], ...] = (
    # "a video editor", "video production" name a trade, not the channel
    (
        "video",
        re.compile(
            r"\bvideo(?:[- ]call)?\b(?![- ](?:editor|editing|production|content|creator|shoot|games?|camera))"
            r"|\bzoom\b|\bgoogle meet\b|\bteams call\b",
            re.I,
        ),
    ),
    (
        "chat",
        re.compile(
            r"\b(?:on|over|via) (?:chat|whatsapp chat|email)\b|\bchat (?:support|agent|window)\b|"
            r"\b(?:on|over|via|in) (?:the )?(?:[a-z']+ )?whatsapp\b(?! (?:video )?call)|"
            r"\bwhatsapp (?:chat|channel|messages?)\b|\bchat on whatsapp\b|"
            r"\btypes (?:long |short )?messages\b|"
            r"\blive chat\b|\b(?:support|customer|web|app) chat\b|\btypes (?:in|that)\b",
            re.I,
        ),
    ),
    (
        "phone",
        re.compile(
            r"\b(?:calls?|called|calling|phones|phoned|phoning|phone call|by phone|on the phone|"
            r"rings|ringing|phone (?:the|him|her|them|back)|"
            r"over the phone|phone line|helpline|telephone|"
            r"hotline|call cent(?:re|er))\b",
            re.I,
        ),
    ),
    (
        "in_person",
        re.compile(
            r"\b(?:walks? in|walk-in|visits?|comes? (?:in|to)|counter|in person|face[- ]to[- ]face|"
            r"showroom|store|branch|office|ward|desk|meetings?|intake|counsell?ing|cent(?:re|er)|comes with|"
            r"interview|at (?:the|his|her) (?:home|shop)|arrives?|reception|home visit|front desk|"
            r"(?:you|they|we) meet|meets? (?:you|the learner)|sits? across)\b",
            re.I,
        ),
    ),
)
_NOT_CALL = re.compile(
    r"\b(?:video call|sales call|keeps? calling|retention calls?|house calls?)\b"
    # goods, not a line: "a consignment of 120 phones", "two mobile phones"
    r"|\b(?:\d[\d,]*|two|three|four|five|ten|some|new|used|mobile|smart)\s+(?:mobile\s+)?phones\b"
    # "his son phoned him crying": someone else called the persona earlier
    r"|\b(?:phoned|called|rang)\s+(?:him|her|them)\b"
    # a helpline the persona threatens to go to is not the line they are on
    r"|\b(?:go|going|goes|complain|complaining|write|writing)\s+to\s+(?:the\s+)?(?:[\w-]+\s+){0,5}?helpline\b",
    re.I,
)
_MONEY = re.compile(
    r"(?:₹|rs\.?\s?|inr\s?)\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:lakh|crore|k))?(?:\s*rupees)?"
    r"|\b\d[\d,]*(?:\.\d+)?\s*(?:lakh|crore)(?:\s*rupees)?"
    r"|\b\d{1,3}(?:,\d{2,3})+\s*rupees?|\b\d{2,}\s*rupees?"
    # an amount after a money noun, without a currency word ("Fees 85,000", "rent of 22,000")
    r"|(?:(?<=\bfees )|(?<=\bfee )|(?<=\brent )|(?<=\bemi )|(?<=\bpaid )|(?<=\bfees of )|(?<=\brent of ))"
    r"\d{1,3}(?:,\d{2,3})+",
    re.I,
)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_CLOCK = r"\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)"
_DEADLINE = re.compile(
    r"\b(?:" + _NUMRE + r"\s+(?:hours?|days?|weeks?|months?)\s+before\b[^.,;]*"
    r"|within\s+(?:the\s+next\s+)?" + _NUMRE + r"\s+(?:hours?|days?|weeks?|months?)"
    r"|in\s+" + _NUMRE + r"\s+(?:hours?|days?|weeks?|months?)"
    r"|(?:has|have|gets?|got|given)\s+(?:only\s+|just\s+)?"
    + _NUMRE
    + r"\s+(?:hours?|days?|weeks?|months?)\s+to\b"
    r"|\bin\s+(?:early\s+|late\s+|mid-)?(?:" + _MONTHS + r")\b(?!\s+\d)"
    r"|in\s+(?:an|half an)\s+hour"
    r"|(?:by|on|before|ends? on|till|until|from|after|is)\s+\d{1,2}\s+(?:"
    + _MONTHS
    + r")|(?:by|on|before)\s+(?:"
    + _MONTHS
    + r")\s+\d{1,2}"
    r"|next\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|by\s+(?:the\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|"
    r"end of (?:the|this) (?:day|week|month|quarter)|month-end|evening|noon)"
    r"|(?:on|till|until)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|\d{1,2}\s+(?:tareekh|tarikh|taarikh)\s+tak"
    r"|this (?:evening|afternoon|morning|week|month)|next (?:week|month)"
    r"|tonight|today|tomorrow(?: morning| evening)?"
    r"|before (?:the )?(?:payroll|deadline|end of the day)[^.,;]*"
    # a clock time something must happen by, or a departure or start still to come
    r"|(?:by|before|till|until)\s+" + _CLOCK + r"|(?:flies|leaves|departs|flight|train|surgery|operation|"
    r"appointment|starts?|closes?|due|has to be [a-z]+)\b[^.;,]{0,40}?\bat\s+" + _CLOCK + r")",
    re.I,
)
_YEARS_EXP = (
    re.compile(_NUMRE + r"\s+years?\s+of\s+(?:work\s+|professional\s+)?(?:experience|service)", re.I),
    re.compile(r"\bafter\s+" + _NUMRE + r"\s+years?\b", re.I),
    # "eleven years at the company", "twenty-two years on the ward"
    re.compile(
        _NUMRE + r"\s+years?\s+(?:at|with|on|in)\s+(?:the|this|his|her|their)\b(?!\s+(?:past|last))", re.I
    ),
    re.compile(r"\bfor\s+" + _NUMRE + r"\s+years?\b", re.I),
)
_AGE_RES = (
    re.compile(r"\b" + _NUMRE + r"[- ]year[- ]old\s+(?P<noun>[a-z-]+)", re.I),
    re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\)?,\s+(?:aged\s+)?(\d{2}),", re.M),
    re.compile(r"\baged\s+(\d{2})\b", re.I),
    # "Rakesh Yadav and Imran Khan, both 34," (read last: "two sons, both 21" follows the persona's own)
    re.compile(r"\bboth\s+(?:aged\s+)?(\d{2})\b", re.I),
)
_NAME_RE = re.compile(
    r"\b((?:(?:Dr|Mr|Mrs|Ms|Shri|Smt|Prof)\.?\s+|Colonel \(retd\.\)\s+|Colonel\s+)?"
    r"[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,}){0,2})"
)
