"""Offline category selection: embedding similarity + cue words + archetype and role priors."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._archetypes import archetype_spec
from ._base import BasePersona
from ._facts_lexicon import CALM_WORDS
from ._library import DetailCategoryLibrary

__all__ = ["CategoryChoice", "select_categories"]

MIN_CATEGORIES = 3
MAX_CATEGORIES = 8
_THRESHOLD = 1.0
# A careful designer picks about five categories; beyond that only clear-cut ones.
_TYPICAL = 5
_HIGH = 2.0
_EMPLOYEES = {
    "corporate_employee",
    "corporate_manager",
    "hr_professional",
    "sales_professional",
    "nurse",
    "hospital_staff",
    "teacher",
}


@dataclass(frozen=True)
class CategoryChoice:
    """One scored category and why it was (or was not) chosen."""

    name: str
    score: float
    similarity: float
    keywords: tuple[str, ...]
    prior: float
    reason: str
    required: bool = False


def _role_adjustment(name: str, b: BasePersona) -> tuple[float, str]:
    p = b.profile
    medical_pro = p.clinician  # prescribing clinician in a clinical conversation (profile_in_domain)
    if name == "medical_philosophy":
        return (
            (0.8, "persona is a prescribing clinician")
            if medical_pro
            else (-3.0, "persona does not prescribe in this conversation")
        )
    if name == "professional_context":
        if p.professional:
            return 0.6, "persona is a working professional"
        return -1.2, "persona is not acting in a professional role"
    if name == "sales_rep_history":
        if b.scenario_facts.domain not in {"healthcare", "general"}:
            return -3.0, "no recurring sales reps in this domain"
        if not p.professional:
            return -1.5, "consumers meet salespeople, not recurring reps"
        return (
            (0.0, "")
            if b.mentions("rep", "sales", "pitch", "representative", "detailing")
            else (-2.0, "no sales pitch")
        )
    if name == "health_context" and p.id in {"expectant_parent", "patient"}:
        return 1.0, "persona is a patient or expecting"
    if name == "family_context" and p.id == "expectant_parent":
        return 0.6, "a pregnancy is a family matter"
    if name in {"work_relationships", "organizational_context"} and not p.professional:
        return -1.0, "persona is not at work in this scenario"
    if name in {"work_relationships", "organizational_context"} and p.id not in _EMPLOYEES:
        return -0.6, "persona is not an employee in an organisation"
    if name == "time_constraints" and medical_pro:
        return 0.5, "clinicians see reps between patients"
    return 0.0, ""


_CASE = re.compile(
    r"\b(claims?|notices?|investigation|penalty|on hold|eviction|application|tickets?|"
    r"rejected|locked out|stuck|dispute|bill|charged|not been credited|"
    r"complaints|"
    r"owes?|dues|overdue|unpaid|settlement|blocked|deactivated|suspended|closed without|missing|withdraw\w*|"
    r"matured|nominee|not (?:been )?(?:collected|paid|repaired|fixed|approved)|"
    r"cancelled|suspicious|transfers?|verification|refund|complaint|outage|down for|overbooked|damaged|"
    r"dented|broken|wrong (?:size|item|product)|never (?:came|arrived)|pending|bounced|not (?:been )?"
    r"(?:credited|received|refunded|delivered)|waiting list|waitlist|did not arrive|"
    r"(?:has|have) not (?:come|arrived|been \w+)|not (?:yet )?(?:updated|processed)|bounced?|"
    r"reversed?|reversal|deduct\w*|port[- ]out|surveyor|certificate|possession|summons|appeal\w*|"
    r"lapsed|withheld|sent home|correct(?:ed|ion)|not reached|stopped (?:paying|coming|after)|"
    r"(?:fees|money|deposit|amount) back)\b",
    re.I,
)
# A loan or a renewal is a case when the persona asks for it ("wants his crop loan renewed"), not
# when it is background ("has a 3 lakh crop loan") or what the learner sells ("renewal premium").
_CASE_REQUEST = re.compile(
    r"\b(?:wants?|asks? for|applied for|applies for|applying for|needs?)\b"
    r"(?:[^.;]|\.\d){0,40}?\b(loans?|renew\w*)\b",
    re.I,
)
_HEALTH = re.compile(
    r"\b(surgery|diabetic|ailing|medicines?|treatment|pregnan|vaccine|chemotherapy|arthritis|"
    r"hip|knee|patient|fever|health|dental|implants?|stroke|physio\w*|injur\w*|diagnos\w*|therapy|"
    r"diabet\w*|insulin|dosage|blood pressure|icu|dementia|inhaler|asthma|ambulance|"
    r"cancer|dialysis|fracture\w*|bedridden|wheelchair|paralys\w*|disabilit\w*|disabled|illness|"
    # words with an everyday sense count only in their health sense ("admitted to a college",
    # "Ward 14", "her heart is set on", "sick of calling")
    r"admitted\s+(?:to\s+|in\s+|into\s+)?(?:the\s+|a\s+)?(?:hospital|icu|nursing home|emergency|\w+\s+ward)|"
    r"(?:general|icu|maternity|hospital|cancer|cardiac|covid|emergency|surgical|medical|children's)\s+ward|"
    r"heart\s+(?:attack|surgery|disease|problem|condition|patient|failure|operation|trouble|ailment)|"
    r"(?:fell|falls|fallen|is|was|been|got|gets|very|often|chronically|terminally)\s+(?:ill|sick)(?!\s+of)|"
    r"(?:went|gone|is|was|partially|legally|colour|color|an?|the)\s+blind(?!\s+(?:spot|eye|date|faith)))\b",
    re.I,
)
_MONEY_WORDS = re.compile(
    r"\b(emi|budget|afford\w*|price|cost|loan|fees|salary|paid|savings|income|expensive|"
    r"rupees|lakh|instalments?|refund|charged|money|pension|wages?|credited|ration|lost (?:his|her) job|"
    r"only earner|feed)\b",
    re.I,
)
_PAST = re.compile(
    r"\b(last year|before|again|previous|earlier|cheated|twice|three visits|third visit|"
    r"past|years? ago|already|used (?:paper|to)|for (?:\w+ )?years|often|same \w+ for|"
    r"passed over|in favour of)\b",
    re.I,
)
_STAKE = re.compile(
    r"\b(los[et]|losing|lost|fail\w*|stopped|rejected|cancelled|already paid|booking amount|"
    r"bedside|not worked|drop out)\b",
    re.I,
)
# A price follows: "is quoted at 1.9 lakh", "a quote of 40,000 rupees" (the seller's price). "A rival
# insurer quoted 9,500 rupees" is a quote the persona fetched.
_PRICE_NEXT = r"(?!\s+(?:at|for|of)\s+(?:(?:rs\.?|inr|usd|eur)\s?|[₹$€£]\s?)?\d)"
_RESEARCH = re.compile(
    # the seller's price is not the persona's research; "quotes for the repair from two garages" is
    rf"\b(compares?|comparing|quotes?{_PRICE_NEXT}|quoted{_PRICE_NEXT}|"
    r"reviews?|documents|receipts|copies|research\w*|checked|read up|online|specs?|camera)\b",
    re.I,
)
# A health word in a sentence about a past event ("lost her husband to a heart attack", "had a
# bypass surgery last year", "nursing her mother after surgery") or about an animal ("the surgery
# bill for her labrador") is background outside a healthcare conversation: nobody's health is at
# stake in it now. "has had diabetes for ten years" is a condition lasting till now, not a past event.
_PAST_HEALTH = re.compile(
    r"\b(?:(?<!\bhas )(?<!\bhave )(?<!['’]s )had|died|dies|death|lost (?:her|his|their) \w+ to|"
    r"after (?:a |an |the |his |her )?\w*\s?"
    r"(?:surgery|stroke|operation|attack)|last year|years? ago|months? ago|in (?:january|february|march|"
    r"april|may|june|july|august|september|october|november|december))\b",
    re.I,
)
_STILL = re.compile(
    r"\b(?:claims?|admitted|hospitali[sz]ed|in (?:the )?(?:icu|hospital)|recovering|bedridden|still)\b", re.I
)
_ANIMAL = re.compile(
    r"\b(?:dog|dogs|cat|cats|pet|pets|labrador|beagle|pug|pomeranian|retriever|spaniel|dachshund|husky|"
    r"german shepherd|indie pup|puppy|kitten|parrot|cow|cows|buffalo\w*|goat|goats|cattle|"
    r"horse|bull|bullock|animal|animals|vet|veterinary)\b",
    re.I,
)


def _health_now(about: str) -> re.Match[str] | None:
    """The first health word in a sentence about someone's health now (see ``_PAST_HEALTH``)."""
    for sent in re.split(r"(?<=[.!?;])\s+", about):
        m = _HEALTH.search(sent)
        if m and not _ANIMAL.search(sent) and (not _PAST_HEALTH.search(sent) or _STILL.search(sent)):
            return m  # a stay in hospital, a recovery or a past treatment's claim is at stake now
    return None


