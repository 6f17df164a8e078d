"""Whether a short phrase names a job ("bus conductor", "QA lead"), not a relation or a state ("donor").

:func:`role_job` (the persona's job from their role) and :func:`unread_trade` (work stated but
not read) live here too. A role or a relative's "is a ..." is written into a persona as an
occupation, so only a phrase whose head noun is a trade counts: a known role keyword
(``data/roles.yaml``) or a job noun.
"""

from __future__ import annotations

import re

# Head nouns of jobs; a word ending in -ist, -ician or -wala/-wallah is one too ("dentist", "electrician").
_JOB_HEADS = frozenset(
    [
        "officer",
        "manager",
        "engineer",
        "clerk",
        "teacher",
        "driver",
        "conductor",
        "farmer",
        "worker",
        "labourer",
        "laborer",
        "nurse",
        "doctor",
        "executive",
        "assistant",
        "agent",
        "owner",
        "proprietor",
        "shopkeeper",
        "vendor",
        "tailor",
        "weaver",
        "mason",
        "carpenter",
        "plumber",
        "electrician",
        "mechanic",
        "technician",
        "cook",
        "chef",
        "guard",
        "peon",
        "supervisor",
        "operator",
        "analyst",
        "developer",
        "designer",
        "accountant",
        "consultant",
        "lawyer",
        "advocate",
        "pharmacist",
        "salesman",
        "saleswoman",
        "salesperson",
        "cashier",
        "receptionist",
        "head",
        "director",
        "founder",
        "principal",
        "professor",
        "lecturer",
        "tutor",
        "trainee",
        "intern",
        "associate",
        "representative",
        "rep",
        "coordinator",
        "administrator",
        "admin",
        "inspector",
        "constable",
        "soldier",
        "pilot",
        "architect",
        "contractor",
        "trader",
        "dealer",
        "broker",
        "banker",
        "journalist",
        "reporter",
        "photographer",
        "artist",
        "writer",
        "editor",
        "baker",
        "barber",
        "beautician",
        "maid",
        "housekeeper",
        "cleaner",
        "sweeper",
        "watchman",
        "attendant",
        "helper",
        "hawker",
        "fisherman",
        "potter",
        "goldsmith",
        "jeweller",
        "jeweler",
        "secretary",
        "specialist",
        "surgeon",
        "physician",
        "therapist",
        "counsellor",
        "counselor",
        "dentist",
        "midwife",
        "staff",
        "partner",
        "entrepreneur",
        "homemaker",
        "housewife",
        "priest",
        "pujari",
        "tea-seller",
        "kisan",
        "dukandar",
        "chemist",
        "grocer",
        "butcher",
        "milkman",
        "dhobi",
        "porter",
        "loader",
        "packer",
        "picker",
        "courier",
        "rider",
        "delivery-boy",
        "builder",
        "painter",
        "welder",
        "fitter",
        "machinist",
        "foreman",
        "superintendent",
        "scientist",
        "researcher",
        "professional",
        "freelancer",
        "programmer",
        "tester",
        "auditor",
        "actuary",
        "underwriter",
        "teller",
        "collector",
        "inspector",
        "recruiter",
        "trainer",
        "coach",
        "instructor",
        "major",
        "colonel",
        "captain",
        "lieutenant",
        "sergeant",
        "havildar",
        "sepoy",
        "commander",
        "sarpanch",
        "councillor",
        "mla",
        "mp",
        "minister",
        "judge",
        "magistrate",
        "clerk-typist",
        "stenographer",
        "typist",
        "operator-cum-clerk",
        "ceo",
        "cfo",
        "cto",
        "coo",
        "vp",
        "lead",
        "chairman",
        "chairperson",
        "president",
        "vice-president",
        "surveyor",
        "veterinarian",
        "vet",
        "optician",
        "caretaker",
        "gardener",
        "mali",
        "nanny",
        "ayah",
        "driver-cum-helper",
        "tailoress",
        "seamstress",
        "embroiderer",
        "artisan",
        "craftsman",
        "manufacturer",
        "exporter",
        "importer",
        "wholesaler",
        "retailer",
        "distributor",
        "stockist",
        "supplier",
        "transporter",
        "landlord-farmer",
        "cultivator",
        "sharecropper",
        "herder",
        "shepherd",
        "beekeeper",
        "fishmonger",
        "vegetable-seller",
        "employee",
        "servant",
        "officer-in-charge",
        "in-charge",
        "incharge",
        "checker",
        "examiner",
        "sevika",
        "sahayika",
        "mazdoor",
        "orderly",
        "compounder",
        "gangman",
    ]
)
# "Warm lead", "new lead": a sales prospect, not a team lead.
_PROSPECT_LEAD = re.compile(r"\b(?:warm|hot|cold|new|sales|qualified|potential|the|a|an)\s+leads?$", re.I)
_STARTS_WITH_VERB = re.compile(
    r"^(?:filled|fills|called|calls|wants|wanted|asked|asks|bought|buys|gave|gives|missed|misses|said|"
    r"says|came|comes|lost|loses|paid|pays|complains|complained|needs|needed|sent|sends|got|gets|"
    r"applied|applies|is|was|has|had|who|whose|which|that)\b",
    re.I,
)
_TAIL = re.compile(r"\s+(?:at|in|of|for|with|from|on|to|near|under|who|since|and)\b.*$", re.I)


