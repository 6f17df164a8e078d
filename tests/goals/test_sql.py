"""build_query runs on DuckDB and selects exactly the described people; explain_empty names the culprit."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from synthpersona.engine import DuckDBEngine
from synthpersona.errors import DataError, EmptyResultError, InputError
from synthpersona.goals import Filter, GoalSpec, build_query, explain_empty, parse_goal, select_audience

TODAY = dt.date(2026, 1, 15)


def _pandas_mask(df: pd.DataFrame, spec: GoalSpec) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    for f in spec.filters:
        col = df[f.column]
        v = f.value
        if f.op == "eq":
            mask &= col == v
        elif f.op == "neq":
            mask &= col != v
        elif f.op == "in":
            mask &= col.isin(v)  # type: ignore[arg-type]
        elif f.op == "not_in":
            mask &= ~col.isin(v)  # type: ignore[arg-type]
        elif f.op == "between":
            mask &= col.between(v[0], v[1])  # type: ignore[index]
        elif f.op == "gte":
            mask &= col >= v
        else:
            mask &= col <= v
    return mask


@pytest.mark.parametrize(
    "goal",
    [
        "Gen Z moms in tier-2 cities",
        "salaried millennials in Bangalore earning over 50k a month",
        "budget-conscious students not in Delhi",
        "privacy-conscious parents of teens in metros who love cricket",
        "Mumbai and tier-3 cities",
        "women aged 25-34 who use Instagram",
        "non-metro homemakers",
    ],
)
def test_query_selects_the_same_rows_as_the_filters(
    engine: DuckDBEngine, population: pd.DataFrame, goal: str
) -> None:
    spec = parse_goal(goal, today=TODAY)
    sql, params = build_query(spec)
    got = engine.query(sql, params)
    expected = population[_pandas_mask(population, spec)]
    assert sorted(got["user_id"]) == sorted(expected["user_id"])
    assert len(got) > 0


def test_sql_is_readable_and_parameterised() -> None:
    spec = parse_goal("Tamil speakers in Chennai aged 25-34", today=TODAY)
    sql, params = build_query(spec, table="people")
    assert sql.splitlines()[:2] == ["SELECT *", "FROM people"]
    assert "Tamil" not in sql and "Chennai" not in sql
    assert params == ["Tamil", "Chennai", 25, 34] or set(map(str, params)) == {"Tamil", "Chennai", "25", "34"}
    count_sql, _ = build_query(spec, select="count")
    assert count_sql.startswith("SELECT count(*) AS n")


def test_injection_in_values_stays_a_parameter(engine: DuckDBEngine) -> None:
    evil = "x'); DROP TABLE users; --"
    spec = GoalSpec.model_construct(
        goal=evil, filters=[Filter.model_construct(column="city", op="eq", value=evil)]
    )
    sql, params = build_query(spec)
    assert evil not in sql and params == [evil]
    assert len(engine.query(sql, params)) == 0
    assert int(engine.scalar("SELECT count(*) FROM users")) > 0  # table still there


@pytest.mark.parametrize("table", ["users; DROP TABLE users", "1abc", "a b", ""])
def test_bad_table_names_are_rejected(table: str) -> None:
    with pytest.raises(InputError, match="identifier"):
        build_query(GoalSpec(goal="x"), table=table)


def test_unknown_column_cannot_reach_sql() -> None:
    spec = GoalSpec.model_construct(
        goal="x", filters=[Filter.model_construct(column="1=1; --", op="eq", value=1)]
    )
    with pytest.raises(InputError):
        build_query(spec)


def test_no_filters_selects_everyone(engine: DuckDBEngine, population: pd.DataFrame) -> None:
    sql, params = build_query(GoalSpec(goal="everyone"))
    assert len(engine.query(sql, params)) == len(population)


def test_explain_empty_names_the_filter_that_empties_the_result(engine: DuckDBEngine) -> None:
    spec = parse_goal("retired Gen Z in Goa", today=TODAY)
    err = explain_empty(engine, spec)
    assert isinstance(err, EmptyResultError)
    assert err.details["filter"]["column"] == "occupation"
    assert "Relax" in err.message and "occupation = Retired" in err.message
    counts = {c["filter"]: c for c in err.details["counts"]}
    assert counts["occupation = Retired"]["without"] > 0


def test_explain_empty_progressive_when_no_single_filter_is_to_blame() -> None:
    eng = DuckDBEngine()
    eng.register(
        "users",
        pd.DataFrame(
            {
                "age": [20, 20, 60, 60],
                "gender": ["Male", "Female", "Male", "Female"],
                "city": ["Pune", "Pune", "Delhi", "Delhi"],
            }
        ),
    )
    spec = GoalSpec(
        goal="g",
        filters=[
            Filter(column="age", op="lte", value=30),
            Filter(column="city", op="eq", value="Delhi"),
            Filter(column="gender", op="eq", value="Female"),
        ],
    )
    err = explain_empty(eng, spec)
    assert err is not None
    # Dropping age or city alone restores people; the one whose removal brings most back is named.
    assert err.details["filter"]["column"] in ("age", "city")
    assert err.details["total"] == 4


def test_explain_empty_returns_none_when_people_match(engine: DuckDBEngine) -> None:
    assert explain_empty(engine, parse_goal("women in metros", today=TODAY)) is None


def test_select_audience_raises_the_explanation(engine: DuckDBEngine) -> None:
    with pytest.raises(EmptyResultError, match="occupation = Retired"):
        select_audience(engine, parse_goal("retired Gen Z in Goa", today=TODAY))
    assert len(select_audience(engine, parse_goal("moms", today=TODAY))) > 0


def test_missing_table_is_a_data_error() -> None:
    with pytest.raises(DataError, match="users"):
        select_audience(DuckDBEngine(), parse_goal("moms", today=TODAY))