_INCIDENT = re.compile(
    r"\b(incident|accident|comments? about|belittled|harass\w*|witness\w*|saw the)\b", re.I
)
# The persona's own manager, colleague or junior -- not the learner, who may be a manager too --
# or two people holding one job ("two shift supervisors", "both ... are store managers").
# "a branch manager" or "a senior software engineer" is someone's job title (often the
# persona's own), and "her relationship manager" serves her as a customer: none is a person
# at the persona's work. "senior"/"junior" count only as nouns ("her senior, the regional head").
_SERVES_YOU = r"(?:relationship|account|property|case|wealth|loan|bank|branch|hotel|society|site)"
_AT_WORK = re.compile(
    rf"\b(?:his|her|their) (?!{_SERVES_YOU} manager)(?:\w+ )?(?:manager|boss|supervisor|team ?lead|deputy)\b"
    r"|\b(?:his|her|their|a) (?:\w+ )?(?:colleague|co-worker|subordinate)s?\b"
    r"|\b(?:his|her|their|a) (?:senior|junior)s?(?=\s*(?:[,.;:)]|$)|\s+(?:who|whom|at|in|from|of|and|named|"
    r"called|has|had|is|was|says|said|took|refus\w*|insists?|keeps?|gets?|got)\b)"
    r"|\b(?:staff|team) (?:still )?reports? to (?:him|her)\b"
    r"|\b(?:two|both)\s+(?:[\w-]+\s+){0,3}?(?:managers|supervisors|nurses|officers|executives|colleagues|teachers|"
    r"clerks|engineers|drivers|doctors)\b",
    re.I | re.M,
)
# In an HR conversation the learner is the persona's own organisation: a manager, supervisor or
# team lead anywhere in the text ("the learner is a nursing supervisor") is at the persona's work.
_HR_AT_WORK = re.compile(
    r"\b(?:a|an|the|his|her|their) (?:[\w-]+ )?(?:manager|supervisor|team ?lead|boss)\b", re.I
)


