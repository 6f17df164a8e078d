"""Behavioural personas of a log without clear segments say so, and stay true to the log."""

from __future__ import annotations

from support.planted import planted_events
from synthpersona.simulation import verify_behaviour
from synthpersona.simulation._profiling import NO_CLEAR_SEGMENTS
from synthpersona.usecases._simulation_personas import find_personas, load_log
from synthpersona.views import seed002


def _found(groups: int, seed: int):  # type: ignore[no-untyped-def]
    log, _ = planted_events(groups, users=800, random_state=seed)
    loaded = load_log(log, None, 30.0, None, None, None, None)
    found = find_personas(loaded.log, loaded.roles, None, 0, None, 5, loaded.table, loaded.sampled)
    records = [seed002.persona_record(s, p) for s, p in zip(found.segments, found.personas, strict=True)]
    return loaded, found, records


def test_personas_of_a_log_without_groups_say_there_are_no_clear_segments() -> None:
    loaded, found, records = _found(1, seed=9)  # one behaviour for everyone
    assert found.clustering.clear is False
    assert records and all(r["description"].startswith("No clear segments") for r in records)
    assert all(s.description.startswith(NO_CLEAR_SEGMENTS) for s in found.segments)
    assert all(p.attributes.get("segments_clear") is False for p in found.personas)
    # the sentence adds no claim the log does not back, and every figure after it still recomputes
    roles = {"completion_events": loaded.roles.completes, "drop_events": loaded.roles.drops}
    assert verify_behaviour(found.events, records, **roles) == []


def test_personas_of_clear_segments_do_not() -> None:
    _, found, records = _found(3, seed=2)
    assert found.clustering.clear is True
    assert not any("No clear segments" in r["description"] for r in records)
