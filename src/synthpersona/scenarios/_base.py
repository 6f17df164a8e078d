"""Step 1 of generation: the base persona and the facts every category must agree with.

Everything drawn here (experience, workplace, income, family, pregnancy week...) is
decided once, so that the detail categories generated later, possibly in parallel,
stay consistent with each other and with the base fields.
"""

from __future__ import annotations

import random
import re
from typing import Any
from uuid import uuid4

from synthpersona.model import NO_SEGMENT, Persona, RolePlayPersonaFacts
from synthpersona.schema import CITIES, CITY_ALIASES, CITY_STATE, CITY_TIER, STATE_LANGUAGE

from ._archetypes import classify_archetype, parse_mode
from ._banks import RoleProfile, bank, match_role, pick, role_profiles
from ._base_words import characteristics, describe, where_now
from ._facts import ScenarioFacts
from ._models import PersonaLocation
from ._persona import BasePersona, Facts
from ._places import area_of, state_of, town_in_state
from ._templates import PersonaDefinition, ScenarioTemplate, scenario_text

__all__ = ["BasePersona", "Facts", "build_base_persona", "normalise_gender"]

# Imported late: _fact_rules needs Facts/_person_name from this module.

_TIER_FACTOR = {"Tier-1": 1.0, "Tier-2": 0.75, "Tier-3": 0.6}
_SPECIALTY_WORDS = {
    "gynaec": "Obstetrics & Gynaecology",
    "gynec": "Obstetrics & Gynaecology",
    "obstetric": "Obstetrics & Gynaecology",
    "cardio": "Cardiology",
    "dermat": "Dermatology",
    "pediatr": "Paediatrics",
    "paediatr": "Paediatrics",
    "oncolog": "Oncology",
    "endocrin": "Endocrinology",
    "diabet": "Diabetology",
    "neurolog": "Neurology",
    "orthop": "Orthopaedics",
    "psychiatr": "Psychiatry",
    "pulmon": "Pulmonology",
    "ophthalm": "Ophthalmology",
    "nephrol": "Nephrology",
    "gastro": "Gastroenterology",
    "urolog": "Urology",
    "surgeon": "General Surgery",
}


#: The genders a role-play persona can be given (CLI help, the web UI's pick-list, messages).
GENDERS: tuple[str, ...] = ("Female", "Male", "Non-binary")


def normalise_gender(value: str | None) -> str | None:
    """Map free text to one of :data:`GENDERS` (``None`` if empty or unknown)."""
    if value is None or not str(value).strip():
        return None
    v = str(value).strip().lower()
    if v in {"f", "female", "woman", "women", "girl", "lady", "she"}:
        return "Female"
    if v in {"m", "male", "man", "men", "boy", "gentleman", "he"}:
        return "Male"
    if v in {"non-binary", "nonbinary", "nb", "x", "they", "other"}:
        return "Non-binary"
    return None


def _infer_gender(text: str) -> str | None:
    low = f" {text.lower()} "
    fem = len(re.findall(r"\b(she|her|woman|mother|wife|pregnant|mrs|ms|lady|girl|daughter)\b", low))
    mal = len(re.findall(r"\b(he|his|him|man|father|husband|mr|gentleman|boy|son)\b", low))
    if fem > mal:
        return "Female"
    if mal > fem:
        return "Male"
    return None


def _find_city(*texts: str | None) -> str | None:
    for text in texts:
        if not text:
            continue
        low = text.lower()
        for city, _, _ in CITIES:
            if re.search(rf"\b{re.escape(city.lower())}\b", low):
                return city
        for alias, city in CITY_ALIASES.items():
            if re.search(rf"\b{re.escape(alias)}\b", low) and city in CITY_STATE:
                return city
    return None


def _region(city: str, state: str | None, rng: random.Random) -> str:
    people = bank("people")
    region = people["state_region"].get(state, "north")
    # Metros draw people from everywhere; names stay coherent within one community.
    if city in people["metros"] and rng.random() < 0.35:
        return str(pick(rng, [r for r in people["regions"] if r != region]))
    return str(region)


def _round(value: float, step: int = 5000) -> int:
    return int(max(step, round(value / step) * step))


