"""Property tests: the parser never crashes and its output is always safe to run."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synthpersona import schema
from synthpersona.errors import GoalParseError, InputError
from synthpersona.goals import GoalSpec, build_query, parse_goal

TODAY = dt.date(2026, 1, 15)
WORDS = [
    "gen z",
    "millennials",
    "moms",
    "dads",
    "parents",
    "without kids",
    "students",
    "colege",
    "in",
    "Mumbai",
    "Bombay",
    "tier-2",
    "metros",
    "rural",
    "over 40",
    "under 30",
    "25-34",
    "in their 30s",
    "45+",
    "earning",
    "50k",
    "1 lakh+",
    "₹2000",
    "headphones",
    "skincare",
    "cricket",
    "budget",
    "premium",
    "privacy-conscious",
    "EMI",
    "Tamil",
    "Instagram",
    "not",
    "and",
    "retirees",
    "women",
    "men",
    "मुंबई",
    "के",
    "छात्र",
    "shehar",
    "ki",
    "mummies",
    "naujawan",
    "ladkiyan",
    "'; DROP TABLE users; --",
    '"',
    "%",
    "?",
    "like",
    "Pune",
]
goal_text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)
any_text = st.text(max_size=120)
SAFE_CONDITION = r"\w+ (=|<>|>=|<=|BETWEEN \? AND \?|IN \((\?, )*\?\)|NOT IN \((\?, )*\?\))( \?)?"
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(spec: GoalSpec) -> None:
    sql, params = build_query(spec)
    # Only whitelisted column names and placeholders: no user text in the SQL string.
    body = sql.split("WHERE", 1)[1] if "WHERE" in sql else ""
    for cond in filter(None, (c.strip() for c in body.split("\n  AND "))):
        column = cond.split()[0]
        assert column in schema.COLUMNS, cond
        assert re.fullmatch(SAFE_CONDITION, cond), cond
    assert sql.count("?") == len(params)
    for f in spec.filters:
        if f.column == "age":
            values = f.value if isinstance(f.value, list) else [f.value]
            assert all(schema.AGE_MIN <= v <= schema.AGE_MAX for v in values)  # type: ignore[operator]
    GoalSpec.model_validate_json(spec.model_dump_json())  # valid and JSON-serialisable


@FAST
@given(any_text)
def test_arbitrary_text_parses_or_raises_goal_parse_error(text: str) -> None:
    try:
        spec = parse_goal(text, today=TODAY, semantic=False)
    except GoalParseError:
        return
    _check(spec)


@FAST
@given(goal_text)
def test_goal_like_text_gives_valid_safe_specs(text: str) -> None:
    try:
        spec = parse_goal(text, today=TODAY, semantic=False)
    except GoalParseError:
        return
    _check(spec)
    # A SQL injection attempt can only ever travel as a parameter.
    assert "DROP" not in build_query(spec)[0]


@settings(max_examples=25, deadline=None)
@given(goal_text)
def test_semantic_mode_is_also_safe(text: str) -> None:
    try:
        spec = parse_goal(text, today=TODAY)
    except GoalParseError:
        return
    _check(spec)


def _variants(text: str) -> list[str]:
    # Hyphens between words are spelling ("tier-2", "gen-z"); between digits they are ranges.
    unhyphen = re.sub(r"(?<=[A-Za-z])-|-(?=[A-Za-z])", " ", text)
    return [text.upper(), text.title(), f"  {text}  ", text.replace(" ", "  "), unhyphen]


@FAST
@given(goal_text)
def test_case_whitespace_and_hyphen_invariance(text: str) -> None:
    def result(t: str) -> object:
        try:
            return parse_goal(t, today=TODAY, semantic=False).filters
        except GoalParseError:
            return "error"

    base = result(text)
    for v in _variants(text):
        got = result(v)
        if isinstance(base, list) and isinstance(got, list):
            assert [(f.column, f.op, f.value) for f in got] == [(f.column, f.op, f.value) for f in base], v
        else:
            assert got == base, v


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=120), st.integers(min_value=0, max_value=120))
def test_age_ranges_are_clipped_and_ordered(a: int, b: int) -> None:
    try:
        spec = parse_goal(f"women aged {a}-{b}", today=TODAY, semantic=False)
    except (GoalParseError, InputError):
        return
    for f in spec.filters_on("age"):
        if f.op == "between":
            lo, hi = f.value  # type: ignore[misc]
            assert schema.AGE_MIN <= lo <= hi <= schema.AGE_MAX
