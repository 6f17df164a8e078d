"""The scikit-learn preprocessing pipeline of a domain and the public ``build_features``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Self

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.pipeline import Pipeline

from synthpersona.features._derive import (
    ColumnReader,
    check_columns,
    check_domain,
    derive_frame,
    required_columns,
)
from synthpersona.features._screen import screen as screen_audience
from synthpersona.features._screen import screen_categoricals
from synthpersona.features._spec import DERIVED, DOMAIN_SPECS, SCALED_SIGNALS
from synthpersona.schema import CATEGORICAL_VALUES

F32 = np.float32
# Weight of a signal the screen added (``_screen.py``). A signal only joins when the audience shows
# groups on it (alone, on a pair's diagonal or on a leading component), so it counts double: at 1.0
# the domain's other signals and the demographics drowned joint groups (tuning5 split: mean ARI
# 0.29 at 1.0, 0.43 at 2.0; a 3-signal planted group at k=2: ARI 0.9 at 2.0; domain signals weighed
# up too made it 0.0, because the built-in population's income has a valley of its own).
SCREENED_WEIGHT = 2.0
# Dummies are scaled by 1/sqrt(2) so that two people in different categories are at distance 1
# (two columns differ by 1/sqrt(2) each), the same as one standard deviation of a numeric column.
ONE_HOT_SCALE = 1.0 / math.sqrt(2.0)
# Weight of a consumer categorical the categorical screen adds (:func:`screen_categoricals`): two
# people with different values are this far apart, more than a demographic's 0.3.
SCREENED_CATEGORICAL_WEIGHT = 1.0


class DomainInputs(TransformerMixin, BaseEstimator):
    """Turn a population table into the domain's clustering inputs (derived features + raw columns).

    Parameters
    ----------
    domain
        One of :data:`~synthpersona.features.DOMAINS`.
    extra
        Signals clustered beside the domain's (the screened ones, :func:`build_features`).
    extra_categorical
        Categorical columns one-hot encoded beside the domain's (the screened ones).
    """

    def __init__(
        self, domain: str = "general", extra: tuple[str, ...] = (), extra_categorical: tuple[str, ...] = ()
    ):
        self.domain = domain
        self.extra = extra
        self.extra_categorical = extra_categorical

    def fit(self, X: pd.DataFrame, y: Any = None) -> Self:
        domain = check_domain(self.domain)
        check_columns(X, self._needed(domain), domain)
        spec = DOMAIN_SPECS[domain]
        self.numeric_ = list(dict.fromkeys([*spec.numeric, *self.extra]))
        self.categorical_ = list(dict.fromkeys([*spec.categorical, *self.extra_categorical]))
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        domain = check_domain(self.domain)
        check_columns(X, self._needed(domain), domain)
        return self._frame(X, ColumnReader(X))

    def needed_columns(self) -> tuple[str, ...]:
        """The raw columns ``transform`` reads: the domain's and those behind the screened extras."""
        return self._needed(check_domain(self.domain))

    def _needed(self, domain: str) -> tuple[str, ...]:
        extra_raw = [c for s in self.extra for c in (SCALED_SIGNALS[s][0] if s in SCALED_SIGNALS else (s,))]
        return tuple(dict.fromkeys([*required_columns(domain), *extra_raw, *self.extra_categorical]))

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
        return self._fit_codes({str(c): _factorize(X[c]) for c in X.columns})

    def _fit_codes(self, factorized: dict[str, tuple[np.ndarray, list[Any]]]) -> Self:
        self.categories_: dict[str, list[str]] = {}
        for col, (_, uniques) in factorized.items():
            known = list(CATEGORICAL_VALUES.get(col, ()))
            extra = sorted({str(u) for u in uniques} - set(known))
            self.categories_[col] = known + extra
        self.feature_names_ = [f"{c}={v}" for c, vals in self.categories_.items() for v in vals]
        return self

    def transform(self, X: pd.DataFrame) -> np.ndarray:
        out = np.zeros((len(X), len(self.feature_names_)), dtype=F32)
        self.fill(X, out, 0, np.ones(len(self.feature_names_), dtype=F32))
        return out

    def fill(self, X: pd.DataFrame, out: np.ndarray, offset: int, values: np.ndarray) -> None:
        """Write ``values[j]`` into column ``offset + j`` of ``out`` for each row's category ``j``.

        ``out`` must be a zeroed C-contiguous float32 matrix; writing in place avoids
        building and stacking a separate dummy block (a large copy at a million rows).
        """
        self._fill_codes({c: _factorize(X[c]) for c in self.categories_}, out, offset, values)

    def _fill_codes(
        self,
        factorized: dict[str, tuple[np.ndarray, list[Any]]],
        out: np.ndarray,
        offset: int,
        values: np.ndarray,
    ) -> None:
        n, width = out.shape
        flat = out.reshape(-1)
        base = np.arange(n, dtype=np.int64) * width + offset
        start = 0
        for col, cats in self.categories_.items():
            codes, uniques = factorized[col]
            position = {v: i for i, v in enumerate(cats)}
            # Map each distinct value once, then every row by integer indexing; -1 (NaN/unknown) stays 0.
            lookup = np.array([position.get(str(u), -1) for u in uniques] + [-1], dtype=np.int64)
            mapped = lookup[codes]
            ok = mapped >= 0
            if ok.all():
                flat[base + start + mapped] = values[start + mapped]
            else:
                flat[base[ok] + start + mapped[ok]] = values[start + mapped[ok]]
            start += len(cats)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray(self.feature_names_, dtype=object)


