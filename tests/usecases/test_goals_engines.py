"""Goal runs at scale: files read in place, large audiences segmented on a deterministic sample."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from synthpersona.goals import AudienceSample
from synthpersona.population import generate, write_population
from synthpersona.usecases.goals import clear_cache, run_goal
from synthpersona.usecases.verify import verify_dir, verify_run, write_members

GOAL = "millennials in tier-1 cities"


@pytest.fixture(scope="module")
def population() -> pd.DataFrame:
    return generate(6_000, random_state=2)


def _md5_sample(ids: pd.Series, sample: AudienceSample) -> set[int]:
    """The sample recomputed in Python: md5 of "<user_id>:<random_state>" below the cut."""
    keep = [
        int(i)
        for i in ids
        if hashlib.md5(f"{int(i)}:{sample.random_state}".encode()).hexdigest()[:8] < sample.threshold
    ]
    return set(keep)


def test_file_and_frame_give_the_same_run(population: pd.DataFrame, tmp_path: Path) -> None:
    path = write_population(population, tmp_path / "u.parquet")
    a = run_goal(GOAL, k_max=4, population=population)
    b = run_goal(GOAL, k_max=4, population=path, engine="duckdb")
    assert [s.size for s in a.segments] == [s.size for s in b.segments]
    assert a.to_dict()["clusters"] == b.to_dict()["clusters"]
    assert a.to_dict()["personas"] == b.to_dict()["personas"]
    assert b.meta["engine"] == "duckdb" and b.meta["sample"] is None


def test_a_large_audience_is_segmented_on_a_true_deterministic_sample(
    population: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SYNTHPERSONA_AUDIENCE_ROWS", "1000")
    clear_cache()
    path = write_population(population, tmp_path / "u.parquet")
    run = run_goal("women", k_max=4, population=path)
    assert [f.describe() for f in run.spec.filters] == ["gender = Female"]
    matched = population[population["gender"] == "Female"]
    assert run.meta["subset_n"] == len(matched) > 1000
    sample = AudienceSample.from_meta(run.meta["sample"])
    assert sample is not None
    # exactly the people whose hash falls below the cut, in user_id order
    assert run.audience["user_id"].tolist() == sorted(_md5_sample(matched["user_id"], sample))
    assert abs(len(run.audience) - 1000) < 150 and run.meta["sample"]["rows"] == len(run.audience)
    assert sum(s.size for s in run.segments) == len(run.audience)
    assert "random sample" in run.meta["notes"][0]
    assert verify_run(run) == []
    # the folder form re-selects the same sample from the population and finds every claim true
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "run.json").write_text(json.dumps(run.to_dict()))
    write_members(run, folder)
    assert verify_dir(folder, population=path) == []
    # another random_state draws another sample
    other = run_goal("women", k_max=4, population=path, random_state=1)
    assert other.audience["user_id"].tolist() != run.audience["user_id"].tolist()
    clear_cache()
