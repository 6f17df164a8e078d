"""The scikit-learn preprocessing pipeline of a domain and the public ``build_features``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Self

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from synthpersona.features._derive import (
    ColumnReader,
    check_columns,
    check_domain,
    derive_frame,
    required_columns,
)
from synthpersona.features._spec import DERIVED, DOMAIN_SPECS, SCALED_SIGNALS
from synthpersona.population._schema import CATEGORICAL_VALUES

F32 = np.float32
# Dummies are scaled by 1/sqrt(2) so that two people in different categories are at distance 1
# (two columns differ by 1/sqrt(2) each), the same as one standard deviation of a numeric column.
ONE_HOT_SCALE = 1.0 / math.sqrt(2.0)


class DomainInputs(TransformerMixin, BaseEstimator):
    """Turn a population table into the domain's clustering inputs (derived features + raw columns).

    Parameters
    ----------
    domain
        One of :data:`~synthpersona.features.DOMAINS`.
    """

    def __init__(self, domain: str = "general"):
        self.domain = domain

    def fit(self, X: pd.DataFrame, y: Any = None) -> Self:
        domain = check_domain(self.domain)
        check_columns(X, required_columns(domain), domain)
        spec = DOMAIN_SPECS[domain]
        self.numeric_ = list(spec.numeric)
        self.categorical_ = list(spec.categorical)
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        domain = check_domain(self.domain)
        check_columns(X, required_columns(domain), domain)
        return self._frame(X, ColumnReader(X))

    def _frame(self, X: pd.DataFrame, reader: ColumnReader) -> pd.DataFrame:
        data: dict[str, Any] = {}
        for col in self.numeric_:
            data[col] = (
                reader.derived(col) if (col in DERIVED or col in SCALED_SIGNALS) else reader.column(col)
            )
        for col in self.categorical_:
            data[col] = X[col]  # kept as a Series: a categorical dtype encodes much faster
        self.imputed_ = dict(reader.imputed)
        return pd.DataFrame(data, index=X.index, copy=False)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray(self.numeric_ + self.categorical_, dtype=object)


def _factorize(s: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """Integer codes (-1 for missing) and the distinct values of a column, fast for categoricals."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return np.asarray(s.cat.codes, dtype=np.int64), list(s.cat.categories)
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), list(uniques)


class CategoryOneHot(TransformerMixin, BaseEstimator):
    """Dense float32 one-hot encoding with a fixed vocabulary.

    Known population columns use the schema's full list of values, so the feature
    names are the same whatever subset is encoded; values seen in ``fit`` but not
    in the schema are appended. Unknown values at ``transform`` get all zeros.
    """

    def fit(self, X: pd.DataFrame, y: Any = None) -> Self:
        self.categories_: dict[str, list[str]] = {}
        for col in X.columns:
            known = list(CATEGORICAL_VALUES.get(str(col), ()))
            _, uniques = _factorize(X[col])
            extra = sorted({str(u) for u in uniques} - set(known))
            self.categories_[str(col)] = known + extra
        self.feature_names_ = [f"{c}={v}" for c, vals in self.categories_.items() for v in vals]
        return self

    def transform(self, X: pd.DataFrame) -> np.ndarray:
        n = len(X)
        out = np.zeros((n, len(self.feature_names_)), dtype=F32)
        offset = 0
        rows = np.arange(n)
        for col, cats in self.categories_.items():
            codes, uniques = _factorize(X[col])
            position = {v: i for i, v in enumerate(cats)}
            # Map each distinct value once, then every row by integer indexing; -1 (NaN/unknown) stays 0.
            lookup = np.array([position.get(str(u), -1) for u in uniques] + [-1], dtype=np.int64)
            mapped = lookup[codes]
            ok = mapped >= 0
            out[rows[ok], offset + mapped[ok]] = 1.0
            offset += len(cats)
        return out

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray(self.feature_names_, dtype=object)


class ColumnWeights(TransformerMixin, BaseEstimator):
    """Multiply each column by its weight (the domain weights)."""

    def __init__(self, weights: tuple[float, ...] = ()):
        self.weights = weights

    def fit(self, X: np.ndarray, y: Any = None) -> Self:
        self.weights_ = np.asarray(self.weights, dtype=F32)
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=F32)
        X *= self.weights_[None, :]
        return X


