"""Persona names say the log's own goal ("buys", "orders"), and verify re-derives every verb."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from synthpersona.personas import rules as words
from synthpersona.simulation import (
    attach_clusters,
    cluster_event_sequences,
    load_event_log,
    make_sample_events,
    profile_behavioural_personas,
    verify_behaviour,
)
from synthpersona.views import seed002

ECOM = Path(__file__).resolve().parents[1] / "data" / "public_logs" / "rete_ecom.csv.gz"
SIGN_UP_WORDS = ("signs up", "sign-up", "sign up")


def _named(log: pd.DataFrame, goal: str, drops: list[str], k: int) -> tuple[pd.DataFrame, list[dict]]:
    seg = attach_clusters(log, cluster_event_sequences(log, k=k, random_state=0))
    segments, personas = profile_behavioural_personas(seg, completion_events=[goal], drop_events=drops)
    return seg, [seed002.persona_record(s, p) for s, p in zip(segments, personas, strict=True)]


@pytest.fixture(scope="module")
def orders_log() -> pd.DataFrame:
    raw = make_sample_events(n_users=400, random_state=3)
    raw["event"] = raw["event"].replace({"signup_complete": "order_placed", "signup_start": "checkout"})
    return load_event_log(raw)


@pytest.mark.parametrize(
    ("which", "goal", "verb"),
    [("ecom", "purchase", "buys"), ("orders", "order_placed", "orders")],
)
def test_names_use_the_goal_of_the_log_and_verify_re_derives_them(
    which: str, goal: str, verb: str, orders_log: pd.DataFrame
) -> None:
    log = load_event_log(ECOM) if which == "ecom" else orders_log
    drops = ["drop_off"] if which == "orders" else []
    seg, records = _named(log, goal, drops, k=4)
    conversion_claims = [
        ev["claim"]
        for rec in records
        for ev in rec["evidence"]
        if ev.get("statistic") == words.RATE and ev.get("claim") not in ("Decisive", "bouncer")
    ]
    for rec in records:
        assert not any(w in rec["name"].lower() for w in SIGN_UP_WORDS), rec["name"]
    for claim in conversion_claims:
        if "stalls at" not in claim and "leaves at" not in claim:
            assert verb in claim or words.goal_words([goal]).noun in claim, claim
    assert verify_behaviour(seg, records, completion_events=[goal], drop_events=drops) == []


def test_verify_flags_a_sign_up_verb_on_a_purchase_log() -> None:
    seg, records = _named(load_event_log(ECOM), "purchase", [], k=4)
    buyers = [r for r in records if "buys" in r["name"]]
    assert buyers, [r["name"] for r in records]
    bad = {**buyers[0], "name": buyers[0]["name"].replace("buys", "signs up")}
    found = verify_behaviour(seg, [bad], completion_events=["purchase"], drop_events=[])
    assert found  # the claim "... buys ..." is no longer in the name


def test_goal_words_are_derived_from_the_event_names() -> None:
    assert words.goal_words(["signup_complete"]) == words.GoalWords()
    assert words.goal_words(["payment_done"]).verb == "pays"
    assert words.goal_words(["checkout_success"]).verb == "checks out"
    assert words.goal_words(["lesson_finished"]).verb == "reaches lesson finished"
    assert words.goal_words(["purchase", "subscribe"]) == words.CONVERTS
    assert words.goal_words(["purchase"]).say(words.STALLS.comparative) == "buys less than average"
