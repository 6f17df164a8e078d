"""Goal runs at scale: files read in place, large audiences segmented on a deterministic sample."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from synthpersona.errors import InputError
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


def test_a_sampled_run_reports_the_segment_sizes_of_the_whole_audience(
    population: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SYNTHPERSONA_AUDIENCE_ROWS", "1000")
    clear_cache()
    path = write_population(population, tmp_path / "u.parquet")
    run = run_goal("women", k_max=4, population=path)
    matched = population[population["gender"] == "Female"].reset_index(drop=True)
    sizes = run.meta["audience_sizes"]
    assert sizes["n"] == run.meta["subset_n"] == len(matched) > 2 * len(run.audience)
    # recomputed in pandas: every matching person through the fitted features and clustering
    seg = run.segmentation
    labels = seg.clustering.estimator.predict(seg.pipeline.transform(matched)) + 1
    want = pd.Series(labels).value_counts()
    assert sizes["sizes"] == {str(c): int(want[c]) for c in sorted(want.index)}
    assert set(sizes["sizes"]) == {str(s.segment_id) for s in run.segments}
    assert abs(sum(sizes["shares"].values()) - 1) < 1e-9
    assert "whole audience" in run.meta["notes"][0]
    json.dumps(run.to_dict())  # the sizes travel with the run
    # a run on everyone needs no second count
    monkeypatch.setenv("SYNTHPERSONA_AUDIENCE_ROWS", "200000")
    clear_cache()
    assert run_goal("women", k_max=4, population=path).meta["audience_sizes"] is None
    clear_cache()


def test_a_population_split_in_files_is_read_by_glob_or_folder(
    population: pd.DataFrame, tmp_path: Path
) -> None:
    whole = run_goal(GOAL, k_max=4, population=write_population(population, tmp_path / "u.parquet"))
    parts = tmp_path / "parts"
    parts.mkdir()
    write_population(population.iloc[:2_500], parts / "part-1.parquet")
    write_population(population.iloc[2_500:], parts / "part-2.parquet")
    for source in (str(parts / "part-*.parquet"), parts):
        run = run_goal(GOAL, k_max=4, population=source)
        assert run.meta["population_n"] == len(population)
        assert run.to_dict()["clusters"] == whole.to_dict()["clusters"]
    with pytest.raises(InputError, match="does not exist"):
        run_goal(GOAL, population=str(parts / "nothing-*.parquet"))
    clear_cache()


def test_a_sampled_run_with_latent_class_segments_counts_the_whole_audience(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # three segments that are cells of channel x media: the mixture step's latent classes read
    # category codes and signals, not k-means' feature matrix; the whole audience (by path, in the
    # engine) must be assigned with the model's own columns (before: every batch failed)
    import numpy as np

    people = generate(8_000, random_state=7)
    rng = np.random.default_rng(7)
    group = rng.choice(3, size=len(people), p=[0.4, 0.3, 0.3])
    pairs = [("Offline retail", "TV"), ("Quick commerce", "Instagram"), ("Brand website", "YouTube")]
    for j, col in enumerate(("preferred_channel", "primary_media")):
        values = people[col].astype(str).to_numpy().copy()
        take = rng.random(len(people)) < 0.7
        values[take] = np.array([pair[j] for pair in pairs])[group[take]]
        people[col] = pd.Categorical(values, categories=people[col].cat.categories)
    monkeypatch.setenv("SYNTHPERSONA_AUDIENCE_ROWS", "4000")
    clear_cache()
    run = run_goal("adults", population=write_population(people, tmp_path / "u.parquet"), k_anonymity=None)
    seg = run.segmentation
    assert seg.clustering.algorithm == "latent_class" and run.meta["sample"] is not None
    full = run.meta["audience_sizes"]
    assert full["n"] == len(people)
    # the sampled rows get their own segments back through the model's columns
    again = seg.clustering.estimator.predict(run.audience)
    assert np.mean(again == seg.labels) > 0.99
    # and the whole audience's shares are the sample's, up to sampling error
    sample_shares = np.bincount(seg.labels, minlength=seg.k) / len(seg.labels)
    assert max(abs(full["shares"][str(c + 1)] - sample_shares[c]) for c in range(seg.k)) < 0.03
    clear_cache()