def _at_work(b: BasePersona) -> re.Match[str] | None:
    """The first mention of a person at the persona's own work (see ``_AT_WORK``)."""
    sf = b.scenario_facts
    hit = _AT_WORK.search(sf.about)
    if hit or sf.domain != "hr":
        return hit
    return _AT_WORK.search(b.text) or _HR_AT_WORK.search(b.text)


# The persona's own work is at stake in the conversation ("a client's wedding", "her cake orders").
_WORK_AT_STAKE = re.compile(
    r"\b(?:clients?|orders|customers|business|shift|payroll|job|career|promotion)\b", re.I
)


def _domain_prior(name: str, b: BasePersona) -> tuple[float, str]:
    """How often a careful designer picks ``name`` in the scenario's domain (``domains.yaml``)."""
    from ._enforce import domain_bank

    sf = b.scenario_facts
    value = float(domain_bank(sf.domain).get("categories", {}).get(name, 0.0))
    if value == 0.0 or b.mode == "learn_mode":  # a coach teaching the domain is not its counterpart
        return 0.0, ""
    where = sf.domain.replace("_", " ")
    if name == "professional_context" and (
        b.profile.clinician or sf.years_experience is not None or _WORK_AT_STAKE.search(sf.about)
    ):
        return 0.0, ""  # their work is what the conversation is about
    if name == "health_context" and b.profile.clinician:
        return 0.0, ""  # a clinician's own health is not the subject
    if value > 0:
        return value, f"usually part of a {where} conversation"
    if name == "decision_criteria":
        return value, f"a {where} conversation is about a case, rarely a choice between offers"
    return value, f"the persona's own job is background in a {where} conversation"


