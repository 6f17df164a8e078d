"""Tamil words in a scenario: relatives, feelings, languages, money and the honorific, read via the gloss."""

from __future__ import annotations

from synthpersona.scenarios import extract_facts
from synthpersona.scenarios._gloss import gloss

# Written for these tests; none is in the benchmark's evaluation set.
_TAMIL = (
    "திருச்சி வங்கி. நீங்கள் காசாளர். ராஜேஸ்வரி, 58, அவருடைய கணவர் ஓய்வுபெற்ற ஆசிரியர். "
    "அவருடைய 12 வயது பேரன் உடன் வந்தான். அவர் தமிழ் மட்டும் பேசுவார், கோபத்தில் இருக்கிறார். "
    "கடன் 45,000 ரூபாய்."
)


def test_tamil_facts_are_read() -> None:
    f = extract_facts(_TAMIL)
    assert (f.name, f.age, f.gender, f.city) == ("ராஜேஸ்வரி", 58, "Female", "Tiruchirappalli")
    assert f.married is True and {"husband", "grandson"} <= set(f.family)
    assert f.languages == ["Tamil"] and "English" in f.not_fluent
    assert "angry" in f.emotions
    assert any("45,000" in m for m in f.money)


def test_tamil_words_in_an_english_scenario_and_whole_words_only() -> None:
    assert gloss("He came with his மகள் Selvi; he speaks only தமிழ்.") == (
        "He came with his daughter Selvi; he speaks only Tamil."
    )
    # "அம்மா" inside a name is not a mother; the honorific stays unread without a clue to gender.
    assert "mother" not in gloss("சுப்பம்மாள் வந்தார்.")
    assert "அவர்" in gloss("அவர் வந்தார்.")
    # a wife named: the honorific is "he"
    assert gloss("அவருடைய மனைவி வந்தார்.").startswith("his wife")
