"""``synthpersona goal parse``: rich output, JSON, counts and errors."""

from __future__ import annotations

import json

import pytest

from synthpersona.cli import run


def test_parse_prints_intents_filters_and_sql(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["goal", "parse", "Gen Z moms in tier-2 cities", "--today", "2026-01-15"]) == 0
    out = capsys.readouterr().out
    for text in ("Intents", "parenting", "Filters", "has_children", "SELECT *", "city_tier = ?", "Tier-2"):
        assert text in out


def test_parse_json_has_spec_sql_and_params(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["goal", "parse", "college students in Bangalore", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["domain"] in ("general", "lifestyle")
    assert {"column": "city", "op": "eq", "value": "Bengaluru", "source": "bangalore"} in payload["filters"]
    assert payload["sql"].count("?") == len(payload["params"]) == 2
    assert {i["name"] for i in payload["intents"]} >= {"occupation", "geography"}


def test_price_warning_is_shown(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["goal", "parse", "headphones under ₹2000 for students"]) == 0
    out = capsys.readouterr().out
    assert "price" in out and "monthly_income_inr" not in out


def test_not_understood_is_one_line_and_an_input_error(capsys: pytest.CaptureFixture[str]) -> None:
    # A goal that cannot be understood is bad input: exit 2 like any InputError.
    assert run(["goal", "parse", "launch our product"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: Could not find an audience") and err.count("\n") == 1
    assert "Traceback" not in err


def test_bad_today_is_a_validation_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["goal", "parse", "moms", "--today", "yesterday"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_count_on_a_population_file_explains_an_empty_audience(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    from synthpersona.population import generate

    path = tmp_path / "pop.parquet"
    generate(3_000, random_state=1).to_parquet(path)
    assert run(["goal", "parse", "retired Gen Z in Goa", "--population", str(path), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["audience"]["total"] == 3_000
    assert payload["audience"]["count"] == 0
    assert "occupation = Retired" in payload["audience"]["empty_reason"]
    assert run(["goal", "parse", "moms in metros", "--population", str(path)]) == 0
    assert "audience:" in capsys.readouterr().out
