"""The calibration targets shipped with the package and the calibration report."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.errors import DataError
from synthpersona.population._places import census, state_shares
from synthpersona.schema import CATEGORICAL_VALUES, STATES

TARGETS_FILE = "targets.json"


@dataclass(frozen=True)
class Target:
    """One calibrated figure: the share of rows where ``column`` has ``value`` (or is in a band)."""

    column: str
    label: str
    share: float
    source: str
    note: str
    band: tuple[int, int] | None = None

    @property
    def figure(self) -> str:
        return f"{self.column} = {self.label}" if self.band is None else f"{self.column} {self.label}"

    def mask(self, df: pd.DataFrame) -> np.ndarray:
        """Boolean mask of the rows counted by this figure."""
        col = df[self.column]
        if self.band is not None:
            values = col.to_numpy()
            return (values >= self.band[0]) & (values <= self.band[1])
        if pd.api.types.is_bool_dtype(col):
            return col.to_numpy(dtype=bool) == (self.label == "True")
        return (col == self.label).to_numpy(dtype=bool)


@lru_cache(maxsize=1)
def _raw_targets() -> dict[str, Any]:
    text = resources.files("synthpersona.population").joinpath(TARGETS_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@lru_cache(maxsize=1)
def targets() -> tuple[Target, ...]:
    """All calibrated figures of ``targets.json``, in file order.

    Examples
    --------
    >>> any(t.figure == "gender = Female" for t in targets())
    True
    """
    out: list[Target] = []
    for entry in _raw_targets()["figures"]:
        column, source, note = entry["column"], entry["source"], entry.get("note", "")
        if "bands" in entry:
            for label, share in entry["bands"].items():
                lo, hi = (int(x) for x in label.split("-"))
                out.append(Target(column, label, float(share), source, note, band=(lo, hi)))
        else:
            for label, share in entry["shares"].items():
                out.append(Target(column, label, float(share), source, note))
    out.extend(_state_targets(out))
    return tuple(out)


def _state_targets(figures: list[Target]) -> list[Target]:
    """State shares computed from the Census 2011 figures of ``census2011.json`` (see ``_places``)."""
    urban = next(t.share for t in figures if t.column == "area_type" and t.label == "Urban")
    source = census()["_source"]["population"].split(":")[0]
    note = (
        f"Urban residents ({urban:.0%}, the area_type target) spread like each state's urban population, "
        "the others like its rural population; at least 0.05 % per state or union territory so the "
        "smallest ones stay analysable. Computed from census2011.json."
    )
    shares = state_shares(urban)
    return [Target("state", s, float(v), source, note) for s, v in zip(STATES, shares, strict=True)]


def target_shares(column: str) -> np.ndarray:
    """Target share of every allowed value of a categorical ``column``, in schema order."""
    values = CATEGORICAL_VALUES[column]
    shares = {t.label: t.share for t in targets() if t.column == column}
    if set(shares) != set(values):
        raise DataError(f"targets.json must list every value of {column!r}.", details={"column": column})
    return np.array([shares[v] for v in values], dtype=np.float64)


def target_share(column: str, label: str) -> float:
    """The target share of one figure (e.g. ``("has_children", "True")``)."""
    for t in targets():
        if t.column == column and t.label == label:
            return t.share
    raise DataError(f"targets.json has no figure {column} = {label}.")


def target_bands(column: str) -> list[tuple[tuple[int, int], float]]:
    """``[((lo, hi), share), ...]`` of a banded figure such as ``age``."""
    return [(t.band, t.share) for t in targets() if t.column == column and t.band is not None]


def tolerance_pp() -> float:
    """The calibration tolerance in percentage points stated in ``targets.json``.

    Examples
    --------
    >>> tolerance_pp()
    2.0
    """
    return float(_raw_targets().get("tolerance_pp", 2.0))


def calibration_report(df: pd.DataFrame) -> pd.DataFrame:
    """Compare the marginals of a population with the shipped targets.

    Parameters
    ----------
    df
        A population with the built-in columns (at least the calibrated ones).

    Returns
    -------
    pandas.DataFrame
        One row per figure: ``figure``, ``target`` and ``actual`` (percent),
        ``diff_pp`` (actual - target, percentage points) and ``source``.

    Examples
    --------
    >>> from synthpersona.population import generate
    >>> report = calibration_report(generate(20_000, random_state=1))
    >>> bool((report["diff_pp"].abs() < 2).all())
    True
    """
    missing = sorted({t.column for t in targets()} - set(df.columns))
    if missing:
        raise DataError(
            f"Cannot compare with the targets: the population lacks column(s) {', '.join(missing)}.",
            details={"missing": missing},
        )
    if len(df) == 0:
        raise DataError("Cannot compare an empty population with the targets; generate at least one row.")
    rows = []
    for t in targets():
        actual = 100.0 * float(t.mask(df).mean())
        rows.append(
            {
                "figure": t.figure,
                "target": round(100.0 * t.share, 2),
                "actual": round(actual, 2),
                "diff_pp": round(actual - 100.0 * t.share, 2),
                "source": t.source,
            }
        )
    return pd.DataFrame(rows, columns=["figure", "target", "actual", "diff_pp", "source"])
