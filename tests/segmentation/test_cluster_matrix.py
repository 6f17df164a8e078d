"""cluster_matrix / AutoKClustering: k choice, algorithms, sampling, determinism."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score, silhouette_samples, silhouette_score

from synthpersona.segmentation import AutoKClustering, algorithm_names, cluster_matrix, nearest_centroid
from synthpersona.segmentation._selection import MIN_EFFECT

REAL_ALGORITHMS = [a for a in algorithm_names("numeric") if a != "auto"]


@pytest.mark.parametrize("algorithm", REAL_ALGORITHMS)
def test_every_algorithm_recovers_planted_clusters(blobs, algorithm):
    X, y = blobs
    res = cluster_matrix(X, k_min=2, k_max=6, algorithm=algorithm, random_state=0)
    assert res.algorithm == algorithm
    assert res.k == 4
    assert res.labels.shape == (len(X),)
    assert set(np.unique(res.labels)) == set(range(res.k))
    assert adjusted_rand_score(y, res.labels) >= 0.9
    assert res.centroids.shape == (res.k, X.shape[1])
    assert res.silhouette_by_cluster.shape == (res.k,)


def test_auto_uses_kmeans_and_reports_every_candidate(blobs):
    X, _ = blobs
    res = cluster_matrix(X, k_min=2, k_max=7)
    assert res.algorithm == "kmeans"
    assert [c["k"] for c in res.candidates] == [2, 3, 4, 5, 6, 7]
    best = max(c["silhouette"] for c in res.candidates if c["eligible"])
    assert res.silhouette == pytest.approx(best)
    for c in res.candidates:
        assert set(c) >= {"algorithm", "k", "silhouette", "smallest_cluster_pct", "eligible"}


def test_auto_with_several_algorithms_keeps_the_best_and_says_so(blobs):
    X, _ = blobs
    res = cluster_matrix(X, k_min=3, k_max=5, auto_algorithms=("kmeans", "agglomerative"))
    assert {c["algorithm"] for c in res.candidates} == {"kmeans", "agglomerative"}
    assert res.silhouette == pytest.approx(max(c["silhouette"] for c in res.candidates if c["eligible"]))
    assert any(n.startswith("auto: kept") for n in res.notes)


def test_silhouette_is_exact_on_small_inputs(blobs):
    X, _ = blobs
    res = cluster_matrix(X, k=3, algorithm="kmeans")
    assert res.silhouette == pytest.approx(silhouette_score(X, res.labels), abs=1e-4)
    per_row = silhouette_samples(X, res.labels)
    expected = [per_row[res.labels == c].mean() for c in range(res.k)]
    np.testing.assert_allclose(res.silhouette_by_cluster, expected, atol=1e-4)


def test_centroids_are_cluster_means(blobs):
    X, _ = blobs
    res = cluster_matrix(X, k=4, random_state=1)
    for c in range(res.k):
        np.testing.assert_allclose(res.centroids[c], X[res.labels == c].mean(axis=0), rtol=1e-4, atol=1e-4)


def test_deterministic_for_a_random_state():
    X, _ = make_blobs(n_samples=8_000, n_features=6, centers=5, cluster_std=2.0, random_state=3)
    a = cluster_matrix(X, k_max=6, random_state=11, fit_sample=3_000, silhouette_sample=500)
    b = cluster_matrix(X, k_max=6, random_state=11, fit_sample=3_000, silhouette_sample=500)
    np.testing.assert_array_equal(a.labels, b.labels)
    assert a.candidates == b.candidates
    assert a.silhouette == b.silhouette


def test_fixed_k_is_honoured(blobs):
    X, _ = blobs
    res = cluster_matrix(X, k=6, algorithm="kmeans")
    assert res.k == 6
    assert [c["k"] for c in res.candidates] == [6]


def _three_blobs_and_a_speck() -> np.ndarray:
    centers = [[0, 0], [10, 0], [0, 10]]
    big, _ = make_blobs(
        n_samples=[400, 400, 400], n_features=2, centers=centers, cluster_std=0.5, random_state=0
    )
    speck = np.random.default_rng(0).normal(loc=[20.0, 0.0], scale=0.2, size=(24, 2))  # 2% of rows
    return np.vstack([big, speck])


def test_k_selection_respects_min_cluster_pct():
    X = _three_blobs_and_a_speck()
    res = cluster_matrix(X, k_min=2, k_max=6, min_cluster_pct=0.05, criterion="silhouette")
    assert all(
        c["eligible"] == (c["smallest_cluster_pct"] >= 0.05 and c["min_pair_effect"] >= MIN_EFFECT)
        for c in res.candidates
    )
    assert res.k == 3
    assert res.sizes.min() / len(X) >= 0.05
    # k=4 (the speck on its own) has the best silhouette but is not eligible.
    k4 = next(c for c in res.candidates if c["k"] == 4)
    assert k4["silhouette"] > res.silhouette
    assert not k4["eligible"]
    loose = cluster_matrix(X, k_min=2, k_max=6, min_cluster_pct=0.0, criterion="silhouette")
    assert loose.k == 4
    assert loose.sizes.min() == 24


def test_no_eligible_k_falls_back_with_a_warning():
    X, _ = make_blobs(n_samples=[950, 50], n_features=2, centers=[[0, 0], [30, 30]], random_state=0)
    res = cluster_matrix(X, k_min=2, k_max=3, min_cluster_pct=0.2)
    assert not any(c["eligible"] for c in res.candidates)
    assert res.notes[0].startswith("Warning: no candidate gives every cluster at least 20%")
    assert res.k in (2, 3)


def test_large_input_is_fitted_on_a_sample_and_says_so():
    X, y = make_blobs(n_samples=30_000, n_features=4, centers=3, cluster_std=1.0, random_state=5)
    res = cluster_matrix(X, k_max=5, fit_sample=2_000, silhouette_sample=800)
    assert res.sampled
    assert any("random sample of 2,000 of 30,000 rows" in n for n in res.notes)
    assert any("Silhouette estimated on a random sample of 800" in n for n in res.notes)
    assert adjusted_rand_score(y, res.labels) >= 0.9


@pytest.mark.parametrize("algorithm", ["agglomerative", "spectral"])
def test_heavy_algorithms_sample_and_assign(algorithm):
    X, y = make_blobs(n_samples=9_000, n_features=3, centers=3, cluster_std=0.8, random_state=2)
    res = cluster_matrix(X, k_min=2, k_max=4, algorithm=algorithm)
    assert res.sampled
    assert any(f"{algorithm}: fitted on a random sample of 4,000 of 9,000 rows" in n for n in res.notes)
    assert any("nearest centroid" in n for n in res.notes)
    assert adjusted_rand_score(y, res.labels) >= 0.9


def test_hdbscan_finds_k_and_reassigns_noise():
    X, y = make_blobs(n_samples=900, n_features=2, centers=3, cluster_std=0.5, random_state=4)
    X = np.vstack([X, np.random.default_rng(0).uniform(-15, 15, size=(30, 2))])  # scattered noise
    res = cluster_matrix(X, algorithm="hdbscan")
    assert res.k == 3
    assert res.labels.min() >= 0  # noise joined a cluster
    assert adjusted_rand_score(y, res.labels[:900]) >= 0.9


def test_hdbscan_without_dense_clusters_falls_back_to_kmeans():
    X = np.random.default_rng(0).normal(size=(500, 3))
    res = cluster_matrix(X, algorithm="hdbscan")
    assert res.algorithm == "kmeans"
    assert any("fell back to kmeans" in n for n in res.notes)


def test_duplicate_points_limit_the_candidates():
    X = np.repeat(np.array([[0.0, 0.0], [1.0, 1.0]]), 50, axis=0)
    res = cluster_matrix(X, k_min=2, k_max=4)
    assert res.k == 2
    assert res.silhouette == pytest.approx(1.0)
    assert all(not c["eligible"] and "distinct" in c["note"] for c in res.candidates if c["k"] > 2)


def test_k_max_is_capped_by_the_number_of_rows():
    # At most one cluster per 30 rows (issue 12: k=6 on 46 people), never below k_min.
    X = np.arange(12, dtype=float).reshape(6, 2) ** 1.5
    res = cluster_matrix(X, k_min=2, k_max=8, min_cluster_pct=0.0)
    assert max(c["k"] for c in res.candidates) == 2
    assert any("k_max lowered from 8 to 2" in n for n in res.notes)
    X = np.random.default_rng(0).normal(size=(100, 2))
    res = cluster_matrix(X, k_min=2, k_max=8, min_cluster_pct=0.0)
    assert max(c["k"] for c in res.candidates) == 100 // 30


def test_estimator_follows_sklearn_conventions(blobs):
    X, _ = blobs
    model = AutoKClustering(k_max=5, random_state=0)
    assert not hasattr(model, "labels_")  # the constructor only stores
    assert clone(model).get_params() == model.get_params()
    fitted = model.fit(X)
    assert fitted is model
    for attr in ("labels_", "k_", "silhouette_", "candidates_", "centroids_", "algorithm_", "notes_"):
        assert hasattr(model, attr)
    np.testing.assert_array_equal(model.predict(X), nearest_centroid(X, model.centroids_))
    np.testing.assert_array_equal(AutoKClustering(k_max=5, random_state=0).fit_predict(X), model.labels_)


def test_nearest_centroid_ties_go_to_the_lowest_index():
    labels = nearest_centroid(np.array([[0.5, 0.0]]), np.array([[0.0, 0.0], [1.0, 0.0]]))
    assert labels.tolist() == [0]


def test_chosen_kmeans_is_refined_on_more_rows_and_the_table_agrees():
    X, y = make_blobs(n_samples=12_000, n_features=4, centers=3, cluster_std=1.0, random_state=8)
    res = cluster_matrix(X, k_max=5, fit_sample=10_000, silhouette_sample=1_000)
    refined = "k chosen on 4,000 rows; centroids refined on a random sample of 10,000 rows"
    assert any(refined in n for n in res.notes)
    assert any("fitted on a random sample of 10,000 of 12,000 rows" in n for n in res.notes)
    chosen = next(c for c in res.candidates if c["k"] == res.k)
    assert chosen["silhouette"] == pytest.approx(res.silhouette)
    assert chosen["smallest_cluster_pct"] == pytest.approx(res.sizes.min() / len(X))
    assert adjusted_rand_score(y, res.labels) >= 0.9


def test_numeric_dataframes_are_accepted(blobs):
    X, _ = blobs
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    np.testing.assert_array_equal(cluster_matrix(frame, k=4).labels, cluster_matrix(X, k=4).labels)