# The persona asks for terms: a position to negotiate from, whatever the archetype.
_ASKS_TERMS = re.compile(
    r"\b(?:wants?|asks? for|asking for|demands?|seeks?|requests?|insists? on|pushes? for)\b[^.;]{0,60}?\b"
    r"(extension|settlement|discount|raise|hike|waiver|waived|credit|freeze|reduction|more time|instead of|"
    r"lower (?:rate|price|fee|rent|emi)|better (?:price|rate|terms|offer)|flexible|permission)\b",
    re.I,
)
_FEARFUL = {"anxious", "nervous", "frightened", "scared"}
_IMPLIED_FEELING = re.compile(
    r"\b(?:died|passed away|death of|late (?:husband|wife|father|mother|son|daughter)|widow(?:ed)?|"
    r"will be (?:attached|disconnected|evicted|cut off|blocked|cancelled|auctioned|seized)|"
    r"blocked|deactivated|suspended|on hold|rejected|evict\w*|"
    r"(?:third|fourth|fifth) (?:time|visit|call)|never (?:came|arrived|called back)|"
    r"(?:has|have|had) not slept|not slept|lost (?:his|her|their) (?:job|livelihood)|(?:shut|closed) down)\b",
    re.I,
)
# A failure repeated: something done or undergone ("has called twice already", "was charged twice",
# "failed the test twice", "fell twice at home") -- not a habit ("comes twice a week", "takes it
# three times a day") nor a multiple ("twice as much", "three times the price").
_REPEATED = re.compile(
    r"\b(?:has|have|had|been|\w+ed|came|come|fell|went|wrote|written|paid|got|sent|took|rang|gave|"
    r"lost|made|left|ran|spent)\b[^.;]{0,60}?\b(?P<rep>twice|(?:three|four|five|several|many) times)\b"
    r"(?!\s+(?:a|an|per|every|each|as|the|more|daily|weekly|monthly|yearly|over)\b)",
    re.I,
)
# The text calls the persona calm: no feeling is implied over it ("content" and "happy" are left out,
# a noun and "not happy" say otherwise).
_CALM = re.compile(
    r"(?<!\bnot )(?<!\bnever )\b(?:"
    + "|".join(w for w in CALM_WORDS if w not in {"content", "happy"})
    + r"|composed)\b(?! down)",
    re.I,
)


def _implied_feeling(about: str) -> str | None:
    """The words that make a strong feeling part of the situation, or None.

    A bereavement, a threat to what the persona has, a failure repeated, sleepless nights;
    never when the text calls the persona calm.

    Examples
    --------
    >>> _implied_feeling("She has called the bank twice already about the refund.")
    'twice'
    >>> _implied_feeling("Kiran, 30, comes twice a week and asks about a yearly plan.") is None
    True
    >>> _implied_feeling("A calm widow, 60, asks about the pension.") is None
    True
    """
    if _CALM.search(about):
        return None
    m = _IMPLIED_FEELING.search(about)
    if m:
        return m.group(0)
    r = _REPEATED.search(about)
    return r.group("rep") if r else None


# Feelings that are no upset: a tired or determined persona with a deadline is not worried by it.
_NOT_UPSET = {"polite", "hopeful", "determined", "guarded", "sceptical", "tired", "exhausted", "confused"}
_COMM = re.compile(
    r"cannot read|can't read|hard of hearing|more comfortabl\w* (?:in|with|speaking)|confused", re.I
)
_BARRIER = re.compile(
    r"cannot read|can't read|illiterate|hard of hearing|hears? poorly|deaf|blind|lost (?:his|her) sight|"
    r"more comfortabl\w* (?:in|with|speaking)|confused|cannot write|stammer\w*",
    re.I,
)