class WeightedEncoder(TransformerMixin, BaseEstimator):
    """Standardise numerics, one-hot encode categoricals and apply the domain weights, in one matrix.

    Numeric column ``c``: ``(x - mean) / std * weight[c]`` (std of 0 counts as 1, as in
    scikit-learn's ``StandardScaler``). Categorical column ``c``: one dummy per value,
    ``weight[c] / sqrt(2)`` for the row's value and 0 elsewhere, so two people in
    different categories are ``weight[c]`` apart.

    Parameters
    ----------
    numeric_weights, categorical_weights
        Column name → weight.
    """

    def __init__(
        self,
        numeric_weights: dict[str, float] | None = None,
        categorical_weights: dict[str, float] | None = None,
    ):
        self.numeric_weights = numeric_weights
        self.categorical_weights = categorical_weights

    def fit(self, X: pd.DataFrame, y: Any = None) -> Self:
        cat = list(self.categorical_weights or {})
        return self._fit(X, {c: _factorize(X[c]) for c in cat})

    def fit_transform(self, X: pd.DataFrame, y: Any = None, **fit_params: Any) -> np.ndarray:
        # Factorise each categorical column once for both steps (the costly part on text columns).
        factorized = {c: _factorize(X[c]) for c in (self.categorical_weights or {})}
        return self._fit(X, factorized)._transform(X, factorized)

    def _fit(self, X: pd.DataFrame, factorized: dict[str, tuple[np.ndarray, list[Any]]]) -> Self:
        num = dict(self.numeric_weights or {})
        cat = dict(self.categorical_weights or {})
        self.numeric_ = list(num)
        self.mean_ = np.array([np.mean(X[c].to_numpy(), dtype=np.float64) for c in self.numeric_])
        std = np.array([np.std(X[c].to_numpy(), dtype=np.float64) for c in self.numeric_])
        self.scale_ = np.where(std > 0, std, 1.0)
        self.onehot_ = CategoryOneHot()._fit_codes(factorized)
        names = self.numeric_ + self.onehot_.feature_names_
        weights = [num[c] for c in self.numeric_] + [
            cat[n.split("=", 1)[0]] * ONE_HOT_SCALE for n in self.onehot_.feature_names_
        ]
        self.feature_names_ = names
        self.column_weights_ = np.asarray(weights, dtype=F32)
        return self

    def transform(self, X: pd.DataFrame) -> np.ndarray:
        return self._transform(X, {c: _factorize(X[c]) for c in self.onehot_.categories_})

    def _transform(self, X: pd.DataFrame, factorized: dict[str, tuple[np.ndarray, list[Any]]]) -> np.ndarray:
        m = len(self.numeric_)
        out = np.zeros((len(X), len(self.feature_names_)), dtype=F32)
        for j, col in enumerate(self.numeric_):
            factor = F32(self.column_weights_[j] / self.scale_[j])
            out[:, j] = (X[col].to_numpy(dtype=F32) - F32(self.mean_[j])) * factor
        self.onehot_._fill_codes(factorized, out, m, self.column_weights_[m:])
        return out

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray(self.feature_names_, dtype=object)