def _income(rng: random.Random, band: tuple[int, int], years: int, tier: str) -> int:
    lo, hi = band
    frac = min(max(years, 0) / 25.0, 1.0)
    return _round((lo + (hi - lo) * frac) * _TIER_FACTOR.get(tier, 0.75) * rng.uniform(0.88, 1.12))


def _person_name(rng: random.Random, region: str, gender: str, surname: str | None = None) -> tuple[str, str]:
    names = bank("people")["regions"][region]
    pool = (
        names["female"]
        if gender == "Female"
        else names["male"]
        if gender == "Male"
        else names["female"] + names["male"]
    )
    return pick(rng, pool), surname or pick(rng, names["surnames"])


def _pregnancy_week(text: str, rng: random.Random) -> int:
    low = text.lower()
    m = re.search(r"(\d{1,2})\s*(?:weeks?|wks?)\s*(?:pregnant|along|of pregnancy|gestation)", low)
    if m and 4 <= int(m.group(1)) <= 41:
        return int(m.group(1))
    m = re.search(r"(\d)\s*months?\s*(?:pregnant|along|of pregnancy)", low)
    if m and 1 <= int(m.group(1)) <= 9:
        return int(m.group(1)) * 4 + 2
    m = re.search(r"(?:delivery|due|baby)\D{0,20}?in\s*(?:about\s*)?(\d{1,2})\s*weeks", low)
    if m and 1 <= int(m.group(1)) <= 36:
        return 40 - int(m.group(1))
    if "third trimester" in low:
        return rng.randint(28, 36)
    if "second trimester" in low:
        return rng.randint(14, 26)
    if "first trimester" in low:
        return rng.randint(7, 12)
    return rng.randint(14, 32)


def _occupation(rng: random.Random, age: int) -> dict[str, Any]:
    options = [o for o in bank("roles")["occupations"] if o["min_age"] <= age]
    if not options:  # too young for every listed career
        return {"title": "Works part-time while studying", "income": [8000, 20000]}
    return dict(pick(rng, options))


def _trade(low: str, rng: random.Random) -> str:
    """The trade in a business's name: the one the scenario states, else a neutral or drawn one."""
    drawn = str(pick(rng, bank("roles")["trades"]))  # drawn always, so later draws stay the same
    for cue, trade in bank("roles")["trade_words"].items():
        if re.search(rf"\b(?:{cue})", low):
            return str(trade)
    if re.search(r"\b(?:shop|store|business|firm|stall)\b", low):
        return "Enterprises"  # a business of a trade the list does not know: no trade is invented
    return drawn


