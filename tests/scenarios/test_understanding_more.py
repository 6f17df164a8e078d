"""Scenario understanding beyond English sentences and named cities (issue 16, session 6).

Each test plants one way of stating a fact that the extraction once missed -- a town only the
persona's own sentence names, a child named without a count, a time phrase reporting the past,
a trade word beside "video", a bare amount, a scenario in Hindi or Hinglish -- in a scenario
written for this test (none is in the benchmark's evaluation set).
"""

from __future__ import annotations

from synthpersona.scenarios import extract_facts
from synthpersona.scenarios._consistency import told_to_speak
from synthpersona.scenarios._gloss import gloss


def test_a_town_in_the_personas_own_sentence_is_their_town() -> None:
    f = extract_facts(
        "Supplier call. You are a key-account manager. Meera Joshi, 44, runs a spice-export unit near "
        "Unjha; she wants a longer credit period."
    )
    assert f.city == "Unjha"
    g = extract_facts(
        "Branch visit in Kota. You are a loan officer. Ravi Meena, 50, says his son in Tonk decides."
    )
    assert g.city == "Kota"  # the relative's town is not the persona's


def test_children_named_one_by_one_are_counted() -> None:
    assert (
        extract_facts(
            "You are a counsellor. Asha Rao, 36, a single mother, wants a seat for her son."
        ).children
        == 1
    )
    two = extract_facts("You are an agent. Vinod Rao, 40, brings his son and his daughter to the desk.")
    assert two.children == 2
    assert extract_facts("You are an agent. Vinod Rao, 40, says his sons help at the shop.").children is None
    assert extract_facts("You are a nurse. Kamla Devi, 70, came with her daughter-in-law.").children is None


def test_a_time_phrase_about_the_past_is_not_a_deadline() -> None:
    f = extract_facts(
        "Helpline. You are an agent. Harbans Lal, 61, reported the loss within 48 hours, but nobody came. "
        "The form must be filed within 10 days."
    )
    assert f.deadlines == ["within 10 days"]
    g = extract_facts("You are an analyst. Neha Iyer, 29, is locked out two hours before the audit deadline.")
    assert g.deadlines and "two hours before" in g.deadlines[0]


def test_a_trade_is_not_a_channel_and_bare_amounts_count_in_a_rupee_scenario() -> None:
    f = extract_facts(
        "You are a support agent who calls back customers. Karan Sethi, 31, a video editor, pays 999 rupees "
        "a month; the shop wants to keep 15,000 from his deposit."
    )
    assert f.channel == "phone"
    assert any("15,000" in m for m in f.money) and any("999 rupees" in m for m in f.money)
    assert extract_facts("You are a planner. Anil, 40, hosts 1,200 guests.").money == []


def test_hindi_and_hinglish_scenarios_give_their_facts() -> None:
    hindi = extract_facts(
        "बिजली दफ़्तर, लखनऊ। आप शिकायत सहायक हैं। सुरेश यादव, ५८, सेवानिवृत्त शिक्षक, खुद दफ़्तर आए हैं। "
        "उनकी पत्नी बीमार हैं और वे गुस्से में हैं, और केवल हिंदी बोलते हैं। बिल 12,000 रुपये आया है।"
    )
    assert (hindi.age, hindi.gender, hindi.city, hindi.channel) == (58, "Male", "Lucknow", "in_person")
    assert hindi.married is True and "wife" in hindi.family and hindi.emotions == ["angry"]
    assert hindi.languages == ["Hindi"] and "English" in hindi.not_fluent
    assert any("12,000" in m for m in hindi.money)
    hinglish = extract_facts(
        "Telecom store par visit. Learner ek store executive hai. Persona: Rekha Singh, 45, Patna mein apni "
        "silai ki dukaan chalati hai. Uska bill 2,300 rupaye aaya hai aur woh bahut gussa hai. "
        "Uske do bachche hain aur pati Surat mein kaam karte hain."
    )
    assert (hinglish.age, hinglish.city, hinglish.children) == (45, "Patna", 2)
    assert hinglish.married is True and "husband" in hinglish.family and "angry" in hinglish.emotions
    assert any("2,300" in m for m in hinglish.money)


def test_the_gloss_leaves_english_alone_and_reads_every_scripts_digits() -> None:
    english = "He is angry; do you know the way? Ek is not a word here."
    assert gloss(english) == english
    assert gloss("আমার বয়স ৪২") == "আমার বয়স 42"


def test_a_negated_language_is_not_an_instruction_to_speak_it() -> None:
    assert not told_to_speak("He speaks Punjabi and does not speak English.", "English")
    assert not told_to_speak("She cannot speak English well.", "English")
    assert told_to_speak("Always speak English with the agent.", "English")


def test_a_named_learner_is_not_the_persona_and_an_unnamed_persona_is_known_by_age() -> None:
    f = extract_facts(
        "You, Meera Pillai, are the branch officer of a bank in Thrissur. Across the counter stands a "
        "64-year-old fisherman, who lost his passbook. He is worried."
    )
    assert (f.learner, f.name, f.counterpart, f.gender, f.age) == (
        "branch officer",
        None,
        "fisherman",
        "Male",
        64,
    )


def test_a_spouse_who_left_is_no_spouse_and_hinglish_languages_are_read() -> None:
    f = extract_facts(
        "You are the block officer. Savitri Oraon, 38, a tailor, raises her two sons alone since her "
        "husband left three years ago. She is anxious."
    )
    assert f.married is False
    assert extract_facts("Her husband left for work early. She is a teacher in Pune.").married is True
    h = extract_facts(
        "Aap bank ke cashier hain. Meena Kumari, 44, sabzi bechti hain. Woh Hindi aur Bhojpuri bolti hain, "
        "do bachche hain, aur form ki last date 15 June hai."
    )
    assert h.languages == ["Hindi", "Bhojpuri"] and h.children == 2 and h.deadlines == ["by 15 June"]
