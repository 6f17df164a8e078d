"""Vectorised computation of signals and derived features (float32, no per-row Python)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from synthpersona.errors import DataError, InputError, did_you_mean
from synthpersona.features._spec import DERIVED, DOMAIN_SPECS, DOMAINS, SCALED_SIGNALS, DerivedFeature
from synthpersona.schema import BOOLEAN_COLUMNS, FALSE_WORDS, TRUE_WORDS

F32 = np.float32
# an empty cell in a yes/no column of a population file reads as "no"
_TRUE = TRUE_WORDS
_FALSE = FALSE_WORDS | {""}


def check_domain(domain: str) -> str:
    """Return the canonical domain name or raise a InputError with a suggestion."""
    key = str(domain).strip().lower().replace("-", "_").replace(" ", "_")
    if key not in DOMAIN_SPECS:
        raise InputError(
            f"Unknown domain {domain!r}; choose one of {', '.join(DOMAINS)}."
            + did_you_mean(str(domain), DOMAINS),
            details={"domain": str(domain), "allowed": list(DOMAINS)},
        )
    return key


def _base_columns(signal: str) -> tuple[str, ...]:
    if signal in SCALED_SIGNALS:
        return SCALED_SIGNALS[signal][0]
    return (signal.removeprefix("1-"),)


def feature_inputs(feature: DerivedFeature) -> tuple[str, ...]:
    """Raw population columns a derived feature reads."""
    cols: list[str] = []
    for signal, _ in feature.terms:
        cols.extend(_base_columns(signal))
    if feature.gate:
        cols.append(feature.gate)
    return tuple(dict.fromkeys(cols))


def required_columns(domain: str) -> tuple[str, ...]:
    """Every raw column :func:`derive_features` and the domain's pipeline need."""
    spec = DOMAIN_SPECS[check_domain(domain)]
    cols: list[str] = []
    for name in spec.derived:
        cols.extend(SCALED_SIGNALS[name][0] if name in SCALED_SIGNALS else feature_inputs(DERIVED[name]))
    cols.extend(
        c for c in spec.numeric if c not in spec.derived and c not in DERIVED and c not in SCALED_SIGNALS
    )
    cols.extend(spec.categorical)
    return tuple(dict.fromkeys(cols))


def _as_bool(s: pd.Series) -> tuple[np.ndarray, int]:
    """0/1 float32 from a bool, numeric or text column, and the count of unreadable values."""
    if pd.api.types.is_bool_dtype(s.dtype):
        na = s.isna().to_numpy()
        return np.where(na, False, s.fillna(False).to_numpy(dtype=bool)).astype(F32), int(na.sum())
    if pd.api.types.is_numeric_dtype(s.dtype):
        v = s.to_numpy(dtype=np.float64, na_value=np.nan)
        bad = ~np.isfinite(v)
        return np.where(bad, 0.0, v != 0).astype(F32), int(bad.sum())
    text = s.astype("string").str.strip().str.lower()
    is_true = text.isin(_TRUE).fillna(False).to_numpy(dtype=bool)
    is_false = text.isin(_FALSE).fillna(False).to_numpy(dtype=bool)
    return is_true.astype(F32), int((~(is_true | is_false)).sum())


def _as_float(s: pd.Series) -> tuple[np.ndarray, int]:
    """float32 with NaN replaced by the column median; returns the array and the count of imputed values."""
    if pd.api.types.is_bool_dtype(s.dtype):
        return _as_bool(s)
    if not pd.api.types.is_numeric_dtype(s.dtype):
        s = pd.to_numeric(s, errors="coerce")
    v = s.to_numpy(dtype=np.float32, na_value=np.nan)
    bad = ~np.isfinite(v)
    n_bad = int(bad.sum())
    if n_bad:
        fill = np.nanmedian(np.where(bad, np.nan, v)) if n_bad < v.size else 0.0
        v = np.where(bad, F32(fill), v)
    return v, n_bad


