"""Offline detail generators: one function per built-in category, drawing from value banks.

Each generator reads the shared :class:`~._base.Facts` (experience, workplace, family,
income...) so categories agree with each other and with the base fields, and adds
category-specific draws from its own rng (so the order of generation does not matter).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

from ._banks import bank, pick
from ._base import BasePersona

__all__ = ["GENERATORS", "generic_details", "inr"]

Gen = Callable[[BasePersona, random.Random], dict[str, Any]]


def inr(amount: float) -> str:
    """Format rupees the Indian way: ₹1,25,000 and ₹3.2 lakh / ₹1.1 crore for large values."""
    amount = round(amount)
    if amount >= 10_000_000:
        return f"₹{amount / 10_000_000:.1f} crore"
    if amount >= 100_000:
        return f"₹{amount / 100_000:.1f} lakh".replace(".0 lakh", " lakh")
    s = str(amount)
    if len(s) <= 3:
        return f"₹{s}"
    head, tail = s[:-3], s[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return "₹" + ",".join([*groups, tail])


def _d() -> dict[str, Any]:
    return bank("details")


def _she(b: BasePersona) -> str:
    return b.pronoun


def _group(b: BasePersona) -> str:
    if b.profile.medical and b.profile.professional:
        return "medical"
    if b.profile.id == "expectant_parent":
        return "expectant_parent"
    if b.profile.id in {"corporate_employee", "corporate_manager", "hr_professional"}:
        return "employee"
    if b.profile.id == "business_owner":
        return "business"
    return "consumer"


def _schedule(b: BasePersona, _rng: random.Random | None = None) -> str:
    # One schedule per persona, whichever category asks: a private rng keeps them identical.
    rng = b.rng("schedule")
    p = b.profile
    if p.medical and p.professional:
        start = rng.choice([8, 9, 10])
        return (
            f"Ward rounds from {start - 1}:00, OPD {start}:00-{start + 4}:00, procedures or surgeries in the "
            f"afternoon, second OPD {start + 8}:00-{start + 10}:00"
        )
    if p.id in {"corporate_employee", "corporate_manager", "hr_professional", "sales_professional"}:
        start = rng.choice([9, 10])
        return (
            f"Logs in by {start}:30, back-to-back meetings until lunch, focused work after {start + 5}:00, "
            f"often online till {start + 10}:00"
        )
    if b.facts.children:
        return (
            "Up at 6:00 for the children's school run, household work through the morning, "
            "evenings on homework"
        )
    if b.facts.occupation and b.facts.occupation not in {"Homemaker", "Retired", "Full-time student"}:
        return "Office from 9:30 to 6:30 with a long commute either side; weekends for errands and family"
    return "Mornings for household work and appointments, afternoons resting, evenings with family"


# ---------------------------------------------------------------- categories


def professional_context(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    f, p = b.facts, b.profile
    if not p.professional:
        occ = f.occupation or "Homemaker"
        return {
            "occupation": occ,
            "organization_type": "Household" if occ == "Homemaker" else occ.split(" at ")[-1],
            "years_experience": max(0, b.age - 23) if occ not in {"Homemaker", "Full-time student"} else 0,
            "monthly_income": inr(f.income_month) if f.income_month else "No personal income",
            "work_pattern": _schedule(b, rng),
            "career_stage": "Early career" if b.age < 30 else "Mid career" if b.age < 45 else "Late career",
        }
    years = f.years_experience or 0
    out: dict[str, Any] = {
        "practice_type": f"{f.workplace_kind} - {f.workplace_name}",
        "organization_type": {
            "Medical facility": "Private healthcare",
            "Office": "Private company",
            "Store": "Own business",
            "School": "Private school",
        }.get(f.workplace_type, "Private"),
        "years_experience": years,
        "designation": f.seniority or b.role,
    }
    if p.medical:
        focus = _d()["medical_philosophy"]["specialty_focus"]
        topics = focus.get(f.specialty or "", focus["default"])
        opd = rng.randint(25, 45) if p.id != "nurse" else rng.randint(15, 30)
        out["specialization"] = (
            f"{f.specialty or 'General medicine'} with a special interest in {pick(rng, topics)}"
        )
        out["patient_load"] = f"{opd} OPD patients a day" + (
            f", {rng.randint(2, 5)} surgeries a week" if p.id == "medical_specialist" else ""
        )
        if f.beds:
            out["practice_size"] = f"{f.beds} beds" + (
                ", attached pharmacy and diagnostic lab" if f.beds < 40 else ""
            )
        out["reputation"] = (
            f"Well known in {b.area['name']}; gets referrals from {rng.randint(2, 6)} nearby clinics"
            if years >= 8
            else f"Building a name in {b.area['name']}; most patients come by word of mouth"
        )
        out["professional_network"] = (
            f"Member of the {b.location.city} chapter of the specialty society; "
            f"{rng.choice(['attends', 'sometimes speaks at'])} local CMEs"
        )
    else:
        team = rng.randint(4, 12) if p.id in {"corporate_manager", "hr_professional"} else 0
        out["specialization"] = b.role
        if team:
            out["team_size"] = f"Leads {team} people"
        out["client_load"] = (
            f"{rng.randint(8, 25)} active accounts"
            if p.id in {"sales_professional", "lawyer"}
            else f"Supports about {rng.randint(150, 900)} employees"
            if p.id == "hr_professional"
            else f"{rng.randint(2, 4)} parallel projects"
        )
        out["reputation"] = "Seen as dependable and thorough" if years >= 5 else "Seen as promising and eager"
    out["daily_routine"] = _schedule(b, rng)
    out["business_pressures"] = pick(
        rng,
        [
            f"Competition from a new corporate {'hospital' if p.medical else 'player'} nearby",
            "Rising costs and staff attrition",
            "Targets revised upward this quarter",
            "Pressure to keep fees affordable for regular clients",
        ],
    )
    out["monthly_income"] = inr(f.income_month)
    return out


def medical_philosophy(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    d = _d()["medical_philosophy"]
    years = b.facts.years_experience or 0
    # Experience makes doctors more conservative about new molecules; this shapes tolerance.
    risk = "Low - waits for data" if years >= 15 else "Moderate" if years >= 7 else "Moderate to high"
    focus = d["specialty_focus"].get(b.facts.specialty or "", d["specialty_focus"]["default"])
    current = b.definition.current_position
    out = {
        "treatment_approach": pick(rng, d["approach"]),
        "evidence_requirements": pick(rng, d["evidence"]),
        "prescription_philosophy": pick(rng, d["prescription"]),
        "patient_care_values": pick(rng, d["values"]),
        "risk_tolerance": risk,
        "innovation_vs_tradition": pick(rng, d["innovation"]),
        "common_conditions_treated": ", ".join(rng.sample(focus, k=min(3, len(focus)))),
    }
    if current:
        out["current_preference"] = f"{current}; satisfied enough not to switch without a clear reason"
    return out


def family_context(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    f = b.facts
    kids = (
        ", ".join(
            f"{'daughter' if c['gender'] == 'Female' else 'son'} {c['name']} ({c['age']})" for c in f.children
        )
        or "None yet"
    )
    joint = rng.random() < (0.45 if b.tier != "Tier-1" else 0.3)
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
        out["spouse_details"] = (
            f"{f.spouse['name']}, {f.spouse['age']}, {f.spouse['occupation'].lower()}"
            f" (earns about {inr(f.spouse['income_month'])} a month)"
        )
    out["children"] = kids
    if f.pregnancy_week is not None:
        out["pregnancy"] = (
            f"{f.pregnancy_week} weeks pregnant with {'a first' if f.first_pregnancy else 'a second'} child"
        )
    out["living_situation"] = living
    out["extended_family"] = pick(
        rng,
        [
            f"Parents live in {b.location.state} and call daily",
            "Mother-in-law has strong views on hospitals and doctors",
            "A sister-in-law who is a nurse is the family's go-to for medical questions",
            "Elderly father lives with them and needs regular check-ups",
        ],
    )
    if b.profile.id == "expectant_parent":
        who = (
            "Husband and mother-in-law weigh in, but the choice of doctor is personal"
            if joint
            else "Decided jointly with the husband; the mother's opinion carries weight"
        )
    elif f.marital_status == "Married":
        who = "Spouse on big purchases; parents on anything to do with health or property"
    else:
        who = "Parents and an elder sibling"
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
        if f.children
        else "Stability and savings"
    )
    out["family_pressures"] = pick(
        rng,
        [
            "Rising school fees",
            "An ageing parent's medical costs",
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
    if f.children:
        obligations.append(f"School fees for {len(f.children)} child{'ren' if len(f.children) > 1 else ''}")
    if rng.random() < 0.4:
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
            "Parents' healthcare",
        ],
    )
    out["decision_authority"] = (
        "Decides alone on spends within budget"
        if b.profile.professional
        else "Joint decision with spouse"
        if f.spouse
        else "Decides alone, consults parents"
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


def time_constraints(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    p = b.profile
    if p.medical and p.professional:
        pressure = pick(
            rng,
            [
                f"{rng.randint(8, 15)} patients still waiting outside",
                f"A surgery scheduled in {rng.choice(['an hour', '45 minutes', 'two hours'])}",
                "An emergency call from the labour room could come any moment",
            ],
        )
        available = f"{rng.choice([3, 5, 5, 7])} minutes between patients"
    elif p.professional:
        pressure = pick(
            rng,
            ["A leadership review later today", "A deadline this Friday", "Back-to-back calls all afternoon"],
        )
        available = f"{rng.choice([15, 20, 30])} minutes blocked on the calendar"
    else:
        pressure = pick(
            rng,
            [
                "Has to pick up a child from school at 3:30",
                "Lunch break is almost over",
                "Needs to decide this week",
                "A doctor's appointment later today",
            ],
        )
        available = f"About {rng.choice([10, 15, 20])} minutes for this conversation"
    return {
        "typical_day_schedule": _schedule(b, rng),
        "current_time_pressure": pressure,
        "available_time": available,
        "competing_priorities": pick(
            rng,
            [
                "Family commitments in the evening",
                "Paperwork and reports piling up",
                "A relative visiting this week",
                "Quarter-end targets",
            ],
        ),
        "urgency_factors": (
            "Delivery is " + f"{40 - (b.facts.pregnancy_week or 30)} weeks away"
            if b.facts.pregnancy_week is not None
            else pick(rng, ["Nothing forces a decision today", "Wants this sorted before month-end"])
        ),
        "time_sensitive_commitments": pick(
            rng,
            [
                "A CME talk on Saturday",
                "A family wedding next week",
                "Travelling to the native place for Diwali",
                "A review meeting Monday",
            ],
        ),
    }


def sales_rep_history(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    d = _d()["sales_rep_history"]
    if not b.profile.professional:
        visits = rng.randint(1, 3)
        return {
            "frequency_of_rep_visits": f"Has spoken to salespeople at {visits} other "
            f"place{'s' if visits > 1 else ''} "
            "for this decision",
            "past_interactions": "Remembers being rushed into an add-on that was not needed",
            "trust_level": "Guarded - assumes salespeople push what earns them more",
            "positive_experiences": "A salesperson once talked them out of an overpriced option",
            "negative_experiences": pick(
                rng, ["Hidden charges discovered at billing", "Promises not honoured after sale"]
            ),
            "time_given_to_reps": f"About {rng.choice([15, 20, 30])} minutes if the conversation "
            "stays useful",
            "decision_factors": ", ".join(
                rng.sample(["Price on road", "Honesty", "After-sales service", "Reviews from friends"], k=3)
            ),
            "skepticism_level": "Moderate",
        }
    years = b.facts.years_experience or 5
    per_week = rng.randint(8, 20) if b.profile.medical else rng.randint(2, 6)
    skepticism = "High" if years >= 12 else "Moderate"
    return {
        "frequency_of_rep_visits": f"{per_week} reps a week"
        + (" during OPD hours" if b.profile.medical else ""),
        "time_given_to_reps": f"{rng.choice([2, 3, 5])} minutes, longer only for new data",
        "past_interactions": f"Over {years} years of practice, has met reps from most major "
        "companies and remembers who was honest",
        "trust_level": "Low by default, earned through accurate information"
        if skepticism == "High"
        else "Neutral",
        "positive_experiences": pick(rng, d["positive"]),
        "negative_experiences": pick(rng, d["negative"]),
        "decision_factors": ", ".join(rng.sample(d["decision_factors"], k=3)),
        "skepticism_level": skepticism,
    }


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
            "Bought an extended warranty that turned out to be useless",
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
        "cultural_factors": b.location.local_customs or f"Shaped by {b.location.state} traditions",
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


def _colleagues(b: BasePersona, rng: random.Random, n: int) -> list[str]:
    regions = bank("people")["regions"]
    out = []
    for i in range(n):
        region = pick(rng, list(regions))
        g = rng.choice(["female", "male"])
        out.append(f"{pick(rng, regions[region][g])} {pick(rng, regions[region]['surnames'])}")
        _ = i
    return out


def work_relationships(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    mgr, peer, senior = _colleagues(b, rng, 3)
    team = rng.randint(6, 14)
    return {
        "team_dynamics": f"Team of {team}; tight deadlines, a few dominant voices in meetings",
        "manager_relationship": f"Reports to {mgr}; cordial but rarely discusses anything beyond "
        "deliverables",
        "peer_relationships": f"Close to {peer}, who has noticed what happens; distant from the senior group",
        "power_dynamics": f"{senior} is senior and well liked by leadership, which makes speaking up risky",
        "office_politics": pick(
            rng,
            [
                "Visibility with the client decides promotions",
                "An informal 'inner circle' forms around the manager",
            ],
        ),
        "collaboration_style": pick(
            rng,
            [
                "Prefers written follow-ups after calls",
                "Quietly thorough, speaks up rarely",
                "Collaborative, but withdraws when dismissed",
            ],
        ),
        "tenure_in_team": _years(rng.randint(1, max(1, min(6, (b.facts.years_experience or 2))))),
    }


def incident_context(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    # The scenario's own words describe the incident best; fall back to the bank.
    sentences = re.split(r"(?<=[.!?])\s+|\. ", b.text)
    cue = re.compile(
        r"\b(incident|remark|comment|joke|complain|bias|excluded|harass|said|mocked|happened|overlooked)",
        re.I,
    )
    own = next((s.strip() for s in sentences if cue.search(s) and len(s) > 30), None)
    kind = "dei" if _group(b) == "employee" or b.mentions("dei", "inclusion", "bias") else "service"
    d = _d()["incident"][kind]
    who = _colleagues(b, rng, 2)
    when = pick(rng, ["Last Tuesday", "Eight days ago", "During last week's review", "Yesterday afternoon"])
    return {
        "what_happened": own or pick(rng, d["what"]),
        "when_it_happened": f"{when}, in {pick(rng, d['where'])}",
        "who_was_involved": f"{who[0]} (the person responsible) and {b.name}",
        "witness_presence": f"{rng.randint(3, 9)} people present, including {who[1]}"
        if kind == "dei"
        else "No witness; only call records and messages",
        "immediate_impact": pick(
            rng,
            [
                "Felt humiliated and went quiet for the rest of the meeting",
                "Lost a full day of work and had to explain it at home",
            ],
        ),
        "ongoing_effects": pick(
            rng,
            [
                "Avoids speaking in that forum now",
                "Has started looking at other options",
                "Sleeping badly and replaying it",
            ],
        ),
        "actions_taken_so_far": pick(
            rng,
            [
                "Told a trusted colleague only",
                "Wrote it down the same evening",
                "Raised it informally once and nothing happened",
            ],
        ),
    }


def emotional_state(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    arch = b.archetype
    primary = {
        "CONFRONTATION": ["Hurt", "Anger held back", "Defensive", "Disappointed"],
        "HELP_SEEKING": ["Anxious", "Hopeful but uncertain", "Overwhelmed"],
        "PERSUASION": ["Guarded", "Mildly impatient", "Curious"],
        "NEGOTIATION": ["Determined", "Wary", "Calm"],
        "INVESTIGATION": ["Nervous", "Reserved", "Uneasy"],
    }[arch]
    emotion = b.definition.emotional_state or pick(rng, primary)
    return {
        "primary_emotion": emotion,
        "emotional_intensity": f"{rng.randint(6, 8) if arch == 'CONFRONTATION' else rng.randint(3, 6)}/10",
        "emotional_triggers": pick(
            rng,
            [
                "Being interrupted or talked over",
                "Being told they are overreacting",
                "Scripted, impersonal answers",
            ],
        ),
        "emotional_regulation": pick(
            rng,
            [
                "Stays composed but gets curt",
                "Voice shakes when pressed",
                "Goes quiet and gives short answers",
            ],
        ),
        "mood_affecting_factors": pick(rng, ["A long day", "Worry about what happens next", "Lack of sleep"]),
        "emotional_needs": pick(
            rng,
            [
                "To feel heard before anything else",
                "Respect and straight answers",
                "Reassurance that something will change",
            ],
        ),
        "signs_of_comfort": "Longer answers and sharing specifics when trust builds",
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
    prof = b.profile.medical and b.profile.professional
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
            rng, ["Mostly online, then confirms in person", "Offline first - trusts word of mouth"]
        ),
        "depth_of_research": pick(
            rng,
            [
                "Already knows the basics and asks pointed questions",
                "Has read a lot but is confused by conflicting advice",
            ],
        ),
    }


def organizational_context(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    d = _d()["org"]
    company = b.facts.company or pick(rng, bank("roles")["company_names"])
    size = rng.choice([800, 1500, 3200, 6500, 12000])
    return {
        "organization_name": company,
        "industry": b.domain.replace("_", " ").title()
        if b.domain not in {"general", "dei_training"}
        else pick(rng, ["IT services", "Financial services", "Consumer goods"]),
        "company_size": f"About {size:,} employees; this office in {b.location.city} has "
        f"{size // rng.randint(4, 8):,}",
        "organizational_culture": pick(rng, d["cultures"]),
        "relevant_policies": ", ".join(rng.sample(d["policies"], k=3)),
        "leadership_stance": pick(
            rng,
            [
                "Publicly committed to inclusion; middle managers vary",
                "Focused on growth numbers; people issues get attention only when escalated",
            ],
        ),
        "reporting_channels": "Manager, HR business partner, the Internal Committee and an anonymous hotline",
        "recent_initiatives": pick(rng, d["initiatives"]),
    }


def customer_history(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    years = rng.randint(1, 8)
    return {
        "customer_since": f"{years} year{'s' if years > 1 else ''}",
        "products_used": pick(
            rng,
            [
                "The basic plan, upgraded once",
                "Two products bought a year apart",
                "A premium plan for the family",
            ],
        ),
        "past_issues": pick(
            rng,
            [
                "A billing error that took three calls to fix",
                "None until now",
                "A delayed service visit last year",
            ],
        ),
        "service_interactions": f"Called support {rng.randint(1, 6)} times in the last year",
        "loyalty_level": pick(
            rng,
            [
                "Loyal but losing patience",
                "Neutral - would switch for a better deal",
                "Recommends the brand to friends",
            ],
        ),
        "alternatives_considered": pick(
            rng,
            [
                "Has a quote from a competitor",
                "Has not looked yet",
                "A friend keeps recommending another provider",
            ],
        ),
        "lifetime_value": f"About {inr(rng.randint(2, 40) * 5000)} spent so far",
    }


def negotiation_position(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    base = max(b.facts.income_month, 50000)
    target = round(base * rng.uniform(0.12, 0.25), -3)
    return {
        "opening_position": pick(
            rng, ["Asks for more than expected to leave room", "States a firm number up front"]
        ),
        "target_outcome": f"An improvement worth about {inr(target)} a month, or equivalent terms",
        "walk_away_point": f"Anything below {inr(target * 0.5)} a month with no other concession",
        "non_negotiables": pick(
            rng,
            [
                "Payment within 30 days",
                "No reduction in scope without a price change",
                "Flexibility to work from home two days a week",
            ],
        ),
        "flexible_points": pick(
            rng, ["Timeline of the change", "Mix of fixed and variable", "Length of the contract"]
        ),
        "best_alternative": pick(
            rng,
            ["A competing offer in hand", "Can stay with the current arrangement", "Another vendor is keen"],
        ),
        "leverage": pick(
            rng, ["Hard-to-replace expertise", "Volume of business", "Deadline pressure on the other side"]
        ),
    }


GENERATORS: dict[str, Gen] = {
    "professional_context": professional_context,
    "medical_philosophy": medical_philosophy,
    "family_context": family_context,
    "health_context": health_context,
    "financial_context": financial_context,
    "time_constraints": time_constraints,
    "sales_rep_history": sales_rep_history,
    "past_experiences": past_experiences,
    "social_context": social_context,
    "lifestyle_context": lifestyle_context,
    "anxiety_factors": anxiety_factors,
    "work_relationships": work_relationships,
    "incident_context": incident_context,
    "emotional_state": emotional_state,
    "decision_criteria": decision_criteria,
    "research_behavior": research_behavior,
    "organizational_context": organizational_context,
    "customer_history": customer_history,
    "negotiation_position": negotiation_position,
}


def generic_details(
    b: BasePersona, rng: random.Random, fields: list[str], description: str
) -> dict[str, Any]:
    """Fill a user category's example fields from the persona's facts and field-name cues.

    Used for categories the offline engine has no dedicated bank for; values are
    grounded in the base persona (location, income, experience) rather than invented
    free text, and ``generation_metadata`` marks the category as ``generic``.
    """
    out: dict[str, Any] = {}
    f = b.facts
    for name in fields:
        low = name.lower()
        if re.search(r"years|experience|tenure", low):
            out[name] = f.years_experience if f.years_experience is not None else max(0, b.age - 23)
        elif re.search(r"income|salary|budget|spend|cost|price|value", low):
            out[name] = f"About {inr(max(f.household_income_month, 30000) * rng.uniform(0.05, 0.3))} a month"
        elif re.search(r"location|city|area|place|where", low):
            out[name] = f"{b.area['name']}, {b.location.city}"
        elif re.search(r"level|intensity|priority|importance|score", low):
            out[name] = pick(rng, ["Low", "Moderate", "High"])
        elif re.search(r"when|date|since|frequency", low):
            out[name] = pick(rng, ["Weekly", "A few times a month", "Since about two years", "Recently"])
        elif re.search(r"who|person|people|family|contact", low):
            out[name] = f"{f.spouse['name']} (spouse)" if f.spouse else "Close friends and colleagues"
        elif re.search(r"type|kind|category", low):
            out[name] = f"Typical for a {b.role.lower()} in a {b.tier} city"
        else:
            label = name.replace("_", " ")
            out[name] = (
                f"{label.capitalize()} as it applies to {b.first_name} ({b.role.lower()}, "
                f"{b.location.city}): "
                f"{description.rstrip('.').lower()}"
            )
    return out


def _years(n: int) -> str:
    return f"{n} year" if n == 1 else f"{n} years"
