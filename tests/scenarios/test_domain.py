"""The scenario's domain is read from where the conversation happens and whom it serves.

Session 11 (issue 16): compounds whose head noun is not the domain word ("blood bank"), the
persona's or a relative's job title ("a retired bank officer"), the learner's organisation
weighing more than the persona's background, an employment relation making it an HR
conversation, "general" when nothing fits, and Marathi (Devanagari) read through its own words.
Every scenario here was written for these tests; none is in an evaluation set.
"""

from __future__ import annotations

import pytest

from synthpersona.scenarios import ScenarioFacts, extract_facts
from synthpersona.scenarios._domain import domain_of, domain_scores, label_family
from synthpersona.scenarios._gloss import gloss


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        # A blood bank is a hospital's, not a bank.
        (
            "Night counter of the blood bank in Sion. You are the technician on duty. Farida, 44, "
            "needs two units of O positive for her father's bypass and has brought one donor.",
            "healthcare",
        ),
        # The persona's (and a relative's) job titles are background, the learner's organisation is not.
        (
            "Broadband provider's walk-in centre. You are the front-desk executive. Mr. Kale, 66, a retired "
            "bank officer, and his wife, a bank cashier, say their line has been dead for nine days.",
            "service",
        ),
        # The learner works for a bank: the persona's daughter's college fees are background.
        (
            "You answer the phone for a cooperative bank. Nandini, 38, sees a debit of 12,400 she never made "
            "and must pay her daughter's college fees and exam fees tomorrow.",
            "banking",
        ),
        # A pay cut by the persona's own employer is an HR conversation, whatever the industry.
        (
            "Depot office of a cold-storage company. You are the shift in-charge. Gurnam, 51, has driven "
            "reefer trucks for the company for twelve years; 6,000 rupees was cut from his pay for a spoiled "
            "load of vegetables.",
            "hr",
        ),
        # A food bank is no bank, and nothing else names a domain: general, said honestly.
        (
            "You volunteer at the food bank run by a gurdwara. Joginder, 70, asks if he can collect "
            "for his neighbour as well.",
            "general",
        ),
    ],
)
def test_domain_read_from_setting_not_words(text: str, domain: str) -> None:
    assert extract_facts(text).domain == domain


def test_job_title_alone_sets_no_domain() -> None:
    # Only someone's job mentions a domain word: too little to call it a bank conversation.
    text = "You are the secretary of a chess club. Mrs. Rao, a retired bank manager, wants a refund of dues."
    scores = domain_scores(text)
    assert scores["banking"] < 1.0
    assert domain_of(text) != "banking"


def test_label_family_trusts_a_known_label() -> None:
    assert label_family("maternity_inquiry") is None
    assert label_family("public_sector") == "public_sector"
    assert label_family("something_else") is None


def test_marathi_read_through_marathi_words() -> None:
    text = (
        "तहसील कार्यालयात उत्पन्नाचा दाखला विभाग. तुम्ही तहसील कार्यालयात लिपिक आहात. "
        "रेखा पवार (Rekha Pawar), 47, यांचे पती आजारी आहेत आणि मुलगी महाविद्यालयात शिकते. "
        "त्या फक्त मराठी बोलतात आणि खूप चिडल्या आहेत."
    )
    english = gloss(text)
    assert "You are a" in english and "clerk" in english
    f = extract_facts(text)
    assert f.domain == "public_sector"
    assert {"husband", "daughter"} <= set(f.family)
    assert "angry" in f.emotions
    assert f.languages == ["Marathi"]
    assert f.gender == "Female"


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        (
            "आप नगर निगम के दफ़्तर में क्लर्क हैं। सरला देवी, 61, अपने पति के मृत्यु प्रमाण पत्र के लिए "
            "तीसरी बार आई हैं और बहुत नाराज़ हैं।",
            "public_sector",
        ),
        ("आप एक निजी अस्पताल के काउंटर पर हैं। रमेश, 50, अपनी पत्नी के ऑपरेशन का ख़र्च देखकर परेशान हैं।", "healthcare"),
    ],
)
def test_hindi_read_through_hindi_domain_words(text: str, domain: str) -> None:
    assert extract_facts(text).domain == domain


