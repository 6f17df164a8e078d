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
from ._enforce import NEW_GENERATORS
from ._offline_details_common import _d, _group, _schedule, inr
from ._offline_life import (
    anxiety_factors,
    decision_criteria,
    family_context,
    financial_context,
    health_context,
    lifestyle_context,
    past_experiences,
    research_behavior,
    social_context,
)
from ._places import place_phrase

__all__ = ["GENERATORS", "generic_details", "inr"]

Gen = Callable[[BasePersona, random.Random], dict[str, Any]]


# ---------------------------------------------------------------- categories


def professional_context(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    f, p = b.facts, b.profile
    if not p.professional:
        occ = f.occupation
        # None: the scenario states work no reader could name; the persona names none of its own.
        work: dict[str, Any] = (
            {
                "occupation": occ,
                # the organisation an occupation names ("Pharmacist at a hospital"); "Grocery store
                # owner" names none, and "The setting is grocery store owner" says nothing true
                **(
                    {"organization_type": "Household" if occ == "Homemaker" else occ.split(" at ")[-1]}
                    if occ == "Homemaker" or " at " in occ
                    else {}
                ),
                "years_experience": 0 if occ in {"Homemaker", "Full-time student"} else max(0, b.age - 23),
            }
            if occ
            else {}
        )
        return {
            **work,
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
    if p.clinician:
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
        if p.medical:  # a nurse or pharmacist: their ward or counter, not an OPD or accounts
            out["workload"] = (
                f"Looks after {rng.randint(6, 12)} beds a shift"
                if p.id == "nurse"
                else f"Serves about {rng.randint(80, 250)} customers a day"
            )
        else:
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
            f"Competition from a new corporate {'hospital' if p.clinician else 'player'} nearby",
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


def time_constraints(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    p = b.profile
    if p.clinician:
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
    per_week = rng.randint(8, 20) if b.profile.clinician else rng.randint(2, 6)
    skepticism = "High" if years >= 12 else "Moderate"
    return {
        "frequency_of_rep_visits": f"{per_week} reps a week"
        + (" during OPD hours" if b.profile.clinician else ""),
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
    **NEW_GENERATORS,
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
            out[name] = place_phrase(b.area, b.location.city)
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
