"""Domain banks fitted to the scenario: a value naming a matter the scenario never names is not drawn."""

from __future__ import annotations

import asyncio

from synthpersona.scenarios._banks import bank, fit_bank, home_topics, topics_of
from synthpersona.scenarios._enforce import domain_bank
from synthpersona.usecases import scenarios as uc

# Written for this test; not in any evaluation split.
CAR_POLICY = (
    "You call customers of a general insurer about their vehicle policies. Harpreet, 44, a transporter "
    "in Ludhiana, is angry that his premium went up after one claim for a broken windscreen."
)


def test_every_domain_list_keeps_a_value_for_a_scenario_naming_no_matter() -> None:
    for family in bank("domains")["domains"]:
        fitted = domain_bank(family, "A person asks a question.")
        home = home_topics(family)  # a blood bank's request is a health matter unsaid
        assert fitted["objections"] and all(topics_of(v) <= home for v in fitted["objections"]), family
        for part in ("must", "nice", "breakers"):
            values = fitted["decision"][part]
            assert values and all(topics_of(v) <= home for v in values), (family, part)


def test_a_matter_the_scenario_names_keeps_its_values() -> None:
    values = ["A family floater health policy", "A policy renewed every year"]
    assert fit_bank(values, "His health policy claim was rejected") == [values[1]]
    assert fit_bank(values, "Her family floater health policy claim was rejected") == values


def test_a_vehicle_policy_persona_states_no_health_policy_or_treatment() -> None:
    u = asyncio.run(uc.understand_text(CAR_POLICY, engine="offline"))
    assert u.facts.domain == "insurance"
    for seed in range(3):
        p = uc.generate_prompt(u.template, facts=u.facts, random_state=seed, engine="offline")
        banked = (
            "decision_criteria",
            "customer_history",
            "case_context",
            "incident_context",
            "negotiation_position",
        )
        for name, values in p.persona.detail_categories.items():
            if name not in banked:
                continue
            assert "health" not in topics_of(" ".join(map(str, values.values()))), (seed, name, values)