def test_domain_choice_shows_its_evidence_and_falls_back_when_unsure() -> None:
    """Weak or split evidence keeps the best guess but draws details from the general bank (session 13)."""
    from synthpersona.scenarios._domain import choose_domain

    clear = choose_domain(
        "You are a claims officer at an insurance company. Ravi, 50, calls about his claim."
    )
    assert (clear.family, clear.sure, clear.bank_family) == ("insurance", True, "insurance")
    assert any("insurance" in line and "claims officer" in line for line in clear.explain())
    # one background word only: a guess, not a reason to borrow that family's criteria and histories
    weak = choose_domain("You answer calls for a chess club. Meena, 39, wants her school fees back.")
    assert (weak.family, weak.sure, weak.bank_family) == ("education", False, "general")
    assert "general bank" in weak.explain()[0]
    # as much evidence for two families: split
    split = choose_domain("You work at the hospital's bank branch counter. Anil, 60, is upset.")
    assert not split.sure and split.runner_up is not None


def test_unsure_domain_facts_draw_from_the_general_bank() -> None:
    f = extract_facts("You answer calls for a chess club. Meena, 39, wants her school fees back.")
    assert f.domain == "education" and f.domain_sure is False and f.bank_family() == "general"
    assert f.domain_evidence and f.domain_evidence[0].startswith("domain education")
    # a trainer who confirms the domain gets its bank
    assert f.model_copy(update={"domain_sure": True}).bank_family() == "education"


def test_a_domain_the_trainer_corrects_is_sure() -> None:
    """Facts sent back whole with another domain use its bank, though the text's choice was unsure."""
    f = extract_facts("You answer calls for a chess club. Meena, 39, wants her school fees back.")
    sent = f.model_dump(mode="json")
    sent["domain"] = "banking"  # the trainer's correction; domain_sure comes back false
    corrected = ScenarioFacts.model_validate(sent)
    assert corrected.domain_sure is True and corrected.bank_family() == "banking"
    assert corrected.domain_evidence[0].startswith("domain banking: set by the trainer")
    # sent back unchanged: still the text's unsure choice, and the correction survives a second trip
    assert ScenarioFacts.model_validate(f.model_dump(mode="json")).bank_family() == "general"
    again = ScenarioFacts.model_validate(corrected.model_dump(mode="json"))
    assert again.bank_family() == "banking"


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        # a policy sold as a product is insurance, a rule of a company is not
        (
            "You call customers whose two-wheeler policies are due. Manoj, 33, lost his no-claim bonus.",
            "insurance",
        ),
        (
            "You are the HR officer of a bakery. Sunil, 41, says the company policy on leave is unfair.",
            "hr",
        ),
    ],
)
def test_policy_as_product_or_rule(text: str, domain: str) -> None:
    assert domain_of(text) == domain


def test_a_civic_ward_is_no_hospital_ward() -> None:
    """ "ward officer", "Ward 14", "ward councillor" are a municipality's; a hospital's ward stays."""
    civic = domain_scores(
        "You are the ward officer of Ward 14 of the municipal corporation. Ramesh, 50, wants the garbage "
        "collected."
    )
    assert civic["healthcare"] == 0 and civic["public_sector"] > 0
    councillor = domain_scores("You are the ward councillor. Meena, 40, says ward no. 5 has no water.")
    assert councillor["healthcare"] == 0 and councillor["public_sector"] > 0
    assert (
        domain_scores("You are a clerk. Ramesh, 50, walks towards the counter with an award.")["healthcare"]
        == 0
    )
    assert (
        domain_scores("You are a nurse on the maternity ward. Sita, 25, is due next week.")["healthcare"] > 0
    )
    assert domain_scores("You are a ward boy at a hospital. Sita, 25, waits.")["healthcare"] > 0