class ColumnReader:
    """Reads raw columns once as float32 (imputing gaps) and computes signals on demand.

    ``imputed`` counts, per column, the values that were missing or unreadable.
    """

    def __init__(self, df: pd.DataFrame):
        self.df = df
        self.imputed: dict[str, int] = {}
        self._cache: dict[str, np.ndarray] = {}

    def column(self, name: str) -> np.ndarray:
        if name not in self._cache:
            s = self.df[name]
            arr, bad = _as_bool(s) if name in BOOLEAN_COLUMNS else _as_float(s)
            if bad:
                self.imputed[name] = bad
            self._cache[name] = arr
        return self._cache[name]

    def unit(self, name: str) -> np.ndarray:
        """A score or interest column clipped to [0, 1]."""
        key = f"unit:{name}"
        if key not in self._cache:
            self._cache[key] = np.clip(self.column(name), 0.0, 1.0)
        return self._cache[key]

    def signal(self, name: str) -> np.ndarray:
        """A named signal in [0, 1] (see ``SCALED_SIGNALS`` and :class:`DerivedFeature`)."""
        if name.startswith("1-"):
            return F32(1.0) - self.unit(name[2:])
        if name in BOOLEAN_COLUMNS:
            return self.column(name)
        if name not in SCALED_SIGNALS:
            return self.unit(name)
        key = f"signal:{name}"
        if key in self._cache:
            return self._cache[key]
        if name == "income_score":
            inc = np.maximum(self.column("monthly_income_inr"), 0.0)
            out = np.log1p(inc) - F32(np.log(1_000.0))
            out /= F32(np.log(500.0))
        elif name == "per_capita_income_score":
            inc = np.maximum(self.column("monthly_income_inr"), 0.0)
            per = inc / np.maximum(self.column("family_size"), 1.0)
            out = np.log1p(per) - F32(np.log(500.0))
            out /= F32(np.log(400.0))
        elif name == "device_score":
            out = (self.column("device_count") - F32(1.0)) / F32(7.0)
        elif name == "screen_score":
            out = self.column("daily_screen_hours") / F32(12.0)
        elif name == "shopping_score":
            out = np.log1p(np.maximum(self.column("online_shopping_freq"), 0.0)) / F32(np.log(21.0))
        elif name == "children_score":
            out = self.column("num_children") / F32(3.0)
        else:  # household_score
            out = (self.column("family_size") - F32(1.0)) / F32(7.0)
        out = np.clip(out.astype(F32, copy=False), 0.0, 1.0)
        self._cache[key] = out
        return out

    def derived(self, name: str) -> np.ndarray:
        """A derived feature or scaled signal, float32 in [0, 1]."""
        if name in SCALED_SIGNALS:
            return self.signal(name)
        feature = DERIVED[name]
        out = np.zeros(len(self.df), dtype=F32)
        for signal, weight in feature.terms:
            out += F32(weight) * self.signal(signal)
        if feature.gate:
            out *= self.column(feature.gate)
        return out


def check_columns(df: pd.DataFrame, columns: Iterable[str], domain: str) -> None:
    """Raise DataError naming every missing column."""
    if not isinstance(df, pd.DataFrame):
        raise DataError(f"Expected a pandas DataFrame, got {type(df).__name__}.")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataError(
            f"The table lacks column(s) {missing} needed by the {domain!r} features. "
            "Use a table with the built-in population's columns (synthpersona.population.COLUMNS) "
            "or pick another domain.",
            details={"missing": missing, "domain": domain},
        )
    if len(df) == 0:
        raise DataError("The table has no rows; nothing to derive features from.", details={"domain": domain})


def derive_frame(df: pd.DataFrame, domain: str) -> tuple[pd.DataFrame, ColumnReader]:
    """Derived features of ``domain`` as a float32 frame (index of ``df``) and the reader used."""
    domain = check_domain(domain)
    check_columns(df, required_columns(domain), domain)
    reader = ColumnReader(df)
    spec = DOMAIN_SPECS[domain]
    data = {name: reader.derived(name) for name in spec.derived}
    return pd.DataFrame(data, index=df.index, copy=False), reader
