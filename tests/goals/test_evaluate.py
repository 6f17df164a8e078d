"""The labelled evaluation set: the parser's filter F1 and the scorer's matching rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthpersona.errors import DataError
from synthpersona.goals import evaluate, load_eval_set, match_filter, warm_up

EVAL = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "goal_eval.jsonl"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return load_eval_set(EVAL)


def test_eval_set_is_large_and_varied(records: list[dict]) -> None:
    assert len(records) >= 150
    tags = {t for r in records for t in r.get("tags", [])}
    assert {
        "typo",
        "hinglish",
        "hindi",
        "oldname",
        "age",
        "income",
        "interest",
        "negation",
        "price",
        "holdout",
    } <= tags


def test_parser_f1_on_the_eval_set(records: list[dict]) -> None:
    warm_up(r["goal"] for r in records)  # batched embedding of the set's words
    result = evaluate(records)
    assert result["f1"] >= 0.95, result["failures"][:10]
    assert result["rejected_ok"] == 1.0
    holdout = evaluate([r for r in records if "holdout" in r.get("tags", [])])
    assert holdout["f1"] >= 0.95, holdout["failures"]


@pytest.mark.parametrize(
    ("pred", "exp", "ok"),
    [
        (
            {"column": "age", "op": "between", "value": [18, 29]},
            {"column": "age", "op": "between", "value": [18, 29]},
            True,
        ),
        (
            {"column": "age", "op": "between", "value": [18, 30]},
            {"column": "age", "op": "between", "value": [18, 29]},
            False,
        ),
        ({"column": "age", "op": "gte", "value": 41}, {"column": "age", "op": "gte", "value": 40}, True),
        ({"column": "age", "op": "gte", "value": 43}, {"column": "age", "op": "gte", "value": 40}, False),
        (
            {"column": "city", "op": "in", "value": ["Pune", "Delhi"]},
            {"column": "city", "op": "in", "value": ["Delhi", "Pune"]},
            True,
        ),
        (
            {"column": "city", "op": "in", "value": ["Pune"]},
            {"column": "city", "op": "in", "value": ["Delhi", "Pune"]},
            False,
        ),
        (
            {"column": "has_children", "op": "eq", "value": 1},
            {"column": "has_children", "op": "eq", "value": True},
            False,
        ),
        (
            {"column": "interest_tech", "op": "gte", "value": 0.65},
            {"column": "interest_tech", "op": "gte", "value": 0.6},
            True,
        ),
        (
            {"column": "gender", "op": "neq", "value": "Female"},
            {"column": "gender", "op": "eq", "value": "Female"},
            False,
        ),
    ],
)
def test_match_filter(pred: dict, exp: dict, ok: bool) -> None:
    assert match_filter(pred, exp) is ok


def test_scores_count_missing_and_extra_filters() -> None:
    def parser(text: str, today: object) -> list[dict]:
        return [
            {"column": "gender", "op": "eq", "value": "Female"},
            {"column": "age", "op": "gte", "value": 60},
        ]

    goals = [
        {
            "goal": "moms",
            "filters": [
                {"column": "gender", "op": "eq", "value": "Female"},
                {"column": "has_children", "op": "eq", "value": True},
            ],
        }
    ]
    r = evaluate(goals, parser=parser)
    assert (r["tp"], r["fp"], r["fn"]) == (1, 1, 1)
    assert r["precision"] == r["recall"] == r["f1"] == 0.5


def test_bad_eval_file_is_a_data_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"goal": "x"}\n')
    with pytest.raises(DataError, match="filters"):
        load_eval_set(bad)
    with pytest.raises(DataError, match="does not exist"):
        load_eval_set(tmp_path / "missing.jsonl")
