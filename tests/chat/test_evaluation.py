"""The chat evaluation harness: labelled conversations on 48 real personas, tuning and held-out splits.

The held-out split (``data/eval_holdout.jsonl``) was written once and is never used to tune
the engine; its floor here is below the measured rate so that it reports rather than steers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from synthpersona.chat.evaluation import evaluate, load_cases, openings

DATA = Path(__file__).parent / "data"


def test_tuning_split_passes_at_least_90_percent_of_checks(real_personas: list[dict[str, Any]]) -> None:
    report = evaluate(load_cases(DATA / "eval_tune.jsonl"), real_personas)
    assert report.pairs >= 300 and len(report.personas) >= 20
    assert report.check_rate >= 0.9, report.summary()


def test_held_out_split_stays_above_its_floor(real_personas: list[dict[str, Any]]) -> None:
    report = evaluate(load_cases(DATA / "eval_holdout.jsonl"), real_personas)
    assert report.pairs >= 300 and len(report.personas) >= 20
    assert report.check_rate >= 0.9, report.summary()


def test_six_personas_from_different_segments_never_share_an_opening(
    real_personas: list[dict[str, Any]],
) -> None:
    by_segment: dict[str, dict[str, Any]] = {}
    for p in real_personas:
        by_segment.setdefault(p["profile"]["cluster_label"], p)
    six = list(by_segment.values())[1::2][:6]
    first = load_cases(DATA / "eval_tune.jsonl")[0]
    assert openings([t["say"] for t in first["turns"]], six) == []


def test_a_wrong_fact_fails_its_check(real_personas: list[dict[str, Any]]) -> None:
    p = real_personas[0]
    case = {"id": "x", "personas": [0], "turns": [{"say": "How old are you?", "expect": {"facts": ["age"]}}]}
    assert evaluate([case], [p]).check_rate == 1.0
    older = {**p, "profile": {**p["profile"], "age": p["profile"]["age"] + 7}}
    liar = evaluate([case], [older], reply=lambda _p, m, h: _reply_as(p, m, h))
    assert liar.check_rate < 1.0


def _reply_as(p: dict[str, Any], message: str, history: list[dict[str, str]]) -> Any:
    from synthpersona.chat import OfflineEngine

    return OfflineEngine().reply(p, message, history)


def test_third_held_out_split_on_old_and_new_personas(real_personas: list[dict[str, Any]]) -> None:
    """Written before any of its replies was seen (first run: 90.7 % of checks); reports, not steers."""
    import json

    fresh = json.loads((DATA / "personas_v2.json").read_text("utf-8"))
    for personas in (real_personas, fresh):
        report = evaluate(load_cases(DATA / "eval_holdout3.jsonl"), personas)
        assert report.pairs >= 150 and report.check_rate >= 0.9, report.summary()


def test_fourth_held_out_split_on_old_new_and_fresh_personas(real_personas: list[dict[str, Any]]) -> None:
    """holdout4: brand comparisons, odd EMI durations, recall, privacy, off-topic (first run: 93.9 %)."""
    import json

    cases = load_cases(DATA / "eval_holdout4.jsonl")
    for name in ("personas_v2.json", "personas_v3.json"):
        report = evaluate(cases, json.loads((DATA / name).read_text("utf-8")))
        assert report.pairs >= 150 and report.check_rate >= 0.9, report.summary()
    report = evaluate(cases, real_personas)
    assert report.pairs >= 400 and report.check_rate >= 0.9, report.summary()
