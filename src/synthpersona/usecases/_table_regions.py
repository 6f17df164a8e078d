"""Postal codes -> coarse, k-anonymous regions for the table use case (:mod:`synthpersona.usecases.tables`).

A postal code is personal data and never clustered; where its country is knowable, a
``COL (region)`` column beside it may be. :func:`with_postal_regions` adds them,
:func:`location_columns` finds columns that already say where a row is (then the regions
are reported but kept out of the features), :func:`report_regions` says what was derived,
from what, and how to override it in ``analysis.json``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from synthpersona._table_options import DEFAULT_K_ANONYMITY, TableOptions

if TYPE_CHECKING:
    import pandas as pd

    from synthpersona.tables import PostalRegions, TableAnalysis

__all__ = ["location_columns", "report_regions", "with_postal_regions"]


def with_postal_regions(df: pd.DataFrame, opts: TableOptions) -> tuple[pd.DataFrame, list[PostalRegions]]:
    """``df`` with a coarse ``COL (region)`` column beside each postal-code column whose country is
    knowable (:func:`synthpersona.tables.postal_regions`), and the rules used.

    Postal codes are personal data and never clustered; their region, k-anonymous, may
    be. A column the user gave another role (``roles``) is left alone.
    """
    from synthpersona.tables import country_of_column, detect_role, parse_role_overrides, postal_regions

    if opts.postal_country is not None and opts.postal_country.strip().casefold() == "none":
        return df, []
    overridden = set(parse_role_overrides(opts.roles)) if opts.roles else set()
    k = opts.k_anonymity or DEFAULT_K_ANONYMITY
    columns = [str(c) for c in df.columns]
    head = df.head(20_000)
    countries = [c for c in (country_of_column(col, head[col]) for col in columns) if c]
    column_country = countries[0] if len(set(countries)) == 1 else None
    rules = []
    for col in columns:
        if col in overridden or f"{col} (region)" in columns:
            continue
        if detect_role(col, head[col]).role != "postal_code":
            continue
        rule = postal_regions(col, df[col], k=k, country=opts.postal_country, column_country=column_country)
        if rule is not None:
            rules.append(rule)
    if not rules:
        return df, []
    return df.assign(**{r.name: r.apply(df[r.column]) for r in rules}), rules


# a column that already says where a row is (city, state, region...), in the languages of the exports
_LOCATION = re.compile(
    r"^(city|town|state|region|province|district|county|location|ort|stadt|bundesland|ville|departement|"
    r"ciudad|provincia|estado|cidade|citta|regione|miasto|woj|plaats|provincie|stad|lan|kunta|il|sehir)$"
    r"|city$|state$|region$|province$|город|област|регион|край|都道府県|市区町村|省份?|城市|지역|시도|도시|शहर|राज्य"
)


def location_columns(df: pd.DataFrame, rules: list[PostalRegions]) -> list[str]:
    """Columns (besides the postal codes and their regions) that already say where a row is."""
    from synthpersona.tables import norm_name

    skip = {r.column for r in rules} | {r.name for r in rules}
    out = []
    for col in (str(c) for c in df.columns):
        words = [norm_name(w) for w in re.split(r"[\s_\-/.:()]+", col) if w]
        if col not in skip and (
            any(_LOCATION.search(w) for w in words if w) or _LOCATION.search(col.casefold())
        ):
            out.append(col)
    return out


def report_regions(analysis: TableAnalysis, rules: list[PostalRegions], k: int, located: list[str]) -> None:
    """Each derived region column in ``analysis.json``: from what, how the country was known, the override.

    With a column that already locates the rows (``located``), the regions are kept out of
    the features (location would count twice) and reported so.
    """
    by_name = {r.name: r for r in rules}
    analysis.derived = [{**r.describe(k), "used": r.name in analysis.features} for r in rules]
    for col in analysis.columns:
        rule = by_name.get(col.column)
        if rule is None:
            continue
        col.evidence = "values"
        why = (
            f"kept out: {', '.join(repr(c) for c in located)} already says where a row is "
            f"(add it with --features)"
            if located and not col.used
            else col.reason
        )
        col.reason = (
            f"derived from the postal code {rule.column!r} ({rule.country}, known from {rule.how}): "
            f"its first {rule.depth} character(s), regions of fewer than {k} rows merged into "
            f"'other regions'; {why} (override: --postal-country XX, or none)"
        )
