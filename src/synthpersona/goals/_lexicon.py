"""The words a goal may use, each mapped to filters on the population.

A :class:`Concept` is a regular-expression alternation of phrases (matched on the
normalised goal, whole words only) with the intent it signals and the filter atoms
it produces. Thresholds on 0–1 scores are named constants so they are documented in
one place:

- interests (``interest_*``) use :data:`INTEREST_THRESHOLD` = 0.6: an affinity of 0.6 or
  more keeps roughly the most engaged quarter to third of the population, which is
  what "people into cricket" means to a marketer;
- attitude scores (``price_sensitivity``, ``privacy_pref``, ``tech_savviness``,
  ``brand_awareness``) use :data:`SCORE_HIGH` = 0.6 and :data:`SCORE_LOW` = 0.4.

Documented choices: "premium" → ``income_level in [Mid, High]`` (people who can afford
it; attitudes stay free to vary inside the segment), "luxury" → ``income_level = High``;
a ``parenting_stage`` filter makes ``has_children = true`` redundant, so the parser drops
the latter; "young" means 18–30, "seniors" 60+, "middle-aged" 40–60.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Final

from synthpersona import schema

INTEREST_THRESHOLD: Final = 0.6
SCORE_HIGH: Final = 0.6
SCORE_LOW: Final = 0.4

Atom = tuple[str, str, Any]  # (column, op, value)

WORKING: Final = ["Salaried", "Self-employed", "Business Owner", "Freelancer"]
# Every channel that is shopping online: "shop online" means any of them.
ONLINE: Final = ["Online marketplace", "Quick commerce", "Brand website", "Social commerce"]
FEMALE: Final[Atom] = ("gender", "eq", "Female")
MALE: Final[Atom] = ("gender", "eq", "Male")
KIDS: Final[Atom] = ("has_children", "eq", True)
NO_KIDS: Final[Atom] = ("has_children", "eq", False)


@dataclass(frozen=True)
class Concept:
    """Phrases (regex alternation, whole words) → intent and filter atoms."""

    pattern: str
    intent: str
    atoms: tuple[Atom, ...] = ()
    warning: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


def _c(pattern: str, intent: str, *atoms: Atom, warning: str = "", **meta: Any) -> Concept:
    return Concept(pattern, intent, tuple(atoms), warning, meta)


def _occ(value: str) -> Atom:
    return ("occupation", "eq", value)


# Order does not matter: the matcher prefers the longest phrase at each position.
CONCEPTS: Final[list[Concept]] = [
    # --- whole population -------------------------------------------------------
    _c(
        r"everyone|everybody|all users|all customers|all people|general population|whole population|"
        r"all indians|pan india|all of india|across india|entire population|mass market|all adults|"
        r"adults|all age groups|all ages|people of all ages|sab log|sabhi log",
        "general",
        all=True,
    ),
    # --- parenting ----------------------------------------------------------------
    _c(
        r"single (?:moms?|mothers?|mummies|mums?)",
        "parenting",
        FEMALE,
        KIDS,
        ("marital_status", "in", ["Single", "Divorced", "Widowed"]),
    ),
    _c(
        r"single (?:dads?|fathers?)",
        "parenting",
        MALE,
        KIDS,
        ("marital_status", "in", ["Single", "Divorced", "Widowed"]),
    ),
    _c(r"single parents?", "parenting", KIDS, ("marital_status", "in", ["Single", "Divorced", "Widowed"])),
    _c(
        r"stay at home (?:moms?|mothers?|mums?)|housewi(?:fe|ves)|grihinis?|gruhinis?",
        "occupation",
        FEMALE,
        _occ("Homemaker"),
    ),
    _c(r"home ?makers?|stay at home (?:people|spouses|partners)", "occupation", _occ("Homemaker")),
    _c(r"stay at home (?:dads?|fathers?)|house ?husbands?", "occupation", MALE, _occ("Homemaker")),
    _c(
        r"new (?:moms?|mothers?|mums?|mummies)|first time (?:moms?|mothers?)",
        "parenting",
        FEMALE,
        ("parenting_stage", "in", ["Expecting", "Infant"]),
    ),
    _c(
        r"new (?:dads?|fathers?)|first time (?:dads?|fathers?)",
        "parenting",
        MALE,
        ("parenting_stage", "in", ["Expecting", "Infant"]),
    ),
    _c(r"new parents?|first time parents?", "parenting", ("parenting_stage", "in", ["Expecting", "Infant"])),
    # Stages name the children ("of toddlers", "with teens"); the parent word before them
    # ("moms", "dads", "parents") is matched on its own and adds gender.
    _c(
        r"(?:of|with|having) (?:a |an )?(?:newborns?|new ?borns?|babies|baby|infants?)|"
        r"newborn (?:parents?|moms?)",
        "parenting",
        ("parenting_stage", "eq", "Infant"),
    ),
    _c(
        r"expecting (?:moms?|mothers?|mummies)|expectant (?:moms?|mothers?)|"
        r"pregnant(?: women| woman| moms?| ladies)?|(?:moms?|mothers?|mums?|mummies) to be",
        "parenting",
        FEMALE,
        ("parenting_stage", "eq", "Expecting"),
    ),
    _c(
        r"expecting (?:parents?|couples?)|expectant (?:parents?|couples?)|parents? to be|"
        r"(?:with|having) a baby on the way",
        "parenting",
        ("parenting_stage", "eq", "Expecting"),
    ),
    _c(
        r"(?:of|with|having) (?:a )?toddlers?|toddler (?:moms?|mothers?|parents?|dads?)",
        "parenting",
        ("parenting_stage", "eq", "Toddler"),
    ),
    _c(
        r"(?:of|with|having) (?:school (?:going |age |aged )?(?:kids|children|kid|child)|schoolchildren|"
        r"school ?kids|kids in school|children in school)",
        "parenting",
        ("parenting_stage", "eq", "School-age"),
    ),
    _c(
        r"(?:of|with|having) (?:teens?|teenagers?|teenage (?:kids|children|sons|daughters|boys|girls)|"
        r"adolescents?)|teen(?:age)? (?:kids|children|bacch?on|bachchon|bacche|bachche|bache|beti|beta)"
        r"(?: wal[eia])?|teenagers? (?:ke|ki) (?:parents?|maa|moms?|dads?|papa)",
        "parenting",
        ("parenting_stage", "eq", "Teen"),
    ),
    _c(
        r"empty nesters?|(?:of|with|having) (?:grown up|grownup|adult) (?:kids|children|sons|daughters)|"
        r"grandparents?|grand parents?|dadis?|nanis?|grand(?:mothers?|fathers?|mas?|pas?)",
        "parenting",
        ("parenting_stage", "eq", "Adult children"),
    ),
    _c(
        r"(?:moms?|mothers?|mommies|mummies|mummy|mums?|mamas?|maa|mothers|mummyon|matayen)",
        "parenting",
        FEMALE,
        KIDS,
    ),
    _c(r"(?:dads?|daddies|daddy|fathers?|papas?|pitas?)", "parenting", MALE, KIDS),
    _c(
        r"without (?:any )?(?:kids|children|a child|child)|no (?:kids|children)|non parents?|not parents?|"
        r"childless|child free|childfree|kidless|dinks?|bina (?:bacch?on|bachchon|bachon) ke|"
        r"(?:who|that) (?:do not|don't|dont) have (?:kids|children)",
        "parenting",
        NO_KIDS,
    ),
    _c(
        r"parents?|parenting|(?:with|having) (?:kids|children|a child|child|young kids|young children)|"
        r"families with (?:kids|children)|(?:bacch?on|bachchon|bachon|bacche|bachche) wal[eia]|"
        r"kids|children|bacche|bachche|bache|bacchon|bachon",
        "parenting",
        KIDS,
    ),
    _c(r"famil(?:y|ies)|parivar|parivaar|pariwar", "parenting", KIDS),
    _c(
        r"joint famil(?:y|ies)|large famil(?:y|ies)|big famil(?:y|ies)",
        "lifestyle",
        ("family_size", "gte", 5),
    ),
    # --- gender -----------------------------------------------------------------------
    _c(
        r"women|woman|females?|ladies|lady|girls?|ladkiy(?:a|aa|an|aan|on)|ladki|mahila(?:yen|en|on|ein)?|"
        r"aurat(?:ein|en|on)?|wives|wife",
        "gender",
        FEMALE,
    ),
    _c(
        r"men|man|males?|guys|boys?|gents|gentlemen|ladk(?:e|on|o)|aadmi|mard|purush|husbands?",
        "gender",
        MALE,
    ),
    _c(
        r"non binary|nonbinary|enby|genderqueer|gender queer|gender fluid|genderfluid",
        "gender",
        ("gender", "eq", "Non-binary"),
    ),
    # --- generations and age words ----------------------------------------------------
    _c(r"gen ?z|genz|generation z|zoomers?|gen zers?|zillennials?", "generation", generation="genz"),
    _c(
        r"millenn?[iae]+ls?|mill?[ie]nn?[iae]+ls?|gen ?y|generation y", "generation", generation="millennials"
    ),
    _c(r"gen ?x|genx|generation x|gen xers?", "generation", generation="genx"),
    _c(r"(?:baby )?boomers?|generation boomer", "generation", generation="boomers"),
    _c(r"gen ?alpha|generation alpha", "generation", generation="alpha"),
    _c(
        r"young (?:adults?|people|crowd|audience|population|indians?|generation)|young|youth|youngsters?|"
        r"naujawan(?:on|o)?|naujavan|nau jawan|yuva(?:on|o)?|jawan(?:on)?|"
        r"young ones",
        "generation",
        age=(18, 30),
    ),
    _c(
        r"teens?|teenagers?|teenage(?: boys| girls)?|adolescents?",
        "generation",
        age=(18, 19),
        warning="The population starts at age 18; teenagers are read as 18–19 year olds.",
    ),
    _c(r"middle aged?|middle age people|midlife", "generation", age=(40, 60)),
    _c(
        r"seniors?|senior citizens?|elderly|old age|older adults?|older people|buzurg|bujurg|aged people|"
        r"old people",
        "generation",
        age=(60, 75),
    ),
    # --- occupation -------------------------------------------------------------------
    _c(
        r"(?:colleg[e]?|university|uni) students?|students?|colleg[e]? (?:goers?|going|kids|crowd)|"
        r"undergrads?|undergraduates?|vidyarthi|vidyarthiyon|chhatra|chatra|chhatron|collegians?|"
        r"college",
        "occupation",
        _occ("Student"),
    ),
    _c(
        r"salaried(?: (?:employees?|professionals?|people|class|workers?))?|working professionals?|"
        r"professionals?|"
        r"office goers?|office workers?|corporate(?: employees?| workers?| professionals?)?|"
        r"white collar(?: workers?)?|"
        r"employees?|it professionals?|techies?|naukri ?pesha|naukri wal[ea]|job holders?|"
        r"full time employees?",
        "occupation",
        _occ("Salaried"),
    ),
    _c(
        r"self employed(?: people| persons?| professionals?| individuals| workers?)?|own account workers?",
        "occupation",
        _occ("Self-employed"),
    ),
    _c(
        r"business ?owners?|business ?men|business ?women|business ?people|entrepreneurs?|shop ?owners?|"
        r"shopkeepers?|smb owners?|sme owners?|msme owners?|small business owners?|founders?|traders?|"
        r"merchants?|vyapari|vyapaari|dukandar|dukaandaar|dukandaar",
        "occupation",
        _occ("Business Owner"),
    ),
    _c(
        r"freelancers?|freelancing|gig workers?|gig economy workers?|consultants?|creators?|"
        r"content creators?|"
        r"independent workers?",
        "occupation",
        _occ("Freelancer"),
    ),
    _c(
        r"retirees?|retired(?: people| folks| persons?| employees?)?|pensioners?|retirement age",
        "occupation",
        _occ("Retired"),
    ),
    _c(
        r"unemployed|jobless|job seekers?|job hunters?|out of work|berozgar|berojgar|"
        r"looking for (?:a )?jobs?",
        "occupation",
        _occ("Unemployed"),
    ),
    # "working" is its own phrase so that "non-working women" excludes only the work.
    _c(
        r"working(?: people| adults| population| class| individuals)?|(?<!self )employed(?: people)?|"
        r"(?:a |any |paid )?jobs?|employment|naukri|kaam ?kaaji|kamkaji|kamkaaji|kaamkaji|earning members?|"
        # the verb: "women who work", "who do not work", "kaam karne wali", "naukri karte hain"
        r"(?:(?<=who )|(?<=not )|(?<=never )|(?<=don't )|(?<=dont )|(?<=that ))works?(?! out)|"
        r"(?:kaam|naukri) kar(?:ne|te|ti|ta)(?: wal[eia]| h(?:ai|ain))?",
        "occupation",
        ("occupation", "in", WORKING),
    ),
    _c(
        r"farmers?|kisan|kisaan|agricultural workers?",
        "geography",
        ("area_type", "eq", "Rural"),
        warning="Farmers are not an occupation of the population; using rural residents instead.",
    ),
    # --- education ----------------------------------------------------------------------
    _c(
        r"college educated|degree holders?|university educated|educated",
        "education",
        ("education_level", "in", ["Graduate", "Post-graduate", "Doctorate"]),
    ),
    _c(r"graduates?|grads|bachelor'?s degree", "education", ("education_level", "eq", "Graduate")),
    _c(
        r"post ?graduates?|post grads?|postgrads?|masters degree|master'?s degree|mbas?|pg degree holders?",
        "education",
        ("education_level", "eq", "Post-graduate"),
    ),
    _c(r"phds?|doctorates?|doctoral", "education", ("education_level", "eq", "Doctorate")),
    _c(r"diploma holders?|diploma|polytechnic|iti", "education", ("education_level", "eq", "Diploma")),
    _c(
        r"12th pass|higher secondary|hsc|intermediate pass",
        "education",
        ("education_level", "eq", "Higher Secondary"),
    ),
    _c(
        r"10th pass|matric(?:ulates?)?|secondary school|ssc",
        "education",
        ("education_level", "eq", "Secondary"),
    ),
    # --- marital status ---------------------------------------------------------------
    _c(
        r"single|singles|unmarried|bachelors?|spinsters?|kunwar[ei]?",
        "lifestyle",
        ("marital_status", "eq", "Single"),
    ),
    _c(
        r"married|couples?|newly ?weds?|newly married|shaadi ?shuda|husbands and wives|spouses",
        "lifestyle",
        ("marital_status", "eq", "Married"),
    ),
    _c(r"divorced|divorcees?|separated", "lifestyle", ("marital_status", "eq", "Divorced")),
    _c(r"widows?|vidhwa", "lifestyle", FEMALE, ("marital_status", "eq", "Widowed")),
    _c(r"widowers?", "lifestyle", MALE, ("marital_status", "eq", "Widowed")),
    _c(r"widowed", "lifestyle", ("marital_status", "eq", "Widowed")),
    # --- geography ----------------------------------------------------------------------
    _c(
        r"metros?|metro cities|metropolitan(?: cities| areas)?|big cities|large cities|major cities|"
        r"bade? (?:shehar|sheher|shahar|shaher)|tier (?:1|one|i)(?: cities| city| towns?)?",
        "geography",
        ("city_tier", "eq", "Tier-1"),
    ),
    _c(r"tier (?:2|two|ii)(?: cities| city| towns?)?", "geography", ("city_tier", "eq", "Tier-2")),
    _c(r"tier (?:3|three|iii)(?: cities| city| towns?)?", "geography", ("city_tier", "eq", "Tier-3")),
    _c(
        r"tier (?:2|two|ii) (?:and|&|or|/) (?:tier )?(?:3|three|iii)(?: cities| towns)?|tier 2/3|tier 2 3|"
        r"non metros?|non metro cities|small(?:er)? cities|chh?ote? (?:shehar|sheher|shahar)|bharat",
        "geography",
        ("city_tier", "in", ["Tier-2", "Tier-3"]),
    ),
    _c(
        r"tier (?:1|one|i) (?:and|&|or|/) (?:tier )?(?:2|two|ii)(?: cities| towns)?",
        "geography",
        ("city_tier", "in", ["Tier-1", "Tier-2"]),
    ),
    _c(
        r"urban(?: india| areas?| population| dwellers?| residents?| consumers?)?|city dwellers?|shehri|"
        r"sheheri|"
        r"shahri",
        "geography",
        ("area_type", "eq", "Urban"),
    ),
    _c(
        r"semi urban(?: areas?| india| towns?)?|small towns?|towns?|qasbas?|kasbas?",
        "geography",
        ("area_type", "eq", "Semi-urban"),
    ),
    _c(
        r"rural(?: india| areas?| population| consumers?| residents?)?|villages?|villagers?|countryside|gaon|"
        r"gaanv|gaon wal[ea]|gramin|grameen|dehat|dehati",
        "geography",
        ("area_type", "eq", "Rural"),
    ),
    _c(r"ncr|delhi ncr|national capital region", "geography", ("city", "in", ["Delhi", "Gurugram", "Noida"])),
    _c(
        r"south(?:ern)? india(?:ns?)?|south indians?",
        "geography",
        ("state", "in", ["Andhra Pradesh", "Karnataka", "Kerala", "Puducherry", "Tamil Nadu", "Telangana"]),
    ),
    _c(
        r"north(?:ern)? india(?:ns?)?|north indians?",
        "geography",
        (
            "state",
            "in",
            [
                "Chandigarh",
                "Delhi",
                "Haryana",
                "Himachal Pradesh",
                "Jammu and Kashmir",
                "Ladakh",
                "Punjab",
                "Rajasthan",
                "Uttar Pradesh",
                "Uttarakhand",
            ],
        ),
    ),
    _c(r"west(?:ern)? india(?:ns?)?", "geography", ("state", "in", ["Goa", "Gujarat", "Maharashtra"])),
    _c(
        r"east(?:ern)? india(?:ns?)?",
        "geography",
        ("state", "in", ["Bihar", "Jharkhand", "Odisha", "West Bengal"]),
    ),
    _c(
        r"north ?east(?:ern)?(?: india| states)?|seven sisters",
        "geography",
        (
            "state",
            "in",
            [
                "Arunachal Pradesh",
                "Assam",
                "Manipur",
                "Meghalaya",
                "Mizoram",
                "Nagaland",
                "Sikkim",
                "Tripura",
            ],
        ),
    ),
    _c(r"central india", "geography", ("state", "in", ["Chhattisgarh", "Madhya Pradesh"])),
    # --- household income ("from affluent families", "well-off households") ----------------
    _c(
        r"(?:rich|affluent|wealthy|well off|well to do|prosperous|high(?:er)? income|ameer|amir|"
        r"paisewal[ea]) "
        r"(?:households?|families|family|homes?|backgrounds?|parivar|parivaar|gharon|ghar|gharana)|"
        r"(?:households?|families) (?:that are|who are) (?:rich|affluent|wealthy|well off)",
        "income",
        ("household_income_level", "eq", "High"),
    ),
    _c(
        r"(?:middle class|middle income|mid income|madhyam varg(?:iya)?) "
        r"(?:households?|families|family|homes?|backgrounds?|parivar|parivaar|gharon|ghar)",
        "income",
        ("household_income_level", "eq", "Mid"),
    ),
    _c(
        r"(?:poor|low(?:er)? income|low earning|garib|gareeb) "
        r"(?:households?|families|family|homes?|backgrounds?|parivar|parivaar|gharon|ghar)",
        "income",
        ("household_income_level", "eq", "Low"),
    ),
    # --- income -------------------------------------------------------------------------
    _c(
        r"high(?:er)? income(?: groups?| earners?| people)?|high earners?|top earners?|affluent|"
        r"rich|wealthy|well off|well to do|hnis?|high net worth(?: individuals)?|ameer|amir|paisewal[ea]",
        "income",
        ("income_level", "eq", "High"),
    ),
    _c(
        r"middle income(?: groups?| earners?)?|mid income|middle class|mid level income|"
        r"madhyam varg",
        "income",
        ("income_level", "eq", "Mid"),
    ),
    _c(
        r"upper middle class|upper middle income|upper income",
        "income",
        ("income_level", "in", ["Mid", "High"]),
    ),
    _c(r"lower middle class|lower middle income", "income", ("income_level", "in", ["Low", "Mid"])),
    _c(
        r"low(?:er)? income(?: groups?| earners?| people)?|low earners?|poor|"
        r"economically weaker(?: sections?)?|ews|bpl|below poverty line|garib|gareeb|kam (?:kamai|aay|"
        r"aamdani)",
        "income",
        ("income_level", "eq", "Low"),
    ),
    # --- budget / premium / attitudes ---------------------------------------------------
    _c(
        r"budget(?: conscious| minded| focused| buyers?| shoppers?| segment| friendly)?|price (?:conscious|"
        r"sensitive)|"
        r"value (?:seekers?|conscious|for money|buyers?|shoppers?)|deal (?:hunters?|seekers?)|"
        r"bargain (?:hunters?|seekers?)|"
        r"discount (?:seekers?|hunters?|lovers?)|cost conscious|frugal|thrifty|affordable|cheap(?:er)?|"
        r"inexpensive|low cost|economical|sast[aei]|kifayati|paisa vasool|money conscious|coupon users?",
        "budget",
        ("price_sensitivity", "gte", SCORE_HIGH),
    ),
    _c(
        r"not price (?:sensitive|conscious)|price insensitive|splurgers?|big spenders?",
        "budget",
        ("price_sensitivity", "lte", SCORE_LOW),
    ),
    _c(
        r"premium(?: buyers?| shoppers?| segment| customers?| consumers?)?|aspirational",
        "budget",
        ("income_level", "in", ["Mid", "High"]),
    ),
    _c(
        r"luxury(?: buyers?| shoppers?| segment| customers?| consumers?)?|luxe|high end|upscale|"
        r"ultra premium",
        "budget",
        ("income_level", "eq", "High"),
    ),
    _c(
        r"emi (?:buyers?|users?|shoppers?|customers?)|(?:buy|buying|pay|paying|purchase|shop) (?:on|via|"
        r"with|through) "
        r"emis?|emis?|no cost emi|instal+ments?|bnpl|buy now pay later|pay later users?|kisht(?:on)?",
        "budget",
        ("emi_flag", "eq", True),
    ),
    _c(r"cash buyers?|(?:without|no) emis?|pay upfront|upfront payers?", "budget", ("emi_flag", "eq", False)),
    _c(
        r"privacy (?:conscious|focused|minded|aware|sensitive|first|lovers?)|(?:care|cares|"
        r"caring) about privacy|"
        r"data privacy conscious|privacy",
        "privacy",
        ("privacy_pref", "gte", SCORE_HIGH),
    ),
    _c(
        r"tech savvy|techsavvy|tech friendly|early adopters?|digital natives?|digitally savvy|tech forward|"
        r"tech enthusiasts?|gadget (?:lovers?|freaks?|enthusiasts?|geeks?)|geeks?|nerds?",
        "tech",
        ("tech_savviness", "gte", SCORE_HIGH),
    ),
    _c(
        r"not tech savvy|non tech savvy|less tech savvy|low tech savvy|tech novices?|tech beginners?|"
        r"digital (?:beginners?|novices?)|first time (?:internet|smartphone) users?|late adopters?|"
        r"technophobes?|"
        r"not (?:very )?good with technology",
        "tech",
        ("tech_savviness", "lte", SCORE_LOW),
    ),
    _c(
        r"brand (?:conscious|loyal(?:ists)?|aware|lovers?|savvy)|brand loyalists?",
        "budget",
        ("brand_awareness", "gte", SCORE_HIGH),
    ),
    _c(
        r"(?:frequent|heavy|regular|avid) online shoppers?|shopaholics?",
        "channel",
        ("online_shopping_freq", "gte", 4),
    ),
    _c(
        r"heavy (?:mobile|phone|screen|smartphone) users?|always online|screen addicts?",
        "media",
        ("daily_screen_hours", "gte", 6),
    ),
]

# Languages: "Tamil speakers", "Hindi-speaking", "Bengali families", ...
LANGUAGE_WORDS: Final = {lang.lower(): lang for lang in schema.LANGUAGES}
LANGUAGE_WORDS.update(
    {
        "bangla": "Bengali",
        "oriya": "Odia",
        "telegu": "Telugu",
        "malyalam": "Malayalam",
        "gujrati": "Gujarati",
        "hindi speaking": "Hindi",
        "kannadiga": "Kannada",
        "tamilian": "Tamil",
        "tamilians": "Tamil",
        "marathi manoos": "Marathi",
        "bengalis": "Bengali",
        "punjabis": "Punjabi",
        "gujaratis": "Gujarati",
        "malayalis": "Malayalam",
        "malayali": "Malayalam",
        "kannadigas": "Kannada",
    }
)

# Generations by birth year (inclusive), as the issue defines them.
GENERATIONS: Final = {
    "genz": ("Gen Z", 1997, 2012),
    "millennials": ("Millennials", 1981, 1996),
    "genx": ("Gen X", 1965, 1980),
    "boomers": ("Boomers", 1946, 1964),
    "alpha": ("Gen Alpha", 2013, 2025),
}


def _words(name: str) -> frozenset[str]:
    text = resources.files("synthpersona.goals").joinpath(name).read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if (w := line.strip()) and not w.startswith("#"))


# Words that carry no audience meaning: not reported as unparsed.
STOPWORDS: Final = _words("stopwords.txt")
# Generic words the semantic fallback never tries to map (they match everything a little).
GENERIC_WORDS: Final = STOPWORDS | _words("generic_words.txt")
# Words that may stand between a negation and what it excludes ("never *shop* online",
# "EMI nahi *lene* wale"): words without audience meaning, verbs of using and buying.
GLUE_VERBS: Final = _words("glue_words.txt")
GLUE_WORDS: Final = GENERIC_WORDS | GLUE_VERBS