def _required(name: str, b: BasePersona) -> str | None:
    """Why the facts the scenario states make category ``name`` indispensable (else None).

    A stated fact needs a category to live in: stated emotions need ``emotional_state``,
    stated money ``financial_context``, a stated family ``family_context`` and so on.
    These are chosen whatever the text similarity says, so a new domain's scenario gets
    them as surely as the seed's.
    """
    sf = b.scenario_facts
    if not sf.about:
        return None
    fam = [m for m in sf.family if m != "family"]
    # Fear lives in anxiety_factors and scepticism is an attitude: neither alone needs
    # an emotional_state of its own.
    felt = [e for e in sf.emotions if e not in _FEARFUL | {"sceptical"}]
    if name == "emotional_state" and felt:
        return f"scenario states emotions: {', '.join(felt)}"
    implied = _implied_feeling(sf.about) if name == "emotional_state" and not sf.emotions else None
    if implied:  # seen gold: 16 of 17 such scenarios have it
        return f"the situation implies strong feelings ({implied!r})"
    if name == "anxiety_factors" and (sf.worries or _FEARFUL & set(sf.emotions)):
        return (
            f"scenario states worries: {'; '.join(sf.worries[:2]) or ', '.join(_FEARFUL & set(sf.emotions))}"
        )
    if name == "financial_context" and sf.money:
        return f"scenario states money facts: {'; '.join(sf.money[:2])}"
    if name == "family_context" and (sf.children is not None or fam):
        told = [*(f"{sf.children} children" for _ in [0] if sf.children is not None), *fam]
        return f"scenario states family facts: {', '.join(told)}"
    if name == "time_constraints" and sf.deadlines:
        return f"scenario states a deadline: {sf.deadlines[0]}"
    comm = _COMM.search(sf.about)
    if name == "communication_needs" and (sf.not_fluent or comm):
        what = [f"not fluent in {x}" for x in sf.not_fluent] + ([comm.group(0)] if comm else [])
        return f"scenario states language or communication needs: {', '.join(what)}"
    if name == "professional_context" and sf.years_experience is not None:
        return f"scenario states {sf.years_experience} years of experience"
    at_work = _at_work(b) if name == "work_relationships" else None
    if at_work:
        return f"scenario names people at the persona's work ({at_work.group(0)!r})"
    return None


