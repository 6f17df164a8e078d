"""RunService: request keys carry the population identity, data directory included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from synthpersona.config import Settings
from synthpersona.store import Store
from synthpersona.usecases.goals import population_identity
from synthpersona.usecases.service import RunService


class _Runner:
    """A ``run_goal`` double that counts computations and returns a new run each time."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, goal: str, **params: Any) -> dict[str, Any]:
        self.calls += 1
        return {"run_id": f"run_{self.calls}", "goal": goal, "clusters": [], "personas": {}, "meta": {}}


def test_request_key_follows_the_data_dir(tmp_path: Path) -> None:
    store = Store("sqlite://")
    a, b = Settings(home=tmp_path / "a"), Settings(home=tmp_path / "b")
    params = {"k_max": 4, "random_state": 0}
    key_a = RunService(store, settings=a).request_key("gen z", params)
    assert key_a != RunService(store, settings=b).request_key("gen z", params)
    assert key_a == RunService(store, settings=Settings(home=tmp_path / "a")).request_key("gen z", params)
    assert population_identity(a) != population_identity(b)


def test_two_data_dirs_do_not_share_runs_the_same_one_does(tmp_path: Path) -> None:
    # one database (e.g. PostgreSQL) behind services for two data directories
    store, runner = Store("sqlite://"), _Runner()
    a = RunService(store, runner=runner, settings=Settings(home=tmp_path / "a"))
    b = RunService(store, runner=runner, settings=Settings(home=tmp_path / "b"))
    try:
        run_a, cached = a.generate("college students", k_max=4)
        assert not cached and runner.calls == 1
        run_b, cached = b.generate("college students", k_max=4)
        assert not cached and runner.calls == 2, "a run of another data dir must not be served"
        assert run_b.run_id != run_a.run_id
        # same settings, fresh service (a restart): served from the store, not recomputed
        again = RunService(store, runner=runner, settings=Settings(home=tmp_path / "a"))
        run_again, cached = again.generate("college  students", k_max=4)
        assert cached and runner.calls == 2 and run_again.run_id == run_a.run_id
        again.shutdown()
    finally:
        a.shutdown()
        b.shutdown()


def test_progress_reaches_the_runner_but_not_the_request_key(tmp_path: Path) -> None:
    seen: list[str] = []

    def runner(goal: str, *, progress: Any = None, **params: Any) -> dict[str, Any]:
        assert "progress" not in params
        if progress is not None:
            progress("parse")
        return {"run_id": "run_p", "goal": goal, "clusters": [], "personas": {}, "meta": {}}

    service = RunService(Store("sqlite://"), runner=runner, settings=Settings(home=tmp_path))
    try:
        _, cached = service.generate("gen z", progress=seen.append, k_max=4)
        assert not cached and seen == ["parse"]
        _, cached = service.generate("gen z", k_max=4)  # the same request without a watcher
        assert cached
    finally:
        service.shutdown()


def test_goal_run_is_the_typed_run_behind_a_stored_run(tmp_path: Path) -> None:
    import functools

    import pytest

    from synthpersona.errors import NotFoundError
    from synthpersona.population import generate
    from synthpersona.usecases.goals import GoalRun, run_goal

    runner = functools.partial(run_goal, population=generate(3_000, random_state=1))
    service = RunService(Store("sqlite://"), runner=runner, settings=Settings(home=tmp_path))
    try:
        run, _ = service.generate("women in tier-1 cities", k_max=3)
        typed = service.goal_run(run.run_id)
        assert isinstance(typed, GoalRun) and typed.run_id == run.source_run_id
        # the typed run's members are the stored clusters' members, counted again
        assert {s.segment_id: len(s.member_ids) for s in typed.segments} == {
            c["cluster_id"]: c["cluster_size"] for c in run.clusters
        }
        assert service.verify(run.run_id) == []
        with pytest.raises(NotFoundError):
            service.goal_run(run.run_id, tenant="someone-else")
    finally:
        service.shutdown()


def test_one_memory_holds_the_computation_and_the_stored_run(tmp_path: Path) -> None:
    import functools
    import json
    import warnings

    import pytest

    from synthpersona.errors import NotFoundError
    from synthpersona.population import generate
    from synthpersona.usecases._memory import MEMORY
    from synthpersona.usecases.goals import clear_cache, run_goal
    from synthpersona.usecases.service import StoredRun

    clear_cache(populations=False)
    people = generate(3_000, random_state=1)
    store = Store("sqlite://")
    service = RunService(
        store, runner=functools.partial(run_goal, population=people), settings=Settings(home=tmp_path)
    )
    try:
        run, cached = service.generate("women in tier-1 cities", k_max=3)
        assert isinstance(run, StoredRun) and not cached
        # the typed run is the stored dict, given back key for key and in the same order
        stored = store.get_run(run.run_id)
        assert json.dumps(run.to_dict(), sort_keys=False) == json.dumps(stored, sort_keys=False)
        # the computation behind it is in the same memory: goal_run hands it out, not a recomputation
        computed = MEMORY.goal_run(run.source_run_id or "")
        assert computed is not None and service.goal_run(run.run_id) is computed
        assert service.get_run(run.run_id) is run  # served from memory
        # a service over another store never answers for this one
        other = RunService(Store("sqlite://"), settings=Settings(home=tmp_path))
        with pytest.raises(NotFoundError):
            other.get_run(run.run_id)
        # the old dict helpers still answer (deprecated), with the same JSON
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            assert service.clusters_response(stored, True) == run.clusters_response(True)
        assert any(issubclass(w.category, DeprecationWarning) for w in seen)
        clear_cache(populations=False)  # one place forgets both
        assert MEMORY.goal_run(run.source_run_id or "") is None
        assert service.get_run(run.run_id) is not run and service.get_run(run.run_id) == run
    finally:
        service.shutdown()
