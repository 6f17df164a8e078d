"""Domain-aware details that agree with the scenario's facts.

Every category's details (offline or from an LLM) pass through :func:`enforce_details`:
stated emotions, deadlines, worries, money, experience and family replace drawn
values, and fields whose bank belongs to another domain (criteria, objections,
incidents, negotiation terms) are redrawn from the scenario's domain bank
(``data/domains.yaml``). Two categories new domains need, ``case_context`` and
``communication_needs``, are generated here from the facts.
"""

from __future__ import annotations

import random
import re
from typing import Any

from ._banks import bank, fit_bank, home_topics, pick
from ._base import BasePersona
from ._consistency import leaks, off_channel
from ._fact_rules import stated_relative_ages
from ._facts import ScenarioFacts
from ._facts_family import job_of

__all__ = ["NEW_GENERATORS", "archetype_objections", "domain_bank", "enforce_details"]

_CONCERN = re.compile(
    r"\b(rejected|locked out|down for|cancelled|canceled|dented|charged|stuck|missed|lost|failed|"
    r"suspicious|cheated|refuses|belittled|comments about|not been credited|four times|been cut|cut off|"
    r"disconnected|outage|on hold|withheld|overcharged|no (?:power|electricity|water|supply|network))\b",
    re.I,
)


def domain_bank(domain: str, scenario: str | None = None) -> dict[str, Any]:
    """The value bank of a domain family (``general`` when unknown), fitted to ``scenario`` when given.

    Fitted: values naming a matter the scenario does not name (a health policy for a car
    policy, a family for a single borrower) are left out (``_banks.fit_bank``).
    """
    banks: dict[str, Any] = bank("domains")["domains"]
    raw = dict(banks.get(domain) or banks["general"])
    return raw if scenario is None else dict(fit_bank(raw, scenario, banks["general"], home_topics(domain)))


def _native_dei(b: BasePersona) -> bool:
    # The seed's DEI scenarios keep their own banks (colleague, Internal Committee, apology).
    return b.scenario_facts.bank_family() == "hr" and (
        b.domain == "dei_training" or b.mentions("bias", "dei", "inclusion", "harass", "posh", "remark")
    )


def _native_health(b: BasePersona) -> bool:
    return b.scenario_facts.bank_family() == "healthcare" or b.profile.medical


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _scenario_sentence(b: BasePersona) -> str | None:
    about = b.scenario_facts.about or b.text
    for s in re.split(r"(?<=[.!?])\s+", about):
        if _CONCERN.search(s) and len(s) > 25:
            return s.strip().rstrip(".")
    return None


def archetype_objections(b: BasePersona) -> list[str]:
    """Objections the persona may raise: the scenario's domain, never another's."""
    if b.scenario_facts.objections:
        return list(b.scenario_facts.objections)
    if _native_health(b) and b.profile.professional:
        return [
            "What evidence do you have that this works better?",
            "What will it cost my patients per month?",
            "I am happy with what I use now - why change?",
            "I have heard similar promises before.",
        ]
    return list(domain_bank(b.scenario_facts.bank_family(), b.text)["objections"])