def make_pipeline(domain: str) -> Pipeline:
    """The unfitted preprocessing pipeline of ``domain``: inputs → scale/one-hot → weights.

    The weighting step is filled in when the pipeline is fitted by :func:`build_features`
    (its vector depends on the encoded categories).
    """
    domain = check_domain(domain)
    spec = DOMAIN_SPECS[domain]
    encode = ColumnTransformer(
        [
            ("numeric", StandardScaler(), list(spec.numeric)),
            ("categorical", CategoryOneHot(), list(spec.categorical)),
        ],
        sparse_threshold=0.0,
        verbose_feature_names_out=False,
    )
    return Pipeline([("inputs", DomainInputs(domain)), ("encode", encode), ("weights", ColumnWeights())])


@dataclass
class FeatureMatrix:
    """The clustering input of a domain.

    Attributes
    ----------
    X
        ``(n, d)`` float32 weighted feature matrix.
    feature_names
        Names of the ``d`` columns (``city_tier=Tier-1`` for dummies).
    pipeline
        The fitted scikit-learn pipeline; ``pipeline.transform(df)`` encodes new rows the same way.
    derived
        ``(n, m)`` derived features of the domain, float32 in ``[0, 1]`` (index of the input).
    domain
        The domain.
    weights
        Weight of each input column (derived features, raw numerics, categoricals).
    column_weights
        ``(d,)`` multiplier actually applied to each column of ``X`` (dummies include
        the 1/sqrt(2) factor).
    notes
        Data repairs, e.g. how many missing values were imputed.
    """

    X: np.ndarray
    feature_names: list[str]
    pipeline: Pipeline
    derived: pd.DataFrame
    domain: str
    weights: dict[str, float]
    column_weights: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=F32))
    notes: list[str] = field(default_factory=list)


def derive_features(df: pd.DataFrame, domain: str) -> pd.DataFrame:
    """Derived features of ``domain`` for every row of ``df`` (derived columns only).

    Every feature is a documented weighted sum of population columns mapped onto
    ``[0, 1]`` (see ``docs/features.md``); results are float32 in ``[0, 1]`` with
    the index of ``df``. Missing numeric values are replaced by the column median.

    Parameters
    ----------
    df
        A table with the built-in population's columns (at least those the domain reads).
    domain
        ``parenting``, ``tech_adoption``, ``budget``, ``lifestyle`` or ``general``.

    Raises
    ------
    ValidationError
        Unknown domain (with a suggestion).
    DataError
        Missing columns (all of them named) or an empty table.

    Examples
    --------
    >>> from synthpersona.population import generate
    >>> feats = derive_features(generate(1_000, random_state=0), "parenting")
    >>> "parental_concern_score" in feats.columns
    True
    """
    return derive_frame(df, domain)[0]


def build_features(df: pd.DataFrame, domain: str = "general") -> FeatureMatrix:
    """Build the weighted clustering matrix of ``domain`` for ``df``.

    Numeric inputs (derived features and a few raw columns) are standardised,
    the domain's categoricals one-hot encoded (dummies scaled by 1/sqrt(2)), and
    every column multiplied by its domain weight.

    Examples
    --------
    >>> from synthpersona.population import generate
    >>> fm = build_features(generate(2_000, random_state=0), "tech_adoption")
    >>> fm.X.dtype, fm.X.shape[0]
    (dtype('float32'), 2000)
    """
    domain = check_domain(domain)
    derived, reader = derive_frame(df, domain)
    spec = DOMAIN_SPECS[domain]
    pipeline = make_pipeline(domain)
    inputs_step: DomainInputs = pipeline.named_steps["inputs"]
    encode: ColumnTransformer = pipeline.named_steps["encode"]
    inputs = inputs_step.fit(df)._frame(df, reader)  # reuse the signals derive_frame computed
    encoded = encode.fit_transform(inputs)
    names = [str(n) for n in encode.get_feature_names_out()]
    col_w = np.array(
        [
            spec.numeric[n] if n in spec.numeric else spec.categorical[n.split("=", 1)[0]] * ONE_HOT_SCALE
            for n in names
        ],
        dtype=F32,
    )
    weights_step: ColumnWeights = pipeline.named_steps["weights"]
    weights_step.set_params(weights=tuple(float(w) for w in col_w))
    X = weights_step.fit(encoded).transform(encoded)
    imputed = {**reader.imputed, **inputs_step.imputed_}
    notes = [
        f"{col}: {count:,} missing or unreadable value(s) replaced"
        + (" by 0 (False)" if col in ("has_children", "emi_flag") else " by the column median")
        for col, count in sorted(imputed.items())
    ]
    weights = {**spec.numeric, **spec.categorical}
    return FeatureMatrix(
        X=np.ascontiguousarray(X, dtype=F32),
        feature_names=names,
        pipeline=pipeline,
        derived=derived,
        domain=domain,
        weights=weights,
        column_weights=col_w,
        notes=notes,
    )
