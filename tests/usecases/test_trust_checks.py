"""The privacy checks are one registry: CLI and API choices, errors and reports come from it (issue 21)."""

from __future__ import annotations

import pytest

from synthpersona.api._trust import PrivacyRequest
from synthpersona.cli import app
from synthpersona.errors import InputError
from synthpersona.trust import planted_table
from synthpersona.usecases.trust_checks import PRIVACY_CHECKS, check_for, check_privacy, one_of
from synthpersona.usecases.trust_privacy import privacy_lines


def test_the_api_fields_and_the_cli_inputs_are_the_registry() -> None:
    fields = PrivacyRequest.model_json_schema()["properties"]
    for check in PRIVACY_CHECKS.values():
        assert check.help in fields[check.api_field]["description"]
    inputs = {"dataset_id", "goal", "events_dataset_id"}
    assert {c.api_field for c in PRIVACY_CHECKS.values()} == inputs == {f for f in fields if f in inputs}
    import typer

    command = typer.main.get_command(app).commands["privacy"]  # type: ignore[attr-defined]
    helps = {p.name: getattr(p, "help", None) for p in command.params}
    assert [helps["table"], helps["goal"], helps["events"]] == [c.help for c in PRIVACY_CHECKS.values()]
    assert one_of("api") == "exactly one of 'dataset_id', 'goal' or 'events_dataset_id'"


def test_one_input_names_the_check_and_none_or_two_are_refused_listing_all() -> None:
    assert check_for({"table": "t.csv", "goal": None, "events": None}, "cli").name == "table"
    with pytest.raises(InputError, match="exactly one of TABLE \\(a file\\), --goal TEXT or --events FILE"):
        check_for({"table": None, "goal": None, "events": None}, "cli")
    with pytest.raises(InputError, match="'epsilon' \\(Laplace noise\\) applies to tables"):
        check_privacy("goal", "students", epsilon=1.0)
    with pytest.raises(InputError, match="use one of table, goal, events"):
        check_privacy("anchors", "x")


def test_every_check_runs_from_the_registry_and_reports_in_its_unit() -> None:
    report, published, shown = check_privacy(
        "table", planted_table(600, random_state=0).pipe(_saved), k_anonymity=5
    )
    assert report.ok and published == report.summary() and shown
    assert "at least 5 records" in privacy_lines(published)[0]
    assert "at least 5 audience members" in privacy_lines({"k": 5, "personas": []}, kind="goal")[0]
    assert "at least 5 users" in privacy_lines({"k": 5, "personas": []}, kind="events")[0]


def _saved(df):  # type: ignore[no-untyped-def]
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "leads.csv"
    df.drop(columns=["_segment"]).to_csv(path, index=False)
    return path