def _emotion_words(sf: ScenarioFacts) -> str:
    words = [e if e != "denial" else "in denial" for e in sf.emotions]
    return _cap(" and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words))


def _family(d: dict[str, Any], b: BasePersona) -> None:
    f, sf = b.facts, b.scenario_facts
    low = sf.about.lower()
    if "children" in d:
        d["children"] = (
            ", ".join(
                f"{'daughter' if c['gender'] == 'Female' else 'son'} {c['name']} ({c['age']})"
                for c in f.children
            )
            or "None yet"
        )
    if f.marital_status != "Married":
        d.pop("spouse_details", None)
        d["marital_status"] = f.marital_status
    living = None
    if "lives alone" in low:
        living = "Lives alone"
    elif "in-laws" in sf.family and "lives with" in low:
        living = "Lives with the in-laws"
    elif f.marital_status != "Married" and "living_situation" in d and "Joint" in str(d["living_situation"]):
        living = "Lives with the children" if f.children else "Lives alone"
    if living:
        d["living_situation"] = f"{living} in {b.area['name']}"
    if sf.family:
        told = [m for m in sf.family if m not in {"family", "baby", "children", "kids"}]
        ages = stated_relative_ages(sf.about)
        # one reader of the stated jobs ("husband: bank cashier", also as corrected: "husband:cashier")
        jobs = {m: job for m in told if (job := job_of(sf.family_jobs, m))}
        if told:
            d["extended_family"] = "Family the scenario mentions: " + ", ".join(
                f"{m} ({', '.join([*map(str, ages.get(m, [])), *([jobs[m]] if m in jobs else [])])})"
                if m in ages or m in jobs
                else m
                for m in told
            )
    elif "lives with them" in str(d.get("extended_family", "")) and "Joint" in str(
        d.get("living_situation", "")
    ):
        d["extended_family"] = str(d["extended_family"]).replace("lives with them", "lives nearby")
    if not _native_health(b) and "hospital" in str(d.get("extended_family", "")):
        d["extended_family"] = "Relatives nearby who are consulted on big decisions"


def _time(d: dict[str, Any], b: BasePersona) -> None:
    sf = b.scenario_facts
    if sf.deadlines:
        deadline = _cap(sf.deadlines[0])
        d["current_time_pressure"] = deadline
        d["urgency_factors"] = f"It must be sorted: {sf.deadlines[0]}"
        d["time_sensitive_commitments"] = "Nothing else matters until this is sorted"
        d["competing_priorities"] = re.sub(
            r"Quarter-end targets",
            "Everything else on the to-do list",
            str(d.get("competing_priorities", "")),
        )
    if not _native_health(b):
        for key in ("time_sensitive_commitments", "current_time_pressure", "available_time"):
            if re.search(r"\bCME\b|patients|surgery|labour room", str(d.get(key, ""))):
                d[key] = (
                    "A family function next week" if key == "time_sensitive_commitments" else "A busy week"
                )


def _money(d: dict[str, Any], b: BasePersona) -> None:
    sf = b.scenario_facts
    if not sf.money:
        return
    d["money_facts"] = list(sf.money)
    budget = next((m for m in sf.money if re.search(r"budget|at most|afford|can pay", m, re.I)), None)
    if budget:
        d["budget_constraints"] = _cap(budget)


def _decision(d: dict[str, Any], b: BasePersona) -> None:
    if _native_health(b) or _native_dei(b) or b.definition.decision_criteria:
        return
    bank_ = domain_bank(b.scenario_facts.bank_family(), b.text)["decision"]
    rng = b.rng("decision_domain")
    must = list(bank_["must"])
    order = list(must)
    rng.shuffle(order)
    d.update(
        must_haves=must,
        nice_to_haves=list(bank_["nice"]),
        deal_breakers=list(bank_["breakers"]),
        evaluation_factors=order[:3],
        priority_order=" > ".join(order[:3]),
    )
    if "decision_timeline" in d and b.facts.spouse is None and "family" in str(d["decision_timeline"]):
        d["decision_timeline"] = "Will decide after thinking it over"


def _incident(d: dict[str, Any], b: BasePersona) -> None:
    if _native_dei(b):
        return
    sf = b.scenario_facts
    d["what_happened"] = _scenario_sentence(b) or domain_bank(sf.bank_family(), b.text)["incident"]
    d["who_was_involved"] = f"{b.name} and the {sf.learner or 'organisation'}'s side"
    d["witness_presence"] = "No witness; only records, letters and messages"
    d["when_it_happened"] = "Recently; it is still unresolved"
    if d.get("immediate_impact", "").startswith("Felt humiliated"):
        d["immediate_impact"] = "Lost time and money, and had to explain it at home"


def _negotiation(d: dict[str, Any], b: BasePersona) -> None:
    sf = b.scenario_facts
    nb = domain_bank(sf.bank_family(), b.text)["negotiation"]
    rng = b.rng("negotiation_domain")
    d["non_negotiables"] = pick(rng, nb["non_negotiables"])
    d["leverage"] = pick(rng, nb["leverage"])
    d["best_alternative"] = pick(rng, nb["alternatives"])
    if sf.goals:
        d["target_outcome"] = _cap(sf.goals[0])
    if sf.domain != "hr" and "a month" in str(d.get("walk_away_point", "")):
        d["walk_away_point"] = "Walks away if nothing concrete is offered today"


def _work(d: dict[str, Any], b: BasePersona) -> None:
    if _native_dei(b):
        return
    rng = b.rng("work_domain")
    d["peer_relationships"] = pick(
        rng, ["Gets on well with most of the team", "Keeps to a small circle at work"]
    )
    d["power_dynamics"] = "The manager sets priorities and expects quick results"
    rel = b.scenario_facts.relationships
    if rel:
        d["manager_relationship"] = rel[0].rstrip(".")


def _customer(d: dict[str, Any], b: BasePersona) -> None:
    cb = domain_bank(b.scenario_facts.bank_family(), b.text)["customer"]
    rng = b.rng("customer_domain")
    d["products_used"] = pick(rng, cb["products"])
    d["past_issues"] = pick(rng, cb["issues"])
    if re.search(r"\b(twice|three times|third|again|already)\b", b.scenario_facts.about, re.I):
        d["service_interactions"] = "Has already contacted them about this before"


def _emotion(d: dict[str, Any], b: BasePersona) -> None:
    sf = b.scenario_facts
    if sf.emotions:
        d["primary_emotion"] = _emotion_words(sf)
        if sf.agitated():
            d["emotional_intensity"] = f"{b.rng('intensity').randint(7, 9)}/10"


def _anxiety(d: dict[str, Any], b: BasePersona) -> None:
    sf = b.scenario_facts
    if sf.worries:
        d["main_fears"] = "; ".join(sf.worries[:2])
        d["what_keeps_them_up"] = f"Thinking that {sf.worries[0]}"
        d["worst_case_scenarios"] = _cap(sf.worries[-1])
        d["anxiety_level"] = "High"


def _professional(d: dict[str, Any], b: BasePersona) -> None:
    sf = b.scenario_facts
    if sf.years_experience is not None and "years_experience" in d:
        d["years_experience"] = sf.years_experience
    if sf.occupation and not b.profile.professional:
        d["occupation"] = sf.occupation


def _org(d: dict[str, Any], b: BasePersona) -> None:
    if _native_dei(b):
        return
    d["relevant_policies"] = "Code of conduct, annual appraisal cycle, leave and flexible-hours policy"
    d["leadership_stance"] = "Focused on results; people issues get attention when raised clearly"
    d["reporting_channels"] = "The manager and the HR business partner"
    d["recent_initiatives"] = "A new hybrid-work policy that changed team routines"


def _reps(d: dict[str, Any], b: BasePersona) -> None:
    if _native_health(b):
        return
    d["positive_experiences"] = "A salesperson who answered questions honestly and followed up as promised"
    d["negative_experiences"] = "Being pushed into an add-on that was not needed"
    d["decision_factors"] = "Honest answers, a fair price and reliable follow-up"
    d.pop("frequency_of_rep_visits", None)


_ENFORCERS = {
    "organizational_context": _org,
    "sales_rep_history": _reps,
    "family_context": _family,
    "time_constraints": _time,
    "financial_context": _money,
    "decision_criteria": _decision,
    "incident_context": _incident,
    "negotiation_position": _negotiation,
    "work_relationships": _work,
    "customer_history": _customer,
    "emotional_state": _emotion,
    "anxiety_factors": _anxiety,
    "professional_context": _professional,
}


def _foreign(value: Any, b: BasePersona) -> bool:
    sf = b.scenario_facts
    return bool(leaks(str(value), sf.domain, b.text))


def _drop_foreign(details: dict[str, Any], b: BasePersona) -> None:
    """Remove every drawn value that belongs to another domain than the scenario's.

    The last guard behind the domain banks: whatever category or bank a value came from
    (an LLM's answer too), a persona never states another domain's fact the scenario does
    not support. List items are dropped; a text field falls back to the domain's own
    incident (for past events) or is removed.
    """
    for key, value in list(details.items()):
        if isinstance(value, list):
            kept = [v for v in value if not _foreign(v, b)]
            if len(kept) != len(value):
                details[key] = kept
        elif isinstance(value, dict):
            _drop_foreign(value, b)
        elif isinstance(value, str) and _foreign(value, b):
            if re.search(r"past|incident|outcome|history|experience", key):
                details[key] = domain_bank(b.scenario_facts.bank_family(), b.text)["incident"]
            else:
                del details[key]


# What a family field says when the drawn value named a relative the scenario does not have.
_FAMILY_FALLBACK = {
    "living_situation": "Lives with {named}",
    "who_influences_decisions": "Talks big decisions over with {named}",
    "extended_family": "Family the scenario mentions: {named}",
    "family_pressures": "Keeping {named} provided for",
    "family_needs": "What {named} need",
    "family_dynamics": "Close to {named}",
}


def _away_from_home(living: str, b: BasePersona) -> str:
    """``living`` without the relatives the scenario places in another town ("her mother in Almora").

    Examples
    --------
    >>> _away_from_home("Lives with her husband and mother in a 1BHK flat", b)  # doctest: +SKIP
    'Lives with her husband in a 1BHK flat; her mother lives in another town'
    """
    from ._facts_where import away_relatives

    sf = b.scenario_facts
    # "mother" is not "mother-in-law": an in-law at home is a different person
    away = [w for w in away_relatives(sf.about, sf.city) if re.search(rf"\b{w}s?\b(?!-in-law)", living)]
    m = re.match(r"(Lives with )(.*?)( in an? .*)?$", living)
    if not away or not m:
        return living
    # every item may carry its own possessive ("her husband and her mother")
    who = [re.sub(r"^(?:his|her|their)\s+", "", w) for w in re.split(r",\s*|\s+and\s+", m.group(2)) if w]
    home = [w for w in who if w.rstrip("s") not in away and w not in away]
    where = m.group(3) or ""
    head = f"Lives with {b.possessive} {' and '.join(home)}{where}" if home else f"Lives{where or ' at home'}"
    tail = " and ".join(away)
    return f"{head}; {b.possessive} {tail} {'lives' if len(away) == 1 else 'live'} in another town"


def _drop_unnamed_relatives(details: dict[str, Any], b: BasePersona, category: str) -> None:
    """Replace drawn values that name a relative the scenario does not, once it names relatives.

    A drawn "joint family with parents-in-law" or "an elderly father who lives with them" is a
    fact the scenario does not give when it says who the persona's family is.
    """
    from ._trace import unnamed_relatives

    sf = b.scenario_facts
    told = [m for m in sf.family if m not in {"family", "baby", "children", "kids"}]
    if not told:
        return
    named = f"{b.possessive} " + " and ".join([", ".join(told[:-1]), told[-1]] if len(told) > 1 else told)
    for key, value in list(details.items()):
        if isinstance(value, list):
            kept = [v for v in value if not unnamed_relatives(str(v), sf, b.text)]
            if len(kept) != len(value):
                details[key] = kept
        elif isinstance(value, dict):
            _drop_unnamed_relatives(value, b, category)
        elif isinstance(value, str) and unnamed_relatives(value, sf, b.text):
            fallback = _FAMILY_FALLBACK.get(key) if category == "family_context" else None
            if fallback:
                home = re.search(r" in an? [^,;]*$", value) if key == "living_situation" else None
                details[key] = fallback.format(named=named) + (home.group(0) if home else "")
            else:
                del details[key]
    if category == "family_context" and "living_situation" in details:
        details["living_situation"] = _away_from_home(str(details["living_situation"]), b)


def _drop_off_channel(details: dict[str, Any], b: BasePersona) -> None:
    """Remove drawn values that place the conversation on another channel than the stated one.

    A bank's "a named person at the branch" or an incident "at the branch counter" is a fact
    of a face-to-face conversation; for a caller it is dropped (a list item) or, in a text
    field, the place is left out.
    """
    channel = b.scenario_facts.channel
    for key, value in list(details.items()):
        if isinstance(value, list):
            kept = [v for v in value if not off_channel(str(v), channel, b.text)]
            if len(kept) != len(value):
                details[key] = kept
        elif isinstance(value, dict):
            _drop_off_channel(value, b)
        elif isinstance(value, str) and off_channel(value, channel, b.text):
            details[key] = re.split(r",\s*(?:in|at)\b", value)[0]
            if off_channel(details[key], channel, b.text):
                del details[key]


def enforce_details(name: str, details: dict[str, Any], b: BasePersona) -> dict[str, Any]:
    """Return ``details`` of category ``name`` made to agree with the scenario's facts and domain."""
    out = dict(details)
    fix = _ENFORCERS.get(name)
    if fix is not None:
        fix(out, b)
    if b.scenario_facts.domain != "general":  # an unknown domain has no "other" domain
        _drop_foreign(out, b)
    if name in _BANKED:
        _drop_other_matters(out, b)
    if name != "communication_needs":  # its "channel" field names the stated channel on purpose
        _drop_off_channel(out, b)
    _drop_unnamed_relatives(out, b, name)
    return out


# Categories whose values are drawn from banks of criteria, objections and histories.
_BANKED = frozenset(
    {"decision_criteria", "customer_history", "negotiation_position", "incident_context", "case_context"}
)


def _drop_other_matters(details: dict[str, Any], b: BasePersona) -> None:
    """Drop list items naming a matter the scenario never names ("EMI option" for a blood bank).

    The same rule as the fitted domain banks (``_banks.fit_bank``), applied to whatever bank
    (or engine) the details came from; a list whose every item would go is left as it is.
    """
    for key, value in list(details.items()):
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            details[key] = fit_bank(value, b.text, home=home_topics(b.scenario_facts.domain))


def case_context(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    sf = b.scenario_facts
    about = sf.about or b.text
    status = next(
        (
            w
            for w in ("rejected", "stuck", "cancelled", "pending", "down", "not been credited", "locked out")
            if w in about.lower()
        ),
        "open",
    )
    repeat = re.search(r"\b(twice|three times|third|three visits|five times|again|already)\b", about, re.I)
    return {
        "what_it_is": domain_bank(sf.bank_family(), b.text)["case"],
        "what_happened": _scenario_sentence(b) or "Details as the scenario describes them",
        "status": _cap(status),
        "reference_number": f"{rng.choice(['REF', 'SR', 'CASE'])}-{rng.randint(100000, 999999)}",
        "contact_history": "Has already raised it before without a result"
        if repeat
        else "This is the first time raising it",
        "what_they_want": _cap(sf.goals[0]) if sf.goals else "A clear answer and a resolution",
    }


def communication_needs(b: BasePersona, rng: random.Random) -> dict[str, Any]:
    sf = b.scenario_facts
    langs = b.location.languages_spoken
    low = (sf.about or b.text).lower()
    out: dict[str, Any] = {
        "preferred_language": langs[0] if langs else "English",
        "channel": {"phone": "Phone", "video": "Video call", "chat": "Online chat"}.get(
            sf.channel or "", "Meeting face to face"
        ),
    }
    if langs[1:]:
        out["other_languages"] = ", ".join(langs[1:])
    if sf.not_fluent:
        out["not_fluent_in"] = ", ".join(sf.not_fluent)
    if re.search(r"cannot read|can't read|illiterate|studied till class", low):
        out["literacy"] = "Finds written forms hard; needs them read out and explained"
    if "hard of hearing" in low:
        out["hearing"] = "Hard of hearing; needs slow, clear speech and repetition"
    if re.search(r"confused|elderly|\b[7-9]\d\b", low) or b.age >= 70:
        out["pace"] = "Needs information one step at a time"
    out["style_needed"] = pick(
        rng, ["Short sentences, no jargon", "Plain words and a written summary", "Unhurried explanations"]
    )
    return out


NEW_GENERATORS = {"case_context": case_context, "communication_needs": communication_needs}