def is_work_predicate(phrase: str) -> bool:
    """True when ``phrase`` says what the persona does for a living with a present-tense verb.

    "weaves cotton sarees on two handlooms", "sells home-made sweets at the weekly haat", "drives a
    rickshaw at the station": a stated trade, kept as the persona's own words (never replaced by a
    drawn job). A verb of contact or need ("calls", "wants", "complains"), a past tense ("filled a
    form") or a single word is no trade.

    Examples
    --------
    >>> is_work_predicate("weaves cotton sarees"), is_work_predicate("sells home-made sweets")
    (True, True)
    >>> is_work_predicate("calls about a refund"), is_work_predicate("filled a form")
    (False, False)
    >>> is_work_predicate("donor"), is_work_predicate("sales manager")
    (False, False)
    """
    words = phrase.strip().split()
    return (
        len(words) >= 2
        and re.fullmatch(r"[a-z]+(?:es|s)", words[0].lower()) is not None
        and not words[0].lower().endswith("ss")
        and not is_job(phrase)  # "sales manager" is a job title, not a verb
        and not _STARTS_WITH_VERB.match(phrase.strip())
        and not _OTHER_VERB.match(phrase.strip())
        and not _NOT_A_JOB_VERB.match(phrase.strip())
    )


def is_job(phrase: str) -> bool:
    """True when ``phrase`` names an occupation: its head noun is a job, or it holds a role keyword.

    Examples
    --------
    >>> is_job("bus conductor"), is_job("QA lead at a fintech"), is_job("retired colonel")
    (True, True, True)
    >>> is_job("donor"), is_job("warm lead"), is_job("heavy drinker"), is_job("filled a form")
    (False, False, False, False)
    """
    from ._banks import match_role

    core = _TAIL.sub("", phrase.strip().rstrip(".,;:")).strip()
    words = core.split()
    if not words or len(words) > 4 or _STARTS_WITH_VERB.match(core) or _PROSPECT_LEAD.search(core):
        return False
    head = words[-1].lower().strip("'\"()")
    singular = re.sub(r"(?<=[a-z])s$", "", head)
    if head in _JOB_HEADS or singular in _JOB_HEADS:
        return True
    if re.search(r"(?:ist|ician|wala|wallah|master|mistress|seller|puller|keeper|maker|smith)s?$", head):
        return True
    # a trade in "-man" ("postman", "gangman", "lineman"), not a person ("woman", "gentleman")
    if re.search(r"[a-z]{3,}m[ae]n$", head) and not re.search(r"(?:wo|gentle|hu|ger|ro)m[ae]n$", head):
        return True
    profile, keyword = match_role(core)
    return keyword is not None and profile.id != "consumer"


