"""Every use case that reads data takes ``engine=`` and hands it on (issue 18).

The list below is the one the docs give (docs/deployment.md, "Which use cases take
engine="); the LLM use cases (chat, scenarios) are not in it: their ``engine`` is the LLM
engine. A misspelt engine name must be refused with the allowed names, proving the
argument reaches the engine registry instead of being dropped; the table use cases must
count through the engine they are given.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import synthpersona.tables.sql as table_sql
from synthpersona.engine import engine_for_source
from synthpersona.errors import ConfigError, InputError
from synthpersona.population import generate, write_population
from synthpersona.usecases import behaviour, goals, simulation, tables, trust, trust_versions, verify
from tables._data import make_leads  # tests/tables (tests/ is on sys.path)

ENGINE_USECASES: list[Callable[..., Any]] = [
    goals.run_goal,
    tables.analyze_file,
    tables.analyze_frame,
    simulation.run_simulation,
    behaviour.analyse,
    trust.backtest_goal,
    trust.backtest_frame,
    trust.backtest_table,
    trust.privacy_goal,
    trust.privacy_frame,
    trust.privacy_table,
    trust.representation_goal,
    trust.representation_frame,
    trust.representation_table,
    trust.diff_event_logs,
    trust.diff_events,
    trust.representation_events,
    trust.privacy_events,
    trust.backtest_event_log,
    simulation.find_behaviour_personas,
    trust_versions.diff_frames,
    trust_versions.diff_runs,
    verify.verify_dir,
    verify.verify_path,
]


@pytest.mark.parametrize("func", ENGINE_USECASES, ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_every_data_use_case_takes_engine(func: Callable[..., Any]) -> None:
    param = inspect.signature(func).parameters.get("engine")
    assert param is not None and param.kind is inspect.Parameter.KEYWORD_ONLY and param.default is None


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("leads") / "leads.csv"
    make_leads(400, seed=2).drop(columns=["_segment"]).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_population(generate(2_000, random_state=1), tmp_path_factory.mktemp("pop") / "p.parquet")


def _calls(table: Path, people: Path) -> dict[str, Callable[[Any], Any]]:
    return {
        "run_goal": lambda e: goals.run_goal("women", population=people, engine=e),
        "analyze_file": lambda e: tables.analyze_file(table, k=3, engine=e),
        "backtest_goal": lambda e: trust.backtest_goal("women", population=people, engine=e),
        "backtest_table": lambda e: trust.backtest_table(table, k=3, engine=e),
        "privacy_goal": lambda e: trust.privacy_goal("women", population=people, engine=e),
        "privacy_table": lambda e: trust.privacy_table(table, k=3, engine=e),
        "representation_goal": lambda e: trust.representation_goal("women", population=people, engine=e),
        "representation_table": lambda e: trust.representation_table(table, k=3, engine=e),
        "diff_tables": lambda e: trust_versions.diff_tables([table, table], k=3, engine=e),
        # event logs: None is the bundled sample log, read by path through the engine
        "diff_event_logs": lambda e: trust.diff_event_logs(None, None, k=2, engine=e),
        "representation_events": lambda e: trust.representation_events(None, k=2, engine=e),
        "privacy_events": lambda e: trust.privacy_events(None, k=2, engine=e),
    }


@pytest.mark.parametrize(
    "name",
    [
        "run_goal",
        "analyze_file",
        "backtest_goal",
        "backtest_table",
        "privacy_goal",
        "privacy_table",
        "representation_goal",
        "representation_table",
        "diff_tables",
        "diff_event_logs",
        "representation_events",
        "privacy_events",
    ],
)
def test_a_misspelt_engine_is_refused_with_the_allowed_names(name: str, table: Path, people: Path) -> None:
    with pytest.raises(InputError, match=r"Unknown engine 'duckbd'.*Allowed: duckdb, spark"):
        _calls(table, people)[name]("duckbd")


@pytest.mark.parametrize("name", ["analyze_file", "backtest_table", "privacy_table", "representation_table"])
def test_table_use_cases_count_through_the_engine_they_are_given(
    name: str, table: Path, people: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    real = table_sql.count_in_engine

    def spy(engine: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(engine.name)
        return real(engine, *args, **kwargs)

    monkeypatch.setattr(table_sql, "count_in_engine", spy)
    _calls(table, people)[name]("duckdb")
    assert seen and set(seen) == {"duckdb"}


def test_the_engine_setting_reads_an_event_log_by_path_in_the_event_log_use_cases(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``SYNTHPERSONA_ENGINE`` is the default engine of the event-log use cases for a log by path
    (here the bundled sample); a DataFrame stays in memory unless ``engine=`` is given."""
    from synthpersona.simulation import load_event_log, sample_events_path

    monkeypatch.setenv("SYNTHPERSONA_ENGINE", "duckdb")
    run = simulation.run_simulation(k=2, n_personas=50, validate=False, deck=False)
    assert run.engine == "duckdb"
    assert behaviour.analyse("graph", min_share=0.3).params["engine"] == "duckdb"
    frame = load_event_log(sample_events_path())
    assert "engine" not in behaviour.analyse("graph", frame, min_share=0.3).params
    monkeypatch.setenv("SYNTHPERSONA_ENGINE", "duckbd")  # a misspelt setting names the variable
    with pytest.raises(ConfigError, match="SYNTHPERSONA_ENGINE='duckbd'"):
        simulation.find_behaviour_personas(k=2)


def test_the_engine_setting_leaves_a_json_lines_log_in_memory_and_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The engines read Parquet and delimited text by path; a JSON-lines export (Segment, PostHog)
    under ``SYNTHPERSONA_ENGINE`` is read in memory as without the setting, with a note."""
    from synthpersona.simulation import load_event_log, sample_events_path

    frame = load_event_log(sample_events_path())[["user_id", "event", "timestamp"]]
    path = tmp_path / "log.jsonl"
    frame.assign(timestamp=frame["timestamp"].astype(str)).to_json(path, orient="records", lines=True)
    monkeypatch.setenv("SYNTHPERSONA_ENGINE", "duckdb")
    run = simulation.run_simulation(path, k=2, n_personas=50, validate=False, deck=False)
    assert run.engine is None
    assert any("'log.jsonl' was read in memory" in n for n in run.notes)
    assert len(simulation.find_behaviour_personas(path, k=2)) == 2
    assert behaviour.analyse("graph", path, min_share=0.3).params.get("engine") is None
    assert engine_for_source(path.with_suffix(".parquet")) == "duckdb"  # a Parquet log still goes in place
