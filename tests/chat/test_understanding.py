"""Understanding a message: language, prices, durations, brands and intents in English, Hinglish, Hindi."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from synthpersona.chat import detect
from synthpersona.chat._knowledge import knowledge
from synthpersona.chat._lang import language
from synthpersona.chat._slots import months, prices


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("What is your monthly income?", "en"),
        ("What do you think of the Asus ROG vs the Lenovo Legion?", "en"),
        ("Would you pay 1.2 lakh for it?", "en"),
        ("aap mahine ka kitna kamate ho?", "hinglish"),
        ("Namaste! Main Rahul hoon.", "hinglish"),
        ("IPL mein kaun jeetega?", "hinglish"),
        ("theek hai", "hinglish"),
        ("आप कहाँ रहते हैं?", "hi"),
        ("₹75,000 का लैपटॉप लेंगे?", "hi"),
    ],
)
def test_language_of_a_message(text: str, lang: str) -> None:
    assert language(text) == lang


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Would you pay ₹75,000?", [75000]),
        ("1.2 lakh ka hai", [120000]),
        ("50k tak chalega", [50000]),
        ("60 hazaar mein", [60000]),
        ("Rs. 6300 per month", [6300]),
        ("1,20,000 rupaye", [120000]),
        ("१.५ लाख", [150000]),
        ("75 हज़ार का", [75000]),
        ("a 2 crore flat", [20000000]),
        ("I have 3 devices since 2021", []),
        ("the XUV700 and Galaxy S24", []),
        ("6 or 12 months", []),
    ],
)
def test_prices(text: str, expected: list[int]) -> None:
    assert prices(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 or 12 months", [6, 12]),
        ("6 ya 12 mahine ki EMI", [6, 12]),
        ("a 12-month EMI", [12]),
        ("6/9/12 months", [6, 9, 12]),
        ("2 saal ka plan", [24]),
        ("ek saal", [12]),
        ("छह महीने", [6]),
        ("६ महीने की EMI", [6]),
        ("₹75,000 on EMI", []),
        ("split it into 9 monthly payments", [9]),
        ("12 EMIs of ₹2,000", [12]),
        ("10 kishton mein", [10]),
        ("₹5000 EMI for 12 months", [12]),
    ],
)
def test_durations(text: str, expected: list[int]) -> None:
    assert months(text) == expected


@given(st.integers(min_value=500, max_value=50_000_000))
def test_any_rupee_amount_written_with_the_sign_and_grouping_reads_back(amount: int) -> None:
    assert prices(f"would you pay ₹{amount:,} for it?") == [amount]


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["k", "hazaar", "lakh", "crore"]))
def test_scale_words_multiply(n: int, unit: str) -> None:
    scale = {"k": 1_000, "hazaar": 1_000, "lakh": 100_000, "crore": 10_000_000}[unit]
    assert prices(f"{n} {unit}") == [n * scale]


def test_brand_and_product_names_fold_and_common_words_do_not_match() -> None:
    kb = knowledge()
    assert [m.name for m in kb.find("Asus ROG or Lenovo Legion?")] == ["ROG Strix G16", "Legion 5"]
    assert [m.name for m in kb.find("boat earphones")] == ["boAt"]
    assert kb.find("nothing special, the noise was bad") == []
    assert [m.name for m in kb.find("the Nothing Phone 2a")] == ["Nothing Phone (2a)"]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("What is your monthly income?", "self_income"),
        ("aap kitna kamate ho?", "self_income"),
        ("आपकी कमाई कितनी है?", "self_income"),
        ("Which games do you play?", "self_interests"),
        ("What did I ask you first?", "recall_first"),
        ("maine sabse pehle kya poocha tha?", "recall_first"),
        ("How old are you?", "self_age"),
        ("aapki umar kya hai?", "self_age"),
        ("kitne device hain aapke paas?", "self_devices"),
        ("ghar ki income kitni hai?", "self_household"),
        ("kishton mein loge?", "emi"),
        ("6 mahine chalega?", "emi"),
        ("Asus ROG ya Lenovo Legion?", "comparison"),
        ("IPL mein kaun jeetega?", "sport"),
        ("How much would you pay for a laptop?", "price"),
        ("Tell me about yourself", "identity"),
        ("Could you tell me a bit about who you are?", "identity"),
        ("Where are you based?", "self_city"),
        ("Tumhare paas kitne gadgets hain?", "self_devices"),
        ("What's your take-home salary?", "self_income"),
    ],
)
def test_intents_in_three_languages(text: str, topic: str) -> None:
    assert detect(text, embed=False).main == topic


def test_the_users_own_product_is_not_the_offer() -> None:
    i = detect("My laptop is an HP. What do you think of the Asus ROG?", embed=False)
    assert i.owned == ("HP",)
    assert [m.name for m in i.offered] == ["ROG Strix G16"]


def test_user_names_in_three_languages() -> None:
    assert detect("Hi, I'm Rahul from Acme").user_name == "Rahul"
    assert detect("mera naam Priya hai").user_name == "Priya"
    assert detect("I'm interested in laptops").user_name is None
    assert detect("मेरा नाम क्या है?").user_name is None


def test_a_greeting_with_a_question_is_the_first_question() -> None:
    from synthpersona.chat._memory import Memory

    turns = [("user", "Hi!"), ("persona", "Hello."), ("user", "Good evening! Who are you?")]
    assert Memory.read(turns).first_question == "Good evening! Who are you?"
