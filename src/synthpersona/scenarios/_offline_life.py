"""Offline detail generators for personal life: family, health, money, lifestyle, worries, decisions.

Split from :mod:`._offline_details` (work-related categories) to keep modules small;
both read the shared :class:`~._base.Facts` so categories stay consistent.
"""

from __future__ import annotations

import random
from typing import Any

from ._banks import bank, pick
from ._base import BasePersona
from ._enforce import domain_bank
from ._offline_details_common import _d, _group, _schedule, inr


def family_context(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    f = b.facts
    kids = (
        ", ".join(
            f"{'daughter' if c['gender'] == 'Female' else 'son'} {c['name']} ({c['age']})" for c in f.children
        )
        or "None yet"
    )
    # a joint family with parents-in-law is a younger couple's household
    joint = rng.random() < (0.45 if b.tier != "Tier-1" else 0.3) and b.age < 55
    living = (
        "Joint family with parents-in-law"
        if joint and f.marital_status == "Married"
        else "Nuclear family"
        if f.marital_status == "Married"
        else "Lives with parents"
        if b.age < 32
        else "Lives alone"
    )
    living += f" in a {rng.choice(['2BHK', '2BHK', '3BHK', '1BHK'])} flat in {b.area['name']}"
    out: dict[str, Any] = {"marital_status": f.marital_status}
    if f.spouse:
        occupation = str(f.spouse["occupation"])
        occupation = occupation[:1].lower() + occupation[1:]  # only the sentence start: "an FMCG company"
        out["spouse_details"] = (  # no occupation: the scenario states one no reader could name
            f"{f.spouse['name']}, {f.spouse['age']}, {occupation}"
            f" (earns about {inr(f.spouse['income_month'])} a month)"
            if occupation
            else f"{f.spouse['name']}, {f.spouse['age']}"
        )
    out["children"] = kids
    if f.pregnancy_week is not None:
        out["pregnancy"] = (
            f"{f.pregnancy_week} weeks pregnant with {'a first' if f.first_pregnancy else 'a second'} child"
        )
    out["living_situation"] = living
    # Parents are living relatives only for a persona young enough to have them (under ~55).
    place = b.location.state or b.location.city
    out["extended_family"] = pick(
        rng,
        [
            f"Parents live in {place} and call daily",
            "Mother-in-law has strong views on hospitals and doctors",
            "A sister-in-law who is a nurse is the family's go-to for medical questions",
            "Elderly father lives with them and needs regular check-ups",
        ]
        if b.age < 55
        else [
            f"Younger siblings in {place} who call on festivals",
            "A sister-in-law who is a nurse is the family's go-to for medical questions",
        ],
    )
    if b.profile.id == "expectant_parent":
        who = (
            "Husband and mother-in-law weigh in, but the choice of doctor is personal"
            if joint
            else "Decided jointly with the husband; the mother's opinion carries weight"
        )
    elif f.marital_status == "Married":
        who = (
            "Spouse on big purchases; parents on anything to do with health or property"
            if b.age < 55
            else "Spouse on big purchases"
        )
    else:
        who = "Parents and an elder sibling" if b.age < 55 else "Close friends of many years"
    out["who_influences_decisions"] = who
    out["family_dynamics"] = pick(
        rng,
        [
            "Close-knit, with decisions discussed over dinner",
            "Supportive but opinionated; everyone has advice",
            "Busy dual-income household that plans everything on WhatsApp",
        ],
    )
    out["family_needs"] = (
        "A safe delivery and good newborn care"
        if f.pregnancy_week is not None
        else "Children's education and parents' health"
        if f.children and b.age < 55
        else "Health care and the grown children's settling down"
        if f.children
        else "Stability and savings"
    )
    out["family_pressures"] = pick(
        rng,
        [
            "Rising school fees" if min([c["age"] for c in f.children] or [0]) < 18 else "Medical bills",
            "An ageing parent's medical costs" if b.age < 55 else "Own medical costs",
            "Home-loan EMI",
            "Expectations to host relatives during festivals",
        ],
    )
    return out


def health_context(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    f = b.facts
    if f.pregnancy_week is not None:
        week = f.pregnancy_week
        tri = "first" if week < 13 else "second" if week < 28 else "third"
        cond = pick(
            rng,
            [
                "Mild gestational diabetes, controlled with diet",
                "Low haemoglobin (9.8 g/dL), on iron",
                "No complications so far",
                "Borderline high blood pressure at the last visit",
            ],
        )
        return {
            "current_health_status": f"{week} weeks pregnant ({tri} trimester), generally well",
            "medical_conditions": cond,
            "past_medical_history": "A miscarriage at 8 weeks two years ago"
            if f.first_pregnancy and rng.random() < 0.3
            else "No major illnesses"
            if f.first_pregnancy
            else "Previous normal delivery",
            "medications": "Folic acid, iron and calcium supplements"
            + (", metformin" if "diabetes" in cond else ""),
            "antenatal_care": f"Monthly check-ups at a clinic in {b.area['name']}; anomaly scan "
            "done at 20 weeks"
            if week >= 20
            else f"Monthly check-ups at a clinic in {b.area['name']}; anomaly scan due at 20 weeks",
            "due_in": f"About {max(1, (40 - week) // 4)} months ({40 - week} weeks)",
            "health_anxieties": "Whether a normal delivery will be possible"
            if f.first_pregnancy
            else "Whether a previous C-section limits the options",
            "specific_concerns": "NICU availability and who attends if the chosen doctor is away",
        }
    older = b.age >= 45
    cond = (
        pick(rng, ["Type 2 diabetes for 6 years", "Hypertension on medication", "Hypothyroidism"])
        if older
        else pick(rng, ["No chronic conditions", "Occasional migraines", "Mild asthma since childhood"])
    )
    return {
        "current_health_status": "Generally healthy" if not older else "Managing a chronic condition",
        "medical_conditions": cond,
        "past_medical_history": pick(
            rng, ["Appendix removed at 19", "Dengue two monsoons ago", "No hospitalisations"]
        ),
        "medications": "Daily tablets for " + cond.split(" for")[0].lower()
        if "No " not in cond
        else "None regular",
        "health_anxieties": pick(
            rng,
            [
                "Family history of heart disease",
                "Weight gain since working from home",
                "Not finding time for check-ups",
            ],
        ),
        "specific_concerns": pick(
            rng,
            [
                "Cost of tests not covered by insurance",
                "Side effects of long-term medicines",
                "Getting an appointment with a good specialist",
            ],
        ),
        "insurance": pick(
            rng, ["Employer group cover of ₹5 lakh", "Family floater of ₹10 lakh", "No health insurance"]
        ),
    }


def financial_context(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    f = b.facts
    hh = f.household_income_month
    level = (
        "High" if hh > 200_000 else "Upper-middle" if hh > 100_000 else "Middle" if hh > 40_000 else "Modest"
    )
    obligations = []
    if rng.random() < 0.6 and b.age >= 27:
        emi = round(hh * rng.uniform(0.15, 0.3), -3)
        obligations.append(f"Home-loan EMI of {inr(emi)} a month")
    pupils = [c for c in f.children if c["age"] < 22]  # grown children pay no school fees
    if pupils:
        obligations.append(f"School fees for {len(pupils)} child{'ren' if len(pupils) > 1 else ''}")
    if rng.random() < 0.4 and b.age < 55:
        obligations.append("Supports parents' medical expenses")
    out: dict[str, Any] = {
        "income_level": f"{level} - household income about {inr(hh)} a month",
        "current_obligations": "; ".join(obligations) or "No major loans",
    }
    if f.pregnancy_week is not None:
        budget = round(hh * rng.uniform(0.8, 1.6), -4)
        out["budget_constraints"] = (
            f"Hoping to keep the delivery within {inr(budget)} including the hospital stay"
        )
        out["insurance_coverage"] = pick(
            rng,
            [
                "Husband's employer cover with a maternity sub-limit of "
                f"{inr(rng.choice([50000, 75000, 100000]))}",
                "No maternity cover - the policy had a waiting period that has not ended",
                "Family floater that covers maternity up to ₹35,000",
            ],
        )
    elif b.profile.professional:
        out["budget_constraints"] = (
            f"Practice or team spend is watched closely; anything over {inr(hh * 0.1)} needs thought"
        )
    else:
        out["budget_constraints"] = (
            f"Keeps big purchases under {inr(hh * rng.uniform(1.5, 4))} unless it can be paid in EMIs"
        )
    out["financial_priorities"] = pick(
        rng,
        [
            "Children's education fund",
            "Paying off the home loan early",
            "Building an emergency fund",
            "Parents' healthcare" if b.age < 55 else "Own healthcare in old age",
        ],
    )
    out["decision_authority"] = (
        "Decides alone on spends within budget"
        if b.profile.professional
        else "Joint decision with spouse"
        if f.spouse
        else "Decides alone, consults parents"
        if b.age < 55
        else "Decides alone"
    )
    out["spending_philosophy"] = pick(
        rng,
        [
            "Value for money - will pay more only for visible quality",
            "Careful - compares three options before any big spend",
            "Willing to pay a premium for trust and convenience",
        ],
    )
    out["financial_pressures"] = pick(
        rng,
        [
            "Inflation in school and medical costs",
            "A recent job change in the family",
            "Saving for a bigger flat",
        ],
    )
    return out


def past_experiences(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    g = _group(b)
    bank_: dict[str, list[str]] = {
        "medical": [
            "Switched patients to a 'breakthrough' drug that caused side effects and had to switch back",
            "A new formulation worked well and patients still thank her for it",
        ],
        "expectant_parent": [
            "A cousin's delivery bill came to double the quoted package",
            "A friend had a smooth delivery at a small nursing home with a caring doctor",
        ],
        "employee": [
            "Raised a concern once before and was told it was a misunderstanding",
            "A previous manager handled a conflict well by listening first",
        ],
        "business": [
            "A distributor once disappeared with unpaid stock",
            "A supplier's scheme doubled sales one Diwali",
        ],
        "consumer": [
            # The scenario's own domain gives the bad experience (never another domain's).
            domain_bank(b.scenario_facts.bank_family(), b.text)["incident"],
            "A salesperson who was honest about a cheaper option earned a loyal customer",
        ],
    }
    items = bank_.get(g, bank_["consumer"])
    return {
        "similar_situations": "Has faced something like this "
        f"{rng.choice(['once', 'twice', 'a few times'])} before",
        "outcomes_from_past": pick(rng, items),
        "lessons_learned": pick(
            rng,
            [
                "Ask for everything in writing",
                "Trust people who admit what they don't know",
                "Never decide under pressure",
            ],
        ),
        "trust_issues_origin": items[0],
        "success_stories": items[1],
        "failure_stories": items[0],
        "what_makes_them_cautious": pick(
            rng,
            [
                "Over-confident promises",
                "Pressure to decide on the spot",
                "Anything that sounds too good to be true",
            ],
        ),
    }


def social_context(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    return {
        "peer_influence": pick(
            rng,
            [
                "Colleagues' opinions matter a lot",
                "Relies on a WhatsApp group of friends",
                "Looks at what respected seniors do",
            ],
        ),
        "social_aspirations": pick(
            rng,
            [
                "To be seen as successful and sensible",
                "A better life for the children",
                "Respect in the community",
            ],
        ),
        "status_concerns": pick(
            rng,
            [
                "Does not want to look cheap in front of relatives",
                "Cares about the brand people associate with the family",
                "Low - practical first",
            ],
        ),
        "community_expectations": pick(
            rng,
            [
                "Relatives expect to be consulted",
                "Neighbours compare notes on everything",
                "Community elders give unsolicited advice",
            ],
        ),
        "cultural_factors": b.location.local_customs
        or f"Shaped by {b.location.state or b.location.city} traditions",
        "social_circle": f"School friends from {b.location.city}, colleagues and the housing-society group",
        "what_others_think_matters": pick(rng, ["Quite a lot", "Somewhat", "Less than it used to"]),
    }


def lifestyle_context(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    metro = b.location.city in bank("people")["metros"]
    mode = pick(rng, _d()["travel_modes"]["metro" if metro else "other"])
    mins = rng.randint(25, 75) if metro else rng.randint(10, 35)
    stage = (
        "Expecting a baby"
        if b.facts.pregnancy_week is not None
        else "Parent of young children"
        if any(c["age"] < 12 for c in b.facts.children)
        else "Young professional"
        if b.age < 30
        else "Empty nester"
        if b.age > 55
        else "Settled family life"
    )
    return {
        "daily_routine": _schedule(b, rng),
        "commute_patterns": f"{mins} minutes each way by {mode} from {b.area['name']}",
        "hobbies": ", ".join(rng.sample(_d()["hobbies"], k=2)),
        "interests": pick(rng, ["Personal finance videos", "Health and fitness", "Cooking shows", "Cricket"]),
        "lifestyle_priorities": pick(
            rng, ["Time with family", "Convenience over cost", "Health and routine"]
        ),
        "life_stage": stage,
        "typical_activities": f"Weekend shopping around {b.area.get('landmarks', 'the local market')}",
    }


def anxiety_factors(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    g = _group(b)
    key = {
        "expectant_parent": "expectant_parent",
        "employee": "employee",
        "medical": "professional",
        "business": "professional",
    }.get(g, "patient" if b.profile.id == "patient" else "consumer")
    d = _d()["anxiety"][key]
    fears = rng.sample(d["fears"], k=min(3, len(d["fears"])))
    level = "High" if g in {"expectant_parent"} and b.facts.first_pregnancy else "Moderate"
    return {
        "main_fears": ", ".join(fears[:2]),
        "worst_case_scenarios": fears[-1][0].upper() + fears[-1][1:],
        "anxiety_level": level,
        "past_trauma": (
            "A relative's difficult delivery, heard about in detail"
            if g == "expectant_parent"
            else "None significant"
            if rng.random() < 0.5
            else "A bad experience that still stings"
        ),
        "what_keeps_them_up": f"Thinking about {fears[0]}",
        "coping_mechanisms": pick(rng, d["coping"]),
        "reassurance_needed": "Specific facts and a named person to call"
        if level == "High"
        else "Clear answers without jargon",
    }


def decision_criteria(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    g = _group(b)
    d = _d()["decision"]
    must = list(d["must"][g])
    given = b.definition.decision_criteria
    if isinstance(given, str):
        given = [given]
    if given:
        must = [*given, *[m for m in must if m not in given]][:4]
    order = list(must)
    rng.shuffle(order)
    return {
        "must_haves": must,
        "nice_to_haves": d["nice"][g],
        "deal_breakers": d["breakers"][g],
        "evaluation_factors": order[:3],
        "priority_order": " > ".join(order[:3]),
        "trade_offs_willing_to_make": pick(
            rng,
            [
                "Pay a little more for reliability",
                "Wait longer for the right option",
                "Accept fewer extras for a fair price",
            ],
        ),
        "decision_timeline": pick(
            rng,
            [
                "Will decide after thinking it over for a week",
                "Could decide today if convinced",
                "Needs to consult family first" if g != "medical" else "Will try in a few patients first",
            ],
        ),
    }


def research_behavior(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    prof = b.profile.clinician
    return {
        "information_sources": "PubMed abstracts, specialty-society guidelines, peers at CMEs"
        if prof
        else pick(
            rng,
            ["Google and YouTube reviews", "Parenting and health apps", "Friends and relatives on WhatsApp"],
        ),
        "research_methods": "Reads trial summaries and asks colleagues who have used it"
        if prof
        else "Compares options in a notes app and calls two or three providers",
        "due_diligence_level": pick(rng, ["High", "Moderate", "High for anything health-related"]),
        "who_they_consult": "Two senior colleagues and a pharmacologist friend"
        if prof
        else pick(
            rng, ["Spouse and an elder sister", "A friend who went through the same", "The family doctor"]
        ),
        "online_vs_offline": pick(
            rng,
            ["Mostly online, then confirms with people they trust", "Offline first - trusts word of mouth"],
        ),
        "depth_of_research": pick(
            rng,
            [
                "Already knows the basics and asks pointed questions",
                "Has read a lot but is confused by conflicting advice",
            ],
        ),
    }
