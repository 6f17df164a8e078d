"""A goal that compares groups gets the groups as segments, each split by its own clear segments."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from synthpersona.population import generate
from synthpersona.segmentation import ClusteringParams, segment


def test_the_compared_groups_are_the_segments() -> None:
    df = generate(3_000, random_state=3)
    seg = segment(df, domain="general", params=ClusteringParams(feature_weighting=True), compared=("gender",))
    gender = df["gender"].astype(str).to_numpy()
    main = np.isin(gender, ["Female", "Male"])
    # every segment holds one gender only (the population's few non-binary people join one of them)
    for label in range(seg.k):
        assert len(set(gender[main & (seg.labels == label)])) == 1
    assert adjusted_rand_score(gender[main], seg.labels[main]) > 0.99 or seg.k > 2
    sel = seg.clustering.selection
    assert sel is not None and sel.clear and sel.criterion == "compared" and "gender" in sel.reason
    # new rows are assigned as at fit (the engine counts a sampled run's whole audience this way)
    est = seg.clustering.estimator
    assert hasattr(est, "needed_columns") and "gender" in est.needed_columns()
    assert np.array_equal(est.predict(est.matrix(df)), seg.labels)


def test_a_compared_group_with_segments_of_its_own_is_split() -> None:
    df = generate(4_000, random_state=4)
    rng = np.random.default_rng(4)
    women = df["gender"].astype(str).to_numpy() == "Female"
    high = women & (rng.random(len(df)) < 0.5)  # two clear groups among women only
    for col in ("interest_fitness", "interest_travel", "price_sensitivity"):
        base = np.where(high, 0.8, 0.2)
        df[col] = np.where(women, np.clip(base + rng.normal(0, 0.05, len(df)), 0, 1), df[col])
    params = ClusteringParams(feature_weighting=True)
    seg = segment(df, domain="lifestyle", params=params, compared=("gender",))
    in_women = set(seg.labels[women])
    in_men = set(seg.labels[df["gender"].astype(str).to_numpy() == "Male"])
    assert not in_women & in_men
    assert len(in_women) >= 2
    assert adjusted_rand_score(high[women], seg.labels[women]) > 0.9


def test_a_numeric_or_absent_column_keeps_the_whole_audience_clustering() -> None:
    df = generate(1_500, random_state=5)
    seg = segment(df, domain="general", compared=("age",))
    sel = seg.clustering.selection
    assert sel is None or sel.criterion != "compared"
    one = df[df["gender"].astype(str) == "Female"].reset_index(drop=True)
    seg1 = segment(pd.DataFrame(one), domain="general", compared=("gender",))
    assert seg1.clustering.selection is None or seg1.clustering.selection.criterion != "compared"