def _facts(base: dict[str, Any], profile: RoleProfile, rng: random.Random, text: str) -> Facts:
    age, gender, tier, city = base["age"], base["gender"], base["tier"], base["city"]
    area, region, surname = base["area"], base["region"], base["surname"]
    roles = bank("roles")
    f = Facts()
    low = f"{base['role']} {text}".lower()
    if profile.professional:
        start = profile.career_start_age or 23
        f.years_experience = max(0, age - start - rng.randint(0, 2))
        f.seniority = profile.seniority_for(f.years_experience)
        if profile.id == "medical_specialist":
            f.specialty = next((v for k, v in _SPECIALTY_WORDS.items() if k in low), "Internal Medicine")
        workplace = dict(pick(rng, profile.workplaces)) if profile.workplaces else {}
        company = pick(rng, roles["company_names"])
        f.company = (
            company if profile.id not in {"medical_specialist", "general_physician", "lawyer"} else None
        )
        name_tpl = str(workplace.get("name", "{company}"))
        f.workplace_name = name_tpl.format(
            surname=surname,
            area=area["name"],
            city=city,
            brand=pick(rng, roles["hospital_brands"]),
            company=company,
            trade=_trade(low, rng),
        ).replace("{brand} Public School", "")
        if profile.id == "teacher":
            f.workplace_name = f"{pick(rng, roles['school_brands'])} School, {area['name']}"
        f.workplace_kind = workplace.get("kind")
        f.workplace_type = workplace.get("type", "Office")
        beds = workplace.get("beds", [0, 0])
        f.beds = rng.randint(int(beds[0]), int(beds[1])) if beds[1] else 0
        assert profile.income_month is not None
        f.income_month = _income(rng, profile.income_month, f.years_experience, tier)
        f.occupation = base["role"]
    elif profile.id == "student":
        f.occupation = "Full-time student"
        f.income_month = 0
    elif profile.id == "retired":
        f.occupation = "Retired"
        f.income_month = _round(rng.uniform(25000, 70000) * _TIER_FACTOR[tier], 1000)
    else:
        working = rng.random() < (0.6 if gender == "Female" else 0.95)
        if working:
            occ = _occupation(rng, age)
            f.occupation = occ["title"]
            f.income_month = _income(rng, tuple(occ["income"]), max(age - 24, 0), tier)
        else:
            f.occupation = "Homemaker"
    if profile.id == "expectant_parent":
        f.pregnancy_week = _pregnancy_week(text, rng)
        f.first_pregnancy = (
            bool(re.search(r"first[- ]time|first (?:baby|child|pregnancy)", low)) or rng.random() < 0.5
        )
    # Family: marriage odds rise with age; expectant parents are married.
    married_p = 0.2 if age < 25 else 0.6 if age < 30 else 0.85 if age < 60 else 0.75
    if profile.id == "expectant_parent" or rng.random() < married_p:
        f.marital_status = "Married"
        s_gender = "Male" if gender == "Female" else "Female"
        s_age = age + (rng.randint(1, 5) if s_gender == "Male" else -rng.randint(0, 4))
        s_first, _ = _person_name(rng, region, s_gender)
        if profile.clinician and rng.random() < 0.3:
            s_occ = {"title": "Doctor (anaesthetist) at a private hospital", "income": [180000, 500000]}
        elif s_age >= 62:
            s_occ = {"title": "Retired", "income": [20000, 60000]}
        else:
            s_occ = _occupation(rng, s_age)
        s_income = _income(rng, tuple(s_occ["income"]), max(s_age - 24, 0), tier)  # type: ignore[arg-type]
        f.spouse = {
            "name": f"{s_first} {surname}",
            "age": s_age,
            "occupation": s_occ["title"],
            "income_month": s_income,
        }
        n_kids = 0
        if profile.id != "expectant_parent" and age >= 27:
            n_kids = rng.choice([0, 1, 1, 2, 2]) if age < 60 else 2
        elif profile.id == "expectant_parent" and not f.first_pregnancy:
            n_kids = 1
        # born when the parent was 22 to 40: a 67-year-old's daughter is grown up, not 10
        youngest, eldest = max(2, age - 40), max(2, age - 22)
        for _ in range(n_kids):
            k_gender = rng.choice(["Female", "Male"])
            k_first, _ = _person_name(rng, region, k_gender)
            k_age = rng.randint(youngest, eldest) if profile.id != "expectant_parent" else rng.randint(3, 6)
            f.children.append({"name": k_first, "age": k_age, "gender": k_gender})
        f.children.sort(key=lambda c: -c["age"])
    elif age >= 60:
        f.marital_status = "Widowed"
    f.household_income_month = f.income_month + (f.spouse["income_month"] if f.spouse else 0)
    if re.search(r"\b(calls?|phone|telephon|helpline|whatsapp)\b", low):
        f.channel = "phone call"
    elif re.search(r"\b(chat|online|email|video call)\b", low):
        f.channel = "online chat"
    return f


def _role_and_profile(
    template: ScenarioTemplate, mode: str, d: PersonaDefinition, sf: ScenarioFacts, text: str
) -> tuple[str | None, PersonaDefinition, RoleProfile]:
    """Who the persona is: the role (the definition's, else the scenario's counterpart) and its profile.

    In learn mode without a character of its own, the learner is coached by a senior trainer.
    """
    own_def = f"{mode}_ai_bot" in template.persona_definitions
    domain = template.general_info.domain
    role = d.role or (sf.counterpart[0].upper() + sf.counterpart[1:] if sf.counterpart else None)
    coach = mode == "learn_mode" and not own_def
    if coach:
        # No learn-mode character given: the learner is coached by a senior practitioner.
        role = f"Senior trainer and coach for {domain.replace('_', ' ')} conversations"
        d = PersonaDefinition(
            role=role,
            description=f"An experienced coach who has trained hundreds of people on: "
            f"{template.general_info.title or domain.replace('_', ' ')}",
        )
    profile, _ = match_role(role, d.description, text if not role else None)
    if role and re.search(r"\b(retired|retd|pensioner)\b", role, re.I):
        profile = next(p for p in role_profiles() if p.id == "retired")
    profile = profile_in_domain(profile, role, sf.domain)
    if coach:
        profile = next(p for p in role_profiles() if p.id == "corporate_manager")
    return role, d, profile