def _fact_adjustment(name: str, b: BasePersona) -> tuple[float, str]:
    """Score change and reason from the facts the scenario states (fixed inputs)."""
    sf = b.scenario_facts
    about = sf.about or ""
    if not about:
        return 0.0, ""
    if name == "emotional_state" and sf.emotions:
        return (2.0 if sf.agitated() else 1.0), f"scenario states emotions: {', '.join(sf.emotions)}"
    if name == "emotional_state":
        # No feeling named, but the situation carries one: a bereavement, a threat to what the
        # persona has, a failure repeated, sleepless nights.
        implied = _implied_feeling(about)
        if implied:
            return 1.5, f"the situation implies strong feelings ({implied!r})"
    if name == "anxiety_factors":
        if sf.worries:
            return 1.5, f"scenario states worries: {'; '.join(sf.worries[:2])}"
        if {"anxious", "nervous", "frightened", "scared"} & set(sf.emotions):
            return 1.0, "scenario says the persona is afraid or anxious"
        stake = _STAKE.search(about)
        upset = [e for e in sf.emotions if e not in _NOT_UPSET]
        if upset and (sf.deadlines or stake):
            what = sf.deadlines[0] if sf.deadlines else stake.group(0) if stake else ""
            return 1.5, f"an upset persona with something at stake ({what!r})"
        return -0.8, "no worries stated"
    if name == "financial_context":
        if sf.money:
            return 1.5, f"scenario states money facts: {'; '.join(sf.money[:2])}"
        m = _MONEY_WORDS.search(about)
        if m:
            return 1.2, f"scenario talks about money ({m.group(0)!r})"
        return -0.5, "no money facts stated"
    if name == "family_context":
        if sf.children is not None or sf.married is not None or [m for m in sf.family if m != "family"]:
            told = ", ".join(
                [*(f"{sf.children} children" for _ in [0] if sf.children is not None), *sf.family]
            )
            return 1.5, f"scenario states family facts: {told or 'marital status'}"
        return -0.8, "no family facts stated"
    if name == "time_constraints":
        if sf.deadlines:
            return 1.5, f"scenario states a deadline: {sf.deadlines[0]}"
        if re.search(
            r"\b(busy|minutes|rush|hurry|between (?:opd )?patients|short on time|schedule)\b", about, re.I
        ):
            return 0.0, ""
        return -0.8, "no deadline or time pressure stated"
    if name == "negotiation_position":
        if b.archetype == "NEGOTIATION":
            return 1.0, "the conversation is a negotiation over terms"
        m = _ASKS_TERMS.search(about)
        if m:
            return 1.2, f"the persona asks for terms ({m.group(1)!r})"
        return 0.0, ""
    if name == "communication_needs":
        # A barrier (a language they lack, reading, hearing, sight, confusion) needs the category;
        # the languages someone speaks well are a fact for the prompt, not a need.
        barrier = _BARRIER.search(about)
        if sf.not_fluent or barrier:
            needs = [f"not fluent in {x}" for x in sf.not_fluent] + ([barrier.group(0)] if barrier else [])
            return 2.5, f"scenario states language or communication needs: {', '.join(needs)}"
        if sf.languages:
            return -1.0, f"the persona speaks {', '.join(sf.languages)}: no barrier stated"
        return -3.0, "no language or communication need stated"
    incident = _INCIDENT.search(about) or _INCIDENT.search(b.text)
    if name == "incident_context" and incident:
        return 1.5, f"scenario describes an incident ({incident.group(0)!r})"
    if name == "case_context" and sf.domain == "hr" and incident:
        return -1.0, "a workplace incident is covered by the incident details"
    if name == "case_context":
        m = _CASE.search(about) or _CASE_REQUEST.search(about)
        return (
            (1.5, f"scenario is about a specific case ({m.group(1)!r})") if m else (-2.0, "no case at stake")
        )
    if name == "health_context":
        m = _HEALTH.search(about)
        if not m:
            return -2.0, "no health matter in the scenario"
        if re.search(r"\bpatient\b", sf.counterpart or "", re.I):
            return 1.5, f"the persona is the patient ({m.group(0)!r})"
        if sf.domain == "healthcare" and not b.profile.clinician:
            return 1.2, f"a health matter of the persona's own in a healthcare conversation ({m.group(0)!r})"
        if _health_now(about) is None:
            return -1.5, f"the health matter is a past event or an animal's ({m.group(0)!r}): background"
        return 0.5, "health matters in the scenario"
    if name == "research_behavior":
        m = _RESEARCH.search(about)
        return (1.2, f"scenario shows how the persona checks things ({m.group(0)!r})") if m else (0.0, "")
    if name == "professional_context":
        if sf.years_experience is not None:
            return 1.2, f"scenario states {sf.years_experience} years of experience"
        if sf.occupation:
            return 0.6, f"scenario states the occupation: {sf.occupation}"
    if name == "work_relationships":
        # The persona's own manager or colleague -- not the learner, who may be a manager too.
        m = _AT_WORK.search(about)
        if m:
            return 1.2, f"scenario mentions people at the persona's work ({m.group(0)!r})"
        return -0.5, "no one at the persona's work is mentioned"
    if name == "past_experiences":
        m = _PAST.search(about)
        return (1.2, f"scenario refers to the past ({m.group(0)!r})") if m else (-0.5, "no past event stated")
    if name == "customer_history" and sf.domain in {"service", "banking", "insurance"}:
        m = _PAST.search(about)
        if m:
            return 1.2, f"an existing {sf.domain.replace('_', ' ')} customer with a history ({m.group(0)!r})"
        return 0.5, f"an existing {sf.domain.replace('_', ' ')} customer"
    if name == "incident_context" and sf.domain != "hr":
        return -1.0, "no workplace incident; a case or complaint is covered by the case details"
    return 0.0, ""


