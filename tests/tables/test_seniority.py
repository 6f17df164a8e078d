"""Seniority from job titles: the labelled list (>= 200 titles, >= 95 % accuracy) and invariances."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synthpersona.tables import SENIORITY_LEVELS, seniority_of

LABELLED = pd.read_csv(Path(__file__).with_name("data") / "job_titles_labelled.csv")


def test_labelled_list_is_large_varied_and_covers_every_level() -> None:
    assert len(LABELLED) >= 200
    assert LABELLED["title"].is_unique
    counts = LABELLED["seniority"].value_counts()
    assert set(counts.index) == set(SENIORITY_LEVELS)
    assert counts.min() >= 30


def test_accuracy_on_labelled_titles_is_at_least_95_percent() -> None:
    pred = LABELLED["title"].map(seniority_of)
    wrong = LABELLED.assign(predicted=pred)[pred != LABELLED["seniority"]]
    accuracy = 1 - len(wrong) / len(LABELLED)
    assert accuracy >= 0.95, wrong.to_string()


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Vice President", "Senior Management"),  # not "President"
        ("President", "C-Suite"),
        ("Assistant to the CEO", "Entry-Level"),  # the boss is not the person
        ("Assistant Manager", "Management"),
        ("Leadership Coach", "Professional"),  # "lead" needs a word boundary
        ("Director", "Senior Management"),  # "cto" inside "director" is not a CTO
        ("Sr. VP, Sales", "Senior Management"),
        ("Jr. Developer", "Entry-Level"),
        ("Product Owner", "Professional"),
        ("", "Unknown"),
        (None, "Unknown"),
    ],
)
def test_context_rules(title: str | None, level: str) -> None:
    assert seniority_of(title) == level


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(LABELLED["title"].tolist()),
    st.sampled_from(["lower", "upper", "title"]),
    st.sampled_from(["", " ", "  "]),
)
def test_case_and_surrounding_space_do_not_change_the_level(title: str, case: str, pad: str) -> None:
    assert seniority_of(pad + getattr(title, case)() + pad) == seniority_of(title)
