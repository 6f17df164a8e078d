"""The event-log trust use cases run through an engine by path and give the in-memory results (issue 18).

``diff_event_logs``/``diff_events``, ``representation_events``, ``privacy_events`` and
``backtest_event_log`` find a log's personas as ``run_simulation(engine=...)`` does: the file
is read in place and clustered in the engine; a log with at most ``sample_users`` users gives
the in-memory figures. The Spark side is ``tests/engine/test_spark_trust_events.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import synthpersona.usecases._simulation_personas as personas_step
from synthpersona.simulation import make_sample_events
from synthpersona.usecases import simulation, trust, trust_events


def write_log(path: Path, seed: int, n_users: int = 80) -> Path:
    log = make_sample_events(n_users=n_users, random_state=seed)
    log.assign(timestamp=log["timestamp"].astype("datetime64[ns]")).to_parquet(path)
    return path


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("logs")
    return write_log(folder / "old.parquet", 0), write_log(folder / "new.parquet", 1)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The engines the logs were opened in by path (``open_log_by_path``)."""
    seen: list[str] = []
    real = personas_step.open_log_by_path

    def spy(source: Any, engine: Any, **kw: Any) -> Any:
        seen.append(str(getattr(engine, "name", engine)))
        return real(source, engine, **kw)

    monkeypatch.setattr(personas_step, "open_log_by_path", spy)
    return seen


def test_diff_and_representation_by_path_equal_the_in_memory_ones(
    logs: tuple[Path, Path], opened: list[str]
) -> None:
    kw: dict[str, Any] = {"k": 2, "k_anonymity": 5}
    memory = trust.diff_event_logs(*logs, **kw).summary()
    assert opened == []
    by_path = trust.diff_event_logs(*logs, engine="duckdb", **kw).summary()
    assert opened == ["duckdb", "duckdb"]  # both logs read in place and clustered in the engine
    assert by_path == memory
    chained = [d.summary() for d in trust.diff_events(list(logs), engine="duckdb", **kw)]
    assert chained == [d.summary() for d in trust.diff_events(list(logs), **kw)]
    rep = trust.representation_events(logs[1], engine="duckdb", k=2).summary()
    assert rep == trust.representation_events(logs[1], k=2).summary()


def test_privacy_and_backtest_by_path_equal_the_in_memory_ones(
    logs: tuple[Path, Path], opened: list[str]
) -> None:
    report, shown = trust.privacy_events(logs[0], k=2, engine="duckdb")
    assert opened == ["duckdb"]  # privacy_events read the file whole before
    want, want_shown = trust.privacy_events(logs[0], k=2)
    assert report.summary() == want.summary() and shown == want_shown
    bt = trust.backtest_event_log(logs[0], k=2, engine="duckdb", sample_users=50)
    assert bt.summary() != trust.backtest_event_log(logs[0], k=2).summary()  # 80 users: a sample of ~50
    assert trust.backtest_event_log(logs[0], k=2, engine="duckdb").summary() == (
        trust.backtest_event_log(logs[0], k=2).summary()
    )


def test_the_setting_and_a_simulation_compared_to_an_earlier_log_use_the_engine(
    logs: tuple[Path, Path], opened: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SYNTHPERSONA_ENGINE", "duckdb")
    trust.representation_events(logs[0], k=2)
    assert opened == ["duckdb"]
    monkeypatch.delenv("SYNTHPERSONA_ENGINE")
    asked: list[Any] = []

    def old_run(*args: Any, engine: Any = None, **kw: Any) -> Any:
        asked.append(engine)
        raise RuntimeError("stop here")

    monkeypatch.setattr(trust_events, "previous_run", old_run)
    with pytest.raises(RuntimeError, match="stop here"):
        simulation.run_simulation(
            logs[1], engine="duckdb", compare_to=logs[0], k=2, validate=False, deck=False
        )
    assert asked == ["duckdb"]  # the earlier log is read as this one (was: in memory)