def _plain_reasons(
    z: float,
    hits: tuple[str, ...],
    prior: float,
    label: str,
    why_role: str,
    why_fact: str,
    required: bool,
) -> list[str]:
    """Why a category was weighed as it was, in words a trainer reads (no scores, no keys).

    The numbers behind each reason stay in ``CategoryChoice`` (``score``, ``similarity``,
    ``prior``) and in the persona's ``generation_metadata["candidates"]``.
    """
    parts = []
    if why_fact:
        parts.append(f"{why_fact}, so it is needed" if required else why_fact)
    if hits:
        parts.append("the scenario mentions " + ", ".join(repr(h) for h in hits[:4]))
    if prior > 0:
        parts.append(f"usually matters in {label}")
    elif prior < 0:
        parts.append(f"rarely matters in {label}")
    if why_role:
        parts.append(why_role)
    if z >= 1.0:
        parts.append("close to what the scenario is about")
    elif z >= 0.3:
        parts.append("related to what the scenario is about")
    elif not parts:
        parts.append("the scenario says little about it directly")
    return parts


def select_categories(
    b: BasePersona,
    library: DetailCategoryLibrary,
    *,
    min_n: int = MIN_CATEGORIES,
    max_n: int = MAX_CATEGORIES,
) -> tuple[list[str], list[CategoryChoice]]:
    """Choose 3-8 categories for persona ``b``; return the names and every scored candidate.

    The score of a category is the z-scored embedding similarity between the scenario
    text and the category's description + relevance (e5 cosines sit in a narrow band,
    so only relative values carry information), plus cue words found in the scenario,
    the archetype's prior and a role adjustment (clinical categories need a clinician).
    Categories the scenario's stated facts need (see :func:`_required`) come first; the
    rest fill up to about five by score, and beyond five only clear-cut ones.
    """
    from synthpersona.embeddings import cached_passages, embed_query

    names = library.get_category_names()
    cats = library.get_all_categories()
    passages = [
        f"{c.description}. {c.when_relevant}. Fields: {', '.join(c.example_fields[:6])}".replace("_", " ")
        for c in cats.values()
    ]
    q = embed_query(b.text[:2000])
    sims = cached_passages(passages) @ q
    z = (sims - sims.mean()) / (sims.std() + 1e-6)
    spec = archetype_spec(b.archetype)
    priors, label = spec.category_priors, spec.label
    low = b.text.lower()
    choices: list[CategoryChoice] = []
    for i, name in enumerate(names):
        hits = tuple(
            k for k in library.keywords(name) if re.search(rf"(?<![a-z]){re.escape(k)}(?![a-z])", low)
        )
        kw = min(len(hits), 3) * 0.5
        prior = float(priors.get(name, 0.0))
        adj, why_role = _role_adjustment(name, b)
        fact_adj, why_fact = _fact_adjustment(name, b)
        dom_adj, why_dom = _domain_prior(name, b)
        if why_dom:
            why_role = f"{why_role}; {why_dom}" if why_role else why_dom
        must = _required(name, b)
        if must and adj > -2.0:  # a role veto (clinical categories need a clinician) still holds
            why_fact = must
        else:
            must = None
        score = float(z[i]) * 0.8 + kw + prior + adj + fact_adj + dom_adj
        parts = _plain_reasons(float(z[i]), hits, prior, label, why_role, why_fact, bool(must))
        choices.append(
            CategoryChoice(
                name, round(score, 3), round(float(sims[i]), 4), hits, prior, "; ".join(parts), bool(must)
            )
        )
    ranked = sorted(choices, key=lambda c: (not c.required, -c.score))
    chosen = [c.name for c in ranked if c.required][:max_n]
    for c in ranked:
        if len(chosen) >= max_n:
            break
        if c.name not in chosen and c.score >= (_THRESHOLD if len(chosen) < _TYPICAL else _HIGH):
            chosen.append(c.name)
    for c in ranked:
        if len(chosen) >= min_n:
            break
        if c.name not in chosen:
            chosen.append(c.name)
    return chosen, ranked
