"""One word for the table workflow: the old names (leads) still work, deprecated, as the same objects."""

from __future__ import annotations

import importlib
import sys
import warnings

import pytest


@pytest.mark.parametrize(
    ("old", "new", "names"),
    [
        ("synthpersona.usecases.leads", "synthpersona.usecases.tables", ["analyze_file", "OUTPUT_FILES"]),
        (
            "synthpersona.reporting.leads",
            "synthpersona.reporting.tables",
            ["render_report", "dashboard_data"],
        ),
    ],
)
def test_old_modules_warn_and_give_the_new_names(old: str, new: str, names: list[str]) -> None:
    sys.modules.pop(old, None)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        module = importlib.import_module(old)
    assert any(issubclass(w.category, DeprecationWarning) and new in str(w.message) for w in seen)
    current = importlib.import_module(new)
    for name in names:
        assert getattr(module, name) is getattr(current, name)


def test_old_class_and_function_names_are_the_new_ones() -> None:
    from synthpersona import tables
    from synthpersona.usecases import verify

    assert tables.LeadsAnalysis is tables.TableAnalysis
    assert verify.verify_leads is verify.verify_table
    assert verify.verify_leads_dir is verify.verify_table_dir