def make_pipeline(
    domain: str,
    extra: tuple[str, ...] = (),
    weights: dict[str, float] | None = None,
    extra_categorical: tuple[str, ...] = (),
) -> Pipeline:
    """The unfitted preprocessing pipeline of ``domain``: inputs → scale / one-hot / weights.

    ``extra``: signals clustered beside the domain's, at weight :data:`SCREENED_WEIGHT`;
    ``extra_categorical``: categoricals one-hot encoded at :data:`SCREENED_CATEGORICAL_WEIGHT`
    (a domain categorical among them is raised to it).

    Examples
    --------
    >>> from synthpersona.population import generate
    >>> df = generate(500, random_state=0)
    >>> X = make_pipeline("budget").fit_transform(df)
    >>> X.shape[0]
    500
    """
    domain = check_domain(domain)
    spec = DOMAIN_SPECS[domain]
    numeric = {**spec.numeric, **{s: SCREENED_WEIGHT for s in extra if s not in spec.numeric}}
    numeric.update({s: w for s, w in (weights or {}).items() if s in numeric})
    categorical = {**spec.categorical, **{c: SCREENED_CATEGORICAL_WEIGHT for c in extra_categorical}}
    encoder = WeightedEncoder(numeric, categorical)
    extra = tuple(s for s in extra if s not in spec.numeric)
    inputs = DomainInputs(domain, extra, tuple(c for c in extra_categorical if c not in spec.categorical))
    return Pipeline([("inputs", inputs), ("encode", encoder)])


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
        Data repairs, e.g. how many missing values were imputed; the signals the screen added.
    screened
        Signals outside the domain's list that carry segment structure in these rows and were
        added to the clustering inputs (:func:`~synthpersona.features._screen.screen_signals`).
    """

    X: np.ndarray
    feature_names: list[str]
    pipeline: Pipeline
    derived: pd.DataFrame
    domain: str
    weights: dict[str, float]
    column_weights: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=F32))
    notes: list[str] = field(default_factory=list)
    screened: tuple[str, ...] = ()


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
    InputError
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


def lead_weights(numeric: dict[str, float], structured: tuple[str, ...]) -> dict[str, float]:
    """The domain's numeric weights, with its ``structured`` signals raised to :data:`SCREENED_WEIGHT`.

    A domain signal is clustered on whatever the audience, but one the screen finds groups on
    (:func:`~synthpersona.features._screen.screen`) counts as much as a signal the screen adds:
    at weight 1 beside a dozen structureless signals, a planted one-signal segment lost to
    splits of the others (heldout6, seen: ARI 0.00 on three such audiences). Fading the
    structureless domain signals as well was measured and dropped (tuning5: 0.55 -> 0.42).
    """
    return {s: max(w, SCREENED_WEIGHT) if s in structured else w for s, w in numeric.items()}


def build_features(
    df: pd.DataFrame, domain: str = "general", *, screen: bool = True, compared: tuple[str, ...] = ()
) -> FeatureMatrix:
    """Build the weighted clustering matrix of ``domain`` for ``df``.

    Numeric inputs (derived features and a few raw columns) are standardised,
    the domain's categoricals one-hot encoded (dummies scaled by 1/sqrt(2)), and
    every column multiplied by its domain weight. With ``screen`` (the default), any
    other consumer signal whose distribution in ``df`` shows segment structure (a valley
    between two modes, :func:`~synthpersona.features._screen.valley_ratio`) joins the
    inputs: the data, not only the goal's vocabulary, decides what is clustered on. The
    same rows always give the same columns. ``compared``: demographics the goal asks to compare
    ("men vs women"); the screen does not discount structure they explain.

    Examples
    --------
    >>> from synthpersona.population import generate
    >>> fm = build_features(generate(2_000, random_state=0), "tech_adoption")
    >>> fm.X.dtype, fm.X.shape[0]
    (dtype('float32'), 2000)
    """
    use_screen = screen
    domain = check_domain(domain)
    derived, reader = derive_frame(df, domain)
    spec = DOMAIN_SPECS[domain]
    added, structured = screen_audience(reader, tuple(spec.numeric), compared) if use_screen else ([], [])
    extra = tuple(added)
    numeric = lead_weights(dict(spec.numeric), tuple(structured))
    # a consumer categorical that goes with the structure joins (emi_flag: unless the domain counts it)
    cats = tuple(
        c
        for c in (screen_categoricals(reader, [*added, *structured]) if use_screen else [])
        if c not in numeric
    )
    pipeline = make_pipeline(domain, extra, numeric, cats)
    inputs_step: DomainInputs = pipeline.named_steps["inputs"]
    encoder: WeightedEncoder = pipeline.named_steps["encode"]
    inputs = inputs_step.fit(df)._frame(df, reader)  # reuse the signals derive_frame computed
    X = encoder.fit_transform(inputs)
    names = list(encoder.feature_names_)
    col_w = encoder.column_weights_
    imputed = {**reader.imputed, **inputs_step.imputed_}
    notes = [
        f"{col}: {count:,} missing or unreadable value(s) replaced"
        + (" by 0 (False)" if col in ("has_children", "emi_flag") else " by the column median")
        for col, count in sorted(imputed.items())
    ]
    if extra:
        notes.append(
            f"Added {len(extra)} signal(s) outside the {domain!r} features because they show segment "
            f"structure in these people (two groups at different levels): {', '.join(extra)}."
        )
    if structured:
        notes.append(
            f"Weighed up {len(structured)} of the {domain!r} features to {SCREENED_WEIGHT:g} because they "
            f"show segment structure in these people: {', '.join(structured)}."
        )
    if cats:
        notes.append(
            f"Added {len(cats)} consumer categorical(s) at weight {SCREENED_CATEGORICAL_WEIGHT:g} because "
            f"they go with the segment structure in these people: {', '.join(cats)}."
        )
    weights = {
        **numeric,
        **{s: SCREENED_WEIGHT for s in extra},
        **spec.categorical,
        **{c: SCREENED_CATEGORICAL_WEIGHT for c in cats},
    }
    return FeatureMatrix(
        X=np.ascontiguousarray(X, dtype=F32),
        feature_names=names,
        pipeline=pipeline,
        derived=derived,
        domain=domain,
        weights=weights,
        column_weights=col_w,
        notes=notes,
        screened=extra,
    )
