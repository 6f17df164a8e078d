"""Offline trainee scoring: an explanation is recognised by what it does, not by set phrases."""

from __future__ import annotations

from synthpersona.scenarios._scoring import score_offline


def _explanation(learner_reply: str) -> float:
    talk = [
        {"role": "user", "message": "I am sorry your water has been off since Monday."},
        {"role": "persona", "message": "Why is my water still off? I paid everything!"},
        {"role": "user", "message": learner_reply},
        {"role": "persona", "message": "And now?"},
        {"role": "user", "message": "I will send the crew today and call you back by 5 pm."},
    ]
    by_id = {c.id: c for c in score_offline(talk, "CONFRONTATION").criteria}
    return by_id["explanation"].score


def test_an_answer_to_why_in_plain_words_counts_as_explanation() -> None:
    # No "because" or "the reason": the trainee still explains what happened.
    said = (
        "I checked: the main pipe on your street burst on Sunday night, the crew found a second "
        "leak while digging, and the valve stays shut until both are sealed."
    )
    assert _explanation(said) >= 0.6


def test_no_explanation_still_scores_low() -> None:
    assert _explanation("Please hold the line.") < 0.5
    assert _explanation("Okay madam, noted, I am noting it down for you right now, one moment please.") < 0.5
