"""The table workflow's modes are one list: the core accepts exactly them, the API and CLI offer them."""

from __future__ import annotations

from typing import get_args

import pandas as pd
import pytest

from synthpersona.errors import InputError
from synthpersona.tables import TABLE_MODES, TableMode, analyze_table, table_mode_help


def test_the_modes_are_one_list() -> None:
    assert tuple(TABLE_MODES) == get_args(TableMode) == ("auto", "leads", "generic")
    assert all(f"{name}:" in table_mode_help() for name in TABLE_MODES)


def test_the_core_refuses_another_mode_and_names_the_allowed_ones() -> None:
    df = pd.DataFrame({"plan": ["a", "b"] * 20, "region": ["x", "y", "y", "x"] * 10})
    with pytest.raises(InputError) as err:
        analyze_table(df, k=2, mode="lead")
    assert all(repr(name) in str(err.value) for name in TABLE_MODES)


def test_the_api_schema_and_cli_help_offer_the_modes() -> None:
    from typer.testing import CliRunner

    from synthpersona.api import create_app
    from synthpersona.cli import app

    schema = create_app().openapi()["components"]["schemas"]["AnalyzeRequest"]["properties"]["mode"]
    assert schema["enum"] == list(TABLE_MODES)
    help_text = " ".join(CliRunner().invoke(app, ["leads", "analyze", "--help"]).output.split())
    assert all(name in help_text for name in TABLE_MODES)
