"""build_features: scaling, one-hot, domain weights and the reusable pipeline."""

from __future__ import annotations

import math

import numpy as np
import pytest

from synthpersona.features import DOMAIN_SPECS, DOMAINS, ONE_HOT_SCALE, build_features
from synthpersona.features._derive import ColumnReader
from synthpersona.features._pipeline import SCREENED_WEIGHT
from synthpersona.features._screen import screen, screen_categoricals
from synthpersona.population import CATEGORICAL_VALUES


@pytest.mark.parametrize("domain", DOMAINS)
def test_matrix_shape_names_and_weights(population, domain):
    fm = build_features(population, domain)
    spec = DOMAIN_SPECS[domain]
    assert fm.domain == domain
    assert fm.X.dtype == np.float32
    assert fm.X.shape == (len(population), len(fm.feature_names))
    # the domain's weights, except its signals with groups in these people, which lead (_screen.py)
    added, structured = screen(ColumnReader(population), tuple(spec.numeric))
    lead = {c: SCREENED_WEIGHT for c in structured}
    # consumer categoricals that go with that structure join (none on the plain built-in population)
    cats = [
        c
        for c in screen_categoricals(ColumnReader(population), [*added, *structured])
        if c not in spec.numeric
    ]
    assert fm.weights == {**spec.numeric, **lead, **spec.categorical, **dict.fromkeys(cats, 1.0)}
    assert all(any(n in note for note in fm.notes) for n in structured)
    dummies = [f"{c}={v}" for c in [*spec.categorical, *cats] for v in CATEGORICAL_VALUES[c]]
    assert fm.feature_names == list(spec.numeric) + dummies
    assert np.isfinite(fm.X).all()


def test_numeric_columns_are_standardised_then_weighted(population):
    fm = build_features(population, "parenting")
    for name in DOMAIN_SPECS["parenting"].numeric:
        weight = fm.weights[name]
        col = fm.X[:, fm.feature_names.index(name)].astype(np.float64)
        assert col.mean() == pytest.approx(0.0, abs=1e-4)
        assert col.std() == pytest.approx(weight, rel=1e-3)


def test_dummies_are_scaled_so_a_category_change_is_distance_weight(population):
    fm = build_features(population, "general")
    weight = DOMAIN_SPECS["general"].categorical["city_tier"]
    cols = [i for i, n in enumerate(fm.feature_names) if n.startswith("city_tier=")]
    block = fm.X[:, cols]
    assert set(np.unique(block)) == {0.0, np.float32(weight * ONE_HOT_SCALE)}
    assert (np.count_nonzero(block, axis=1) == 1).all()
    tiers = population["city_tier"].astype(str).to_numpy()
    a, b = np.flatnonzero(tiers == "Tier-1")[0], np.flatnonzero(tiers == "Tier-3")[0]
    assert np.linalg.norm(block[a] - block[b]) == pytest.approx(weight, rel=1e-5)
    assert pytest.approx(1 / math.sqrt(2)) == ONE_HOT_SCALE


def test_feature_names_do_not_depend_on_the_subset(population):
    full = build_features(population, "general")
    tier1 = build_features(population[population["city_tier"] == "Tier-1"], "general")
    assert tier1.feature_names == full.feature_names


def test_fitted_pipeline_encodes_new_rows_the_same_way(population):
    fm = build_features(population, "tech_adoption")
    again = fm.pipeline.transform(population)
    np.testing.assert_allclose(again, fm.X, rtol=1e-5, atol=1e-5)
    new = fm.pipeline.transform(population.head(10))
    np.testing.assert_allclose(new, fm.X[:10], rtol=1e-5, atol=1e-5)


def test_plain_string_columns_encode_like_categoricals(population):
    as_text = population.copy()
    for col in ("city_tier", "occupation", "primary_media", "gender"):
        as_text[col] = as_text[col].astype(str)
    np.testing.assert_array_equal(
        build_features(as_text, "general").X, build_features(population, "general").X
    )


def test_unknown_categories_get_their_own_column_and_missing_values_are_reported(population):
    df = population.head(100).copy()
    df["primary_media"] = df["primary_media"].astype(str)
    df.loc[df.index[0], "primary_media"] = "Podcasts"
    df["age"] = df["age"].astype(float)
    df.loc[df.index[1:4], "age"] = np.nan
    fm = build_features(df, "general")
    assert "primary_media=Podcasts" in fm.feature_names
    assert fm.notes == ["age: 3 missing or unreadable value(s) replaced by the column median"]
    assert np.isfinite(fm.X).all()
