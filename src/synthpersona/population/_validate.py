"""Validation and coercion of user-supplied populations to the built-in columns and dtypes."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from synthpersona import schema as S
from synthpersona.errors import DataError, did_you_mean

# Columns that can be derived when a file lacks them.
# A file without household income (written before it existed) gets the person's own income,
# the least its household earns.
DERIVABLE = ("user_id", "income_level", "has_children", "household_income_inr", "household_income_level")
# Context columns a file may lack (written before they existed, or not collected): left unknown.
OPTIONAL = ("religion", "main_festival")
REQUIRED = tuple(c for c in S.COLUMNS if c not in DERIVABLE and c not in OPTIONAL)
# Open vocabularies: a user's population may cover other cities and states.
OPEN_CATEGORIES = ("city", "state")
INT_COLUMNS = (
    "user_id",
    "age",
    "monthly_income_inr",
    "household_income_inr",
    "num_children",
    "family_size",
    "device_count",
)
FLOAT_COLUMNS = ("daily_screen_hours", "online_shopping_freq", *S.SCORES, *S.INTERESTS)
UNIT_COLUMNS = (*S.SCORES, *S.INTERESTS)
RANGES: dict[str, tuple[float, float]] = {
    "age": (0, 120),
    "monthly_income_inr": (0, float("inf")),
    "household_income_inr": (0, float("inf")),
    "num_children": (0, 20),
    "family_size": (1, 50),
    "device_count": (0, 50),
    "daily_screen_hours": (0, 24),
    "online_shopping_freq": (0, float("inf")),
}


def _key(text: object) -> str:
    """Loose spelling key: case, spaces, hyphens and underscores ignored."""
    return re.sub(r"[\s_\-]+", "", str(text).strip().lower())


_TRUE = {_key(w) for w in S.TRUE_WORDS}
_FALSE = {_key(w) for w in S.FALSE_WORDS}


def _canonical_names(df: pd.DataFrame) -> pd.DataFrame:
    wanted = {_key(c): c for c in S.COLUMNS}
    rename = {}
    for col in df.columns:
        target = wanted.get(_key(col))
        if target is not None and col != target and target not in df.columns:
            rename[col] = target
    return df.rename(columns=rename) if rename else df


def _bad(column: str, message: str, **details: object) -> DataError:
    return DataError(f"Column {column!r}: {message}", details={"column": column, **details})


def _lookup(column: str) -> dict[str, str]:
    """Loose spelling -> allowed value, including former city names and tier spellings."""
    allowed = S.CATEGORICAL_VALUES[column]
    lookup = {_key(v): v for v in allowed}
    if column == "city":
        lookup.update({_key(alias): name for alias, name in S.CITY_ALIASES.items()})
    if column == "state":
        lookup[_key("Orissa")] = "Odisha"
    if column == "city_tier":
        lookup.update({_key(f"tier{i}"): f"Tier-{i}" for i in (1, 2, 3)})
        lookup.update({str(i): f"Tier-{i}" for i in (1, 2, 3)})
    if column == "parenting_stage":
        lookup.update({"": "None", "nan": "None", "na": "None", "nochildren": "None"})
    return lookup


def _coerce_categorical(values: pd.Series, column: str, source: str) -> pd.Categorical[str]:
    # Work on the distinct values only (factorize once): a million rows hold a few dozen labels.
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        labels = [str(c) for c in values.cat.categories]
    else:
        raw_codes, uniques = pd.factorize(values, use_na_sentinel=True)
        codes, labels = raw_codes, [str(u) for u in uniques]
    allowed = S.CATEGORICAL_VALUES[column]
    missing = codes < 0
    if missing.any():
        if column != "parenting_stage":
            count = int(missing.sum())
            raise _bad(
                column, f"{count} empty value(s) in {source}; fill them in or drop those rows.", missing=count
            )
        # An empty parenting stage means no children.
        labels = [*labels, "None"]
        codes = np.where(missing, len(labels) - 1, codes)
    used = np.bincount(codes, minlength=len(labels)) > 0
    lookup = _lookup(column)
    mapped = [lookup.get(_key(label), label) for label in labels]
    unknown = sorted({m for m, u in zip(mapped, used, strict=True) if u and m not in allowed})
    if unknown and column not in OPEN_CATEGORIES:
        shown = ", ".join(repr(u) for u in unknown[:5])
        raise _bad(
            column,
            f"value(s) {shown} in {source} are not allowed.{did_you_mean(unknown[0], allowed)} "
            f"Allowed: {', '.join(allowed)}.",
            bad_values=unknown[:20],
            allowed=list(allowed),
        )
    categories = [*allowed, *unknown]
    position = {c: i for i, c in enumerate(categories)}
    remap = np.array([position.get(m, 0) for m in mapped], dtype=np.int16)
    return pd.Categorical.from_codes(remap[codes], categories=pd.Index(categories))


def _coerce_bool(values: pd.Series, column: str, source: str) -> np.ndarray:
    if pd.api.types.is_bool_dtype(values) and not values.isna().any():
        return values.to_numpy(dtype=bool)
    keys = values.astype(object).map(lambda v: None if pd.isna(v) else _key(v))
    bad = sorted({k for k in keys.dropna().unique() if k not in _TRUE | _FALSE})
    if keys.isna().any() or bad:
        shown = ", ".join(repr(b) for b in bad[:5]) or "empty values"
        raise _bad(
            column, f"expected true/false (or yes/no, 1/0) in {source}, found {shown}.", bad_values=bad[:20]
        )
    return keys.isin(_TRUE).to_numpy(dtype=bool)


def _coerce_number(values: pd.Series, column: str, source: str, integer: bool) -> np.ndarray:
    numbers = pd.to_numeric(values, errors="coerce")
    bad_mask = numbers.isna() & values.notna()
    if bad_mask.any():
        shown = ", ".join(repr(v) for v in pd.unique(values[bad_mask].astype(str))[:5])
        raise _bad(
            column, f"expected numbers in {source}, found {shown}.", bad_values=list(values[bad_mask][:20])
        )
    if numbers.isna().any():
        count = int(numbers.isna().sum())
        raise _bad(
            column, f"{count} empty value(s) in {source}; fill them in or drop those rows.", missing=count
        )
    arr = numbers.to_numpy(dtype=np.float64)
    lo, hi = (0.0, 1.0) if column in UNIT_COLUMNS else RANGES.get(column, (-np.inf, np.inf))
    out_of_range = (arr < lo) | (arr > hi)
    if out_of_range.any():
        example = float(arr[out_of_range][0])
        count = int(out_of_range.sum())
        hint = " Scores and interests are affinities from 0 to 1." if column in UNIT_COLUMNS else ""
        raise _bad(
            column,
            f"{count} value(s) in {source} outside [{lo:g}, {hi:g}], e.g. {example:g}.{hint}",
            example=example,
        )
    if integer:
        wide = ("user_id", "monthly_income_inr", "household_income_inr")
        return np.round(arr).astype(np.int64 if column in wide else np.int32)
    return arr


def validate_population(df: pd.DataFrame, source: str = "the population") -> pd.DataFrame:
    """Check and coerce a population table to the built-in columns, dtypes and values.

    Parameters
    ----------
    df
        The table; column names are matched loosely (``City Tier`` -> ``city_tier``).
    source
        Name used in error messages (e.g. the file name).

    Returns
    -------
    pandas.DataFrame
        A new table with :data:`~synthpersona.population.COLUMNS` first (in order),
        then any extra columns.

    Raises
    ------
    DataError
        Empty table, missing columns (listed with close matches), unknown category
        values, non-numbers, values out of range or duplicate ``user_id``.

    Examples
    --------
    >>> from synthpersona.population import generate
    >>> raw = generate(20).astype({"city_tier": str}).rename(columns={"city_tier": "City Tier"})
    >>> validate_population(raw)["city_tier"].dtype.name
    'category'
    """
    if not isinstance(df, pd.DataFrame):
        raise DataError(f"Expected a table (pandas DataFrame), got {type(df).__name__}.")
    if len(df) == 0:
        raise DataError(f"{source} has no rows; a population needs at least one person.")
    df = _canonical_names(df)
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        extra = [str(c) for c in df.columns if c not in S.COLUMNS]
        hints = []
        for col in missing:
            hint = did_you_mean(col, extra).strip()
            hints.append(f"{col} ({hint})" if hint else col)
        raise DataError(
            f"{source} lacks {len(missing)} required column(s): {', '.join(hints)}. "
            "A population needs the built-in columns (see synthpersona.population.COLUMNS).",
            details={"missing": missing, "found": [str(c) for c in df.columns]},
        )
    out: dict[str, object] = {}
    for col in S.COLUMNS:
        if col not in df.columns:
            continue
        if col in S.CATEGORICAL_VALUES:
            out[col] = _coerce_categorical(df[col], col, source)
        elif col in S.BOOLEAN_COLUMNS:
            out[col] = _coerce_bool(df[col], col, source)
        else:
            out[col] = _coerce_number(df[col], col, source, integer=col in INT_COLUMNS)
    n = len(df)
    if "user_id" not in out:
        out["user_id"] = np.arange(1, n + 1, dtype=np.int64)
    elif pd.Series(out["user_id"]).duplicated().any():
        dup = pd.Series(out["user_id"])
        example = int(dup[dup.duplicated()].iloc[0])
        raise _bad(
            "user_id", f"duplicate ids in {source}, e.g. {example}; ids must be unique.", example=example
        )
    income = np.asarray(out["monthly_income_inr"])
    if "income_level" not in out:
        codes = (income >= S.INCOME_LOW_MAX).astype(np.int8) + (income > S.INCOME_MID_MAX).astype(np.int8)
        out["income_level"] = pd.Categorical.from_codes(codes, categories=pd.Index(list(S.INCOME_LEVELS)))
    if "household_income_inr" not in out:
        out["household_income_inr"] = income.astype(np.int64)
    if "household_income_level" not in out:
        household = np.asarray(out["household_income_inr"])
        codes = (household >= S.HOUSEHOLD_INCOME_LOW_MAX).astype(np.int8) + (
            household > S.HOUSEHOLD_INCOME_MID_MAX
        ).astype(np.int8)
        out["household_income_level"] = pd.Categorical.from_codes(
            codes, categories=pd.Index(list(S.INCOME_LEVELS))
        )
    if "has_children" not in out:
        out["has_children"] = np.asarray(out["num_children"]) > 0
    for col in OPTIONAL:
        if col not in out:
            out[col] = pd.Categorical([None] * n, categories=pd.Index(list(S.CATEGORICAL_VALUES[col])))
    result = pd.DataFrame({c: out[c] for c in S.COLUMNS}, index=pd.RangeIndex(n))
    extras = [c for c in df.columns if c not in S.COLUMNS]
    if extras:
        result = pd.concat([result, df[extras].reset_index(drop=True)], axis=1)
    return result