def _gender(
    gender: str | None,
    sf: ScenarioFacts,
    d: PersonaDefinition,
    role: str | None,
    profile: RoleProfile,
    rng: random.Random,
) -> str:
    """The persona's gender: the request's, the scenario's facts, the draft's, the text's, else drawn."""
    g = (
        normalise_gender(gender)
        or sf.gender  # the scenario's facts (possibly corrected by the trainer) before the draft's fields
        or normalise_gender(d.gender)
        or _infer_gender(f"{role or ''} {d.description or ''}")
    )
    if g is None:
        g = "Female" if profile.id == "expectant_parent" else rng.choice(["Female", "Male"])
    if gender is not None and str(gender).strip() and normalise_gender(gender) is None:
        from synthpersona.errors import InputError

        raise InputError(f"unknown gender {gender!r}; use {', '.join(GENDERS[:-1])} or {GENDERS[-1]}")
    return g


def _home(
    sf: ScenarioFacts, d: PersonaDefinition, text: str, rng: random.Random
) -> tuple[str, str | None, str, dict[str, Any], str]:
    """City, state, tier, neighbourhood and name region: the stated town stays, its state is not guessed."""
    # The stated town wins (a town off the city list too); else the template's location, else the
    # text's first town that is not a relative's or a destination.
    if sf.city:
        city: str | None = _find_city(sf.city) or sf.city
    else:
        from ._facts_where import city_of

        city = _find_city(d.location) or city_of(text)
    if city is None:
        # Only a state is named ("a weaver in rural Odisha"): a town of that state, never a metro elsewhere.
        from ._facts_where import state_named

        named = state_named(text)
        city = town_in_state(rng, named) if named else None
    if city is None:
        city = pick(rng, ["Mumbai", "Delhi", "Bengaluru", "Pune", "Hyderabad", "Chennai"])
    state = state_of(city)
    tier = CITY_TIER.get(city, "Tier-2" if state else "Tier-3")
    area = area_of(rng, city, d.location, d.current_situation, text)
    region = _region(city, state, rng)
    return city, state, tier, area, region


def _age(sf: ScenarioFacts, d: PersonaDefinition, profile: RoleProfile, rng: random.Random) -> int:
    """The stated age, else one drawn from the profile's range that fits a career and stated experience."""
    lo, hi = profile.age_range
    given_age = sf.age if sf.age is not None else d.age
    age = given_age if given_age is not None else rng.randint(lo, hi)
    if (
        profile.professional
        and profile.career_start_age
        and age < profile.career_start_age + 1
        and given_age is None
    ):
        age = profile.career_start_age + rng.randint(2, 8)
    if given_age is None and sf.years_experience is not None:
        age = max(age, (profile.career_start_age or 22) + sf.years_experience + rng.randint(0, 3))
    oldest = max((c["age"] for c in stated_children(sf.about) if c["age"] is not None), default=None)
    if given_age is None and oldest is not None and age < oldest + 21:
        # a stated child's age bounds the parent's (born when the parent was 21 to 30, as drawn
        # children are): a mother of a 14-year-old is not 29
        age = oldest + rng.randint(21, 30)
    return age


def _names(
    d: PersonaDefinition, profile: RoleProfile, region: str, g: str, rng: random.Random
) -> tuple[str, str, str]:
    """Full name (with a professional title when drawn), first name and surname."""
    if d.name:
        name = d.name.strip()
        parts = re.sub(
            r"^(?:(?:dr|adv|mr|mrs|ms|prof|shri|sri|smt|kumari|capt|col|colonel)\.?(?:\s+\(retd\.?\))?\s+)+",
            "",
            name,
            flags=re.I,
        ).split()
        first, surname = parts[0], (parts[-1] if len(parts) > 1 else _person_name(rng, region, g)[1])
        return name, first, surname
    first, surname = _person_name(rng, region, g)
    name = f"{first} {surname}"
    if profile.title and profile.professional:
        name = f"{profile.title} {name}"
    return name, first, surname


