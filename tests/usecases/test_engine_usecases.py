"""engine= on the clickstream use cases: the same personas whether clustered in memory or in the engine."""

from __future__ import annotations

import numpy as np
import pytest

from synthpersona.engine import DuckDBEngine
from synthpersona.errors import InputError
from synthpersona.simulation import make_sample_events
from synthpersona.usecases.behaviour import analyse
from synthpersona.usecases.simulation import run_simulation


def test_run_simulation_through_an_engine_finds_the_same_personas() -> None:
    log = make_sample_events(n_users=200, random_state=4)
    kw = {"n_personas": 100, "k": 3, "validate": False, "deck": False, "random_state": 0}
    memory = run_simulation(log, **kw)  # type: ignore[arg-type]
    engine = run_simulation(log, engine=DuckDBEngine(), **kw)  # type: ignore[arg-type]
    np.testing.assert_array_equal(engine.clustering.labels, memory.clustering.labels)
    assert [p.name for p in engine.personas] == [p.name for p in memory.personas]
    assert [s.size for s in engine.segments] == [s.size for s in memory.segments]
    assert engine.experiment.stats == memory.experiment.stats
    with pytest.raises(InputError, match="Unknown engine 'postgres'"):
        run_simulation(log, engine="postgres", **kw)  # type: ignore[arg-type]


def test_behaviour_persona_groups_through_an_engine() -> None:
    log = make_sample_events(n_users=200, random_state=4)
    memory = analyse("compare", log, group_by="persona", k=3)
    engine = analyse("compare", log, group_by="persona", k=3, engine="duckdb")
    assert engine.table.equals(memory.table)
