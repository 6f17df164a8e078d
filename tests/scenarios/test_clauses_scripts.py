"""A clause about a relative keeps its town and channel; Marathi and Hinglish facts are read.

Session 11 (issue 16): a relative as the subject of a clause ("Her husband drives a truck
between Hosur and Hyderabad", "two daughters in school and a son who works in Pune", "His wife
... will join later on a video call"), an earlier sign-up call, a town spelled in brackets after
its Devanagari name, Marathi in Devanagari, a Hinglish widow, "types in", "years of service".
Every scenario here was written for these tests; none is in the benchmark's evaluation set.
"""

from __future__ import annotations

import pytest

from synthpersona.scenarios import extract_facts
from synthpersona.scenarios._facts_where import channel_of, city_of


@pytest.mark.parametrize(
    ("text", "city"),
    [
        (
            "Front office of a tractor dealer in Hingoli. You are the service advisor. Balu Shinde, 50, "
            "has two sons: one drives an autorickshaw and a son, 22, who works in a plant in Aurangabad.",
            "Hingoli",
        ),
        (
            "Billing desk of a clinic in Sangli. You are the receptionist. Reshma Mulla, 41, is upset; "
            "her brother manages a lodge in Kolhapur and sends money every month.",
            "Sangli",
        ),
        (
            "You are the HR partner, on a video call. Anil Kadam, 38, a crane operator in Khopoli with "
            "12 years at the plant, is guarded. His wife teaches at a school between Khopoli and Pune.",
            "Khopoli",
        ),
    ],
)
def test_a_town_in_a_relatives_clause_is_not_the_personas(text: str, city: str) -> None:
    assert extract_facts(text).city == city


def test_the_persona_taking_the_subject_back_keeps_the_town() -> None:
    assert city_of("Her husband died last year; she runs a tiffin service in Nagpur.") == "Nagpur"
    assert city_of("Her husband died last year and she now runs a mess in Nagpur.") == "Nagpur"


def test_a_town_spelled_in_brackets_after_its_devanagari_name() -> None:
    f = extract_facts(
        "वर्धा (Wardha) नगर परिषद कार्यालय. तुम्ही लिपिक आहात. कमल ठाकरे (Kamal Thakre), 60, आल्या आहेत."
    )
    assert f.city == "Wardha"


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        # a relative's line, however far from the relative noun, is not this conversation's channel
        (
            "Reception of a dental clinic in Pune. You are the front-office executive. Sameer, 44, wants "
            "braces for his son. His wife works in Muscat and will join the talk later on a video call.",
            "in_person",
        ),
        # the sign-up call happened before this visit
        (
            "Front desk of a yoga studio in Nashik. You are the studio manager. Kiran, 35, wants a refund; "
            "she enrolled after a sales call on the phone and never saw the terms.",
            "in_person",
        ),
        (
            "You are an account manager phoning a café owner who filled a form. Rita, 40, is busy.",
            "phone",
        ),
        ("Loan desk of a bank. You are the officer and the borrower rings you. Amit, 30, is tense.", "phone"),
    ],
)
def test_the_conversations_channel(text: str, channel: str) -> None:
    assert channel_of(text) == channel or extract_facts(text).channel == channel


def test_languages_typed_and_years_of_service() -> None:
    f = extract_facts(
        "An airline's chat support. You are the agent. Irfan, 31, types in English and Kashmiri and is "
        "angry. He is a government clerk with 8 years of service."
    )
    assert {"English", "Kashmiri"} <= set(f.languages) or f.languages[:1] == ["English"]
    assert f.years_experience == 8


def test_marathi_in_devanagari_gives_family_languages_and_feelings() -> None:
    f = extract_facts(
        "नागपूर येथील बँकेची शाखा. तुम्ही शाखा अधिकारी आहात. सविता राऊत (Savita Raut), 48, शिवणकाम करतात. "
        "त्यांचे पती रिक्षा चालवतात आणि त्यांची मुलगी मुंबईत शिकते. त्या फक्त मराठी बोलतात, वाचू शकत "
        "नाहीत, आणि थकलेल्या व चिंतेत आहेत."
    )
    assert f.married is True
    assert {"husband", "daughter"} <= set(f.family)
    assert f.languages == ["Marathi"] and {"English", "Hindi"} <= set(f.not_fluent)
    assert {"tired", "anxious"} <= set(f.emotions)
    assert f.gender == "Female"
    assert f.city != "Mumbai"


def test_hinglish_widow_with_a_womans_second_name() -> None:
    f = extract_facts(
        "Patna ki ek bank branch. Aap cashier hain. Kamla Devi, 66, vidhwa hain aur chai bechti hain. "
        "Unka beta Delhi mein kaam karta hai. Woh sirf Maithili aur Hindi bolti hain aur pareshan hain."
    )
    assert f.gender == "Female"
    assert f.married is False
    assert "English" in f.not_fluent


def test_hinglish_their_wife_is_the_personas_wife() -> None:
    f = extract_facts(
        "Bank ki call. Aap officer hain aur Suresh Rana, 47, ko phone kar rahe hain. Suresh Agra mein "
        "dukaan chalate hain. Unki wife ek school mein teacher hain aur unke do bachche hain."
    )
    assert f.married is True


def test_compound_number_words_both_ages_goods_and_in_laws() -> None:
    f = extract_facts(
        "Stores of a mill in Erode. You are the plant HR officer. Two foremen, Murugan and Selvam Raj, "
        "both 47, blame each other for 40 phones missing from the stores. The persona is Selvam Raj, "
        "with thirty-four years at the mill, who looks after his mother-in-law. He is defensive."
    )
    assert f.years_experience == 34
    assert f.age == 47
    assert f.channel != "phone"
    assert f.married is True


def test_calling_is_this_conversations_channel() -> None:
    text = "NRI desk of a bank. You are the officer. Meena, 45, a nurse in Perth, is calling at 3 am."
    assert extract_facts(text).channel == "phone"


def test_a_town_the_gloss_already_spelled_in_english() -> None:
    from synthpersona.scenarios._facts_where import stated_town

    assert stated_town(["Satara (Satara) tehsil office ration card department."], None) == "Satara"
