"""derive_features: the documented formulas, recomputed by hand."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synthpersona.errors import DataError, InputError
from synthpersona.features import (
    DERIVED,
    DOMAIN_SPECS,
    DOMAINS,
    SCALED_SIGNALS,
    derive_features,
    required_columns,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "features.md"


def _f(df: pd.DataFrame, col: str) -> np.ndarray:
    return df[col].to_numpy(dtype=np.float64)


@pytest.mark.parametrize("domain", DOMAINS)
def test_each_domain_returns_its_derived_columns_in_unit_range(population, domain):
    feats = derive_features(population, domain)
    assert list(feats.columns) == list(DOMAIN_SPECS[domain].derived)
    assert feats.index.equals(population.index)
    assert (feats.dtypes == np.float32).all()
    values = feats.to_numpy()
    assert np.isfinite(values).all()
    assert values.min() >= 0.0 and values.max() <= 1.0


def test_seed_parenting_formulas(population):
    feats = derive_features(population, "parenting")
    privacy, price = _f(population, "privacy_pref"), _f(population, "price_sensitivity")
    brand, emi = _f(population, "brand_awareness"), population["emi_flag"].to_numpy(dtype=float)
    np.testing.assert_allclose(feats["parental_concern_score"], 0.4 * privacy + 0.6 * price, atol=1e-6)
    np.testing.assert_allclose(feats["child_safety_priority"], 0.3 * brand + 0.7 * privacy, atol=1e-6)
    np.testing.assert_allclose(feats["family_budget_manager"], 0.8 * price + 0.2 * emi, atol=1e-6)


def test_tech_savvy_parent_is_zero_for_people_without_children(population):
    feats = derive_features(population, "parenting")
    kids = population["has_children"].to_numpy(dtype=bool)
    assert (feats["tech_savvy_parent"].to_numpy()[~kids] == 0).all()
    device = np.clip((_f(population, "device_count") - 1) / 7, 0, 1)
    expected = 0.6 * _f(population, "tech_savviness") + 0.4 * device
    np.testing.assert_allclose(feats["tech_savvy_parent"].to_numpy()[kids], expected[kids], atol=1e-6)


def test_tech_early_adopter_and_value_seeker(population):
    tech = derive_features(population, "tech_adoption")
    device = np.clip((_f(population, "device_count") - 1) / 7, 0, 1)
    expected = (
        0.4 * device + 0.3 * _f(population, "brand_awareness") + 0.3 * (1 - _f(population, "privacy_pref"))
    )
    np.testing.assert_allclose(tech["tech_early_adopter"], expected, atol=1e-6)
    budget = derive_features(population, "budget")
    expected = 0.6 * _f(population, "price_sensitivity") + 0.4 * (1 - _f(population, "brand_awareness"))
    np.testing.assert_allclose(budget["value_seeker"], expected, atol=1e-6)


def test_income_score_is_log_scaled_between_1k_and_5_lakh():
    incomes = [0, 999, 1_000, 22_360, 100_000, 500_000, 2_000_000]
    df = pd.DataFrame({"monthly_income_inr": incomes, "family_size": [1] * len(incomes)})
    from synthpersona.features._derive import ColumnReader

    score = ColumnReader(df).signal("income_score")
    assert score[0] == 0.0 and score[1] == 0.0
    assert score[2] == pytest.approx(0.0, abs=1e-3)
    assert score[3] == pytest.approx(math.log(22_361 / 1_000) / math.log(500), abs=1e-5)  # ≈ 0.5
    assert score[4] == pytest.approx(math.log(100_001 / 1_000) / math.log(500), abs=1e-5)
    assert score[5] == pytest.approx(1.0, abs=1e-5)
    assert score[6] == 1.0


def test_missing_columns_are_all_named(population):
    with pytest.raises(DataError) as err:
        derive_features(population.drop(columns=["privacy_pref", "emi_flag"]), "parenting")
    assert set(err.value.details["missing"]) == {"privacy_pref", "emi_flag"}
    assert "'parenting'" in err.value.message


def test_unknown_domain_suggests_the_closest(population):
    with pytest.raises(InputError) as err:
        derive_features(population, "tech adoptoin")
    assert "Did you mean 'tech_adoption'?" in err.value.message
    assert derive_features(population, "Tech-Adoption").shape[1] == len(DOMAIN_SPECS["tech_adoption"].derived)


def test_missing_values_are_imputed_with_the_median(population):
    df = population.head(200).copy()
    df["price_sensitivity"] = df["price_sensitivity"].astype(float)
    df.loc[df.index[:5], "price_sensitivity"] = np.nan
    feats = derive_features(df, "budget")
    median = df["price_sensitivity"].median()
    expected = 0.6 * median + 0.4 * (1 - df["brand_awareness"].to_numpy()[:5])
    np.testing.assert_allclose(feats["value_seeker"].to_numpy()[:5], expected, atol=1e-6)


def test_text_booleans_and_strings_read_like_the_real_types(population):
    df = population.head(300).copy()
    text = df.copy()
    text["emi_flag"] = df["emi_flag"].map({True: "True", False: "False"})
    text["has_children"] = df["has_children"].map({True: "yes", False: "no"})
    text["device_count"] = df["device_count"].astype(str)
    pd.testing.assert_frame_equal(derive_features(df, "parenting"), derive_features(text, "parenting"))


def test_required_columns_cover_what_each_domain_reads(population):
    for domain in DOMAINS:
        cols = required_columns(domain)
        derive_features(population[list(cols)], domain)  # no other column is needed


def test_docs_list_every_feature_formula_and_weight():
    text = DOCS.read_text(encoding="utf-8")
    for feature in DERIVED.values():
        assert f"`{feature.name}`" in text
        assert feature.formula in text, feature.formula
    for name, (_, formula) in SCALED_SIGNALS.items():
        assert f"`{name}`" in text and formula in text
    for spec in DOMAIN_SPECS.values():
        for col, weight in {**spec.numeric, **spec.categorical}.items():
            assert re.search(rf"\| `{re.escape(col)}` \| {weight:g} \|", text), (spec.name, col)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(-5, 5) | st.just(math.nan),
            st.floats(-1e7, 1e9) | st.just(math.nan),
            st.integers(-3, 40),
            st.floats(-10, 100) | st.just(math.nan),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_derived_features_stay_in_unit_range_for_any_values(population, rows):
    df = population.head(len(rows)).copy().reset_index(drop=True)
    df["privacy_pref"] = [r[0] for r in rows]
    df["monthly_income_inr"] = [r[1] for r in rows]
    df["device_count"] = [r[2] for r in rows]
    df["online_shopping_freq"] = [r[3] for r in rows]
    for domain in DOMAINS:
        values = derive_features(df, domain).to_numpy()
        assert np.isfinite(values).all()
        assert values.min() >= 0.0 and values.max() <= 1.0
