"""TableOptions: the one parameters object of analyze_table / analyze_frame / analyze_file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from synthpersona.errors import InputError
from synthpersona.tables import TableOptions, analyze_table
from synthpersona.usecases.tables import analyze_file, analyze_frame, options_of
from tables._data import make_leads  # tests/tables (tests/ is on sys.path)

# Roles given for the columns whose capitalised words could be people's names: their roles are
# then not detected, so no header's meaning is embedded and this test needs no language model.
ROLES = {"Industry": "category", "Job Title": "category", "Education Level": "category", "Gender": "category"}


def test_an_object_and_the_old_keywords_give_the_same_analysis(tmp_path: Path) -> None:
    df = make_leads(400, seed=3)
    by_keywords = analyze_table(df, k=3, exclude=["_segment"], roles=ROLES, random_state=2)
    by_object = analyze_table(df, TableOptions(k=3, exclude=["_segment"], roles=ROLES, random_state=2))
    assert np.array_equal(by_keywords.labels, by_object.labels)
    assert [p.name for p in by_keywords.personas] == [p.name for p in by_object.personas]
    assert {c.column: c.role for c in by_object.columns if c.column in ROLES} == ROLES
    path = tmp_path / "leads.csv"
    df.to_csv(path, index=False)
    opts = TableOptions(k=3, exclude=["_segment"], roles=ROLES, random_state=2, k_anonymity=None)
    from_file = analyze_file(path, opts.with_(k=2))  # keywords given beside an object win
    assert from_file.k == 2 and from_file.privacy is None
    protected = analyze_frame(df, opts, k_anonymity=5)
    assert protected.privacy is not None and protected.privacy["k"] == 5


def test_a_misspelt_option_is_refused_before_any_work_with_the_allowed_names(tmp_path: Path) -> None:
    missing = tmp_path / "not-read.csv"  # never opened: the option is checked first
    with pytest.raises(InputError, match=r"'kk'\. Did you mean 'k'\?.*k_anonymity") as err:
        analyze_file(missing, kk=3)
    assert err.value.code == "unknown_option"
    with pytest.raises(InputError, match="random_state"):
        options_of({"random_sate": 1})


def test_a_stored_params_record_splits_into_options_and_the_sheet() -> None:
    options, sheet = options_of({"k": "auto", "roles": ["Owner=category"], "sheet": "Leads"})
    assert options == TableOptions(k="auto", roles=["Owner=category"]) and sheet == "Leads"
