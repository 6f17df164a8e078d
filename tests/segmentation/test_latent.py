"""The latent class model (``latent_class``): recovers planted classes, picks k by BIC, is deterministic."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from synthpersona.errors import InputError
from synthpersona.segmentation import ClusteringParams, LatentClassModel, cluster


def _planted(n: int = 3000, k: int = 3, cols: int = 6, levels: int = 5, p: float = 0.7, seed: int = 0):
    rng = np.random.default_rng(seed)
    z = rng.integers(0, k, n)
    codes = []
    for _j in range(cols):
        fav = rng.integers(0, levels, k)
        noise = rng.integers(0, levels, n)
        codes.append(np.where(rng.random(n) < p, fav[z], noise))
    return z, np.column_stack(codes), [levels] * cols


def test_recovers_planted_classes_and_their_number() -> None:
    z, codes, _ = _planted()
    model = LatentClassModel(k_max=6, random_state=0).fit(codes)
    assert model.k_ == 3
    assert adjusted_rand_score(z, model.labels_) > 0.9
    assert [c["k"] for c in model.candidates_] == [2, 3, 4, 5, 6]
    assert np.bincount(model.labels_).tolist() == sorted(np.bincount(model.labels_).tolist(), reverse=True)


def test_same_seed_same_labels_and_fixed_k() -> None:
    _, codes, levels = _planted(seed=1)
    a = LatentClassModel(4, random_state=5, n_levels=levels).fit(codes).labels_
    b = LatentClassModel(4, random_state=5, n_levels=levels).fit(codes).labels_
    assert np.array_equal(a, b)
    assert len(np.unique(a)) == 4


def test_codes_of_any_integer_type_or_as_floats_give_the_same_classes_and_stay_unchanged() -> None:
    _, codes, levels = _planted(n=2000, seed=2)
    as_int32 = np.asfortranarray(codes, dtype=np.int32)  # the table workflow's matrix
    before = as_int32.copy()
    fits = [
        LatentClassModel(3, random_state=0, n_levels=levels).fit(X)
        for X in (as_int32, codes.astype(np.int64), codes.astype(np.float64))
    ]
    assert np.array_equal(as_int32, before)  # the input is read, never written
    for other in fits[1:]:
        assert np.array_equal(fits[0].labels_, other.labels_)
        assert np.allclose(fits[0].log_prob_, other.log_prob_)


def test_sampled_fit_still_labels_every_row() -> None:
    z, codes, _ = _planted(n=5000)
    model = LatentClassModel(3, fit_sample=1000, random_state=0).fit(codes)
    assert model.sampled_ and len(model.labels_) == 5000
    assert adjusted_rand_score(z, model.labels_) > 0.85


def test_random_starts_on_a_small_sample_still_find_the_classes() -> None:
    # the starts only rank themselves on 300 rows; the winner is refined on all 6,000
    z, codes, _ = _planted(n=6000, k=4, p=0.6, seed=2)
    model = LatentClassModel(k_max=6, start_sample=300, random_state=0).fit(codes)
    full = LatentClassModel(k_max=6, start_sample=6000, random_state=0).fit(codes)
    assert model.k_ == full.k_ == 4
    # as good as starting on every row (0.8 is what this much noise allows)
    assert adjusted_rand_score(z, model.labels_) > adjusted_rand_score(z, full.labels_) - 0.02 > 0.75


def test_sample_sizes_below_100_rows_are_refused() -> None:
    _, codes, _ = _planted(n=500)
    with pytest.raises(InputError, match="start_sample must be at least 100"):
        LatentClassModel(3, start_sample=5).fit(codes)


def test_predict_assigns_new_rows_like_the_fit() -> None:
    z, codes, _ = _planted(n=4000)
    model = LatentClassModel(3, random_state=0).fit(codes[:3000])
    assert np.array_equal(model.predict(codes[:3000]), model.labels_)
    assert adjusted_rand_score(z[3000:], model.predict(codes[3000:])) > 0.9
    with pytest.raises(InputError, match="not one of the 5 category codes"):
        model.predict(np.full((2, codes.shape[1]), 7))


def test_real_valued_columns_are_binned_by_quantiles() -> None:
    # two groups that differ in the level of three continuous columns
    rng = np.random.default_rng(3)
    z = rng.integers(0, 2, 3000)
    X = rng.normal(size=(3000, 3)) + 2.5 * z[:, None]
    model = LatentClassModel(k_max=4, random_state=0).fit(X)
    assert model.k_ == 2 and all(e is not None and len(e) == 3 for e in model.bin_edges_)
    assert adjusted_rand_score(z, model.labels_) > 0.8


def test_registered_as_latent_class_with_its_own_defaults() -> None:
    _, codes, _ = _planted(n=3000)
    res = cluster(codes, ClusteringParams(algorithm="latent_class", k_max=6), data="categorical")
    assert (res.algorithm, res.k) == ("latent_class", 3)
    assert res.estimator.n_init == 3 and res.estimator.fit_sample == 20_000
    assert res.centroids is None and np.isnan(res.silhouette)
    assert res.notes[-1] == "k=3 chosen by BIC among 2..6."
    auto = cluster(codes, ClusteringParams(k_max=6), data="categorical")
    assert auto.algorithm == "latent_class" and np.array_equal(auto.labels, res.labels)


def test_no_clear_segments_when_one_class_fits_as_well() -> None:
    # the BIC of one class (independent columns) is the no-structure reference of automatic k
    _, codes, _ = _planted(n=2000, seed=3)
    planted = LatentClassModel(k_max=5, random_state=0).fit(codes).result_.selection
    flat = np.random.default_rng(4).integers(0, 5, size=(2000, 6))
    none = LatentClassModel(k_max=5, random_state=0).fit(flat).result_.selection
    assert planted is not None and planted.clear and planted.k == 3
    assert none is not None and not none.clear and none.reason.startswith("No clear segments")
    assert none.scores[1]["bic"] <= none.scores[none.k]["bic"]
    assert LatentClassModel(k=3, random_state=0).fit(codes).result_.selection is None  # fixed k: no verdict


def _mixed(n: int = 4000, seed: int = 0, structured: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """A categorical preference (60 %) plus a weak numeric shift (1 SD) per class; a noise column."""
    rng = np.random.default_rng(seed)
    z = rng.integers(0, 3, n) if structured else np.zeros(n, dtype=np.int64)
    cat = np.where(rng.random(n) < 0.6, z, rng.integers(0, 5, n))
    if not structured:
        cat = rng.integers(0, 5, n)
    shift = np.array([0.0, 1.0, -1.0])[z] if structured else 0.0
    X = np.column_stack([cat, 50.0 + 10.0 * (shift + rng.normal(size=n)), rng.standard_t(5, n)])
    return z, X


def test_mixed_data_classes_from_a_categorical_preference_and_a_weak_numeric_shift() -> None:
    z, X = _mixed()
    res = cluster(X, ClusteringParams(algorithm="latent_class", k_max=5, options={"gaussian": [1, 2]}))
    model = res.estimator
    assert res.k == 3 and res.selection is not None and res.selection.clear
    assert adjusted_rand_score(z, res.labels) > 0.42  # the Bayes classifier of the generator: 0.48
    # the numeric column enters as a normal per class (mean in standard deviations), not as bins
    assert model.means_.shape == (2, 3) and np.ptp(model.means_[0]) > 1.5 and np.ptp(model.means_[1]) < 0.3
    assert model.n_levels_.tolist() == [5] and np.array_equal(model.predict(X), res.labels)


def test_mixed_data_without_classes_is_one_class() -> None:
    _, X = _mixed(structured=False, seed=2)
    sel = LatentClassModel(k_max=4, gaussian=[1, 2], random_state=0).fit(X).result_.selection
    assert sel is not None and not sel.clear
    with pytest.raises(InputError, match="gaussian must list distinct column indices"):
        LatentClassModel(gaussian=[3]).fit(X)


def test_a_partition_is_scored_on_the_rows_the_model_was_fitted_on() -> None:
    # BIC grows with the row count: k-means' partition (here: the model's own classes) is comparable
    # with bic_ only on the fit sample, where it scores the same optimum
    _, codes, _ = _planted(n=5000)
    model = LatentClassModel(3, fit_sample=1000, random_state=0).fit(codes)
    rows = model.fit_rows_
    assert rows is not None and len(rows) == 1000
    same_rows = model.score_labels(codes[rows], model.labels_[rows])
    assert abs(same_rows - model.bic_) < 1e-3 * abs(model.bic_)
    assert model.score_labels(codes, model.labels_) > 4 * model.bic_  # on all rows: not comparable
    assert LatentClassModel(3, random_state=0).fit(codes[:900]).fit_rows_ is None


def _linked(n: int = 5000, seed: int = 0, planted: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Four signals that one factor links (loading 0.8, as the built-in population's scores are linked),
    a categorical noise column; planted: two classes moved along contrasts (one signal up, one down)."""
    rng = np.random.default_rng(seed)
    f = rng.normal(size=n)
    Z = np.column_stack([0.8 * f + 0.6 * rng.normal(size=n) for _ in range(4)])
    z = rng.integers(0, 3, n) if planted else np.zeros(n, dtype=np.int64)
    Z[z == 1, 0] += 0.8
    Z[z == 1, 1] -= 0.8
    Z[z == 2, 2] += 0.8
    Z[z == 2, 3] -= 0.8
    return z, np.column_stack([rng.integers(0, 3, n), Z])