def _archetype(template: ScenarioTemplate, text: str) -> tuple[str, float, str]:
    """The template's archetype when it has one, else the one classified from the text."""
    if template.archetype_classification is not None:
        c = template.archetype_classification
        return c.primary_archetype, c.confidence_score, "template"
    result = classify_archetype(text)
    return result.primary_archetype, result.confidence_score, "classified"


def _location(
    base: dict[str, Any],
    state: str | None,
    facts: Facts,
    profile: RoleProfile,
    d: PersonaDefinition,
    sf: ScenarioFacts,
) -> PersonaLocation:
    """Where the persona lives and where they are now, for the stated channel and place."""
    city, area, tier = base["city"], base["area"], base["tier"]
    physical, loc_type = where_now(base, facts, profile, d)
    if (
        not d.current_situation
        and sf.channel is not None
        and (sf.channel != "in_person" or not profile.professional or "phone" in physical)
    ):
        physical, loc_type = situated(sf, base, facts, profile)
    place = bank("places")["cities"].get(city, {})
    return PersonaLocation(
        state=state,
        city=city,
        region=area.get("region"),
        specific_area=area["name"] if area["known"] else None,
        pincode=area.get("pincode"),
        current_physical_location=physical,
        location_type=loc_type,
        location_characteristics=characteristics(facts, profile, area),
        neighborhood_type=area.get("type"),
        nearby_landmarks=area.get("landmarks"),
        accessibility=area.get("access"),
        regional_culture=place.get("culture", f"{tier} city culture of {state or city}"),
        languages_spoken=spoken_languages(sf, STATE_LANGUAGE.get(state or "", "Hindi")),
        local_customs=place.get("customs"),
    )


def build_base_persona(
    template: ScenarioTemplate,
    mode: str,
    gender: str | None,
    custom_prompt: str | None,
    seed: int,
    scenario_facts: ScenarioFacts | None = None,
) -> BasePersona:
    """Build the base persona of ``template`` in ``mode`` with all shared facts drawn from ``seed``.

    ``scenario_facts`` (what the scenario states about the persona) are fixed inputs: age,
    gender, city, family, channel, languages and experience are taken from them. The steps,
    in the order they draw from the seed: role and profile, gender, home, age, name, the
    shared facts (then the scenario's facts over them), archetype, location and description.
    """
    sf = scenario_facts or ScenarioFacts()
    mode = parse_mode(mode)
    rng = random.Random(f"{seed}:base")
    text = scenario_text(template, mode, custom_prompt)
    domain = template.general_info.domain
    role, d, profile = _role_and_profile(template, mode, template.definition_for(mode), sf, text)
    g = _gender(gender, sf, d, role, profile, rng)
    city, state, tier, area, region = _home(sf, d, text, rng)
    age = _age(sf, d, profile, rng)
    name, first, surname = _names(d, profile, region, g, rng)
    role = role or profile.id.replace("_", " ").title()
    base = {
        "age": age,
        "gender": g,
        "tier": tier,
        "city": city,
        "area": area,
        "region": region,
        "surname": surname,
        "role": role,
        "possessive": {"Female": "her", "Male": "his"}.get(g, "their"),
    }
    facts = _facts(base, profile, rng, text)
    apply_scenario_facts(facts, sf, base, profile, random.Random(f"{seed}:facts"))
    archetype, confidence, source = _archetype(template, text)
    location = _location(base, state, facts, profile, d, sf)
    description = d.description or describe(name, age, role, facts, profile, area, city, g)
    persona = Persona(
        persona_id=str(uuid4()),
        segment_id=NO_SEGMENT,
        name=name,
        title=role,
        narrative=description,
        attributes={"age": age, "gender": g},
        facts=RolePlayPersonaFacts(
            template_id=template.template_id,
            persona_type=d.role or role,
            mode=mode,
            scenario_type=domain,
            location=location.model_dump(),
            archetype=archetype,
            archetype_confidence=float(confidence),
        ),
    )
    return BasePersona(
        persona=persona,
        first_name=first,
        surname=surname,
        archetype_source=source,
        profile=profile,
        region=region,
        tier=tier,
        area=area,
        facts=facts,
        text=text,
        domain=domain,
        definition=d,
        seed=seed,
        scenario_facts=sf,
    )


from ._fact_rules import (  # noqa: E402
    apply_scenario_facts,
    profile_in_domain,
    situated,
    spoken_languages,
    stated_children,
)
