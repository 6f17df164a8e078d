"""Bad input to the clustering gets a clear InputError, never a crash."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.exceptions import NotFittedError

from synthpersona.errors import InputError
from synthpersona.segmentation import AutoKClustering, cluster_matrix

X_OK = np.random.default_rng(0).normal(size=(50, 3))


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"k_min": 5, "k_max": 3}, "k_min (5) must not exceed k_max (3)"),
        ({"k_min": 1}, "k_min must be >= 2, got 1"),
        ({"k": 1}, "k must be >= 2"),
        ({"k_min": 2.5}, "k_min must be an integer"),
        ({"min_cluster_pct": 0.6}, "min_cluster_pct must be between 0 and 1/2"),
        ({"min_cluster_pct": -0.1}, "min_cluster_pct must be between"),
        ({"min_cluster_pct": 3}, "e.g. 0.03 for 3%"),
        ({"algorithm": "hdbscan", "k": 3}, "hdbscan finds the number of clusters itself"),
        ({"auto_algorithms": ("kmeans", "dbscan")}, "auto_algorithms must list algorithms"),
        ({"fit_sample": 10}, "fit_sample must be >= 100"),
    ],
)
def test_bad_parameters(kwargs, fragment):
    with pytest.raises(InputError, match=None) as err:
        cluster_matrix(X_OK, **kwargs)
    assert fragment in err.value.message
    assert err.value.code == "invalid_input"


def test_unknown_algorithm_suggests_the_closest():
    with pytest.raises(InputError) as err:
        cluster_matrix(X_OK, algorithm="kmean")
    assert "Unknown algorithm 'kmean'" in err.value.message
    assert "Did you mean 'kmeans'?" in err.value.message
    assert "agglomerative" in err.value.details["allowed"]


def test_nan_values_are_named():
    X = X_OK.copy()
    X[3, 1] = np.nan
    X[7, 1] = np.inf
    with pytest.raises(InputError) as err:
        cluster_matrix(X)
    assert "2 row(s) with NaN or infinite values (columns [1])" in err.value.message
    assert err.value.details == {"bad_rows": 2, "bad_columns": [1]}


def test_too_few_rows():
    with pytest.raises(InputError) as err:
        cluster_matrix(X_OK[:3], k_min=3)
    assert "Need at least 4 rows to form 3 clusters, got 3" in err.value.message


def test_constant_data_cannot_be_clustered():
    with pytest.raises(InputError) as err:
        cluster_matrix(np.ones((40, 3)))
    assert "All 40 rows are identical" in err.value.message


def test_one_dimensional_input_says_how_to_reshape():
    with pytest.raises(InputError) as err:
        cluster_matrix(np.arange(10.0))
    assert "reshape(-1, 1)" in err.value.message


def test_non_numeric_frame_is_rejected():
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "city": ["Pune", "Delhi", "Pune", "Agra"]})
    with pytest.raises(InputError) as err:
        cluster_matrix(df)
    assert "['city']" in err.value.message


def test_predict_before_fit_and_with_wrong_width():
    with pytest.raises(NotFittedError, match="not fitted"):
        AutoKClustering().predict(X_OK)
    model = AutoKClustering(k=2).fit(X_OK)
    with pytest.raises(InputError, match="X has 2 features, but AutoKClustering is expecting 3"):
        model.predict(X_OK[:, :2])


@pytest.mark.parametrize(
    ("X", "error", "fragment"),
    [
        (X_OK.astype(np.complex128), InputError, "Complex data not supported"),
        (sparse.csr_matrix(X_OK), InputError, "sparse input is not supported"),
        (np.zeros((0, 3)), InputError, "X has 0 rows"),
        (np.zeros((5, 0)), InputError, "0 feature(s)"),
        ([[1.0, {"a": 1}], [2.0, 3.0], [4.0, 5.0]], TypeError, "must be a numeric matrix"),
        ([["1", "x"], ["2", "3"], ["4", "5"]], ValueError, "could not convert"),
    ],
)
def test_unusable_matrices_are_refused_with_value_errors(X, error, fragment):
    with pytest.raises(error) as err:
        cluster_matrix(X)
    assert fragment in str(err.value)
    assert isinstance(err.value, InputError) and isinstance(err.value, ValueError)


def test_too_few_distinct_rows_for_every_k():
    X = np.repeat(np.array([[0.0, 0.0], [1.0, 1.0]]), 20, axis=0)
    with pytest.raises(InputError) as err:
        cluster_matrix(X, k_min=3, k_max=4)
    assert "no candidate could be scored (only 2 distinct cluster(s) found)" in err.value.message