def test_a_tied_covariance_keeps_the_columns_links_in_the_one_class_reference() -> None:
    # linked columns without classes: per-column (diagonal) classes take the link for segments;
    # with one covariance for all classes, one class carries the link and wins by BIC
    _, X = _linked(planted=False)
    diagonal = LatentClassModel(k_max=4, gaussian=[1, 2, 3, 4], n_init=4, random_state=0).fit(X)
    tied = LatentClassModel(k_max=4, gaussian=[1, 2, 3, 4], covariance="tied", n_init=4, random_state=0)
    tied.fit(X)
    assert diagonal.result_.selection.clear and not tied.result_.selection.clear
    # one class (a normal with the normal scores' own covariance) beats every k
    one = tied.result_.selection.scores[1]
    assert one["bic"] < min(c["bic"] for c in tied.candidates_)
    # classes moved across the link (contrasts): found, k and ARI near the generator's Bayes rule
    z, Xp = _linked(planted=True)
    found = LatentClassModel(k_max=4, gaussian=[1, 2, 3, 4], covariance="tied", n_init=4, random_state=0)
    found.fit(Xp)
    assert found.result_.selection.clear and found.k_ == 3
    assert adjusted_rand_score(z, found.labels_) > 0.35
    # new rows read through the knots of the fit: the same classes up to rows on a boundary
    assert found.variances_.shape == (1, 4, 4) and np.mean(found.predict(Xp) == found.labels_) > 0.99
    with pytest.raises(InputError, match="covariance must be one of diagonal, tied"):
        LatentClassModel(covariance="full").fit(Xp)


def test_stop_at_rise_fits_up_to_the_first_k_whose_bic_does_not_fall() -> None:
    _, X, _ = _planted(n=2000, k=3, seed=4)
    full = LatentClassModel(k_min=2, k_max=6, n_init=2, random_state=0).fit(X)
    short = LatentClassModel(k_min=2, k_max=6, n_init=2, stop_at_rise=True, random_state=0).fit(X)
    bics = [c["bic"] for c in full.candidates_]
    rise = next(i for i in range(1, len(bics)) if bics[i] >= bics[i - 1])
    assert [c["bic"] for c in short.candidates_] == bics[: rise + 1]  # the same fits, in the same order
    assert short.k_ == full.k_ == 3
