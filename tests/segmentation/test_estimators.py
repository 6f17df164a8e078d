"""Every clustering estimator passes scikit-learn's own estimator checks, with no exemption."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import parametrize_with_checks

from synthpersona.segmentation import ALGORITHMS, AutoKClustering, ClusteringParams, LatentClassModel

with warnings.catch_warnings():
    # LatentClassModel implements the protocol without inheriting BaseEstimator: it must not
    # import scikit-learn on the leads path (segmentation/_base.py); sklearn warns about it.
    warnings.filterwarnings("ignore", message=".*does not inherit from", category=UserWarning)
    _ALL_CHECKS = parametrize_with_checks([AutoKClustering(k_max=4), LatentClassModel(k_max=4)])


@_ALL_CHECKS
def test_sklearn_check_estimator(estimator, check):
    check(estimator)


@pytest.mark.parametrize("name", list(ALGORITHMS))
def test_every_registered_algorithm_builds_an_unfitted_estimator(name):
    estimator = ALGORITHMS[name].make(ClusteringParams(algorithm=name, k_max=5, random_state=3))
    params = estimator.get_params()
    assert params["k_max"] == 5 and params["random_state"] == 3
    assert clone(estimator).get_params() == params
    with pytest.raises(NotFittedError):
        estimator.predict(np.zeros((3, 2)))
    assert not [a for a in vars(estimator) if a.endswith("_")]  # learned attributes only after fit


def test_latent_class_model_speaks_the_estimator_protocol_without_sklearn_base():
    model = LatentClassModel(k_max=4, alpha=0.2)
    assert repr(model) == "LatentClassModel(alpha=0.2, k_max=4)"
    assert model.set_params(k=3) is model and model.k == 3
    with pytest.raises(ValueError, match="Invalid parameter 'k_maximum'"):
        model.set_params(k_maximum=3)
