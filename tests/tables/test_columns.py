"""Forgiving column names, the yes/no target flag and category cleaning."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synthpersona.errors import DataError
from synthpersona.tables import LEADS_COLUMNS, match_roles, norm_name, parse_flag, resolve_columns
from synthpersona.tables._columns import clean_categories

TRUE_WORDS = ["TRUE", "1", "yes", "Y", "t"]
FALSE_WORDS = ["FALSE", "0", "no", "N", "f"]


@pytest.mark.parametrize(
    "variant", ["job_title", "Job Title", "JOB-TITLE", "JobTitle", " job  title ", "Jöb Títle"]
)
def test_column_names_match_forgivingly(variant: str) -> None:
    assert norm_name(variant) == norm_name("Job Title")
    assert resolve_columns(["State", variant], ["Job Title"]) == [variant]


def test_seed_columns_map_to_roles_even_with_export_spellings() -> None:
    cols = [
        "state",
        "industry",
        "job_title",
        "education_level",
        "age range",
        "YEARS_OF_EXPERIENCE",
        "GENDER",
        "lead-source",
        "IS_SALE",
        "Email",
    ]
    roles = match_roles(cols)
    assert set(roles) == {
        "state",
        "industry",
        "job_title",
        "education",
        "age",
        "experience",
        "gender",
        "lead_source",
        "target",
    }
    assert roles["target"] == "IS_SALE"
    assert "Email" not in roles.values()
    assert len(LEADS_COLUMNS) == 9


def test_missing_column_lists_close_matches() -> None:
    with pytest.raises(DataError) as err:
        resolve_columns(["State", "Industry", "Job Title", "Lead Src"], ["Lead Source", "Job Titel"])
    e = err.value
    assert e.code == "missing_column"
    assert "'Lead Source'" in e.message and "'Job Titel'" in e.message
    assert e.details["suggestions"]["Job Titel"] == ["Job Title"]
    assert "Lead Src" in e.details["suggestions"]["Lead Source"]
    assert e.details["available"] == ["State", "Industry", "Job Title", "Lead Src"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.booleans(),
            st.integers(0, 4),
            st.sampled_from(["lower", "upper", "title"]),
            st.sampled_from(["", " ", "  "]),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_flag_parsing_accepts_any_case_and_spacing(cells: list[tuple[bool, int, str, str]]) -> None:
    raw, expected = [], []
    for truth, i, case, pad in cells:
        word = (TRUE_WORDS if truth else FALSE_WORDS)[i]
        raw.append(pad + getattr(word, case)() + pad)
        expected.append(truth)
    flag, known = parse_flag(pd.Series(raw))
    assert flag.tolist() == expected
    assert known.all()


def test_blank_flags_are_unknown_not_false() -> None:
    flag, known = parse_flag(pd.Series(["yes", None, "", "no"]))
    assert known.tolist() == [True, False, False, True]
    assert flag.tolist() == [True, False, False, False]


def test_non_flag_target_shows_examples() -> None:
    values = pd.Series(["yes", "no", "maybe", "pending", "maybe", "2", "no"])
    with pytest.raises(DataError) as err:
        parse_flag(values, "is_sale")
    e = err.value
    assert e.code == "target_not_flag"
    assert "'maybe'" in e.message and "'is_sale'" in e.message
    assert e.details["examples"][0] == "maybe"  # most frequent bad value first
    assert set(e.details["examples"]) == {"maybe", "pending", "2"}
    assert "TRUE/FALSE" in e.message


def test_clean_categories_trims_merges_case_and_counts_blanks() -> None:
    col = clean_categories(pd.Series([" Banking ", "banking", "Banking", None, "", "Retail", "n/a"]))
    assert col.levels == ["Banking", "Retail", "Unknown"]
    assert col.n_blank == 3
    assert col.codes.tolist() == [0, 0, 0, 2, 2, 1, 2]
    assert np.bincount(col.codes).sum() == 7
