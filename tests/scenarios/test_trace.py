"""Every fact a persona states is traceable to its scenario or to a domain-neutral default.

``trace_persona`` recomputes the amounts, places, occupation and trade, dates, durations,
ages, relatives, languages and channel a persona states from the scenario text: these tests
run it over free-text scenarios and seeds, and check that it catches a fact that came from
nowhere.
"""

from __future__ import annotations

import asyncio

import pytest

from synthpersona.scenarios._consistency import _rupees, trace_persona
from synthpersona.usecases import scenarios as uc

# Written for these tests; none is in the benchmark's evaluation set.
SCENARIOS = (
    "Collections call. The learner is a collections officer at a bank. The persona is Arvind Rao, 42, who "
    "ran a small printing press in Nellore that closed last year; he owes 2 lakh on a personal loan and "
    "offers 80,000 rupees as a one-time settlement. He is ashamed and speaks Telugu.",
    "Gym membership freeze. You are the front-desk manager of a fitness club in Pune. Kavya Menon, 33, a "
    "nurse, wants her 14,000 rupee annual plan frozen for three months after knee surgery. She is annoyed.",
    "Scholarship office in Patiala. The learner is the scholarship clerk. Harjot Kaur, 20, a B.Sc. student "
    "whose father is a farmer, says her scholarship of 25,000 rupees has not been credited. She is anxious.",
    "Broadband helpline. You are a support agent. Farhan Ali, 35, a customer for six years, calls because "
    "his connection has been down since last Monday and he must send a client report by Friday. He lives "
    "with his wife and his 7-year-old son, speaks Urdu and Hindi, and is frustrated.",
)


@pytest.fixture(scope="module")
def generated() -> list[tuple[str, uc.Understood, object]]:
    out = []
    for text in SCENARIOS:
        u = asyncio.run(uc.understand_text(text, engine="offline"))
        for seed in range(3):
            out.append((text, u, uc.generate_prompt(u.template, facts=u.facts, random_state=seed).persona))
    return out


def test_amounts_are_read_in_rupees() -> None:
    assert _rupees("owes 2 lakh, offers 80,000 rupees; earns ₹1.6 lakh, paid 1,50,000") == {
        200_000,
        80_000,
        160_000,
        150_000,
    }


def test_every_stated_fact_is_traced(generated: list[tuple[str, uc.Understood, object]]) -> None:
    for text, u, persona in generated:
        assert trace_persona(persona, u.facts, text) == [], text[:40]  # type: ignore[arg-type]


def test_a_fact_from_nowhere_is_caught(generated: list[tuple[str, uc.Understood, object]]) -> None:
    text, u, persona = generated[0]
    bad = persona.model_copy(deep=True)  # type: ignore[attr-defined]
    bad.detail_categories.setdefault("case_context", {})["outstanding"] = "Owes ₹3.5 lakh on the loan"
    bad.detail_categories.setdefault("family_context", {})["relatives"] = "A brother in Jaipur"
    bad.description = "Arvind Rao, 42, lives in Nellore and works as a pharmacist at a hospital."
    # an income-derived default is not a claim about the case
    bad.detail_categories.setdefault("financial_context", {})["monthly_income"] = "₹45,000"
    kinds = sorted(c.kind for c in trace_persona(bad, u.facts, text))
    # the scenario states his occupation: another one is a contradiction, not only untraced
    assert kinds == ["occupation", "untraced_money", "untraced_place"]


def test_dates_durations_relatives_languages_channel_and_trade_from_nowhere_are_caught(
    generated: list[tuple[str, uc.Understood, object]],
) -> None:
    text, u, persona = generated[9]  # the broadband caller, seed 0
    assert u.facts.channel == "phone" and u.facts.family == ["wife", "son"]
    bad = persona.model_copy(deep=True)  # type: ignore[attr-defined]
    details = bad.detail_categories
    details.setdefault("customer_history", {})["past_issues"] = "A wrong bill three weeks ago"
    details["customer_history"]["customer_since"] = "A customer for 9 years"
    details.setdefault("family_context", {})["extended_family"] = "His mother-in-law visits often"
    details["family_context"]["children"] = "son Imran (12)"
    details.setdefault("time_constraints", {})["note"] = "Was on a video call with the ISP earlier"
    bad.location.languages_spoken = [*bad.location.languages_spoken, "Tamil"]
    kinds = sorted({c.kind for c in trace_persona(bad, u.facts, text)})
    assert kinds == [
        "untraced_age",
        "untraced_channel",
        "untraced_duration",
        "untraced_family",
        "untraced_language",
        "untraced_time",
    ]
    shop = generated[0][2].model_copy(deep=True)  # type: ignore[attr-defined]
    shop.detail_categories.setdefault("professional_context", {})["business"] = "Rao Mobile Gallery"
    assert [c.kind for c in trace_persona(shop, generated[0][1].facts, generated[0][0])] == [
        "untraced_occupation"
    ]


def test_untraced_details_are_dropped_not_kept(generated: list[tuple[str, uc.Understood, object]]) -> None:
    from synthpersona.scenarios._trace import drop_untraced

    text, u, persona = generated[9]  # the broadband caller, seed 0
    details = persona.model_copy(deep=True).detail_categories  # type: ignore[attr-defined]
    details.setdefault("customer_history", {})["past_issues"] = [
        "A wrong bill three weeks ago",
        "Slow speeds",
    ]
    details["customer_history"]["customer_since"] = "A customer for 9 years"
    details.setdefault("case_context", {})["refund"] = "Wants ₹4,500 back"
    dropped = drop_untraced(details, u.facts, text, persona.location.city)  # type: ignore[attr-defined]
    assert {"customer_history.past_issues", "customer_history.customer_since", "case_context.refund"} <= set(
        dropped
    )
    assert details["customer_history"]["past_issues"] == ["Slow speeds"]
    # what the generator kept has nothing left to drop
    kept = persona.detail_categories  # type: ignore[attr-defined]
    assert drop_untraced(dict(kept), u.facts, text, persona.location.city) == []  # type: ignore[attr-defined]