# Counterpart roles that say what the persona is to the learner, not what they do for a living.
_NOT_A_JOB_ROLE = re.compile(
    r"\b(?:customer|client|caller|patient|student|applicant|candidate|prospect|buyer|borrower|claimant|"
    r"policyholder|member|resident|citizen|visitor|parent|father|mother|widow|widower|employee|guest|"
    r"user|subscriber|beneficiary|victim|complainant|tenant|holder|senior|person|man|woman|lady|"
    r"pensioner|retiree|traveller|passenger|learner|trainee|nominee|investor|homemaker|housewife|"
    r"consumer|shopper|insured|depositor|villager|farmer's|family|relative|son|daughter|wife|husband)\b",
    re.I,
)
# The establishment an unnamed "owner" runs: "walk into a grocery store ... The owner, Prakash".
_ESTABLISHMENT = re.compile(
    r"\b(?:an?|the|his|her)\s+((?:[a-z-]+\s+){0,2}?(?:shop|store|stall|restaurant|dhaba|salon|pharmacy|"
    r"bakery|boutique|showroom|workshop|garage|factory|unit|firm|hotel|clinic|dairy|mill|farm))\b",
    re.I,
)
# A role read off a verb ("sits at his shop"): not a job.
_NOT_A_JOB_VERB = re.compile(
    r"(?:sits|is|has|was|calls|comes|walks|wants|says|lives|waits|stands|visits|arrives|needs|asks|"
    r"feels|gets|goes|keeps|seems|looks|writes|speaks|tells|thinks|came|called|walked)\b",
    re.I,
)
_COPULA_TAIL = re.compile(r"\s+(?:aahe|aahet|ahe|ahet|hai|hain|hoon|is)\s*$", re.I)


def role_job(role: str | None, about: str) -> str | None:
    """The persona's occupation when the counterpart's role names one ("QA lead", "bus conductor").

    A role that says what the persona is to the learner ("customer", "applicant", "widow") is no
    occupation; an unnamed "owner" owns the establishment the scenario names ("grocery store owner").

    Examples
    --------
    >>> role_job("hired as a branch sales officer", "")
    'Branch sales officer'
    >>> role_job("owner", "You walk into a grocery store in Jalgaon. The owner, Prakash, is busy.")
    'Grocery store owner'
    >>> role_job("customer", "") is None
    True
    """
    if not role:
        return None
    job = _COPULA_TAIL.sub("", role.strip())
    job = re.sub(
        r"^(?:hired|appointed|employed|working|recruited|joined|selected)\s+as\s+(?:an?\s+)?", "", job
    )
    if re.fullmatch(r"(?:shop\s*|store\s*)?(?:owner|proprietor|shopkeeper)", job, re.I):
        place = _ESTABLISHMENT.search(about)
        return f"{place.group(1)} owner".capitalize() if place else None
    if (
        not job
        or _NOT_A_JOB_ROLE.search(job)
        or _NOT_A_JOB_VERB.match(job)
        or len(job) < 3
        or re.search(r"\b[A-Za-z]$", job)  # cut at an abbreviation's stop: "second-year B" (B.Tech)
        or re.search(r"[^\x00-\x7f]", job)
        # "donor", "warm lead", "filled a form on our website"; "weaves cotton sarees" is a trade
        or not (is_job(job) or is_work_predicate(job))
    ):
        return None
    return job[0].upper() + job[1:]


