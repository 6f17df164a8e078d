"""The bundled sample: reproducible, shipped in the repository, generated on first use when installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthpersona.simulation import load_event_log, make_sample_events, sample
from synthpersona.simulation.sample import SAMPLE_USERS, sample_events_path

REPO_SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample_events.csv"


def test_repository_sample_is_the_generator_output() -> None:
    assert REPO_SAMPLE.read_text() == make_sample_events().to_csv(index=False)
    assert REPO_SAMPLE.stat().st_size < 400_000
    assert sample_events_path() == REPO_SAMPLE


def test_installed_package_generates_the_sample_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sample, "_repo_sample", lambda: None)
    path = sample_events_path()
    assert path.name == "sample_events.csv" and path.is_file()
    assert path.read_text() == REPO_SAMPLE.read_text()
    log = load_event_log(path)
    assert log["user_id"].nunique() == SAMPLE_USERS


def test_generator_is_seeded() -> None:
    a = make_sample_events(n_users=50, random_state=3, with_group=True)
    b = make_sample_events(n_users=50, random_state=3, with_group=True)
    assert a.equals(b)
    assert not a.equals(make_sample_events(n_users=50, random_state=4, with_group=True))
    assert set(a["_group"]) <= {"decisive", "researcher", "comparer", "bouncer"}
