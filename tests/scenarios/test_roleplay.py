"""The offline role-play engine answers a yes/no question about its time in character."""

from __future__ import annotations

import asyncio

from synthpersona.scenarios import ScenarioTemplate
from synthpersona.usecases import scenarios as uc

_GAS_CALL = (
    "City gas helpline. You are the customer care executive. Farida Shaikh, 45, who runs a school "
    "canteen in Surat, calls because her piped gas supply was disconnected although she paid the "
    "bill of 1,850 rupees last week. She is angry."
)


def test_a_caller_asked_for_five_minutes_says_yes_and_why_from_the_scenario() -> None:
    understood = asyncio.run(uc.understand_text(_GAS_CALL, engine="offline"))
    assert understood.facts.domain == "service"  # a utility's helpline, not the canteen's school
    res = uc.generate_prompt(
        understood.template, "assess_mode", facts=understood.facts, random_state=1, engine="offline"
    )
    reply = uc.roleplay_reply(res.persona, res.system_prompt, "Do you have five minutes?", engine="offline")
    text = reply.response
    assert text.startswith("Yes") and "called" in text
    assert "my piped gas supply was disconnected" in text and "1,850" in text
    hello = uc.roleplay_reply(res.persona, res.system_prompt, "Hello", engine="offline").response
    assert "asked to meet" not in hello and "calling because" in hello


def test_a_busy_professional_gives_only_the_minutes_it_has(templates: dict[str, ScenarioTemplate]) -> None:
    res = uc.generate_prompt(templates["pharma_sales"], random_state=2, engine="offline")
    minutes = res.persona.detail_categories["time_constraints"]["available_time"]
    for ask in ("Do you have five minutes?", "Is this a good time to talk?", "Could I have a minute?"):
        text = uc.roleplay_reply(res.persona, res.system_prompt, ask, engine="offline").response
        assert text.startswith("Only") and minutes.split()[0] in text and text.endswith("?")