# Words that say the persona works at something: with no occupation read, a drawn one would
# contradict the scenario ("Sanjay Pawar, 55, ST bus conductor aahet", "Jaipur mein ek boutique").
_WORK_CUE = re.compile(
    r"\b(?:shop|store|stall|dukaan|dukan|business|boutique|owner|proprietor|driver|conductor|clerk|"
    r"teacher|farmer|farms?|labourer|worker|mason|tailor|weaver|vendor|hawker|fisherman|officer|"
    r"engineer|operator|supervisor|manager|guard|cook|nurse|peon|agent|contractor|trader|job|"
    r"naukri|kaam|employed|works|worked|service|salary|retired|"
    # land, crops and herds, and a trade said with its verb ("4 ekar shetat soybean", "drives a rickshaw")
    r"acres?|ekar|bighas?|hectares?|shet\w*|kheti|crops?|harvest|cattle|goats?|buffalo(?:es)?|"
    r"drives|sells|weaves|stitches|grows|fishes|herds|rears)\b",
    re.I,
)
_KIN_WORD = re.compile(
    r"\b(?:husband|wife|son|daughter|father|mother|brother|sister|in-law|nephew|niece|uncle|aunt|"
    r"grand\w+|pati|patni|bayko|navra|mulga|mulgi|beta|beti|bhai|behen|kids?|children|family|relatives?)\b",
    re.I,
)


def unread_spouse_trade(about: str) -> bool:
    """True when a clause about the spouse names work ("her husband drives a school van").

    Examples
    --------
    >>> unread_spouse_trade("Her husband drives a school van; she is angry.")
    True
    >>> unread_spouse_trade("Her husband is at home; she runs a shop.")
    False
    """
    for clause in re.split(r"(?<=[.;!?])\s+|;\s*|,\s+(?:and|but|while)\s+", about):
        if re.search(r"\b(?:husband|wife|pati|patni|bayko|navra)\b(?!-in-law)", clause, re.I) and (
            _WORK_CUE.search(clause) or re.search(r"\b(?:drives|teaches|sells|runs|owns|works)\b", clause)
        ):
            return True
    return False


def unread_trade(about: str, name: str | None) -> bool:
    """True when the persona's own clauses name work the fact reader could not read as a job.

    A clause about a relative ("her husband is a mason") or the learner ("you") does not count.

    Examples
    --------
    >>> unread_trade("Sanjay Pawar, 55, ST bus conductor aahet. He is angry.", "Sanjay Pawar")
    True
    >>> unread_trade("Meera, 40, is angry; her husband is a mason.", "Meera")
    False
    """
    first = (name or "").split()[0] if name else ""
    subject = re.compile(
        rf"^\s*(?:{re.escape(first)}\b|(?:he|she)\b)" if first else r"^\s*(?:he|she)\b", re.I
    )
    for clause in re.split(r"(?<=[.;:!?])\s+|,\s+(?:and|but|while)\s+", about):
        if _KIN_WORD.search(clause) or re.search(r"\byou(?:r)?\b", clause, re.I):
            continue
        cue = _WORK_CUE.search(clause)
        # only the persona's own predicate: "Priya, 34, calls customer service" is a customer
        if cue and subject.search(clause) and not _OTHER_VERB.search(clause[: cue.start()]):
            return True
        # the persona's own sentence in a script the gloss left unread ("कमला बाई, 71, widow हैं और
        # बकरियाँ पालती हैं"): it may state their work, so no job is drawn against it
        if first and clause.lstrip().startswith(first):
            rest = clause.replace(name or first, " ")
            if len(re.findall(r"[\u0900-\u0dff]{2,}", rest)) >= 3:
                return True
    return False


# Verbs after which a work word is what the persona deals with, not their work ("calls customer service").
_OTHER_VERB = re.compile(
    r"\b(?:calls?|called|wants?|wanted|asks?|asked|complains?|complained|bought|buys|ordered|orders|"
    r"visits?|visited|contacts?|contacted|writes?|wrote|emails?|emailed|says?|said|returns?|returned|"
    r"needs?|needed|paid|pays|booked|books|applied|applies|reached|reaches|went|goes|comes|came|about)\b",
    re.I,
)
