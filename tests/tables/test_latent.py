"""The latent class model: recovers planted classes, picks k by BIC, is deterministic."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from synthpersona.errors import InputError
from synthpersona.tables import LatentClassModel


def _planted(n: int = 3000, k: int = 3, cols: int = 6, levels: int = 5, p: float = 0.7, seed: int = 0):
    rng = np.random.default_rng(seed)
    z = rng.integers(0, k, n)
    codes = []
    for _j in range(cols):
        fav = rng.integers(0, levels, k)
        noise = rng.integers(0, levels, n)
        codes.append(np.where(rng.random(n) < p, fav[z], noise))
    return z, codes, [levels] * cols


def test_recovers_planted_classes_and_their_number() -> None:
    z, codes, levels = _planted()
    model = LatentClassModel(k_max=6, random_state=0).fit(codes, levels)
    assert model.k_ == 3
    assert adjusted_rand_score(z, model.labels_) > 0.9
    assert [c["k"] for c in model.candidates_] == [2, 3, 4, 5, 6]
    assert np.bincount(model.labels_).tolist() == sorted(np.bincount(model.labels_).tolist(), reverse=True)


def test_same_seed_same_labels_and_fixed_k() -> None:
    _, codes, levels = _planted(seed=1)
    a = LatentClassModel(4, random_state=5).fit(codes, levels).labels_
    b = LatentClassModel(4, random_state=5).fit(codes, levels).labels_
    assert np.array_equal(a, b)
    assert len(np.unique(a)) == 4


def test_sampled_fit_still_labels_every_row() -> None:
    z, codes, levels = _planted(n=5000)
    model = LatentClassModel(3, fit_sample=1000, random_state=0).fit(codes, levels)
    assert model.sampled_ and len(model.labels_) == 5000
    assert adjusted_rand_score(z, model.labels_) > 0.85


def test_random_starts_on_a_small_sample_still_find_the_classes() -> None:
    # the starts only rank themselves on 300 rows; the winner is refined on all 6,000
    z, codes, levels = _planted(n=6000, k=4, p=0.6, seed=2)
    model = LatentClassModel(k_max=6, start_sample=300, random_state=0).fit(codes, levels)
    full = LatentClassModel(k_max=6, start_sample=6000, random_state=0).fit(codes, levels)
    assert model.k_ == full.k_ == 4
    # as good as starting on every row (0.8 is what this much noise allows)
    assert adjusted_rand_score(z, model.labels_) > adjusted_rand_score(z, full.labels_) - 0.02 > 0.75


def test_sample_sizes_below_100_rows_are_refused() -> None:
    _, codes, levels = _planted(n=500)
    with pytest.raises(InputError, match="start_sample must be at least 100"):
        LatentClassModel(3, start_sample=5).fit(codes, levels)
